"""Bulk inserts for import paths: one driver-level executemany on SQLite.

SQLAlchemy's Core executemany spends more time per row on parameter processing than SQLite spends on the
insert (bench/run.py measures it). Here the column types' own bind processors are looked up once per call
and applied only to the columns that have one, so the stored values are exactly what the ORM would
write; PostgreSQL keeps the Core path (psycopg batches it itself).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Table, func, select, text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector around a bulk path. An import keeps hundreds of thousands
    of records, rows and snapshots alive at once and the collector walks all of them again at every
    full collection (bench/run.py: ~15 % of a 100,000-application import). Nothing a bulk path makes
    needs the cycle collector; reference counting frees it as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_PROBE_DATES = (dt.date(2026, 1, 2), dt.date(999, 12, 31))
_PROBE_TIMES = (dt.datetime(2026, 1, 2, 3, 4, 5), dt.datetime(2026, 12, 31, 23, 59, 59, 123456))

_Process = Callable[[Any], Any]  # a column's bind processor: Python value -> driver value


def _fast(process: _Process) -> _Process:
    """The same conversion with the C isoformat for plain dates and naive datetimes, when the column's
    own processor is proven to give exactly that (SQLite's default storage formats); else `process`."""
    try:
        if all(process(d) == d.isoformat() for d in _PROBE_DATES):
            date = dt.date

            def convert_date(v: Any) -> Any:
                return v.isoformat() if type(v) is date else process(v)

            convert_date.by_value = True  # type: ignore[attr-defined]  # a marker: equal dates give equal text, see _converted
            return convert_date
        if all(process(t) == t.isoformat(" ", "microseconds") for t in _PROBE_TIMES):
            stamp = dt.datetime

            def convert(v: Any) -> Any:
                if type(v) is stamp and v.tzinfo is None:
                    return v.isoformat(" ", "microseconds")
                return process(v)

            return convert
    except Exception:
        pass
    return process


def _processors(table: Table, columns: Sequence[str], dialect: Dialect) -> list[tuple[int, _Process]]:
    out = []
    for i, name in enumerate(columns):
        process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            out.append((i, _fast(process)))
    return out


def insert_tuples(session: Session, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert rows given as value sequences in the order of `columns` (Python values: dates, booleans,
    decimals …). Returns the number of rows inserted. Every column the table needs must be given
    (server defaults are not applied to omitted columns on the fast path)."""
    return Writer(session).insert(table, columns, rows)


def insert_dicts(session: Session, table: Table, rows: list[dict[str, Any]], columns: Sequence[str] | None = None) -> int:
    """Insert complete rows given as dicts (missing keys are NULL); see insert_tuples."""
    columns = list(columns or table.columns.keys())
    return insert_tuples(session, table, columns, [[r.get(c) for c in columns] for r in rows])


class Writer:
    """Repeated bulk inserts into a few tables within one unit of work: each (table, columns) statement
    and its bind processors are prepared once. SQLite: driver-level executemany; PostgreSQL: Core.

    (A writer thread overlapping SQLite's inserts with the preparation of the next batch was measured
    twice and dropped: with executemany, binding each row needs the GIL and the two threads' hand-offs
    made the import ~30 % slower than writing inline; with each batch sent as one JSON array expanded by
    json_each (no GIL for the whole batch), SQLite's side took ~50 % longer and the import came out the
    same, as all records are validated before the first insert.)"""

    def __init__(self, session: Session) -> None:
        self.session = session
        conn = session.connection()
        self.dialect = conn.dialect
        self.sqlite = self.dialect.name == "sqlite"
        self._cursor = conn.connection.cursor() if self.sqlite else None
        self._statements: dict[tuple[Table, tuple[str, ...]], tuple[str, list[tuple[int, _Process]]]] = {}

    def insert(self, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        """Insert rows given as value sequences in `columns` order (Python values)."""
        if not self.sqlite:
            dicts = [dict(zip(columns, r)) for r in rows]
            if dicts:
                self.session.execute(table.insert(), dicts)
            return len(dicts)
        key = (table, tuple(columns))
        prepared = self._statements.get(key)
        if prepared is None:
            sql = (f"INSERT INTO {table.name} ({', '.join(columns)}) "
                   f"VALUES ({', '.join('?' * len(columns))})")
            prepared = self._statements[key] = (sql, _processors(table, columns, self.dialect))
        sql, processors = prepared
        params = rows if isinstance(rows, list) else list(rows)
        if params and processors:
            params = _converted(params, processors)
        if params:
            assert self._cursor is not None  # made for SQLite in __init__
            self._cursor.executemany(sql, params)
        return len(params)


class _ByValue(dict[Any, Any]):
    """Value → converted value, converted on first use (NULL stays NULL)."""

    def __init__(self, process: _Process) -> None:
        super().__init__({None: None})
        self.process = process

    def __missing__(self, value: Any) -> Any:
        out = self[value] = self.process(value)
        return out


def _converted(rows: list[Sequence[Any]], processors: list[tuple[int, _Process]]) -> list[Sequence[Any]]:
    """The rows as tuples with the processors applied, column by column: the columns without a processor
    are never touched; a date column converts each distinct date once; elsewhere a value that is the same
    object as the one above it (the import's timestamp) is converted once."""
    columns: list[Sequence[Any]] = list(zip(*rows, strict=True))
    for i, process in processors:
        if getattr(process, "by_value", False):
            try:
                columns[i] = list(map(_ByValue(process).__getitem__, columns[i]))
                continue
            except TypeError:  # an unhashable value: converted one by one below (and refused there)
                pass
        out: list[Any] = []
        append = out.append
        last = last_out = None
        for value in columns[i]:
            if value is not last:
                last = value
                last_out = None if value is None else process(value)
            append(last_out)
        columns[i] = out
    return list(zip(*columns))


def allocate_ids(session: Session, table: Table, n: int) -> list[int]:
    """Primary keys for `n` rows inserted in bulk (executemany without RETURNING is much faster).

    SQLite: the unit of work holds the write lock (BEGIN IMMEDIATE), so max(id)+1… is ours.
    PostgreSQL: taken from the column's sequence, so later ordinary inserts do not collide."""
    if n <= 0:
        return []
    if session.get_bind().dialect.name == "postgresql":
        seq = session.execute(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table.name}).scalar_one()
        return list(session.execute(text("SELECT nextval(:s) FROM generate_series(1, :n)"),
                                    {"s": seq, "n": n}).scalars())
    start = int(session.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()) + 1
    return list(range(start, start + n))


class SeenFilter:
    """Strings seen so far, answering "perhaps seen" or "certainly not" (a Bloom filter: two probes of
    Python's own string hash into 2 MiB of bits). No false "not"; about 1 % false "perhaps" after a
    million members. A bulk path asks it before a database lookup it can then skip for most rows."""

    def __init__(self, bits: int = 1 << 24) -> None:
        if bits & (bits - 1) or bits < 8:
            raise ValueError("bits must be a power of two")
        self._bits = bytearray(bits >> 3)
        self._mask = bits - 1

    def update(self, values: Iterable[str]) -> None:
        bits, mask = self._bits, self._mask
        for value in values:
            h = hash(value)
            i, j = h & mask, (h >> 24) & mask
            bits[i >> 3] |= 1 << (i & 7)
            bits[j >> 3] |= 1 << (j & 7)

    def __contains__(self, value: object) -> bool:
        h = hash(value)
        i, j = h & self._mask, (h >> 24) & self._mask
        return bool(self._bits[i >> 3] & (1 << (i & 7))) and bool(self._bits[j >> 3] & (1 << (j & 7)))
