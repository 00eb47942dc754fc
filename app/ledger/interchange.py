"""Ledger interchange: records for packages (export_records / apply_records) and Excel rows (import_rows).

One record per ledger row, each with ``type`` and the fields below (dates ``YYYY-MM-DD``; codes in
English, though import_rows also accepts the Chinese labels). Common to all: ``id`` (UUID),
``updated_at`` (ISO datetime, UTC), ``deleted`` (bool), ``office`` (org code).

- ``task``: year, source_document (任务来源), requirement (任务要求), responsible_unit (责任单位),
  responsible_person (责任人), cadence (once|immediate|daily|weekly|dekad|monthly|quarterly|yearly,
  或 一次性/即时/每日/每周/每旬/每月/每季/每年), due_on (完成时限), series_id, status
  (not_started|in_progress|done, 或 未开始/进行中/已完成), completed_on (完成日期), completion_note
  (完成情况), attachments [{sha256, filename, size[, content_base64]}]
- ``activity``: kind (publication|interpretation|press_conference|online_interview|response|training|
  public_review|open_meeting|leader_briefing, 或 主动公开/政策解读/新闻发布会/在线访谈/回应关切/培训/社会评议/
  会议开放/负责人听取汇报), occurred_on (日期；政策解读为解读发布日期), title (标题), channel
  (website|gazette|weibo|wechat|other, 或 网站/公报/政务微博/政务微信/其他), quantity (数量), participants
  (参训人数), document_id (解读文件的目录标识), document_title (解读文件名称), document_published_on
  (文件公开日期), notes (备注)
- ``column``: name (栏目名称), url, cadence, last_updated_on (最近更新日期), responsible_unit, notes
- ``figure``: year, key (see app.ledger.common.FIGURES, or the row label with the column label, e.g.
  "行政许可" or "规章-本年制发件数"), value
- ``case``: kind (review|litigation, 或 行政复议/行政诉讼), route (direct|after_review, 或 未经复议直接起诉/
  复议后起诉), case_number (案号), party (申请人/原告), application_serial (申请编号), subject (案由),
  filed_on (收案日期), concluded_on (审结日期), result (upheld|corrected|other, 或 结果维持/结果纠正/其他结果;
  empty = 尚未审结), notes
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import uuid as uuidlib
from collections.abc import Callable, Iterator
from decimal import Decimal

from sqlalchemy import select

from app.calendar import load_calendar
from app.core import attachments
from app.core.jobs import check_cancelled
from app.core.results import ImportResult
from app.errors import ConflictError, UserError, ValidationError
from app.ledger.activities import validate_activity
from app.ledger.cadence import RECURRING
from app.ledger.columns import validate_column
from app.ledger.common import (
    FIGURES,
    INTEGER_FIGURES,
    code_from,
    optional_text,
    parse_date,
    resolve_office,
)
from app.ledger.statistics import figure_value, validate_case
from app.ledger.tasks import validate_task
from app.storage.base import new_uuid, utcnow
from app.storage.models.core import Office
from app.storage.models.ledger import (
    LedgerActivity,
    LedgerAttachment,
    LedgerCase,
    LedgerColumn,
    LedgerFigure,
    LedgerTask,
)

TYPES = {"task": "任务", "activity": "活动记录", "column": "网站栏目", "figure": "统计数据", "case": "复议诉讼案件"}
MODELS = {"task": LedgerTask, "activity": LedgerActivity, "column": LedgerColumn, "figure": LedgerFigure,
          "case": LedgerCase}
_TASK_STATUS = {"not_started": "未开始", "in_progress": "进行中", "done": "已完成"}


# ---------------------------------------------------------------- export

def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _figure_number(key: str, value) -> int | float:
    return int(value) if key in INTEGER_FIGURES else float(Decimal(value))


def _fields(kind: str, row, attachments: list[dict] | None = None) -> dict:
    if kind == "task":
        return {"year": row.year, "source_document": row.source_document, "requirement": row.requirement,
                "responsible_unit": row.responsible_unit, "responsible_person": row.responsible_person,
                "cadence": row.cadence, "due_on": _iso(row.due_on), "series_id": row.series_uuid,
                "status": row.status, "completed_on": _iso(row.completed_on),
                "completion_note": row.completion_note, "attachments": attachments or []}
    if kind == "activity":
        return {"kind": row.kind, "occurred_on": _iso(row.occurred_on), "title": row.title, "channel": row.channel,
                "quantity": row.quantity, "participants": row.participants, "document_id": row.document_uuid,
                "document_title": row.document_title, "document_published_on": _iso(row.document_published_on),
                "notes": row.notes}
    if kind == "column":
        return {"name": row.name, "url": row.url, "cadence": row.cadence,
                "last_updated_on": _iso(row.last_updated_on), "responsible_unit": row.responsible_unit,
                "notes": row.notes}
    if kind == "figure":
        return {"year": row.year, "key": row.key, "value": _figure_number(row.key, row.value)}
    return {"kind": row.kind, "route": row.route, "case_number": row.case_number, "party": row.party,
            "application_serial": row.application_serial, "subject": row.subject, "filed_on": _iso(row.filed_on),
            "concluded_on": _iso(row.concluded_on), "result": row.result, "notes": row.notes}


def export_records(session, *, office_id: int | None = None, since: dt.datetime | None = None,
                   include_content: bool = False, types: tuple[str, ...] = tuple(TYPES)) -> Iterator[dict]:
    """Every ledger record (deleted ones as tombstones) of ``office_id`` (default: every office held),
    changed after ``since`` when given. ``include_content`` adds attachments' bytes as base64."""
    codes = dict(session.execute(select(Office.id, Office.org_code)).all())
    for kind in types:
        model = MODELS[kind]
        stmt = select(model).order_by(model.id)
        if office_id is not None:
            stmt = stmt.where(model.office_id == office_id)
        if since is not None:
            stmt = stmt.where(model.updated_at > since)
        for chunk in session.scalars(stmt.execution_options(yield_per=2000)).partitions():
            atts: dict[int, list[dict]] = {}
            if kind == "task":
                cols = [LedgerAttachment.task_id, LedgerAttachment.sha256, LedgerAttachment.filename,
                        LedgerAttachment.size] + ([LedgerAttachment.content] if include_content else [])
                for a in session.execute(select(*cols).where(LedgerAttachment.task_id.in_([r.id for r in chunk]))
                                         .order_by(LedgerAttachment.id)):
                    item = {"sha256": a.sha256, "filename": a.filename, "size": a.size}
                    if include_content:
                        item["content_base64"] = base64.b64encode(a.content).decode("ascii")
                    atts.setdefault(a.task_id, []).append(item)
            for row in chunk:
                record = {"id": row.uuid, "type": kind, "updated_at": row.updated_at.isoformat(),
                          "deleted": bool(row.deleted), "office": codes.get(row.office_id)}
                record.update(_fields(kind, row, atts.get(row.id)))
                yield record


def attachment_bytes(session, sha256: str) -> bytes | None:
    """The bytes of a stored attachment by SHA-256 (for packages that ship attachments separately), checked
    against it (None when there is none)."""
    att = session.scalar(select(LedgerAttachment).where(LedgerAttachment.sha256 == sha256).limit(1))
    return None if att is None else attachments.read_content(att)


# ---------------------------------------------------------------- validation of one record

def _figure_key(value) -> str:
    text = str(value or "").strip().replace("－", "-").replace("—", "-")
    if text in FIGURES:
        return text
    for key, (row_label, col_label) in FIGURES.items():
        if text in (f"{row_label}-{col_label}", f"{row_label}{col_label}"):
            return key
        if text == row_label and key in ("licensing", "penalty", "coercion", "fees_wan_yuan"):
            return key
    raise ValidationError(f"无法识别的统计项“{text}”。")


def _values(session, kind: str, rec: dict, today: dt.date, calendar) -> dict:
    """Checked column values (without uuid/office) of one record of ``kind``."""
    if kind == "task":
        values = validate_task(rec, today=today, calendar=calendar)
        status_text = str(rec.get("status") or "not_started").strip()
        status = code_from(status_text, _TASK_STATUS, {"已办结": "done", "完成": "done", "办理中": "in_progress"},
                           "任务状态")
        completed_on = parse_date(rec.get("completed_on"), "完成日期")
        if status == "done" and completed_on is None:
            raise ValidationError("已完成的任务请填写完成日期。")
        values.update(status=status, completed_on=completed_on if status == "done" else None,
                      completion_note=optional_text(rec.get("completion_note"), "完成情况"))
        if rec.get("series_id"):
            values["series_uuid"] = str(rec["series_id"])
        return values
    if kind == "activity":
        data = dict(rec)
        data.setdefault("document_uuid", rec.get("document_id"))
        return validate_activity(session, data, calendar)
    if kind == "column":
        return validate_column(rec, today)
    if kind == "figure":
        key = _figure_key(rec.get("key"))
        try:
            year = int(rec.get("year"))
        except (TypeError, ValueError):
            raise ValidationError(f"年度“{rec.get('year')}”不是有效年份。") from None
        value = rec.get("value")
        if value is None or str(value).strip() == "":
            raise ValidationError(f"请填写“{''.join(FIGURES[key])}”的数值。")
        return {"year": year, "key": key, "value": figure_value(key, value)}
    return validate_case(rec)


def _record_type(rec: dict) -> str:
    raw = rec.get("type")
    if raw:
        return code_from(raw, TYPES, {"活动": "activity", "栏目": "column", "统计": "figure", "案件": "case"},
                         "记录类别")
    if "requirement" in rec or "source_document" in rec:
        return "task"
    if "key" in rec and "value" in rec:
        return "figure"
    if "filed_on" in rec:
        return "case"
    if "name" in rec and "kind" not in rec:
        return "column"
    return "activity"


def _same(row, values: dict) -> bool:
    for key, value in values.items():
        current = getattr(row, key)
        if isinstance(value, Decimal) and current is not None:
            current = Decimal(current)
        if current != value:
            return False
    return True


# ---------------------------------------------------------------- apply (packages)

def apply_records(session, records: list[dict], *, office_id: int,
                  attachment_loader: Callable[[str], bytes | None] | None = None,
                  today: dt.date | None = None) -> ImportResult:
    """Upsert records (export_records shape) by ``id`` into ``office_id``'s ledger.

    Every record is checked before anything changes; errors raise ValidationError listing each bad
    record. A stored row newer than the incoming record is kept. Attachment bytes come from
    ``content_base64`` or ``attachment_loader(sha256)`` and must match their SHA-256. The caller's
    transaction makes the whole package all or nothing.
    """
    from app.core import audit

    today = today or dt.date.today()
    calendar = load_calendar(session)
    prepared, problems = [], []
    for index, rec in enumerate(records, 1):
        try:
            kind = _record_type(rec)
            uid = str(uuidlib.UUID(str(rec.get("id"))))
            stamp = dt.datetime.fromisoformat(str(rec["updated_at"])) if rec.get("updated_at") else utcnow()  # ISO by contract
            if stamp.tzinfo is not None:
                stamp = stamp.astimezone(dt.timezone.utc).replace(tzinfo=None)
            deleted = bool(rec.get("deleted"))
            values = None if deleted else _values(session, kind, rec, today, calendar)
            blobs = [] if deleted or kind != "task" else _attachment_blobs(session, rec, attachment_loader)
            prepared.append((kind, uid, stamp, deleted, values, blobs))
        except (UserError, ValueError, KeyError) as exc:
            problems.append(f"第 {index} 条记录（{rec.get('id')}）：{exc}")
    if problems:
        raise ValidationError(f"台账数据有 {len(problems)} 条记录无法导入，未做任何更改。", details=problems)

    result = ImportResult()
    stored = _stored_rows(session, prepared)
    created: list = []
    created_keys: set[tuple[str, str]] = set()
    created_tasks: list[tuple[object, list]] = []
    for kind, uid, stamp, deleted, values, blobs in prepared:
        model = MODELS[kind]
        row = stored.get((kind, uid))
        if row is not None and row.office_id != office_id:
            raise ConflictError(f"台账记录 {uid} 属于其他机关，不能覆盖。")
        if row is None and deleted:
            result.unchanged += 1
            continue
        if row is not None and row.updated_at and row.updated_at > stamp:
            result.unchanged += 1
            continue
        if row is None:
            row = model(uuid=uid, office_id=office_id, deleted=False, **values)
            if kind == "task" and row.cadence in RECURRING and not row.series_uuid:
                row.series_uuid = uid
            row.updated_at = stamp
            session.add(row)
            stored[(kind, uid)] = row
            created.append(row)
            created_keys.add((kind, uid))
            if kind == "task" and blobs:
                created_tasks.append((row, blobs))
            result.created += 1
            continue
        if (kind, uid) in created_keys:
            raise ValidationError(f"台账数据中记录 {uid} 出现了不止一次，未做任何更改。")
        if deleted:
            if row.deleted:
                result.unchanged += 1
                continue
            row.deleted, row.updated_at = True, stamp
            audit.record(session, row, "delete", note="数据包导入")
            result.deleted += 1
            continue
        elif _same(row, values) and not row.deleted and not _new_blobs(session, row, blobs):
            result.unchanged += 1
            continue
        else:
            for key, value in values.items():
                setattr(row, key, value)
            row.deleted, row.updated_at = False, stamp
            audit.record(session, row, "update", note="数据包导入")
            result.updated += 1
        if kind == "task":
            _store_blobs(session, row, blobs)
    # New rows: one flush and one run of audit entries (a township's ledger is hundreds of rows).
    audit.record_created(session, created, note="数据包导入")
    for task, blobs in created_tasks:
        _store_blobs(session, task, blobs)
    return result


def _stored_rows(session, prepared: list) -> dict:
    """The stored rows the records name, by (kind, uuid): one query per kind and 500 ids."""
    wanted: dict[str, list[str]] = {}
    for kind, uid, *_rest in prepared:
        wanted.setdefault(kind, []).append(uid)
    out: dict = {}
    for kind, uids in wanted.items():
        model = MODELS[kind]
        for start in range(0, len(uids), 500):
            for row in session.scalars(select(model).where(model.uuid.in_(uids[start:start + 500]))):
                out[(kind, row.uuid)] = row
    return out


def _attachment_blobs(session, rec: dict, loader) -> list[tuple[str, str, bytes | None]]:
    out = []
    for att in rec.get("attachments") or []:
        sha = str(att.get("sha256") or "").lower()
        content = None
        if att.get("content_base64"):
            content = base64.b64decode(att["content_base64"], validate=True)
        elif loader is not None:
            content = loader(sha)
        if content is None:
            content = attachment_bytes(session, sha)
        if content is None:
            raise ValidationError(f"缺少附件“{att.get('filename')}”的内容。")
        if hashlib.sha256(content).hexdigest() != sha:
            raise ValidationError(f"附件“{att.get('filename')}”的内容与校验值不符。")
        out.append((sha, str(att.get("filename") or sha), content))
    return out


def _new_blobs(session, task, blobs) -> list:
    have = set(session.scalars(select(LedgerAttachment.sha256).where(LedgerAttachment.task_id == task.id)))
    return [b for b in blobs if b[0] not in have]


def _store_blobs(session, task, blobs) -> None:
    from app.core import audit

    for sha, filename, content in _new_blobs(session, task, blobs):
        att = LedgerAttachment(task_id=task.id, filename=filename, sha256=sha, size=len(content), content=content)
        session.add(att)
        audit.record(session, att, "create", note="数据包导入")


# ---------------------------------------------------------------- import (Excel rows)

def _natural_key(kind: str, v: dict) -> tuple:
    if kind == "task":
        return (v["source_document"], v["requirement"], v["due_on"])
    if kind == "activity":
        return (v["kind"], v["occurred_on"], v["title"], v["channel"], v["document_title"])
    if kind == "column":
        return (v["name"],)
    if kind == "figure":
        return (v["year"], v["key"])
    return (v["kind"], v["case_number"]) if v["case_number"] else (v["kind"], v["filed_on"], v["party"])


def _key_of_row(kind: str, row) -> tuple:
    return _natural_key(kind, {c: getattr(row, c) for c in (
        "source_document", "requirement", "due_on", "kind", "occurred_on", "title", "channel", "document_title",
        "name", "year", "key", "case_number", "filed_on", "party") if hasattr(row, c)})


def import_rows(session, rows: list[dict], *, office_id: int | None = None, progress=None,
                today: dt.date | None = None) -> ImportResult:
    """Import spreadsheet rows already mapped to the field names of this module's docstring.

    ``type`` says what a row is (task/activity/column/figure/case or 任务/活动记录/网站栏目/统计数据/
    复议诉讼案件); without it the type is guessed from the fields present. A row that matches a stored
    one (by ``id``, else by its natural key: task = source + requirement + due date; activity = kind +
    date + title + channel; column = name; figure = year + key; case = kind + case number) updates it,
    or is skipped when identical, so re-importing a workbook never duplicates. Any bad row refuses the
    whole import with every problem named (``_sheet``/``_row`` of a row are used in the messages).
    """
    from app.core import audit

    office_id = resolve_office(session, office_id)
    today = today or dt.date.today()
    calendar = load_calendar(session)
    prepared, problems = [], []
    total = len(rows)
    for index, rec in enumerate(rows, 1):
        where = f"{rec.get('_sheet') + ' ' if rec.get('_sheet') else ''}第 {rec.get('_row', index)} 行"
        try:
            kind = _record_type(rec)
            values = _values(session, kind, rec, today, calendar)
            uid = str(uuidlib.UUID(str(rec["id"]))) if rec.get("id") else None
            prepared.append((kind, uid, values))
        except (UserError, ValueError) as exc:
            problems.append(f"{where}：{exc}")
        if progress is not None and index % 1000 == 0:
            check_cancelled(progress)
            progress.update(index, total * 2, "正在检查台账数据…")
    if problems:
        raise ValidationError(f"台账表格有 {len(problems)} 处错误，未导入任何数据。", details=problems)

    existing: dict[str, dict[tuple, object]] = {}
    result = ImportResult()
    seen: set[tuple] = set()
    for index, (kind, uid, values) in enumerate(prepared, 1):
        model = MODELS[kind]
        if kind not in existing:
            existing[kind] = {_key_of_row(kind, r): r for r in session.scalars(
                select(model).where(model.office_id == office_id, model.deleted.is_(False)))}
        key = _natural_key(kind, values)
        if (kind, key) in seen:  # the same row twice in one workbook
            result.unchanged += 1
            continue
        seen.add((kind, key))
        row = session.scalar(select(model).where(model.uuid == uid)) if uid else None
        if row is not None and row.office_id != office_id:
            raise ConflictError(f"台账记录 {uid} 属于其他机关，不能覆盖。")
        row = row or existing[kind].get(key)
        if row is None:
            row = model(uuid=uid or new_uuid(), office_id=office_id, deleted=False, **values)
            if kind == "task" and row.cadence in RECURRING and not row.series_uuid:
                row.series_uuid = row.uuid
            session.add(row)
            audit.record(session, row, "create", note="表格导入")
            existing[kind][key] = row
            result.created += 1
        elif _same(row, values) and not row.deleted:
            result.unchanged += 1
        else:
            for k, v in values.items():
                setattr(row, k, v)
            row.deleted = False
            audit.record(session, row, "update", note="表格导入")
            result.updated += 1
        if progress is not None and index % 1000 == 0:
            check_cancelled(progress)
            progress.update(total + index, total * 2, "正在写入台账数据…")
    return result
