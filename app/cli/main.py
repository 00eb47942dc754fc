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
# The only commands that may create a database (a mistyped --db must not make a new empty one).
CREATES_DATABASE = {"init", "demo"}
_GLOBAL_VALUE_OPTIONS = ("--db", "--operator")  # global options that take a value
_GLOBAL_FLAGS = ("--version", "--json", "--demo")


def refuse_missing_database(url_or_path: str | None) -> None:
    """A SQLite file that does not exist is an error naming it: only `init`, `demo` and the window's set-up
    create a database."""
    from pathlib import Path

    from app.errors import NotFoundError
    from app.storage.db import normalize_url

    url = normalize_url(url_or_path)
    if url.startswith("sqlite:///") and not url.endswith(":memory:"):
        path = Path(url[len("sqlite:///"):])
        if not path.exists():
            raise NotFoundError(f"数据库文件“{path}”不存在。请检查 --db 给出的路径；"
                                "新建数据库请先运行 gongkai init（或 gongkai demo 生成示例数据）。")


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

            if self.args.command not in CREATES_DATABASE:
                refuse_missing_database(self.args.db)
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


# argparse's own words (Python 3.11's messages), in the order they are tried: (English pattern, Chinese).
_ARGPARSE_MESSAGES = [
    (r"the following arguments are required: (.*)", r"缺少必需的参数：\1"),
    (r"unrecognized arguments: (.*)", r"无法识别的参数：\1"),
    (r"argument (.+?): invalid choice: (.+?) \(choose from (.*)\)", r"参数 \1 的值 \2 无效，可选：\3"),
    (r"argument (.+?): invalid (\w+) value: (.*)", r"参数 \1 的值 \3 不是有效的\2"),
    (r"argument (.+?): expected one argument", r"参数 \1 需要一个值"),
    (r"argument (.+?): expected at most one argument", r"参数 \1 最多接受一个值"),
    (r"argument (.+?): expected at least one argument", r"参数 \1 至少需要一个值"),
    (r"argument (.+?): expected (\d+) arguments?", r"参数 \1 需要 \2 个值"),
    (r"argument (.+?): not allowed with argument (.*)", r"参数 \1 不能与参数 \2 同时使用"),
    (r"argument (.+?): ignored explicit argument (.*)", r"参数 \1 不接受值 \2"),
    (r"one of the arguments (.*) is required", r"参数 \1 必须给出其中之一"),
    (r"ambiguous option: (.+?) could match (.*)", r"选项 \1 有歧义，可能是：\2"),
    (r"argument (.+?): (.*)", r"参数 \1：\2"),
]
_TYPE_NAMES = {"int": "整数", "float": "数字"}


def translate_argparse_message(message: str) -> str:
    """argparse's English error message in Chinese (messages of our own, already Chinese, pass as they are)."""
    import re

    for pattern, replacement in _ARGPARSE_MESSAGES:
        match = re.fullmatch(pattern, message, flags=re.S)
        if match:
            text = match.expand(replacement)
            for english, chinese in _TYPE_NAMES.items():
                text = text.replace(f"不是有效的{english}", f"不是有效的{chinese}")
            return text
    return message


def display_width(text: str) -> int:
    """Columns a text takes on a terminal: two for a wide (Chinese) character."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int, *, right: bool = False) -> str:
    """``text`` filled with spaces to ``width`` terminal columns (aligned right with ``right``)."""
    fill = " " * max(width - display_width(text), 0)
    return fill + text if right else text + fill


# Placeholders shown after an option that takes a value (argparse would print the English name in capitals).
_METAVARS = {
    "db": "数据库", "operator": "姓名", "year": "年度", "out": "文件", "file": "文件", "xlsx": "文件",
    "pdf": "文件", "mapping": "文件", "save_mapping": "文件", "today": "日期", "date": "日期", "on": "日期",
    "due": "日期", "received": "日期", "corrected": "日期", "written_on": "日期", "published_on": "日期",
    "seed": "种子", "limit": "条数", "requests": "件数", "catalogue": "条数", "ledger": "条数",
    "office": "机关代码", "org_code": "统一社会信用代码", "parent_code": "统一社会信用代码",
    "org_name": "名称", "name": "名称", "short_name": "简称", "parent_name": "名称", "review_agency": "机关名称",
    "court": "法院名称", "doc_prefix": "代字", "phone": "电话", "address": "地址", "url": "网址", "token": "令牌",
    "title": "标题", "text": "文字", "note": "说明", "reason": "原因", "serial": "申请编号", "id": "编号",
    "query": "检索文字", "index_number": "索引号", "pattern": "格式",
}
# Placeholders other command modules spell in English, shown in Chinese (new commands get the same).
_ENGLISH_METAVARS = {"CODE": "机关代码", "F": "文件", "N": "数量", "KEY=VALUE": "项目=数值", "F.pdf": "文件.pdf",
                     "F.xlsx": "文件.xlsx", "F.jsonl": "文件.jsonl", "PATH": "路径", "URL": "网址", "DATE": "日期"}
_LONG_CHOICES = 6  # more codes than this: "代码" in the usage line, the list with labels in the help


def _listed_by_line(action) -> bool:
    return isinstance(action.choices, dict) and len(action.choices) > _LONG_CHOICES


class ChineseHelpFormatter(argparse.HelpFormatter):
    """Help in Chinese: "用法：" for argparse's "usage: ", Chinese placeholders, full-width colons after the
    section titles, and every code list written out with its Chinese labels (``choices`` may be a dict
    code → label) and the default value."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 32,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, width)

    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)

    def format_help(self) -> str:
        import re

        # argparse ends a section title with an ASCII colon: a title is a line at the margin ending in ":"
        return re.sub(r"(?m)^(\S[^\n]*?):$", r"\1：", super().format_help())

    # argparse measures with len(); a Chinese character takes two columns on a terminal.
    def add_argument(self, action) -> None:
        if action.help is not argparse.SUPPRESS:
            invocations = [self._format_action_invocation(action)]
            invocations += [self._format_action_invocation(sub) for sub in self._iter_indented_subactions(action)]
            width = max(map(display_width, invocations)) + self._current_indent
            self._action_max_length = max(self._action_max_length, width)
            self._add_item(self._format_action, [action])

    def _format_action(self, action) -> str:
        help_position = min(self._action_max_length + 2, self._max_help_position)
        help_width = max(self._width - help_position, 11)
        action_width = help_position - self._current_indent - 2
        header = self._format_action_invocation(action)
        help_text = self._expand_help(action)
        indent_first = 0
        if not help_text.strip():
            header = " " * self._current_indent + header + "\n"
        elif display_width(header) <= action_width:
            header = " " * self._current_indent + header + " " * (action_width - display_width(header) + 2)
        else:
            header = " " * self._current_indent + header + "\n"
            indent_first = help_position
        parts = [header]
        if help_text.strip():
            lines = self._split_lines(help_text, help_width)
            parts.append(" " * indent_first + lines[0] + "\n")
            parts += [" " * help_position + line + "\n" for line in lines[1:]]
        if _listed_by_line(action):  # a long code list: one code and its label a line
            width = max(display_width(str(code)) for code in action.choices)
            for code, label in action.choices.items():
                parts.append(" " * help_position + f"  {code}{' ' * (width - display_width(str(code)) + 2)}{label}\n")
        for sub in self._iter_indented_subactions(action):
            parts.append(self._format_action(sub))
        return self._join_parts(parts)

    def _split_lines(self, text: str, width: int) -> list[str]:
        import re

        lines, line = [], ""
        for token in re.findall(r"[A-Za-z0-9_.\-/:=@+]+|\s+|.", " ".join(text.split())):
            if line and display_width(line + token) > width:
                lines.append(line.rstrip())
                line = "" if token.isspace() else token
            else:
                line += token
        if line.strip():
            lines.append(line.rstrip())
        return lines or [""]

    def _get_default_metavar_for_optional(self, action) -> str:
        return _METAVARS.get(action.dest, "值")

    def _get_default_metavar_for_positional(self, action) -> str:
        return _METAVARS.get(action.dest, action.dest)

    def _metavar_formatter(self, action, default_metavar):
        if action.metavar is None and action.choices is not None and len(action.choices) > _LONG_CHOICES \
                and not isinstance(action, argparse._SubParsersAction):
            return lambda size: ("代码",) * size
        if isinstance(action.metavar, str) and action.metavar in _ENGLISH_METAVARS:
            chinese = _ENGLISH_METAVARS[action.metavar]
            return lambda size: (chinese,) * size
        return super()._metavar_formatter(action, default_metavar)

    def _get_help_string(self, action) -> str:
        text = action.help or ""
        choices = action.choices
        if choices is not None and not isinstance(action, argparse._SubParsersAction) \
                and "%(choices)" not in text and not all(str(code) in text for code in choices) \
                and not _listed_by_line(action):
            if isinstance(choices, dict):
                listing = "；".join(f"{code}＝{label}" for code, label in choices.items())
            else:
                listing = "、".join(str(code) for code in choices)
            text += f"（可选：{listing.replace('%', '%%')}）"
        default = action.default
        if (default not in (None, False, True, argparse.SUPPRESS) and not isinstance(default, list)
                and action.option_strings and "%(default)" not in text and "默认" not in text):
            label = action.choices[default] if isinstance(action.choices, dict) and default in action.choices \
                else default
            text += f"（默认：{str(label).replace('%', '%%')}）"
        return text


class ChineseArgumentParser(argparse.ArgumentParser):
    """Every parser of the command line, so every sub-command of every area is Chinese without edits:
    the help option, the section titles and the usage line in Chinese, errors as one Chinese line (exit 2).
    Nested sub-parsers made with add_subparsers() are of this class too (argparse uses the parent's type)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        add_help = kwargs.pop("add_help", True)
        kwargs["add_help"] = False  # our own -h below, in Chinese
        super().__init__(*args, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def error(self, message: str):
        sys.stderr.write(f"错误：{translate_argparse_message(message)}。（使用 {self.prog} -h 查看用法）\n")
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
        from app.paths import display_problem

        problem = display_problem()
        if problem:
            sys.stderr.write(problem + "\n")
            return 3
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
