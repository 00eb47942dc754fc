"""Hostile input files made on the fly (issue 18 item 4): sparse giants and small files asking for a lot."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def sparse_file(path: Path, size: int, head: bytes = b"not a zip file") -> Path:
    """A file of `size` bytes that takes no disk space (holes), starting with `head`."""
    with open(path, "wb") as fh:
        fh.write(head)
        fh.truncate(size)
    return path


def small_workbook_bytes() -> bytes:
    """A real one-sheet workbook with a header row and one shared string."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["申请编号", "申请内容"])
    ws.append(["2026-001", "申请公开某文件"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def workbook_with_shared_string(path: Path, text_bytes: int, *, inline_in_sheet: bool = False) -> Path:
    """A small .xlsx whose shared strings (or, with `inline_in_sheet`, a worksheet cell) hold one string
    of `text_bytes` bytes: highly compressible, so the file stays small."""
    src = zipfile.ZipFile(io.BytesIO(small_workbook_bytes()))
    target = "xl/worksheets/sheet1.xml" if inline_in_sheet else "xl/sharedStrings.xml"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
        for info in src.infolist():
            if info.filename == target:
                continue
            dst.writestr(info.filename, src.read(info))
        with dst.open(target, "w", force_zip64=True) as fh:
            if inline_in_sheet:
                fh.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                         b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>')
            else:
                fh.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
                         b'uniqueCount="1"><si><t>')
            block = b"A" * (1 << 20)
            left = text_bytes
            while left > 0:
                fh.write(block[:left])
                left -= len(block)
            fh.write(b"</t></is></c></row></sheetData></worksheet>" if inline_in_sheet else b"</t></si></sst>")
    return path


# A fresh interpreter runs the command as its own child and reports that child's peak memory: measured from
# the test process itself, ru_maxrss would include the test process's memory copied at the fork before exec.
_MEASURE = ("import os, subprocess, sys\n"
            "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
            "_pid, status, usage = os.wait4(p.pid, 0)\n"
            "sys.stdout.write(str(usage.ru_maxrss))\n"
            "sys.exit(os.waitstatus_to_exitcode(status))\n")


def run_cli_measured(args: list[str], timeout: float = 300) -> tuple[int, str, int]:
    """Run `gongkai ARGS` in a child process: (exit code, stderr, peak resident memory in MiB). POSIX."""
    proc = subprocess.run([sys.executable, "-c", _MEASURE, sys.executable, "-m", "app.cli.main", *args],
                          cwd=str(ROOT), capture_output=True, timeout=timeout)
    err = proc.stderr.decode("utf-8", "replace")
    return proc.returncode, err, int(proc.stdout or b"0") // 1024  # Linux: KiB
