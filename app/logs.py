"""Logging to a rotating file in the user log dir."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from app import paths

_configured = False


class _QuietRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A log that cannot be written (a full disk) costs one line on stderr, not a traceback per record:
    the work itself goes on and reports its own errors."""

    failed = False

    def handleError(self, record: logging.LogRecord) -> None:
        if not self.failed:
            self.failed = True
            sys.stderr.write(f"注意：日志文件“{self.baseFilename}”无法写入（磁盘已满或无权限），以下操作不再记录日志。\n")


def log_path() -> Path:
    return paths.log_dir() / "gongkai.log"


def setup_logging(*, console: bool = False, level: int = logging.INFO) -> Path:
    global _configured
    path = log_path()
    if _configured:
        return path
    root = logging.getLogger()
    try:
        handler = _QuietRotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    except OSError as exc:
        from app.errors import StorageError

        cause = "文件夹为只读或没有写入权限" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
        raise StorageError(f"无法写入日志文件“{path}”：{cause}。请检查数据目录的权限。") from None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    if console:
        root.addHandler(logging.StreamHandler())
    root.setLevel(level)
    _configured = True
    return path


def tail(lines: int = 60) -> str:
    path = log_path()
    if not path.exists():
        return ""
    with open(path, encoding="utf-8", errors="replace") as fh:
        return "".join(fh.readlines()[-lines:])
