"""Helpers for the excel tests: the register sample as section-2 records, workbook cells as dicts."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

# Fields register-2025.xlsx carries (the sheet has no address, contact person, 补正, 征求意见, 延期 or fee).
REGISTER_SHEET_FIELDS = ("serial", "received_on", "channel", "content", "outcome", "replied_on")
APPLICANT_SHEET_FIELDS = ("name", "kind", "id_number", "phone")


def sample_records(samples_dir: Path) -> dict[str, dict]:
    lines = (samples_dir / "register-sample.jsonl").read_text(encoding="utf-8").splitlines()
    return {r["serial"]: r for r in map(json.loads, lines) if r}


def expected_2025(samples_dir: Path) -> dict[str, dict]:
    """The sample records the 2025 workbook holds: received in 2025 and closed (open ones are not in it)."""
    return {s: r for s, r in sample_records(samples_dir).items()
            if r["received_on"].startswith("2025") and r["outcome"] is not None}


def carried_fields(record: dict) -> dict:
    """A section-2 record reduced to the fields the workbook carries."""
    reduced = {k: record.get(k) for k in REGISTER_SHEET_FIELDS}
    reduced["applicant"] = {k: record["applicant"].get(k) for k in APPLICANT_SHEET_FIELDS}
    return reduced


def cells(path: Path, sheet: str | None = None) -> list[list]:
    workbook = openpyxl.load_workbook(path)
    try:
        ws = workbook[sheet] if sheet else workbook.worksheets[0]
        return [list(row) for row in ws.iter_rows(values_only=True)]
    finally:
        workbook.close()
