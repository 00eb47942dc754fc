"""`gongkai` sub-commands of the report area (see contracts.md section 6)."""

from __future__ import annotations


def register(subparsers) -> None:
    """Add this area's sub-commands (not yet built)."""
