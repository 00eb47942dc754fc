"""The reports service on a migrated database: numbers, summary, drafts, issue, year lock."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app import reports
from app.errors import ConflictError, ValidationError
from app.storage.models.core import AuditEntry, Office
from tests.helpers.reports import expected_numbers, load_sample_into, sample_records


@pytest.fixture
def loaded(db):
    load_sample_into(db)
    return db


@pytest.mark.parametrize("year", [2025, 2026])
def test_database_gives_expected_numbers(loaded, year):
    with loaded.read_session() as s:
        data = reports.compute_annual(s, year)
    got = data.to_json()
    assert got["year"] == year
    assert got["applications"]["rows"] == expected_numbers()[str(year)]
    verdicts = {c["rule"]: c["ok"] for c in got["checks"]}
    assert verdicts == {"balance": True, "column_total": True, "result_total": True,
                        "carried_in_matches_last_year": None, "in_force_continuity": None, "missing_data": True}
    # nothing issued for the year before: 未核对 with the reason, never 通过
    assert all(c["detail"].startswith("未核对：") and str(year - 1) in c["detail"]
               for c in got["checks"] if c["ok"] is None)
    assert data.ok
    assert set(got["proactive"]) >= {"regulations.issued", "fees_wan_yuan"}
    assert len(got["review_litigation"]) == 15


def test_summary_rolls_up_every_office(loaded):
    with loaded.session() as s:
        township = Office(org_code="11330127MB000002X", name="测试镇人民政府", level="township", is_self=False)
        s.add(township)
        s.flush()
        township_id = township.id
    records = [{**r, "serial": "Z" + r["serial"], "id": None} for r in sample_records()
               if r["received_on"].startswith("2025")]
    for r in records:
        r.pop("id")
    load_sample_into(loaded, township_id, records)
    with loaded.read_session() as s:
        own = reports.compute_annual(s, 2025)
        town = reports.compute_annual(s, 2025, office_code="11330127MB000002X")
        summary = reports.compute_annual(s, 2025, summary=True)
    assert own.applications.rows == {k: v for k, v in own.applications.rows.items()}
    assert own.to_json()["applications"]["rows"] == expected_numbers()["2025"]
    assert town.applications.cell("new", "total") == len(records)
    for key, values in summary.applications.rows.items():
        assert values == [a + b for a, b in zip(own.applications.rows[key], town.applications.rows[key])]
    js = summary.to_json()
    assert [o["name"] for o in js["offices"]] == ["测试县人民政府办公室", "测试镇人民政府"]


def test_summary_and_office_are_exclusive(loaded):
    with loaded.read_session() as s, pytest.raises(ValidationError):
        reports.compute_annual(s, 2025, office_code="x", summary=True)


def test_drill_down_matches_numbers(loaded):
    with loaded.read_session() as s:
        data = reports.compute_annual(s, 2025)
        lines = reports.applications_behind(s, data, "result.denied.admin_query", "total")
    assert len(lines) == expected_numbers()["2025"]["result.denied.admin_query"][-1]
    assert {line.outcome for line in lines} == {"denied_admin_query"}


def test_mapping_setting_changes_rows(loaded):
    with loaded.session() as s:
        reports.set_outcome_mapping(s, {"denied_admin_query": "result.unavailable.not_held"})
    with loaded.read_session() as s:
        data = reports.compute_annual(s, 2025)
    expected = expected_numbers()["2025"]
    assert data.applications.rows["result.denied.admin_query"] == [0] * 7
    assert data.applications.rows["result.unavailable.not_held"] == [
        a + b for a, b in zip(expected["result.unavailable.not_held"], expected["result.denied.admin_query"])
    ]
    with loaded.session() as s, pytest.raises(ValidationError):
        reports.set_outcome_mapping(s, {"granted": "result.nowhere"})


def test_issue_locks_year_and_unlock_is_audited(loaded):
    with loaded.session() as s:
        info = reports.draft_report(s, 2025)
        assert "新收政府信息公开申请189件" in info.overview
        reports.save_texts(s, info.office_id, 2025, {"problems": "人员不足。"})
        issued = reports.issue_report(s, 2025)
    assert issued.status == "issued" and issued.problems == "人员不足。"
    assert issued.snapshot["applications"]["rows"] == expected_numbers()["2025"]
    office_id = issued.office_id
    import datetime as dt

    with loaded.session() as s:
        with pytest.raises(ConflictError, match="已锁定"):
            reports.assert_year_unlocked(s, office_id, dt.date(2025, 5, 1))
        reports.assert_year_unlocked(s, office_id, dt.date(2026, 5, 1))  # other years stay open
        with pytest.raises(ConflictError):
            reports.save_texts(s, office_id, 2025, {"problems": "改"})
        with pytest.raises(ValidationError):
            reports.unlock_year(s, office_id, 2025, "  ")
        reports.unlock_year(s, office_id, 2025, "更正一件申请的答复日期")
        reports.assert_year_unlocked(s, office_id, dt.date(2025, 5, 1))
        notes = s.scalars(sa.select(AuditEntry.action).where(AuditEntry.entity == "report_lock")).all()
    assert notes == ["lock", "unlock"]
    # The 2026 check compares with the issued 2025 report.
    with loaded.read_session() as s:
        checks = {c.rule: c for c in reports.compute_annual(s, 2026).checks}
    assert checks["carried_in_matches_last_year"].ok
    assert "尚未发布" not in checks["carried_in_matches_last_year"].detail


def test_issue_refused_when_checks_fail(loaded):
    with loaded.session() as s:
        s.execute(sa.text("UPDATE application SET outcome = NULL WHERE serial = 'GK-2025-00001'"))
    with loaded.session() as s, pytest.raises(ConflictError) as err:
        reports.issue_report(s, 2025)
    assert any("GK" not in d and "（七）" in d for d in err.value.details)
    with loaded.read_session() as s:
        assert reports.get_report(s, reports.own_office(s).id, 2025) is None


def test_draft_names_the_years_late_replies(loaded):
    with loaded.read_session() as s:
        data = reports.compute_annual(s, 2025)
        info = reports.draft_report(s, 2025)
    late = data.figures.replied_with_due - data.figures.replied_on_time
    assert late > 0, "the sample holds replies after their due date"
    assert f"全年逾期答复{late}件（答复日期晚于答复期限）" in info.problems
