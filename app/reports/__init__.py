"""The annual report (政府信息公开工作年度报告): figures, texts, Excel and PDF, issuing and the year lock.

This package's __init__ is its face: other areas import these names from here.
"""

from __future__ import annotations

from app.reports.row_mapping import SETTING_OUTCOME_ROWS, outcome_mapping, set_outcome_mapping  # noqa: F401
from app.reports.service import (  # noqa: F401
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
    office_by_code,
    offices_held,
    own_office,
    save_texts,
)
from app.reports.year_lock import (  # noqa: F401
    assert_unlocked,
    assert_year_unlocked,
    is_year_locked,
    lock_year,
    unlock_year,
)
