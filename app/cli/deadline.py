"""`gongkai deadline`: compute the statutory deadlines of one application (docs/spec/command-line.md)."""

from __future__ import annotations

import argparse
import datetime as dt

from app.errors import ValidationError


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "deadline",
        help="计算补正告知期限和答复期限（条例第三十条、第三十三条）",
        description="按工作日计算补正告知期限和答复期限；收到申请之日不计入。",
    )
    p.add_argument("--received", required=True, metavar="日期", help="收到申请之日（YYYY-MM-DD）")
    p.add_argument("--correction-notified", metavar="日期", help="补正告知日期")
    p.add_argument("--corrected", metavar="日期", help="收到补正后申请的日期（答复期限自此重新计算）")
    p.add_argument(
        "--pause", action="append", default=[], metavar="[类型:]开始:结束",
        help="暂停期间，可多次给出：2025-10-09:2025-10-20；类型 third_party（默认）、agency 或 fee；"
        "结束留空表示尚未结束，如 agency:2025-10-09:",
    )
    p.add_argument("--extend", type=int, metavar="N", help="延长的工作日数（最多20个）")
    p.add_argument("--extension-approved", metavar="日期", help="延期批准日期")
    p.add_argument("--today", metavar="日期", help="计算剩余工作日所用的“今天”")
    p.add_argument("--replied", metavar="日期", help="答复日期：已答复的按答复日期判断是否逾期，不再计算到今天")
    # Accept --json after the sub-command too (the global flag also works); SUPPRESS keeps the global value.
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="以 JSON 输出")
    p.set_defaults(handler=cmd_deadline)


def _date(value: str | None, what: str) -> dt.date | None:
    from app.domain.dates import parse_date

    return parse_date(value, what)


def parse_pause(text: str):
    """``[kind:]sent:ended`` (ended may be empty) -> Pause."""
    from app.domain.deadlines import PAUSE_KINDS, Pause

    parts = text.split(":")
    kind = "third_party"
    if len(parts) == 3:
        kind, parts = parts[0], parts[1:]
    if len(parts) != 2 or kind not in PAUSE_KINDS:
        raise ValidationError(f"暂停期间“{text}”格式错误，应为 [third_party|agency|fee:]开始日期:结束日期。")
    sent = _date(parts[0], "暂停开始日期")
    if sent is None:
        raise ValidationError(f"暂停期间“{text}”缺少开始日期。")
    return Pause(kind, sent, _date(parts[1], "暂停结束日期"))


def _calendar(args, ctx):
    """The local calendar when a database exists; otherwise the official data alone (nothing is created)."""
    from app.domain.workdays import WorkCalendar
    from app.storage.db import normalize_url

    url = normalize_url(getattr(args, "db", None))
    if url.startswith("sqlite:///"):
        from pathlib import Path

        if not Path(url[len("sqlite:///"):]).exists():
            return WorkCalendar()
    from app.calendar import load_calendar

    with ctx.read_session() as s:
        return load_calendar(s)


def cmd_deadline(args, ctx) -> int:
    from app.domain.deadlines import ClockInput, compute
    from app.domain.workdays import format_date_weekday

    clock = ClockInput(
        received_on=_date(args.received, "收到申请之日"),
        correction_notified_on=_date(args.correction_notified, "补正告知日期"),
        correction_received_on=_date(args.corrected, "收到补正申请日期"),
        pauses=[parse_pause(p) for p in args.pause],
        extension_days=args.extend,
        extension_approved_on=_date(args.extension_approved, "延期批准日期"),
        replied_on=_date(args.replied, "答复日期"),
    )
    result = compute(clock, _calendar(args, ctx), today=_date(args.today, "今天"))
    mark = "（暂定）" if result.provisional else ""
    lines = [f"补正告知期限：{format_date_weekday(result.correction_notice_due)}"]
    if result.reply_due is not None:
        lines.append(f"答复期限：{format_date_weekday(result.reply_due)}{mark}")
    elif result.waiting_for == "payment":
        lines.append("答复期限：暂停中（等待缴费）")
    else:
        lines.append("答复期限：待收到补正后的申请再计算")
    lines.append("计算过程：")
    lines.extend(f"  {i}. {s}" for i, s in enumerate(result.explanation, 1))
    ctx.json = bool(getattr(args, "json", False))
    ctx.emit(result.to_dict(), "\n".join(lines))
    return 0
