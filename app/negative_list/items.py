"""The negative list (负面清单): items with their legal basis (条例 arts. 14–16), versions, citations, reviews.

Citation rule (decided here, see docs/area-interfaces.md): items can be cited by an application whose
outcome is a refusal (`denied_*`), a partial disclosure (`partial`), or that is still open (outcome NULL)
— the close dialog cites the items in the same unit of work that records the refusal. For a `denied_*`
outcome every cited item must belong to a category that supports that outcome (or to "其他"). Released
items (已解除) cannot be cited any more; existing citations stay.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import audit
from app.core.profile import own_office_id
from app.domain import dates
from app.errors import ConflictError, NotFoundError, ValidationError
from app.negative_list.match import rank
from app.negative_list.taxonomy import (
    REGULATION,
    article_text,
    categories,
    categories_for_outcome,
    category,
    status_code,
    status_labels,
)
from app.storage.base import new_uuid, utcnow
from app.storage.models.negative_list import (
    ApplicationNegativeItem,
    NegativeItem,
    NegativeItemVersion,
)
from app.storage.models.register import Application

# Content fields: what a version snapshot holds and what create/update accept.
CONTENT_FIELDS = (
    "name", "category", "basis_law", "basis_article", "basis_text", "scope", "responsible_unit",
    "decided_on", "approver", "review_cycle_months", "next_review_on", "last_reviewed_on", "status",
    "keywords", "notes",
)
DATE_FIELDS = ("decided_on", "next_review_on", "last_reviewed_on")
IN_FORCE = ("active", "adjusted")

# The register's table: decisions cite applications by id.
APPLICATION = Application.__table__


# -- results --------------------------------------------------------------------------------------
@dataclass
class ItemInfo:
    id: int
    uuid: str
    office_id: int
    name: str
    category: str
    category_label: str
    basis_law: str
    basis_article: str
    basis_text: str
    scope: str | None
    responsible_unit: str | None
    decided_on: dt.date | None
    approver: str | None
    review_cycle_months: int
    next_review_on: dt.date | None
    last_reviewed_on: dt.date | None
    status: str
    status_label: str
    keywords: list[str]
    notes: str | None
    version: int
    updated_at: dt.datetime
    deleted: bool


@dataclass
class ItemVersionInfo:
    version: int
    data: dict
    valid_from: dt.datetime
    replaced_at: dt.datetime
    replaced_by: str | None
    reason: str | None


@dataclass
class ItemSuggestion:
    item_id: int
    name: str
    category: str
    basis_text: str
    score: float
    category_label: str = ""
    basis_law: str = ""
    basis_article: str = ""


@dataclass
class LegalBasisText:
    """One basis a reply letter cites: 《law》article, the item it rests on, and the article text."""

    law: str
    article: str
    text: str
    item: str  # 事项名称
    item_id: int
    category: str
    category_label: str

    @property
    def citation(self) -> str:
        return f"{self.law}{self.article}"


@dataclass
class CitedDecision:
    application_id: int
    serial: str | None
    received_on: dt.date | None
    content: str | None
    outcome: str | None
    replied_on: dt.date | None
    cited_at: dt.datetime
    cited_by: str | None


@dataclass
class ReviewInfo:
    id: int
    item_id: int
    reviewed_on: dt.date
    decision: str
    decision_label: str
    note: str | None
    reviewer: str
    next_review_on: dt.date | None


@dataclass
class ReviewResult:
    item: ItemInfo
    review: ReviewInfo
    # For a release (art. 18: information that can now be disclosed shall be disclosed): the data of a
    # catalogue entry, for the catalogue's create function or its editor.
    catalogue_prefill: dict | None = None
    catalogue_entry: object | None = None


# -- helpers ----------------------------------------------------------------------------------------
def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus whole months, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    next_first = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = (next_first - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


parse_date = dates.parse_date  # one reading of written dates for every service


def split_keywords(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        parts = re.split(r"[，,、；;\s]+", value)
    else:
        parts = [str(v) for v in value]
    seen: list[str] = []
    for part in (p.strip() for p in parts):
        if part and part not in seen:
            seen.append(part)
    return seen


def clean_field(value, label: str, max_len: int, *, required: bool = False) -> str | None:
    """Trimmed text of a form field, None when empty; refused when required and empty or too long."""
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise ValidationError(f"请填写{label}。")
    if len(text) > max_len:
        raise ValidationError(f"{label}过长（最多{max_len}个字）。")
    return text or None


def operator_name(session: Session) -> str:
    """Who is working in this unit of work (the audit trail's operator)."""
    return session.info.get("operator") or "系统"


def load_item(session: Session, item_id: int, *, include_deleted: bool = False) -> NegativeItem:
    """The item by id; NotFoundError in Chinese when missing (or deleted, unless asked for)."""
    item = session.get(NegativeItem, item_id)
    if item is None or (item.deleted and not include_deleted):
        raise NotFoundError(f"负面清单事项（编号{item_id}）不存在。")
    return item


def item_info(item: NegativeItem) -> ItemInfo:
    cat = category(item.category)
    return ItemInfo(
        id=item.id, uuid=item.uuid, office_id=item.office_id, name=item.name, category=item.category,
        category_label=cat.label, basis_law=item.basis_law, basis_article=item.basis_article,
        basis_text=item.basis_text, scope=item.scope, responsible_unit=item.responsible_unit,
        decided_on=item.decided_on, approver=item.approver, review_cycle_months=item.review_cycle_months,
        next_review_on=item.next_review_on, last_reviewed_on=item.last_reviewed_on, status=item.status,
        status_label=status_labels()[item.status], keywords=split_keywords(item.keywords), notes=item.notes,
        version=item.version, updated_at=item.updated_at, deleted=item.deleted,
    )


def item_content(item: NegativeItem) -> dict:
    """The fields that make up an item's version (what a change, review or import compares)."""
    return {name: getattr(item, name) for name in CONTENT_FIELDS}


def _snapshot(content: Mapping) -> dict:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in content.items()}


def validate(data: Mapping, *, today: dt.date | None = None) -> dict:
    """Normalized content fields from `data`; ValidationError naming the first problem.

    Fills what follows from the category: the regulation as law, its article, and the verbatim article
    text (resources/negative_list/categories.json), and the next review date from the review cycle.
    """
    out: dict = {}
    out["name"] = clean_field(data.get("name"), "事项名称", 300, required=True)
    cat = category(data.get("category") or "")
    out["category"] = cat.code
    law = clean_field(data.get("basis_law"), "依据法规", 200) or (REGULATION if cat.article else None)
    if not law:
        raise ValidationError("类别为“其他”的事项须填写具体依据（法律法规名称、条款和条文内容）。")
    if not law.startswith("《"):
        law = f"《{law.strip('《》')}》"
    out["basis_law"] = law
    article = clean_field(data.get("basis_article"), "依据条款", 100)
    if law == REGULATION and cat.article:
        article = article or cat.article
        # arts. 14–16: each category rests on its own article (and paragraph of art. 16).
        if not (article.startswith(cat.article) or cat.article.startswith(article)):
            raise ValidationError(
                f"类别“{cat.label}”的依据应为条例{cat.article}，不是{article}。"
            )
    if not article:
        raise ValidationError("请填写依据条款（如“第十五条”）。")
    out["basis_article"] = article
    basis_text = clean_field(data.get("basis_text"), "依据条文", 4000)
    if not basis_text and law == REGULATION:
        basis_text = article_text(article) or (cat.text if cat.article and cat.article.startswith(article) else None)
    if not basis_text:
        raise ValidationError("请填写依据条文内容。")
    out["basis_text"] = basis_text
    out["scope"] = clean_field(data.get("scope"), "适用范围", 4000)
    out["responsible_unit"] = clean_field(data.get("responsible_unit"), "责任单位", 200)
    out["approver"] = clean_field(data.get("approver"), "批准人", 100)
    out["notes"] = clean_field(data.get("notes"), "备注", 4000)
    for name, label in (("decided_on", "确定日期"), ("next_review_on", "下次复核日期"),
                        ("last_reviewed_on", "上次复核日期")):
        out[name] = parse_date(data.get(name), label)
    cycle = data.get("review_cycle_months")
    try:
        cycle = 12 if cycle in (None, "") else int(cycle)
    except (TypeError, ValueError):
        raise ValidationError(f"复核周期“{cycle}”无效，应为1至60之间的月数。") from None
    if not 1 <= cycle <= 60:
        raise ValidationError(f"复核周期“{cycle}”无效，应为1至60之间的月数。")
    out["review_cycle_months"] = cycle
    out["status"] = status_code(data.get("status") or "active")
    if out["next_review_on"] is None and out["status"] in IN_FORCE:
        start = out["last_reviewed_on"] or out["decided_on"] or today or dt.date.today()
        out["next_review_on"] = add_months(start, cycle)
    keywords = split_keywords(data.get("keywords"))
    out["keywords"] = "、".join(keywords) or None
    if out["keywords"] and len(out["keywords"]) > 2000:
        raise ValidationError("关键词过长（最多2000个字）。")
    return out


# -- CRUD -------------------------------------------------------------------------------------------
def create_item(session: Session, data: Mapping, *, office_id: int | None = None,
                uuid: str | None = None) -> ItemInfo:
    """Add an item (audited). `data` uses the CONTENT_FIELDS names; category by code or label."""
    fields = validate(data)
    now = utcnow()
    item = NegativeItem(
        uuid=uuid or new_uuid(), office_id=office_id or own_office_id(session),
        version=1, created_at=now, updated_at=now, deleted=False, **fields,
    )
    session.add(item)
    audit.record(session, item, "create")
    return item_info(item)


def apply_change(session: Session, item: NegativeItem, fields: Mapping, *, reason: str | None,
                 action: str = "update") -> bool:
    """Store the previous state as a version, then change the item; False when nothing changed."""
    old = item_content(item)
    new = {**old, **fields}
    if new == old:
        return False
    version = NegativeItemVersion(
        item_id=item.id, version=item.version, data=_snapshot(old), valid_from=item.updated_at,
        replaced_at=utcnow(), replaced_by=operator_name(session), reason=reason,
    )
    session.add(version)
    for name, value in fields.items():
        setattr(item, name, value)
    item.version += 1
    item.updated_at = utcnow()
    audit.record(session, version, "create")
    audit.record(session, item, action, note=reason)
    return True


def update_item(session: Session, item_id: int, changes: Mapping, *, reason: str | None = None) -> ItemInfo:
    """Change an item: the previous state goes to its version history; the change is audited."""
    item = load_item(session, item_id)
    merged = {**item_content(item), **dict(changes)}
    if "category" in changes and "basis_article" not in changes and item.basis_law == REGULATION:
        # A new category brings its own article and text unless the clerk gave them.
        merged["basis_article"] = None
        if "basis_text" not in changes:
            merged["basis_text"] = None
    if "review_cycle_months" in changes and "next_review_on" not in changes:
        merged["next_review_on"] = None  # recomputed from the new cycle
    fields = validate(merged)
    apply_change(session, item, fields, reason=reason or "修改")
    return item_info(item)


def delete_item(session: Session, item_id: int) -> None:
    """Mark an item deleted (kept for interchange and history); refused while decisions cite it."""
    item = load_item(session, item_id)
    cited = session.execute(
        select(sa.func.count()).select_from(ApplicationNegativeItem).where(ApplicationNegativeItem.item_id == item.id)
    ).scalar_one()
    if cited:
        raise ConflictError(f"事项“{item.name}”已被{cited}件申请的答复引用，不能删除；如已不需保密，请在复核中解除。")
    item.deleted = True
    item.updated_at = utcnow()
    audit.record(session, item, "delete_mark")


def get_item(session: Session, item_id: int) -> ItemInfo:
    return item_info(load_item(session, item_id))


def list_items(session: Session, *, office_id: int | None = None, category_code: str | None = None,
               status: str | None = None, due_on: dt.date | None = None, text: str | None = None,
               include_deleted: bool = False) -> list[ItemInfo]:
    """Items ordered by category then name. `due_on`: only items in force due for review by that date."""
    query = select(NegativeItem)
    if not include_deleted:
        query = query.where(NegativeItem.deleted.is_(False))
    if office_id is not None:
        query = query.where(NegativeItem.office_id == office_id)
    if category_code:
        query = query.where(NegativeItem.category == category(category_code).code)
    if status:
        query = query.where(NegativeItem.status == status_code(status))
    if due_on is not None:
        query = query.where(
            NegativeItem.status.in_(IN_FORCE),
            sa.or_(NegativeItem.next_review_on.is_(None), NegativeItem.next_review_on <= due_on),
        )
    if text:
        like = f"%{text.strip()}%"
        query = query.where(sa.or_(NegativeItem.name.like(like), NegativeItem.keywords.like(like),
                                   NegativeItem.scope.like(like)))
    items = session.execute(query).scalars().all()
    order = {c.code: i for i, c in enumerate(categories())}
    infos = [item_info(i) for i in items]
    infos.sort(key=lambda i: (order.get(i.category, 99), i.name, i.id))
    return infos


def item_versions(session: Session, item_id: int) -> list[ItemVersionInfo]:
    """Every previous state of the item, newest first."""
    load_item(session, item_id, include_deleted=True)
    rows = session.execute(
        select(NegativeItemVersion).where(NegativeItemVersion.item_id == item_id)
        .order_by(NegativeItemVersion.version.desc())
    ).scalars()
    return [ItemVersionInfo(r.version, dict(r.data), r.valid_from, r.replaced_at, r.replaced_by, r.reason)
            for r in rows]


# -- decisions --------------------------------------------------------------------------------------
def _application(session: Session, application_id: int):
    row = session.execute(select(APPLICATION).where(APPLICATION.c.id == application_id)).first()
    if row is None:
        raise NotFoundError(f"申请（编号{application_id}）不存在。")
    return row


def check_citable(outcome: str | None, items: Iterable[NegativeItem]) -> None:
    """ValidationError/ConflictError unless `items` may support a decision with `outcome`."""
    if outcome is not None and outcome != "partial" and not outcome.startswith("denied_"):
        raise ConflictError("只有不予公开或部分公开的申请才能引用负面清单事项。")
    for item in items:
        if item.deleted:
            raise ConflictError(f"事项“{item.name}”已删除，不能引用。")
        if item.status not in IN_FORCE:
            raise ConflictError(f"事项“{item.name}”已解除，不能再作为不予公开的依据。")
        if outcome and outcome.startswith("denied_") and item.category != "other":
            if item.category not in categories_for_outcome(outcome):
                cat = category(item.category)
                raise ValidationError(
                    f"事项“{item.name}”属于“{cat.label}”（条例{cat.article}），与本申请的不予公开理由不一致。"
                )


def cite_items(session: Session, application_id: int, item_ids: list[int]) -> None:
    """Set the items a refusal or partial disclosure rests on (replacing earlier citations); audited."""
    app_row = _application(session, application_id)
    wanted: list[int] = list(dict.fromkeys(int(i) for i in item_ids))
    items = [load_item(session, i, include_deleted=True) for i in wanted]
    existing = {
        link.item_id: link
        for link in session.execute(
            select(ApplicationNegativeItem).where(ApplicationNegativeItem.application_id == application_id)
        ).scalars()
    }
    check_citable(app_row.outcome, [i for i in items if i.id not in existing])
    for item_id, link in existing.items():
        if item_id not in wanted:
            audit.record_delete(session, link)
            session.delete(link)
    for item in items:
        if item.id not in existing:
            link = ApplicationNegativeItem(application_id=application_id, item_id=item.id,
                                           cited_at=utcnow(), cited_by=operator_name(session))
            session.add(link)
            audit.record(session, link, "create")
    session.flush()


def cited_item_ids(session: Session, application_id: int) -> list[int]:
    return list(session.execute(
        select(ApplicationNegativeItem.item_id).where(ApplicationNegativeItem.application_id == application_id)
        .order_by(ApplicationNegativeItem.id)
    ).scalars())


def cited_bases(session: Session, application_id: int) -> list[LegalBasisText]:
    """The legal bases the reply letter of the application cites, in citation order."""
    rows = session.execute(
        select(NegativeItem).join(ApplicationNegativeItem, ApplicationNegativeItem.item_id == NegativeItem.id)
        .where(ApplicationNegativeItem.application_id == application_id).order_by(ApplicationNegativeItem.id)
    ).scalars()
    result = []
    for item in rows:
        cat = category(item.category)
        result.append(LegalBasisText(law=item.basis_law, article=item.basis_article, text=item.basis_text,
                                     item=item.name, item_id=item.id, category=item.category,
                                     category_label=cat.label))
    return result


def decisions_for_item(session: Session, item_id: int) -> list[CitedDecision]:
    """The applications whose decision cited the item, newest citation first."""
    load_item(session, item_id, include_deleted=True)
    rows = session.execute(
        select(APPLICATION, ApplicationNegativeItem.cited_at, ApplicationNegativeItem.cited_by)
        .join(ApplicationNegativeItem, ApplicationNegativeItem.application_id == APPLICATION.c.id)
        .where(ApplicationNegativeItem.item_id == item_id)
        .order_by(ApplicationNegativeItem.cited_at.desc(), ApplicationNegativeItem.id.desc())
    ).all()
    return [CitedDecision(r.id, r.serial, r.received_on, r.content, r.outcome, r.replied_on, r.cited_at,
                          r.cited_by) for r in rows]


def citation_counts(session: Session) -> dict[int, int]:
    rows = session.execute(
        select(ApplicationNegativeItem.item_id, sa.func.count()).group_by(ApplicationNegativeItem.item_id)
    ).all()
    return {item_id: n for item_id, n in rows}


def suggest_items(session: Session, text: str, limit: int = 5, *, office_id: int | None = None,
                  outcome: str | None = None) -> list[ItemSuggestion]:
    """Items in force ranked by how much the application's content shares with their name, keywords, scope.

    `outcome` (a `denied_*` code) narrows to the categories that support it.
    """
    query = select(NegativeItem).where(NegativeItem.deleted.is_(False), NegativeItem.status.in_(IN_FORCE))
    if office_id is not None:
        query = query.where(NegativeItem.office_id == office_id)
    if outcome and outcome.startswith("denied_"):
        query = query.where(NegativeItem.category.in_(categories_for_outcome(outcome) | {"other"}))
    items = {i.id: i for i in session.execute(query).scalars()}
    ranked = rank(text, ((i.id, {"name": i.name, "keywords": i.keywords or "", "scope": i.scope or ""})
                         for i in items.values()), limit)
    result = []
    for item_id, score in ranked:
        item = items[item_id]
        result.append(ItemSuggestion(item_id=item.id, name=item.name, category=item.category,
                                     basis_text=item.basis_text, score=score,
                                     category_label=category(item.category).label,
                                     basis_law=item.basis_law, basis_article=item.basis_article))
    return result
