"""`gongkai negative-list …`: list, add, show, review-due, review and export the negative list (负面清单)."""

from __future__ import annotations

import datetime as dt


def register(subparsers) -> None:
    group = subparsers.add_parser("negative-list", help="负面清单：查看、新增、复核、导出备案")
    sub = group.add_subparsers(dest="negative_list_command", metavar="操作")
    group.set_defaults(handler=lambda args, ctx: _help(group))

    p = sub.add_parser("list", help="列出负面清单事项")
    p.add_argument("--category", help="事项类别（如 个人隐私）")
    p.add_argument("--status", help="状态：有效 / 已调整 / 已解除")
    p.add_argument("--due", action="store_true", help="只列到期待复核的事项")
    p.add_argument("--text", help="按名称、关键词、范围筛选")
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("add", help="新增事项")
    p.add_argument("--name", required=True, help="事项名称")
    p.add_argument("--category", required=True, help="事项类别（国家秘密、个人隐私、过程性信息 …）")
    p.add_argument("--law", help="依据法规（默认：政府信息公开条例）")
    p.add_argument("--article", help="依据条款（默认：类别对应的条款）")
    p.add_argument("--basis-text", help="依据条文（默认：条例原文）")
    p.add_argument("--scope", help="适用范围")
    p.add_argument("--unit", help="责任单位")
    p.add_argument("--decided-on", help="确定日期 YYYY-MM-DD")
    p.add_argument("--approver", help="批准人")
    p.add_argument("--cycle", type=int, help="复核周期（月，默认12）")
    p.add_argument("--keywords", help="关键词，用顿号或逗号分隔")
    p.set_defaults(handler=cmd_add)

    p = sub.add_parser("show", help="显示事项、历史版本、复核记录和引用它的申请")
    p.add_argument("item_id", type=int, help="事项编号")
    p.set_defaults(handler=cmd_show)

    p = sub.add_parser("review-due", help="到期待复核的事项（条例第十八条）")
    p.add_argument("--today", help="以该日期为准（YYYY-MM-DD，默认今天）")
    p.add_argument("--within", type=int, default=0, help="包括此后若干天内到期的事项")
    p.set_defaults(handler=cmd_review_due)

    p = sub.add_parser("review", help="记录一次复核：保留 / 调整 / 解除")
    p.add_argument("item_id", type=int, help="事项编号")
    p.add_argument("--decision", required=True, choices=["keep", "change", "release"])
    p.add_argument("--note", help="复核意见")
    p.add_argument("--reviewer", help="复核人（默认：操作员）")
    p.add_argument("--date", help="复核日期 YYYY-MM-DD（默认今天）")
    p.add_argument("--scope", help="调整后的适用范围（decision=change）")
    p.add_argument("--name", help="调整后的事项名称（decision=change）")
    p.set_defaults(handler=cmd_review)

    p = sub.add_parser("export", help="导出备案用的 Excel 和/或 PDF")
    p.add_argument("--xlsx", help="Excel 文件路径")
    p.add_argument("--pdf", help="PDF 文件路径")
    p.add_argument("--all", action="store_true", help="包括已解除的事项")
    p.add_argument("--today", help="填报日期 YYYY-MM-DD（默认今天）")
    p.set_defaults(handler=cmd_export)


def _help(parser) -> int:
    parser.print_help()
    return 2


def _date(value: str | None, label: str) -> dt.date | None:
    from app.domain.dates import parse_date

    return parse_date(value, label)


def _line(item) -> str:
    due = item.next_review_on.isoformat() if item.next_review_on else "—"
    return f"{item.id:>4}  {item.status_label:<3}  {item.category_label:<8}  {item.basis_article:<8}  下次复核 {due}  {item.name}"


def cmd_list(args, ctx) -> int:
    from dataclasses import asdict

    from app import negative_list as nl

    with ctx.read_session() as s:
        items = nl.list_items(s, category_code=args.category, status=args.status, text=args.text,
                              due_on=dt.date.today() if args.due else None)
    text = "\n".join(_line(i) for i in items) or "没有符合条件的事项。"
    ctx.emit([asdict(i) for i in items], f"{text}\n共{len(items)}项。" if items else text)
    return 0


def cmd_add(args, ctx) -> int:
    from dataclasses import asdict

    from app import negative_list as nl

    data = {"name": args.name, "category": args.category, "basis_law": args.law, "basis_article": args.article,
            "basis_text": args.basis_text, "scope": args.scope, "responsible_unit": args.unit,
            "decided_on": args.decided_on, "approver": args.approver, "review_cycle_months": args.cycle,
            "keywords": args.keywords}
    with ctx.session() as s:
        item = nl.create_item(s, data)
    ctx.emit(asdict(item), f"已新增事项 {item.id}：{item.name}（{item.category_label}，{item.basis_article}）")
    return 0


def cmd_show(args, ctx) -> int:
    from dataclasses import asdict

    from app import negative_list as nl

    with ctx.read_session() as s:
        item = nl.get_item(s, args.item_id)
        versions = nl.item_versions(s, item.id)
        reviews = nl.reviews_for_item(s, item.id)
        decisions = nl.decisions_for_item(s, item.id)
    lines = [
        f"事项 {item.id}：{item.name}",
        f"类别：{item.category_label}　状态：{item.status_label}　版本：{item.version}",
        f"依据：{item.basis_law}{item.basis_article}　{item.basis_text}",
        f"适用范围：{item.scope or '—'}",
        f"责任单位：{item.responsible_unit or '—'}　确定日期：{item.decided_on or '—'}　批准人：{item.approver or '—'}",
        f"复核周期：{item.review_cycle_months}个月　上次复核：{item.last_reviewed_on or '—'}　"
        f"下次复核：{item.next_review_on or '—'}",
        f"关键词：{'、'.join(item.keywords) or '—'}",
        f"历史版本：{len(versions)}个",
    ]
    lines += [f"  第{v.version}版（{v.replaced_at:%Y-%m-%d %H:%M} 被替换，{v.replaced_by}：{v.reason or ''}）"
              for v in versions]
    lines.append(f"复核记录：{len(reviews)}次")
    lines += [f"  {r.reviewed_on} {r.decision_label}（{r.reviewer}）{r.note or ''}" for r in reviews]
    lines.append(f"引用它的答复：{len(decisions)}件")
    lines += [f"  {d.serial} {d.outcome or '办理中'} {d.content or ''}" for d in decisions]
    ctx.emit({"item": asdict(item), "versions": [asdict(v) for v in versions],
              "reviews": [asdict(r) for r in reviews], "decisions": [asdict(d) for d in decisions]},
             "\n".join(lines))
    return 0


def cmd_review_due(args, ctx) -> int:
    from dataclasses import asdict

    from app import negative_list as nl

    today = _date(args.today, "日期") or dt.date.today()
    with ctx.read_session() as s:
        items = nl.review_due(s, today, within_days=args.within)
    text = "\n".join(_line(i) for i in items) or "没有到期待复核的事项。"
    ctx.emit([asdict(i) for i in items], text)
    return 0


def cmd_review(args, ctx) -> int:
    from dataclasses import asdict

    from app import negative_list as nl

    changes = {k: v for k, v in (("scope", args.scope), ("name", args.name)) if v is not None}
    with ctx.session() as s:
        result = nl.record_review(s, args.item_id, args.decision, note=args.note, reviewer=args.reviewer,
                                  reviewed_on=_date(args.date, "复核日期"), changes=changes or None)
    text = f"已记录复核：{result.item.name} — {result.review.decision_label}，状态：{result.item.status_label}"
    if result.item.next_review_on:
        text += f"，下次复核：{result.item.next_review_on}"
    ctx.emit(asdict(result), text)
    return 0


def cmd_export(args, ctx) -> int:
    from app.errors import ValidationError
    from app.negative_list.export import write_pdf, write_xlsx

    if not args.xlsx and not args.pdf:
        raise ValidationError("请用 --xlsx 或 --pdf 指定导出文件。")
    today = _date(args.today, "填报日期")
    done = {}
    with ctx.read_session() as s:
        if args.xlsx:
            done["xlsx"] = {"path": args.xlsx, "items": write_xlsx(s, args.xlsx, today=today,
                                                                   include_released=args.all)}
        if args.pdf:
            done["pdf"] = {"path": args.pdf, "items": write_pdf(s, args.pdf, today=today,
                                                                include_released=args.all)}
    ctx.emit(done, "\n".join(f"已导出{v['items']}项到 {v['path']}" for v in done.values()))
    return 0
