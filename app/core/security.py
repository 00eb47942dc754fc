"""Operator password lock (scrypt hash in the settings, never the password), idle timeout, unmasked views."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.core import audit, settings
from app.errors import ValidationError

PASSWORD_KEY = "security.password"
IDLE_KEY = "security.idle_minutes"
DEFAULT_IDLE_MINUTES = settings.default(IDLE_KEY)
MIN_IDLE_MINUTES, MAX_IDLE_MINUTES = 1, 480
MIN_PASSWORD_LENGTH = 6
MAX_PASSWORD_LENGTH = 256

# scrypt cost: N=2^14, r=8, p=1 (16 MiB, ~50 ms): the parameters are stored with the hash so they can rise.
SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_DKLEN = 2 ** 14, 8, 1, 32


@dataclass
class SecurityStatus:
    has_password: bool
    idle_minutes: int


def _derive(password: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=dklen,
                          maxmem=max(64 * 1024 * 1024, 256 * n * r))


def hash_password(password: str) -> dict[str, Any]:
    """A salted scrypt record {algorithm, n, r, p, dklen, salt, hash} (hex); the password is not in it."""
    salt = secrets.token_bytes(16)
    digest = _derive(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_DKLEN)
    return {"algorithm": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "dklen": SCRYPT_DKLEN,
            "salt": salt.hex(), "hash": digest.hex()}


def check_hash(record: dict[str, Any], password: str) -> bool:
    try:
        if record.get("algorithm") != "scrypt":
            return False
        salt = bytes.fromhex(record["salt"])
        expected = bytes.fromhex(record["hash"])
        digest = _derive(password, salt, int(record["n"]), int(record["r"]), int(record["p"]),
                         int(record.get("dklen", len(expected))))
    except (KeyError, TypeError, ValueError):
        return False
    return hmac.compare_digest(digest, expected)


def has_password(session: Session) -> bool:
    return isinstance(settings.get_setting(session, PASSWORD_KEY), dict)


def verify_password(session: Session, password: str | None) -> bool:
    """True when the lock password matches (False when none is set or the input is empty)."""
    record = settings.get_setting(session, PASSWORD_KEY)
    if not isinstance(record, dict) or not password:
        return False
    return check_hash(record, password)


def _validate_new(password: str | None) -> str:
    if password is None or not password.strip():
        raise ValidationError("请输入新密码。")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(f"密码至少需要{MIN_PASSWORD_LENGTH}个字符。")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationError(f"密码不能超过{MAX_PASSWORD_LENGTH}个字符。")
    return password


def set_password(session: Session, new_password: str, *, current: str | None = None) -> None:
    """Set or change the lock password; changing it needs the current one."""
    new_password = _validate_new(new_password)
    if has_password(session) and not verify_password(session, current):
        raise ValidationError("当前密码不正确，未修改锁屏密码。")
    settings.set_setting(session, PASSWORD_KEY, hash_password(new_password))


def clear_password(session: Session, current: str) -> None:
    """Remove the lock password (needs the current one)."""
    if not has_password(session):
        return
    if not verify_password(session, current):
        raise ValidationError("当前密码不正确，未取消锁屏密码。")
    settings.set_setting(session, PASSWORD_KEY, None)


def reset_password(session: Session) -> bool:
    """Remove a forgotten lock password from the command line (someone with access to the PC's account).
    The reset is audited; returns whether a password was set."""
    if not has_password(session):
        return False
    settings.set_setting(session, PASSWORD_KEY, None)
    audit.record_event(session, "reset_password", "security", "lock", note="锁屏密码已通过命令行清除")
    return True


def idle_minutes(session: Session) -> int:
    minutes: int = settings.get_setting(session, IDLE_KEY)
    return min(MAX_IDLE_MINUTES, max(MIN_IDLE_MINUTES, minutes))


def set_idle_minutes(session: Session, minutes: int | str) -> int:
    try:
        value = int(minutes)
    except (TypeError, ValueError):
        raise ValidationError("空闲锁定时间必须是整数分钟。") from None
    if not MIN_IDLE_MINUTES <= value <= MAX_IDLE_MINUTES:
        raise ValidationError(f"空闲锁定时间应在{MIN_IDLE_MINUTES}到{MAX_IDLE_MINUTES}分钟之间。")
    settings.set_setting(session, IDLE_KEY, value)
    return value


def status(session: Session) -> SecurityStatus:
    return SecurityStatus(has_password=has_password(session), idle_minutes=idle_minutes(session))


def record_unmasked_view(session: Session, entity: str, entity_id: object) -> None:
    """Audit that the operator opened a record with its personal data unmasked (who, when, which)."""
    audit.record_event(session, "view", entity, str(entity_id), note="查看未脱敏的个人信息")


def record_unlock(session: Session, ok: bool) -> None:
    """Audit an unlock attempt of the idle lock (failed attempts too)."""
    audit.record_event(session, "unlock" if ok else "unlock_failed", "security", "lock")
