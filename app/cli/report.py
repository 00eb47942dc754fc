"""`gongkai report …`: the annual report (docs/spec/annual-report.md; docs/spec/command-line.md)."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers) -> None:
    report = subparsers.add_parser("report", help="政府信息公开工作年度报告")
    sub = report.add_subparsers(dest="report_command", metavar="操作")

    def scope(p) -> None:
        p.add_argument("--year", type=int, required=True, help="统计年度，如 2025")
        group = p.add_mutually_exclusive_group()
        group.add_argument("--office", metavar="CODE", help="机关的统一社会信用代码（默认：本机关）")
        group.add_argument("--summary", action="store_true", help="汇总数据库中的全部机关（县级汇总）")
        # SUPPRESS: do not override the global --json given before the sub-command.
        p.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="以 JSON 输出")

    p = sub.add_parser("annual", help="计算年度报告各表并校验；可导出 .xlsx / PDF")
    scope(p)
    p.add_argument("--xlsx", metavar="F", help="导出表格到 .xlsx 文件")
    p.add_argument("--pdf", metavar="F", help="导出完整报告到 PDF 文件")
    p.set_defaults(handler=cmd_annual)

    p = sub.add_parser("issue", help="发布年度报告并锁定该年度数据")
    scope(p)
    p.add_argument("--force", action="store_true", help="校验未通过时仍然发布")
    p.set_defaults(handler=cmd_issue)

    p = sub.add_parser("unlock", help="解锁已发布年度的数据（须说明理由，记入审计日志）")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--office", metavar="CODE", help="机关的统一社会信用代码（默认：本机关）")
    p.add_argument("--reason", required=True, help="解锁理由")
    p.set_defaults(handler=cmd_unlock)

    p = sub.add_parser("lint", help="检查一份年度报告工作簿（或一个文件夹中的全部工作簿）的表内勾稽关系")
    p.add_argument("path", metavar="F.xlsx|DIR", help="报告工作簿，或存放各机关报告工作簿的文件夹")
    p.add_argument("--previous", metavar="F", help="上年度已发布报告的工作簿（其结转下年度数即本年的上年结转数）")
    p.add_argument("--stored", action="store_true",
                   help="检查文件夹时，文件夹中没有的上年报告取自数据库中已发布或载入的报告（按机关名称和年度）")
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="以 JSON 输出")
    p.set_defaults(handler=cmd_lint)

    p = sub.add_parser("reference", help="载入此前已发布的年度报告（工作簿或手工录入），作为下一年度结转数的比对依据")
    p.add_argument("--year", type=int, required=True, help="已发布报告的年度，如 2024")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--office", metavar="CODE", help="机关的统一社会信用代码（默认：本机关）")
    group.add_argument("--summary", action="store_true", help="县级汇总报告")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--from", dest="workbook", metavar="F.xlsx", help="已发布报告的工作簿（国家统一格式）")
    source.add_argument("--carried-out", metavar="N,N,N,N,N,N,N",
                        help="表三“结转下年度继续办理”一行：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计")
    p.add_argument("--regulations-in-force", type=int, metavar="N", help="表二 规章 现行有效件数（手工录入时）")
    p.add_argument("--normative-in-force", type=int, metavar="N", help="表二 行政规范性文件 现行有效件数（手工录入时）")
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="以 JSON 输出")
    p.set_defaults(handler=cmd_reference)

    report.set_defaults(handler=lambda args, ctx: (report.print_help(), 2)[1])


def _write(path: str, content: bytes) -> None:
    from app.errors import StorageError

    try:
        Path(path).write_bytes(content)
    except OSError as exc:
        raise StorageError(f"无法写入文件“{path}”：{exc.strerror or exc}。") from exc


def text_table(data) -> str:
    """A plain-text view of table 三 and the checks, for the terminal."""
    from app.reports import labels as L
    from app.reports.annual import CHECK_TITLES

    lines = [f"{data.office.name}{data.year}年" + ("（汇总）" if data.summary else "") + "政府信息公开申请情况"]
    from app.cli.main import display_width, pad

    # The figures first and the row's whole label after them: the labels run to 50 characters and are
    # never cut, and the columns stay within a terminal's width.
    widths = [max(display_width(L.COLUMN_LABELS[c]), 4) + 2 for c in L.COLUMNS]
    lines.append("".join(pad(L.COLUMN_LABELS[c], w, right=True) for c, w in zip(L.COLUMNS, widths)) + "  项目")
    for key in L.ROW_KEYS:
        numbers = "".join(pad(str(n), w, right=True) for n, w in zip(data.applications.rows[key], widths))
        lines.append(numbers + "  " + L.row_label(key).replace(L.ROW_RESULTS_LABEL, "三、"))
    lines.append("")
    for check in data.checks:
        mark = "?" if check.ok is None else "✓" if check.ok else "✗"
        extra = ("：" + "、".join(check.applications[:20])) if check.applications else ""
        lines.append(f"{mark} {CHECK_TITLES.get(check.rule, check.rule)} — {check.detail}{extra}")
    for warning in data.warnings:
        lines.append(f"! {warning['detail']}")
    return "\n".join(lines)


def cmd_annual(args, ctx) -> int:
    from app import reports

    with ctx.read_session() as s:
        data = reports.compute_annual(s, args.year, office_code=args.office, summary=args.summary)
        texts = None
        if args.pdf:
            stored = reports.get_report(s, data.office.id, args.year, summary=args.summary)
            texts = stored.texts if stored else None
    if args.xlsx:
        from app.reports.xlsx import workbook_bytes

        _write(args.xlsx, workbook_bytes(data))
    if args.pdf:
        from app.reports.pdf import render_report
        from app.reports.text import draft_sections

        _write(args.pdf, render_report(data, texts or draft_sections(data)))
    ctx.emit(data.to_json(), text_table(data))
    return 0


def cmd_issue(args, ctx) -> int:
    from app import reports

    with ctx.session() as s:
        info = reports.issue_report(s, args.year, office_code=args.office, summary=args.summary,
                                    accept_failed_checks=args.force)
    ctx.emit({"year": info.year, "status": info.status, "issued_at": info.issued_at, "issued_by": info.issued_by},
             f"{info.year}年度报告已发布，该年度数据已锁定。")
    return 0


def cmd_unlock(args, ctx) -> int:
    from app import reports

    with ctx.session() as s:
        office = reports.office_by_code(s, args.office) if args.office else reports.own_office(s)
        reports.unlock_year(s, office.id, args.year, args.reason)
    ctx.emit({"year": args.year, "locked": False}, f"{args.year}年度数据已解锁（已记入审计日志）。")
    return 0


def cmd_lint(args, ctx) -> int:
    """Check report workbooks without a database: exit 0 when none has an error, 1 otherwise."""
    from app.errors import ValidationError
    from app.reports import lint
    from app.reports.report_workbook import read_report_workbook

    path = Path(args.path)
    if path.is_dir():
        if args.previous:
            raise ValidationError("检查文件夹时不能指定 --previous：同一机关上一年度的报告放在同一文件夹中即可自动比对。")
        stored = None
        if args.stored:
            from app.reports.reference import stored_references

            with ctx.read_session() as s:
                stored = stored_references(s)
        results = lint.lint_folder(path, stored=stored)
        ok = all(r.ok for r in results)
        ctx.emit({"ok": ok, "workbooks": [r.to_json() for r in results]},
                 lint.text_report(results) or f"文件夹“{path}”中没有 .xlsx 工作簿。")
        return 0 if ok else 1
    if not path.is_file():
        raise ValidationError(f"找不到文件“{path}”。")
    if args.stored:
        raise ValidationError("--stored 只用于检查文件夹；检查单个工作簿时请用 --previous 指定上年报告。")
    reference = lint.reference_from_workbook(read_report_workbook(args.previous)) if args.previous else None
    result = lint.lint_workbook(path, reference)
    ctx.emit(result.to_json(), lint.text_report([result]))
    return 0 if result.ok else 1


def cmd_reference(args, ctx) -> int:
    from app import reports
    from app.errors import ValidationError

    if args.workbook:
        if args.regulations_in_force is not None or args.normative_in_force is not None:
            raise ValidationError("从工作簿载入时，现行有效件数取自工作簿的表二，不能另行指定。")
        snapshot = reports.snapshot_from_workbook(args.workbook)
    else:
        try:
            numbers = [int(x) for x in args.carried_out.replace("，", ",").split(",")]
        except ValueError as exc:
            raise ValidationError("--carried-out 须为七个以逗号分隔的整数。") from exc
        in_force = {k: v for k, v in (("regulations.in_force", args.regulations_in_force),
                                      ("normative_documents.in_force", args.normative_in_force)) if v is not None}
        snapshot = reports.snapshot_typed(args.year, numbers, in_force)
    with ctx.session() as s:
        info = reports.load_published_report(s, args.year, snapshot, office_code=args.office, summary=args.summary)
    carried_out = info.snapshot["applications"]["rows"]["carried_out"] if info.snapshot else []
    ctx.emit({"year": info.year, "status": info.status, "summary": info.summary, "carried_out": carried_out},
             f"已载入{info.year}年度已发布的报告：结转下年度继续办理 总计{carried_out[-1]}件，"
             f"将作为{info.year + 1}年度“上年结转”的比对依据。")
    return 0
