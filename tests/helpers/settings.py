"""Test-only office settings: tests that need audited rows of their own declare keys under ``test.``."""

from __future__ import annotations

from app.core import settings


def scratch(key: str) -> str:
    """Declare `key` (once) as an office setting holding any JSON value, default None; returns the key."""
    assert key.startswith("test."), key
    try:
        settings.spec(key)
    except settings.UnknownSettingError:
        settings.declare(settings.SettingSpec(key, object, None, "测试用设置", nullable=True))
    return key
