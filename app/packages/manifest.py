"""manifest.json of a package (docs/spec/packages.md section 1): building its exact bytes and checking what we read."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from dataclasses import dataclass, field

from app.errors import ValidationError

FORMAT = "gongkai-package"
FORMAT_VERSION = 1
KINDS = ("full", "incremental")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_PATH = re.compile(r"^(data/[a-z0-9_]{1,40}\.jsonl|attachments/[0-9a-f]{64})$")
_CODE = re.compile(r"^[0-9A-Za-z]{1,40}$")


@dataclass
class FileEntry:
    path: str
    sha256: str
    bytes: int
    records: int | None = None  # data files only


@dataclass
class Manifest:
    package_id: str
    sender_code: str
    sender_name: str
    key_id: str
    recipient: str
    sequence: int
    created_at: str  # ISO 8601 with offset
    kind: str
    app_version: str
    schema_version: str
    files: list[FileEntry] = field(default_factory=list)
    audit_head: dict | None = None  # optional: {"seq", "hash"} of the sender's audit chain (issue 11)

    def to_bytes(self) -> bytes:
        data: dict = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "package_id": self.package_id,
            "sender": {"org_code": self.sender_code, "org_name": self.sender_name, "key_id": self.key_id},
            "recipient": self.recipient,
            "sequence": self.sequence,
            "created_at": self.created_at,
            "kind": self.kind,
            "app_version": self.app_version,
            "schema_version": self.schema_version,
            "files": [_file_dict(f) for f in self.files],
        }
        if self.audit_head is not None:
            data["audit_head"] = self.audit_head
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    @property
    def created(self) -> dt.datetime:
        """created_at as naive UTC."""
        return dt.datetime.fromisoformat(self.created_at).astimezone(dt.timezone.utc).replace(tzinfo=None)

    def data_files(self) -> list[FileEntry]:
        return [f for f in self.files if f.path.startswith("data/")]


def _file_dict(f: FileEntry) -> dict:
    d = {"path": f.path, "sha256": f.sha256, "bytes": f.bytes}
    if f.records is not None:
        d["records"] = f.records
    return d


def _bad(what: str) -> ValidationError:
    return ValidationError(f"数据包清单（manifest.json）无效：{what}。")


def _int(value, what: str, *, minimum: int = 0) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise _bad(f"{what}应为不小于{minimum}的整数")
    return value


def _text(value, what: str, *, limit: int = 200) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise _bad(f"缺少{what}或格式不对")
    return value


def parse(data: bytes) -> Manifest:
    """Check every field of manifest.json; a clear Chinese message for the first problem."""
    try:
        obj = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _bad("不是有效的 UTF-8 JSON") from None
    if not isinstance(obj, dict):
        raise _bad("应为 JSON 对象")
    if obj.get("format") != FORMAT:
        raise _bad("format 不是 gongkai-package，可能不是本系统的数据包")
    version = obj.get("format_version")
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise ValidationError(f"数据包格式版本“{version}”不受支持（本程序支持版本 {FORMAT_VERSION}），请升级程序后再导入。")
    pid = _text(obj.get("package_id"), "数据包编号（package_id）", limit=36)
    try:
        if str(uuid.UUID(pid)) != pid.lower():
            raise ValueError
    except ValueError:
        raise _bad("数据包编号（package_id）不是 UUID") from None
    sender = obj.get("sender")
    if not isinstance(sender, dict):
        raise _bad("缺少发送方（sender）")
    code = _text(sender.get("org_code"), "发送方代码", limit=40)
    if not _CODE.match(code):
        raise _bad("发送方代码格式不对")
    name = sender.get("org_name") if isinstance(sender.get("org_name"), str) else ""
    key_id = _text(sender.get("key_id"), "发送方密钥编号（key_id）", limit=32)
    recipient = _text(obj.get("recipient"), "接收方（recipient）", limit=40)
    sequence = _int(obj.get("sequence"), "序号（sequence）", minimum=1)
    created = _text(obj.get("created_at"), "生成时间（created_at）", limit=40)
    try:
        stamp = dt.datetime.fromisoformat(created)
    except ValueError:
        raise _bad("生成时间（created_at）不是 ISO 8601 时间") from None
    if stamp.tzinfo is None:
        raise _bad("生成时间（created_at）缺少时区")
    kind = obj.get("kind")
    if kind not in KINDS:
        raise _bad("kind 应为 full 或 incremental")
    files_raw = obj.get("files")
    if not isinstance(files_raw, list):
        raise _bad("缺少文件清单（files）")
    files, seen = [], set()
    for f in files_raw:
        if not isinstance(f, dict):
            raise _bad("文件清单中有一项不是对象")
        path = f.get("path")
        if not isinstance(path, str) or not _PATH.match(path):
            raise ValidationError(f"数据包清单中的文件路径“{str(path)[:80]}”不允许（只能是 data/*.jsonl 或 attachments/ 下以 SHA-256 命名的文件）。")
        if path in seen:
            raise _bad(f"文件“{path}”重复列出")
        seen.add(path)
        digest = f.get("sha256")
        if not isinstance(digest, str) or not _HEX64.match(digest):
            raise _bad(f"文件“{path}”的 sha256 格式不对")
        if path.startswith("attachments/") and path.split("/", 1)[1] != digest:
            raise _bad(f"附件“{path}”的文件名与其 SHA-256 不符")
        size = _int(f.get("bytes"), f"文件“{path}”的字节数")
        records = f.get("records")
        if path.startswith("data/") or records is not None:
            records = _int(records, f"文件“{path}”的记录数")
        files.append(FileEntry(path, digest, size, records))
    head = obj.get("audit_head")
    if head is not None:
        if not isinstance(head, dict) or not isinstance(head.get("seq"), int) or not isinstance(head.get("hash"), str):
            raise _bad("audit_head 应为 {seq, hash}")
    return Manifest(package_id=pid, sender_code=code, sender_name=name[:200], key_id=key_id, recipient=recipient,
                    sequence=sequence, created_at=created, kind=kind,
                    app_version=str(obj.get("app_version") or "")[:40],
                    schema_version=str(obj.get("schema_version") or "")[:40], files=files, audit_head=head)
