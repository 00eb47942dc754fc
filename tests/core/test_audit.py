"""The audit trail: chained entries for every change, and `check` finds edits made outside the program."""

from __future__ import annotations

from sqlalchemy import select, text

from app.core import audit, settings
from app.core.integrity import run_check
from app.storage.models.core import AuditEntry, Office


def _check(db):
    with db.read_session() as s:
        return run_check(s)


def test_profile_creation_is_audited_with_operator(db):
    with db.read_session() as s:
        entries = s.execute(select(AuditEntry).where(AuditEntry.entity == "office")).scalars().all()
    assert len(entries) == 1
    assert entries[0].action == "create" and entries[0].operator == "测试员"
    assert "测试县人民政府办公室" in entries[0].after and entries[0].before is None


def test_update_records_before_and_after(db):
    with db.session(operator="李四") as s:
        office = s.execute(select(Office)).scalar_one()
        office.name = "测试县人民政府"
        audit.record(s, office, "update")
    with db.read_session() as s:
        last = s.execute(select(AuditEntry).order_by(AuditEntry.seq.desc())).scalars().first()
    assert last.operator == "李四" and last.action == "update"
    assert "测试县人民政府办公室" in last.before and "测试县人民政府办公室" not in last.after


def test_clean_database_passes_check(db):
    with db.session() as s:
        settings.set_setting(s, "register.serial_format", "GK-{year}-{number:05d}")
    report = _check(db)
    assert report.ok, report.problems
    assert report.audit_entries == 2


def test_edit_outside_program_is_detected(db):
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE office SET court = '别的法院'"))
    report = _check(db)
    assert not report.ok
    assert "office" in report.problems[0] and "court" in report.problems[0]


def test_row_inserted_outside_program_is_detected(db):
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO setting (key, value) VALUES ('x', '1')"))
    report = _check(db)
    assert not report.ok and "没有审计记录" in report.problems[0]


def test_row_deleted_outside_program_is_detected(db):
    with db.session() as s:
        settings.set_setting(s, "security.idle_minutes", 1)
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM setting WHERE key = 'security.idle_minutes'"))
    report = _check(db)
    assert not report.ok and "已不存在" in report.problems[0]


def test_tampered_audit_entry_breaks_the_chain(db):
    with db.session() as s:
        settings.set_setting(s, "security.idle_minutes", 1)
        settings.set_setting(s, "security.idle_minutes", 2)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET operator = '张三' WHERE seq = 2"))
    report = _check(db)
    assert not report.ok and "第2条" in report.problems[0]


def test_deleted_audit_entry_breaks_the_chain(db):
    with db.session() as s:
        for i in range(3):
            settings.set_setting(s, "security.idle_minutes", i)
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE seq = 2"))
    report = _check(db)
    assert not report.ok and "缺失" in report.problems[0]


def test_truncated_chain_end_is_detected(db):
    with db.session() as s:
        settings.set_setting(s, "security.idle_minutes", 1)
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)"))
    report = _check(db)
    assert not report.ok


def test_deletion_through_service_is_consistent(db):
    from app.storage.models.core import Setting

    with db.session() as s:
        settings.set_setting(s, "security.idle_minutes", 1)
    with db.session() as s:
        row = s.get(Setting, "security.idle_minutes")
        audit.record_delete(s, row)
        s.delete(row)
    assert _check(db).ok


def test_bulk_rows_are_audited(db):
    from app.storage.models.core import Setting

    rows = [{"key": f"k{i}", "value": {"n": i, "when": "2026-01-01"}} for i in range(50)]
    with db.session() as s:
        s.execute(Setting.__table__.insert(), rows)
        audit.record_rows(s, "setting", rows)
    assert _check(db).ok
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE setting SET value = '{\"n\": 99}' WHERE key = 'k7'"))
    report = _check(db)
    assert not report.ok and "k7" in report.problems[0]


def test_rollback_leaves_no_audit_entry(db):
    import pytest

    with db.read_session() as s:
        before = audit.chain_head(s)
    with pytest.raises(RuntimeError):
        with db.session() as s:
            settings.set_setting(s, "security.idle_minutes", 1)
            raise RuntimeError("boom")
    with db.read_session() as s:
        assert audit.chain_head(s) == before
    assert _check(db).ok


def test_canonical_values_are_stable():
    import datetime as dt
    import decimal

    assert audit.canonical_value(decimal.Decimal("12.50")) == audit.canonical_value(12.5) == "12.5"
    assert audit.canonical_value(decimal.Decimal("100")) == audit.canonical_value(100.0) == "100"
    aware = dt.datetime(2026, 1, 1, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert audit.canonical_value(aware) == "2026-01-01T00:00:00"
    assert audit.canonical_value(b"abc").startswith("sha256:")


def test_row_json_is_byte_identical_to_the_snapshot_json():
    """The bulk encoder must give exactly what verify_records compares against."""
    import datetime as dt
    import decimal

    from sqlalchemy import JSON, Boolean, Column, Date, DateTime, Float, Integer, MetaData, Numeric, String, Table

    table = Table("t", MetaData(), Column("id", Integer, primary_key=True), Column("z_text", String),
                  Column("a_day", Date), Column("m_at", DateTime), Column("b_flag", Boolean),
                  Column("c_amount", Numeric(12, 2)), Column("f", Float), Column("j", JSON))
    rows = [
        (1, "普通文字", dt.date(2026, 1, 2), dt.datetime(2026, 1, 2, 3, 4, 5), True, decimal.Decimal("12.50"), 1.5,
         {"b": 1, "a": [dt.date(2026, 1, 1), "x"]}),
        (2, 'quote " back\\slash\ttab\nnl\x01ctl \u2028', None, None, False, None, None, None),
        (3, "", dt.date(2000, 2, 29), None, None, decimal.Decimal("0"), 100.0, {"z": {"y": 2, "x": 1}}),
    ]
    encode = audit.row_json(table)
    names = list(table.columns.keys())
    for values in rows:
        mapping = dict(zip(names, values))
        expected = audit.dumps(audit.row_snapshot(table, mapping))
        assert encode(values) == expected
        assert encode.of_mapping(mapping) == expected


def test_row_json_matches_the_snapshot_json_for_every_kind_of_value():
    """Each value written by the fast writers (text, integers, flags, NULL, dates, timestamps) and each
    value that takes the full path, in any column, gives the snapshot's exact text."""
    import datetime as dt
    import decimal
    import enum
    import itertools

    from sqlalchemy import Column, Integer, MetaData, String, Table
    from sqlalchemy.sql.elements import quoted_name

    class Level(enum.IntEnum):
        COUNTY = 2

    class Unknown(dt.tzinfo):  # an offset that is not known: compares equal to the naive timestamp
        def utcoffset(self, when):
            return None

    table = Table("t", MetaData(), Column("id", Integer, primary_key=True), Column("b", String),
                  Column("a%s", String), Column('q"k', String), Column("数据", String))
    kinds = [
        None, True, False, 0, -7, 10**30, "", "普通文字", '含"引号\\与%s和%%', "\x00\x1f\u2028\ud800", "a" * 5000,
        dt.date(2026, 1, 2), dt.date(1, 1, 1), dt.datetime(2026, 1, 2, 3, 4, 5, 678901),
        dt.datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=Unknown()), dt.datetime(2026, 1, 2, 3, 4, 5),
        dt.datetime(2026, 1, 2, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))), decimal.Decimal("12.50"),
        1.5, {"z": 1, "a": [dt.date(2026, 1, 1)]}, [1, "x"], b"bytes", quoted_name("名称", None),
        Level.COUNTY,
    ]
    encode = audit.row_json(table)
    names = list(table.columns.keys())
    for n, (x, y) in enumerate(itertools.product(kinds, repeat=2)):
        values = (n, x, y, y, x)
        mapping = dict(zip(names, values))
        expected = audit.dumps(audit.row_snapshot(table, mapping))
        assert encode(values) == expected, values
        assert encode.of_mapping(mapping) == expected, values


def test_bulk_entries_hash_like_single_entries(db):
    """record_json_rows writes the same chain as record_rows: `check` verifies both, and an edit is found."""
    from app.storage.models.core import Setting

    table = Setting.__table__
    rows = [{"key": f"bulk{i}", "value": {"n": i}} for i in range(30)]
    encode = audit.row_json(table)
    names = list(table.columns.keys())
    with db.session(operator="批量导入员") as s:
        s.execute(table.insert(), rows)
        audit.record_json_rows(s, "setting", ((r["key"], encode([r.get(n) for n in names])) for r in rows),
                               note="导入")
    with db.read_session() as s:
        assert audit.verify_chain(s) is None
        entry = s.execute(select(AuditEntry).where(AuditEntry.entity_id == "bulk3")).scalar_one()
        assert entry.operator == "批量导入员" and entry.note == "导入" and entry.before is None
        assert entry.hash == audit.entry_hash(entry.prev_hash, entry.seq, entry.at.isoformat(), entry.operator,
                                              entry.action, entry.entity, entry.entity_id, None, entry.after,
                                              entry.note)
    assert _check(db).ok
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE setting SET value = '{\"n\": 99}' WHERE key = 'bulk7'"))
    report = _check(db)
    assert not report.ok and "bulk7" in report.problems[0]


def test_bulk_entries_bind_plain_strings(db):
    """A table name given as SQLAlchemy's quoted_name (Table.name) comes back as a plain str: sqlite3 would
    otherwise look for an adapter for it on every row it binds."""
    from sqlalchemy.sql.elements import quoted_name

    from app.storage.models.core import Setting

    name = Setting.__table__.name
    assert type(name) is quoted_name
    with db.session(operator="批量导入员") as s:
        trail = audit.BulkAudit(s)
        rows = trail.entries(name, [("k1", '{"key":"k1"}')], note=quoted_name("导入", None))
    assert all(type(v) is str for v in rows[0][3:6]) and type(rows[0][8]) is str
    assert rows[0][4] == "setting" and rows[0][8] == "导入"


def test_an_unchanged_update_leaves_no_entry_unless_something_was_added_to_it(db):
    from sqlalchemy import func

    def count(s) -> int:
        return s.execute(select(func.count()).select_from(AuditEntry)).scalar_one()

    with db.session() as s:
        office = s.execute(select(Office)).scalar_one()
        n = count(s)
        audit.record(s, office, "update")
        assert count(s) == n
        audit.record(s, office, "update", touched=True, note="添加了一条记录")
        assert count(s) == n + 1
    assert _check(db).ok
