"""`gongkai request add|step`: one application registered and taken through every step from the command line."""

from __future__ import annotations

import json

import pytest

from app import register
from app.cli.main import main


@pytest.fixture
def cli(db, capsys):
    """Run `gongkai --db … ARGS`; returns (exit code, stdout, stderr)."""

    def run(*args: str):
        code = main(["--db", str(db.url), *args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def _add(cli, name="张三", received="2025-09-26") -> str:
    code, out, err = cli("--json", "request", "add", "--received", received, "--channel", "in_person",
                         "--kind", "natural_person", "--name", name, "--content", "申请公开青山镇2024年度低保对象名单")
    assert code == 0, err
    return json.loads(out)["serial"]


def _record(db, serial: str) -> dict:
    with db.read_session() as s:
        return register.application_record(s, register.get_by_serial(s, serial).id)


def _actions(db, serial: str) -> list[str]:
    with db.read_session() as s:
        return [e.action for e in register.timeline(s, register.get_by_serial(s, serial).id)]


def test_request_add_registers_every_field_of_the_form(db, cli, tmp_path):
    scan = tmp_path / "申请表.pdf"
    scan.write_bytes(b"%PDF-1.4 application form")
    code, out, err = cli("--json", "request", "add", "--received", "2025-09-26", "--channel", "online",
                         "--receipt-note", "9月26日与申请人电话确认", "--kind", "commercial",
                         "--name", "青山县某某有限公司", "--contact", "李四", "--phone", "0571-88888888",
                         "--address", "青山县人民路1号", "--email", "a@example.cn",
                         "--content", "申请公开某项目环评批复", "--form", "电子邮件", "--notes", "网上申请平台转来",
                         "--file", str(scan))
    assert code == 0, err
    state = json.loads(out)
    assert state["status"] == "accept" and state["reply_due"] == "2025-10-30"
    rec = _record(db, state["serial"])
    assert rec["channel"] == "online" and rec["receipt_note"] == "9月26日与申请人电话确认"
    assert rec["applicant"] == {"kind": "commercial", "name": "青山县某某有限公司", "phone": "0571-88888888",
                                "address": "青山县人民路1号", "email": "a@example.cn", "contact_person": "李四"}
    assert rec["requested_form"] == "电子邮件" and rec["notes"] == "网上申请平台转来"
    with db.read_session() as s:
        files = register.attachments(s, register.get_by_serial(s, state["serial"]).id)
    assert [f.filename for f in files] == ["申请表.pdf"]


def test_request_add_refuses_bad_input_in_chinese(db, cli):
    # An online application needs the note saying how the day of receipt was confirmed (art. 31(三)).
    code, out, err = cli("request", "add", "--received", "2025-09-26", "--channel", "online", "--kind",
                         "natural_person", "--name", "张三", "--content", "申请公开某文件")
    assert code == 2 and "收到日期说明" in err
    with db.read_session() as s:
        assert register.query_ids(s, register.RegisterFilter()) == []


def test_request_add_help_lists_its_flags_in_chinese(db, capsys):
    with pytest.raises(SystemExit):
        main(["--db", str(db.url), "request", "add", "-h"])
    text = capsys.readouterr().out
    for flag, words in (("--received", "收到申请之日"), ("--channel", "申请渠道"), ("--receipt-note", "收到日期说明"),
                        ("--kind", "申请人类型"), ("--name", "申请人姓名或名称"), ("--id-number", "统一社会信用代码"),
                        ("--contact", "联系人"), ("--phone", "联系电话"), ("--address", "通讯地址"),
                        ("--email", "电子邮箱"), ("--content", "申请内容"), ("--form", "提供形式"),
                        ("--notes", "备注"), ("--file", "扫描件")):
        assert flag in text and words in text, flag


def test_the_whole_workflow_from_the_command_line(db, cli):
    serial = _add(cli)
    assert cli("request", "step", serial, "advance", "--opinion", "材料齐全")[0] == 0  # 受理 → 登记
    assert cli("request", "step", serial, "advance", "--opinion", "拟予公开")[0] == 0  # 登记 → 拟办
    assert cli("request", "step", serial, "advance")[0] == 0  # 拟办 → 会商
    code, out, err = cli("request", "step", serial, "consult", "--party", "third_party", "--party-name", "王五",
                         "--date", "2025-10-09")
    assert code == 0, err
    code, out, err = cli("request", "step", serial, "consult-end", "--date", "2025-10-13", "--opinion", "同意公开")
    assert code == 0, err
    code, out, err = cli("--json", "request", "step", serial, "extend", "--days", "10", "--approver", "王主任",
                         "--date", "2025-10-30")
    assert code == 0, err
    extended = json.loads(out)["reply_due"]
    assert cli("request", "step", serial, "advance")[0] == 0  # 会商 → 审核
    code, out, err = cli("request", "step", serial, "advance")
    assert code == 2 and "审批" in err  # 审核 needs the head's approval first
    assert cli("request", "step", serial, "approve", "--approver", "王主任", "--date", "2025-11-03",
               "--opinion", "同意")[0] == 0
    assert cli("request", "step", serial, "send-back", "--reason", "依据不全", "--to", "draft")[0] == 0
    assert _record(db, serial)["status"] == "draft"
    for _ in range(2):
        assert cli("request", "step", serial, "advance")[0] == 0  # 拟办 → 会商 → 审核
    assert cli("request", "step", serial, "approve", "--approver", "王主任", "--date", "2025-11-04")[0] == 0
    code, out, err = cli("--json", "request", "step", serial, "reply", "--outcome", "granted", "--date", "2025-11-05")
    assert code == 0, err
    closed = json.loads(out)
    assert closed["outcome"] == "granted" and closed["status"] == "reply" and closed["late_days"] is None
    assert cli("request", "step", serial, "archive", "--opinion", "已归档")[0] == 0
    rec = _record(db, serial)
    assert rec["status"] == "archive" and rec["replied_on"] == "2025-11-05" and rec["reply_due"] == extended
    assert rec["consultations"][0]["ended_on"] == "2025-10-13"
    assert rec["extension"]["working_days"] == 10
    assert _actions(db, serial) == [
        "create", "advance", "advance", "advance", "consultation_start", "consultation_end", "extension",
        "advance", "approve", "send_back", "advance", "advance", "approve", "close", "advance"]


def test_correction_and_fee_steps_from_the_command_line(db, cli):
    corrected, abandoned, paid, unpaid = (_add(cli, name) for name in ("甲", "乙", "丙", "丁"))
    for serial in (corrected, abandoned):
        code, _, err = cli("request", "step", serial, "correction", "--date", "2025-09-29", "--items", "请写明年份",
                           "--period", "15")
        assert code == 0, err
    code, out, err = cli("--json", "request", "step", corrected, "corrected", "--date", "2025-10-09")
    assert code == 0, err
    assert json.loads(out)["reply_due"] == "2025-11-05"  # 20 working days from the corrected application
    # 逾期不补正 before the period has run from the day after delivery: refused, nothing changes.
    code, _, err = cli("request", "step", abandoned, "no-correction", "--date", "2025-10-20")
    assert code == 2 and "送达日期" in err
    assert cli("request", "step", abandoned, "delivered", "--notice", "correction", "--date", "2025-09-30")[0] == 0
    code, _, err = cli("request", "step", abandoned, "no-correction", "--date", "2025-10-28")
    assert code == 2 and "2025年10月28日届满" in err
    assert _record(db, abandoned)["outcome"] is None
    assert cli("request", "step", abandoned, "no-correction", "--date", "2025-10-29")[0] == 0
    assert _record(db, abandoned)["outcome"] == "closed_no_correction"

    for serial in (paid, unpaid):
        code, _, err = cli("request", "step", serial, "fee", "--date", "2025-10-09", "--amount", "300",
                           "--method", "per_request", "--delivered", "2025-10-10")
        assert code == 0, err
    code, out, err = cli("--json", "request", "step", paid, "paid", "--date", "2025-10-20")
    assert code == 0, err
    assert json.loads(out)["reply_due"] is not None
    code, _, err = cli("request", "step", unpaid, "fee-unpaid", "--date", "2025-11-06")
    assert code == 2 and "2025年11月6日届满" in err
    assert cli("request", "step", unpaid, "fee-unpaid", "--date", "2025-11-07")[0] == 0
    assert _record(db, unpaid)["outcome"] == "closed_fee_unpaid"


def test_a_late_reply_from_the_command_line_says_how_late(db, cli):
    serial = _add(cli)
    code, out, err = cli("request", "step", serial, "reply", "--outcome", "granted", "--date", "2025-11-04")
    assert code == 0, err
    assert "逾期答复，超过答复期限3个工作日" in out
    code, out, err = cli("request", "step", serial, "extend", "--days", "5", "--approver", "王主任",
                         "--date", "2025-10-20")
    assert code == 2 and "已办结" in err


def test_a_step_on_an_unknown_serial_or_with_bad_flags_is_refused(cli):
    code, _, err = cli("request", "step", "GK-2099-00001", "advance")
    assert code == 2 and "GK-2099-00001" in err
    serial = _add(cli)
    code, _, err = cli("request", "step", serial, "extend", "--days", "21", "--approver", "王主任",
                       "--date", "2025-10-20")
    assert code == 2 and "20个工作日" in err


def test_request_add_with_an_id_type_checks_keeps_and_exports_it(db, cli, tmp_path):
    base = ("--json", "request", "add", "--received", "2025-09-26", "--channel", "in_person",
            "--kind", "natural_person", "--name", "John Smith", "--content", "申请公开青山镇2024年度低保对象名单")
    code, out, err = cli(*base, "--id-number", "E12345678", "--id-type", "passport")
    assert code == 0, err
    serial = json.loads(out)["serial"]
    assert _record(db, serial)["applicant"]["id_type"] == "passport"
    out_file = tmp_path / "export.jsonl"
    code, _, err = cli("request", "export", "--out", str(out_file))
    assert code == 0, err
    [line] = out_file.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["applicant"] == {"kind": "natural_person", "name": "John Smith", "id_type": "passport",
                                             "id_number": "E12345678"}


def test_request_add_refuses_a_number_that_does_not_fit_its_type(db, cli):
    base = ("request", "add", "--received", "2025-09-26", "--channel", "in_person",
            "--kind", "natural_person", "--name", "张三", "--content", "申请公开青山镇2024年度低保对象名单")
    bad_check = "330106198505105041"  # the check character of 33010619850510504 is not 1
    code, _, err = cli(*base, "--id-number", bad_check, "--id-type", "resident_id")
    assert code != 0 and "校验位" in err
    code, _, err = cli(*base, "--id-number", "E12345678")  # a passport number needs its type
    assert code != 0 and "证件类型" in err
    with pytest.raises(SystemExit) as exit_:
        cli(*base, "--id-number", "E12345678", "--id-type", "driving_licence")
    assert exit_.value.code == 2
    with db.read_session() as s:
        assert list(register.export_records(s)) == []


def test_request_add_help_lists_the_id_types_with_their_labels(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")  # one line per option: no wrapping inside a code=label pair
    with pytest.raises(SystemExit):
        main(["request", "add", "--help"])
    out = capsys.readouterr().out
    assert "--id-type" in out and "passport=护照" in out and "org_code=组织机构代码" in out
