"""The platform's inbox against the reference platform on 127.0.0.1: online applications land once with
the right receipt dates, a calendar release moves deadlines, faults lose nothing (docs/spec/packages.md 5)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.packages import platform as packages_sync
from app.packages.inbox_applications import online_receipt_date
from app.refplatform import releases
from app.storage.models.packages import InboxPackage, OnlineApplication
from app.storage.models.register import Application

TOKEN = "platform-token"
APPLICANT = {"kind": "natural_person", "name": "陈静", "phone": "13900000001"}


def _submit(platform, office: str, *when: str) -> list[str]:
    _, refs = releases.submit_applications(platform.state, office, [
        {"submitted_at": w, "applicant": APPLICANT, "content": f"申请公开2026年道路改造项目资金（{w}）"} for w in when])
    return refs


def _online(db) -> dict[str, tuple[Application, OnlineApplication]]:
    with db.read_session() as s:
        rows = s.execute(select(Application, OnlineApplication).join(
            OnlineApplication, OnlineApplication.application_id == Application.id)).all()
        return {o.platform_ref: (a, o) for a, o in rows}


def test_online_applications_land_once_with_the_receipt_date_of_art_31(county_on_platform, ref_platform):
    county, code = county_on_platform
    saturday, friday_evening, monday_morning, friday_afternoon = _submit(
        ref_platform, code, "2026-12-05T10:15:00+08:00", "2026-12-04T19:40:00+08:00",
        "2026-11-30T09:05:00+08:00", "2026-12-04T16:59:00+08:00")
    report = packages_sync.sync(county, url=ref_platform.url, token=TOKEN)
    inbox = report.inbox
    assert inbox.error is None and len(inbox.registered) == 4 and inbox.acknowledged == 5  # 1 package + 4 serials
    got = _online(county)
    assert {ref: a.received_on for ref, (a, _) in got.items()} == {
        saturday: dt.date(2026, 12, 7), friday_evening: dt.date(2026, 12, 7),
        monday_morning: dt.date(2026, 11, 30), friday_afternoon: dt.date(2026, 12, 4)}
    app, row = got[friday_evening]
    assert app.channel == "online" and app.reply_due is not None and app.outcome is None
    assert "19:40" in app.receipt_note and "下一个工作日2026-12-07" in app.receipt_note and friday_evening in app.receipt_note
    assert app.applicant_phone == "13900000001"  # the office's own copy is complete
    assert row.submitted_text == "2026-12-04T19:40:00+08:00" and row.acknowledged_at is not None
    # the platform got the serials back, and its inbox item is acknowledged
    assert {r: a.serial for r, a in ref_platform.state.applications.items()} == \
        {ref: a.serial for ref, (a, _) in got.items()}
    assert all(i.acknowledged_at for i in ref_platform.state.inbox)

    # fetched again (the read position lost: the platform serves the same package): registered once
    with county.session() as s:
        from app.core import settings

        settings.set_setting(s, "packages.inbox_cursor", None)
    report = packages_sync.sync(county, url=ref_platform.url, token=TOKEN)
    assert report.inbox.registered == [] and report.inbox.duplicate and report.inbox.error is None
    # the platform sends an application again in a new package: still one case
    releases.submit_applications(ref_platform.state, code, [
        {"platform_ref": saturday, "submitted_at": "2026-12-05T10:15:00+08:00", "applicant": APPLICANT,
         "content": "重复推送"}])
    report = packages_sync.sync(county, url=ref_platform.url, token=TOKEN)
    assert report.inbox.registered == [] and len(report.inbox.applied) == 1
    assert len(_online(county)) == 4
    with county.read_session() as s:
        assert s.query(Application).filter(Application.channel == "online").count() == 4


def test_the_receipt_date_rule():
    workdays = {dt.date(2026, 12, d) for d in (4, 7)}  # Friday and Monday
    bj = dt.timezone(dt.timedelta(hours=8))
    assert online_receipt_date(dt.datetime(2026, 12, 4, 16, 59, tzinfo=bj), workdays.__contains__)[0] == \
        dt.date(2026, 12, 4)
    assert online_receipt_date(dt.datetime(2026, 12, 4, 17, 0, tzinfo=bj), workdays.__contains__)[0] == \
        dt.date(2026, 12, 7)
    # 23:30 UTC on Thursday is 07:30 on Friday in Beijing
    assert online_receipt_date(dt.datetime(2026, 12, 3, 23, 30, tzinfo=dt.timezone.utc),
                               workdays.__contains__)[0] == dt.date(2026, 12, 4)
    day, note = online_receipt_date(dt.datetime(2026, 12, 5, 9, 0, tzinfo=bj), workdays.__contains__)
    assert day == dt.date(2026, 12, 7) and "当日不是工作日" in note


def test_a_submission_without_a_time_zone_refuses_the_package(county_on_platform, ref_platform):
    county, code = county_on_platform
    item, _ = releases.submit_applications(ref_platform.state, code, [
        {"submitted_at": "2026-12-04T19:40:00+08:00", "applicant": APPLICANT, "content": "x"}])
    # forge the stored record's time: the platform's own page would never do this
    import json
    import zipfile
    from io import BytesIO

    with zipfile.ZipFile(BytesIO(ref_platform.state.bodies[item.package_id])) as zf:
        rec = json.loads(zf.read("data/applications.jsonl"))
    rec["submitted_at"] = "2026-12-04T19:40:00"
    ref_platform.state.inbox.clear()
    ref_platform.state.streams.clear()
    ref_platform.state.queue(code, "applications", "坏记录", {"applications": [rec]})
    report = packages_sync.sync(county, url=ref_platform.url, token=TOKEN)
    assert report.inbox.registered == [] and "没有时区" in next(iter(report.inbox.refused.values()))
    with county.read_session() as s:
        assert s.query(Application).count() == 0
        assert s.execute(select(InboxPackage.state)).scalars().all() == ["refused"]
    assert ref_platform.state.inbox[0].acknowledged_at is None  # nothing acknowledged that was not imported


@pytest.mark.parametrize("fault", ["outage", "busy", "redirect"])
def test_faults_of_the_inbox_lose_nothing(county_on_platform, ref_platform, fault):
    county, code = county_on_platform
    [ref] = _submit(ref_platform, code, "2026-12-04T10:00:00+08:00")
    ref_platform.fault = fault
    report = packages_sync.sync(county, url=ref_platform.url, token=TOKEN)
    assert report.inbox.registered == [] and report.inbox.error
    assert {"outage": "503", "busy": "429", "redirect": "重定向"}[fault] in report.inbox.error
    assert _online(county) == {}
    ref_platform.fault = "ok"
    report = packages_sync.sync(county, url=ref_platform.url, token=TOKEN, force=True)
    assert [r.platform_ref for r in report.inbox.registered] == [ref]
    assert ref_platform.state.applications[ref].serial == _online(county)[ref][0].serial


def test_an_acknowledgement_that_did_not_get_through_is_sent_again(county_on_platform, ref_platform, monkeypatch):
    county, code = county_on_platform
    [ref] = _submit(ref_platform, code, "2026-12-04T10:00:00+08:00")
    real = ref_platform._ack
    monkeypatch.setattr(ref_platform, "_ack", lambda h: ref_platform._json(h, 503, {"status": "error"}))
    report = packages_sync.sync(county, url=ref_platform.url, token=TOKEN)
    assert len(report.inbox.registered) == 1 and "确认回执稍后重发" in report.inbox.error
    assert ref_platform.state.applications[ref].serial is None
    monkeypatch.setattr(ref_platform, "_ack", real)
    report = packages_sync.sync(county, url=ref_platform.url, token=TOKEN)
    assert report.inbox.registered == [] and report.inbox.acknowledged == 2
    assert ref_platform.state.applications[ref].serial == _online(county)[ref][0].serial


def test_a_package_signed_by_another_key_is_refused(county_on_platform, ref_platform):
    from app.refplatform import Platform

    county, code = county_on_platform
    impostor = Platform(token=TOKEN).start()
    try:
        _submit(impostor, code, "2026-12-04T10:00:00+08:00")
        report = packages_sync.sync(county, url=impostor.url, token=TOKEN)
        assert report.inbox.registered == [] and report.inbox.refused
        assert impostor.state.inbox[0].acknowledged_at is None
        assert _online(county) == {}
    finally:
        impostor.stop()


def test_a_calendar_release_moves_open_deadlines(county_on_platform, ref_platform):
    from app.calendar import official_years
    from app.register import register_application

    county, code = county_on_platform
    with county.session() as s:
        state = register_application(s, {
            "received_on": dt.date(2026, 12, 14), "channel": "in_person", "applicant_kind": "natural_person",
            "applicant_name": "王五", "content": "申请公开2027年度预算", "receipt_note": "当面提交"},
            today=dt.date(2026, 12, 14))
    before = state.reply_due
    # a 2027 arrangement (made up for the test): 4 and 5 January are days off
    releases.release_calendar(ref_platform.state, code, 2027, [
        {"date": "2027-01-04", "is_workday": False, "note": "元旦"},
        {"date": "2027-01-05", "is_workday": False, "note": "元旦"}])
    report = packages_sync.sync(county, url=ref_platform.url, token=TOKEN)
    [moved] = report.inbox.moved
    with county.read_session() as s:
        app = s.get(Application, state.id)
        assert 2027 in official_years(s)
    assert moved.serial == state.serial and moved.old == before and moved.new == app.reply_due
    assert app.reply_due > before  # two more days off before the due date
    assert "工作日历更新" in report.message and "1件申请的答复期限随之改变" in report.message


def test_template_releases_never_overwrite_the_offices_own_wording_unasked(county_on_platform, ref_platform):
    from app import letters
    from app.packages.releases import list_template_releases, settle_template_release

    county, code = county_on_platform
    with county.session() as s:
        letters.save_template_override(s, "reply", "closing", "本机关自己的结束语。")
    releases.release_templates(ref_platform.state, code, [
        {"kind": "reply", "key": "closing", "text": "平台统一的结束语。"},
        {"kind": "reply", "key": "opening", "text": "平台统一的开头。"}])
    report = packages_sync.sync(county, url=ref_platform.url, token=TOKEN)
    assert "1项文书文字与本机关自己的文字不同" in report.message
    with county.read_session() as s:
        words = letters.template_overrides(s, "reply")
        pending = list_template_releases(s, pending_only=True)
    assert words["opening"] == "平台统一的开头。"  # no wording of its own: the platform's is used
    assert words["closing"] == "本机关自己的结束语。"  # its own: kept until the clerk decides
    [p] = pending
    assert p.key == "closing" and p.office_text == "本机关自己的结束语。" and p.text == "平台统一的结束语。"
    # a later release of a key whose platform text the office took replaces it without asking
    releases.release_templates(ref_platform.state, code, [{"kind": "reply", "key": "opening", "text": "平台新开头。"}])
    packages_sync.sync(county, url=ref_platform.url, token=TOKEN)
    with county.session() as s:
        assert letters.template_overrides(s, "reply")["opening"] == "平台新开头。"
        settle_template_release(s, p.id, take=True)
    with county.read_session() as s:
        assert letters.template_overrides(s, "reply")["closing"] == "平台统一的结束语。"
        assert list_template_releases(s, pending_only=True) == []


def test_pending_template_releases_from_the_command_line(county_on_platform, ref_platform, capsys):
    import json

    from app import letters
    from app.cli.main import main

    county, code = county_on_platform
    with county.session() as s:
        letters.save_template_override(s, "reply", "closing", "本机关自己的结束语。")
    releases.release_templates(ref_platform.state, code, [{"kind": "reply", "key": "closing", "text": "平台的。"}])
    packages_sync.sync(county, url=ref_platform.url, token=TOKEN)
    capsys.readouterr()
    assert main(["--db", county.target, "--json", "package", "releases"]) == 0
    [item] = json.loads(capsys.readouterr().out)
    assert item["state"] == "pending" and item["office_text"] == "本机关自己的结束语。"
    assert main(["--db", county.target, "package", "releases", "--keep", str(item["id"])]) == 0
    assert "保留本机关文字" in capsys.readouterr().out
    assert main(["--db", county.target, "package", "releases", "--take", str(item["id"])]) != 0
    assert "不在待决定状态" in capsys.readouterr().err
    with county.read_session() as s:
        assert letters.template_overrides(s, "reply")["closing"] == "本机关自己的结束语。"


def test_negative_list_guidance_over_http_becomes_the_offices_own_items(county_on_platform, ref_platform):
    import json
    import urllib.request

    from app.negative_list import export_records
    from app.negative_list.taxonomy import categories

    county, code = county_on_platform
    req = urllib.request.Request(ref_platform.url + "/admin/guidance", method="POST", data=json.dumps(
        {"office": code, "items": [{"name": "省级指导：信访件办理过程材料", "category": categories()[0].code,
                                    "keywords": ["信访"]}]}).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req) as resp:
        assert resp.status == 201
    report = packages_sync.sync(county, url=ref_platform.url, token=TOKEN)
    assert "负面清单指导事项更新1项" in report.message
    with county.read_session() as s:
        [item] = list(export_records(s))
    assert item["name"] == "省级指导：信访件办理过程材料" and item["office"] == code


def test_gongkai_sync_reports_the_inbox(county_on_platform, ref_platform, capsys, monkeypatch):
    import json

    from app.cli.main import main

    county, code = county_on_platform
    [ref] = _submit(ref_platform, code, "2026-12-05T10:15:00+08:00")
    monkeypatch.setenv("GONGKAI_SYNC_TOKEN", TOKEN)
    assert main(["--db", county.target, "--json", "sync", "--url", ref_platform.url]) == 0
    out = json.loads(capsys.readouterr().out)
    [registered] = out["inbox"]["registered"]
    assert registered["platform_ref"] == ref and registered["received_on"] == "2026-12-07"
    ref_platform.fault = "busy"
    assert main(["--db", county.target, "sync", "--url", ref_platform.url]) == 5  # something left to retry
    assert "429" in capsys.readouterr().out
