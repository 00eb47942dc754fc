"""Calendar service: overrides (audited), official years, files and package records."""

from datetime import date

import pytest
from sqlalchemy import select

from app import calendar as cal_service
from app.core import audit
from app.domain.deadlines import ClockInput, compute
from app.errors import NotFoundError, ValidationError
from app.storage.models.core import AuditEntry


def _entries(cal_session, entity):
    return cal_session.execute(select(AuditEntry).where(AuditEntry.entity == entity).order_by(AuditEntry.seq)).scalars().all()


def test_override_changes_the_deadline_and_is_audited(cal_session):
    # A local minority festival on Mon 2025-10-13 moves the 7-day 补正 deadline of 2025-09-26 to 10/14.
    cal_service.set_override(cal_session, date(2025, 10, 13), False, "三月三（本地）")
    cal = cal_service.load_calendar(cal_session)
    assert not cal.is_workday(date(2025, 10, 13))
    assert compute(ClockInput(date(2025, 9, 26)), cal).correction_notice_due == date(2025, 10, 14)
    assert [e.action for e in _entries(cal_session, "calendar_override")] == ["create"]
    cal_service.set_override(cal_session, date(2025, 10, 13), False, "三月三（本地）")  # no change, no entry
    cal_service.delete_override(cal_session, date(2025, 10, 13))
    assert [e.action for e in _entries(cal_session, "calendar_override")] == ["create", "remove"]
    assert cal_service.load_calendar(cal_session).is_workday(date(2025, 10, 13))
    assert cal_service.list_overrides(cal_session) == []
    assert audit.verify_chain(cal_session) is None
    assert audit.verify_records(cal_session) is None


def test_delete_missing_override(cal_session):
    with pytest.raises(NotFoundError, match="没有本地日历设定"):
        cal_service.delete_override(cal_session, date(2025, 1, 6))


def test_official_year_removes_provisional_mark(cal_session):
    assert cal_service.load_calendar(cal_session).is_provisional(date(2027, 5, 6))
    cal_service.set_override(cal_session, date(2027, 5, 3), False, "劳动节")
    cal_service.set_official_year(cal_session, 2027, True, "省政府办公厅通知")
    cal = cal_service.load_calendar(cal_session)
    assert not cal.is_provisional(date(2027, 5, 6))
    assert cal_service.official_years(cal_session) == [2027]
    assert not compute(ClockInput(date(2027, 4, 20)), cal).provisional


def test_export_and_apply_records_round_trip(cal_session):
    cal_service.set_override(cal_session, date(2027, 2, 9), False, "春节")
    cal_service.set_override(cal_session, date(2027, 2, 20), True, "调休")
    cal_service.set_official_year(cal_session, 2027)
    cal_service.delete_override(cal_session, date(2027, 2, 20))
    records = list(cal_service.export_records(cal_session))
    day = next(r for r in records if r.get("date") == "2027-02-09")
    assert set(day) == {"id", "date", "is_workday", "note", "updated_at", "deleted"}
    assert day["id"] == cal_service.record_id(date(2027, 2, 9)) and day["is_workday"] is False
    assert next(r for r in records if r.get("date") == "2027-02-20")["deleted"] is True
    year = next(r for r in records if r.get("kind") == "year")
    assert (year["year"], year["official"], year["deleted"]) == (2027, True, False)


def test_apply_records_into_another_database(cal_db, cal_other_db):
    with cal_db.session() as s:
        cal_service.set_override(s, date(2027, 2, 9), False, "春节")
        cal_service.set_official_year(s, 2027)
        records = list(cal_service.export_records(s))
    with cal_other_db.session() as s:
        result = cal_service.apply_records(s, records)
        assert (result.created, result.official_years) == (2, [2027])
        again = cal_service.apply_records(s, records)
        assert again.changed == 0
        cal = cal_service.load_calendar(s)
        assert not cal.is_workday(date(2027, 2, 9)) and not cal.is_provisional(date(2027, 2, 9))
        deletion = dict(records[0], deleted=True, updated_at="2099-01-01T00:00:00")
        assert cal_service.apply_records(s, [deletion]).deleted == 1
        assert cal_service.load_calendar(s).is_workday(date(2027, 2, 9))
        assert audit.verify_records(s) is None


def test_bad_records_change_nothing(cal_session):
    records = [{"date": "2027-02-09", "is_workday": False}, {"date": "2027-02-30", "is_workday": True},
               {"date": "2027-03-01", "is_workday": "maybe"}]
    with pytest.raises(ValidationError) as info:
        cal_service.apply_records(cal_session, records)
    assert len(info.value.details) == 2 and "第2条" in info.value.details[0]
    assert cal_service.list_overrides(cal_session) == []


def test_import_csv_file(cal_session, tmp_path):
    f = tmp_path / "2027.csv"
    f.write_text("日期,类型,备注\n2027-02-09,放假,春节\n2027-02-20,上班,调休\n正式,2027\n", encoding="utf-8")
    result = cal_service.import_file(cal_session, f)
    assert (result.created, result.official_years) == (3, [2027])
    cal = cal_service.load_calendar(cal_session)
    assert cal.is_workday(date(2027, 2, 20)) and not cal.is_workday(date(2027, 2, 9))
    assert [o.source for o in cal_service.list_overrides(cal_session, 2027)] == ["local", "local"]


def test_import_bad_file(cal_session, tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text("2027-02-09,也许\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="未导入任何内容"):
        cal_service.import_file(cal_session, f)
    with pytest.raises(ValidationError, match="无法读取"):
        cal_service.import_file(cal_session, tmp_path / "missing.csv")
