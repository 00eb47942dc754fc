"""The workflow 受理→登记→拟办→会商→审核→答复→归档 with send-back and approvals given on paper."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from app import register
from app.errors import ConflictError, ValidationError
from app.register.codes import STEPS
from app.storage.models.register import Attachment


def _advance_to(session, app_id, step):
    while register.application_record(session, app_id)["status"] != step:
        register.advance(session, app_id, opinion="同意")


def test_full_workflow_with_send_back_and_outside_approval(session, new_app):
    app_id = new_app()
    _advance_to(session, app_id, "review")
    with pytest.raises(ConflictError, match="负责人"):
        register.advance(session, app_id)  # no approval yet
    state = register.send_back(session, app_id, "答复依据引用不准确，请重新拟办", to_step="draft")
    assert state.status == "draft"
    _advance_to(session, app_id, "review")
    scan = register.ScanFile(filename="签批单.pdf", content=b"%PDF-1.4 signed")
    register.record_approval(session, app_id, "王主任", "2025-10-20", scan=scan, opinion="同意公开")
    register.advance(session, app_id, opinion="审核通过")
    register.close(session, app_id, "granted", replied_on="2025-10-22")
    register.advance(session, app_id)
    assert register.application_record(session, app_id)["status"] == "archive"

    events = register.timeline(session, app_id)
    back = [e for e in events if e.action == "send_back"]
    assert back and back[0].reason == "答复依据引用不准确，请重新拟办" and back[0].step == "review"
    approval = [e for e in events if e.action == "approve"][0]
    assert approval.approver_name == "王主任" and approval.actor == "测试员"
    assert approval.approved_on == dt.date(2025, 10, 20)
    att = session.get(Attachment, approval.attachment_id)
    assert att.sha256 == hashlib.sha256(b"%PDF-1.4 signed").hexdigest() and att.filename == "签批单.pdf"
    advances = [e for e in events if e.action == "advance"]
    assert all(e.actor == "测试员" and e.at is not None for e in advances)
    assert [e.to_step for e in advances][-1] == "archive"
    with pytest.raises(ConflictError):
        register.advance(session, app_id)


def test_approval_from_an_earlier_visit_does_not_count_after_send_back(session, new_app):
    app_id = new_app()
    _advance_to(session, app_id, "review")
    register.record_approval(session, app_id, "王主任", "2025-10-20")
    register.send_back(session, app_id, "补充材料")
    _advance_to(session, app_id, "review")
    with pytest.raises(ConflictError):
        register.advance(session, app_id)


def test_clerk_is_never_the_approver(session, new_app):
    app_id = new_app()
    with pytest.raises(ValidationError, match="负责人"):
        register.record_approval(session, app_id, "", "2025-10-20")
    with pytest.raises(ValidationError, match="录入人"):
        register.record_approval(session, app_id, "测试员", "2025-10-20")  # the operator of the session
    with pytest.raises(ValidationError):
        register.record_extension(session, app_id, "2025-10-20", 10, "测试员")


def test_send_back_needs_a_reason_and_an_earlier_step(session, new_app):
    app_id = new_app()
    with pytest.raises(ConflictError):
        register.send_back(session, app_id, "理由")  # at the first step
    register.advance(session, app_id)
    with pytest.raises(ValidationError, match="理由"):
        register.send_back(session, app_id, "  ")
    with pytest.raises(ValidationError):
        register.send_back(session, app_id, "理由", to_step="review")


def test_archive_needs_an_outcome(session, new_app):
    app_id = new_app()
    _advance_to(session, app_id, "review")
    register.record_approval(session, app_id, "王主任", "2025-10-20")
    register.advance(session, app_id)
    with pytest.raises(ConflictError, match="办结"):
        register.advance(session, app_id)
    assert STEPS[-1] == "archive"


@pytest.mark.parametrize("seconds_apart", [0, 1])
def test_an_approval_is_in_the_applications_trail_whatever_the_second(session, new_app, monkeypatch,
                                                                         seconds_apart):
    """An approval adds an event and nothing else to the application: it is still one entry of the
    application's trail, whether or not the clock moved to the next second since the last change."""
    from sqlalchemy import func, select

    from app.register import common
    from app.storage.models.core import AuditEntry

    app_id = new_app()
    clock = [dt.datetime(2026, 3, 2, 9, 0, 0)]
    monkeypatch.setattr(common, "utcnow", lambda: clock[0])
    _advance_to(session, app_id, "review")

    def entries() -> int:
        return session.execute(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.entity == "application", AuditEntry.entity_id == str(app_id))).scalar_one()

    n = entries()
    clock[0] += dt.timedelta(seconds=seconds_apart)
    register.record_approval(session, app_id, "王主任", "2025-10-20")
    assert entries() == n + 1
