"""Ed25519 keys: creation, encrypted storage of the private key, PEM export, key ids and fingerprints.

Protection of the private key: it is written as PKCS#8 PEM encrypted with the `cryptography` package's
best available scheme (AES-256-CBC with a PBKDF2-derived key) under ``data_dir()/keys``. The password is
either a passphrase from ``GONGKAI_KEY_PASSPHRASE`` (when the office sets one) or, by default, a random
32-byte machine secret (app.core.machine_secret: a 0700 folder outside the data dir and outside
GONGKAI_HOME on POSIX, the user's DPAPI store on Windows). Why the machine secret by default: the clerk
must be able to export and sync unattended (queued retries, the nightly job) without typing a passphrase,
and the secret is never in the data folder that backups copy: a copy of that folder, a backup or a copied
database file alone never carries a usable signing key (docs/security.md).
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from app import paths
from app.errors import UserError, ValidationError

SECRET_FILE = "package-key.secret"
PASSPHRASE_ENV = "GONGKAI_KEY_PASSPHRASE"


@dataclass(frozen=True)
class PublicKeyInfo:
    key_id: str  # the first 16 hex digits of the fingerprint: short, goes into every manifest
    fingerprint: str  # SHA-256 of the raw public key, in groups of four hex digits, for reading aloud
    pem: str  # SubjectPublicKeyInfo


def raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def describe(key: Ed25519PublicKey) -> PublicKeyInfo:
    digest = hashlib.sha256(raw_public(key)).hexdigest().upper()
    fingerprint = " ".join(digest[i:i + 4] for i in range(0, 32, 4))  # 128 bits: 8 groups over the phone
    pem = key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return PublicKeyInfo(key_id=digest[:16].lower(), fingerprint=fingerprint, pem=pem)


def load_public_pem(text: str | bytes) -> Ed25519PublicKey:
    """A public key from PEM (SubjectPublicKeyInfo); a clear message for anything else."""
    data = text.encode() if isinstance(text, str) else text
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError):
        raise ValidationError("公钥文件无法识别：应为 PEM 格式（-----BEGIN PUBLIC KEY-----）的 Ed25519 公钥。") from None
    if not isinstance(key, Ed25519PublicKey):
        raise ValidationError("公钥不是 Ed25519 类型，无法用于验证数据包。")
    return key


def _keys_dir() -> Path:
    path = paths.data_dir() / "keys"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _machine_secret() -> bytes:
    from app.storage import machine_secret

    secret = machine_secret.get(SECRET_FILE)
    assert secret is not None  # made on first use
    return secret


def _password(protection: str) -> bytes:
    if protection == "passphrase":
        value = os.environ.get(PASSPHRASE_ENV)
        if not value:
            raise UserError(f"本机签名私钥由口令保护，请先设置环境变量 {PASSPHRASE_ENV}。")
        return value.encode()
    return _machine_secret()


def protection_mode() -> str:
    return "passphrase" if os.environ.get(PASSPHRASE_ENV) else "machine"


def create_key_file() -> tuple[PublicKeyInfo, str, str]:
    """Make a new key pair and store the private key encrypted. Returns (info, file name, protection)."""
    private = Ed25519PrivateKey.generate()
    info = describe(private.public_key())
    protection = protection_mode()
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.BestAvailableEncryption(_password(protection)))
    name = f"{info.key_id}.key"
    path = _keys_dir() / name
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    return info, name, protection


def load_private(file_name: str, protection: str, expected_key_id: str) -> Ed25519PrivateKey:
    path = _keys_dir() / file_name
    try:
        data = path.read_bytes()
    except OSError:
        raise UserError(f"找不到本机签名私钥文件“{path}”；请从备份恢复，或重新生成密钥并通知接收方更新公钥。") from None
    try:
        key = serialization.load_pem_private_key(data, password=_password(protection))
    except (ValueError, TypeError):
        raise UserError("本机签名私钥无法解密（口令或本机密钥文件不符）。") from None
    if not isinstance(key, Ed25519PrivateKey) or describe(key.public_key()).key_id != expected_key_id:
        raise UserError("本机签名私钥文件与登记的公钥不一致。")
    return key


def sign(private: Ed25519PrivateKey, data: bytes) -> bytes:
    """manifest.sig content: base64 of the 64-byte signature."""
    return base64.b64encode(private.sign(data))


def verify(public: Ed25519PublicKey, data: bytes, sig_b64: bytes) -> bool:
    try:
        sig = base64.b64decode(sig_b64.strip(), validate=True)
    except ValueError:
        return False
    if len(sig) != 64:
        return False
    try:
        public.verify(sig, data)
    except InvalidSignature:
        return False
    return True
