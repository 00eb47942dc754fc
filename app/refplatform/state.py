"""The reference platform's state: its key, what offices uploaded, what waits in their inboxes, the acknowledgements.

Kept in memory; with a state directory, the platform's key and every change are also written there
(state.json and the packages' bytes), so `gongkai platform serve --state DIR` keeps them across restarts.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import threading
import uuid
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.packages import keys
from app.packages.manifest import FileEntry, Manifest

PROVINCE = "province"
PLATFORM_NAME = "省级政务公开平台（参考实现）"


@dataclass
class Received:
    """A package an office uploaded (POST /packages)."""

    package_id: str
    sha256: str
    sender: str
    sender_name: str
    recipient: str
    sequence: int
    records: dict[str, int]
    receipt_id: str
    received_at: str
    signature: str  # 已核验 | 未登记公钥，未核验
    offices: list[str] = field(default_factory=list)  # every office whose records it carries


@dataclass
class InboxItem:
    """A package waiting for an office (GET /inbox)."""

    seq: int  # the cursor: position in this office's inbox
    office: str
    package_id: str
    sha256: str
    kind: str  # applications | calendar | templates | negative_list
    summary: str
    created_at: str
    acknowledged_at: str | None = None


@dataclass
class OnlineApplication:
    platform_ref: str
    office: str
    submitted_at: str
    applicant_name: str
    content: str
    package_id: str
    serial: str | None = None  # from the office's acknowledgement


def now_text() -> str:
    return dt.datetime.now(dt.timezone.utc).astimezone(dt.timezone(dt.timedelta(hours=8))).isoformat(timespec="seconds")


class PlatformState:
    def __init__(self, state_dir: Path | None = None) -> None:
        self.lock = threading.RLock()
        self.dir = state_dir
        self.received: dict[str, Received] = {}
        self.bodies: dict[str, bytes] = {}  # package id -> bytes (uploaded and inbox packages)
        self.inbox: list[InboxItem] = []
        self.applications: dict[str, OnlineApplication] = {}
        self.office_keys: dict[str, str] = {}  # org code -> public key PEM (to verify uploads)
        self.streams: dict[str, int] = {}  # office -> last sequence sent to it
        self.next_ref = 1
        self.private = self._load_key()
        self.public = keys.describe(self.private.public_key())
        if self.dir is not None:
            self._load()

    # -- persistence ------------------------------------------------------------------------------------------
    def _load_key(self) -> Ed25519PrivateKey:
        path = self.dir / "platform-key.pem" if self.dir is not None else None
        if path is not None and path.exists():
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
            assert isinstance(key, Ed25519PrivateKey)
            return key
        key = Ed25519PrivateKey.generate()
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
            path.chmod(0o600)
        return key

    def _load(self) -> None:
        assert self.dir is not None
        path = self.dir / "state.json"
        if not path.exists():
            return
        data = json.loads(path.read_text(encoding="utf-8"))
        self.received = {k: Received(**v) for k, v in data["received"].items()}
        self.inbox = [InboxItem(**v) for v in data["inbox"]]
        self.applications = {k: OnlineApplication(**v) for k, v in data["applications"].items()}
        self.office_keys, self.streams, self.next_ref = data["office_keys"], data["streams"], data["next_ref"]
        for pid in [*self.received, *(i.package_id for i in self.inbox)]:
            self.bodies[pid] = (path.parent / "packages" / f"{pid}.gkpkg").read_bytes()

    def save(self, new_body: tuple[str, bytes] | None = None) -> None:
        if self.dir is None:
            return
        if new_body is not None:
            (self.dir / "packages").mkdir(parents=True, exist_ok=True)
            (self.dir / "packages" / f"{new_body[0]}.gkpkg").write_bytes(new_body[1])
        data = {"received": {k: asdict(v) for k, v in self.received.items()},
                "inbox": [asdict(i) for i in self.inbox],
                "applications": {k: asdict(v) for k, v in self.applications.items()},
                "office_keys": self.office_keys, "streams": self.streams, "next_ref": self.next_ref}
        tmp = self.dir / "state.json.tmp"
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(self.dir / "state.json")

    # -- packages for offices ---------------------------------------------------------------------------------
    def make_package(self, office: str, files: dict[str, list[dict]]) -> tuple[str, bytes]:
        """A package from the platform to `office`: the next sequence of that stream, signed with its key."""
        with self.lock:
            sequence = self.streams.get(office, 0) + 1
            self.streams[office] = sequence
        members = {f"data/{name}.jsonl": b"".join(
            (json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n").encode() for r in recs)
            for name, recs in files.items()}
        manifest = Manifest(package_id=str(uuid.uuid4()), sender_code=PROVINCE, sender_name=PLATFORM_NAME,
                            key_id=self.public.key_id, recipient=office, sequence=sequence, created_at=now_text(),
                            kind="incremental", app_version="refplatform", schema_version="0018",
                            files=[FileEntry(path=p, sha256=hashlib.sha256(b).hexdigest(), bytes=len(b),
                                             records=b.count(b"\n")) for p, b in members.items()])
        manifest_bytes = manifest.to_bytes()
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for path, data in members.items():
                zf.writestr(path, data)
            zf.writestr("manifest.json", manifest_bytes)
            zf.writestr("manifest.sig", keys.sign(self.private, manifest_bytes))
        return manifest.package_id, buf.getvalue()

    def queue(self, office: str, kind: str, summary: str, files: dict[str, list[dict]]) -> InboxItem:
        package_id, body = self.make_package(office, files)
        with self.lock:
            item = InboxItem(seq=len(self.inbox) + 1, office=office, package_id=package_id,
                             sha256=hashlib.sha256(body).hexdigest(), kind=kind, summary=summary,
                             created_at=now_text())
            self.inbox.append(item)
            self.bodies[package_id] = body
            self.save((package_id, body))
        return item

    def inbox_for(self, office: str, after: int) -> list[dict]:
        with self.lock:
            return [{"package_id": i.package_id, "sha256": i.sha256,
                     "body_b64": base64.b64encode(self.bodies[i.package_id]).decode("ascii")}
                    for i in self.inbox if i.office == office and i.seq > after]

    def last_seq(self) -> int:
        with self.lock:
            return len(self.inbox)

    def new_ref(self) -> str:
        with self.lock:
            ref = f"ZJYSQ{dt.date.today():%Y}{self.next_ref:06d}"
            self.next_ref += 1
            return ref
