"""The working calendar: official data, local overrides (调休), interchange of calendar records.

This package's __init__ is its face: other areas import these names from here.
"""

from __future__ import annotations

from app.calendar.overrides import (  # noqa: F401
    SOURCES,
    ImportResult,
    OverrideInfo,
    apply_records,
    delete_override,
    export_records,
    import_file,
    list_overrides,
    load_calendar,
    official_years,
    read_calendar_file,
    record_id,
    set_official_year,
    set_override,
    year_record_id,
)
