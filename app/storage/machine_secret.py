"""Random machine secrets kept apart from the data they protect (docs/security.md, "Keys and secrets").

A secret is 32 random bytes (as hex) in ``paths.secret_dir()``: on POSIX a 0700 folder under the user's
config dir, never inside the data dir nor under GONGKAI_HOME; on Windows the bytes on disk are wrapped by
the user's DPAPI store (CryptProtectData), so the file is useless on another PC or to another user even
though Windows puts the config dir beside the data dir.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path
from typing import Any

from app import paths
from app.errors import StorageError

DPAPI_PREFIX = b"dpapi:"


def secret_path(name: str) -> Path:
    folder = paths.secret_dir().resolve()
    data = paths.data_dir().resolve()
    if folder == data or data in folder.parents:
        raise StorageError(f"本机密钥目录“{folder}”位于数据目录“{data}”之内：复制数据目录即可得到签名口令。"
                           "请把环境变量 GONGKAI_SECRETS 指向数据目录以外的位置。")
    return folder / name


def get(name: str, *, create: bool = True) -> bytes | None:
    """The secret `name`, made on first use when `create`; None when it does not exist and not `create`."""
    path = secret_path(name)
    try:
        stored = path.read_bytes()
    except FileNotFoundError:
        if not create:
            return None
        return _create(path)
    except OSError as exc:
        raise StorageError(f"无法读取本机密钥文件“{path}”：{exc.strerror or exc}。") from None
    if stored.startswith(DPAPI_PREFIX):
        return _unprotect(stored[len(DPAPI_PREFIX):], path)
    return stored


def _create(path: Path) -> bytes:
    secret = secrets.token_hex(32).encode()
    stored = DPAPI_PREFIX + _protect(secret) if sys.platform == "win32" else secret
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it meanwhile: use theirs
        return get(path.name) or secret
    except OSError as exc:
        raise StorageError(f"无法创建本机密钥文件“{path}”：{exc.strerror or exc}。") from None
    with os.fdopen(fd, "wb") as fh:
        fh.write(stored)
    return secret


# -- Windows DPAPI (ctypes; only ever called on Windows) ---------------------------------------------------
def _blob_type() -> Any:  # pragma: no cover - Windows only
    import ctypes
    from ctypes import wintypes

    class DataBlob(ctypes.Structure):
        _fields_ = [("cbData", wintypes.DWORD), ("pbData", ctypes.POINTER(ctypes.c_char))]

    return DataBlob


def _call_dpapi(function: str, data: bytes) -> bytes:  # pragma: no cover - Windows only
    import ctypes

    blob_type = _blob_type()
    buffer = ctypes.create_string_buffer(data, len(data))
    blob_in = blob_type(len(data), ctypes.cast(buffer, ctypes.POINTER(ctypes.c_char)))
    blob_out = blob_type()
    crypt32 = ctypes.windll.crypt32  # type: ignore[attr-defined]
    call = getattr(crypt32, function)
    # CryptProtectData(in, description, entropy, reserved, prompt, flags, out); 0x1 = CRYPTPROTECT_UI_FORBIDDEN
    if not call(ctypes.byref(blob_in), None, None, None, None, 0x1, ctypes.byref(blob_out)):
        raise OSError(ctypes.GetLastError(), function)  # type: ignore[attr-defined]
    try:
        return ctypes.string_at(blob_out.pbData, blob_out.cbData)
    finally:
        ctypes.windll.kernel32.LocalFree(blob_out.pbData)  # type: ignore[attr-defined]


def _protect(secret: bytes) -> bytes:  # pragma: no cover - Windows only
    try:
        return _call_dpapi("CryptProtectData", secret)
    except OSError as exc:
        raise StorageError(f"无法用 Windows 用户凭据保护本机密钥：{exc}。") from None


def _unprotect(blob: bytes, path: Path) -> bytes:
    if sys.platform != "win32":
        raise StorageError(f"本机密钥文件“{path}”由 Windows 用户凭据保护，只能在生成它的电脑和用户下使用。")
    try:  # pragma: no cover - Windows only
        return _call_dpapi("CryptUnprotectData", blob)
    except OSError:  # pragma: no cover - Windows only
        raise StorageError(f"本机密钥文件“{path}”无法解开：它属于另一台电脑或另一个 Windows 用户。") from None
