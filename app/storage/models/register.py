"""Models of the register area."""

from __future__ import annotations
