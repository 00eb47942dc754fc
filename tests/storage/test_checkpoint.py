"""A big commit leaves its WAL pages to a background checkpoint instead of copying them inside the commit."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text

from app.storage import checkpoint
from app.storage.db import Database

pytestmark = pytest.mark.sqlite_only  # the WAL is SQLite's

BLOB = 1 << 20
ROWS = 8  # 8 MiB: far over the 1,000-page automatic checkpoint


@pytest.fixture
def scratch(tmp_path):
    path = tmp_path / "scratch.sqlite3"
    db = Database.open(path, backup=False)
    with db.session() as s:
        s.execute(text("CREATE TABLE scratch (x BLOB)"))
    yield db, path
    db.dispose()


def _fill(session) -> None:
    session.execute(text("INSERT INTO scratch (x) VALUES (randomblob(:n))"), [{"n": BLOB}] * ROWS)


def _autocheckpoint(session) -> int:
    return session.connection().exec_driver_sql("PRAGMA wal_autocheckpoint").scalar_one()


def test_without_deferral_the_commit_itself_copies_the_log(scratch):
    db, path = scratch
    size = os.path.getsize(path)
    with db.session() as s:
        _fill(s)
    assert os.path.getsize(path) >= size + ROWS * BLOB  # the pages were copied into the file at commit


def test_a_deferred_commit_leaves_the_copy_to_the_background_checkpoint(scratch, monkeypatch):
    db, path = scratch
    started: list[str] = []
    monkeypatch.setattr(checkpoint, "start", started.append)
    size = os.path.getsize(path)
    with db.session() as s:
        assert checkpoint.defer(s)
        assert _autocheckpoint(s) == 0
        _fill(s)
    assert started == [str(path)]
    assert os.path.getsize(path) == size  # committed, but only in the WAL so far
    with db.read_session() as s:  # and readable
        assert s.execute(text("SELECT count(*) FROM scratch")).scalar_one() == ROWS
    with db.session() as s:  # the connection's own setting is back
        assert _autocheckpoint(s) == 1000
    monkeypatch.undo()
    checkpoint.start(str(path)).join(30)
    assert os.path.getsize(path) >= size + ROWS * BLOB


def test_a_rolled_back_unit_of_work_restores_the_setting_and_checkpoints_nothing(scratch, monkeypatch):
    db, path = scratch
    started: list[str] = []
    monkeypatch.setattr(checkpoint, "start", started.append)
    with pytest.raises(RuntimeError), db.session() as s:
        checkpoint.defer(s)
        _fill(s)
        raise RuntimeError("stop")
    assert started == []
    with db.session() as s:
        assert _autocheckpoint(s) == 1000
        assert s.execute(text("SELECT count(*) FROM scratch")).scalar_one() == 0


def test_dispose_waits_for_the_background_checkpoint(tmp_path, monkeypatch):
    import time

    real = checkpoint._checkpoint

    def slow(path: str) -> None:
        time.sleep(0.5)
        real(path)

    monkeypatch.setattr(checkpoint, "_checkpoint", slow)
    path = tmp_path / "w.sqlite3"
    db = Database.open(path, backup=False)
    with db.session() as s:
        s.execute(text("CREATE TABLE scratch (x BLOB)"))
    size = os.path.getsize(path)
    with db.session() as s:
        checkpoint.defer(s)
        _fill(s)
    db.dispose()
    assert os.path.getsize(path) >= size + ROWS * BLOB
    assert not [t for t in checkpoint._running if t.is_alive()]


def test_a_failed_checkpoint_is_logged_not_raised(tmp_path, caplog):
    missing = tmp_path / "no-such-folder" / "x.sqlite3"
    checkpoint.start(str(missing)).join(30)
    assert "background checkpoint" in caplog.text


def test_a_savepoint_inside_the_unit_of_work_does_not_end_the_deferral(scratch, monkeypatch):
    """A package is applied inside begin_nested(): the release of the SAVEPOINT is not the commit."""
    db, path = scratch
    started: list[str] = []
    monkeypatch.setattr(checkpoint, "start", started.append)
    with db.session() as s:
        with s.begin_nested():
            checkpoint.defer(s)
            _fill(s)
        assert _autocheckpoint(s) == 0 and started == []
    assert started == [str(path)]


@pytest.mark.parametrize("nested_fails", [False, True])
def test_at_end_is_called_once_with_the_outcome_of_the_outermost_transaction(scratch, nested_fails):
    from app.storage.unit_end import at_end

    db, _path = scratch
    ends: list[bool] = []
    with db.session() as s:
        at_end(s, ends.append)
        try:
            with s.begin_nested():
                _fill(s)
                if nested_fails:
                    raise KeyError("nested")
        except KeyError:
            pass
        assert ends == []
    assert ends == [True]
    with pytest.raises(ValueError), db.session() as s:
        at_end(s, ends.append)
        with s.begin_nested():
            pass
        raise ValueError("outer")
    assert ends == [True, False]
