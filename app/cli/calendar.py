"""`gongkai calendar …` sub-commands: the local working-day overrides."""

from __future__ import annotations


def register(subparsers) -> None:
    """Add this area's sub-commands (not yet built)."""
