"""Demo data of the reports area: the 2024 and 2025 annual reports, issued (their years locked)."""

from __future__ import annotations

DEMO_YEARS = (2024, 2025)


def populate(session, ctx) -> None:
    """Issue the own office's reports of the demo years that are over by ``ctx.today``."""
    from app.reports import service as reports

    issued = []
    for year in DEMO_YEARS:
        if year >= ctx.today.year:
            continue
        reports.draft_report(session, year)
        info = reports.issue_report(session, year, accept_failed_checks=True)
        issued.append(info.year)
    ctx.summary["reports"] = {"issued": issued}
