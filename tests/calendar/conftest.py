"""Calendar test databases: migrated when the whole chain migrates, else built from the models.

Other areas' migrations may be mid-work in the shared checkout; the calendar tests must not depend on
them. The calendar migration itself is tested on its own in test_migration.py.
"""

from __future__ import annotations

import pytest


def _open(path):
    """A migrated database at ``path``; when the chain cannot migrate, the models' schema stamped at head."""
    from app.storage.db import Database

    try:
        return Database.open(path)
    except Exception:
        import app.storage.models  # noqa: F401
        from app.storage.base import Base
        from app.storage.migrate import head_revision

        for leftover in path.parent.glob(path.name + "*"):
            leftover.unlink()
        db = Database.open(path, migrate=False)
        Base.metadata.create_all(db.engine)
        with db.engine.begin() as conn:
            _stamp(conn, head_revision())
        return db


def _stamp(conn, revision: str) -> None:
    from sqlalchemy import text

    conn.execute(text("CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)"))
    conn.execute(text("DELETE FROM alembic_version"))
    conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": revision})


@pytest.fixture
def cal_db(tmp_path):
    db = _open(tmp_path / "cal.sqlite3")
    yield db
    db.dispose()


@pytest.fixture
def cal_other_db(tmp_path):
    db = _open(tmp_path / "other.sqlite3")
    yield db
    db.dispose()


@pytest.fixture
def cal_session(cal_db):
    with cal_db.session(operator="测试员") as s:
        yield s
