"""The 工作台 dashboard: the sections of every area that has something due, in this order."""

from __future__ import annotations

import datetime as dt

from app.catalogue.dashboard import sections as catalogue_sections
from app.core.dashboard import DashboardSection
from app.ledger.dashboard import sections as ledger_sections
from app.negative_list.dashboard import sections as negative_list_sections
from app.packages.inbox_dashboard import sections as exchange_sections
from app.redaction.dashboard import sections as redaction_sections
from app.register.dashboard import sections as register_sections

# Each is `sections(session, today) -> list[DashboardSection]`.
PROVIDERS = (register_sections, exchange_sections, ledger_sections, catalogue_sections, negative_list_sections,
             redaction_sections)


def collect(session, today: dt.date | None = None) -> list[DashboardSection]:
    today = today or dt.date.today()
    return [section for provider in PROVIDERS for section in provider(session, today)]
