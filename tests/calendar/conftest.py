"""Calendar test databases: migrated when the whole chain migrates, else built from the models.

Other areas' migrations may be mid-work in the shared checkout; the calendar tests must not depend on
them. The calendar migration itself is tested on its own in test_migration.py.
"""

from __future__ import annotations

import pytest


def _open(path):
    from app.storage.db import Database

    try:
        return Database.open(path)
    except Exception:  # noqa: BLE001 - another area's migration is broken: build the schema from the models
        import app.storage.models  # noqa: F401
        from app.storage.base import Base

        db = Database.open(str(path) + ".models.sqlite3", migrate=False)
        Base.metadata.create_all(db.engine)
        return db


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
