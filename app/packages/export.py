"""Making a package: the records of every area since a point in time, attachments, manifest, signature."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from app.core.jobs import Progress
from app.errors import Cancelled, UserError
from app.packages import archive, keys
from app.packages.areas import AREAS, mask_application
from app.packages.manifest import FileEntry, Manifest

PROGRESS_EVERY = 5000
WRITE_BLOCK = 1 << 20


@dataclass
class BuiltPackage:
    manifest: Manifest
    sha256: str
    size: int
    counts: dict[str, int] = field(default_factory=dict)
    data: bytes | None = None  # when built in memory
    path: Path | None = None  # when written to a file

    @property
    def records(self) -> int:
        return sum(self.counts.values())


def _encoder(sort_keys: bool):
    """json.dumps(…, ensure_ascii=False, sort_keys=…, separators=(",", ":"), default=str) with the C encoder
    made once, not once per record."""
    base = json.JSONEncoder(ensure_ascii=False, sort_keys=sort_keys, separators=(",", ":"), default=str)
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return base.encode
    encode = make(None, base.default, json.encoder.encode_basestring, None, ":", ",", sort_keys, False, True)
    return lambda rec: "".join(encode(rec, 0))


_ENCODE = _encoder(sort_keys=True)
# For areas whose records already come with their keys in sorted order (Area.sorted_keys): the same text.
_ENCODE_PRESORTED = _encoder(sort_keys=False)


def _line(rec: dict, encode=_ENCODE) -> bytes:
    """One canonical JSON line (keys sorted, no spaces, UTF-8)."""
    return (encode(rec) + "\n").encode("utf-8")


def _attachment_content(session: Session, sha: str) -> bytes | None:
    """The bytes of a catalogue or ledger attachment, checked against their SHA-256."""
    from app.catalogue import attachment_bytes as catalogue_bytes
    from app.ledger.interchange import attachment_bytes as ledger_bytes

    content = catalogue_bytes(session, sha)
    return content if content is not None else ledger_bytes(session, sha)


def build_package(session: Session, *, manifest: Manifest, private_key, since: dt.datetime | None,
                  full_records: bool, out_path: Path | None = None, extra_files: dict[str, list[dict]] | None = None,
                  areas=AREAS, progress: Progress | None = None) -> BuiltPackage:
    """Write data/*.jsonl, attachments/, manifest.json and manifest.sig. `manifest.files` is filled here.

    Deterministic: the same records and manifest fields give the same bytes (fixed member metadata and
    order, canonical JSON lines)."""
    buffer = io.BytesIO() if out_path is None else None
    tmp_name = None
    if out_path is not None:
        out_path = Path(out_path)
        fd, tmp_name = tempfile.mkstemp(prefix=".gkpkg-", dir=out_path.parent or ".")
        os.close(fd)
    writer = archive.PackageWriter(buffer if buffer is not None else tmp_name)
    counts: dict[str, int] = {}
    attachments: list[str] = []
    seen_att: set[str] = set()
    done = 0
    try:
        sources = [(a.name, a.export(session, since), _ENCODE_PRESORTED if a.sorted_keys else _ENCODE)
                   for a in areas]
        sources += [(name, iter(recs), _ENCODE) for name, recs in (extra_files or {}).items()]
        for name, records, encode in sources:
            member = writer.open(f"data/{name}.jsonl")
            n = 0
            pending: list[bytes] = []  # written by blocks: one zip write per record is slow
            pending_size = 0
            for rec in records:
                if name == "applications" and not full_records:
                    rec = mask_application(rec)
                for att in rec.get("attachments") or ():
                    sha = att.get("sha256")
                    if sha and sha not in seen_att:
                        seen_att.add(sha)
                        attachments.append(sha)
                    att.pop("content_base64", None)
                line = _line(rec, encode)
                pending.append(line)
                pending_size += len(line)
                if pending_size >= WRITE_BLOCK:
                    member.write(b"".join(pending))
                    pending.clear()
                    pending_size = 0
                n += 1
                done += 1
                if progress is not None and done % PROGRESS_EVERY == 0:
                    progress.update(done, None, f"正在写入数据包（{done} 条记录）…")
                    if progress.cancelled:
                        raise Cancelled()
            if pending:
                member.write(b"".join(pending))
            sha, size = writer.close_member(member)
            manifest.files.append(FileEntry(f"data/{name}.jsonl", sha, size, n))
            counts[name] = n
        for sha in sorted(attachments):
            content = _attachment_content(session, sha)
            if content is None:
                raise UserError(f"附件（SHA-256 {sha[:12]}…）的内容在本机数据库中缺失，无法生成数据包。")
            digest, size = writer.write_bytes(f"attachments/{sha}", content)
            manifest.files.append(FileEntry(f"attachments/{sha}", digest, size))
        manifest_bytes = manifest.to_bytes()
        writer.write_bytes("manifest.json", manifest_bytes)
        writer.write_bytes("manifest.sig", keys.sign(private_key, manifest_bytes))
        writer.close()
    except BaseException:
        writer.abort()
        if tmp_name:
            Path(tmp_name).unlink(missing_ok=True)
        raise
    if buffer is not None:
        data = buffer.getvalue()
        return BuiltPackage(manifest, hashlib.sha256(data).hexdigest(), len(data), counts, data=data)
    os.replace(tmp_name, out_path)
    sha = hashlib.sha256()
    with open(out_path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            sha.update(block)
    return BuiltPackage(manifest, sha.hexdigest(), out_path.stat().st_size, counts, path=out_path)


def new_manifest(*, sender_code: str, sender_name: str, key_id: str, recipient: str, sequence: int, kind: str,
                 created_at: dt.datetime, audit_head: tuple[int, str] | None) -> Manifest:
    from app import __version__
    from app.storage.migrate import head_revision

    stamp = created_at.replace(tzinfo=dt.timezone.utc).astimezone().isoformat(timespec="seconds")
    return Manifest(package_id=str(uuid.uuid4()), sender_code=sender_code, sender_name=sender_name, key_id=key_id,
                    recipient=recipient, sequence=sequence, created_at=stamp, kind=kind, app_version=__version__,
                    schema_version=head_revision(),
                    audit_head={"seq": audit_head[0], "hash": audit_head[1]} if audit_head else None)
