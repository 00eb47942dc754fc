"""Helpers of the packages tests: sample data in an installation and a digest of a database's content."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import inspect, select, text


def add_applications(db, n: int = 5, *, name: str = "张三", start: int = 0) -> list[str]:
    """n applications registered in the installation's own office; returns their uuids."""
    from app.services import register
    from app.storage.models.register import Application

    ids = []
    with db.session() as s:
        for i in range(start, start + n):
            state = register.register_application(s, {
                "received_on": "2025-03-%02d" % (i % 27 + 1), "channel": "in_person",
                "applicant_kind": "natural_person", "applicant_name": name,
                "applicant_id_number": "11010519491231002X", "applicant_phone": "13800000000",
                "applicant_address": "测试路1号", "content": f"申请公开第{i}号文件"})
            ids.append(s.get(Application, state.id).uuid)
    return ids


def content_digest(db) -> str:
    """SHA-256 over every row of every table (audit tables included), in primary-key order."""
    sha = hashlib.sha256()
    with db.read_session() as s:
        conn = s.connection()
        for table in sorted(inspect(conn).get_table_names()):
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
