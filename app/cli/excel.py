"""`gongkai excel import|preview|export`: spreadsheets of every list (docs/spec/command-line.md)."""

from __future__ import annotations

import sys

from app.errors import UserError

KIND_CHOICES = ("register", "catalogue", "negative-list", "ledger", "ledger-activities")


def register(subparsers) -> None:
    parser = subparsers.add_parser("excel", help="Excel 表格：导入、预览、导出各类清单")
    sub = parser.add_subparsers(dest="excel_command", metavar="操作")
    p_import = sub.add_parser("import", help="导入表格（有无法识别的单元格时整个文件不导入）")
    p_import.add_argument("file", help=".xlsx 文件")
    p_import.add_argument("--kind", required=True, choices=KIND_CHOICES, help="表格类型")
    p_import.add_argument("--mapping", help="映射文件（JSON，由 excel preview --save-mapping 生成后修改）")
    p_import.set_defaults(handler=import_handler)
    p_preview = sub.add_parser("preview", help="显示自动识别的表头和列的对应关系，并检查全部单元格")
    p_preview.add_argument("file", help=".xlsx 文件")
    p_preview.add_argument("--kind", required=True, choices=KIND_CHOICES, help="表格类型")
    p_preview.add_argument("--mapping", help="映射文件（JSON）")
    p_preview.add_argument("--save-mapping", help="把识别出的映射保存为 JSON 文件，便于修改后导入")
    p_preview.set_defaults(handler=preview_handler)
    p_export = sub.add_parser("export", help="导出为 .xlsx（个人信息默认脱敏）")
    p_export.add_argument("--kind", required=True, choices=KIND_CHOICES, help="表格类型")
    p_export.add_argument("--out", required=True, help="输出 .xlsx 文件")
    p_export.add_argument("--year", type=int, help="只导出该年度（收到/发布/截止日期在该年）")
    p_export.add_argument("--office", help="机关的统一社会信用代码（默认本机关）")
    p_export.add_argument("--full", action="store_true", help="不脱敏（含完整身份证号、电话等个人信息）")
    p_export.set_defaults(handler=export_handler)
    parser.set_defaults(handler=lambda args, ctx: _usage(parser))


def _usage(parser) -> int:
    parser.print_help()
    return 2


def _mapping(path: str | None):
    if not path:
        return None
    from app.excel.mapping import Mapping

    try:
        with open(path, encoding="utf-8") as fh:
            return Mapping.from_json(fh.read())
    except OSError as exc:
        raise UserError(f"无法读取映射文件“{path}”：{exc.strerror or exc}。") from exc


class _StderrProgress:
    """Progress on stderr for long imports (only when stderr is a terminal)."""

    cancelled = False

    def update(self, done, total=None, text=None) -> None:
        if sys.stderr.isatty():
            sys.stderr.write(f"\r{text or ''} {done}/{total or '?'}   ")


def import_handler(args, ctx) -> int:
    from app.workbench import spreadsheets as excel_io

    mapping = _mapping(args.mapping)
    with ctx.session() as s:
        done = excel_io.import_workbook(s, args.file, args.kind, mapping, progress=_StderrProgress())
    ctx.emit({"kind": done.kind, "rows": done.rows, "skipped_rows": done.skipped_rows, **done.result.counts()},
             done.summary())
    return 0


def preview_handler(args, ctx) -> int:
    from app.excel.kinds import kind_spec
    from app.workbench import spreadsheets as excel_io

    spec = kind_spec(args.kind)
    with ctx.read_session() as s:
        mapping = _mapping(args.mapping) or excel_io.detect(s, args.file, args.kind)
        if args.save_mapping:
            try:
                with open(args.save_mapping, "w", encoding="utf-8") as fh:
                    fh.write(mapping.to_json())
            except OSError as exc:
                raise UserError(f"无法写入文件“{args.save_mapping}”：{exc.strerror or exc}。") from exc
        # the same check as the import: a workbook this passes is one the import accepts
        parsed = excel_io.check_workbook(s, args.file, args.kind, mapping)
    lines = mapping.describe(spec)
    lines.append(f"数据行 {len(parsed.rows)} 行，跳过空行/合计行 {parsed.skipped_rows} 行。")
    lines += ["导入时会被拒绝的单元格和记录：", *("  " + e for e in parsed.error_lines())] if parsed.errors \
        else ["全部单元格均可识别，可以导入。"]
    ctx.emit({"mapping": mapping.to_json(), "rows": len(parsed.rows), "skipped_rows": parsed.skipped_rows,
              "errors": parsed.error_lines()}, "\n".join(lines))
    return 1 if parsed.errors else 0


def export_handler(args, ctx) -> int:
    from app.workbench import spreadsheets as excel_io

    filters = {"year": args.year, "office": args.office.strip().upper() if args.office else None,
               "full": args.full}
    with ctx.read_session() as s:
        result = excel_io.export_workbook(s, args.kind, args.out, filters)
    ctx.emit({"kind": result.kind, "rows": result.rows, "out": str(result.path)},
             f"已导出 {result.rows} 行到 {result.path}。")
    return 0
