"""Where things live: user data, logs, backups (platformdirs) and the bundled resources."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "gongkai"
APP_AUTHOR = "gongkai"


def _override(var: str) -> Path | None:
    value = os.environ.get(var)
    return Path(value) if value else None


def data_dir() -> Path:
    """The user data dir holding the database; GONGKAI_HOME overrides it (tests, portable use)."""
    home = _override("GONGKAI_HOME")
    path = home if home else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    home = _override("GONGKAI_HOME")
    path = home / "logs" if home else Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def backup_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    home = _override("GONGKAI_HOME")
    path = home / "config" if home else Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_dir() -> Path:
    """Where the machine secrets live (the signing key's password, the audit anchors' key): never inside
    the data dir, so a copy of the data folder carries no usable key. GONGKAI_SECRETS overrides it
    (tests, an office that keeps them on a separate volume); GONGKAI_HOME does not move it."""
    override = _override("GONGKAI_SECRETS")
    path = override if override else Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)) / "secrets"
    path.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(path, 0o700)
    return path


def default_db_path() -> Path:
    return data_dir() / "gongkai.sqlite3"


def resources_dir() -> Path:
    """The read-only resources shipped with the program (templates, fonts list, icons)."""
    bundle = getattr(sys, "_MEIPASS", None)  # PyInstaller one-folder bundle
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
