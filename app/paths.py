"""Where things live: user data, logs, backups (platformdirs) and the bundled resources."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "gongkai"
APP_AUTHOR = "gongkai"


def private_files() -> None:
    """Files and folders this process creates are the user's alone (0600 / 0700 on POSIX): the database,
    backups, exports, letters, logs and partial files all hold personal data (docs/security.md). Called
    once by each entry point (the command line, the window)."""
    if os.name == "posix":
        os.umask(0o077)


def _make_dir(path: Path, what: str) -> Path:
    """mkdir -p with a Chinese message for a read-only or inaccessible place (no traceback)."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from app.errors import StorageError

        cause = ("文件夹为只读或没有写入权限" if isinstance(exc, PermissionError) or exc.errno == 30
                 else "磁盘空间已满" if exc.errno == 28 else (exc.strerror or str(exc)))
        raise StorageError(f"无法使用{what}“{path}”：{cause}。请检查该文件夹的权限，或用环境变量 GONGKAI_HOME "
                           "指定一个可写的数据目录。") from None
    return path


def _override(var: str) -> Path | None:
    value = os.environ.get(var)
    return Path(value) if value else None


def data_dir() -> Path:
    """The user data dir holding the database; GONGKAI_HOME overrides it (tests, portable use)."""
    home = _override("GONGKAI_HOME")
    path = home if home else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    return _make_dir(path, "数据目录")


def log_dir() -> Path:
    home = _override("GONGKAI_HOME")
    path = home / "logs" if home else Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))
    return _make_dir(path, "日志目录")


def backup_dir() -> Path:
    return _make_dir(data_dir() / "backups", "备份目录")


def config_dir() -> Path:
    home = _override("GONGKAI_HOME")
    path = home / "config" if home else Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))
    return _make_dir(path, "配置目录")


def secret_dir() -> Path:
    """Where the machine secrets live (the signing key's password, the audit anchors' key): never inside
    the data dir, so a copy of the data folder carries no usable key. GONGKAI_SECRETS overrides it
    (tests, an office that keeps them on a separate volume); GONGKAI_HOME does not move it."""
    override = _override("GONGKAI_SECRETS")
    path = override if override else Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)) / "secrets"
    _make_dir(path, "本机密钥目录")
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


def display_problem(environ=None, platform: str | None = None) -> str | None:
    """Why the window cannot open, before Qt is loaded: on Linux with no screen (no DISPLAY or WAYLAND_DISPLAY,
    e.g. an SSH session or a service) Qt would abort with a misleading message about a missing library."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux") or environ.get("QT_QPA_PLATFORM"):
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return ("错误：没有可用的图形界面（未设置 DISPLAY 或 WAYLAND_DISPLAY），无法打开窗口。\n"
            "请在桌面环境中运行；通过远程终端登录时，可以使用命令行（gongkai -h 查看全部命令），"
            "或以 xvfb-run gongkai 在虚拟屏幕中运行。")
