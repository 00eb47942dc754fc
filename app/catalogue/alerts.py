"""Catalogue warnings: late proactive publication (条例 art. 26), normative documents whose validity was
not reviewed for a year, and standard-directory items with nothing filed in time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from app.storage.models.catalogue import CatalogueDirectoryItem, CatalogueDomain, CatalogueEntry

# 条例 art. 26: proactive information is published within 20 working days of being made or changed.
PUBLICATION_WORKING_DAYS = 20
# Not a statutory period: the office's own rule (docs/spec/legal-sources.md section 9 asks for a validity marking kept up to
# date); a normative document still marked 有效 whose validity nobody confirmed for this long is flagged.
REVIEW_DAYS = 365
LIMIT = 500  # at most this many warnings of one kind are listed (the dashboard shows at most this)


@dataclass
class Warning:
    kind: str  # late_publication | unpublished | unreviewed | idle_item
    message: str  # Chinese, for the clerk
    entry_id: int | None = None
    item_id: int | None = None
    due: dt.date | None = None
    provisional: bool = False  # due date depends on a year without official calendar data


def late_publications(session: Session, today: dt.date, *, office_id: int | None = None,
                      limit: int | None = LIMIT) -> list[Warning]:
    """Proactive entries published more than 20 working days after they were made, or still unpublished
    after that (条例 art. 26)."""
    e = CatalogueEntry
    # 20 working days span at least 20 calendar days, so rows within that are never late: SQL drops them.
    horizon = today - dt.timedelta(days=PUBLICATION_WORKING_DAYS)
    late_gap = func.julianday(e.published_on) - func.julianday(e.written_on) > PUBLICATION_WORKING_DAYS \
        if session.get_bind().dialect.name == "sqlite" else (e.published_on - e.written_on) > PUBLICATION_WORKING_DAYS
    stmt = (select(e.id, e.index_number, e.title, e.written_on, e.published_on)
            .where(e.deleted.is_(False), e.disclosure_mode == "proactive", e.written_on.is_not(None),
                   or_(late_gap, and_(e.published_on.is_(None), e.written_on < horizon)))
            .order_by(e.written_on.desc(), e.id.desc()))
    if office_id is not None:
        stmt = stmt.where(e.office_id == office_id)
    from app.calendar import load_calendar  # here: `catalogue search` (a light command) needs no calendar

    cal = load_calendar(session)
    due_cache: dict[dt.date, dt.date] = {}
    out: list[Warning] = []
    for entry_id, number, title, written, published in session.execute(stmt):
        due = due_cache.get(written)
        if due is None:
            due = due_cache[written] = cal.add_working_days(written, PUBLICATION_WORKING_DAYS)
        provisional = cal.is_provisional(due)
        if published is not None and published > due:
            out.append(Warning("late_publication", f"{number}《{title}》于{published.isoformat()}发布，"
                               f"超过成文后20个工作日（应于{due.isoformat()}前公开）", entry_id, None, due, provisional))
        elif published is None and today > due:
            out.append(Warning("unpublished", f"{number}《{title}》成文已超过20个工作日仍未发布"
                               f"（应于{due.isoformat()}前公开）", entry_id, None, due, provisional))
        if limit is not None and len(out) >= limit:
            break
    return out


def unreviewed_normative(session: Session, today: dt.date, *, office_id: int | None = None,
                         limit: int | None = LIMIT) -> list[Warning]:
    """行政规范性文件 still marked 有效 whose validity was last reviewed (or, never reviewed, which were
    made) more than a year ago."""
    e = CatalogueEntry
    last = func.coalesce(e.validity_reviewed_on, e.written_on, e.published_on)
    cutoff = today - dt.timedelta(days=REVIEW_DAYS)
    stmt = (select(e.id, e.index_number, e.title, last)
            .where(e.deleted.is_(False), e.is_normative.is_(True), e.validity == "valid", last < cutoff)
            .order_by(last, e.id))
    if office_id is not None:
        stmt = stmt.where(e.office_id == office_id)
    if limit is not None:
        stmt = stmt.limit(limit)
    out = []
    for entry_id, number, title, last_day in session.execute(stmt):
        out.append(Warning("unreviewed", f"{number}《{title}》的有效性自{_iso(last_day)}起超过一年未审查",
                           entry_id, None, None))
    return out


def _iso(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def idle_directory_items(session: Session, today: dt.date) -> list[Warning]:
    """Active items to be disclosed proactively with no live entry filed: never, or (for items with an
    update cycle) none published within the cycle."""
    out = []
    items = session.execute(
        select(CatalogueDirectoryItem, CatalogueDomain.name).join(
            CatalogueDomain, CatalogueDomain.id == CatalogueDirectoryItem.domain_id)
        .where(CatalogueDirectoryItem.active.is_(True), CatalogueDomain.active.is_(True))
        .order_by(CatalogueDomain.position, CatalogueDirectoryItem.position)).all()
    for item, domain in items:
        if item.method and "主动" not in item.method:
            continue
        e = CatalogueEntry
        latest = session.execute(
            select(func.coalesce(e.published_on, e.written_on)).where(
                e.directory_item_id == item.id, e.deleted.is_(False))
            .order_by(e.published_on.desc()).limit(1)).first()
        label = f"{domain}·{item.level1}" + (f"·{item.level2}" if item.level2 else "")
        if latest is None:
            out.append(Warning("idle_item", f"标准目录事项“{label}”尚无公开信息", None, item.id))
        elif item.cycle_days and latest[0] is not None and latest[0] < today - dt.timedelta(days=item.cycle_days):
            out.append(Warning("idle_item", f"标准目录事项“{label}”已超过{item.cycle_days}天没有新的公开信息"
                               f"（最近一次：{_iso(latest[0])}）", None, item.id))
    return out


def warnings(session: Session, today: dt.date | None = None) -> dict[str, list[Warning]]:
    today = today or dt.date.today()
    return {"late_publication": late_publications(session, today),
            "unreviewed": unreviewed_normative(session, today),
            "idle_item": idle_directory_items(session, today)}
