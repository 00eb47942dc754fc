"""Backups: online backup, verified restore that keeps the replaced database, refusal of bad files."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.errors import UserError
from app.services import backup, settings
from app.services.integrity import run_check
from app.storage.models.core import Setting


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
        settings.set_setting(s, "marker", "before")
    out = backup.backup_to(db, tmp_path / "b.sqlite3")
    assert backup.verify_backup_file(out)
    with db.session() as s:
        settings.set_setting(s, "marker", "after")
    kept = backup.restore(db, out)
    assert _value(db, "marker") == "before"
    assert kept.exists()
    backup.verify_backup_file(kept)  # the replaced database is itself a valid backup
    with db.read_session() as s:
        assert run_check(s).ok


def test_restore_refuses_garbage_and_leaves_data(db, tmp_path):
    with db.session() as s:
        settings.set_setting(s, "marker", "keep me")
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    with pytest.raises(UserError):
        backup.restore(db, bad)
    text_file = tmp_path / "notes.txt"
    text_file.write_text("hello")
    with pytest.raises(UserError) as err:
        backup.restore(db, text_file)
    assert "不是本程序的数据库备份" in str(err.value)
    assert _value(db, "marker") == "keep me"


def test_automatic_backups_keep_last_n(db):
    for _ in range(4):
        backup.automatic_backup(db, reason="test", keep=3)
    assert len(backup.list_backups()) == 3


def test_backup_file_is_private(db, tmp_path):
    import os
    import stat

    out = backup.backup_to(db, tmp_path / "p.sqlite3")
    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
        assert stat.S_IMODE(db.path.stat().st_mode) == 0o600
