"""Table 三 by SQL aggregates equals the pure computation; drill-down and checks list applications."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.reports import labels as L
from app.reports.annual import (
    applications_table,
    applications_tables_by_office,
    cell_application_ids,
    compute_applications_table,
    compute_checks,
    year_figures,
)
from tests.helpers.reports import expected_numbers, record_to_row, sample_records, scratch_application_table


@pytest.fixture
def scratch(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'scratch.db'}")
    metadata = sa.MetaData()
    table = scratch_application_table(metadata)
    metadata.create_all(engine)
    records = sample_records()
    with engine.begin() as conn:
        # Office 1 holds the sample; office 2 holds the same sample again (a township's package).
        conn.execute(sa.insert(table), [record_to_row(r, 1) for r in records])
        conn.execute(sa.insert(table), [{**record_to_row(r, 2), "serial": "T-" + r["serial"]} for r in records])
    with Session(engine) as session:
        yield session, table
    engine.dispose()


@pytest.mark.parametrize("year", [2025, 2026])
def test_sql_path_matches_expected_and_pure(scratch, year):
    session, _ = scratch
    sql = applications_table(session, year, [1], None)
    assert sql.to_json()["rows"] == expected_numbers()[str(year)]
    assert sql.rows == compute_applications_table(sample_records(), year, None).rows


def test_summary_is_the_sum_of_offices(scratch):
    session, _ = scratch
    per_office = applications_tables_by_office(session, 2025, [1, 2], None)
    everything = applications_table(session, 2025, None, None)
    expected = expected_numbers()["2025"]
    assert per_office[1].to_json()["rows"] == expected
    assert per_office[2].to_json()["rows"] == expected
    for key in L.ROW_KEYS:
        assert everything.rows[key] == [2 * n for n in expected[key]]


def test_drill_down_lists_exactly_the_counted_applications(scratch):
    session, _ = scratch
    table = applications_table(session, 2025, [1], None)
    for row, column in [("new", "total"), ("carried_in", "natural_person"), ("result.granted", "total"),
                        ("result.unavailable.not_held", "research"), ("carried_out", "other_org"),
                        ("result.total", "legal_service")]:
        ids = cell_application_ids(session, 2025, row, column, [1], None)
        assert len(ids) == table.cell(row, column), (row, column)


def test_checks_list_offending_applications(scratch):
    session, table_def = scratch
    # Break one 2025 reply: unknown outcome; and one open application loses its applicant name.
    session.execute(
        sa.update(table_def).where(table_def.c.serial == "GK-2025-00001").values(outcome=None)
    )
    open_serial = session.scalar(
        sa.select(table_def.c.serial).where(
            table_def.c.office_id == 1, table_def.c.replied_on.is_(None),
            table_def.c.received_on < dt.date(2026, 1, 1),
        ).order_by(table_def.c.id).limit(1)
    )
    session.execute(sa.update(table_def).where(table_def.c.serial == open_serial).values(applicant_name=""))
    table = applications_table(session, 2025, [1], None)
    checks = {c.rule: c for c in compute_checks(session, table, [1], L.DEFAULT_OUTCOME_ROWS)}
    assert not checks["result_total"].ok
    assert checks["result_total"].applications == ["GK-2025-00001"]
    assert not checks["missing_data"].ok
    assert set(checks["missing_data"].applications) == {"GK-2025-00001", open_serial}
    assert checks["balance"].ok and checks["column_total"].ok


def test_carried_in_compared_with_last_years_issued_report(scratch):
    session, table_def = scratch
    table = applications_table(session, 2026, [1], None)
    published = list(table.rows["carried_in"])
    ok = {c.rule: c for c in compute_checks(session, table, [1], {}, published, dt.datetime(2026, 1, 20))}
    assert ok["carried_in_matches_last_year"].ok
    # After the 2025 report was issued, a 2025 application's reply date is moved into 2025.
    serial = session.scalar(
        sa.select(table_def.c.serial).where(
            table_def.c.office_id == 1, table_def.c.received_on < dt.date(2026, 1, 1),
            table_def.c.replied_on.is_(None),
        ).limit(1)
    )
    session.execute(
        sa.update(table_def).where(table_def.c.serial == serial)
        .values(replied_on=dt.date(2025, 12, 30), outcome="granted", updated_at=dt.datetime(2026, 2, 1))
    )
    table = applications_table(session, 2026, [1], None)
    bad = {c.rule: c for c in compute_checks(session, table, [1], {}, published, dt.datetime(2026, 1, 20))}
    assert not bad["carried_in_matches_last_year"].ok
    assert bad["carried_in_matches_last_year"].applications == [serial]


def test_year_figures_by_month(scratch):
    session, _ = scratch
    figures = year_figures(session, 2025, [1])
    assert sum(figures.received_by_month) == expected_numbers()["2025"]["new"][-1]
    assert figures.replied == expected_numbers()["2025"]["result.total"][-1]
    assert figures.on_time_rate is None  # no reply_due recorded in the scratch table
