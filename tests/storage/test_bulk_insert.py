"""app.storage.bulk writes exactly what the ORM / Core would (dates, booleans, decimals, datetimes)."""

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.storage import bulk
from app.storage.models.core import Office
from app.storage.models.register import Application, FeeNotice


def _app_row(new_id: int, office_id: int, serial: str) -> dict:
    now = dt.datetime(2026, 3, 4, 5, 6, 7)
    return {
        "id": new_id, "uuid": f"00000000-0000-4000-8000-{new_id:012d}", "office_id": office_id,
        "serial": serial, "received_on": dt.date(2026, 3, 2), "channel": "letter",
        "applicant_kind": "natural_person", "applicant_name": "张三", "content": "某某信息",
        "status": "register", "reply_due": dt.date(2026, 3, 30), "due_provisional": False,
        "created_at": now, "updated_at": now,
    }


def test_bulk_rows_read_back_like_core_rows(session):
    office_id = session.execute(select(Office.id).where(Office.is_self.is_(True))).scalar_one()
    table = Application.__table__
    # One row through SQLAlchemy Core, one through the fast path: the stored text must be identical.
    core = _app_row(1, office_id, "A-1")
    session.execute(table.insert(), [core])
    fast = _app_row(2, office_id, "A-2")
    assert bulk.insert_dicts(session, table, [fast]) == 1
    fees = FeeNotice.__table__
    bulk.insert_dicts(session, fees, [{"id": 7, "application_id": 2, "notified_on": dt.date(2026, 3, 5),
                                       "amount_yuan": Decimal("12.50"), "method": "per_page", "paid_on": None}])
    session.expire_all()
    a1, a2 = session.get(Application, 1), session.get(Application, 2)
    for column in ("received_on", "reply_due", "due_provisional", "created_at", "updated_at", "applicant_name"):
        assert getattr(a2, column) == getattr(a1, column), column
    assert a2.due_provisional is False and a2.received_on == dt.date(2026, 3, 2)
    fee = session.get(FeeNotice, 7)
    assert fee.amount_yuan == Decimal("12.50") and fee.paid_on is None
    if session.get_bind().dialect.name == "sqlite":
        raw = session.connection().exec_driver_sql(
            "SELECT received_on, created_at, due_provisional FROM application ORDER BY id").all()
        assert raw[0] == raw[1]


def test_empty_input_writes_nothing(session):
    assert bulk.insert_tuples(session, Application.__table__, ["id"], []) == 0
    assert bulk.insert_dicts(session, Application.__table__, []) == 0


def test_collector_pause_restores_the_collector_even_on_error():
    import gc

    import pytest

    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        with bulk.collector_paused():
            assert not gc.isenabled()
            raise RuntimeError("boom")
    assert gc.isenabled()
    gc.disable()
    try:
        with bulk.collector_paused():
            pass
        assert not gc.isenabled()  # it was off before: left off
    finally:
        gc.enable()


def test_repeated_and_missing_values_are_converted_row_by_row(session):
    """Values shared by consecutive rows (one timestamp, one due date) and NULLs between them are stored
    exactly as Core stores the same rows."""
    office_id = session.execute(select(Office.id).where(Office.is_self.is_(True))).scalar_one()
    table = Application.__table__
    shared_day = dt.date(2026, 3, 30)
    dues = [shared_day, shared_day, None, shared_day, dt.date(2026, 3, 30), None, None, dt.date(2026, 4, 1)]
    core_rows, fast_rows = [], []
    for i, due in enumerate(dues):
        core = _app_row(100 + i, office_id, f"C-{i}")
        core["reply_due"] = due
        core_rows.append(core)
        fast = _app_row(200 + i, office_id, f"F-{i}")
        fast["reply_due"] = due
        fast["due_provisional"] = i % 3 == 0
        core["due_provisional"] = i % 3 == 0
        fast_rows.append(fast)
    session.execute(table.insert(), core_rows)
    assert bulk.insert_dicts(session, table, fast_rows) == len(dues)
    session.expire_all()
    for i, due in enumerate(dues):
        a, b = session.get(Application, 100 + i), session.get(Application, 200 + i)
        assert b.reply_due == a.reply_due == due and b.due_provisional is a.due_provisional is (i % 3 == 0)
        assert b.created_at == a.created_at
    if session.get_bind().dialect.name == "sqlite":
        raw = session.connection().exec_driver_sql(
            "SELECT reply_due, due_provisional, created_at FROM application WHERE id >= 100 ORDER BY id").all()
        assert raw[:len(dues)] == raw[len(dues):]


def test_seen_filter_never_forgets_and_rarely_guesses():
    import uuid

    from app.storage.bulk import SeenFilter

    seen = SeenFilter()
    members = [str(uuid.UUID(int=i * 7919 + 1)) for i in range(200_000)]
    seen.update(members)
    assert all(m in seen for m in members)
    strangers = [f"GK-{i:08d}" for i in range(200_000)]
    false = sum(s in seen for s in strangers)
    assert false < 0.01 * len(strangers), false  # 2^24 bits, two probes: ~0.06 % expected at 200,000
    with pytest.raises(ValueError):
        SeenFilter(1000)
