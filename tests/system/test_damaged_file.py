"""A damaged database file is found at start-up (Database.open or quick_startup_check) with a Chinese message."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from app.errors import StorageError
from tests.helpers.reliability import CJK

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def filled_db_file(db, samples_dir, tmp_path):
    """A closed SQLite file holding the 400 sample applications (several hundred pages)."""
    import json

    from app import register

    records = [json.loads(line) for line in (samples_dir / "register-sample.jsonl").read_text(encoding="utf-8").splitlines()
               if line.strip()]
    with db.session() as s:
        register.import_records(s, records)
    path = db.path
    db.dispose()
    return path


def _startup_problem(path) -> str:
    """What the window's start-up would report: Database.open's refusal or quick_startup_check's finding."""
    from app.core.integrity import quick_startup_check
    from app.storage.db import Database

    try:
        db = Database.open(path, backup=False)
    except StorageError as exc:
        return exc.message
    try:
        with db.read_session() as s:
            return quick_startup_check(s) or ""
    except StorageError as exc:
        return exc.message
    finally:
        db.dispose()


def _page_size(path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()


def _table_root_page(path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    finally:
        conn.close()


def test_an_intact_copy_passes(filled_db_file, tmp_path):
    copy = tmp_path / "copy.sqlite3"
    shutil.copyfile(filled_db_file, copy)
    assert _startup_problem(copy) == ""


def test_truncated_file_is_detected(filled_db_file, tmp_path):
    copy = tmp_path / "truncated.sqlite3"
    shutil.copyfile(filled_db_file, copy)
    size = copy.stat().st_size
    with open(copy, "r+b") as fh:
        fh.truncate(size // 2)
    message = _startup_problem(copy)
    assert message and CJK.search(message), message
    assert "损坏" in message or "完整性" in message


def test_garbage_pages_are_detected(filled_db_file, tmp_path):
    copy = tmp_path / "garbage.sqlite3"
    shutil.copyfile(filled_db_file, copy)
    page = _page_size(copy)
    root = _table_root_page(copy, "application")
    with open(copy, "r+b") as fh:  # overwrite the application table's root page and the next ones
        fh.seek((root - 1) * page)
        fh.write(bytes((i * 37 + 11) % 256 for i in range(page * 3)))
    message = _startup_problem(copy)
    assert message and CJK.search(message), message
    assert "损坏" in message or "完整性" in message


def test_overwritten_header_is_refused_by_open(filled_db_file, tmp_path):
    from app.storage.db import Database

    copy = tmp_path / "header.sqlite3"
    shutil.copyfile(filled_db_file, copy)
    with open(copy, "r+b") as fh:
        fh.write(b"PK\x03\x04 not a database")
    with pytest.raises(StorageError, match="损坏"):
        Database.open(copy)


def test_a_text_file_named_like_a_database_is_refused(tmp_path):
    from app.storage.db import Database

    bad = tmp_path / "notes.sqlite3"
    bad.write_text("这不是数据库", encoding="utf-8")
    with pytest.raises(StorageError) as info:
        Database.open(bad)
    assert str(bad) in info.value.message and CJK.search(info.value.message)


def test_damaged_backups_are_not_offered_the_good_one_is(filled_db_file, tmp_path):
    """The restore offer tries backups newest first and skips a damaged one."""
    from app.errors import ValidationError
    from app.storage import backup

    good = tmp_path / "good.sqlite3"
    shutil.copyfile(filled_db_file, good)
    backup.verify_backup_file(good)
    bad = tmp_path / "bad.sqlite3"
    shutil.copyfile(filled_db_file, bad)
    with open(bad, "r+b") as fh:
        fh.truncate(bad.stat().st_size // 3)
    with pytest.raises(ValidationError, match="损坏|无法读取"):
        backup.verify_backup_file(bad)


def test_gongkai_check_fails_on_a_damaged_file(filled_db_file, tmp_path, capsys):
    from app.cli.main import main

    copy = tmp_path / "garbage.sqlite3"
    shutil.copyfile(filled_db_file, copy)
    page = _page_size(copy)
    root = _table_root_page(copy, "application")
    with open(copy, "r+b") as fh:
        fh.seek((root - 1) * page)
        fh.write(b"\xff" * page)
    code = main(["--db", str(copy), "check"])
    err = capsys.readouterr().err
    assert code == 1 and CJK.search(err) and "Traceback" not in err and "内部错误" not in err, err
    assert "损坏" in err or "完整性" in err


def _damage(path) -> None:
    page = _page_size(path)
    root = _table_root_page(path, "application")
    with open(path, "r+b") as fh:
        fh.seek((root - 1) * page)
        fh.write(bytes((i * 37 + 11) % 256 for i in range(page * 3)))


def test_after_check_finds_damage_every_write_is_refused_until_a_restore(filled_db_file, tmp_path, capsys):
    """Issue 18 item 5: letters, imports and every other write stop once the file is known damaged; the
    message offers the latest backup; reading still works; a restore lifts the refusal."""
    from app.cli.main import main
    from app.core import settings
    from app.storage import backup
    from app.storage.db import Database

    good = backup.automatic_backup(Database.open(filled_db_file, backup=False), reason="test")
    _damage(filled_db_file)
    assert main(["--db", str(filled_db_file), "check"]) == 1
    capsys.readouterr()
    db = Database.open(filled_db_file, backup=False)
    try:
        with pytest.raises(StorageError) as info, db.session() as s:
            settings.set_setting(s, "security.idle_minutes", 7)  # a write far from the damaged pages
        assert "已停止一切修改" in info.value.message and good.name in info.value.message
        assert main(["--db", str(filled_db_file), "request", "import", str(tmp_path / "none.jsonl")]) != 0
        assert main(["--db", str(filled_db_file), "letter", "2025-001", "--kind", "receipt",
                     "--out", str(tmp_path / "l.pdf")]) != 0
        err = capsys.readouterr().err
        assert "已停止一切修改" in err or "已损坏" in err, err
        assert not (tmp_path / "l.pdf").exists()
        assert main(["--db", str(filled_db_file), "restore", str(good)]) == 0
        with db.session() as s:
            settings.set_setting(s, "security.idle_minutes", 7)
    finally:
        db.dispose()


def test_a_write_that_meets_a_malformed_file_flags_it(filled_db_file):
    from sqlalchemy import text

    from app.storage import damage
    from app.storage.db import Database

    db = Database.open(filled_db_file, backup=False)
    try:
        _damage(filled_db_file)
        with pytest.raises(StorageError, match="已停止一切修改"), db.session() as s:
            s.execute(text("UPDATE application SET notes = 'x'"))
        assert damage.problem(filled_db_file)
    finally:
        db.dispose()


def test_the_window_offers_a_backup_for_a_file_flagged_damaged(db, qtbot):
    from app.storage import damage
    from ui.main import create_main_window

    damage.mark(db.path, "数据库文件完整性检查未通过")
    ctx, window = create_main_window(db, "测试员")
    qtbot.addWidget(window)
    assert "损坏" in ctx.startup_problem  # start_window then calls ui.restore.offer_restore


@pytest.mark.parametrize("sql", ["SELECT json_extract('[1, 2', '$')",  # "malformed JSON"
                                 "SELECT * FROM fts_catalogue WHERE fts_catalogue MATCH '\"'"])  # a query's syntax
def test_an_error_of_one_statement_that_says_malformed_is_not_a_damaged_file(db, sql):
    """Only SQLite's words for a damaged file flag it: "malformed JSON" is one statement's bad argument."""
    from sqlalchemy import text

    from app.storage import damage

    with pytest.raises(Exception) as caught, db.session() as s:
        s.execute(text(sql))
    assert "已停止一切修改" not in str(caught.value)
    assert damage.problem(db.path) is None
    with db.session() as s:  # still written to
        s.execute(text("UPDATE setting SET value = value"))
