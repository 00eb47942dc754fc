"""Logging to a rotating file in the user log dir."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from app import paths

_configured = False


def log_path() -> Path:
    return paths.log_dir() / "gongkai.log"


def setup_logging(*, console: bool = False, level: int = logging.INFO) -> Path:
    global _configured
    path = log_path()
    if _configured:
        return path
    root = logging.getLogger()
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
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
