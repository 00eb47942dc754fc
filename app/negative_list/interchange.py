"""Negative-list records for packages (export/apply by uuid) and rows from Excel (import_rows).

Record fields (JSON Lines `negative_list.jsonl`, docs/spec/packages.md): `id` (uuid), `updated_at` (ISO,
UTC, no offset), `deleted`, `office` (org code), `name`, `category` (code), `basis` {`law`, `article`,
`text`}, `scope`, `responsible_unit`, `decided_on`, `approver`, `review_cycle_months`, `next_review_on`,
`last_reviewed_on`, `status` (active | adjusted | released), `keywords` (list), `notes`, `version`.

Excel rows for import_rows: dicts keyed by the content field names `name`, `category` (code or 国家秘密 …),
`basis_law`, `basis_article`, `basis_text`, `scope`, `responsible_unit`, `decided_on`, `approver`,
`review_cycle_months`, `next_review_on`, `last_reviewed_on`, `status` (code or 有效 …), `keywords`
(string split on 、，; or a list), `notes`; optional `id` (uuid) and `_row` (the sheet's row number, used
in error messages). An existing item (same uuid, or same name in the own office) is updated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.jobs import check_cancelled
from app.core.results import ImportResult
from app.errors import ValidationError
from app.storage.base import utcnow
from app.storage.models.core import Office
from app.storage.models.negative_list import NegativeItem


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _parse_ts(value) -> dt.datetime:
    if isinstance(value, dt.datetime):
        ts = value
    else:
        try:
            ts = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))  # machine timestamp, ISO
        except ValueError:
            raise ValidationError(f"更新时间“{value}”格式无效。") from None
    if ts.tzinfo is not None:
        ts = ts.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return ts.replace(microsecond=0)


def record_of(item: NegativeItem, org_code: str | None) -> dict:
    from app.negative_list.items import split_keywords

    return {
        "id": item.uuid, "updated_at": _iso(item.updated_at), "deleted": bool(item.deleted),
        "office": org_code, "name": item.name, "category": item.category,
        "basis": {"law": item.basis_law, "article": item.basis_article, "text": item.basis_text},
        "scope": item.scope, "responsible_unit": item.responsible_unit, "decided_on": _iso(item.decided_on),
        "approver": item.approver, "review_cycle_months": item.review_cycle_months,
        "next_review_on": _iso(item.next_review_on), "last_reviewed_on": _iso(item.last_reviewed_on),
        "status": item.status, "keywords": split_keywords(item.keywords), "notes": item.notes,
        "version": item.version,
    }


def export_records(session: Session, *, office_id: int | None = None, since=None) -> Iterator[dict]:
    """Every item (deleted ones too, flagged) as interchange records, oldest change first."""
    codes = dict(session.execute(select(Office.id, Office.org_code)).all())
    query = select(NegativeItem).order_by(NegativeItem.updated_at, NegativeItem.id)
    if office_id is not None:
        query = query.where(NegativeItem.office_id == office_id)
    if since is not None:
        query = query.where(NegativeItem.updated_at > _parse_ts(since))
    for item in session.execute(query).scalars():
        yield record_of(item, codes.get(item.office_id))


def _fields_of_record(record: dict) -> dict:
    basis = record.get("basis") or {}
    data = {k: record.get(k) for k in ("name", "category", "scope", "responsible_unit", "decided_on",
                                        "approver", "review_cycle_months", "next_review_on",
                                        "last_reviewed_on", "status", "keywords", "notes")}
    data.update(basis_law=basis.get("law"), basis_article=basis.get("article"), basis_text=basis.get("text"))
    return data


def apply_records(session: Session, records: list[dict], *, office_id: int) -> ImportResult:
    """Upsert records by `id` (uuid); a record not newer than the held item changes nothing.

    Everything is checked before anything changes; the caller's transaction makes it all or nothing.
    """
    from app.core import audit
    from app.negative_list.items import apply_change, validate

    offices = dict(session.execute(select(Office.org_code, Office.id)).all())
    prepared, problems = [], []
    for n, record in enumerate(records, start=1):
        try:
            if not record.get("id"):
                raise ValidationError("缺少记录编号（id）。")
            fields = validate(_fields_of_record(record))
            ts = _parse_ts(record.get("updated_at") or utcnow())
            prepared.append((record, fields, ts))
        except ValidationError as exc:
            problems.append(f"第{n}条负面清单记录：{exc.message}")
    if problems:
        raise ValidationError(f"负面清单数据有{len(problems)}条记录无效，未导入任何数据。", details=problems)

    result = ImportResult()
    for record, fields, ts in prepared:
        owner = offices.get(record.get("office") or "", office_id)
        deleted = bool(record.get("deleted"))
        item = session.execute(select(NegativeItem).where(NegativeItem.uuid == record["id"])).scalar_one_or_none()
        if item is None:
            item = NegativeItem(uuid=record["id"], office_id=owner, version=int(record.get("version") or 1),
                                created_at=ts, updated_at=ts, deleted=deleted, **fields)
            session.add(item)
            audit.record(session, item, "create", note="数据包导入")
            result.created += 1
            continue
        if ts <= item.updated_at:
            result.unchanged += 1
            continue
        changed = apply_change(session, item, fields, reason="数据包导入")
        if item.deleted != deleted or item.office_id != owner or item.updated_at != ts:
            item.deleted, item.office_id, item.updated_at = deleted, owner, ts
            audit.record(session, item, "update", note="数据包导入")
            changed = True
        if deleted and changed:
            result.deleted += 1
        elif changed:
            result.updated += 1
        else:
            result.unchanged += 1
    return result


def import_rows(session: Session, rows: list[dict], *, progress=None) -> ImportResult:
    """Items from spreadsheet rows already mapped to field names (see the module docstring).

    All rows are checked first; any bad row rejects the whole import with one message per row.
    """
    from app.core.profile import own_office_id
    from app.negative_list.items import apply_change, create_item, validate

    office_id = own_office_id(session)
    prepared, problems = [], []
    for index, row in enumerate(rows, start=1):
        row_no = row.get("_row", index)
        try:
            prepared.append((row, validate(row)))
        except ValidationError as exc:
            problems.append(f"第{row_no}行：{exc.message}")
    if problems:
        raise ValidationError(f"负面清单表格有{len(problems)}行有误，未导入任何数据。", details=problems)

    result = ImportResult()
    total = len(prepared)
    for done, (row, fields) in enumerate(prepared, start=1):
        check_cancelled(progress)
        query = select(NegativeItem).where(NegativeItem.deleted.is_(False))
        if row.get("id"):
            query = query.where(NegativeItem.uuid == str(row["id"]).strip())
        else:
            query = query.where(NegativeItem.office_id == office_id, NegativeItem.name == fields["name"])
        item = session.execute(query.limit(1)).scalar_one_or_none()
        if item is None:
            info = create_item(session, fields, office_id=office_id, uuid=str(row["id"]).strip() if row.get("id") else None)
            result.created += 1
            result.ids.append(info.id)
        else:
            if apply_change(session, item, fields, reason="表格导入"):
                result.updated += 1
            else:
                result.unchanged += 1
            result.ids.append(item.id)
        if progress is not None and (done % 50 == 0 or done == total):
            progress.update(done, total, f"导入负面清单事项 {done}/{total}")
    return result
