"""The ground of each box: a negative-list category (条例 arts. 14–16) or one of its items, and what the
部分公开 reply says of it."""

from __future__ import annotations

from app.negative_list.taxonomy import category

# The ground proposed for each kind of finding; the clerk may change it box by box.
DEFAULT_GROUNDS = {
    "id_number": "personal_privacy",
    "mobile": "personal_privacy",
    "landline": "personal_privacy",
    "bank_card": "personal_privacy",
    "email": "personal_privacy",
    "address": "personal_privacy",
    "name": "personal_privacy",
    "credit_code": "trade_secret",
    "term": "other",
    "manual": "personal_privacy",
}


def default_ground(kind: str) -> str:
    return DEFAULT_GROUNDS.get(kind, "personal_privacy")


def article_of(ground: str) -> str:
    """第十五条 … for a category code (its label when the category names no article)."""
    cat = category(ground)
    return cat.article or cat.label


def ground_label(ground: str) -> str:
    """第十五条（个人隐私） for a category code."""
    cat = category(ground)
    return f"{cat.article}（{cat.label}）" if cat.article else cat.label


def ground_choices(session) -> list[tuple[str, str, int | None]]:
    """(category code, label, negative-list item id or None): the articles, then every item in force."""
    from sqlalchemy import select

    from app.negative_list.items import IN_FORCE
    from app.negative_list.taxonomy import categories
    from app.storage.models.negative_list import NegativeItem

    out: list[tuple[str, str, int | None]] = [(c.code, ground_label(c.code), None) for c in categories()]
    items = session.execute(select(NegativeItem).where(NegativeItem.deleted.is_(False),
                                                       NegativeItem.status.in_(IN_FORCE))
                            .order_by(NegativeItem.id)).scalars()
    out += [(i.category, f"负面清单：{i.name}（{i.basis_article}）", i.id) for i in items]
    return out
