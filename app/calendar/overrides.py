"""The working-day calendar service: load it, edit local overrides (audited), import files and packages."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import uuid as uuidlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import audit
from app.core.results import ImportResult
from app.domain import dates
from app.domain.workdays import WorkCalendar, format_date
from app.errors import NotFoundError, ValidationError
from app.storage.base import utcnow
from app.storage.models.calendar import CalendarOverride, CalendarYear

_NAMESPACE = uuidlib.UUID("5b0c7d1e-3f7a-4c53-9a53-6f6e676b6169")  # gongkai calendar records
SOURCES = ("local", "province")
_TRUE = {"1", "true", "yes", "y", "workday", "上班", "班", "工作日", "是"}
_FALSE = {"0", "false", "no", "n", "holiday", "off", "放假", "休", "休息", "否"}


@dataclass
class OverrideInfo:
    """One local override as shown in lists."""

    date: dt.date
    is_workday: bool
    note: str | None
    source: str
    updated_at: dt.datetime


def record_id(day: dt.date) -> str:
    """The interchange id of the override of ``day``: the same in every installation."""
    return str(uuidlib.uuid5(_NAMESPACE, f"calendar:{day.isoformat()}"))


def year_record_id(year: int) -> str:
    return str(uuidlib.uuid5(_NAMESPACE, f"calendar-year:{year}"))


def load_calendar(session: Session) -> WorkCalendar:
    """chinesecalendar plus the local override table (deleted overrides ignored)."""
    rows = session.execute(
        select(CalendarOverride.date, CalendarOverride.is_workday, CalendarOverride.note).where(
            CalendarOverride.deleted.is_(False)
        )
    ).all()
    years = session.execute(select(CalendarYear.year).where(CalendarYear.official.is_(True))).scalars().all()
    return WorkCalendar(
        {d: bool(w) for d, w, _ in rows},
        official_years=years,
        notes={d: n for d, _, n in rows if n},
    )


def list_overrides(session: Session, year: int | None = None) -> list[OverrideInfo]:
    stmt = select(CalendarOverride).where(CalendarOverride.deleted.is_(False)).order_by(CalendarOverride.date)
    if year is not None:
        stmt = stmt.where(CalendarOverride.date >= dt.date(year, 1, 1), CalendarOverride.date <= dt.date(year, 12, 31))
    return [
        OverrideInfo(o.date, o.is_workday, o.note, o.source, o.updated_at) for o in session.execute(stmt).scalars()
    ]


def official_years(session: Session) -> list[int]:
    return list(
        session.execute(select(CalendarYear.year).where(CalendarYear.official.is_(True)).order_by(CalendarYear.year)).scalars()
    )


def _clean_note(note: str | None) -> str | None:
    note = (note or "").strip()
    if len(note) > 200:
        raise ValidationError("备注不能超过200个字。")
    return note or None


def set_override(
    session: Session, day: dt.date, is_workday: bool, note: str | None = None, *, source: str = "local"
) -> OverrideInfo:
    """Make ``day`` a working day or a day off (audited). Returns the stored override."""
    if source not in SOURCES:
        raise ValidationError(f"未知的日历来源“{source}”。")
    note = _clean_note(note)
    obj = session.get(CalendarOverride, day)
    if obj is None:
        obj = CalendarOverride(date=day, uuid=record_id(day), is_workday=bool(is_workday), note=note, source=source,
                               deleted=False, updated_at=utcnow())
        session.add(obj)
        audit.record(session, obj, "create")
    else:
        if (obj.is_workday, obj.note, obj.source, obj.deleted) != (bool(is_workday), note, source, False):
            obj.is_workday, obj.note, obj.source, obj.deleted = bool(is_workday), note, source, False
            obj.updated_at = utcnow()
            audit.record(session, obj, "update")
    return OverrideInfo(obj.date, obj.is_workday, obj.note, obj.source, obj.updated_at)


def delete_override(session: Session, day: dt.date) -> None:
    """Remove the local override of ``day`` (kept as a tombstone for packages; audited)."""
    obj = session.get(CalendarOverride, day)
    if obj is None or obj.deleted:
        raise NotFoundError(f"{format_date(day)}没有本地日历设定。")
    obj.deleted = True
    obj.updated_at = utcnow()
    audit.record(session, obj, "remove")


def set_official_year(session: Session, year: int, official: bool = True, note: str | None = None, *,
                      source: str = "local") -> None:
    """Mark ``year``'s overrides as the complete official schedule (or take the mark away); audited."""
    if not 1900 <= year <= 2200:
        raise ValidationError(f"年份{year}超出范围。")
    note = _clean_note(note)
    obj = session.get(CalendarYear, year)
    if obj is None:
        obj = CalendarYear(year=year, uuid=year_record_id(year), official=official, note=note, source=source,
                           updated_at=utcnow())
        session.add(obj)
        audit.record(session, obj, "create")
    elif (obj.official, obj.note, obj.source) != (official, note, source):
        obj.official, obj.note, obj.source = official, note, source
        obj.updated_at = utcnow()
        audit.record(session, obj, "update")


# -- interchange (packages) -------------------------------------------------------------------------
def export_records(session: Session, *, since: dt.datetime | None = None, office_id: int | None = None) -> Iterator[dict]:
    """Calendar records for packages: {id, date, is_workday, note, updated_at, deleted}; then year marks.

    ``office_id`` is accepted for symmetry with the other areas and ignored: the calendar is installation-wide.
    """
    stmt = select(CalendarOverride).order_by(CalendarOverride.date)
    if since is not None:
        stmt = stmt.where(CalendarOverride.updated_at > since)
    for o in session.execute(stmt).scalars():
        yield {
            "id": o.uuid,
            "date": o.date.isoformat(),
            "is_workday": o.is_workday,
            "note": o.note,
            "updated_at": o.updated_at.isoformat(),
            "deleted": o.deleted,
        }
    ystmt = select(CalendarYear).order_by(CalendarYear.year)
    if since is not None:
        ystmt = ystmt.where(CalendarYear.updated_at > since)
    for y in session.execute(ystmt).scalars():
        # Optional record kind (docs/spec/packages.md allows added optional fields): a year with complete data.
        yield {
            "id": y.uuid,
            "kind": "year",
            "year": y.year,
            "official": y.official,
            "note": y.note,
            "updated_at": y.updated_at.isoformat(),
            "deleted": False,
        }


def _parse_bool(value, where: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValidationError(f"{where}：“{value}”无法识别，应为“上班”或“放假”。")


def _parse_day(value, where: str) -> dt.date:
    """`dates.parse_date` with the error placed at the file's line (`where`)."""
    try:
        return dates.parse_date(value, "日期", required=True)
    except ValidationError as err:
        raise ValidationError(f"{where}：{err}") from None


def _parse_time(value, where: str) -> dt.datetime | None:
    if value in (None, ""):
        return None
    try:
        t = dt.datetime.fromisoformat(str(value))  # a machine timestamp, ISO by contract
    except ValueError:
        raise ValidationError(f"{where}：更新时间“{value}”无效。") from None
    if t.tzinfo is not None:
        t = t.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return t.replace(microsecond=0)


def _validate(records: list[dict]) -> list[tuple]:
    """Parse every record first (all or nothing); errors list the record numbers."""
    parsed, problems = [], []
    for i, rec in enumerate(records, 1):
        where = f"第{i}条"
        try:
            if not isinstance(rec, dict):
                raise ValidationError(f"{where}：不是对象。")
            when = _parse_time(rec.get("updated_at"), where)
            deleted = bool(rec.get("deleted", False))
            if rec.get("kind") == "year":
                year = rec.get("year")
                if not isinstance(year, int) or not 1900 <= year <= 2200:
                    raise ValidationError(f"{where}：年份“{year}”无效。")
                parsed.append(("year", year, _parse_bool(rec.get("official", True), where) and not deleted,
                               _clean_note(rec.get("note")), when))
            else:
                day = _parse_day(rec.get("date"), where)
                if rec.get("id") not in (None, record_id(day)):
                    raise ValidationError(f"{where}：编号与日期{day.isoformat()}不符。")
                is_workday = _parse_bool(rec.get("is_workday"), where) if not deleted or "is_workday" in rec else False
                parsed.append(("day", day, is_workday, _clean_note(rec.get("note")), when, deleted))
        except ValidationError as exc:
            problems.append(exc.message)
    if problems:
        raise ValidationError(f"日历数据有{len(problems)}处错误，未导入任何内容。", details=problems)
    return parsed


def apply_records(session: Session, records: list[dict], *, source: str = "province",
                  office_id: int | None = None) -> ImportResult:
    """Upsert calendar records by id (= date); a record older than the stored one is left alone.

    All or nothing: every record is validated before anything changes (``office_id`` is ignored).
    """
    result = ImportResult()
    for item in _validate(list(records)):
        if item[0] == "year":
            _, year, official, note, when = item
            obj = session.get(CalendarYear, year)
            if obj is not None and when is not None and obj.updated_at > when:
                result.unchanged += 1
                continue
            before = None if obj is None else (obj.official, obj.note)
            set_official_year(session, year, official, note, source=source)
            if official:
                result.official_years.append(year)
            if before == (official, note):
                result.unchanged += 1
            elif before is None:
                result.created += 1
            else:
                result.updated += 1
            continue
        _, day, is_workday, note, when, deleted = item
        obj = session.get(CalendarOverride, day)
        if obj is not None and when is not None and obj.updated_at > when:
            result.unchanged += 1
            continue
        if deleted:
            if obj is None or obj.deleted:
                result.unchanged += 1
            else:
                delete_override(session, day)
                result.deleted += 1
            continue
        if obj is not None and not obj.deleted and (obj.is_workday, obj.note) == (is_workday, note):
            result.unchanged += 1
            continue
        existed = obj is not None and not obj.deleted
        set_override(session, day, is_workday, note, source=source)
        if existed:
            result.updated += 1
        else:
            result.created += 1
    return result


def read_calendar_file(path: str | Path) -> list[dict]:
    """Records from a calendar file: JSON Lines (package records) or CSV/TSV with 日期,类型[,备注].

    CSV rows: ``2027-02-05,放假,春节`` or ``2027-02-20,上班,调休``; a header row is skipped; a row
    ``正式,2027`` (or ``official,2027``) marks 2027 as complete official data.
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ValidationError(f"无法读取日历文件“{p}”：{exc.strerror or exc}。") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            raise ValidationError(f"日历文件“{p.name}”不是UTF-8或GB18030编码的文本。") from None
    stripped = text.lstrip()
    if stripped.startswith("{"):
        records, problems = [], []
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError:
                problems.append(f"第{n}行不是有效的JSON。")
        if problems:
            raise ValidationError(f"日历文件“{p.name}”有{len(problems)}行格式错误，未导入任何内容。", details=problems)
        return records
    first_line = stripped.splitlines()[0] if stripped else ""
    dialect = "excel-tab" if "\t" in first_line else "excel"
    records = []
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), dialect=dialect))
    except csv.Error as exc:  # e.g. an unterminated quote
        raise ValidationError(f"日历文件“{p.name}”不是有效的CSV表格（{exc}），未导入任何内容。") from None
    for n, row in enumerate(rows, 1):
        cells = [c.strip() for c in row]
        if not cells or not cells[0] or cells[0].startswith("#"):
            continue
        if cells[0] in ("正式", "official") and len(cells) > 1:
            try:
                records.append({"kind": "year", "year": int(cells[1]), "official": True})
            except ValueError:
                raise ValidationError(f"日历文件第{n}行：年份“{cells[1]}”无效。") from None
            continue
        if n == 1 and cells[0] in ("日期", "date"):
            continue
        records.append({"date": cells[0], "is_workday": cells[1] if len(cells) > 1 else "",
                        "note": cells[2] if len(cells) > 2 else None})
    return records


def import_file(session: Session, path: str | Path, *, source: str = "local") -> ImportResult:
    """Import a calendar file (all or nothing within the caller's unit of work)."""
    return apply_records(session, read_calendar_file(path), source=source)
