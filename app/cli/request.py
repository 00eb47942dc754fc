"""`gongkai request import|export`: application records as JSON Lines (docs/spec/application-records.md; docs/spec/command-line.md).

`request add|step|lint` are in request_workflow.py."""

from __future__ import annotations

import json

from app.errors import UserError, ValidationError


def register(subparsers) -> None:
    parser = subparsers.add_parser("request", help="依申请公开登记：登记、办理步骤、规则检查，导入、导出申请记录（JSON Lines）")
    sub = parser.add_subparsers(dest="request_command", metavar="操作")
    p_import = sub.add_parser("import", help="导入申请记录文件（有错误的文件整体拒绝）")
    p_import.add_argument("file", help="JSON Lines 文件（UTF-8，每行一条申请记录）")
    p_import.set_defaults(handler=import_handler)
    p_export = sub.add_parser("export", help="导出申请记录（默认导出本库中所有机关的申请）")
    p_export.add_argument("--office", help="只导出该机关（统一社会信用代码）的申请")
    p_export.add_argument("--out", required=True, help="输出文件")
    p_export.set_defaults(handler=export_handler)
    from app.cli import request_workflow

    request_workflow.register(sub)
    parser.set_defaults(handler=lambda args, ctx: _usage(parser))


def _usage(parser) -> int:
    parser.print_help()
    return 2


def read_jsonl(path: str) -> tuple[list, list[int], list[tuple[int, str]]]:
    """Records, their line numbers, and (line, message) for each line that is not JSON: those are reported
    together with every other bad line of the file by the import (docs/spec/application-records.md section 4)."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise UserError(f"无法读取文件“{path}”：{exc.strerror or exc}。") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise ValidationError(f"文件“{path}”不是 UTF-8 编码（第{line}行）。") from exc
    records: list = []
    lines: list[int] = []
    unreadable: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
            lines.append(number)
        except json.JSONDecodeError as exc:
            unreadable.append((number, f"不是有效的 JSON（第{exc.colno}列附近）"))
        except (ValueError, RecursionError):  # a number of thousands of digits, nesting thousands deep
            unreadable.append((number, "不是可接受的 JSON（数字过长或嵌套过深）"))
    return records, lines, unreadable


def import_handler(args, ctx) -> int:
    from app import register

    records, lines, unreadable = read_jsonl(args.file)
    with ctx.session() as s:
        result = register.import_records(s, records, line_numbers=lines, unreadable=unreadable)
    ctx.emit(
        {"total": result.total, **result.counts(), "serials_assigned": result.serials_assigned,
         "offices_created": result.offices_created},
        f"已导入{result.total}条申请记录：{result.summary()}。",
    )
    return 0


def export_handler(args, ctx) -> int:
    from app import register
    from app.core import profile

    count = 0
    with ctx.read_session() as s:
        office_id = profile.office_by_code(s, args.office.strip().upper()).id if args.office else None
        try:
            with open(args.out, "w", encoding="utf-8", newline="\n") as fh:
                for record in register.export_records(s, office_id=office_id):
                    fh.write(json.dumps(record, ensure_ascii=False) + "\n")
                    count += 1
        except OSError as exc:
            raise UserError(f"无法写入文件“{args.out}”：{exc.strerror or exc}。") from exc
    ctx.emit({"exported": count, "out": args.out}, f"已导出 {count} 条申请记录到 {args.out}。")
    return 0
