"""The annual report (政府信息公开工作年度报告): figures, texts, Excel and PDF, issuing and the year lock.

This __init__ is the area's face: other areas use these names (imported on first use, app/faces.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.faces import face

if TYPE_CHECKING:
    from app.reports.lint import LintResult, lint_folder, lint_workbook
    from app.reports.reference import snapshot_from_workbook, snapshot_typed
    from app.reports.row_mapping import (
        SETTING_OUTCOME_ROWS,
        outcome_mapping,
        set_outcome_mapping,
    )
    from app.reports.service import (
        FEE_NOTICE,
        TEXT_FIELDS,
        AnnualData,
        ApplicationLine,
        OfficeRef,
        OfficeSection,
        ReportInfo,
        applications_behind,
        compute_annual,
        draft_report,
        fees_collected,
        get_report,
        issue_report,
        ledger_counts,
        load_published_report,
        office_by_code,
        offices_held,
        own_office,
        save_texts,
    )
    from app.reports.year_lock import (
        assert_unlocked,
        assert_year_unlocked,
        is_year_locked,
        lock_year,
        unlock_year,
    )

__getattr__, __dir__, __all__ = face(__name__, {
    "lint": ("LintResult", "lint_folder", "lint_workbook"),
    "reference": ("snapshot_from_workbook", "snapshot_typed"),
    "row_mapping": ("SETTING_OUTCOME_ROWS", "outcome_mapping", "set_outcome_mapping"),
    "service": ("AnnualData", "ApplicationLine", "FEE_NOTICE", "OfficeRef", "OfficeSection", "ReportInfo",
        "TEXT_FIELDS", "applications_behind", "compute_annual", "draft_report", "fees_collected", "get_report",
        "issue_report", "ledger_counts", "load_published_report", "office_by_code", "offices_held", "own_office", "save_texts"),
    "year_lock": ("assert_unlocked", "assert_year_unlocked", "is_year_locked", "lock_year", "unlock_year"),
})
