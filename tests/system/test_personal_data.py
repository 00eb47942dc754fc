"""Personal data at rest: the database, its WAL/SHM and every backup are readable by the user only (0600);
lists and exports mask ID numbers and phones."""

from __future__ import annotations

import datetime as dt
import os
import stat

import pytest

pytestmark = [pytest.mark.sqlite_only, pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")]


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def loose_umask():
    old = os.umask(0o022)  # a typical desktop umask: new files would be 0644
    yield
    os.umask(old)


def test_database_wal_and_shm_are_private(tmp_path, loose_umask):
    from app.core import settings
    from app.storage.db import Database

    path = tmp_path / "private.sqlite3"
    db = Database.open(path)
    with db.session() as s:
        settings.set_setting(s, "security.idle_minutes", 1)
    for p in (path, f"{path}-wal", f"{path}-shm"):
        assert os.path.exists(p), p
        assert _mode(p) == 0o600, f"{p}: {oct(_mode(p))}"
    db.dispose()
    # reopened later: a new WAL is created with the database file's mode
    db = Database.open(path)
    with db.session() as s:
        settings.set_setting(s, "security.idle_minutes", 2)
    for p in (path, f"{path}-wal", f"{path}-shm"):
        assert _mode(p) == 0o600, f"{p}: {oct(_mode(p))}"
    db.dispose()


def test_backups_are_private(db, tmp_path, loose_umask):
    from app.core.backup import restore
    from app.storage import backup

    manual = backup.backup_to(db, tmp_path / "manual.sqlite3")
    auto = backup.automatic_backup(db, reason="startup")
    daily = backup.daily_backup_if_due(db)  # not due: the startup backup is fresh
    assert daily is None
    kept = restore(db, manual)
    for p in (manual, auto, kept):
        assert _mode(p) == 0o600, f"{p}: {oct(_mode(p))}"
    assert _mode(db.path) == 0o600


def test_backup_taken_before_an_upgrade_is_private(tmp_path, loose_umask, gongkai_home):
    from app.storage import backup, migrate
    from app.storage.db import Database

    path = tmp_path / "old.sqlite3"
    db = Database.open(path, migrate=False)
    migrate.upgrade(db, target="0001")
    db.dispose()
    Database.open(path).dispose()
    made = backup.list_backups()
    assert made, "no backup was taken before the upgrade"
    for p in made:
        assert _mode(p) == 0o600, f"{p}: {oct(_mode(p))}"


def test_register_list_rows_carry_no_id_number_or_phone(session):
    from app import register
    from app.domain.identifiers import id_number_check_char
    from app.register import queries as register_query

    id_number = "33010619850203123" + id_number_check_char("33010619850203123")
    register.register_application(session, {
        "received_on": "2026-03-02", "channel": "in_person", "applicant_kind": "natural_person",
        "applicant_name": "赵六", "applicant_id_number": id_number, "applicant_phone": "13912345678",
        "applicant_address": "浙江省杭州市西湖区某路8号", "content": "申请公开某项信息", "receipt_note": "当面提交",
    }, today=dt.date(2026, 3, 3))
    ids = register_query.query_ids(session)
    rows = register_query.fetch_rows(session, ids, today=dt.date(2026, 3, 3))
    flat = repr(rows)
    assert rows and id_number not in flat and "13912345678" not in flat and "西湖区某路8号" not in flat


def test_unmasked_export_needs_the_full_flag(session, tmp_path):
    import openpyxl

    from app import register
    from app.domain.identifiers import id_number_check_char
    from app.workbench import spreadsheets as excel_io

    id_number = "11010119900307651" + id_number_check_char("11010119900307651")
    register.register_application(session, {
        "received_on": "2026-03-02", "channel": "online", "applicant_kind": "natural_person",
        "applicant_name": "钱七", "applicant_id_number": id_number, "applicant_phone": "13700001111",
        "content": "申请公开某项信息", "receipt_note": "网上提交",
    }, today=dt.date(2026, 3, 3))

    def dump(path) -> str:
        wb = openpyxl.load_workbook(path)
        return repr([[c.value for c in r] for ws in wb for r in ws.iter_rows()])

    masked = tmp_path / "masked.xlsx"
    excel_io.export_workbook(session, "register", masked)
    text = dump(masked)
    assert id_number not in text and "13700001111" not in text
    assert id_number[:4] in text and "1111" in text and "脱敏" in text
    full = tmp_path / "full.xlsx"
    excel_io.export_workbook(session, "register", full, filters={"full": True})
    assert id_number in dump(full)
