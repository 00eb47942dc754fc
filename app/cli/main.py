"""Entry point of `gongkai`: global options, sub-command registration, errors without tracebacks."""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import sys

from app import __version__

# One module per command group; each has register(subparsers).
COMMAND_MODULES = [
    "app.cli.core",
    "app.cli.deadline",
    "app.cli.calendar",
    "app.cli.request",
    "app.cli.letter",
    "app.cli.letter_format",
    "app.cli.report",
    "app.cli.excel",
    "app.cli.catalogue",
    "app.cli.negative_list",
    "app.cli.ledger",
    "app.cli.package",
    "app.cli.security",
    "app.cli.redact",
]
# The top-level sub-commands each module registers (tests/cli/test_cli.py checks it against the modules):
# a command line naming one imports and registers that module only.
COMMANDS = {
    "init": "app.cli.core", "check": "app.cli.core", "backup": "app.cli.core", "restore": "app.cli.core",
    "demo": "app.cli.core",
    "deadline": "app.cli.deadline",
    "calendar": "app.cli.calendar",
    "request": "app.cli.request",
    "letter": "app.cli.letter",
    "letter-format": "app.cli.letter_format",
    "report": "app.cli.report",
    "excel": "app.cli.excel",
    "catalogue": "app.cli.catalogue",
    "negative-list": "app.cli.negative_list",
    "ledger": "app.cli.ledger",
    "package": "app.cli.package", "keys": "app.cli.package", "sync": "app.cli.package",
    "platform": "app.cli.package",
    "security": "app.cli.security",
    "redact": "app.cli.redact",
}
# Quick read-only command lines (command, sub-command) whose process loads only the models its code imports
# (app.storage.LIGHT_MODELS): `catalogue search` is the headless command of bench/measure_startup.py.
LIGHT_COMMANDS = {("catalogue", "search")}
_GLOBAL_VALUE_OPTIONS = ("--db", "--operator")  # global options that take a value
_GLOBAL_FLAGS = ("--version", "--json", "--demo")


class CliContext:
    """What a handler needs: the database (opened lazily), the operator, and output."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.json = bool(getattr(args, "json", False))
        self.operator = args.operator
        self._db = None

    def database(self, *, migrate: bool = True):
        if self._db is None:
            from app.storage.db import Database

            self._db = Database.open(self.args.db, migrate=migrate)
        return self._db

    def session(self):
        return self.database().session(operator=self.operator)

    def read_session(self):
        return self.database().read_session()

    def emit(self, obj, text: str | None = None) -> None:
        if self.json or text is None:
            print(json.dumps(obj, ensure_ascii=False, indent=2, default=str))
        else:
            print(text)

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()


class ChineseArgumentParser(argparse.ArgumentParser):
    """Argument errors in one Chinese line, exit code 2."""

    def error(self, message: str):
        translated = (
            message.replace("the following arguments are required", "缺少必需的参数")
            .replace("unrecognized arguments", "无法识别的参数")
            .replace("invalid choice", "无效的选项")
            .replace("expected one argument", "需要一个参数值")
            .replace("argument ", "参数 ")
            .replace("choose from", "可选")
            .replace("invalid int value", "不是有效的整数")
        )
        sys.stderr.write(f"错误：{translated}。（使用 {self.prog} -h 查看用法）\n")
        raise SystemExit(2)


def version_text() -> str:
    from app.build_info import BUILD_DATE
    from app.storage.migrate import head_revision

    return f"gongkai {__version__}（数据结构版本 {head_revision()}，构建日期 {BUILD_DATE}）"


def _command_index(argv: list[str]) -> int | None:
    """Where the sub-command is in ``argv``: its index, len(argv) when there is none, None when the line is
    unusual (help, an abbreviated option, an unknown command: the full parser decides)."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in _GLOBAL_VALUE_OPTIONS:
            i += 2
        elif arg in _GLOBAL_FLAGS or arg.split("=", 1)[0] in _GLOBAL_VALUE_OPTIONS:  # --db=PATH
            i += 1
        elif arg.startswith("-") or arg not in COMMANDS:  # help, an abbreviation, a mistake …
            return None
        else:
            return i
    return len(argv)


def command_modules(argv: list[str] | None) -> list[str]:
    """The command modules a command line needs: the one registering its sub-command; none when it names
    no sub-command (the window, --version); every module for help, an unknown command or anything unusual
    (argparse then decides with the full parser, as before)."""
    i = None if argv is None else _command_index(argv)
    if i is None:
        return list(COMMAND_MODULES)
    return [COMMANDS[argv[i]]] if i < len(argv) else []


def is_light(argv: list[str]) -> bool:
    """Whether the command line is one of LIGHT_COMMANDS."""
    i = _command_index(argv)
    return i is not None and i + 1 < len(argv) and (argv[i], argv[i + 1]) in LIGHT_COMMANDS


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser; with ``argv`` only the command modules that command line needs are imported."""
    parser = ChineseArgumentParser(prog="gongkai", description="政务公开工作台：不带子命令时打开窗口。")
    parser.add_argument("--version", action="store_true", help="显示版本、数据结构版本和构建日期")
    parser.add_argument("--db", help="数据库文件路径或 postgresql+psycopg:// 地址（默认：用户数据目录中的数据库）")
    parser.add_argument("--operator", help="操作员姓名（记入审计日志；默认取 GONGKAI_OPERATOR 或系统用户名）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    parser.add_argument("--demo", action="store_true", help="打开窗口前若数据库为空，先生成示例数据")
    sub = parser.add_subparsers(dest="command", parser_class=ChineseArgumentParser, metavar="子命令")
    for name in command_modules(argv):
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    if argv is None:  # a process of its own (the console script): it may load only the models it needs
        argv = sys.argv[1:]
        if is_light(argv) and "app.storage.models" not in sys.modules:
            import app.storage

            app.storage.LIGHT_MODELS = True
    argv = list(argv)
    from app.paths import private_files

    private_files()  # everything this process writes holds personal data: owner-only (docs/security.md)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if args.version:
        print(version_text())
        return 0
    if not args.command:
        from ui.main import main as gui_main  # Qt is imported only here

        return gui_main(db=args.db, operator=args.operator, demo=args.demo)
    if args.operator is None:
        from app.storage.db import default_operator

        args.operator = default_operator()
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.parse_args([args.command, "-h"])
        return 2
    return run_handler(handler, args)


def run_handler(handler, args) -> int:
    from app.errors import Cancelled, UserError
    from app.logs import setup_logging

    ctx = CliContext(args)
    try:
        setup_logging(console=False)  # a read-only data folder is a clear message, not a traceback
        code = handler(args, ctx)
        return int(code or 0)
    except UserError as exc:
        sys.stderr.write(f"错误：{exc.message}\n")
        details = exc.details if len(exc.details) > 1 else []  # one problem is already the message
        for detail in details[:200]:
            sys.stderr.write(f"  - {detail}\n")
        if len(details) > 200:
            sys.stderr.write(f"  ……共 {len(exc.details)} 处问题\n")
        return exc.exit_code
    except Cancelled:
        sys.stderr.write("已取消。\n")
        return 130
    except KeyboardInterrupt:
        sys.stderr.write("已中断。\n")
        return 130
    except Exception as exc:
        from app.logs import log_path

        logging.getLogger("gongkai").exception("unexpected error in %s", args.command)
        sys.stderr.write(f"程序内部错误：{type(exc).__name__}: {exc}。详细信息已写入日志 {log_path()}。\n")
        return 1
    finally:
        ctx.close()


if __name__ == "__main__":
    sys.exit(main())
