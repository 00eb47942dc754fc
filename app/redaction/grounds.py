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
