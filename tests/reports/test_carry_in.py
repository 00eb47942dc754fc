"""The carry-in checks against the previous year's published report, the county summary's own report, and
loading a report published before (docs/spec/annual-report.md sections 6 and 7)."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from app import reports
from app.errors import ConflictError, ValidationError
from app.reports import xlsx
from app.reports.service import in_force_check
from app.storage.models.core import Office
from tests.helpers.reports import expected_numbers, load_sample_into, sample_records

TOWN = "11330127MB000002X"


@pytest.fixture
def loaded(db):
    load_sample_into(db)
    return db


def _check(data, rule: str):
    return next(c for c in data.checks if c.rule == rule)


def _a_2025_reply(db, kind: str = "natural_person") -> str:
    with db.read_session() as s:
        return s.execute(sa.text(
            "SELECT serial FROM application WHERE replied_on >= '2025-01-01' AND replied_on <= '2025-12-31' "
            "AND received_on >= '2025-01-01' AND applicant_kind = :k ORDER BY serial LIMIT 1"), {"k": kind}).scalar_one()


def test_failed_carry_in_lists_the_applications_even_when_none_was_changed_after_the_issue(loaded):
    with loaded.session() as s:
        reports.issue_report(s, 2025)
    serial = _a_2025_reply(loaded)
    # Reopened behind the report's back, with an old change time: no "changed after the issue" to find.
    with loaded.session() as s:
        s.execute(sa.text("UPDATE application SET replied_on = NULL, outcome = NULL, updated_at = '2020-01-01' "
                          "WHERE serial = :s"), {"s": serial})
    with loaded.read_session() as s:
        check = _check(reports.compute_annual(s, 2026), "carried_in_matches_last_year")
        natural = s.execute(sa.text(
            "SELECT count(*) FROM application WHERE received_on < '2026-01-01' AND applicant_kind = 'natural_person' "
            "AND (replied_on IS NULL OR replied_on >= '2026-01-01')")).scalar_one()
    assert check.ok is False
    assert serial in check.applications
    assert len(check.applications) == natural  # the 自然人 column differs: its carried-in applications
    assert "自然人" in check.detail and "逐件核对" in check.detail


def test_failed_carry_in_lists_the_applications_changed_after_the_issue(loaded):
    with loaded.session() as s:
        reports.issue_report(s, 2025)
    serial = _a_2025_reply(loaded, "commercial")
    with loaded.session() as s:
        s.execute(sa.text("UPDATE application SET replied_on = NULL, outcome = NULL, updated_at = '2099-01-01' "
                          "WHERE serial = :s"), {"s": serial})
    with loaded.read_session() as s:
        check = _check(reports.compute_annual(s, 2026), "carried_in_matches_last_year")
    assert check.ok is False and check.applications == [serial]
    assert "被修改" in check.detail


def _township(db) -> int:
    with db.session() as s:
        town = Office(org_code=TOWN, name="测试镇人民政府", level="township", is_self=False)
        s.add(town)
        s.flush()
        town_id = town.id
    records = [{**r, "serial": "Z" + r["serial"]} for r in sample_records() if r["received_on"].startswith("2025")]
    for r in records:
        r.pop("id", None)
    load_sample_into(db, town_id, records)
    return town_id


def test_summary_compares_with_last_years_summary_or_every_office(loaded):
    _township(loaded)
    with loaded.session() as s:
        reports.issue_report(s, 2025)  # the county office's own report only
    with loaded.read_session() as s:
        check = _check(reports.compute_annual(s, 2026, summary=True), "carried_in_matches_last_year")
        town_out = reports.compute_annual(s, 2025, office_code=TOWN).applications.rows["carried_out"]
    # The own report is not the summary's reference: 未核对, naming the office whose report is missing.
    assert check.ok is None and "测试镇人民政府" in check.detail and check.detail.startswith("未核对")
    with loaded.session() as s:
        reports.load_published_report(s, 2025, reports.snapshot_typed(2025, town_out, {}), office_code=TOWN)
    with loaded.read_session() as s:
        check = _check(reports.compute_annual(s, 2026, summary=True), "carried_in_matches_last_year")
    assert check.ok is True and "各机关已发布报告之和" in check.detail
    with loaded.session() as s:
        reports.issue_report(s, 2025, summary=True)  # now last year's summary is the reference
    with loaded.read_session() as s:
        check = _check(reports.compute_annual(s, 2026, summary=True), "carried_in_matches_last_year")
    assert check.ok is True and "2025年度已发布的报告" in check.detail


def test_summary_text_is_drafted_from_the_summary_and_kept_apart(loaded):
    _township(loaded)
    with loaded.session() as s:
        own = reports.draft_report(s, 2025)
        reports.save_texts(s, own.office_id, 2025, {"problems": "本机关的问题。"})
        summary = reports.draft_report(s, 2025, summary=True)
        data = reports.compute_annual(s, 2025, summary=True)
    new_total = data.applications.rows["new"][-1]
    assert new_total == 2 * expected_numbers()["2025"]["new"][-1]
    assert summary.summary and f"新收政府信息公开申请{new_total}件" in summary.overview
    assert f"新收政府信息公开申请{expected_numbers()['2025']['new'][-1]}件" in own.overview
    with loaded.read_session() as s:
        assert reports.get_report(s, own.office_id, 2025).problems == "本机关的问题。"
        assert reports.get_report(s, own.office_id, 2025, summary=True).problems != "本机关的问题。"


def test_published_workbook_is_the_carry_in_reference(loaded, tmp_path):
    with loaded.read_session() as s:
        data = reports.compute_annual(s, 2025)
    path = tmp_path / "2025.xlsx"
    path.write_bytes(xlsx.workbook_bytes(data))
    with loaded.session() as s:
        info = reports.load_published_report(s, 2025, reports.snapshot_from_workbook(path))
    assert info.status == "published"
    assert info.snapshot["applications"]["rows"]["carried_out"] == expected_numbers()["2025"]["carried_out"]
    with loaded.read_session() as s:
        data = reports.compute_annual(s, 2026)
    assert _check(data, "carried_in_matches_last_year").ok is True
    assert _check(data, "in_force_continuity").ok is True
    with loaded.session() as s, pytest.raises(ConflictError, match="载入"):
        reports.issue_report(s, 2025)


def test_loading_is_refused_over_an_issued_report_or_with_broken_numbers(loaded, tmp_path):
    with loaded.session() as s:
        reports.issue_report(s, 2025)
    with loaded.session() as s, pytest.raises(ConflictError, match="已由本程序发布"):
        reports.load_published_report(s, 2025, reports.snapshot_typed(2025, [1, 0, 0, 0, 0, 0, 1], {}))
    with pytest.raises(ValidationError, match="总计"):
        reports.snapshot_typed(2024, [1, 0, 0, 0, 0, 0, 2], {})
    with loaded.read_session() as s:
        data = reports.compute_annual(s, 2024)
    path = tmp_path / "2024.xlsx"
    path.write_bytes(xlsx.workbook_bytes(data))
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb[xlsx.SHEET_APPLICATIONS]["J5"] = 999
    wb.save(path)
    with pytest.raises(ValidationError, match="表三有"):
        reports.snapshot_from_workbook(path)


def test_in_force_continuity():
    proactive = {"regulations.issued": 1, "regulations.repealed": 0, "regulations.in_force": 4,
                 "normative_documents.issued": 5, "normative_documents.repealed": 2, "normative_documents.in_force": 30}
    ok = in_force_check(proactive, {"regulations.in_force": 3, "normative_documents.in_force": 27}, "上年", "")
    assert ok.ok is True
    bad = in_force_check(proactive, {"regulations.in_force": 3, "normative_documents.in_force": 20}, "上年", "")
    assert bad.ok is False and "行政规范性文件现行有效30件" in bad.detail and "＝23件" in bad.detail
    partial = in_force_check(proactive, {"regulations.in_force": 3}, "上年", "")
    assert partial.ok is None and "行政规范性文件" in partial.detail
    none = in_force_check(proactive, None, "上年", "2024年度报告尚未发布")
    assert none.ok is None and none.detail == "未核对：2024年度报告尚未发布"


def test_cli_reference_typed_in(loaded, capsys):
    from app.cli.main import main

    code = main(["--db", str(loaded.url), "--json", "report", "reference", "--year", "2024",
                 "--carried-out", "1,0,0,0,0,0,1", "--normative-in-force", "12"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out == {"year": 2024, "status": "published", "summary": False, "carried_out": [1, 0, 0, 0, 0, 0, 1]}
    with loaded.read_session() as s:
        data = reports.compute_annual(s, 2025)
    check = _check(data, "carried_in_matches_last_year")
    assert data.applications.rows["carried_in"] == expected_numbers()["2025"]["carried_in"] != [1, 0, 0, 0, 0, 0, 1]
    assert check.ok is False and len(check.applications) == expected_numbers()["2025"]["carried_in"][-1]
    continuity = _check(data, "in_force_continuity")  # the ledger has no documents this year: 12 + 0 − 0 ≠ 0
    assert continuity.ok is False and "行政规范性文件现行有效0件" in continuity.detail and "规章" not in continuity.detail


def test_report_lint_of_a_folder_takes_last_year_from_the_database(loaded, tmp_path, capsys):
    """The county holds its offices' published reports (received in packages, issued or loaded): a
    workbook whose last year's report is not in the folder is checked against the stored one."""
    from app.cli.main import main

    with loaded.read_session() as s:
        data = reports.compute_annual(s, 2025)
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "2025.xlsx").write_bytes(xlsx.workbook_bytes(data))
    args = ["--db", str(loaded.url), "--json", "report", "lint", str(folder)]
    assert main(args + ["--stored"]) == 0
    out = json.loads(capsys.readouterr().out)
    check = next(c for c in out["workbooks"][0]["checks"] if c["rule"] == "carried_in_matches_last_year")
    assert check["ok"] is None and "数据库中也没有" in check["detail"]
    with loaded.session() as s:
        reports.issue_report(s, 2024)
    assert main(args + ["--stored"]) == 0
    out = json.loads(capsys.readouterr().out)
    check = next(c for c in out["workbooks"][0]["checks"] if c["rule"] == "carried_in_matches_last_year")
    assert check["ok"] is True and "数据库中测试县人民政府办公室2024年度" in check["detail"]
    assert main(args) == 0  # without --stored the database is not consulted
    out = json.loads(capsys.readouterr().out)
    check = next(c for c in out["workbooks"][0]["checks"] if c["rule"] == "carried_in_matches_last_year")
    assert check["ok"] is None
