"""`gongkai deadline` and `gongkai calendar …` through app.cli.main.main."""

from __future__ import annotations

import json

from app.cli.main import main


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_deadline_json_contract(capsys, tmp_path):
    code, out, err = _run(capsys, "--db", str(tmp_path / "none.sqlite3"), "deadline", "--received", "2025-09-26", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["reply_due"] == "2025-10-30"
    assert data["correction_notice_due"] == "2025-10-13"
    assert data["provisional"] is False
    assert data["explanation"][0] == "收到申请之日（按条例第三十一条确定）为2025年9月26日（星期五）。"
    assert not (tmp_path / "none.sqlite3").exists()  # a pure computation creates no database


def test_deadline_of_a_replied_application_counts_nothing_to_today(capsys, tmp_path):
    code, out, err = _run(capsys, "--db", str(tmp_path / "none.sqlite3"), "deadline", "--received", "2025-09-26",
                          "--replied", "2025-11-04", "--today", "2026-06-01", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["late_days"] == 3 and data["days_left"] is None
    assert data["explanation"][-1] == "已于2025年11月4日答复，超过答复期限3个工作日（逾期答复）。"


def test_deadline_global_json_pauses_correction_extension(capsys, tmp_path):
    code, out, err = _run(
        capsys, "--db", str(tmp_path / "none.sqlite3"), "--json", "deadline", "--received", "2025-11-03",
        "--pause", "2025-11-05:2025-11-07", "--pause", "fee:2025-11-17:2025-11-18", "--extend", "5",
    )
    assert code == 0, err
    data = json.loads(out)
    assert (data["base_due"], data["reply_due"]) == ("2025-12-08", "2025-12-15")
    code, out, _ = _run(capsys, "--db", str(tmp_path / "none.sqlite3"), "deadline", "--received", "2026-04-29",
                        "--corrected", "2026-05-15", "--json")
    assert json.loads(out)["reply_due"] == "2026-06-12"


def test_deadline_provisional_and_text(capsys, tmp_path):
    code, out, _ = _run(capsys, "--db", str(tmp_path / "none.sqlite3"), "deadline", "--received", "2026-12-15")
    assert code == 0
    assert "答复期限：2027年1月13日（星期三）（暂定）" in out


def test_deadline_errors_are_one_chinese_line(capsys, tmp_path):
    code, out, err = _run(capsys, "--db", str(tmp_path / "none.sqlite3"), "deadline", "--received", "2025-09-26", "--extend", "21")
    assert code != 0 and out == ""
    assert err.startswith("错误：延长答复期限最长不得超过20个工作日") and "Traceback" not in err
    code, _, err = _run(capsys, "--db", str(tmp_path / "none.sqlite3"), "deadline", "--received", "2025-02-30")
    assert code != 0 and "不是有效日期" in err


def test_calendar_commands_change_the_deadline(capsys, cal_db):
    db = cal_db.target
    cal_db.dispose()
    code, out, err = _run(capsys, "--db", db, "calendar", "set", "2025-10-13", "--holiday", "--note", "三月三")
    assert code == 0, err
    assert "已将2025-10-13设为放假" in out
    code, out, _ = _run(capsys, "--db", db, "deadline", "--received", "2025-09-26", "--json")
    assert json.loads(out)["correction_notice_due"] == "2025-10-14"
    code, out, _ = _run(capsys, "--db", db, "calendar", "list", "--year", "2025", "--json")
    assert json.loads(out)["overrides"] == [{"date": "2025-10-13", "is_workday": False, "note": "三月三", "source": "local"}]
    code, out, _ = _run(capsys, "--db", db, "calendar", "delete", "2025-10-13")
    assert code == 0
    code, _, err = _run(capsys, "--db", db, "calendar", "delete", "2025-10-13")
    assert code != 0 and "没有本地日历设定" in err
    code, out, _ = _run(capsys, "--db", db, "deadline", "--received", "2025-09-26", "--json")
    assert json.loads(out)["correction_notice_due"] == "2025-10-13"


def test_calendar_import_and_official_year(capsys, cal_db, tmp_path):
    db = cal_db.target
    cal_db.dispose()
    f = tmp_path / "2027.csv"
    f.write_text("日期,类型,备注\n2027-01-04,放假,元旦调休\n", encoding="utf-8")
    code, out, err = _run(capsys, "--db", db, "calendar", "import", str(f))
    assert code == 0, err
    assert "新增1条" in out
    code, out, _ = _run(capsys, "--db", db, "calendar", "official", "2027")
    assert code == 0
    code, out, _ = _run(capsys, "--db", db, "deadline", "--received", "2026-12-15", "--json")
    data = json.loads(out)
    # 2027 is now official: 12/16–12/31 (12), 1/1 元旦 and the override 1/4 off, 1/5–1/8 (16), 1/11–1/14.
    assert data["provisional"] is False
    assert data["reply_due"] == "2027-01-14"
    code, out, _ = _run(capsys, "--db", db, "calendar", "list", "--year", "2027", "--days", "--json")
    days = json.loads(out)["days"]
    assert days[0] == {"date": "2027-01-01", "is_workday": False, "kind": "holiday", "name": "元旦"}
    assert days[1] == {"date": "2027-01-04", "is_workday": False, "kind": "override_day_off", "name": "元旦调休"}
