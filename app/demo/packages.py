"""Demo data of the packages area."""

from __future__ import annotations


def populate(session, ctx) -> None:
    """Add this area's sample data (not yet built)."""
