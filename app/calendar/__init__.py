"""The working calendar: official data, local overrides (调休), interchange of calendar records.

This __init__ is the area's face: other areas use these names (imported on first use, app/faces.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.faces import face

if TYPE_CHECKING:
    from app.calendar.overrides import (
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

__getattr__, __dir__, __all__ = face(__name__, {
    "overrides": ("ImportResult", "OverrideInfo", "SOURCES", "apply_records", "delete_override",
        "export_records", "import_file", "list_overrides", "load_calendar", "official_years",
        "read_calendar_file", "record_id", "set_official_year", "set_override", "year_record_id"),
})
