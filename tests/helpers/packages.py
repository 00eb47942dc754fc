"""Helpers of the packages tests: sample data in an installation and a digest of a database's content."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import inspect, select, text

from tests.helpers.reliability import UNLISTABLE


def add_applications(db, n: int = 5, *, name: str = "张三", start: int = 0) -> list[str]:
    """n applications registered in the installation's own office; returns their uuids."""
    from app import register
    from app.storage.models.register import Application

    ids = []
    with db.session() as s:
        for i in range(start, start + n):
            state = register.register_application(s, {
                "received_on": f"2025-03-{i % 27 + 1:02d}", "channel": "in_person",
                "applicant_kind": "natural_person", "applicant_name": name,
                "applicant_id_number": "11010519491231002X", "applicant_phone": "13800000000",
                "applicant_address": "测试路1号", "content": f"申请公开第{i}号文件"})
            ids.append(s.get(Application, state.id).uuid)
    return ids


def content_digest(db) -> str:
    """SHA-256 over every row of every table (audit tables included), in primary-key order (the search
    index's contentless table through its shadow tables: UNLISTABLE)."""
    sha = hashlib.sha256()
    with db.read_session() as s:
        conn = s.connection()
        for table in sorted(set(inspect(conn).get_table_names()) - UNLISTABLE):
            cols = [c["name"] for c in inspect(conn).get_columns(table)]
            rows = conn.execute(text(f'SELECT * FROM "{table}" ORDER BY 1')).all()
            sha.update(table.encode())
            for row in rows:
                sha.update(json.dumps([str(v) for v in row], ensure_ascii=False).encode())
            sha.update(str(len(cols)).encode())
    return sha.hexdigest()


def application_by_uuid(db, uuid: str):
    from app.storage.models.register import Application

    with db.read_session() as s:
        return s.execute(select(Application).where(Application.uuid == uuid)).scalar_one_or_none()


def craft(db, members: dict[str, bytes], *, recipient: str, sequence: int = 1, records: dict | None = None,
          manifest_over: dict | None = None, extra_members: dict[str, bytes] | None = None,
          sign_with=None) -> bytes:
    """A package signed with `db`'s own key (or `sign_with`) whose manifest lists `members` with true hashes."""
    import io
    import uuid
    import zipfile

    from app import packages
    from app.core import profile
    from app.packages import keys

    with db.session() as s:
        key, private = packages.signing_key(s)
        own = profile.own_office_row(s)
        code, name = own.org_code, own.name
    files = []
    for path, data in members.items():
        entry = {"path": path, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
        if path.startswith("data/"):
            entry["records"] = (records or {}).get(path, data.count(b"\n"))
        files.append(entry)
    manifest = {"format": "gongkai-package", "format_version": 1, "package_id": str(uuid.uuid4()),
                "sender": {"org_code": code, "org_name": name, "key_id": key.key_id}, "recipient": recipient,
                "sequence": sequence, "created_at": "2026-01-05T09:00:00+08:00", "kind": "full",
                "app_version": "0.1.0", "schema_version": "0009", "files": files}
    manifest.update(manifest_over or {})
    manifest_bytes = json.dumps(manifest, ensure_ascii=False).encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path, data in {**members, **(extra_members or {})}.items():
            zf.writestr(path, data)
        zf.writestr("manifest.json", manifest_bytes)
        zf.writestr("manifest.sig", keys.sign(sign_with or private, manifest_bytes))
    return buf.getvalue()


def replace_member(package: bytes, name: str, data: bytes) -> bytes:
    """The same package with one member's bytes replaced (manifest and signature untouched)."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, data if info.filename == name else src.read(info))
    return out.getvalue()


def read_member(package: bytes, name: str) -> bytes:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(package)) as zf:
        return zf.read(name)
