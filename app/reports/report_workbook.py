"""Read an annual report workbook in the national layout (docs/spec/annual-report.md section 9).

The workbook may be this program's export or one made by a department or township by hand: tables are
found by their labels, never by fixed cells. Labels are compared after normalising what people vary
(spaces, half-width brackets and dots, quotation marks), and a table may sit on any sheet, anywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from app.reports import labels as L
from app.reports.xlsx_grid import UNCALCULATED, column_letter, read_sheets

MAX_ROWS = 400  # a report sheet is short; a longer sheet is read up to here
MAX_COLS = 40

_TRANSLATE = str.maketrans({"(": "（", ")": "）", "．": ".", "、": ".", "。": ".", "：": ":",
                            "“": "", "”": "", '"': "", "‘": "", "’": "", "'": "", "\u3000": "", " ": "",
                            "\n": "", "\r": "", "\t": ""})
_FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_NUMBERING = re.compile(r"^(\d+\.|（[一二三四五六七八九十]+）|[一二三四五六七八九十]+\.)")
_TITLE_YEAR = re.compile(r"^(.*?)(20\d\d)年")
BLANK_MARKS = {"", "-", "—", "－", "/", "／", "无"}


def norm(value) -> str:
    """A label as compared: no spaces or quotes, full-width brackets, ASCII dots after numbers."""
    return str(value).translate(_TRANSLATE)


def core(label: str) -> str:
    """A row label without its numbering (（一）, 1., 一、) and without a trailing note in brackets."""
    text = norm(label)
    text = _NUMBERING.sub("", text)
    return re.sub(r"（[^）]*）$", "", text) or text


@dataclass
class Cell:
    """One number of a table as read: ``value`` None when the cell is blank; ``error`` when unreadable."""

    sheet: str
    row: int  # 1-based, as Excel shows it
    col: int
    value: int | float | None
    error: str = ""

    @property
    def ref(self) -> str:
        return f"“{self.sheet}”{column_letter(self.col)}{self.row}"


@dataclass
class ReportWorkbook:
    """The three tables found in a workbook. A table not found is None and named in ``missing``."""

    path: str
    office: str = ""
    year: int | None = None
    applications: dict[str, dict[str, Cell]] | None = None  # row key -> column key -> cell
    proactive: dict[str, Cell] | None = None
    review_litigation: dict[str, Cell] | None = None
    missing: list[str] = field(default_factory=list)

    def carried_out(self) -> list[int | float | None] | None:
        if self.applications is None or "carried_out" not in self.applications:
            return None
        return [self.applications["carried_out"][c].value if c in self.applications["carried_out"] else None
                for c in L.COLUMNS]


def _number(sheet: str, row: int, col: int, raw) -> Cell:
    if raw is UNCALCULATED:
        return Cell(sheet, row, col, None, "公式没有保存计算结果（请在 Excel 中打开、保存后再检查）")
    if raw is None or isinstance(raw, bool):
        return Cell(sheet, row, col, None)
    if isinstance(raw, (int, float)):
        value = raw
    else:
        text = str(raw).translate(_FULL_DIGITS).replace(",", "").replace("，", "").strip()
        if text in BLANK_MARKS:
            return Cell(sheet, row, col, None)
        try:
            value = float(text) if "." in text else int(text)
        except ValueError:
            return Cell(sheet, row, col, None, f"不是数字：“{raw}”")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return Cell(sheet, row, col, value)


def _is_label(value) -> bool:
    return isinstance(value, str) and bool(norm(value)) and _number("", 0, 0, value).error != ""



# ---- the rows of table 三, matched by label --------------------------------------------------------

_GROUPS = {core(level2): level2 for _, level2, _ in L.RESULT_ROWS}  # core text -> the level-2 label
_BY_GROUP: dict[tuple[str, str], str] = {}
for _key, _level2, _level3 in L.RESULT_ROWS:
    _BY_GROUP[(_level2, core(_level3) if _level3 else "")] = _key


def _match_group(text: str) -> str | None:
    for group_core, level2 in _GROUPS.items():
        if text.startswith(group_core) or ("（" in text and group_core in text and len(group_core) > 2):
            return level2
    return None


def _find_applications(sheet: str, grid: list[list]) -> dict[str, dict[str, Cell]] | None:
    anchor = None
    for r, row in enumerate(grid):
        if any(isinstance(v, str) and "本年新收" in norm(v) for v in row):
            anchor = r
            break
    if anchor is None:
        return None
    columns: dict[str, int] = {}
    wanted = {norm(label): key for key, label in L.COLUMN_LABELS.items()}
    for r in range(max(0, anchor - 6), anchor):
        for c, v in enumerate(grid[r]):
            if isinstance(v, str) and norm(v) in wanted:
                column_key = wanted[norm(v)]
                if column_key == "total" or column_key not in columns:
                    columns[column_key] = c  # the rightmost 总计 is the table's
    if set(columns) != set(L.COLUMNS):
        return None
    first_data = min(columns.values())
    rows: dict[str, dict[str, Cell]] = {}
    group: str | None = None
    for r in range(anchor, min(len(grid), anchor + 40)):
        row = grid[r]
        labels = [norm(v) for v in row[:first_data] if _is_label(v)]
        if not labels:
            continue
        text = "".join(labels)
        key: str | None = None
        if "本年新收" in text:
            key = "new"
        elif "上年结转" in text:
            key = "carried_in"
        elif "结转下年度" in text:
            key = "carried_out"
        else:
            for label in labels:
                found = _match_group(core(label)) if label else None
                if found:
                    group = found
            if group is not None:
                last = core(labels[-1])
                key = _BY_GROUP.get((group, last)) if _match_group(last) != group else None
                if key is None:
                    key = _BY_GROUP.get((group, ""))
        if key is None or key in rows:
            continue
        rows[key] = {col: _number(sheet, r + 1, c + 1, row[c] if c < len(row) else None)
                     for col, c in columns.items()}
        if key == "carried_out":
            break
    return rows


# ---- table 二 --------------------------------------------------------------------------------------

_PROACTIVE_ROWS = {norm(label): keys for _, _, rows in L.PROACTIVE_BLOCKS for label, keys in rows}
_PROACTIVE_ALIASES = {"规范性文件": _PROACTIVE_ROWS["行政规范性文件"]}
_THREE_COLUMNS = ("制发", "废止", "现行有效")


def _find_proactive(sheet: str, grid: list[list]) -> dict[str, Cell] | None:
    found: dict[str, Cell] = {}
    three_cols: list[int] | None = None
    for r, row in enumerate(grid):
        texts = [norm(v) if isinstance(v, str) else "" for v in row]
        cols = [next((c for c, t in enumerate(texts) if word in t), -1) for word in _THREE_COLUMNS]
        if all(c >= 0 for c in cols):
            three_cols = cols
            continue
        for c, text in enumerate(texts):
            keys = _PROACTIVE_ROWS.get(text) or _PROACTIVE_ALIASES.get(text)
            if not keys or keys[0] in found:
                continue
            if len(keys) == 3:
                if three_cols is None:
                    continue
                for key, col in zip(keys, three_cols):
                    found[key] = _number(sheet, r + 1, col + 1, row[col] if col < len(row) else None)
            else:
                after = [(k, v) for k, v in enumerate(row) if k > c and v is not None and v != ""]
                col, raw = after[0] if after else (c + 1, None)
                found[keys[0]] = _number(sheet, r + 1, col + 1, raw)
            break
    if "regulations.issued" not in found and "licensing" not in found:
        return None
    return found


# ---- table 四 --------------------------------------------------------------------------------------

_RESULTS = {norm(label): key for key, label in zip(L.CASE_RESULT_KEYS, L.CASE_RESULT_LABELS)}


def _find_cases(sheet: str, grid: list[list]) -> dict[str, Cell] | None:
    for r, row in enumerate(grid):
        texts = [norm(v) if isinstance(v, str) else "" for v in row]
        if norm(L.REVIEW_GROUP_LABEL) not in texts or norm(L.LITIGATION_GROUP_LABEL) not in texts:
            continue
        starts: dict[str, int] = {"review": texts.index(norm(L.REVIEW_GROUP_LABEL))}
        labels: dict[int, str] = {}
        data_row = None
        for r2 in range(r, min(len(grid), r + 6)):
            row2 = grid[r2]
            t2 = [norm(v) if isinstance(v, str) else "" for v in row2]
            for c, t in enumerate(t2):
                if t == norm(L.LITIGATION_DIRECT_LABEL):
                    starts["litigation_direct"] = c
                elif t == norm(L.LITIGATION_AFTER_REVIEW_LABEL):
                    starts["litigation_after_review"] = c
                elif t in _RESULTS:
                    labels[c] = _RESULTS[t]
            if r2 > r and sum(1 for v in row2 if _number("", 0, 0, v).value is not None) >= 5 and len(labels) >= 15:
                data_row = r2
                break
        if data_row is None or len(starts) != 3:
            return None
        found: dict[str, Cell] = {}
        row2 = grid[data_row]
        for c, result in labels.items():
            if c >= starts["litigation_after_review"]:
                group = "litigation_after_review"
            elif c >= starts["litigation_direct"]:
                group = "litigation_direct"
            else:
                group = "review"
            found[f"{group}.{result}"] = _number(sheet, data_row + 1, c + 1, row2[c] if c < len(row2) else None)
        return found if set(found) == set(L.REVIEW_LITIGATION_KEYS) else None
    return None


SUMMARY_MARK = "（汇总）"


def _title(grid: list[list]) -> tuple[str, int | None]:
    """The office and year of a title "<机关>YYYY年…"; a county summary's office is marked （汇总）, so that
    it is never taken for the county office's own report."""
    for row in grid[:3]:
        for v in row:
            if isinstance(v, str):
                m = _TITLE_YEAR.match(norm(v))
                if m:
                    office = m.group(1)
                    if "汇总" in norm(v)[m.end():m.end() + 8] and not office.endswith(SUMMARY_MARK):
                        office += SUMMARY_MARK
                    return office, int(m.group(2))
    return "", None


def read_report_workbook(path: str | Path) -> ReportWorkbook:
    """The tables of a report workbook, found by their labels on any sheet."""
    result = ReportWorkbook(str(path))
    for sheet in read_sheets(path, max_rows=MAX_ROWS, max_cols=MAX_COLS):
        grid = sheet.rows
        office, year = _title(grid)
        if year is not None and result.year is None:
            result.office, result.year = office, year
        if result.applications is None:
            result.applications = _find_applications(sheet.title, grid)
        if result.proactive is None:
            result.proactive = _find_proactive(sheet.title, grid)
        if result.review_litigation is None:
            result.review_litigation = _find_cases(sheet.title, grid)
    for name, table in (("二", result.proactive), ("三", result.applications), ("四", result.review_litigation)):
        if table is None:
            result.missing.append(name)
    return result
