"""Shared fixtures: offscreen Qt, a fresh GONGKAI_HOME per test, a migrated database with a profile."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import (stack-notes.md)

import sys
import uuid
from pathlib import Path

# Test directories are packages (equal basenames such as test_cli.py coexist); shared helpers are the
# modules of tests/helpers, imported as `tests.helpers.<module>` (tests/README.md).
import pytest

SAMPLES = Path(__file__).resolve().parent.parent.parent / "shared" / "samples"

TEST_OFFICE = {
    "name": "测试县人民政府办公室",
    "org_code": "11330127MB0000001",  # + check character below
    "level": "county",
    "parent_name": "测试县人民政府",  # the review body follows from it (docs/spec/letters.md section 2)
    "court": "测试县人民法院",
    "doc_prefix": "测政办公开",
    "contact_phone": "0571-12345678",
}


def _office_data() -> dict:
    from app.domain.identifiers import org_code_check_char

    data = dict(TEST_OFFICE)
    data["org_code"] = data["org_code"] + org_code_check_char(data["org_code"])
    return data


@pytest.fixture(autouse=True)
def gongkai_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("GONGKAI_HOME", str(home))
    monkeypatch.setenv("GONGKAI_SECRETS", str(tmp_path / "secrets"))  # outside the data dir, as in use
    monkeypatch.setenv("GONGKAI_OPERATOR", "测试员")
    monkeypatch.delenv("GONGKAI_DB", raising=False)
    return home


def _pg_url() -> str | None:
    if os.environ.get("GONGKAI_TEST_DB") == "postgres":
        return os.environ.get("GONGKAI_TEST_PG_URL")
    return None


@pytest.fixture
def db_url(tmp_path) -> str:
    """A fresh, empty database: a SQLite file, or a new PostgreSQL database when testing on PostgreSQL."""
    pg = _pg_url()
    if not pg:
        yield str(tmp_path / "test.sqlite3")
        return
    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    admin = pg.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = pg.rpartition("/")
    yield f"{base}/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _wait_for_window_jobs(timeout: float = 30.0) -> None:
    """Windows a test left open are closed, and background jobs they started (counts, checks) finish,
    before the test's database goes away."""
    import time

    widgets = sys.modules.get("PySide6.QtWidgets")
    if widgets is not None and widgets.QApplication.instance() is not None:
        for window in widgets.QApplication.topLevelWidgets():  # dialogs a test left open stop their timers
            window.close()
    context = sys.modules.get("ui.context")
    deadline = time.monotonic() + timeout
    while context is not None and context._RUNNING and time.monotonic() < deadline:
        time.sleep(0.02)


@pytest.fixture
def empty_db(db_url):
    """A migrated database with no office profile."""
    from app.storage.db import Database

    db = Database.open(db_url)
    yield db
    _wait_for_window_jobs()
    db.dispose()


@pytest.fixture
def db(empty_db):
    """A migrated database with the test office profile."""
    from app.core import profile

    with empty_db.session() as s:
        profile.save_profile(s, _office_data())
    return empty_db


@pytest.fixture
def session(db):
    """A write unit of work on `db`; committed at the end of the test if it did not fail."""
    with db.session() as s:
        yield s


@pytest.fixture
def office_data() -> dict:
    return _office_data()


@pytest.fixture
def samples_dir() -> Path:
    return SAMPLES


def pytest_collection_modifyitems(config, items):
    if _pg_url():
        return
    skip = pytest.mark.skip(reason="PostgreSQL tests need GONGKAI_TEST_DB=postgres and GONGKAI_TEST_PG_URL")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def deferred_indexes(monkeypatch) -> list[str]:
    """Every load counts as big for app.storage.indexes; the list collects the indexes it deferred."""
    import contextlib

    from app.storage import indexes

    monkeypatch.setattr(indexes, "MIN_ROWS", 1)
    seen: list[str] = []
    real = indexes.deferred

    @contextlib.contextmanager
    def spy(*args, **kw):
        with real(*args, **kw) as dropped:
            seen.extend(dropped)
            yield dropped

    monkeypatch.setattr(indexes, "deferred", spy)
    return seen
