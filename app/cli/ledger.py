"""`gongkai ledger …`: tasks, activity records, website columns, table 二/四 inputs and annual counts."""

from __future__ import annotations

import argparse
from dataclasses import asdict

STATUS_ARG = {"未开始": "not_started", "进行中": "in_progress", "已完成": "done", "已逾期": "overdue", "未完成": "open"}


def register(subparsers) -> None:
    parser = subparsers.add_parser("ledger", help="工作台账：任务、活动记录、网站栏目、年度统计数据")
    sub = parser.add_subparsers(dest="ledger_command", metavar="对象")
    parser.set_defaults(handler=lambda args, ctx: _usage(parser))
    json_flag = {"action": "store_true", "default": argparse.SUPPRESS, "help": "以 JSON 输出"}

    task = sub.add_parser("task", help="任务（工作要点、上级通知）")
    tsub = task.add_subparsers(dest="task_command", metavar="操作")
    task.set_defaults(handler=lambda args, ctx: _usage(task))
    p = tsub.add_parser("add", help="新增任务")
    p.add_argument("--source", required=True, help="任务来源（文件名称），如“2025年政务公开工作要点”")
    p.add_argument("--requirement", required=True, help="任务要求")
    p.add_argument("--due", help="完成时限 YYYY-MM-DD（周期任务可不填：本期期末）")
    p.add_argument("--cadence", default="once", help="周期：一次性/即时/每日/每周/每旬/每月/每季/每年")
    p.add_argument("--unit", help="责任单位")
    p.add_argument("--person", help="责任人")
    p.add_argument("--year", type=int, help="年度（默认取完成时限的年份）")
    p.add_argument("--office", help="机关统一社会信用代码（默认本机关）")
    p.add_argument("--json", dest="json", **json_flag)
    p.set_defaults(handler=task_add)
    p = tsub.add_parser("list", help="列出任务")
    p.add_argument("--status", help="未开始/进行中/已完成/已逾期/未完成")
    p.add_argument("--year", type=int)
    p.add_argument("--due-within", type=int, metavar="天", help="只列出该天数内到期的未完成任务")
    p.add_argument("--text", help="按来源、要求、责任单位或责任人查找")
    p.add_argument("--office", help="机关统一社会信用代码（默认本机关）")
    p.add_argument("--json", dest="json", **json_flag)
    p.set_defaults(handler=task_list)
    p = tsub.add_parser("done", help="办结任务（周期任务自动生成下一期）")
    p.add_argument("id", type=int, help="任务编号")
    p.add_argument("--on", help="完成日期（默认今天）")
    p.add_argument("--note", help="完成情况")
    p.add_argument("--json", dest="json", **json_flag)
    p.set_defaults(handler=task_done)
    p = tsub.add_parser("attach", help="为任务添加佐证材料")
    p.add_argument("id", type=int, help="任务编号")
    p.add_argument("file", help="文件路径")
    p.set_defaults(handler=task_attach)

    act = sub.add_parser("activity", help="活动记录（主动公开、政策解读、培训等）")
    asub = act.add_subparsers(dest="activity_command", metavar="操作")
    act.set_defaults(handler=lambda args, ctx: _usage(act))
    p = asub.add_parser("add", help="新增活动记录")
    p.add_argument("--kind", required=True,
                   help="主动公开/政策解读/新闻发布会/在线访谈/回应关切/培训/社会评议/会议开放/负责人听取汇报")
    p.add_argument("--date", help="日期 YYYY-MM-DD（政策解读：解读发布日期，未发布可不填）")
    p.add_argument("--title", help="标题（内容）")
    p.add_argument("--channel", help="主动公开渠道：网站/公报/政务微博/政务微信/其他")
    p.add_argument("--quantity", help="数量（批量登记的信息条数，默认 1）")
    p.add_argument("--participants", help="参训人数（培训）")
    p.add_argument("--document-title", help="政策解读：所解读的文件名称")
    p.add_argument("--document-id", help="政策解读：公开目录中的文件标识（UUID）")
    p.add_argument("--document-published", help="政策解读：文件公开日期")
    p.add_argument("--notes", help="备注")
    p.add_argument("--office", help="机关统一社会信用代码（默认本机关）")
    p.add_argument("--json", dest="json", **json_flag)
    p.set_defaults(handler=activity_add)
    p = asub.add_parser("list", help="列出活动记录")
    p.add_argument("--kind")
    p.add_argument("--year", type=int)
    p.add_argument("--late", action="store_true", help="只列出超时限的政策解读")
    p.add_argument("--pending", action="store_true", help="只列出尚未发布的政策解读")
    p.add_argument("--text")
    p.add_argument("--limit", type=int, default=200)
    p.add_argument("--office", help="机关统一社会信用代码（默认本机关）")
    p.add_argument("--json", dest="json", **json_flag)
    p.set_defaults(handler=activity_list)

    col = sub.add_parser("column", help="网站栏目")
    csub = col.add_subparsers(dest="column_command", metavar="操作")
    col.set_defaults(handler=lambda args, ctx: _usage(col))
    p = csub.add_parser("add", help="新增栏目")
    p.add_argument("--name", required=True)
    p.add_argument("--cadence", required=True, help="更新周期：即时/每日/每周/每旬/每月/每季/每年")
    p.add_argument("--url")
    p.add_argument("--last-updated", help="最近更新日期")
    p.add_argument("--unit", help="责任单位")
    p.add_argument("--json", dest="json", **json_flag)
    p.set_defaults(handler=column_add)
    p = csub.add_parser("list", help="列出栏目（标出逾期未更新的）")
    p.add_argument("--overdue", action="store_true", help="只列出逾期未更新的栏目")
    p.add_argument("--json", dest="json", **json_flag)
    p.set_defaults(handler=column_list)
    p = csub.add_parser("touch", help="登记栏目已更新")
    p.add_argument("id", type=int)
    p.add_argument("--on", help="更新日期（默认今天）")
    p.set_defaults(handler=column_touch)

    fig = sub.add_parser("figures", help="录入年度报告表二数据：KEY=VALUE …")
    fig.add_argument("--year", type=int, required=True)
    fig.add_argument("values", nargs="*", metavar="KEY=VALUE",
                     help="如 licensing=1520 penalty=87 fees_wan_yuan=12.5（值为空则清除）")
    fig.add_argument("--office", help="机关统一社会信用代码（默认本机关）")
    fig.add_argument("--json", dest="json", **json_flag)
    fig.set_defaults(handler=figures_set)

    case = sub.add_parser("case", help="登记行政复议、行政诉讼案件")
    case.add_argument("--kind", required=True, help="行政复议/行政诉讼")
    case.add_argument("--route", help="行政诉讼：未经复议直接起诉/复议后起诉")
    case.add_argument("--filed", required=True, help="收案日期")
    case.add_argument("--concluded", help="审结日期")
    case.add_argument("--result", help="结果维持/结果纠正/其他结果（未审结不填）")
    case.add_argument("--number", help="案号")
    case.add_argument("--party", help="申请人/原告")
    case.add_argument("--serial", help="相关申请编号")
    case.add_argument("--office", help="机关统一社会信用代码（默认本机关）")
    case.add_argument("--json", dest="json", **json_flag)
    case.set_defaults(handler=case_add)

    counts = sub.add_parser("counts", help="年度报告所需的台账统计（表二、表四及活动数）")
    counts.add_argument("--year", type=int, required=True)
    scope = counts.add_mutually_exclusive_group()
    scope.add_argument("--office", help="机关统一社会信用代码（默认本机关）")
    scope.add_argument("--summary", action="store_true", help="汇总本库中所有机关")
    counts.add_argument("--json", dest="json", **json_flag)
    counts.set_defaults(handler=counts_handler)


def _usage(parser) -> int:
    parser.print_help()
    return 2


def _office(session, code: str | None) -> int | None:
    if not code:
        return None
    from app.core import profile

    return profile.office_by_code(session, code.strip().upper()).id


def _plain(info) -> dict:
    data = asdict(info)
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}


def task_add(args, ctx) -> int:
    from app import ledger

    with ctx.session() as s:
        info = ledger.add_task(s, {"source_document": args.source, "requirement": args.requirement,
                                   "due_on": args.due, "cadence": args.cadence, "responsible_unit": args.unit,
                                   "responsible_person": args.person, "year": args.year},
                               office_id=_office(s, args.office))
    ctx.emit(_plain(info), f"已新增任务 {info.id}：{info.requirement}（{info.cadence_label}，"
                           f"完成时限 {info.due_on or '无'}）")
    return 0


def _task_line(t) -> str:
    mark = "！" if t.status == "overdue" else " "
    return f"{mark}{t.id:>6}  {t.status_label:<4} {str(t.due_on or '—'):<10}  {t.cadence_label:<3}  " \
           f"{t.requirement[:40]}  （{t.source_document}）"


def task_list(args, ctx) -> int:
    from app import ledger
    from app.errors import ValidationError

    status = STATUS_ARG.get(args.status, args.status) if args.status else None
    if status and status not in ("not_started", "in_progress", "done", "overdue", "open"):
        raise ValidationError(f"无法识别的任务状态“{args.status}”。可选：{'、'.join(STATUS_ARG)}。")
    with ctx.read_session() as s:
        tasks = ledger.list_tasks(s, office_id=_office(s, args.office) or ledger_own(s), status=status,
                                  year=args.year, due_within=args.due_within, text=args.text)
    ctx.emit([_plain(t) for t in tasks], "\n".join(_task_line(t) for t in tasks) or "没有符合条件的任务。")
    return 0


def ledger_own(session) -> int:
    from app.core.profile import own_office_id

    return own_office_id(session)


def task_done(args, ctx) -> int:
    from app import ledger

    with ctx.session() as s:
        result = ledger.complete_task(s, args.id, completed_on=args.on, note=args.note)
    text = f"任务 {args.id} 已办结。"
    if result.next_task:
        text += f"已生成下一期任务 {result.next_task.id}，完成时限 {result.next_task.due_on}。"
    ctx.emit({"task": _plain(result.task), "next_task": _plain(result.next_task) if result.next_task else None},
             text)
    return 0


def task_attach(args, ctx) -> int:
    from pathlib import Path

    from app import ledger
    from app.errors import UserError

    path = Path(args.file)
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise UserError(f"无法读取文件“{path}”：{exc.strerror or exc}。") from exc
    with ctx.session() as s:
        info = ledger.add_attachment(s, args.id, path.name, content)
    ctx.emit(_plain(info), f"已添加佐证材料“{info.filename}”（SHA-256 {info.sha256[:12]}…）。")
    return 0


def activity_add(args, ctx) -> int:
    from app import ledger

    data = {"kind": args.kind, "occurred_on": args.date, "title": args.title, "channel": args.channel,
            "quantity": args.quantity, "participants": args.participants, "document_title": args.document_title,
            "document_uuid": args.document_id, "document_published_on": args.document_published,
            "notes": args.notes}
    with ctx.session() as s:
        info = ledger.add_activity(s, data, office_id=_office(s, args.office))
    text = f"已新增{info.kind_label}记录 {info.id}：{info.title}"
    if info.due_on:
        text += f"（解读时限 {info.due_on}{'，暂定' if info.due_provisional else ''}{'，已超时限' if info.late else ''}）"
    ctx.emit(_plain(info), text)
    return 0


def activity_list(args, ctx) -> int:
    from app import ledger

    with ctx.read_session() as s:
        items = ledger.list_activities(s, office_id=_office(s, args.office) or ledger_own(s), kind=args.kind,
                                       year=args.year, late=args.late, pending=args.pending, text=args.text,
                                       limit=args.limit)
    lines = [f"{'！' if a.late else ' '}{a.id:>7}  {str(a.occurred_on or '未发布'):<10}  {a.kind_label:<6} "
             f"{a.title[:40]}{'  ×' + str(a.quantity) if a.quantity > 1 else ''}" for a in items]
    ctx.emit([_plain(a) for a in items], "\n".join(lines) or "没有符合条件的活动记录。")
    return 0


def column_add(args, ctx) -> int:
    from app import ledger

    with ctx.session() as s:
        info = ledger.add_column(s, {"name": args.name, "cadence": args.cadence, "url": args.url,
                                     "last_updated_on": args.last_updated, "responsible_unit": args.unit})
    ctx.emit(_plain(info), f"已新增栏目 {info.id}：{info.name}（{info.cadence_label}更新）")
    return 0


def column_list(args, ctx) -> int:
    from app import ledger

    with ctx.read_session() as s:
        cols = ledger.list_columns(s, office_id=ledger_own(s), overdue_only=args.overdue)
    lines = [f"{'！' if c.overdue else ' '}{c.id:>5}  {c.name:<16} {c.cadence_label:<3} 最近更新 "
             f"{c.last_updated_on or '从未'}{'  逾期未更新' if c.overdue else ''}" for c in cols]
    ctx.emit([_plain(c) for c in cols], "\n".join(lines) or "没有登记网站栏目。")
    return 0


def column_touch(args, ctx) -> int:
    from app import ledger

    with ctx.session() as s:
        info = ledger.touch_column(s, args.id, args.on)
    ctx.emit(_plain(info), f"栏目“{info.name}”最近更新日期：{info.last_updated_on}。")
    return 0


def figures_set(args, ctx) -> int:
    from app import ledger
    from app.errors import ValidationError

    values = {}
    for item in args.values:
        key, sep, value = item.partition("=")
        if not sep:
            raise ValidationError(f"“{item}”应写成 KEY=VALUE，例如 licensing=1520。")
        values[key.strip()] = value.strip()
    with ctx.session() as s:
        figures = ledger.set_figures(s, args.year, values, office_id=_office(s, args.office))
    from app.ledger.common import format_figure

    lines = [f"{''.join(ledger.FIGURES[k])}（{k}）：{format_figure(k, v) or '未填'}" for k, v in figures.items()]
    ctx.emit({k: (format_figure(k, v) or None) for k, v in figures.items()}, "\n".join(lines))
    return 0


def case_add(args, ctx) -> int:
    from app import ledger

    with ctx.session() as s:
        info = ledger.add_case(s, {"kind": args.kind, "route": args.route, "filed_on": args.filed,
                                   "concluded_on": args.concluded, "result": args.result,
                                   "case_number": args.number, "party": args.party,
                                   "application_serial": args.serial}, office_id=_office(s, args.office))
    ctx.emit(_plain(info), f"已登记{info.kind_label}案件 {info.id}（{info.result_label}）。")
    return 0


def counts_handler(args, ctx) -> int:
    from app import ledger

    with ctx.read_session() as s:
        counts = ledger.annual_counts(s, args.year, _office(s, args.office), summary=args.summary)
    p, rl, acts = counts["proactive"], counts["review_litigation"], counts["activities"]
    text = "\n".join([
        f"{args.year} 年台账统计",
        f"规章：制发 {p['regulations']['issued']}，废止 {p['regulations']['repealed']}，"
        f"现行有效 {p['regulations']['in_force']}",
        f"行政规范性文件：制发 {p['normative_documents']['issued']}，废止 {p['normative_documents']['repealed']}，"
        f"现行有效 {p['normative_documents']['in_force']}",
        f"行政许可 {p['licensing']}，行政处罚 {p['penalty']}，行政强制 {p['coercion']}，"
        f"行政事业性收费 {p['fees_wan_yuan']} 万元",
        *(f"{label}：维持 {rl[g]['upheld']}，纠正 {rl[g]['corrected']}，其他 {rl[g]['other']}，"
          f"尚未审结 {rl[g]['pending']}，总计 {rl[g]['total']}"
          for g, label in (("review", "行政复议"), ("litigation_direct", "行政诉讼（未经复议直接起诉）"),
                           ("litigation_after_review", "行政诉讼（复议后起诉）"))),
        f"主动公开信息 {acts['publications']['total']} 条；政策解读 {acts['interpretations']['total']} 篇"
        f"（超时限 {acts['interpretations']['late']}）；新闻发布会 {acts['press_conferences']} 场；"
        f"培训 {acts['trainings']['sessions']} 次 {acts['trainings']['participants']} 人次",
    ])
    if counts["missing_figures"]:
        text += "\n未填写：" + "、".join("".join(ledger.FIGURES[k]) for k in counts["missing_figures"])
    ctx.emit(counts, text)
    return 0
