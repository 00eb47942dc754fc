"""Bounds on an .xlsx before openpyxl reads it: declared member sizes, compression ratios, and the longest
text a cell or shared string can hold (issue 18 item 4).

openpyxl loads the whole shared-strings part into memory, and the XML parser holds a cell's text whole, so
a small file can ask for gigabytes (a 413 KB workbook whose shared strings hold one 400 MB string). Here
the ZIP's central directory is read first (no content), then the shared strings and the worksheets are
streamed in chunks looking for a text run longer than any cell can hold; nothing is kept. Python's zipfile
never inflates a member past its declared size, so the declared sizes bound what openpyxl can read.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from app.errors import ValidationError


@dataclass(frozen=True)
class WorkbookLimits:
    max_members: int = 10_000
    max_total_bytes: int = 2 << 30  # all parts, uncompressed
    max_shared_strings_bytes: int = 128 << 20  # held in memory whole by openpyxl
    max_ratio: int = 100  # uncompressed / compressed, for the shared strings over 1 MiB
    # Excel's own limit is 32,767 characters a cell: at most 4 UTF-8 bytes each, or a 6-byte entity
    # (&quot;), plus the element's tag. Twice that is far beyond any real cell.
    max_text_bytes: int = 2 * 32_767 * 6


DEFAULT_WORKBOOK_LIMITS = WorkbookLimits()
CHUNK = 1 << 20


def check_workbook(path: str | Path, limits: WorkbookLimits = DEFAULT_WORKBOOK_LIMITS) -> None:
    """Refuse (ValidationError, in Chinese) a workbook whose parts would take unbounded memory to read."""
    name = Path(path).name
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > limits.max_members:
                raise ValidationError(f"表格文件{name}中的部件过多（{len(infos)} 个），不是正常的.xlsx表格，已拒绝读取。")
            total = sum(max(i.file_size, 0) for i in infos)
            if total > limits.max_total_bytes:
                raise ValidationError(f"表格文件{name}解压后过大（{total // (1 << 20)} MB，上限 "
                                      f"{limits.max_total_bytes >> 20} MB），已拒绝读取。请拆分后再导入。")
            for info in infos:
                part = info.filename.lower()
                if part.endswith("sharedstrings.xml"):
                    _check_shared_strings(info, limits, name)
                    _check_text_runs(zf, info, limits, name)
                elif part.startswith("xl/worksheets/") and part.endswith(".xml"):
                    _check_text_runs(zf, info, limits, name)
    except ValidationError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, zlib.error,
            NotImplementedError, RuntimeError):
        raise ValidationError(f"文件不是有效的.xlsx表格（可能已损坏或被加密）：{name}") from None


def _check_shared_strings(info: zipfile.ZipInfo, limits: WorkbookLimits, name: str) -> None:
    if info.file_size > limits.max_shared_strings_bytes:
        raise ValidationError(f"表格文件{name}的文字内容过多（共享字符串 {info.file_size >> 20} MB，上限 "
                              f"{limits.max_shared_strings_bytes >> 20} MB），已拒绝读取。请拆分后再导入。")
    if info.file_size > (1 << 20) and info.file_size > limits.max_ratio * max(info.compress_size, 1):
        raise ValidationError(f"表格文件{name}的压缩比异常（疑似“压缩炸弹”），已拒绝读取。")


def _check_text_runs(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: WorkbookLimits, name: str) -> None:
    """No run of bytes without "<" (a text node with its tag) longer than a cell can hold."""
    limit = limits.max_text_bytes
    carry = 0  # the run still open at the end of the previous chunk
    with zf.open(info) as fh:
        while block := fh.read(CHUNK):
            first = block.find(b"<")
            if first < 0:
                carry += len(block)
                if carry > limit:
                    break
                continue
            if carry + first > limit:
                break
            last = block.rfind(b"<")
            if last - first > limit and max(map(len, block[first:last].split(b"<"))) > limit:
                break
            carry = len(block) - last - 1
        else:
            if carry <= limit:
                return
    raise ValidationError(f"表格文件{name}中有单元格的内容过长（超过 Excel 单元格 32767 个字符的上限），"
                          "文件可能已损坏或被恶意构造，已拒绝读取。")
