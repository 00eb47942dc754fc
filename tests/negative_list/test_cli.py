"""`gongkai negative-list …` end to end on a database file."""

from __future__ import annotations

import json

import openpyxl

from app.cli.main import main


def _run(db, capsys, *argv):
    target = str(db.path) if db.path else str(db.url)
    code = main(["--db", target, "--operator", "命令行", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_add_list_show_review_export(db, capsys, tmp_path):
    code, out, err = _run(db, capsys, "negative-list", "add", "--name", "信访人的个人信息", "--category", "个人隐私",
                          "--decided-on", "2024-01-15", "--keywords", "信访人，住址", "--unit", "县信访局")
    assert code == 0, err
    assert "已新增事项 1：信访人的个人信息（个人隐私，第十五条）" in out

    code, out, _ = _run(db, capsys, "--json", "negative-list", "list")
    (item,) = json.loads(out)
    assert item["keywords"] == ["信访人", "住址"] and item["next_review_on"] == "2025-01-15"

    code, out, _ = _run(db, capsys, "negative-list", "review-due", "--today", "2025-02-01")
    assert "信访人的个人信息" in out

    code, out, err = _run(db, capsys, "negative-list", "review", "1", "--decision", "change", "--note", "范围缩小",
                          "--scope", "信访人身份证号码和住址", "--date", "2025-02-01")
    assert code == 0, err
    assert "状态：已调整" in out and "下次复核：2026-02-01" in out

    code, out, _ = _run(db, capsys, "negative-list", "show", "1")
    assert "历史版本：1个" in out and "复核记录：1次" in out and "命令行" in out

    xlsx, pdf = tmp_path / "nl.xlsx", tmp_path / "nl.pdf"
    code, out, err = _run(db, capsys, "negative-list", "export", "--xlsx", str(xlsx), "--pdf", str(pdf))
    assert code == 0, err
    assert openpyxl.load_workbook(xlsx).active["B4"].value == "信访人的个人信息"
    assert pdf.read_bytes().startswith(b"%PDF")


def test_errors_are_one_chinese_line(db, capsys):
    code, out, err = _run(db, capsys, "negative-list", "add", "--name", "甲", "--category", "秘密")
    assert code != 0 and err.startswith("错误：事项类别“秘密”无效") and "Traceback" not in err
    code, _, err = _run(db, capsys, "negative-list", "show", "42")
    assert code != 0 and "不存在" in err
    code, _, err = _run(db, capsys, "negative-list", "export")
    assert code != 0 and "--xlsx" in err
