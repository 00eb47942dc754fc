"""Models of the packages area."""

from __future__ import annotations
