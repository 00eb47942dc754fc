"""Demo data of the negative_list area."""

from __future__ import annotations


def populate(session, ctx) -> None:
    """Add this area's sample data (not yet built)."""
