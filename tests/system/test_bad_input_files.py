"""Bad files: Excel workbooks with mutated cells, wrong encodings and broken files through the CLI,
formula injection in exported spreadsheets."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import UserError
from tests.helpers.reliability import (
    BUDGETS,
    CJK,
    assert_user_message,
    db_digest,
    fuzz_examples,
    row_counts,
)

TRIED: dict[str, int] = {}


def _settings(ci: int):
    return settings(max_examples=fuzz_examples(ci), deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large])


CELL_VALUES = st.one_of(
    st.none(), st.integers(min_value=-(10 ** 15), max_value=10 ** 15), st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.sampled_from(["2025-02-30", "2025.13.01", "二〇二五年三月一日", "明天", "2025年2月29日", "330106199001011235",
                     "33010619900101123Y", "自然人", "外星人", "网上申请", "飞鸽传书", "予以公开", "=1+1", "+86 138",
                     "-5", "@SUM(A1)", "x" * 32000, "张" * 500, "", " ", "合计", "注：", "#N/A", "TRUE"]),
    st.text(max_size=40).filter(lambda t: not any(ord(c) < 32 for c in t)),
)


# kind: (sample, first data row, last column)
WORKBOOKS = {"register": ("register-2025.xlsx", 4, 12), "catalogue": ("catalogue-sample.xlsx", 3, 9)}


def _small_workbook(samples_dir, tmp_path, kind: str) -> Path:
    """A sample workbook cut to ten data rows (fast to import many times)."""
    import openpyxl

    name, first, _ = WORKBOOKS[kind]
    wb = openpyxl.load_workbook(samples_dir / name)
    ws = wb.worksheets[0]
    ws.delete_rows(first + 10, ws.max_row)
    path = tmp_path / f"small-{kind}.xlsx"
    wb.save(path)
    return path


# openpyxl warns (and reads an error value) for a number outside the date range in a date-formatted cell
@pytest.mark.filterwarnings("ignore:Cell .* is marked as a date:UserWarning")
@pytest.mark.parametrize("kind", sorted(WORKBOOKS))
@BUDGETS
def test_mutated_excel_cells_are_refused_by_cell_or_imported(db, samples_dir, tmp_path, kind, budget):
    import openpyxl

    from app.workbench import spreadsheets as excel_io

    small = _small_workbook(samples_dir, tmp_path, kind)
    _, first, last_col = WORKBOOKS[kind]
    counts = {"accepted": 0, "refused": 0}

    @given(data=st.data())
    @_settings(40)
    def run(data):
        wb = openpyxl.load_workbook(small)
        ws = wb.worksheets[0]
        for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
            row = data.draw(st.integers(min_value=first, max_value=first + 9))
            col = data.draw(st.integers(min_value=1 if kind == "catalogue" else 2, max_value=last_col))
            ws.cell(row=row, column=col).value = data.draw(CELL_VALUES)
        path = tmp_path / "mutated.xlsx"
        wb.save(path)
        before = db_digest(db)
        try:
            with db.session() as s:
                excel_io.import_workbook(s, path, kind)
        except UserError as exc:
            counts["refused"] += 1
            text = exc.message + "\n".join(exc.details)
            assert_user_message(exc.message)
            assert "行" in text or "列" in text or "表格" in text, text[:300]
            assert db_digest(db) == before, "a refused workbook changed the data"
            return
        counts["accepted"] += 1

    run()
    TRIED[f"excel workbooks ({kind})"] = sum(counts.values())
    print(f"\nexcel workbooks ({kind}): {counts}")
    assert counts["refused"] > 0


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 broken zip", "这不是表格".encode(), bytes(range(256)) * 40])
def test_broken_excel_files_are_refused(db, tmp_path, content):
    from app.workbench import spreadsheets as excel_io

    path = tmp_path / "broken.xlsx"
    path.write_bytes(content)
    before = db_digest(db)
    with pytest.raises(UserError) as info:
        with db.session() as s:
            excel_io.import_workbook(s, path, "register")
    assert_user_message(info.value.message, place="broken.xlsx")
    assert db_digest(db) == before


def test_truncated_real_workbook_is_refused(db, samples_dir, tmp_path):
    from app.workbench import spreadsheets as excel_io

    data = (samples_dir / "register-2025.xlsx").read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(data[: len(data) // 2])
    before = db_digest(db)
    with pytest.raises(UserError) as info:
        with db.session() as s:
            excel_io.import_workbook(s, path, "register")
    assert_user_message(info.value.message, place="cut.xlsx")
    assert db_digest(db) == before


# -- formula injection in exports ------------------------------------------------------------------------------
FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"]


@given(st.sampled_from(FORMULA_STARTS[:4]), st.text(min_size=0, max_size=20).filter(lambda t: not any(ord(c) < 32 for c in t)))
@settings(max_examples=100, deadline=None)
def test_escape_formula_property(start, rest):
    from app.excel.writer import escape_formula

    out = escape_formula(start + rest)
    assert not out.startswith(tuple(FORMULA_STARTS)) and out.endswith(start + rest)


def test_exported_workbook_has_no_formula_cells(db, tmp_path):
    """Applicants' names, contents and notes starting with = + - @ stay text in the exported sheet."""
    import openpyxl

    from app import register
    from app.domain.identifiers import id_number_check_char
    from app.workbench import spreadsheets as excel_io

    id_number = "33010619900101123" + id_number_check_char("33010619900101123")
    payloads = ["=HYPERLINK(\"http://evil\",\"点我\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
                "=1+1", "\t=1", "﹦全角等号"]
    records = []
    for text in payloads:
        records.append({"received_on": "2025-03-03", "channel": "online",
                        "applicant": {"kind": "natural_person", "name": text, "phone": "13812345678",
                                      "address": text, "id_number": id_number},
                        "content": text, "notes": text})
    with db.session() as s:
        register.import_records(s, records, today=dt.date(2026, 1, 1))
    for full in (False, True):
        out = tmp_path / f"export-{full}.xlsx"
        with db.read_session() as s:
            excel_io.export_workbook(s, "register", out, filters={"full": full})
        wb = openpyxl.load_workbook(out)
        seen = 0
        for ws in wb:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", f"formula cell {cell.coordinate}: {cell.value!r}"
                    if isinstance(cell.value, str):
                        assert not cell.value.startswith(tuple(FORMULA_STARTS)), (cell.coordinate, cell.value)
                        seen += any(p in cell.value for p in payloads)
        assert seen >= len(payloads), "the payloads did not reach the sheet"
        if not full:  # masked by default: no full ID number or phone in the file
            flat = json.dumps([[c.value for c in r] for ws in wb for r in ws.iter_rows()], ensure_ascii=False, default=str)
            assert id_number not in flat and "13812345678" not in flat


# -- the CLI: wrong encodings, broken files ---------------------------------------------------------------------

def _valid_line(samples_dir) -> dict:
    rec = json.loads((samples_dir / "register-sample.jsonl").read_text(encoding="utf-8").splitlines()[0])
    rec.pop("id")
    rec.pop("serial")
    return rec


def _bad_jsonl_files(samples_dir) -> dict[str, bytes]:
    rec = _valid_line(samples_dir)
    good = json.dumps(rec, ensure_ascii=False)
    return {
        "gbk": (good + "\n").encode("gbk"),
        "gbk-in-utf8": (good + "\n").encode("utf-8") + (good + "\n").encode("gbk"),
        "utf-16": (good + "\n").encode("utf-16"),
        "binary": bytes(range(256)) * 50,
        "truncated-json": (good + "\n" + good[: len(good) // 2] + "\n").encode("utf-8"),
        "array-line": (good + "\n[1, 2, 3]\n").encode("utf-8"),
        "surrogate": (good + "\n" + good.replace('"content": "', '"content": "\\ud800', 1) + "\n").encode("utf-8"),
        "huge-number": (good.replace('"2025-11-25"', "1" * 5000, 1) + "\n").encode("utf-8"),
        "deep-nesting": (good + "\n" + "[" * 100000 + "]" * 100000 + "\n").encode("utf-8"),
        "nul-bytes": b"\x00" * 1000,
    }


@pytest.mark.sqlite_only
def test_bad_jsonl_files_through_the_cli(fork_server, db, samples_dir, tmp_path):
    files = _bad_jsonl_files(samples_dir)
    before = db_digest(db)
    failures = []
    for name, content in files.items():
        path = tmp_path / f"{name}.jsonl"
        path.write_bytes(content)
        result = fork_server.run(["--db", db.path, "request", "import", path], tmp_path / f"{name}.log")
        out = result["output"]
        ok = (result["code"] == 2 and CJK.search(out) and "Traceback" not in out and "内部错误" not in out)
        if not ok:
            failures.append(f"{name}: exit {result['code']}: {out.strip()[:300]}")
    TRIED["bad JSONL files (CLI)"] = len(files)
    assert db_digest(db) == before, "a refused file changed the data"
    assert not failures, "\n".join(failures)


@pytest.mark.sqlite_only
def test_missing_and_directory_paths_through_the_cli(fork_server, db, tmp_path):
    before = row_counts(db.path)
    for argv in (["request", "import", tmp_path / "nope.jsonl"], ["request", "import", tmp_path],
                 ["excel", "import", tmp_path / "nope.xlsx", "--kind", "register"],
                 ["calendar", "import", tmp_path / "nope.csv"], ["calendar", "import", tmp_path]):
        result = fork_server.run(["--db", db.path, *argv], tmp_path / "x.log")
        out = result["output"]
        assert result["code"] in (2, 3) and CJK.search(out) and "内部错误" not in out, (argv, out)
    assert row_counts(db.path) == before


@pytest.mark.sqlite_only
def test_bad_calendar_files_through_the_cli(fork_server, db, tmp_path):
    files = {
        "utf16.csv": "2027-02-05,放假,春节\n".encode("utf-16"),
        "binary.csv": bytes(range(256)) * 20,
        "bad-date.csv": "2027-02-30,放假,春节\n".encode(),
        "bad-kind.csv": "2027-02-05,睡觉,春节\n".encode("gbk"),
        "bad-json.jsonl": b'{"date": "2027-02-05", "is_workday": fals\n',
        "bad-year.csv": "正式,二零二七\n".encode(),
    }
    before = db_digest(db)
    failures = []
    for name, content in files.items():
        path = tmp_path / name
        path.write_bytes(content)
        result = fork_server.run(["--db", db.path, "calendar", "import", path], tmp_path / f"{name}.log")
        out = result["output"]
        if not (result["code"] == 2 and CJK.search(out) and "内部错误" not in out):
            failures.append(f"{name}: exit {result['code']}: {out.strip()[:300]}")
    TRIED["bad calendar files (CLI)"] = len(files)
    assert db_digest(db) == before
    assert not failures, "\n".join(failures)
