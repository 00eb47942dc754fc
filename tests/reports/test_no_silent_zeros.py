"""The annual report takes tables 二 and 四 from the ledger and the fees from the register: when a piece is
missing or broken the report fails loudly, it never prints zeros in their place."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app import ledger, reports
from app.cli.main import main


def _broken(*_args, **_kwargs):
    raise RuntimeError("台账统计出错")


def test_report_annual_fails_when_the_ledger_counts_fail(db, capsys, monkeypatch):
    monkeypatch.setattr(ledger, "annual_counts", _broken)
    code = main(["--db", db.target, "report", "annual", "--year", "2025"])
    captured = capsys.readouterr()
    assert code != 0
    assert "台账统计出错" in captured.err
    assert captured.out == ""  # no report, let alone one with zeros


def test_report_annual_json_fails_when_the_ledger_counts_fail(db, capsys, monkeypatch):
    monkeypatch.setattr(ledger, "annual_counts", _broken)
    assert main(["--db", db.target, "report", "annual", "--year", "2025", "--json"]) != 0
    assert capsys.readouterr().out == ""


def test_report_annual_fails_when_the_ledger_has_no_counts(db, capsys, monkeypatch):
    # Once printed tables 二 and 四 as zeros. The face imports the name on first use: take it from the
    # module that defines it, and from the face's cache of it.
    from app.ledger import statistics

    monkeypatch.delattr(statistics, "annual_counts")
    monkeypatch.delattr(ledger, "annual_counts", raising=False)
    assert main(["--db", db.target, "report", "annual", "--year", "2025"]) != 0
    captured = capsys.readouterr()
    assert captured.out == "" and "annual_counts" in captured.err


def test_a_number_the_ledger_leaves_out_is_an_error_not_a_zero(db, monkeypatch):
    real = ledger.annual_counts

    def without_penalty(*args, **kwargs):
        counts = real(*args, **kwargs)
        del counts["proactive"]["penalty"]
        return counts

    monkeypatch.setattr(ledger, "annual_counts", without_penalty)
    with db.read_session() as s, pytest.raises(KeyError, match="penalty"):
        reports.compute_annual(s, 2025)


def test_the_ledger_counts_reach_the_report(db):
    with db.session() as s:
        office_id = reports.own_office(s).id
        ledger.set_figures(s, 2025, {"penalty": 7}, office_id=office_id)
    with db.read_session() as s:
        data = reports.compute_annual(s, 2025)
    assert data.proactive["penalty"] == 7


def test_fees_need_the_registers_fee_table(db):
    with db.session() as s:
        s.execute(sa.text("DROP TABLE fee_notice"))
    with db.read_session() as s, pytest.raises(sa.exc.DBAPIError, match="fee_notice"):
        reports.compute_annual(s, 2025)  # once: 0 yuan collected


def test_the_draft_text_needs_every_activity_count(db):
    from app.reports.text import draft_sections

    with db.read_session() as s:
        data = reports.compute_annual(s, 2025)
    assert "（一）主动公开。（请补充" in draft_sections(data)["overview"]  # nothing counted: the clerk's prompt
    del data.activities["press_conferences"]  # once drafted as if none were held
    with pytest.raises(KeyError, match="press_conferences"):
        draft_sections(data)


def test_the_workbook_and_pdf_need_every_number_of_tables_two_and_four(db):
    from app.reports.pdf import render_report
    from app.reports.text import draft_sections
    from app.reports.xlsx import workbook_bytes

    with db.read_session() as s:
        data = reports.compute_annual(s, 2025)
    texts = draft_sections(data)
    del data.proactive["licensing"]  # once written as 0 in the cell
    with pytest.raises(KeyError):
        workbook_bytes(data)
    with pytest.raises(KeyError):
        render_report(data, texts)
    data.proactive["licensing"] = 0
    del data.review_litigation["review.upheld"]
    with pytest.raises(KeyError):
        workbook_bytes(data)
    with pytest.raises(KeyError):
        render_report(data, texts)
