"""Workflow actions through the detail view's dialogs change what the services store."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app import register
from app.storage.models.register import (
    Application,
    ApplicationEvent,
    Attachment,
    Consultation,
    Correction,
    Extension,
    FeeNotice,
)
from tests.helpers.register_ui import accept_with
from ui.register import actions
from ui.register.close_dialog import CloseDialog

TODAY = dt.date(2026, 11, 27)
RECEIVED = dt.date(2026, 11, 20)


@pytest.fixture
def new_app(db):
    def make(content: str = "申请公开青山镇2024年度低保对象审核材料") -> int:
        with db.session() as s:
            return register.register_application(s, {
                "received_on": RECEIVED, "channel": "in_person", "applicant_kind": "natural_person",
                "applicant_name": "张三", "content": content}, today=TODAY).id
    return make


@pytest.fixture
def detail(qtbot, ctx):
    from ui.register.detail import DetailDialog

    def open_(app_id: int) -> DetailDialog:
        d = DetailDialog(ctx, app_id, today=TODAY)
        qtbot.addWidget(d)
        return d
    return open_


def _app(db, app_id):
    with db.read_session() as s:
        return s.get(Application, app_id)


def _events(db, app_id, action):
    with db.read_session() as s:
        return list(s.execute(select(ApplicationEvent).where(ApplicationEvent.application_id == app_id,
                                                             ApplicationEvent.action == action)).scalars())


def test_advance_send_back_and_outside_approval(db, ctx, detail, new_app, monkeypatch, tmp_path):
    app_id = new_app()
    d = detail(app_id)
    accept_with(monkeypatch, actions.AdvanceDialog, lambda x: x.set("opinion", "材料齐全，予以登记"))
    assert d.run(actions.AdvanceDialog)
    assert _app(db, app_id).status == "register"
    assert _events(db, app_id, "advance")[0].opinion == "材料齐全，予以登记"
    assert d.timeline.rowCount() == 2

    accept_with(monkeypatch, actions.SendBackDialog, lambda x: x.set("reason", ""))
    assert not d.run(actions.SendBackDialog)  # a reason is required
    assert ctx.errors and "退回理由" in ctx.errors[-1].message and _app(db, app_id).status == "register"
    accept_with(monkeypatch, actions.SendBackDialog, lambda x: x.set("reason", "申请人信息不全"))
    assert d.run(actions.SendBackDialog)
    assert _app(db, app_id).status == "accept"
    assert _events(db, app_id, "send_back")[0].reason == "申请人信息不全"

    with db.session() as s:
        for _ in range(4):
            register.advance(s, app_id)
    d.reload()
    assert _app(db, app_id).status == "review"
    scan = tmp_path / "审批单.pdf"
    scan.write_bytes(b"%PDF signed by the head")

    def fill(x, name):
        x.set("approver", name)
        x.set("approved_on", dt.date(2026, 11, 26))
        x.set("scan", str(scan))
    errors = len(ctx.errors)
    accept_with(monkeypatch, actions.ApprovalDialog, lambda x: fill(x, ctx.operator))
    assert not d.run(actions.ApprovalDialog)  # never the clerk as approver
    assert len(ctx.errors) == errors + 1 and not _events(db, app_id, "approve")
    accept_with(monkeypatch, actions.ApprovalDialog, lambda x: fill(x, "李主任"))
    assert d.run(actions.ApprovalDialog)
    event = _events(db, app_id, "approve")[0]
    assert (event.approver_name, event.approved_on, event.actor) == ("李主任", dt.date(2026, 11, 26), "测试员")
    with db.read_session() as s:
        assert s.get(Attachment, event.attachment_id).size == len(scan.read_bytes())
    accept_with(monkeypatch, actions.AdvanceDialog, lambda x: x.set("opinion", "同意"))
    assert d.run(actions.AdvanceDialog)
    assert _app(db, app_id).status == "reply"
    assert not d.buttons["advance"].isEnabled()  # 归档 only after 办结


def test_correction_notice_received_and_not_corrected(db, ctx, detail, new_app, monkeypatch):
    app_id = new_app()
    d = detail(app_id)
    accept_with(monkeypatch, actions.CorrectionNoticeDialog, lambda x: (
        x.set("notified_on", dt.date(2026, 11, 23)), x.set("content", "请写明所需信息的年份")))
    assert d.run(actions.CorrectionNoticeDialog)
    assert _app(db, app_id).reply_due is None  # waiting for the corrected application
    accept_with(monkeypatch, actions.CorrectionReceivedDialog, lambda x: x.set("received_on", dt.date(2026, 11, 25)))
    assert d.run(actions.CorrectionReceivedDialog)
    with db.read_session() as s:
        corr = s.execute(select(Correction).where(Correction.application_id == app_id)).scalar_one()
    assert (corr.notified_on, corr.received_on) == (dt.date(2026, 11, 23), dt.date(2026, 11, 25))
    assert _app(db, app_id).reply_due > dt.date(2026, 12, 18)

    other = new_app("申请公开某事")
    d2 = detail(other)
    accept_with(monkeypatch, actions.CorrectionNoticeDialog, lambda x: (
        x.set("notified_on", dt.date(2026, 11, 23)), x.set("content", "请说明所需信息"), x.set("period_days", 2)))
    assert d2.run(actions.CorrectionNoticeDialog)
    accept_with(monkeypatch, actions.NoCorrectionDialog, lambda x: x.set("note", "逾期未补正"))
    assert not d2.run(actions.NoCorrectionDialog)  # no day of delivery: the period cannot be seen to end
    assert "送达日期" in ctx.errors[-1].message
    accept_with(monkeypatch, actions.NoticeDeliveredDialog, lambda x: x.set("delivered_on", dt.date(2026, 11, 24)))
    assert d2.run(actions.NoticeDeliveredDialog)
    assert "补正期限2个工作日，2026-11-24 送达" in d2.clock_summary.text()
    # 2 working days from the day after delivery (Wed 11-25, Thu 11-26): closing on 11-26 is too early.
    accept_with(monkeypatch, actions.NoCorrectionDialog, lambda x: x.set("closed_on", dt.date(2026, 11, 26)))
    assert not d2.run(actions.NoCorrectionDialog)
    assert "尚未逾期" in ctx.errors[-1].message and _app(db, other).outcome is None
    accept_with(monkeypatch, actions.NoCorrectionDialog, lambda x: x.set("closed_on", dt.date(2026, 11, 27)))
    assert d2.run(actions.NoCorrectionDialog)
    assert _app(db, other).outcome == "closed_no_correction"
    assert not d2.buttons["close"].isEnabled()


def test_consultation_and_extension(db, ctx, detail, new_app, monkeypatch):
    app_id = new_app()
    d = detail(app_id)
    before = _app(db, app_id).reply_due
    accept_with(monkeypatch, actions.ConsultationStartDialog, lambda x: (
        x.set("party", "third_party"), x.set("party_name", "青山建设公司"), x.set("sent_on", dt.date(2026, 11, 23))))
    assert d.run(actions.ConsultationStartDialog)
    assert d.info["open_consultations"][0]["party_name"] == "青山建设公司"
    accept_with(monkeypatch, actions.ConsultationEndDialog, lambda x: (
        x.set("ended_on", dt.date(2026, 11, 26)), x.set("opinion", "不同意公开")))
    assert d.run(actions.ConsultationEndDialog)
    with db.read_session() as s:
        cons = s.execute(select(Consultation).where(Consultation.application_id == app_id)).scalar_one()
    assert (cons.party, cons.ended_on, cons.opinion) == ("third_party", dt.date(2026, 11, 26), "不同意公开")
    paused = _app(db, app_id).reply_due
    assert paused > before  # the consultation days do not count

    def ext(x):
        assert x.inputs["working_days"].maximum() == 20  # art. 33: at most 20 working days
        x.set("working_days", 10)
        x.set("approver", "李主任")
        x.set("approved_on", dt.date(2026, 11, 26))
    accept_with(monkeypatch, actions.ExtensionDialog, ext)
    assert d.run(actions.ExtensionDialog)
    with db.read_session() as s:
        e = s.execute(select(Extension).where(Extension.application_id == app_id)).scalar_one()
    assert (e.working_days, e.approver) == (10, "李主任")
    assert _app(db, app_id).reply_due > paused
    assert any("延" in d.explanation.item(i).text() for i in range(d.explanation.count()))


def test_fee_notice_paid_and_unpaid(db, ctx, detail, new_app, monkeypatch):
    app_id = new_app()
    d = detail(app_id)
    accept_with(monkeypatch, actions.FeeNoticeDialog, lambda x: (
        x.set("notified_on", dt.date(2026, 11, 23)), x.set("amount", 100.0), x.set("method", "per_request")))
    assert d.run(actions.FeeNoticeDialog)
    accept_with(monkeypatch, actions.FeePaidDialog, lambda x: x.set("paid_on", dt.date(2026, 11, 25)))
    assert d.run(actions.FeePaidDialog)
    with db.read_session() as s:
        fee = s.execute(select(FeeNotice).where(FeeNotice.application_id == app_id)).scalar_one()
    assert (float(fee.amount_yuan), fee.method, fee.paid_on) == (100.0, "per_request", dt.date(2026, 11, 25))

    with db.session() as s:
        other = register.register_application(s, {
            "received_on": dt.date(2026, 9, 1), "channel": "in_person", "applicant_kind": "natural_person",
            "applicant_name": "李四", "content": "申请公开另一事项"}, today=TODAY).id
    d2 = detail(other)
    accept_with(monkeypatch, actions.FeeNoticeDialog, lambda x: (
        x.set("notified_on", dt.date(2026, 9, 10)), x.set("amount", 50.0), x.set("handed_over", True)))
    assert d2.run(actions.FeeNoticeDialog)
    # 20 working days from Fri 9-11; 10-01..10-07 off, Sat 10-10 a make-up day: the period ends on Wed 10-14.
    accept_with(monkeypatch, actions.FeeUnpaidDialog, lambda x: x.set("closed_on", dt.date(2026, 10, 14)))
    assert not d2.run(actions.FeeUnpaidDialog)
    assert "至2026年10月14日届满" in ctx.errors[-1].message
    accept_with(monkeypatch, actions.FeeUnpaidDialog, lambda x: x.set("closed_on", dt.date(2026, 10, 15)))
    assert d2.run(actions.FeeUnpaidDialog)
    assert _app(db, other).outcome == "closed_fee_unpaid"


def test_close_requires_a_legal_basis_for_refusals_and_cites_items(db, ctx, detail, new_app, monkeypatch):
    from app import negative_list

    with db.session() as s:
        item = negative_list.create_item(s, {
            "name": "低保对象的家庭收入和财产状况", "category": "个人隐私",
            "scope": "低保审核材料中的家庭收入、财产、身份证号码", "keywords": "低保、家庭收入、审核材料"})
    app_id = new_app()
    d = detail(app_id)

    def refuse(x, basis):
        x.set("outcome", "denied_third_party")
        assert x.suggestions.isVisible() or x.suggestions.count() >= 0
        x.check_item(item.id)
        x.set("legal_basis", basis)
        x.set("replied_on", dt.date(2026, 11, 26))
    accept_with(monkeypatch, CloseDialog, lambda x: refuse(x, ""))
    assert not d.run(CloseDialog)
    assert ctx.errors and "法律依据" in ctx.errors[-1].message
    assert _app(db, app_id).outcome is None

    accept_with(monkeypatch, CloseDialog, lambda x: (x.set("outcome", "partial"),
                                                      x.set("legal_basis", "《条例》第十五条")))
    assert not d.run(CloseDialog)  # partial needs the withheld parts
    assert "部分" in ctx.errors[-1].message and _app(db, app_id).outcome is None

    accept_with(monkeypatch, CloseDialog, lambda x: refuse(x, "《中华人民共和国政府信息公开条例》第十五条"))
    assert d.run(CloseDialog)
    app = _app(db, app_id)
    assert (app.outcome, app.replied_on) == ("denied_third_party", dt.date(2026, 11, 26))
    assert "第十五条" in app.legal_basis
    with db.read_session() as s:
        assert negative_list.cited_item_ids(s, app_id) == [item.id]
    assert "不予公开" in d.header.text()


def test_close_dialog_suggests_negative_list_items(db, ctx, qtbot, new_app):
    from app import negative_list

    with db.session() as s:
        item = negative_list.create_item(s, {
            "name": "低保对象的家庭收入和财产状况", "category": "个人隐私", "keywords": "低保、家庭收入、审核材料"})
    app_id = new_app()
    with db.read_session() as s:
        info = register.application_record(s, app_id)
    info["db_id"] = app_id
    dialog = CloseDialog(ctx, info, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.set("outcome", "granted")
    assert dialog.suggestions.isHidden()
    dialog.set("outcome", "denied_third_party")
    assert not dialog.suggestions.isHidden()
    ids = [dialog.suggestions.item(i).data(256) for i in range(dialog.suggestions.count())]
    assert item.id in ids
    dialog.check_item(item.id)
    assert "第十五条" in dialog.value("legal_basis")  # filled from the checked item's basis


def test_detail_shows_the_engine_explanation_and_timeline(db, detail, new_app):
    from app.register.clock import compute_for
    from app.register.common import get_application

    app_id = new_app()
    d = detail(app_id)
    with db.read_session() as s:
        expected = compute_for(s, get_application(s, app_id), today=TODAY).explanation
        tl = register.timeline(s, app_id)
    shown = [d.explanation.item(i).text() for i in range(d.explanation.count())]
    assert shown == [f"{i}. {line}" for i, line in enumerate(expected, start=1)]
    assert any("第三十三条" in line for line in shown)
    assert d.timeline.rowCount() == len(tl) == 1
    assert "答复期限" in d.clock_summary.text()
    assert "张三" in d.header.text()
