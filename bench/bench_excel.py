"""Benchmark: read, import and export 100,000 register rows through the Excel layer (target ≤ 30 s each)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import tempfile
import time
from pathlib import Path

CHANNELS = ["网上申请", "当面提交", "邮寄", "电子邮件", "平常信函", "传真"]
KINDS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
OUTCOMES = ["予以公开", "已主动公开", "部分公开", "不予公开-属于国家秘密", "无法提供-本机关不掌握相关政府信息",
            "不予处理-重复申请", "其他处理-其他", "非本机关负责公开"]


def make_workbook(path: Path, rows: int, seed: int = 1) -> None:
    from openpyxl import Workbook

    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("登记台账")
    ws.append(["某县人民政府办公室政府信息公开申请登记台账"])
    ws.append(["序号", "申请编号", "申请人", "申请人类型", "联系电话", "申请方式", "收到申请日期", "申请内容",
               "办理结果", "答复日期"])
    start = dt.date(2025, 1, 1)
    for i in range(1, rows + 1):
        received = start + dt.timedelta(days=rng.randrange(300))
        replied = received + dt.timedelta(days=rng.randrange(1, 25))
        form = rng.randrange(3)
        date_cell = received if form == 0 else (f"{received.year}.{received.month}.{received.day}" if form == 1
                                                else f"{received.year}年{received.month}月{received.day}日")
        ws.append([i, f"GK-2025-{i:06d}", f"申请人{i}", rng.choice(KINDS), f"138{i:08d}", rng.choice(CHANNELS),
                   date_cell, f"申请公开第{i}号文件", rng.choice(OUTCOMES), replied])
    wb.save(path)


ID_TYPES = ["居民身份证", "护照", "港澳居民来往内地通行证", "统一社会信用代码"]
TWO_ROW_OUTCOMES = ["予以公开", "非本机关", "不属于本机关公开", "信访", "逾期未补正", "要求确认或重新出具", "部分公开"]
TWO_ROW_CHANNELS = ["浙里办", "政府网站", "微信", "当面", "邮寄"]


def make_two_row_workbook(path: Path, rows: int, seed: int = 1) -> None:
    """The register as offices keep it: a title, a two-row header (申请人信息 over 姓名/类型/证件类型/证件号码,
    答复情况 over 答复方式/办理结果/答复时间; merged cells hold their text in the first cell only, which is
    what a read-only reader sees), 经办人 and 备注 columns, short forms, full-width punctuation."""
    from openpyxl import Workbook

    from app.domain.identifiers import id_number_check_char, org_code_check_char

    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("登记台账")
    ws.append(["某县人民政府办公室政府信息公开申请登记台账"])
    ws.append(["序号", "受理号", "收到申请日期", "申请人信息", None, None, None, "申请方式", "申请内容", "答复情况",
               None, None, "经办人", "备注"])
    ws.append([None, None, None, "姓名", "类型", "证件类型", "证件号码", None, None, "答复方式", "办理结果",
               "答复时间", None, None])
    start = dt.date(2025, 1, 1)
    for i in range(1, rows + 1):
        received = start + dt.timedelta(days=rng.randrange(300))
        replied = received + dt.timedelta(days=rng.randrange(1, 25))
        id_type = rng.choice(ID_TYPES)
        if id_type == "居民身份证":
            first = f"330106{1950 + i % 50}{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}"
            kind, number = "自然人", first + id_number_check_char(first)
        elif id_type == "护照":
            kind, number = "自然人", f"E{i:08d}"
        elif id_type == "港澳居民来往内地通行证":
            kind, number = "自然人", f"H{i:08d}"
        else:
            first = f"91330100MA{i:07d}"
            kind, number = "商业企业", first + org_code_check_char(first)
        ws.append([i, f"GK-2025-{i:06d}", f"{received.year}.{received.month}.{received.day}", f"申请人{i}", kind,
                   id_type, number, rng.choice(TWO_ROW_CHANNELS), f"申请公开《第{i}号文件（试行）》：全文",
                   "电子邮件", rng.choice(TWO_ROW_OUTCOMES), replied, "王科员", None])
    wb.save(path)


def timed(label: str, fn):
    t0 = time.perf_counter()
    result = fn()
    print(f"{label:<42} {time.perf_counter() - t0:7.1f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--no-db", action="store_true", help="only parse and write, no database")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench_excel_"))
    os.environ["GONGKAI_HOME"] = str(work / "home")
    source = work / "in.xlsx"
    timed(f"generate {args.rows} rows (openpyxl, not ours)", lambda: make_workbook(source, args.rows))

    from app.excel.parse import parse_workbook

    parsed = timed("parse workbook (read + recognise)", lambda: parse_workbook(source, "register"))
    assert not parsed.errors and len(parsed.rows) == args.rows, parsed.error_lines()[:3]

    from app.excel.kinds import REGISTER
    from app.excel.writer import write_table
    from app.workbench.spreadsheets import _cells, _export_columns

    records = parsed.records()
    timed("write workbook (writer only)", lambda: write_table(
        work / "w.xlsx", title="t", subtitle="s", columns=_export_columns(REGISTER), rows=_cells(REGISTER, records)))
    if args.no_db:
        return

    from app.core import profile
    from app.domain.identifiers import org_code_check_char
    from app.storage.db import Database
    from app.workbench import spreadsheets as excel_io

    db = Database.open(work / "bench.sqlite3")
    with db.session(operator="bench") as s:
        code = "11330100MB0000001"
        profile.save_profile(s, {"name": "基准测试县人民政府办公室", "org_code": code + org_code_check_char(code),
                                 "level": "county"})
    def do_import():
        with db.session(operator="bench") as s:
            return excel_io.import_workbook(s, source, "register")
    result = timed("import_workbook end to end (register)", do_import)
    print(f"  created {result.result.created}")
    with db.read_session() as s:
        out = timed("export_workbook end to end (register)",
                    lambda: excel_io.export_workbook(s, "register", work / "out.xlsx"))
    print(f"  exported {out.rows} rows, {os.path.getsize(work / 'out.xlsx') / 1e6:.1f} MB")
    db.dispose()


if __name__ == "__main__":
    main()
