"""A late township package for a year the county's summary report has issued is held, not applied, and
applied once the year is unlocked."""

from __future__ import annotations

from app import packages, reports
from app.core import profile
from tests.helpers.packages import add_applications, application_by_uuid


def _export(db, to: str, path) -> None:
    with db.session() as s:
        packages.export_package(s, to=to, out_path=path)


def _import(db, path):
    with db.session() as s:
        return packages.import_package(s, path)


def test_late_township_package_is_held_until_the_summary_year_is_unlocked(linked, tmp_path):
    county, township, c_code, t_code = linked
    add_applications(township, 1)
    _export(township, c_code, tmp_path / "p1.gkpkg")
    assert _import(county, tmp_path / "p1.gkpkg").state == "applied"
    with county.session() as s:
        reports.issue_report(s, 2025, summary=True, accept_failed_checks=True)
    late = add_applications(township, 1, start=8)
    _export(township, c_code, tmp_path / "p2.gkpkg")
    out = _import(county, tmp_path / "p2.gkpkg")
    assert out.state == "held" and "2025年度" in out.message and "解锁" in out.message
    assert application_by_uuid(county, late[0]) is None
    with county.read_session() as s:
        (held,) = packages.list_incoming(s, state="held")
    with county.session() as s:  # still locked: held again, nothing applied
        assert packages.accept_gap(s, held.id).state == "held"
    assert application_by_uuid(county, late[0]) is None
    with county.session() as s:
        township_id = profile.office_by_code(s, t_code).id
        reports.unlock_year(s, township_id, 2025, "白沙镇补报遗漏的申请")
    with county.session() as s:
        assert packages.accept_gap(s, held.id).state == "applied"
    assert application_by_uuid(county, late[0]) is not None
