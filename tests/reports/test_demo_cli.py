"""The demo issues the 2024 and 2025 reports; `gongkai report annual` prints docs/spec/annual-report.md section 2."""

from __future__ import annotations

import datetime as dt
import json

from openpyxl import load_workbook

from app import reports
from app.cli.main import main
from app.reports import labels as L
from tests.helpers.reports import expected_numbers, load_sample_into


def test_demo_issues_two_reports(db):
    from app.reports import demo as demo_reports

    class Ctx:
        today = dt.date(2026, 3, 1)
        summary: dict = {}

    with db.session() as s:
        demo_reports.populate(s, Ctx())
    with db.read_session() as s:
        own = reports.own_office(s)
        assert [reports.get_report(s, own.id, y).status for y in (2024, 2025)] == ["issued", "issued"]
        assert reports.is_year_locked(s, own.id, 2025) and not reports.is_year_locked(s, own.id, 2026)


def test_cli_json_xlsx_pdf(db, tmp_path, capsys):
    load_sample_into(db)
    xlsx, pdf = tmp_path / "r.xlsx", tmp_path / "r.pdf"
    code = main(["--db", db.target, "report", "annual", "--year", "2026", "--json",
                 "--xlsx", str(xlsx), "--pdf", str(pdf)])
    out = capsys.readouterr().out
    assert code == 0
    data = json.loads(out)
    assert data["year"] == 2026
    assert data["applications"]["columns"] == list(L.COLUMNS)
    assert data["applications"]["rows"] == expected_numbers()["2026"]
    assert {c["rule"] for c in data["checks"]} >= {"balance", "column_total", "result_total"}
    assert all({"rule", "ok", "detail"} <= set(c) for c in data["checks"])
    assert load_workbook(xlsx)["三 依申请公开"]["J5"].value == 166
    assert pdf.read_bytes().startswith(b"%PDF")


def test_cli_text_issue_and_errors(db, capsys):
    load_sample_into(db)
    assert main(["--db", db.target, "report", "annual", "--year", "2025"]) == 0
    out = capsys.readouterr().out
    assert "一、本年新收政府信息公开申请数量" in out and "189" in out
    assert main(["--db", db.target, "report", "issue", "--year", "2025"]) == 0
    assert main(["--db", db.target, "report", "issue", "--year", "2025"]) != 0
    assert "已于" in capsys.readouterr().err
    assert main(["--db", db.target, "report", "annual", "--year", "2025", "--office", "NOPE"]) != 0
    assert "NOPE" in capsys.readouterr().err
    assert main(["--db", db.target, "report", "unlock", "--year", "2025", "--reason", "更正"]) == 0
