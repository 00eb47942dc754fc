"""Models of the letters area."""

from __future__ import annotations
