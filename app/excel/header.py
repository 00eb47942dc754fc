"""Find the header row below any title rows and match its columns to a kind's fields by header words."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.excel.kinds import IGNORED, KindSpec
from app.excel.values import label_key

HEADER_SCAN_ROWS = 30  # title rows, 填报单位 lines… the header is somewhere in the first rows
_PARENS = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]")
_DECOR = re.compile(r"[*＊:：\s]|必填|选填")


def header_key(text: Any) -> str:
    """Header text reduced for comparison: no spaces, stars, colons or 必填 marks."""
    return _DECOR.sub("", label_key(text))


_TABLES: dict[str, dict[str, str]] = {}


def _alias_table(spec: KindSpec) -> dict[str, str]:
    cached = _TABLES.get(spec.kind)
    if cached is not None:
        return cached
    table: dict[str, str] = {}
    for field in spec.fields:
        for word in (field.label, *field.aliases):
            table.setdefault(header_key(word), field.name)
    for word in spec.ignored_headers:
        table.setdefault(header_key(word), IGNORED)
    _TABLES[spec.kind] = table
    return table


def match_header(text: Any, spec: KindSpec) -> str | None:
    """The field a header cell names, or None. Exact words first, then without a parenthesised hint
    (收到申请日期（年月日）), then the longest header word (4+ characters) the cell contains."""
    if text is None or not isinstance(text, str) or not text.strip():
        return None
    table = _alias_table(spec)
    key = header_key(text)
    if key in table:
        return table[key]
    bare = header_key(_PARENS.sub("", label_key(text)))
    if bare in table:
        return table[bare]
    best = None
    for word, name in table.items():
        if len(word) >= 4 and word in key and (best is None or len(word) > len(best[0])):
            best = (word, name)
    return best[1] if best else None


@dataclass
class HeaderMatch:
    row: int                       # 1-based row number of the header row
    headers: list[str]             # the header texts, one per column ('' for empty)
    columns: dict[int, str | None]  # 0-based column index → field name (None: not imported)
    score: int                     # number of matched fields


def find_header(rows: Sequence[tuple[int, Sequence[Any]]], spec: KindSpec) -> HeaderMatch | None:
    """Pick the row among the first rows that names the most fields (at least two); None if none does."""
    best: HeaderMatch | None = None
    for row_number, values in rows[:HEADER_SCAN_ROWS]:
        columns: dict[int, str | None] = {}
        used: set[str] = set()
        for index, value in enumerate(values):
            name = match_header(value, spec)
            if name and name != IGNORED and name in used:
                name = None  # a field is taken by its first column only
            columns[index] = None if name == IGNORED else name
            if name and name != IGNORED:
                used.add(name)
        score = len(used)
        if score >= 2 and (best is None or score > best.score):
            headers = ["" if v is None else str(v).strip() for v in values]
            best = HeaderMatch(row=row_number, headers=headers, columns=columns, score=score)
    return best
