"""Tamper evidence end to end: rows of every area or the audit chain changed with raw SQL outside the program
make `gongkai check` exit 1 naming the table; the window's status shows a damaged chain."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3

import pytest

from tests.helpers.reliability import CJK, build_demo_file

pytestmark = pytest.mark.sqlite_only


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """A demo county database (every area) built once for the module."""
    return build_demo_file(tmp_path_factory.mktemp("demo"), seed=7,
                           sizes={"requests": 30, "catalogue": 40, "ledger": 20}, today=dt.date(2026, 3, 2))


@pytest.fixture
def demo_copy(demo_file, tmp_path):
    path = tmp_path / "copy.sqlite3"
    shutil.copyfile(demo_file, path)
    return path


def _check(path, capsys) -> tuple[int, str]:
    from app.cli.main import main

    capsys.readouterr()
    code = main(["--db", str(path), "check"])
    captured = capsys.readouterr()
    return code, captured.err + captured.out


def _raw(path, sql: str, *params) -> int:
    conn = sqlite3.connect(path)
    try:
        cur = conn.execute(sql, params)
        conn.commit()
        return cur.rowcount
    finally:
        conn.close()


def test_the_untouched_demo_passes(demo_copy, capsys):
    code, out = _check(demo_copy, capsys)
    assert code == 0, out


TAMPERING = [
    ("application", "UPDATE application SET applicant_name = '篡改者' WHERE id = (SELECT MIN(id) FROM application)"),
    ("application", "UPDATE application SET outcome = 'granted', replied_on = '2026-01-05' "
                    "WHERE id = (SELECT MAX(id) FROM application)"),
    ("catalogue_entry", "UPDATE catalogue_entry SET title = title || '（改）' "
                        "WHERE id = (SELECT MIN(id) FROM catalogue_entry)"),
    ("ledger_task", "UPDATE ledger_task SET requirement = '改过的要求' WHERE id = (SELECT MIN(id) FROM ledger_task)"),
    ("issued_letter", "UPDATE issued_letter SET pdf = CAST(pdf || X'0A' AS BLOB) "
                      "WHERE id = (SELECT MIN(id) FROM issued_letter)"),
    ("negative_item", "UPDATE negative_item SET name = name || '（改）' WHERE id = (SELECT MIN(id) FROM negative_item)"),
    ("setting", "INSERT INTO setting (key, value) VALUES ('smuggled', '\"x\"')"),
    ("office", "UPDATE office SET review_agency = '别的机关' WHERE is_self = 1"),
]


@pytest.mark.parametrize("table,sql", TAMPERING, ids=[f"{t}-{i}" for i, (t, _) in enumerate(TAMPERING)])
def test_a_row_changed_outside_the_program_is_named(demo_copy, capsys, table, sql):
    assert _raw(demo_copy, sql) == 1, "the tampering statement did not hit a row (demo data missing?)"
    code, out = _check(demo_copy, capsys)
    assert code == 1, out
    assert f"“{table}”" in out and CJK.search(out) and "内部错误" not in out, out


def test_a_deleted_row_is_named(demo_copy, capsys):
    assert _raw(demo_copy, "DELETE FROM ledger_figure WHERE id = (SELECT MIN(id) FROM ledger_figure)") == 1
    code, out = _check(demo_copy, capsys)
    assert code == 1 and "“ledger_figure”" in out and "删除" in out, out


@pytest.mark.parametrize("sql,word", [
    ("UPDATE audit_log SET operator = '别人' WHERE seq = 3", "篡改"),
    ("UPDATE audit_log SET after = COALESCE(after, '{}') || ' ' WHERE seq = 10", "篡改"),
    ("DELETE FROM audit_log WHERE seq = 5", "缺失"),
    ("DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)", "截断"),
])
def test_a_changed_audit_chain_is_found(demo_copy, capsys, sql, word):
    assert _raw(demo_copy, sql) == 1
    code, out = _check(demo_copy, capsys)
    assert code == 1 and "审计日志" in out and word in out, out


def test_rewriting_the_chain_with_the_head_still_fails(demo_copy, capsys):
    """Removing the last entry and moving the head back hides the truncation, but the row it audited
    no longer matches its (now earlier) audited state, or is unaudited."""
    conn = sqlite3.connect(demo_copy)
    try:
        seq, entity, entity_id, action = conn.execute(
            "SELECT seq, entity, entity_id, action FROM audit_log WHERE after IS NOT NULL ORDER BY seq DESC LIMIT 1").fetchone()
        prev = conn.execute("SELECT hash FROM audit_log WHERE seq = ?", (seq - 1,)).fetchone()[0]
        later = conn.execute("SELECT COUNT(*) FROM audit_log WHERE seq > ?", (seq,)).fetchone()[0]
        assert later == 0, "the demo ends with a row change"
        conn.execute("DELETE FROM audit_log WHERE seq = ?", (seq,))
        conn.execute("UPDATE audit_head SET seq = ?, hash = ?", (seq - 1, prev))
        conn.commit()
    finally:
        conn.close()
    code, out = _check(demo_copy, capsys)
    assert code == 1, out
    assert f"“{entity}”" in out, out


def test_window_status_shows_a_damaged_chain(demo_copy, qtbot, monkeypatch, tmp_path):
    from app.storage.db import Database
    from ui.main import create_main_window

    _raw(demo_copy, "UPDATE audit_log SET hash = (CASE WHEN substr(hash, 1, 1) = 'f' THEN 'e' ELSE 'f' END) || substr(hash, 2) "
         "WHERE seq = (SELECT MAX(seq) FROM audit_log)")
    db = Database.open(demo_copy, backup=False)
    try:
        ctx, window = create_main_window(db, "测试员")
        qtbot.addWidget(window)
        window.update_status()
        assert ctx.startup_problem and "审计日志" in ctx.startup_problem
        assert "问题" in window.status_check.text()
        assert ctx.startup_problem in window.status_check.toolTip()
    finally:
        db.dispose()


def test_window_status_is_clean_for_an_untouched_database(demo_copy, qtbot):
    from app.storage.db import Database
    from ui.main import create_main_window

    db = Database.open(demo_copy, backup=False)
    try:
        ctx, window = create_main_window(db, "测试员")
        qtbot.addWidget(window)
        window.update_status()
        assert ctx.startup_problem is None
        assert "正常" in window.status_check.text()
    finally:
        db.dispose()
