"""After a change to the working calendar: everything cached from it is computed again.

The calendar area sits below the register and the ledger, so the recompute that reaches into both lives
here, above them (docs/architecture.md, "Areas and their dependencies").
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.calendar import load_calendar
from app.core.jobs import Progress
from app.ledger.activities import recompute_interpretation_due
from app.register.clock import MovedDeadline, recompute_deadlines


def recompute_after_change(session: Session, *, progress: Progress | None = None) -> list[MovedDeadline]:
    """Recompute the reply due dates of open applications (returned: what moved, for the clerk) and the
    due days of 政策解读 in the ledger, from the calendar as it now stands."""
    calendar = load_calendar(session)
    moved = list(recompute_deadlines(session, calendar, progress=progress))
    recompute_interpretation_due(session, calendar)
    return moved
