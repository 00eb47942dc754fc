"""Models of the calendar area."""

from __future__ import annotations
