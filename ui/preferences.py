"""Preferences of this computer (the ``pc`` settings declared in app.core.settings), kept in QSettings.

The one place that builds QSettings. Keys are the declared ones (``window.geometry``); in QSettings they
are stored as groups (``window/geometry``), the names earlier versions used, so nothing needs renaming.
With GONGKAI_HOME set (tests, a portable installation) the preferences live in an INI file in its config
folder, beside the rest of that installation, instead of the user's registry / ~/.config.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QByteArray, QSettings

from app import paths
from app.core import settings

ORGANIZATION = APPLICATION = "gongkai"
INI_FILE = "preferences.ini"


def store() -> QSettings:
    if os.environ.get("GONGKAI_HOME"):
        return QSettings(str(paths.config_dir() / INI_FILE), QSettings.Format.IniFormat)
    return QSettings(ORGANIZATION, APPLICATION)


def _path(key: str) -> str:
    return key.replace(".", "/")


def _from_store(spec: settings.SettingSpec, raw):
    """The QSettings value as the declared type (QSettings hands back strings, QByteArray, one-item lists
    as a plain string, depending on the platform's format)."""
    if spec.type is bytes and isinstance(raw, QByteArray):
        return bytes(raw.data())
    if spec.type is list and isinstance(raw, str):
        return [raw]
    if spec.type is int and isinstance(raw, str):
        return int(raw)
    return raw


def value(key: str):
    """The preference's value, or its declared default when this computer has none."""
    spec = settings.spec(key, "pc")
    raw = store().value(_path(key))
    if raw is None:
        return settings.default(key)
    result = _from_store(spec, raw)
    spec.check(result)
    return result


def set_value(key: str, new_value) -> None:
    spec = settings.spec(key, "pc")
    spec.check(new_value)
    store().setValue(_path(key), QByteArray(new_value) if isinstance(new_value, bytes) else new_value)


def remove(key: str) -> None:
    settings.spec(key, "pc")
    store().remove(_path(key))
