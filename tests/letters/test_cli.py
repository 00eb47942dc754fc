"""`gongkai letter`: issue once, then reprint the same bytes; corrections; clear errors."""

from __future__ import annotations

import json

from app.cli.main import main
from tests.helpers.letters import pdftotext


def _serial(sample_records, outcome):
    return next(r["serial"] for r in sample_records[:60] if r["outcome"] == outcome)


def test_letter_issues_then_reprints_identical_bytes(db, imported, sample_records, tmp_path, capsys):
    serial = _serial(sample_records, "unavailable_not_held")
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    args = ["--db", str(db.url), "letter", serial, "--kind", "reply", "--date", "2026-03-09",
            "--set", "search_done=检索了本机关的发文登记簿"]
    assert main([*args, "--out", str(first)]) == 0
    assert main(["--json", *args, "--out", str(second)]) == 0
    out = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert out["reprint"] is True and out["doc_number"] == "测政办公开〔2026〕1号"
    assert first.read_bytes() == second.read_bytes()
    assert "政府信息公开申请答复书" in pdftotext(first.read_bytes())


def test_letter_missing_field_is_a_chinese_error(db, imported, sample_records, tmp_path, capsys):
    serial = _serial(sample_records, "partial")
    out = tmp_path / "p.pdf"
    code = main(["--db", str(db.url), "letter", serial, "--kind", "reply", "--out", str(out)])
    assert code != 0 and not out.exists()
    assert "不予公开的理由" in capsys.readouterr().err
    code = main(["--db", str(db.url), "letter", serial, "--kind", "reply", "--out", str(out),
                 "--set", "provided=发放总额", "--set", "withheld=身份证号码", "--set", "withheld_reason=属于个人隐私"])
    assert code == 0 and "属于个人隐私" in pdftotext(out.read_bytes())


def test_missing_facts_are_named_with_their_set_keys(db, imported, sample_records, tmp_path, capsys):
    serial = _serial(sample_records, "rejected_repeat")
    out = tmp_path / "r.pdf"
    base = ["--db", str(db.url), "letter", serial, "--kind", "reply", "--date", "2026-03-09", "--out", str(out)]
    assert main(base) != 0 and not out.exists()
    err = capsys.readouterr().err
    assert "--set previous_reply_on=" in err and "--set previous_doc_number=" in err
    assert main([*base, "--set", "previous_reply_on=2025-11-20", "--set", "previous_doc_number=测政办公开〔2025〕8号"]) == 0
    text = pdftotext(out.read_bytes()).replace("\n", "")
    assert "2025年11月20日" in text and "2025-11-20" not in text


def test_reason_request_letter(db, imported, sample_records, tmp_path, capsys):
    serial = sample_records[0]["serial"]
    out = tmp_path / "s.pdf"
    args = ["--db", str(db.url), "letter", serial, "--kind", "reason_request", "--date", "2026-03-09",
            "--out", str(out)]
    assert main(args) != 0 and "--set request_volume=" in capsys.readouterr().err
    assert main([*args, "--set", "request_volume=申请人本月共提出申请46件",
                 "--set", "reason_deadline=自收到本告知书之日起15个工作日内"]) == 0
    text = pdftotext(out.read_bytes()).replace("\n", "")
    assert "说明理由告知书" in text and "第三十五条" in text
