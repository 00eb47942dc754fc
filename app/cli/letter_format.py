"""`gongkai letter-format [--letterhead on|off] [--seal on|off]`: how letters look on paper (docs/spec/letters-layout.md)."""

from __future__ import annotations

_ON_OFF = {"on": True, "off": False}


def register(subparsers) -> None:
    p = subparsers.add_parser("letter-format", help="文书版式：信函格式、印出印章图像（不带参数时显示当前设置）")
    p.add_argument("--letterhead", choices=sorted(_ON_OFF), help="on：使用信函格式（红色发文机关标志和双线）；off：不使用")
    p.add_argument("--seal", choices=sorted(_ON_OFF), help="on：在文书上印出本机关存储的印章图像；off：只留出盖章位置")
    p.set_defaults(handler=cmd_letter_format)


def _describe(layout) -> str:
    parts = ["信函格式：" + ("使用" if layout.letterhead else "不使用"),
             "印章图像：" + ("印出" if layout.print_seal else "不印出（留出盖章位置）"),
             "已存储印章图像：" + ("是" if layout.has_seal else "否")]
    return "；".join(parts)


def cmd_letter_format(args, ctx) -> int:
    import sys

    from app import letters

    warnings: list[str] = []
    if args.letterhead is None and args.seal is None:
        with ctx.read_session() as s:
            layout = letters.get_layout(s)
    else:
        with ctx.session() as s:
            warnings = letters.set_layout(s, letterhead=_ON_OFF.get(args.letterhead) if args.letterhead else None,
                                          print_seal=_ON_OFF.get(args.seal) if args.seal else None)
            layout = letters.get_layout(s)
    for warning in warnings:
        print(f"注意：{warning}", file=sys.stderr)
    ctx.emit({"letterhead": layout.letterhead, "print_seal": layout.print_seal, "has_seal": layout.has_seal,
              "warnings": warnings}, _describe(layout))
    return 0
