"""`gongkai report lint`: check a report workbook's arithmetic (docs/spec/annual-report.md section 9).

Every problem names the official row and column labels of the cell concerned and its place in the
workbook. A check that could not run (no previous year's report, a blank cell) is 未核对 with the
reason, never 通过.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.errors import NotFoundError, ValidationError
from app.reports import labels as L
from app.reports.report_workbook import Cell, ReportWorkbook, read_report_workbook

ERROR, WARNING = "error", "warning"
CHECK_TITLES = {
    "tables_found": "找到表二、表三、表四",
    "cells_readable": "各单元格为非负整数（收费金额可有小数）",
    "column_total": "表三：各行总计＝六类申请人之和",
    "result_total": "表三：（七）总计＝各项办理结果之和",
    "balance": "表三：一＋二＝（七）总计＋四",
    "carried_in_matches_last_year": "表三：本年“上年结转”＝上年报告“结转下年度”",
    "cases_total": "表四：结果维持＋结果纠正＋其他结果＋尚未审结＝总计",
    "in_force_continuity": "表二：现行有效件数＝上年现行有效＋本年制发－本年废止",
}


@dataclass
class Problem:
    table: str  # 二 | 三 | 四 | "" (the workbook)
    row: str  # the official row label of the cell concerned
    column: str  # the official column label
    message: str
    level: str = ERROR
    cell: str = ""  # where it is: “sheet”A1

    def to_json(self) -> dict:
        return {"table": self.table, "row": self.row, "column": self.column, "message": self.message,
                "level": self.level, "cell": self.cell}


@dataclass
class LintCheck:
    """One check: ``ok`` True (通过), False (未通过) or None (未核对, ``detail`` says why)."""

    rule: str
    ok: bool | None
    detail: str

    def to_json(self) -> dict:
        return {"rule": self.rule, "ok": self.ok, "detail": self.detail}


@dataclass
class Reference:
    """The previous year's published report as far as the checks need it (its carry-out is the legal
    carry-in): table 三's 结转下年度 row and table 二's 现行有效件数."""

    year: int | None
    carried_out: list[int]
    in_force: dict[str, int]  # "regulations.in_force" / "normative_documents.in_force"
    source: str  # what it was read from, for the messages


@dataclass
class LintResult:
    path: str
    office: str
    year: int | None
    problems: list[Problem] = field(default_factory=list)
    checks: list[LintCheck] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not any(p.level == ERROR for p in self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == WARNING]

    @property
    def unchecked(self) -> list[LintCheck]:
        return [c for c in self.checks if c.ok is None]

    def verdict(self) -> str:
        """One phrase for lists: 通过, 有N处问题, and the 未核对 and warnings counted."""
        parts = ["通过" if self.ok else f"有{len(self.errors)}处问题"]
        if self.unchecked:
            parts.append(f"{len(self.unchecked)}项未核对")
        if self.warnings:
            parts.append(f"{len(self.warnings)}项提醒")
        return "，".join(parts)

    def to_json(self) -> dict:
        return {"file": self.path, "office": self.office, "year": self.year, "ok": self.ok,
                "problems": [p.to_json() for p in self.problems], "checks": [c.to_json() for c in self.checks]}


# ---- labels -------------------------------------------------------------------------------------------

_ROW_LABELS = {key: L.row_label(key).replace(L.ROW_RESULTS_LABEL, "") if key.startswith("result.")
               else L.row_label(key) for key in L.ROW_KEYS}


def _row_label(key: str) -> str:
    return _ROW_LABELS[key]


def _proactive_label(key: str) -> tuple[str, str]:
    for _, column_labels, rows in L.PROACTIVE_BLOCKS:
        for label, keys in rows:
            if key in keys:
                return label, column_labels[keys.index(key)] if len(keys) > 1 else column_labels[0]
    raise KeyError(key)


def _case_label(key: str) -> tuple[str, str]:
    group, result = key.split(".")
    head = {"review": L.REVIEW_GROUP_LABEL,
            "litigation_direct": f"{L.LITIGATION_GROUP_LABEL}/{L.LITIGATION_DIRECT_LABEL}",
            "litigation_after_review": f"{L.LITIGATION_GROUP_LABEL}/{L.LITIGATION_AFTER_REVIEW_LABEL}"}[group]
    return head, L.CASE_RESULT_LABELS[L.CASE_RESULT_KEYS.index(result)]


# ---- the checks -----------------------------------------------------------------------------------------

class _Linter:
    def __init__(self, book: ReportWorkbook, reference: Reference | None, reference_note: str) -> None:
        self.book = book
        self.reference = reference
        self.reference_note = reference_note
        self.result = LintResult(book.path, book.office, book.year)

    def problem(self, table: str, row: str, column: str, message: str, cell: Cell | None = None,
                level: str = ERROR) -> None:
        self.result.problems.append(Problem(table, row, column, message, level, cell.ref if cell else ""))

    def check(self, rule: str, ok: bool | None, detail: str) -> None:
        self.result.checks.append(LintCheck(rule, ok, detail))

    def run(self) -> LintResult:
        book = self.book
        if book.missing:
            self.check("tables_found", False, "未找到表" + "、".join(book.missing))
            for name in book.missing:
                self.problem(name, "", "", f"工作簿中未找到表{name}（按国家统一格式的标签查找）")
        else:
            self.check("tables_found", True, "三张表均已找到")
        unreadable = self.readable()
        self.check("cells_readable", not unreadable, "单元格均可读" if not unreadable else f"{unreadable}个单元格有误")
        if book.applications is not None:
            self.applications(book.applications)
        if book.review_litigation is not None:
            self.cases(book.review_litigation)
        if book.proactive is not None:
            self.proactive(book.proactive)
        return self.result

    def readable(self) -> int:
        n = 0
        book = self.book
        cells: list[tuple[str, str, str, Cell]] = []
        if book.applications is not None:
            for key in L.ROW_KEYS:
                if key not in book.applications:
                    self.problem("三", _row_label(key), "", "表三中找不到这一行")
                    n += 1
                    continue
                for col in L.COLUMNS:
                    cells.append(("三", _row_label(key), L.COLUMN_LABELS[col], book.applications[key][col]))
        if book.proactive is not None:
            for key in L.PROACTIVE_KEYS:
                row, column = _proactive_label(key)
                if key not in book.proactive:
                    self.problem("二", row, column, "表二中找不到这一项")
                    n += 1
                    continue
                cells.append(("二", row, column, book.proactive[key]))
        if book.review_litigation is not None:
            for key in L.REVIEW_LITIGATION_KEYS:
                row, column = _case_label(key)
                cells.append(("四", row, column, book.review_litigation[key]))
        for table, row, column, cell in cells:
            decimals_allowed = table == "二" and column == L.PROACTIVE_BLOCKS[-1][1][0]
            if cell.error:
                self.problem(table, row, column, cell.error, cell)
            elif cell.value is None:
                self.problem(table, row, column, "单元格为空（没有数的格应填 0）", cell)
            elif cell.value < 0:
                self.problem(table, row, column, f"不能为负数：{cell.value}", cell)
            elif isinstance(cell.value, float) and not decimals_allowed:
                self.problem(table, row, column, f"件数应为整数：{cell.value}", cell)
            else:
                continue
            n += 1
        return n

    # table 三
    def applications(self, rows: dict[str, dict[str, Cell]]) -> None:
        if any(key not in rows for key in L.ROW_KEYS):
            for rule in ("column_total", "result_total", "balance", "carried_in_matches_last_year"):
                self.check(rule, None, "未核对：表三的行不全")
            return

        def v(key: str, col: str):
            return rows[key][col].value

        def known(values) -> bool:
            return all(isinstance(x, (int, float)) for x in values)

        bad_rows: list[str] = []
        bad_cols: set[str] = set()
        blanks = 0
        for key in L.ROW_KEYS:
            parts = [v(key, c) for c in L.APPLICANT_KINDS]
            total = v(key, "total")
            if not known(parts + [total]):
                blanks += 1
                continue
            if sum(parts) != total:
                bad_rows.append(key)
                self.problem("三", _row_label(key), L.COLUMN_LABELS["total"],
                             f"总计{total}不等于六类申请人之和{sum(parts)}", rows[key]["total"])
        self._arith("column_total", not bad_rows, blanks, "各行总计均等于六类申请人之和",
                    f"{len(bad_rows)}行的总计不等于六类申请人之和")

        failures = 0
        blanks = 0
        for col in L.COLUMNS:
            parts = [v(key, col) for key in L.RESULT_KEYS]
            total = v("result.total", col)
            if not known(parts + [total]):
                blanks += 1
                continue
            if sum(parts) != total:
                failures += 1
                bad_cols.add(col)
                self.problem("三", _row_label("result.total"), L.COLUMN_LABELS[col],
                             f"（七）总计{total}不等于各项办理结果之和{sum(parts)}", rows["result.total"][col])
        self._arith("result_total", not failures, blanks, "（七）总计均等于各项办理结果之和",
                    f"{failures}列的（七）总计不等于各项办理结果之和")

        failures = 0
        blanks = 0
        for col in L.COLUMNS:
            a, b, c, d = v("new", col), v("carried_in", col), v("result.total", col), v("carried_out", col)
            if not known([a, b, c, d]):
                blanks += 1
                continue
            if a + b != c + d:
                failures += 1
                bad_cols.add(col)
                self.problem("三", _row_label("carried_out"), L.COLUMN_LABELS[col],
                             f"一＋二＝{a}＋{b}＝{a + b}，（七）总计＋四＝{c}＋{d}＝{c + d}，勾稽关系不成立",
                             rows["carried_out"][col])
        self._arith("balance", not failures, blanks, "每列一＋二＝（七）总计＋四", f"{failures}列的勾稽关系不成立")

        # A row whose total is off and a column whose sums are off meet at the cell most likely changed.
        for key in bad_rows:
            for col in sorted(bad_cols, key=L.COLUMNS.index):
                if col != "total":
                    self.problem("三", _row_label(key), L.COLUMN_LABELS[col],
                                 "此格所在行的总计与所在列的合计都不相符，此格很可能有误", rows[key][col])
        self.carry_in(rows)

    def _arith(self, rule: str, ok: bool, blanks: int, ok_text: str, bad_text: str) -> None:
        if not ok:
            self.check(rule, False, bad_text + (f"（另有{blanks}处因空白未核对）" if blanks else ""))
        elif blanks:
            self.check(rule, None, f"未核对：{blanks}处含空白或无法读取的单元格")
        else:
            self.check(rule, True, ok_text)

    def carry_in(self, rows: dict[str, dict[str, Cell]]) -> None:
        ref = self.reference
        if ref is None:
            self.check("carried_in_matches_last_year", None, "未核对：" + self.reference_note)
            return
        now = [rows["carried_in"][c].value for c in L.COLUMNS]
        if any(x is None for x in now):
            self.check("carried_in_matches_last_year", None, "未核对：本年“上年结转”一行有空白")
            return
        bad = [c for i, c in enumerate(L.COLUMNS) if now[i] != ref.carried_out[i]]
        for col in bad:
            i = L.COLUMNS.index(col)
            self.problem("三", _row_label("carried_in"), L.COLUMN_LABELS[col],
                         f"上年结转{now[i]}件，但{ref.source}的结转下年度为{ref.carried_out[i]}件",
                         rows["carried_in"][col])
        self.check("carried_in_matches_last_year", not bad,
                   f"与{ref.source}一致" if not bad else f"{len(bad)}列与{ref.source}的结转下年度不一致")

    # table 四
    def cases(self, cases: dict[str, Cell]) -> None:
        failures = 0
        blanks = 0
        for group in L.CASE_GROUPS:
            parts = [cases[f"{group}.{r}"].value for r in L.CASE_RESULT_KEYS[:-1]]
            total = cases[f"{group}.total"].value
            if any(x is None for x in parts + [total]):
                blanks += 1
                continue
            if sum(parts) != total:  # type: ignore[arg-type]
                failures += 1
                row, column = _case_label(f"{group}.total")
                self.problem("四", row, column, f"总计{total}不等于结果维持、结果纠正、其他结果、尚未审结之和"
                                                f"{sum(parts)}", cases[f"{group}.total"])  # type: ignore[arg-type]
        self._arith("cases_total", not failures, blanks, "复议、诉讼各组的总计均等于四项之和",
                    f"{failures}组的总计不等于四项之和")
        if all(not c.value for c in cases.values()):  # a warning to confirm, not a failed or unchecked check
            self.problem("四", "", "", "表四全部为0或空白：请确认本年确无政府信息公开行政复议、行政诉讼案件",
                         level=WARNING)

    # table 二
    def proactive(self, found: dict[str, Cell]) -> None:
        if all(not c.value for c in found.values()):
            self.problem("二", "", "", "表二全部为0或空白：请确认是否漏填主动公开数据", level=WARNING)
        ref = self.reference
        if ref is None:
            self.check("in_force_continuity", None, "未核对：" + self.reference_note)
            return
        bad = 0
        unchecked = []
        for kind in ("regulations", "normative_documents"):
            keys = [f"{kind}.issued", f"{kind}.repealed", f"{kind}.in_force"]
            cells = [found.get(k) for k in keys]
            last = ref.in_force.get(f"{kind}.in_force")
            row, _ = _proactive_label(keys[0])
            numbers = [c.value for c in cells if c is not None and c.value is not None]
            if last is None or len(numbers) != 3:
                unchecked.append(row)
                continue
            issued, repealed, in_force = numbers
            expected = last + issued - repealed
            if in_force != expected:
                bad += 1
                self.problem("二", row, _proactive_label(keys[2])[1],
                             f"现行有效{in_force}件，但{ref.source}现行有效{last}件＋本年制发{issued}件－本年废止"
                             f"{repealed}件＝{expected}件", cells[2])
        if bad:
            self.check("in_force_continuity", False, f"{bad}行的现行有效件数与上年不衔接")
        elif unchecked:
            self.check("in_force_continuity", None, "未核对：" + "、".join(unchecked) + "缺少上年或本年的数")
        else:
            self.check("in_force_continuity", True, f"与{ref.source}衔接")


def reference_from_workbook(book: ReportWorkbook) -> Reference:
    """The carry-in reference of a previous year's published workbook. Its table 三 must be complete."""
    out = book.carried_out()
    if out is None or any(not isinstance(x, int) for x in out):
        raise ValidationError(f"上年报告“{Path(book.path).name}”的表三“结转下年度继续办理”一行不完整，不能作为比对依据。")
    in_force = {}
    for key in ("regulations.in_force", "normative_documents.in_force"):
        cell = (book.proactive or {}).get(key)
        if cell is not None and isinstance(cell.value, int):
            in_force[key] = cell.value
    year = book.year
    source = f"{year}年度报告" if year else f"上年报告“{Path(book.path).name}”"
    return Reference(year, list(out), in_force, source)  # type: ignore[arg-type]


def reference_from_snapshot(snapshot: dict, year: int, source: str) -> Reference:
    """The carry-in reference of a stored report (its JSON, docs/spec/annual-report.md section 2)."""
    proactive = snapshot.get("proactive") or {}
    in_force = {k: proactive[k] for k in ("regulations.in_force", "normative_documents.in_force") if k in proactive}
    return Reference(year, list(snapshot["applications"]["rows"]["carried_out"]), in_force, source)


def lint_workbook(path: str | Path, reference: Reference | None = None, *,
                  reference_note: str | None = None) -> LintResult:
    """Check one report workbook. Without ``reference`` the cross-year checks are 未核对."""
    started = time.perf_counter()
    book = read_report_workbook(path)
    if reference is not None and book.year and reference.year and reference.year != book.year - 1:
        raise ValidationError(f"上年报告是{reference.year}年度的，而所查报告是{book.year}年度的。")
    note = reference_note or (
        f"未提供{book.year - 1}年度已发布的报告" if book.year else "未提供上年度已发布的报告")
    result = _Linter(book, reference, note).run()
    result.seconds = time.perf_counter() - started
    return result


def workbooks_in(folder: str | Path) -> list[Path]:
    folder = Path(folder)
    if not folder.is_dir():
        raise NotFoundError(f"找不到文件夹“{folder}”。")
    return sorted(p for p in folder.iterdir() if p.suffix.lower() == ".xlsx" and not p.name.startswith("~$"))


def lint_folder(folder: str | Path, progress=None,
                on_result: Callable[[LintResult], None] | None = None,
                stored: Mapping[tuple[str, int], Reference] | None = None) -> list[LintResult]:
    """Check every workbook of a folder. An office's report of the year before, when it lies in the same
    folder (same office and year − 1 in the title), is its carry-in reference; otherwise the report of
    that office and year in ``stored`` (the database's published reports, ``reference.stored_references``)."""
    from app.core.jobs import NullProgress

    progress = progress or NullProgress()
    paths = workbooks_in(folder)
    books: list[ReportWorkbook | Exception] = []
    read_seconds = []
    for i, path in enumerate(paths):
        progress.update(i, 2 * len(paths), f"读取 {path.name}")
        started = time.perf_counter()
        try:
            books.append(read_report_workbook(path))
        except ValidationError as exc:
            books.append(exc)
        read_seconds.append(time.perf_counter() - started)
    by_office: dict[tuple[str, int], list[ReportWorkbook]] = {}
    for b in books:
        if isinstance(b, ReportWorkbook) and b.office and b.year:
            by_office.setdefault((b.office, b.year), []).append(b)
    results = []
    for i, (path, book) in enumerate(zip(paths, books)):
        if progress.cancelled:
            from app.errors import Cancelled

            raise Cancelled()
        progress.update(len(paths) + i, 2 * len(paths), f"检查 {path.name}")
        started = time.perf_counter()
        if isinstance(book, Exception):
            result = LintResult(str(path), "", None, [Problem("", "", "", str(book))],
                                [LintCheck("tables_found", False, str(book))])
        else:
            candidates = by_office.get((book.office, book.year - 1), []) if book.year else []
            previous = candidates[0] if len(candidates) == 1 else None
            reference = None
            note = None
            if len(candidates) > 1:
                note = (f"文件夹中有{len(candidates)}份{book.office}{book.year - 1}年度的报告（"  # type: ignore[operator]
                        + "、".join(Path(c.path).name for c in candidates) + "），不知以哪一份为准")
            elif previous is not None:
                try:
                    reference = reference_from_workbook(previous)
                except ValidationError as exc:
                    note = str(exc)
            elif book.year and stored is not None and (book.office, book.year - 1) in stored:
                reference = stored[(book.office, book.year - 1)]
            elif book.year:
                note = f"文件夹中没有{book.office}{book.year - 1}年度的报告" + (
                    "，数据库中也没有" if stored is not None else "")
            else:
                note = "工作簿的标题中没有机关和年度，无法在文件夹中找到其上年报告"
            result = _Linter(book, reference, note or "未提供上年度已发布的报告").run()
        result.seconds = read_seconds[i] + time.perf_counter() - started
        results.append(result)
        if on_result is not None:
            on_result(result)
    progress.update(2 * len(paths), 2 * len(paths), "完成")
    return results


def text_report(results: Sequence[LintResult]) -> str:
    """The terminal's view: one block per workbook."""
    lines = []
    for result in results:
        name = Path(result.path).name
        who = f"{result.office}{result.year}年度" if result.year else ""
        lines.append(f"{name}  {who}  {result.verdict()}")
        for p in result.problems:
            mark = "✗" if p.level == ERROR else "!"
            where = "·".join(x for x in (f"表{p.table}" if p.table else "", p.row, p.column) if x)
            lines.append(f"  {mark} {where}{('（' + p.cell + '）') if p.cell else ''}：{p.message}")
        for c in result.unchecked:
            lines.append(f"  ? {CHECK_TITLES.get(c.rule, c.rule)}：{c.detail}")
    return "\n".join(lines)
