"""Find the header (one row, or several rows with merged group cells) below any title rows and match its
columns to a kind's fields by header words (docs/spec/spreadsheets.md section 2)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.excel.kinds import IGNORED, KindSpec
from app.excel.values import label_key

HEADER_SCAN_ROWS = 30  # title rows, 填报单位 lines… the header is somewhere in the first rows
MAX_HEADER_ROWS = 3    # a header spans at most this many rows (group over sub-group over column)
MAX_HEADER_TEXT = 40   # longer cell text is data: no header word is looked for inside it
_PARENS = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]")
_DECOR = re.compile(r"[*＊:：\s]|必填|选填")

# How a header cell matched a field; a better rank takes the field from an earlier column.
EXACT_LABEL, EXACT_WORD, BARE_WORD, CONTAINED_WORD = 4, 3, 2, 1


def header_key(text: Any) -> str:
    """Header text reduced for comparison: no spaces, stars, colons or 必填 marks."""
    return _DECOR.sub("", label_key(text))


_TABLES: dict[str, dict[str, tuple[str, int]]] = {}


def _alias_table(spec: KindSpec) -> dict[str, tuple[str, int]]:
    """header key → (field name or IGNORED, rank): the field's own label ranks above its other words."""
    cached = _TABLES.get(spec.kind)
    if cached is not None:
        return cached
    table: dict[str, tuple[str, int]] = {}
    for field in spec.fields:
        table.setdefault(header_key(field.label), (field.name, EXACT_LABEL))
    for field in spec.fields:
        for word in field.aliases:
            table.setdefault(header_key(word), (field.name, EXACT_WORD))
    for word in spec.ignored_headers:
        table.setdefault(header_key(word), (IGNORED, EXACT_LABEL))
    _TABLES[spec.kind] = table
    return table


def _never_words(spec: KindSpec) -> tuple[str, ...]:
    return tuple(header_key(word) for word in spec.extra.get("never_contained", ()))


_MATCHED: dict[tuple[str, str], tuple[str, int] | None] = {}


def match_header_ranked(text: Any, spec: KindSpec) -> tuple[str, int] | None:
    """_match_header_ranked, remembered per kind and text (the header search reads each cell many times)."""
    if text is None or not isinstance(text, str):
        return None
    key = (spec.kind, text)
    if key not in _MATCHED:
        if len(_MATCHED) > 50_000:
            _MATCHED.clear()
        _MATCHED[key] = _match_header_ranked(text, spec)
    return _MATCHED[key]


def _match_header_ranked(text: Any, spec: KindSpec) -> tuple[str, int] | None:
    """(field, rank) a header cell names, or None. Exact words first, then without a parenthesised hint
    (收到申请日期（年月日）), then the longest header word (4+ characters) the cell contains — unless the cell
    names a column that is never data of the record (答复方式, 经办人, 备注: docs/spec/spreadsheets.md)."""
    if text is None or not isinstance(text, str) or not text.strip():
        return None
    table = _alias_table(spec)
    key = header_key(text)
    if key in table:
        return table[key]
    bare = header_key(_PARENS.sub("", label_key(text)))
    if bare in table:
        name, _rank = table[bare]
        return name, BARE_WORD
    if len(key) > MAX_HEADER_TEXT:  # a data cell among the first rows, not a header
        return None
    if any(word in bare for word in _never_words(spec)):
        return IGNORED, BARE_WORD
    best = None
    for word, (name, _rank) in table.items():
        if len(word) >= 4 and word in key and (best is None or len(word) > len(best[0])):
            best = (word, name)
    return (best[1], CONTAINED_WORD) if best else None


def match_header(text: Any, spec: KindSpec) -> str | None:
    """The field a header cell names, or None (see match_header_ranked)."""
    found = match_header_ranked(text, spec)
    return found[0] if found else None


@dataclass
class HeaderMatch:
    row: int                       # 1-based row number of the header's last row (data start below it)
    headers: list[str]             # the header texts, one per column ('' for empty); "组/列" under a group
    columns: dict[int, str | None]  # 0-based column index → field name (None: not imported)
    score: int                     # number of matched fields
    first_row: int = 0             # 1-based first row of the header (== row for a one-row header)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _cells(rows: Sequence[Sequence[Any]]) -> list[tuple[str, str]]:
    """(own text, group text) per column of a header spanning ``rows`` (top first). A column's own text is
    its lowest non-empty cell (a cell merged down over the rows keeps its text in the top row); its group is
    the nearest text above that, carried right across the empty cells a merged group cell leaves."""
    width = max((len(r) for r in rows), default=0)
    carried = [""] * len(rows)
    out = []
    for column in range(width):
        texts = [_text(r[column]) if column < len(r) else "" for r in rows]
        for level, text in enumerate(texts):
            if text:
                carried[level] = text
        own_level = max((level for level, text in enumerate(texts) if text), default=-1)
        if own_level < 0:
            out.append(("", ""))
            # an empty column ends any group above it
            carried = [""] * len(rows)
            continue
        group = next((carried[level] for level in range(own_level - 1, -1, -1) if carried[level]), "")
        out.append((texts[own_level], group))
        for level in range(own_level + 1, len(rows)):
            carried[level] = ""
    return out


def _match_columns(cells: list[tuple[str, str]], spec: KindSpec) -> tuple[dict[int, str | None], int]:
    """Columns → fields; a field goes to its best-ranked column (the first among equals)."""
    found: dict[int, tuple[str, int]] = {}
    for index, (own, group) in enumerate(cells):
        if not own:
            continue
        hit = match_header_ranked(group + own, spec) if group else None
        if hit is None or hit[1] < EXACT_WORD:
            hit = match_header_ranked(own, spec)
        if hit is not None:
            found[index] = hit
    best: dict[str, tuple[int, int]] = {}  # field → (rank, column)
    for index, (name, rank) in found.items():
        if name == IGNORED:
            continue
        if name not in best or rank > best[name][0]:
            best[name] = (rank, index)
    columns: dict[int, str | None] = {index: None for index in range(len(cells))}
    for name, (_rank, index) in best.items():
        columns[index] = name
    return columns, len(best)


def find_header(rows: Sequence[tuple[int, Sequence[Any]]], spec: KindSpec) -> HeaderMatch | None:
    """Pick the header among the first rows that names the most fields (at least two): one row, or up to
    MAX_HEADER_ROWS rows read together (申请人信息 over 姓名/类型/证件号码); None if none does. With equal
    scores the shorter header wins, then the earlier one."""
    head = list(rows[:HEADER_SCAN_ROWS])
    best: HeaderMatch | None = None
    for end in range(len(head)):
        for span in range(1, MAX_HEADER_ROWS + 1):
            start = end - span + 1
            if start < 0:
                break
            block = [values for _, values in head[start:end + 1]]
            cells = _cells(block)
            columns, score = _match_columns(cells, spec)
            if score >= 2 and (best is None or score > best.score):
                headers = [f"{group}/{own}" if group and own else own for own, group in cells]
                best = HeaderMatch(row=head[end][0], headers=headers, columns=columns, score=score,
                                   first_row=head[start][0])
    return best
