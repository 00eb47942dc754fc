"""Models of the catalogue area."""

from __future__ import annotations
