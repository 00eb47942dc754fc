"""`gongkai letter SERIAL --kind … --out F.pdf`: a letter as issued (docs/spec/command-line.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.errors import StorageError, ValidationError
from app.register.codes import OUTCOMES

CLI_KINDS = ("reply", "correction", "extension", "consultation", "fee", "receipt",
             "public_interest_notice", "agency_consultation", "reason_request")


def register(subparsers) -> None:
    p = subparsers.add_parser("letter", help="出具或重印文书（答复书、告知书等），输出PDF")
    p.add_argument("serial", metavar="申请编号")
    p.add_argument("--kind", required=True, choices=CLI_KINDS, help="文书种类")
    p.add_argument("--out", required=True, metavar="F.pdf", help="输出的PDF文件")
    p.add_argument("--outcome", choices=OUTCOMES, help="答复书的办理结果代码，默认取申请已记录的结果")
    p.add_argument("--set", action="append", default=[], metavar="字段=内容",
                   help="填写文书所需内容，如 --set withheld_reason=…（可重复）")
    p.add_argument("--date", help="成文日期 YYYY-MM-DD（默认今天）")
    p.add_argument("--preview", action="store_true", help="只生成预览，不出具、不编文号")
    p.add_argument("--correct", action="store_true", help="出具更正版本（须同时给出 --reason）")
    p.add_argument("--reason", help="更正原因")
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="以 JSON 输出")
    p.set_defaults(handler=cmd_letter)


def _fields(pairs: list[str]) -> dict:
    fields = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ValidationError(f"“{pair}”的格式应为 字段=内容。")
        fields[name.strip()] = value.strip()
    return fields


def cmd_letter(args, ctx) -> int:
    from app import letters
    from app.domain.dates import parse_date
    from app.letters.checks import letter_date_warnings
    from app.register import get_by_serial

    letter_date = parse_date(args.date, "发文日期")
    extra = _fields(args.set)
    warnings: list[str] = []  # a 成文日期 on a non-working day: said, never refused (docs/spec/letters.md)
    out = Path(args.out)
    if args.preview:
        with ctx.read_session() as s:
            pdf = letters.render_preview(s, get_by_serial(s, args.serial).id, args.kind, outcome=args.outcome,
                                         extra=extra, letter_date=letter_date)
        _write(out, pdf)
        ctx.emit({"preview": True, "out": str(out)}, f"已生成预览：{out}")
        return 0
    with ctx.session() as s:
        app_id = get_by_serial(s, args.serial).id
        current = letters.current_letter(s, app_id, args.kind)
        if current is not None and not args.correct:
            info, reused = current, True  # reprint: the stored bytes, exactly as issued
        else:
            info = letters.issue_letter(s, app_id, args.kind, outcome=args.outcome, extra=extra,
                                        letter_date=letter_date, corrects=current.id if args.correct and current else None,
                                        reason=args.reason)
            reused = False
            warnings = letter_date_warnings(s, info.letter_date)
        pdf = letters.reprint(s, info.id) if reused else None
    if pdf is None:
        with ctx.read_session() as s:
            pdf = letters.reprint(s, info.id)
    _write(out, pdf)
    verb = "已重印" if reused else "已出具"
    for warning in warnings:
        sys.stderr.write(f"注意：{warning}\n")
    ctx.emit({"doc_number": info.doc_number, "kind": info.kind, "version": info.version, "sha256": info.sha256,
              "reprint": reused, "out": str(out), "warnings": warnings}, f"{verb}{info.title}（{info.doc_number}）：{out}")
    return 0


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise StorageError(f"无法写入文件“{path}”：{exc.strerror or exc}。") from None
