"""Anchors of the audit trail (issue 18 item 3): a consistent rewrite of the chain, or deleting its latest
entries, no longer passes `check`; a deleted head row gives a clear message and an audited repair."""

from __future__ import annotations

import itertools
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from app.core import anchors, audit, security
from app.core.integrity import run_check
from app.errors import StorageError, UserError
from app.storage.backup import backup_to
from app.storage.models.core import AuditAnchor
from tests.helpers.audit_chain import head, rewrite_chain

pytestmark = pytest.mark.sqlite_only  # the attacker edits the SQLite file


def _check(db) -> list[str]:
    with db.read_session() as s:
        return run_check(s).problems


def _raw(db, sql: str, *params) -> None:
    conn = sqlite3.connect(db.path)
    try:
        conn.execute(sql, params)
        conn.commit()
    finally:
        conn.close()


_minutes = itertools.cycle(range(5, 60))


def _some_changes(db, n: int = 3) -> None:
    from app.core import settings

    with db.session() as s:
        for _ in range(n):
            settings.set_setting(s, "security.idle_minutes", next(_minutes))


def test_a_consistent_rewrite_passes_the_chain_check_but_not_the_anchors(db, tmp_path):
    _some_changes(db)
    backup_to(db, tmp_path / "b.sqlite3")  # the head leaves the database's reach
    _some_changes(db)
    assert _check(db) == []
    rewrite_chain(db.path, change_seq=2)
    with db.read_session() as s:
        assert audit.verify_chain(s) is None  # the chain alone verifies: anyone can recompute it
    [problem] = _check(db)
    assert "审计日志被改写" in problem and "备份" in problem


def test_deleting_the_latest_events_is_caught(db):
    _some_changes(db)
    seq_before = head(db.path)[0]
    with db.session() as s:
        security.record_unmasked_view(s, "application", 1)
        security.record_unlock(s, False)
    assert _check(db) == []
    rewrite_chain(db.path, drop_after=seq_before)  # the view and the failed unlock are gone
    [problem] = _check(db)
    assert "末尾被删除" in problem


def test_deleting_the_anchor_rows_too_is_still_caught(db, tmp_path):
    _some_changes(db)
    backup_to(db, tmp_path / "b.sqlite3")
    _some_changes(db)
    rewrite_chain(db.path, change_seq=1)
    _raw(db, "DELETE FROM audit_anchor")
    assert _check(db), "the anchor file outside the data folder still holds the backup's head"


def test_a_passing_check_anchors_its_head(db):
    _some_changes(db)
    assert _check(db) == []
    seq = head(db.path)[0]
    rewrite_chain(db.path, drop_after=seq - 1)
    assert "末尾被删除" in _check(db)[0]


def test_a_rolled_back_event_leaves_no_anchor(db):
    _some_changes(db)
    with pytest.raises(RuntimeError), db.session() as s:
        security.record_unmasked_view(s, "application", 1)
        raise RuntimeError("rolled back")
    assert _check(db) == []


def test_a_package_made_anchors_its_signed_head(db, tmp_path):
    from app import packages

    _some_changes(db)
    with db.session() as s:
        packages.ensure_own_key(s)
        made = packages.export_package(s, to="province", out_path=tmp_path / "p.gkpkg")
    with db.read_session() as s:
        kinds = {(a.kind, a.ref) for a in s.execute(select(AuditAnchor)).scalars()}
    assert ("package", made.package_id) in kinds
    rewrite_chain(db.path, change_seq=1)
    assert "生成数据包" in _check(db)[0]


def test_restore_sets_the_newer_anchors_aside(db, tmp_path):
    from app.core.backup import restore

    _some_changes(db)
    backup = backup_to(db, tmp_path / "b.sqlite3")
    _some_changes(db)
    with db.session() as s:
        security.record_unlock(s, False)
    restore(db, backup)
    assert _check(db) == []


# -- a deleted head row ------------------------------------------------------------------------------------
def test_a_deleted_head_row_gives_a_clear_message_and_an_audited_repair(db, capsys):
    from app.cli.main import main

    _some_changes(db)
    _raw(db, "DELETE FROM audit_head")
    with pytest.raises(StorageError, match="check --repair-head"):
        _some_changes(db, 1)  # not "UNIQUE constraint failed"
    assert any("链头记录缺失" in p for p in _check(db))
    assert main(["--db", str(db.path), "check", "--repair-head"]) == 0
    assert "已按审计日志" in capsys.readouterr().out
    _some_changes(db, 1)
    assert _check(db) == []
    with db.read_session() as s:
        assert any(e.action == "repair_head" for e in audit.history(s, "audit_head", "1"))
    with db.session() as s, pytest.raises(UserError, match="无需修复"):
        audit.repair_head(s)


def test_the_head_is_not_repaired_over_a_broken_chain(db):
    _some_changes(db)
    _raw(db, "DELETE FROM audit_head")
    _raw(db, "UPDATE audit_log SET note = 'x' WHERE seq = 1")
    with db.session() as s, pytest.raises(UserError, match="不能修复链头"):
        audit.repair_head(s)


def test_the_anchor_file_is_outside_the_data_folder(db, gongkai_home):
    _some_changes(db)
    with db.read_session() as s:
        run_check(s)
        key = anchors.database_key(s)
    assert not list(gongkai_home.rglob(f"{key}*"))


def test_a_file_copied_back_over_the_database_is_a_rollback(db, tmp_path):
    import shutil

    _some_changes(db)
    db.dispose()
    old = tmp_path / "old.sqlite3"
    shutil.copyfile(db.path, old)
    _some_changes(db)
    with db.session() as s:
        security.record_unlock(s, False)
    db.dispose()
    shutil.copyfile(old, db.path)  # outside the program: the failed unlock is gone
    Path(str(db.path) + "-wal").unlink(missing_ok=True)
    Path(str(db.path) + "-shm").unlink(missing_ok=True)
    assert "末尾被删除" in _check(db)[0]


def test_a_new_database_where_an_old_one_was_starts_with_no_anchors(db_url, tmp_path):
    from app.core import profile
    from app.domain.identifiers import org_code_check_char
    from app.storage.db import Database

    def _office_data() -> dict:
        code = "11330127MB0000001"
        return {"name": "测试县人民政府办公室", "org_code": code + org_code_check_char(code), "level": "county",
                "review_agency": "临江市人民政府", "court": "临江市中级人民法院"}

    first = Database.open(db_url)
    with first.session() as s:
        profile.save_profile(s, _office_data())
        security.record_unlock(s, False)
    first.dispose()
    Path(db_url).unlink()
    Path(db_url + "-wal").unlink(missing_ok=True)
    Path(db_url + "-shm").unlink(missing_ok=True)
    second = Database.open(db_url)
    with second.session() as s:
        profile.save_profile(s, _office_data())
    try:
        assert _check(second) == []
    finally:
        second.dispose()
