"""Models of the negative_list area."""

from __future__ import annotations
