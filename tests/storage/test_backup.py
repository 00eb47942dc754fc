"""Backups: online backup, verified restore that keeps the replaced database, refusal of bad files."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.core import settings
from app.core.backup import restore
from app.core.integrity import run_check
from app.errors import UserError
from app.storage import backup
from app.storage.models.core import Setting
from tests.helpers.settings import scratch


@pytest.fixture(autouse=True)
def _sqlite_only(db):
    if not db.is_sqlite:
        pytest.skip("SQLite backups")


def _value(db, key):
    with db.read_session() as s:
        row = s.execute(select(Setting).where(Setting.key == key)).scalar_one_or_none()
        return None if row is None else row.value


def test_backup_and_restore_round_trip(db, tmp_path):
    with db.session() as s:
        settings.set_setting(s, "register.serial_format", "before")
    out = backup.backup_to(db, tmp_path / "b.sqlite3")
    assert backup.verify_backup_file(out)
    with db.session() as s:
        settings.set_setting(s, "register.serial_format", "after")
    kept = restore(db, out)
    assert _value(db, "register.serial_format") == "before"
    assert kept.exists()
    backup.verify_backup_file(kept)  # the replaced database is itself a valid backup
    with db.read_session() as s:
        assert run_check(s).ok


def test_restore_refuses_garbage_and_leaves_data(db, tmp_path):
    with db.session() as s:
        settings.set_setting(s, "register.serial_format", "keep me")
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    with pytest.raises(UserError):
        restore(db, bad)
    text_file = tmp_path / "notes.txt"
    text_file.write_text("hello")
    with pytest.raises(UserError) as err:
        restore(db, text_file)
    assert "不是本程序的数据库备份" in str(err.value)
    assert _value(db, "register.serial_format") == "keep me"


def test_automatic_backups_keep_last_n(db):
    for _ in range(4):
        backup.automatic_backup(db, reason="test", keep=3)
    assert len(backup.list_backups()) == 3


def test_a_backup_is_one_file(db, tmp_path):
    """Nothing beside the backup: no -wal/-shm of the copy (the live file is in WAL mode)."""
    out = backup.backup_to(db, tmp_path / "out" / "b.sqlite3")
    assert sorted(p.name for p in out.parent.iterdir()) == ["b.sqlite3"]
    conn = backup.sqlite3.connect(out)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        conn.close()
    with db.session() as s:
        settings.set_setting(s, "register.serial_format", "after")
    restore(db, out)  # a restored copy is used in WAL mode again, as every connection sets it
    with db.read_session() as s:
        assert s.connection().exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_backup_file_is_private(db, tmp_path):
    import os
    import stat

    out = backup.backup_to(db, tmp_path / "p.sqlite3")
    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
        assert stat.S_IMODE(db.path.stat().st_mode) == 0o600


def _fill(db, n: int = 400) -> None:
    with db.session() as s:
        for i in range(n):
            settings.set_setting(s, scratch(f"test.filler_{i}"), "填充" * 200)


def test_backup_is_of_one_moment_while_the_clerk_writes(db, tmp_path, monkeypatch):
    """Copied in small steps inside one read transaction: a write between steps neither restarts the copy
    (it would, forever, under steady writes) nor gets into it half-way."""
    _fill(db)
    monkeypatch.setattr(backup, "STEP_PAGES", 2)
    steps = []

    def between_steps() -> bool:
        steps.append(1)
        if len(steps) % 5 == 0 and len(steps) <= 30:
            with db.session() as s:
                settings.set_setting(s, scratch(f"test.during_{len(steps)}"), "x")
        return False

    out = backup.backup_to(db, tmp_path / "b.sqlite3", cancelled=between_steps)
    pages = backup.sqlite3.connect(out).execute("PRAGMA page_count").fetchone()[0]
    assert pages // 2 > 30 and len(steps) <= pages // 2 + 2  # no restart: one pass over the pages
    written = [str(k) for k in range(5, min(len(steps), 30) + 1, 5)]
    assert written and all(_value(db, f"test.during_{k}") == "x" for k in written)
    conn = backup.sqlite3.connect(out)
    try:
        keys = {k for (k,) in conn.execute("SELECT key FROM setting")}
    finally:
        conn.close()
    assert "test.filler_399" in keys and not any(k.startswith("test.during_") for k in keys)


def test_cancelled_backup_leaves_no_file(db, tmp_path, monkeypatch):
    from app.errors import Cancelled

    _fill(db)
    monkeypatch.setattr(backup, "STEP_PAGES", 2)
    asked = []

    def cancel_on_third() -> bool:
        asked.append(1)
        return len(asked) >= 3

    out_dir = tmp_path / "out"
    with pytest.raises(Cancelled):
        backup.backup_to(db, out_dir / "b.sqlite3", cancelled=cancel_on_third)
    assert len(asked) == 3
    assert list(out_dir.iterdir()) == []  # neither the backup nor its partial copy


def test_cancel_during_the_copy_check_leaves_no_file(db, tmp_path, monkeypatch):
    """The integrity check of the copy (minutes at county scale) stops too."""
    from app.errors import Cancelled

    _fill(db)
    copied = []
    real_verify = backup.verify_backup_file

    def verify(path, *, cancelled=None):
        copied.append(path)
        return real_verify(path, cancelled=lambda: True)

    monkeypatch.setattr(backup, "verify_backup_file", verify)
    with pytest.raises(Cancelled):
        backup.automatic_backup(db, reason="startup", cancelled=lambda: False)
    assert copied and not copied[0].exists()
    assert backup.list_backups() == []


def test_partial_copies_left_by_a_killed_backup_are_removed(db):
    """A backup interrupted by a kill or a power cut leaves a partial copy (gigabytes at county scale)
    under a name no later backup reuses; the next automatic backup removes it once it is stale."""
    import os
    import time

    from app import paths

    folder = paths.backup_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stale = [folder / "gongkai-20260101-000000-000000-startup.sqlite3.part",
             folder / "gongkai-20260101-000000-000000-startup.sqlite3.part-wal"]
    fresh = folder / "gongkai-20990101-000000-000000-daily.sqlite3.part"  # perhaps still being written
    old = time.time() - 2 * 3600
    for path in (*stale, fresh):
        path.write_bytes(b"partial")
    for path in stale:
        os.utime(path, (old, old))
    made = backup.automatic_backup(db, reason="startup")
    assert made.exists() and not any(p.exists() for p in stale) and fresh.exists()


def test_a_backup_failing_for_any_reason_leaves_no_partial_file(db, tmp_path, monkeypatch):
    """Issue 18 item 5: the partial copy is full of ID numbers; it goes whatever stopped the backup."""
    from app.storage import backup

    def broken(path, cancelled=None):
        raise ValueError("a bug in the check")

    monkeypatch.setattr(backup, "verify_backup_file", broken)
    out_dir = tmp_path / "out"
    with pytest.raises(ValueError):
        backup.backup_to(db, out_dir / "b.sqlite3")
    assert list(out_dir.iterdir()) == []
