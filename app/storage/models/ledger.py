"""Models of the ledger area."""

from __future__ import annotations
