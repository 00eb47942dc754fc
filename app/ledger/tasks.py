"""Ledger tasks: 工作要点 and superior-notice tasks, their recurrence, status and evidence attachments."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import and_, func, or_, select

from app.calendar import load_calendar
from app.core import attachments
from app.core.attachments import AttachmentInfo
from app.errors import ConflictError, NotFoundError, ValidationError
from app.ledger.cadence import (
    CADENCES,
    RECURRING,
    cadence_label,
    first_due,
    next_due,
    parse_cadence,
)
from app.ledger.common import TASK_STATUSES, optional_text, parse_date, required_text, resolve_office
from app.storage.base import new_uuid, utcnow
from app.storage.models.ledger import LedgerAttachment, LedgerTask

MAX_ATTACHMENT_BYTES = attachments.MAX_BYTES


@dataclass
class TaskInfo:
    id: int
    uuid: str
    office_id: int
    year: int
    source_document: str
    requirement: str
    responsible_unit: str | None
    responsible_person: str | None
    cadence: str
    cadence_label: str
    due_on: dt.date | None
    status: str  # not_started | in_progress | done | overdue (derived)
    status_label: str
    completed_on: dt.date | None
    completion_note: str | None
    completed_late: bool
    series_uuid: str | None
    attachments: list[AttachmentInfo] = field(default_factory=list)


@dataclass
class CompletionResult:
    task: TaskInfo
    next_task: TaskInfo | None  # the next occurrence of a recurring task


def derive_status(stored: str, due_on: dt.date | None, today: dt.date) -> str:
    """已逾期 is derived: a task not done whose due date has passed (the due day itself is not late)."""
    if stored != "done" and due_on is not None and due_on < today:
        return "overdue"
    return stored


def _info(task: LedgerTask, today: dt.date, attachments: list[AttachmentInfo] | None = None) -> TaskInfo:
    status = derive_status(task.status, task.due_on, today)
    return TaskInfo(
        id=task.id, uuid=task.uuid, office_id=task.office_id, year=task.year,
        source_document=task.source_document, requirement=task.requirement,
        responsible_unit=task.responsible_unit, responsible_person=task.responsible_person,
        cadence=task.cadence, cadence_label=cadence_label(task.cadence), due_on=task.due_on,
        status=status, status_label=TASK_STATUSES[status], completed_on=task.completed_on,
        completion_note=task.completion_note,
        completed_late=bool(task.completed_on and task.due_on and task.completed_on > task.due_on),
        series_uuid=task.series_uuid, attachments=attachments or [],
    )


def _load(session, task_id: int) -> LedgerTask:
    task = session.get(LedgerTask, task_id)
    if task is None or task.deleted:
        raise NotFoundError(f"任务 {task_id} 不存在或已删除。")
    return task


def _attachments(session, task_id: int) -> list[AttachmentInfo]:
    return attachments.listing(session, LedgerAttachment, LedgerAttachment.task_id == task_id)


def validate_task(data: dict, *, today: dt.date, calendar=None) -> dict:
    """Checked column values of a task from user input (codes or Chinese labels accepted)."""
    try:
        cadence = parse_cadence(data.get("cadence"))
    except ValueError:
        raise ValidationError(
            f"无法识别的周期“{data.get('cadence')}”。可选：{'、'.join(CADENCES.values())}。") from None
    due_on = parse_date(data.get("due_on"), "完成时限")
    if due_on is None and cadence in RECURRING:
        due_on = first_due(cadence, today, calendar)
    if due_on is None and cadence == "once":
        raise ValidationError("一次性任务请填写完成时限。")
    year = data.get("year") or (due_on.year if due_on else today.year)
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError(f"年度“{year}”不是有效年份。") from None
    if not 2000 <= year <= 2100:
        raise ValidationError(f"年度“{year}”不是有效年份。")
    return {
        "year": year,
        "source_document": required_text(data.get("source_document"), "任务来源（文件名称）", 300),
        "requirement": required_text(data.get("requirement"), "任务要求", 5000),
        "responsible_unit": optional_text(data.get("responsible_unit"), "责任单位", 200),
        "responsible_person": optional_text(data.get("responsible_person"), "责任人", 100),
        "cadence": cadence,
        "due_on": due_on,
        "due_day": due_on.day if (due_on and cadence in ("monthly", "quarterly", "yearly")) else None,
    }


def add_task(session, data: dict, *, office_id: int | None = None, today: dt.date | None = None) -> TaskInfo:
    """Add a task. ``data``: source_document, requirement, responsible_unit, responsible_person,
    cadence (code or 即时/每日/每旬/每月/每季/每年), due_on (required for a one-off task; a recurring
    task without one is due at the end of the current period), year (default: the due date's)."""
    from app.core import audit

    today = today or dt.date.today()
    values = validate_task(data, today=today, calendar=load_calendar(session))
    task = LedgerTask(uuid=new_uuid(), office_id=resolve_office(session, office_id),
                      status="not_started", deleted=False, **values)
    if task.cadence in RECURRING:
        task.series_uuid = task.uuid
    session.add(task)
    audit.record(session, task, "create")
    return _info(task, today)


def update_task(session, task_id: int, data: dict, *, today: dt.date | None = None) -> TaskInfo:
    """Change a task's fields (the same keys as add_task; missing keys keep their value)."""
    from app.core import audit

    today = today or dt.date.today()
    task = _load(session, task_id)
    current = {k: getattr(task, k) for k in ("year", "source_document", "requirement", "responsible_unit",
                                             "responsible_person", "cadence", "due_on")}
    current.update({k: v for k, v in data.items() if k in current})
    values = validate_task(current, today=today, calendar=load_calendar(session))
    for key, value in values.items():
        setattr(task, key, value)
    if task.cadence in RECURRING and task.series_uuid is None:
        task.series_uuid = task.uuid
    audit.record(session, task, "update")
    return _info(task, today, _attachments(session, task.id))


def start_task(session, task_id: int, *, today: dt.date | None = None) -> TaskInfo:
    from app.core import audit

    task = _load(session, task_id)
    if task.status == "done":
        raise ConflictError("该任务已完成，不能再标记为进行中。")
    task.status = "in_progress"
    audit.record(session, task, "start")
    return _info(task, today or dt.date.today())


def complete_task(session, task_id: int, *, completed_on: dt.date | None = None, note: str | None = None,
                  today: dt.date | None = None) -> CompletionResult:
    """Mark an occurrence done; a recurring task gets its next occurrence (see app.ledger.cadence.next_due)."""
    from app.core import audit

    today = today or dt.date.today()
    completed_on = parse_date(completed_on, "完成日期") or today
    if completed_on > today:
        raise ValidationError("完成日期不能晚于今天。")
    task = _load(session, task_id)
    if task.status == "done":
        raise ConflictError("该任务已经办结。")
    task.status = "done"
    task.completed_on = completed_on
    task.completion_note = optional_text(note, "完成情况", 5000)
    audit.record(session, task, "complete")
    successor = None
    if task.cadence in RECURRING and task.due_on is not None:
        due = next_due(task.cadence, task.due_on, completed_on, load_calendar(session), task.due_day)
        successor = LedgerTask(
            uuid=new_uuid(), office_id=task.office_id, year=due.year,
            source_document=task.source_document, requirement=task.requirement,
            responsible_unit=task.responsible_unit, responsible_person=task.responsible_person,
            cadence=task.cadence, due_on=due, due_day=task.due_day, series_uuid=task.series_uuid or task.uuid,
            status="not_started", deleted=False,
        )
        session.add(successor)
        audit.record(session, successor, "create", note=f"周期任务的下一期（上一期：{task.uuid}）")
    return CompletionResult(_info(task, today, _attachments(session, task.id)),
                            _info(successor, today) if successor else None)


def reopen_task(session, task_id: int, *, today: dt.date | None = None) -> TaskInfo:
    """Undo a completion (the clerk marked the wrong task). A successor already created stays."""
    from app.core import audit

    task = _load(session, task_id)
    if task.status != "done":
        raise ConflictError("该任务尚未办结。")
    task.status, task.completed_on = "in_progress", None
    audit.record(session, task, "reopen")
    return _info(task, today or dt.date.today())


def delete_task(session, task_id: int) -> None:
    from app.core import audit

    task = _load(session, task_id)
    task.deleted = True
    audit.record(session, task, "delete")


def get_task(session, task_id: int, *, today: dt.date | None = None) -> TaskInfo:
    task = _load(session, task_id)
    return _info(task, today or dt.date.today(), _attachments(session, task.id))


def task_filter(*, today: dt.date, office_id: int | None = None, status: str | None = None,
                year: int | None = None, text: str | None = None, due_within: int | None = None):
    """SQL conditions of the task list: status may be a stored status or ``overdue``/``open``."""
    conds = [LedgerTask.deleted.is_(False)]
    if office_id is not None:
        conds.append(LedgerTask.office_id == office_id)
    if year is not None:
        conds.append(LedgerTask.year == year)
    not_done = LedgerTask.status != "done"
    late = and_(not_done, LedgerTask.due_on < today)
    if status == "overdue":
        conds.append(late)
    elif status == "open":
        conds.append(not_done)
    elif status in ("not_started", "in_progress"):
        conds.extend([LedgerTask.status == status, or_(LedgerTask.due_on.is_(None), LedgerTask.due_on >= today)])
    elif status == "done":
        conds.append(LedgerTask.status == "done")
    elif status:
        raise ValidationError(f"无法识别的任务状态“{status}”。")
    if due_within is not None:
        conds.extend([not_done, LedgerTask.due_on >= today, LedgerTask.due_on <= today + dt.timedelta(days=due_within)])
    if text:
        like = f"%{text.strip()}%"
        conds.append(or_(LedgerTask.source_document.like(like), LedgerTask.requirement.like(like),
                         LedgerTask.responsible_unit.like(like), LedgerTask.responsible_person.like(like)))
    return and_(*conds)


def task_ids(session, *, today: dt.date | None = None, **filters) -> list[int]:
    """Ordered ids of the tasks matching the filters (open ones by due date first, then done ones)."""
    today = today or dt.date.today()
    done_last = (LedgerTask.status == "done")
    stmt = (select(LedgerTask.id).where(task_filter(today=today, **filters))
            .order_by(done_last, LedgerTask.due_on.is_(None), LedgerTask.due_on, LedgerTask.id))
    return list(session.scalars(stmt))


def tasks_by_ids(session, ids: list[int], *, today: dt.date | None = None) -> list[TaskInfo]:
    today = today or dt.date.today()
    rows = {t.id: t for t in session.scalars(select(LedgerTask).where(LedgerTask.id.in_(ids)))}
    return [_info(rows[i], today) for i in ids if i in rows]


def list_tasks(session, *, today: dt.date | None = None, limit: int | None = None, **filters) -> list[TaskInfo]:
    today = today or dt.date.today()
    ids = task_ids(session, today=today, **filters)
    return tasks_by_ids(session, ids[:limit] if limit else ids, today=today)


def count_tasks(session, *, today: dt.date | None = None, **filters) -> int:
    today = today or dt.date.today()
    return session.scalar(select(func.count()).select_from(LedgerTask).where(task_filter(today=today, **filters)))


def add_attachment(session, task_id: int, filename: str, content: bytes) -> AttachmentInfo:
    """Attach evidence (佐证材料) to a task; the bytes are stored with their SHA-256."""
    from app.core import audit

    task = _load(session, task_id)
    name = required_text(filename, "附件文件名", 255)
    attachments.check_size(name, content)
    att = LedgerAttachment(task_id=task.id, filename=name, sha256=attachments.digest(content),
                           size=len(content), content=bytes(content))
    session.add(att)
    audit.record(session, att, "create")
    task.updated_at = utcnow()  # so an incremental export carries the new evidence
    audit.record(session, task, "attach", note=name)
    return attachments.info(att)


def attachment_content(session, attachment_id: int) -> tuple[str, bytes]:
    """(filename, bytes) of an attachment, checked against its stored SHA-256."""
    att = session.get(LedgerAttachment, attachment_id)
    if att is None:
        raise NotFoundError(f"附件 {attachment_id} 不存在。")
    return att.filename, attachments.read_content(att)


def remove_attachment(session, attachment_id: int) -> None:
    from app.core import audit

    att = session.get(LedgerAttachment, attachment_id)
    if att is None:
        raise NotFoundError(f"附件 {attachment_id} 不存在。")
    audit.record_delete(session, att)
    session.delete(att)
    if att.task_id is not None:
        task = session.get(LedgerTask, att.task_id)
        task.updated_at = utcnow()
        audit.record(session, task, "detach", note=att.filename)
