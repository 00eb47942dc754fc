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


def test_only_a_package_that_can_meet_a_locked_year_pays_for_a_savepoint(linked, tmp_path, monkeypatch):
    """The SAVEPOINT that lets a package be held (SQLite then copies every page it changes first) is taken
    only when one of the sender's offices has an issued year; the county's own issued year does not count
    (its records never come in a township's package)."""
    from app.packages import importer

    county, township, c_code, t_code = linked
    decided: list[bool] = []
    real = importer._may_meet_year_lock
    monkeypatch.setattr(importer, "_may_meet_year_lock", lambda s, m: decided.append(real(s, m)) or decided[-1])
    nested: list[bool] = []
    real_nested = importer.Session.begin_nested
    monkeypatch.setattr(importer.Session, "begin_nested", lambda self: nested.append(True) or real_nested(self))
    add_applications(township, 1)
    _export(township, c_code, tmp_path / "p1.gkpkg")
    assert _import(county, tmp_path / "p1.gkpkg").state == "applied"
    with county.session() as s:
        reports.issue_report(s, 2025, accept_failed_checks=True)  # the county's own report only
    add_applications(township, 1, start=8)
    _export(township, c_code, tmp_path / "p2.gkpkg")
    assert _import(county, tmp_path / "p2.gkpkg").state == "applied"
    assert decided == [False, False] and nested == []
    with county.session() as s:
        reports.issue_report(s, 2025, summary=True, accept_failed_checks=True)  # now the township's too
    add_applications(township, 1, start=16)
    _export(township, c_code, tmp_path / "p3.gkpkg")
    assert _import(county, tmp_path / "p3.gkpkg").state == "held"
    assert decided == [False, False, True] and nested == [True]


def test_a_refused_package_without_a_savepoint_leaves_nothing_even_if_the_caller_commits(linked, tmp_path):
    import pytest
    from sqlalchemy import func, select

    from app.errors import UserError
    from app.packages import importer
    from app.storage.models.packages import StreamPosition
    from app.storage.models.register import Application

    county, township, c_code, t_code = linked
    add_applications(township, 3)
    _export(township, c_code, tmp_path / "p1.gkpkg")
    with county.session() as s:
        before = s.scalar(select(func.count()).select_from(Application))
        real = importer.apply

        def fail_on_second_batch(session, name, batch, **kw):
            if session.info.setdefault("batches", 0):
                raise UserError("第二批出错")
            session.info["batches"] += 1
            return real(session, name, batch, **kw)

        importer.apply = fail_on_second_batch
        try:
            with pytest.raises(UserError, match="第二批出错"):
                importer.BATCH, batch = 1, importer.BATCH
                try:
                    packages.import_package(s, tmp_path / "p1.gkpkg")
                finally:
                    importer.BATCH = batch
        finally:
            importer.apply = real
        # the caller goes on in the same unit of work and commits
    with county.read_session() as s:
        assert s.scalar(select(func.count()).select_from(Application)) == before
        assert s.scalar(select(StreamPosition).where(StreamPosition.peer == t_code)) is None
    assert _import(county, tmp_path / "p1.gkpkg").state == "applied"
