"""`gongkai calendar …` sub-commands: the local working-day overrides."""

from __future__ import annotations

import argparse
import datetime as dt


def register(subparsers) -> None:
    from app.cli.main import ChineseArgumentParser

    p = subparsers.add_parser("calendar", help="工作日历：查看和修改本地节假日、调休设定")
    sub = p.add_subparsers(dest="calendar_command", metavar="操作", required=True, parser_class=ChineseArgumentParser)
    json_flag = {"action": "store_true", "default": argparse.SUPPRESS, "help": "以 JSON 输出"}

    q = sub.add_parser("list", help="列出本地设定；加 --days 列出全年的节假日和调休上班日")
    q.add_argument("--year", type=int, help="年份（默认今年）")
    q.add_argument("--days", action="store_true", help="列出该年所有节假日和调休上班日（含官方数据）")
    q.add_argument("--json", **json_flag)
    q.set_defaults(handler=cmd_list)

    q = sub.add_parser("set", help="把某日设为上班或放假")
    q.add_argument("date", metavar="日期")
    kind = q.add_mutually_exclusive_group(required=True)
    kind.add_argument("--workday", action="store_true", help="上班（工作日）")
    kind.add_argument("--holiday", action="store_true", help="放假")
    q.add_argument("--note", help="说明，如 本地民族节日")
    q.add_argument("--json", **json_flag)
    q.set_defaults(handler=cmd_set)

    q = sub.add_parser("delete", help="删除某日的本地设定（恢复官方数据）")
    q.add_argument("date", metavar="日期")
    q.add_argument("--json", **json_flag)
    q.set_defaults(handler=cmd_delete)

    q = sub.add_parser("import", help="导入日历文件（CSV：日期,上班/放假,备注；或 JSON Lines 数据包记录）")
    q.add_argument("file", metavar="文件")
    q.add_argument("--source", choices=["local", "province"], default="local", help="数据来源")
    q.add_argument("--json", **json_flag)
    q.set_defaults(handler=cmd_import)

    q = sub.add_parser("official", help="标记某年的本地设定为完整的正式安排（不再显示“暂定”）")
    q.add_argument("year", type=int, metavar="年份")
    q.add_argument("--remove", action="store_true", help="取消标记")
    q.add_argument("--note", help="依据，如 省政府办公厅通知文号")
    q.add_argument("--json", **json_flag)
    q.set_defaults(handler=cmd_official)


def _date(text: str) -> dt.date:
    from app.domain.dates import parse_date

    return parse_date(text, "日期", required=True)


def _json(args, ctx) -> None:
    ctx.json = bool(getattr(args, "json", False))


def _moved_text(moved: list) -> str:
    if not moved:
        return "没有在办申请的答复期限因此改变。"
    from app.domain.workdays import format_date

    parts = [f"{m.serial}：{format_date(m.old) if m.old else '无'} → {format_date(m.new) if m.new else '无'}" for m in moved[:20]]
    more = f"等{len(moved)}件" if len(moved) > 20 else f"共{len(moved)}件"
    return f"答复期限已重新计算，{more}改变：" + "；".join(parts) + "。"


def _moved_json(moved: list) -> list[dict]:
    return [{"serial": m.serial, "old": m.old.isoformat() if m.old else None,
             "new": m.new.isoformat() if m.new else None} for m in moved]


def cmd_list(args, ctx) -> int:
    from app import calendar as service

    _json(args, ctx)
    year = args.year or dt.date.today().year
    with ctx.read_session() as s:
        overrides = service.list_overrides(s, year)
        official = service.official_years(s)
        cal = service.load_calendar(s)
    if args.days:
        days = [d for d in cal.year_days(year) if d.kind not in ("workday", "weekend")]
        data = {"year": year, "provisional": cal.is_provisional(dt.date(year, 1, 1)),
                "days": [{"date": d.day.isoformat(), "is_workday": d.is_workday, "kind": d.kind, "name": d.name}
                         for d in days]}
        head = f"{year}年节假日和调休" + ("（暂定：尚无正式安排）" if data["provisional"] else "")
        text = "\n".join([head] + [f"{d.day.isoformat()}  {d.label:<8} {d.name or ''}" for d in days])
        ctx.emit(data, text)
        return 0
    data = {"year": year, "official_years": official,
            "overrides": [{"date": o.date.isoformat(), "is_workday": o.is_workday, "note": o.note,
                           "source": o.source} for o in overrides]}
    lines = [f"{year}年本地日历设定：{len(overrides)}条" + ("（该年已标记为正式安排）" if year in official else "")]
    lines += [f"{o.date.isoformat()}  {'上班' if o.is_workday else '放假'}  {o.note or ''}  [{'省级' if o.source == 'province' else '本地'}]"
              for o in overrides]
    ctx.emit(data, "\n".join(lines))
    return 0


def cmd_set(args, ctx) -> int:
    from app import calendar as service
    from app.workbench.recompute import recompute_after_change

    _json(args, ctx)
    day = _date(args.date)
    with ctx.session() as s:
        info = service.set_override(s, day, bool(args.workday), args.note)
        moved = recompute_after_change(s)
    ctx.emit({"date": day.isoformat(), "is_workday": info.is_workday, "note": info.note, "moved": _moved_json(moved)},
             f"已将{day.isoformat()}设为{'上班' if info.is_workday else '放假'}。{_moved_text(moved)}")
    return 0


def cmd_delete(args, ctx) -> int:
    from app import calendar as service
    from app.workbench.recompute import recompute_after_change

    _json(args, ctx)
    day = _date(args.date)
    with ctx.session() as s:
        service.delete_override(s, day)
        moved = recompute_after_change(s)
    ctx.emit({"date": day.isoformat(), "deleted": True, "moved": _moved_json(moved)},
             f"已删除{day.isoformat()}的本地设定。{_moved_text(moved)}")
    return 0


def cmd_import(args, ctx) -> int:
    from app import calendar as service
    from app.workbench.recompute import recompute_after_change

    _json(args, ctx)
    with ctx.session() as s:
        result = service.import_file(s, args.file, source=args.source)
        moved = recompute_after_change(s) if result.changed else []
    ctx.emit({"created": result.created, "updated": result.updated, "deleted": result.deleted,
              "unchanged": result.unchanged, "official_years": result.official_years, "moved": _moved_json(moved)},
             f"已导入日历：{result.summary()}。{_moved_text(moved) if result.changed else ''}")
    return 0


def cmd_official(args, ctx) -> int:
    from app import calendar as service
    from app.workbench.recompute import recompute_after_change

    _json(args, ctx)
    with ctx.session() as s:
        service.set_official_year(s, args.year, not args.remove, args.note)
        moved = recompute_after_change(s)
    state = "取消了正式安排标记" if args.remove else "标记为正式安排"
    ctx.emit({"year": args.year, "official": not args.remove, "moved": _moved_json(moved)},
             f"{args.year}年已{state}。{_moved_text(moved)}")
    return 0
