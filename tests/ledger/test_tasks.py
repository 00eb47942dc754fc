"""Ledger tasks: overdue derivation, recurrence on completion, validation and evidence attachments."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from sqlalchemy import func, select, update

from app import ledger
from app.errors import ConflictError, StorageError, ValidationError
from app.storage.models.ledger import LedgerAttachment, LedgerTask

TODAY = dt.date(2025, 6, 16)  # a Monday


def _task(session, **kw):
    data = {"source_document": "2025年政务公开工作要点", "requirement": "更新政府信息公开指南",
            "due_on": TODAY, "responsible_unit": "县政府办公室"}
    data.update(kw)
    return ledger.add_task(session, data, today=TODAY)


def test_overdue_is_derived_from_the_due_date(session):
    past = _task(session, due_on=TODAY - dt.timedelta(days=1))
    due_today = _task(session, requirement="发布年度报告", due_on=TODAY)
    assert past.status == "overdue" and past.status_label == "已逾期"
    assert due_today.status == "not_started"
    done = ledger.complete_task(session, past.id, completed_on=TODAY, today=TODAY).task
    assert done.status == "done" and done.completed_late
    # The same task seen a day later: the one due today is now overdue, the done one is not.
    later = TODAY + dt.timedelta(days=1)
    assert ledger.get_task(session, due_today.id, today=later).status == "overdue"
    assert ledger.get_task(session, past.id, today=later).status == "done"


def test_filters_overdue_and_due_within(session):
    a = _task(session, requirement="甲", due_on=TODAY - dt.timedelta(days=3))
    b = _task(session, requirement="乙", due_on=TODAY + dt.timedelta(days=7))
    c = _task(session, requirement="丙", due_on=TODAY + dt.timedelta(days=8))
    ledger.start_task(session, a.id, today=TODAY)
    assert [t.id for t in ledger.list_tasks(session, today=TODAY, status="overdue")] == [a.id]
    assert [t.id for t in ledger.list_tasks(session, today=TODAY, due_within=7)] == [b.id]
    assert {t.id for t in ledger.list_tasks(session, today=TODAY, status="not_started")} == {b.id, c.id}
    assert [t.id for t in ledger.list_tasks(session, today=TODAY, text="丙")] == [c.id]


def test_completing_a_monthly_task_creates_the_next_occurrence(session):
    t = _task(session, cadence="每月", due_on=dt.date(2025, 5, 31), requirement="更新重点领域信息")
    result = ledger.complete_task(session, t.id, completed_on=dt.date(2025, 6, 3), note="已更新", today=TODAY)
    assert result.task.status == "done" and result.task.completed_late
    nxt = result.next_task
    assert nxt is not None
    assert nxt.due_on == dt.date(2025, 6, 30)
    assert nxt.series_uuid == t.uuid and nxt.cadence == "monthly" and nxt.status == "not_started"
    again = ledger.complete_task(session, nxt.id, completed_on=TODAY, today=TODAY).next_task
    assert again.due_on == dt.date(2025, 7, 31)  # back on the 31st, not stuck on the 30th
    with pytest.raises(ConflictError):
        ledger.complete_task(session, t.id, today=TODAY)


def test_one_off_task_has_no_successor_and_needs_a_due_date(session):
    t = _task(session)
    assert ledger.complete_task(session, t.id, today=TODAY).next_task is None
    before = session.scalar(select(func.count()).select_from(LedgerTask))
    with pytest.raises(ValidationError) as err:
        ledger.add_task(session, {"source_document": "通知", "requirement": "报送材料"}, today=TODAY)
    assert "完成时限" in str(err.value)
    with pytest.raises(ValidationError):
        ledger.add_task(session, {"source_document": "通知", "requirement": "x", "cadence": "每两年"}, today=TODAY)
    assert session.scalar(select(func.count()).select_from(LedgerTask)) == before


def test_recurring_task_without_due_date_is_due_at_period_end(session):
    t = ledger.add_task(session, {"source_document": "市政务公开办通知", "requirement": "报送季度信息",
                                  "cadence": "每季"}, today=TODAY)
    assert t.due_on == dt.date(2025, 6, 30)


def test_completion_in_the_future_is_refused(session):
    t = _task(session)
    with pytest.raises(ValidationError):
        ledger.complete_task(session, t.id, completed_on=TODAY + dt.timedelta(days=1), today=TODAY)
    assert ledger.get_task(session, t.id, today=TODAY).status == "not_started"


def test_attachments_store_bytes_and_hash(session):
    t = _task(session)
    content = "会议纪要：政务公开领导小组会议".encode()
    info = ledger.add_attachment(session, t.id, "纪要.txt", content)
    assert info.sha256 == hashlib.sha256(content).hexdigest() and info.size == len(content)
    assert ledger.get_task(session, t.id, today=TODAY).attachments == [info]
    assert ledger.attachment_content(session, info.id) == ("纪要.txt", content)
    with pytest.raises(ValidationError):
        ledger.add_attachment(session, t.id, "空.txt", b"")
    session.execute(update(LedgerAttachment).where(LedgerAttachment.id == info.id).values(content=b"tampered"))
    session.expire_all()
    with pytest.raises(StorageError, match="SHA-256 不一致"):
        ledger.attachment_content(session, info.id)
