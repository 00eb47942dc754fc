"""The periodic review of negative-list items (条例 art. 18): due list, keep / change / release."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.catalogue import create_entry
from app.core import audit
from app.errors import ConflictError, ValidationError
from app.negative_list.items import (
    IN_FORCE,
    ItemInfo,
    ReviewInfo,
    ReviewResult,
    add_months,
    apply_change,
    clean_field,
    item_content,
    item_info,
    list_items,
    load_item,
    operator_name,
    parse_date,
    split_keywords,
    validate,
)
from app.negative_list.taxonomy import decision_labels
from app.storage.base import utcnow
from app.storage.models.core import Office
from app.storage.models.negative_list import NegativeItem, NegativeItemReview


def review_due(session: Session, today: dt.date, *, within_days: int = 0,
               office_id: int | None = None) -> list[ItemInfo]:
    """Items in force whose next review date is on or before today (+ within_days), most overdue first."""
    items = list_items(session, office_id=office_id, due_on=today + dt.timedelta(days=within_days))
    items.sort(key=lambda i: (i.next_review_on or dt.date.min, i.id))
    return items


def _review_info(review: NegativeItemReview) -> ReviewInfo:
    return ReviewInfo(review.id, review.item_id, review.reviewed_on, review.decision,
                      decision_labels()[review.decision], review.note, review.reviewer, review.next_review_on)


def reviews_for_item(session: Session, item_id: int) -> list[ReviewInfo]:
    rows = session.execute(select(NegativeItemReview).where(NegativeItemReview.item_id == item_id)
                           .order_by(NegativeItemReview.reviewed_on.desc(), NegativeItemReview.id.desc()))
    return [_review_info(r) for r in rows.scalars()]


def catalogue_prefill(session: Session, item: NegativeItem, note: str | None, released_on: dt.date) -> dict:
    """A catalogue entry for a released item, in the field names of app.catalogue.entries.create_entry."""
    office = session.get(Office, item.office_id)
    summary = "；".join(p for p in (item.scope, note) if p)
    return {
        "title": item.name,
        "summary": summary or item.name,
        "publisher": office.name if office else None,
        "written_on": released_on,
        "disclosure_mode": "proactive",  # 主动公开
        "keywords": "、".join(split_keywords(item.keywords))[:300] or None,
    }


def record_review(session: Session, item_id: int, decision: str, note: str | None = None,
                  reviewer: str | None = None, reviewed_on: dt.date | None = None, *,
                  changes: Mapping | None = None, create_catalogue_entry: bool = False) -> ReviewResult:
    """Record the periodic review of an item (条例 art. 18 定期评估审查).

    keep: the item stays as it is until the next review; change: `changes` are applied and the item is
    marked 已调整; release: the item is marked 已解除 (因情势变化可以公开的政府信息应当公开) and the result
    carries the data of a catalogue entry for the information to be disclosed; with
    `create_catalogue_entry` that entry is created at once (app.catalogue.entries.create_entry).
    """
    if decision not in decision_labels():
        raise ValidationError(f"复核结论“{decision}”无效，应为：保留、调整或解除。")
    item = load_item(session, item_id)
    if item.status not in IN_FORCE:
        raise ConflictError(f"事项“{item.name}”已解除，无需复核。")
    reviewed_on = parse_date(reviewed_on, "复核日期") or dt.date.today()
    reviewer = clean_field(reviewer, "复核人", 100) or operator_name(session)
    note = clean_field(note, "复核意见", 4000)
    if decision in ("change", "release") and not note:
        raise ValidationError("调整或解除事项时请填写复核意见（理由）。")
    label = decision_labels()[decision]
    if decision == "change":
        if not changes:
            raise ValidationError("请填写调整后的事项内容。")
        merged = {**item_content(item), **dict(changes)}
        if "review_cycle_months" in changes:
            merged["next_review_on"] = None
        fields = validate(merged)
        fields["status"] = "adjusted"
    else:
        fields = {"status": "released" if decision == "release" else item.status}
    fields["last_reviewed_on"] = reviewed_on
    cycle = fields.get("review_cycle_months", item.review_cycle_months)
    fields["next_review_on"] = None if decision == "release" else add_months(reviewed_on, cycle)
    apply_change(session, item, fields, reason=f"复核：{label}" + (f"（{note}）" if note else ""), action="review")
    review = NegativeItemReview(item_id=item.id, reviewed_on=reviewed_on, decision=decision, note=note,
                                reviewer=reviewer, next_review_on=fields["next_review_on"], created_at=utcnow())
    session.add(review)
    audit.record(session, review, "create")
    result = ReviewResult(item=item_info(item), review=_review_info(review))
    if decision == "release":
        result.catalogue_prefill = catalogue_prefill(session, item, note, reviewed_on)
        if create_catalogue_entry:
            result.catalogue_entry = create_entry(session, dict(result.catalogue_prefill), office_id=item.office_id)
    return result


