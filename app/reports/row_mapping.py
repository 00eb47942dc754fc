"""The report's row mapping: which row of table 三 each outcome of the register is counted in.

The defaults follow the 2021 national format (app/reports/labels.py DEFAULT_OUTCOME_ROWS; the reasoning per
outcome is in docs/spec/annual-report.md); an office may move a few outcomes whose row is a matter of local
practice, and that choice is a setting of the office, audited like every setting.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.orm import Session

from app.core.settings import get_setting, set_setting
from app.errors import ValidationError
from app.reports import annual
from app.reports import labels as L

SETTING_OUTCOME_ROWS = "reports.outcome_rows"


def outcome_mapping(session: Session) -> dict[str, str]:
    """The office's mapping of outcome codes to rows of table 三 (defaults plus saved overrides)."""
    return annual.resolve_mapping(get_setting(session, SETTING_OUTCOME_ROWS))


def set_outcome_mapping(session: Session, overrides: Mapping[str, str]) -> dict[str, str]:
    """Save overrides of the mapping (only outcome codes of the register and rows of table 三)."""
    for outcome, row in overrides.items():
        if outcome not in L.DEFAULT_OUTCOME_ROWS:
            raise ValidationError(f"未知的办理结果代码：{outcome}。")
        if row not in L.RESULT_KEYS:
            raise ValidationError(f"年度报告中没有这一行：{row}。")
    changed = {k: v for k, v in overrides.items() if L.DEFAULT_OUTCOME_ROWS[k] != v}
    set_setting(session, SETTING_OUTCOME_ROWS, changed)
    return outcome_mapping(session)
