"""A 成文日期 on a non-working day draws a warning, never a refusal."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from app import letters
from app.cli.main import main
from app.domain.workdays import WorkCalendar
from app.letters.checks import date_warnings
from tests.helpers.letters import LETTER_DATE


def test_weekend_and_holiday_warn_working_day_does_not():
    calendar = WorkCalendar()
    assert date_warnings(calendar, dt.date(2026, 3, 9)) == []  # a Monday
    [saturday] = date_warnings(calendar, dt.date(2026, 3, 7))
    assert "2026年3月7日（星期六）" in saturday and "周末" in saturday
    [holiday] = date_warnings(calendar, dt.date(2026, 10, 1))
    assert "节假日" in holiday
    assert date_warnings(calendar, dt.date(2026, 2, 14)) == []  # 调休: a Saturday worked


def test_preview_carries_the_warning_and_the_letter_is_still_issued(db, imported):
    from app.storage.models.register import Application

    with db.read_session() as s:
        app_id = s.execute(select(Application.id).limit(1)).scalar_one()
        preview = letters.preview_letter(s, app_id, "receipt", letter_date=dt.date(2026, 3, 8))
        assert preview.warnings and "星期日" in preview.warnings[0]
        assert letters.preview_letter(s, app_id, "receipt", letter_date=LETTER_DATE).warnings == []
    with db.session() as s:
        assert letters.issue_letter(s, app_id, "receipt", letter_date=dt.date(2026, 3, 8)).doc_number


def test_cli_warns_on_stderr_and_issues(db, imported, sample_records, tmp_path, capsys):
    serial = sample_records[0]["serial"]
    out = tmp_path / "r.pdf"
    assert main(["--db", str(db.url), "--json", "letter", serial, "--kind", "receipt", "--date", "2026-03-08",
                 "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert "注意：成文日期2026年3月8日（星期日）" in captured.err
    assert json.loads(captured.out)["warnings"] and out.exists()
