"""Memory before limits (issue 18 item 4): hostile files are refused before they are read into memory."""

from __future__ import annotations

import io
import os
import sys
import zipfile

import pytest

from app.errors import ValidationError
from app.excel.guard import WorkbookLimits, check_workbook
from app.packages.archive import Limits, read_package_file
from tests.helpers.hostile_files import run_cli_measured, small_workbook_bytes, sparse_file, workbook_with_shared_string

posix_only = pytest.mark.skipif(not hasattr(os, "wait4") or sys.platform != "linux", reason="peak RSS via wait4 (Linux)")
PEAK_MIB = 400  # the interpreter, the program and openpyxl; the files below asked for gigabytes


# -- packages ----------------------------------------------------------------------------------------------
@posix_only
def test_a_huge_non_zip_package_is_refused_without_reading_it(db, tmp_path):
    big = sparse_file(tmp_path / "big.gkpkg", 1_500 << 20)
    code, err, peak = run_cli_measured(["--db", db.target, "package", "import", str(big)])
    assert code != 0 and "不是 ZIP 文件" in err and "Traceback" not in err, err
    assert peak < PEAK_MIB, f"peak {peak} MiB"


def test_a_package_over_the_size_limit_is_refused_by_its_size(tmp_path):
    big = sparse_file(tmp_path / "big.gkpkg", 10 << 20, head=b"PK\x03\x04")
    with pytest.raises(ValidationError, match="数据包文件过大"):
        read_package_file(big, Limits(max_package_bytes=1 << 20))


def test_a_member_declared_too_big_is_refused_before_reading(tmp_path, monkeypatch):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", b"{}")
        zf.writestr("manifest.sig", b"x")
        zf.writestr("data/applications.jsonl", b"\n" * (3 << 20))
    path = tmp_path / "p.gkpkg"
    path.write_bytes(buf.getvalue())
    read = []
    monkeypatch.setattr(type(path), "read_bytes", lambda self: read.append(self) or b"")
    with pytest.raises(ValidationError, match="过大|压缩比"):
        read_package_file(path, Limits(max_file_bytes=1 << 20))
    assert read == []


# -- workbooks -----------------------------------------------------------------------------------------------
@posix_only
def test_a_small_workbook_with_a_400_mb_shared_string_is_refused_cheaply(db, tmp_path):
    book = workbook_with_shared_string(tmp_path / "bomb.xlsx", 400 << 20)
    assert book.stat().st_size < 2 << 20
    code, err, peak = run_cli_measured(["--db", db.target, "excel", "import", str(book), "--kind", "register"])
    assert code != 0 and "文字内容过多" in err and "Traceback" not in err, err
    assert peak < PEAK_MIB, f"peak {peak} MiB"


NO_RATIO = WorkbookLimits(max_ratio=1 << 30)  # the text below compresses far beyond any real ratio


def test_one_overlong_shared_string_under_the_size_limit_is_refused(tmp_path):
    book = workbook_with_shared_string(tmp_path / "long.xlsx", 3 << 20)
    with pytest.raises(ValidationError, match="单元格的内容过长"):
        check_workbook(book, NO_RATIO)


def test_an_overlong_inline_cell_in_a_sheet_is_refused(tmp_path):
    book = workbook_with_shared_string(tmp_path / "inline.xlsx", 3 << 20, inline_in_sheet=True)
    with pytest.raises(ValidationError, match="单元格的内容过长"):
        check_workbook(book)  # worksheets are streamed, not held: no ratio rule for them


def test_a_shared_strings_bomb_by_ratio_is_refused(tmp_path):
    book = workbook_with_shared_string(tmp_path / "ratio.xlsx", 8 << 20)
    with pytest.raises(ValidationError, match="压缩比异常"):
        check_workbook(book, WorkbookLimits(max_text_bytes=64 << 20))


def test_a_text_run_across_chunks_is_measured_whole(tmp_path):
    limits = WorkbookLimits(max_text_bytes=(1 << 20) + 10, max_ratio=1 << 30)  # just over one chunk
    check_workbook(workbook_with_shared_string(tmp_path / "ok.xlsx", 1 << 20), limits)
    with pytest.raises(ValidationError, match="单元格的内容过长"):
        check_workbook(workbook_with_shared_string(tmp_path / "over.xlsx", (1 << 20) + 100), limits)


def test_an_ordinary_workbook_passes(tmp_path):
    path = tmp_path / "ok.xlsx"
    path.write_bytes(small_workbook_bytes())
    check_workbook(path)
