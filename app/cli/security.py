"""`gongkai security …`: clear a forgotten lock password (audited)."""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("security", help="锁屏密码管理")
    ssub = p.add_subparsers(dest="security_command", metavar="操作", required=True)
    q = ssub.add_parser("clear-password", help="清除忘记的锁屏密码（记入审计日志）")
    q.set_defaults(handler=cmd_clear_password)


def cmd_clear_password(args, ctx) -> int:
    from app.core import security

    with ctx.session() as s:
        cleared = security.reset_password(s)
    ctx.emit({"cleared": cleared}, "已清除锁屏密码，操作已记入审计日志。" if cleared else "未设置锁屏密码。")
    return 0
