"""The audit trail: append-only, SHA-256 chained entries of every change, and its verification."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Column, ColumnElement, Select, Table, func, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from app.errors import StorageError, ValidationError
from app.storage.base import Base, utcnow
from app.storage.models.core import AuditEntry, AuditHead

GENESIS = "0" * 64
HEAD_MISSING = ("审计日志的链头记录缺失（可能在本程序之外被删除），为保护审计日志已停止写入。"
                "请运行“gongkai check”确认日志完好后，用“gongkai check --repair-head”修复链头（修复本身会记入审计日志）。")


# -- canonical snapshots ---------------------------------------------------------------------------
_PLAIN = (str, int, bool, type(None))


def canonical_value(value: object) -> Any:
    """A JSON-safe value that is the same whether it comes from Python or back from the database."""
    if type(value) in _PLAIN:  # the common case first: no conversion
        return value
    if isinstance(value, (float, decimal.Decimal)):
        d = decimal.Decimal(str(value)).normalize()
        if d == d.to_integral_value():
            d = d.quantize(decimal.Decimal(1))
        return format(d, "f")
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "sha256:" + hashlib.sha256(bytes(value)).hexdigest()
    if isinstance(value, dict):
        return {str(k): canonical_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [canonical_value(v) for v in value]
    if isinstance(value, (str, int)):  # str/int subclasses (enums)
        return value
    return str(value)




def dumps(data: object) -> str:
    return _SORTED.encode(data)


def snapshot(obj: object) -> dict[str, Any]:
    """The canonical content of an ORM object's row (every column)."""
    mapper = sa_inspect(obj).mapper
    return {
        col.key: canonical_value(getattr(obj, attr.key))
        for attr in mapper.column_attrs
        for col in attr.columns[:1]
    }


def row_snapshot(table: Table, row: Mapping[Any, Any]) -> dict[str, Any]:
    """The canonical content of a Core row (mapping) of `table`."""
    return {name: canonical_value(row[name]) for name in table.columns.keys()}  # noqa: SIM118 (a ColumnCollection)


def _entity_id(obj: object) -> str:
    identity = sa_inspect(obj).identity
    if identity is None:
        raise RuntimeError("object has no identity yet")
    return ":".join(str(v) for v in identity)


def audited_tables() -> list[Table]:
    """Tables whose rows must have audit entries."""
    import app.storage.models  # noqa: F401

    result: list[Table] = []
    for mapper in Base.registry.mappers:
        cls = mapper.class_
        if getattr(cls, "__audited__", True) and isinstance(mapper.local_table, Table):
            result.append(mapper.local_table)
    return sorted(set(result), key=lambda t: t.name)


# -- appending ---------------------------------------------------------------------------------------
def _segment(field: str | None) -> bytes:
    """One field of the hashed text: its UTF-8 length, a colon and the bytes; None is "-;"."""
    if field is None:
        return b"-;"
    data = field.encode("utf-8")
    return b"%d:%s" % (len(data), data)


def entry_hash(prev_hash: str, seq: int, at: str, operator: str, action: str, entity: str,
               entity_id: str, before: str | None, after: str | None, note: str | None) -> str:
    """SHA-256 over the entry's fields, each length-prefixed (unambiguous, no re-encoding of the JSON)."""
    seg = _segment
    return hashlib.sha256(b"".join((seg(prev_hash), seg(str(seq)), seg(at), seg(operator), seg(action),
                                    seg(entity), seg(entity_id), seg(before), seg(after), seg(note)))).hexdigest()


def _lock_head(session: Session) -> AuditHead:
    stmt = select(AuditHead).where(AuditHead.id == 1)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    head = session.execute(stmt).scalar_one_or_none()
    if head is None:
        if session.execute(select(AuditEntry.seq).limit(1)).first() is not None:
            raise StorageError(HEAD_MISSING)
        head = AuditHead(id=1, seq=0, hash=GENESIS)
        session.add(head)
        session.flush()
    return head


def _append(session: Session, items: Iterable[tuple[str, str, str, str | None, str | None, str | None]]) -> int:
    """Append entries (action, entity, entity_id, before_json, after_json, note) to the chain."""
    head = _lock_head(session)
    operator = str(session.info.get("operator") or "未知操作员")
    at = utcnow()
    at_text = at.isoformat()
    seq, prev = head.seq, head.hash
    # The same bytes as entry_hash(), with the fields shared by a batch encoded once (bulk imports append
    # hundreds of thousands of entries: bench/run.py measures them).
    seg, sha256 = _segment, hashlib.sha256
    shared = seg(at_text) + seg(operator)
    cache: dict[tuple[str, str, str | None], tuple[bytes, bytes, str, str]] = {}
    rows: list[tuple[Any, ...]] = []
    for action, entity, entity_id, before, after, note in items:
        seq += 1
        key = (action, entity, note)
        parts = cache.get(key)
        if parts is None:
            # Plain str for the driver (a quoted_name table name makes sqlite3 look for an adapter per row).
            parts = cache[key] = (seg(action) + seg(entity), seg(note), str(action), str(entity))
        h = sha256(b"".join((seg(prev), seg(str(seq)), shared, parts[0], seg(entity_id), seg(before), seg(after),
                             parts[1]))).hexdigest()
        rows.append((seq, parts[2], parts[3], entity_id, before, after, note, prev, h))
        prev = h
    if rows:
        _insert_entries(session, at, operator, rows)
        head.seq, head.hash = seq, prev
        session.flush()
    return len(rows)


_ENTRY_COLUMNS = ("seq", "action", "entity", "entity_id", "before", "after", "note", "prev_hash", "hash")


def _insert_entries(session: Session, at: dt.datetime, operator: str, rows: list[tuple[Any, ...]]) -> None:
    table = cast(Table, AuditEntry.__table__)  # a declarative class's table
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        # One driver-level executemany: SQLAlchemy's per-row parameter processing cost more than the
        # insert itself. The timestamp is converted once with the column type's own bind processor.
        process = table.c.at.type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
        at_value = process(at) if process else at
        sql = (f"INSERT INTO {table.name} (at, operator, {', '.join(_ENTRY_COLUMNS)}) "
               f"VALUES (?, ?, {', '.join('?' * len(_ENTRY_COLUMNS))})")
        conn.connection.cursor().executemany(sql, [(at_value, operator) + r for r in rows])
        return
    session.execute(table.insert(), [dict(zip(_ENTRY_COLUMNS, r), at=at, operator=operator) for r in rows])


def last_after(session: Session, entity: str, entity_id: str) -> str | None:
    return session.execute(
        select(AuditEntry.after)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
        .order_by(AuditEntry.seq.desc())
        .limit(1)
    ).scalar_one_or_none()


def record(session: Session, obj: object, action: str, *, note: str | None = None, touched: bool = False) -> None:
    """Audit a created or changed object (call after the change; it flushes).

    An "update" that changes nothing leaves no entry. `touched`: something was added to the object (an
    event, an attachment) and its `updated_at` was stamped: it is recorded even when the stamp fell in the
    same second as the last one (stamps are kept to the second), so the trail never depends on how fast
    two steps followed each other."""
    session.flush()
    entity = sa_inspect(obj).mapper.local_table.name
    entity_id = _entity_id(obj)
    before = None if action == "create" else last_after(session, entity, entity_id)
    after = dumps(snapshot(obj))
    if before == after and action == "update" and not touched:
        return  # nothing changed
    _append(session, [(action, entity, entity_id, before, after, note)])


def record_created(session: Session, objs: Sequence[object], *, note: str | None = None) -> int:
    """Audit many newly created objects with one flush and one append (what record(obj, "create") does for
    each, in order): a package of a township's ledger creates hundreds of rows at once."""
    if not objs:
        return 0
    session.flush()
    items = []
    for obj in objs:
        entity = sa_inspect(obj).mapper.local_table.name
        items.append(("create", entity, _entity_id(obj), None, dumps(snapshot(obj)), note))
    return _append(session, items)


def record_delete(session: Session, obj: object, *, note: str | None = None) -> None:
    """Audit a deletion: call before session.delete(obj)."""
    session.flush()
    entity = sa_inspect(obj).mapper.local_table.name
    entity_id = _entity_id(obj)
    before = last_after(session, entity, entity_id) or dumps(snapshot(obj))
    _append(session, [("delete", entity, entity_id, before, None, note)])


def record_rows(session: Session, table_name: str, rows: Iterable[Mapping[str, Any]], action: str = "create",
                *, note: str | None = None) -> int:
    """Audit rows written with Core bulk statements. Each row has every column, primary key included."""
    table = Base.metadata.tables[table_name]
    pk = [c.name for c in table.primary_key.columns]
    encode = row_json(table).of_mapping
    if len(pk) == 1:
        key = pk[0]
        items = ((action, table_name, str(row[key]), None, encode(row), note) for row in rows)
    else:
        items = ((action, table_name, ":".join(str(row[c]) for c in pk), None, encode(row), note) for row in rows)
    return _append(session, items)


class _RowJson:
    """Canonical JSON of rows of one table, byte for byte what ``dumps(row_snapshot(table, row))`` gives
    (verify_records compares the two as strings), at a fraction of the cost: the keys are sorted and
    escaped once into a template, and each value of a usual type (text, integer, flag, NULL, date, naive
    timestamp) is written by the same C functions the JSON encoder uses; a row holding any other value
    (decimal, float, JSON, bytes, subclasses) takes the full path."""

    def __init__(self, table: Table) -> None:
        names = list(table.columns.keys())
        self.order = sorted(range(len(names)), key=names.__getitem__)
        self.keys = [names[i] for i in self.order]
        self.pick: Callable[[Sequence[Any]], Sequence[Any]] = operator.itemgetter(*self.order) if len(names) > 1 else (lambda v: (v[0],))
        # '{"key":%s,…}' with the keys escaped as the encoder escapes them (and % doubled for formatting).
        self.template = "{" + ",".join(_json_text(k).replace("%", "%%") + ":%s" for k in self.keys) + "}"

    def __call__(self, values: Sequence[Any]) -> str:
        """`values`: the row's values in table column order."""
        return self._encode(self.pick(values))

    def of_mapping(self, row: Mapping[str, Any]) -> str:
        """The same for a row given as a mapping holding every column."""
        return self._encode([row[name] for name in self.keys])

    def _encode(self, ordered: Sequence[Any]) -> str:
        """`ordered`: the values in the order of the sorted keys."""
        try:
            return self.template % tuple([_VALUE_JSON[type(v)](v) for v in ordered])
        except KeyError:  # a type without a fast writer: the canonical snapshot itself
            return _SORTED.encode(dict(zip(self.keys, map(canonical_value, ordered))))


_json_text = json.encoder.encode_basestring  # the JSON string literal, as the encoder writes it (C)


class _DateJson(dict[dt.date, str]):
    """Date → its JSON text, made on first use: a bulk path writes the same few hundred dates over and
    over (equal dates have equal text). Emptied when it grows large."""

    def __missing__(self, value: dt.date) -> str:
        if len(self) >= 20000:
            self.clear()
        text = self[value] = _json_text(value.isoformat())
        return text


_last_stamp: tuple[dt.datetime | None, str] = (None, "null")


def _stamp_json(value: dt.datetime) -> str:
    # The same timestamp object (a bulk path's `now`) is usually written again: kept by identity, as
    # equal timestamps need not have equal text (a tzinfo whose offset is unknown compares as naive).
    global _last_stamp
    last = _last_stamp
    if last[0] is value:
        return last[1]
    text = _json_text(value.isoformat(timespec="seconds") if value.tzinfo is None else canonical_value(value))
    _last_stamp = (value, text)
    return text


# Exact type → the JSON text of canonical_value(value) for it, as _SORTED.encode writes it.
_VALUE_JSON: dict[type[Any], Callable[[Any], str]] = {
    str: _json_text,
    int: int.__repr__,
    bool: ("false", "true").__getitem__,
    type(None): "null".format,
    dt.date: _DateJson().__getitem__,
    dt.datetime: _stamp_json,
}


class _OnceEncoder:
    """``encode`` of a JSONEncoder(ensure_ascii=False, separators=(",", ":")) with the C encoder made
    once: JSONEncoder.encode builds a new one on every call, a third of the cost for a small row."""

    encode: Callable[[Any], str]

    def __init__(self, sort_keys: bool) -> None:
        base = json.JSONEncoder(ensure_ascii=False, sort_keys=sort_keys, separators=(",", ":"))
        make = getattr(json.encoder, "c_make_encoder", None)
        if make is None:  # pure-Python json: the same text, the ordinary way
            self.encode = base.encode
            return
        once = make(None, base.default, json.encoder.encode_basestring, None, ":", ",", sort_keys, False, True)
        join = "".join
        self.encode = lambda obj: join(once(obj, 0))


_SORTED = _OnceEncoder(sort_keys=True)
_ROW_JSON: dict[Table, _RowJson] = {}


def row_json(table: Table) -> _RowJson:
    """A callable: the row's values in table column order → its canonical snapshot JSON (bulk paths)."""
    writer = _ROW_JSON.get(table)
    if writer is None:
        writer = _ROW_JSON[table] = _RowJson(table)
    return writer


class BulkAudit:
    """Audit entries for rows written in bulk, chained as they come, returned as rows for the caller's
    bulk insert into audit_entry (app.storage.bulk). It reads the chain head when created; close()
    moves the head once the entries are written (all within the caller's unit of work)."""

    columns = ("at", "operator", *_ENTRY_COLUMNS)

    def __init__(self, session: Session) -> None:
        self.session = session
        self.head = _lock_head(session)
        self.seq, self.prev = self.head.seq, self.head.hash
        self.operator = str(session.info.get("operator") or "未知操作员")
        self.at = utcnow()
        self._shared = _segment(self.at.isoformat()) + _segment(self.operator)

    def entries(self, table_name: str, items: Iterable[tuple[str, str]], action: str = "create",
                *, note: str | None = None) -> list[tuple[Any, ...]]:
        """Entries for created rows: items are (entity_id, after_json made with row_json()). The same
        hashes as _append() / entry_hash(), computed in one tight loop."""
        # Plain str: a subclass such as SQLAlchemy's quoted_name (Table.name) makes sqlite3 look for an
        # adapter on every row it binds (~2 µs a row, a tenth of an import's insert).
        action, table_name = str(action), str(table_name)
        note = None if note is None else str(note)
        seg, sha256 = _segment, hashlib.sha256
        middle = self._shared + seg(action) + seg(table_name)
        note_seg = seg(note)
        at, operator_name, seq, prev = self.at, self.operator, self.seq, self.prev
        rows: list[tuple[Any, ...]] = []
        append = rows.append
        for entity_id, after in items:
            seq += 1
            # seg(prev) seg(seq) at operator action entity seg(entity_id) seg(None) seg(after) seg(note)
            pb = prev.encode("ascii")
            sb = b"%d" % seq
            key = entity_id.encode("utf-8")
            data = after.encode("utf-8")
            h = sha256(b"%d:%s%d:%s%s%d:%s-;%d:%s%s" % (len(pb), pb, len(sb), sb, middle, len(key), key,
                                                         len(data), data, note_seg)).hexdigest()
            append((at, operator_name, seq, action, table_name, entity_id, None, after, note, prev, h))
            prev = h
        self.seq, self.prev = seq, prev
        return rows

    def close(self) -> None:
        if (self.seq, self.prev) != (self.head.seq, self.head.hash):
            self.head.seq, self.head.hash = self.seq, self.prev
            self.session.flush()


def record_json_rows(session: Session, table_name: str, items: Iterable[tuple[str, str]], action: str = "create",
                     *, note: str | None = None) -> int:
    """Audit rows written in bulk whose snapshot JSON the caller made with row_json(): items are
    (entity_id, after_json)."""
    from app.storage import bulk

    trail = BulkAudit(session)
    rows = trail.entries(table_name, items, action, note=note)
    bulk.insert_tuples(session, cast(Table, AuditEntry.__table__), BulkAudit.columns, rows)
    trail.close()
    return len(rows)


def record_event(session: Session, action: str, entity: str, entity_id: str, *, note: str | None = None,
                 detail: dict[str, Any] | None = None) -> None:
    """Audit something that is not a row change (a restore, a view of unmasked personal data, an unlock)."""
    # Events carry no row state (before/after stay empty) so they never mask a row's audited state.
    if detail is not None:
        note = dumps({"note": note, "detail": detail}) if note else dumps(detail)
    _append(session, [(action, entity, entity_id, None, None, note)])
    from app.core import anchors  # a sensitive event: deleting it afterwards must not go unnoticed

    anchors.add(session, "event", f"{action}:{entity}")


# -- verification ------------------------------------------------------------------------------------
@dataclass
class Problem:
    kind: str  # chain | tampered | unaudited | deleted
    message: str  # Chinese


def verify_chain(session: Session, *, batch: int = 5000) -> Problem | None:
    prev = GENESIS
    expected_seq = 0
    last = 0
    while True:
        entries = session.execute(
            select(AuditEntry).where(AuditEntry.seq > last).order_by(AuditEntry.seq).limit(batch)
        ).scalars().all()
        if not entries:
            break
        for e in entries:
            expected_seq += 1
            if e.seq != expected_seq:
                return Problem("chain", f"审计日志第{expected_seq}条缺失（下一条为第{e.seq}条），日志被删除或篡改。")
            at_text = e.at.replace(microsecond=0).isoformat() if isinstance(e.at, dt.datetime) else str(e.at)
            h = entry_hash(prev, e.seq, at_text, e.operator, e.action, e.entity, e.entity_id,
                           e.before, e.after, e.note)
            if e.prev_hash != prev or e.hash != h:
                return Problem("chain", f"审计日志第{e.seq}条（{e.at:%Y-%m-%d %H:%M}，{e.operator}）的内容与哈希链不符，日志被篡改。")
            prev = e.hash
            last = e.seq
        session.expunge_all()
    head = session.execute(select(AuditHead).where(AuditHead.id == 1)).scalar_one_or_none()
    if head is None and expected_seq:
        return Problem("chain", HEAD_MISSING)
    if head is not None and (head.seq != expected_seq or head.hash != prev):
        return Problem("chain", f"审计日志末尾被截断：应有{head.seq}条，实有{expected_seq}条。")
    return None


def _state_filter() -> ColumnElement[bool]:
    # Entries that carry a row state: changes (after set) and deletions; events (views …) carry none.
    return (AuditEntry.after.is_not(None)) | (AuditEntry.action == "delete")


def _states_for(session: Session, entity: str, entity_ids: list[str]) -> dict[str, str | None]:
    """entity_id -> last audited 'after' (None when deleted) for a batch of rows."""
    sub = (
        select(AuditEntry.entity_id, func.max(AuditEntry.seq).label("mseq"))
        .where(AuditEntry.entity == entity, AuditEntry.entity_id.in_(entity_ids), _state_filter())
        .group_by(AuditEntry.entity_id)
        .subquery()
    )
    rows = session.execute(
        select(AuditEntry.entity_id, AuditEntry.after, AuditEntry.action).join(sub, AuditEntry.seq == sub.c.mseq)
    ).all()
    return {eid: (None if action == "delete" else after) for eid, after, action in rows}


def _live_state_ids(session: Session, entity: str) -> Select[str]:
    """Statement: entity_ids whose last audited state is a live row (not deleted)."""
    sub = (
        select(AuditEntry.entity_id, func.max(AuditEntry.seq).label("mseq"))
        .where(AuditEntry.entity == entity, _state_filter())
        .group_by(AuditEntry.entity_id)
        .subquery()
    )
    return select(AuditEntry.entity_id).join(sub, AuditEntry.seq == sub.c.mseq).where(AuditEntry.action != "delete")


def _only_new_empty_columns(current: dict[str, Any], audited: str) -> bool:
    """A column added by a later migration is absent from older snapshots; still NULL, the row is unchanged."""
    old = json_loads(audited)
    return dumps({k: v for k, v in current.items() if k in old or v is not None}) == audited


def verify_records(session: Session, *, batch: int = 5000) -> Problem | None:
    """Compare every audited row with its last audited state, a batch of rows at a time (memory stays
    flat at a million rows), then look for audited rows that disappeared without a deletion entry."""
    for table in audited_tables():
        pk = list(table.primary_key.columns)
        seen = 0
        last_key = None
        offset = 0
        while True:
            stmt = select(table).order_by(*pk).limit(batch)
            if len(pk) == 1 and last_key is not None:
                stmt = stmt.where(pk[0] > last_key)
            elif len(pk) > 1:
                stmt = stmt.offset(offset)
            rows = session.execute(stmt).mappings().all()
            if not rows:
                break
            ids = [":".join(str(row[c.name]) for c in pk) for row in rows]
            states = _states_for(session, table.name, ids)
            for entity_id, row in zip(ids, rows):
                if entity_id not in states:
                    return Problem("unaudited", f"表“{table.name}”中编号为 {entity_id} 的记录没有审计记录，可能是在本程序之外添加的。")
                audited = states[entity_id]
                if audited is None:
                    return Problem("tampered", f"表“{table.name}”中编号为 {entity_id} 的记录已按审计日志删除，却仍然存在，可能在本程序之外被恢复。")
                current = row_snapshot(table, row)
                if dumps(current) != audited and not _only_new_empty_columns(current, audited):
                    old = json_loads(audited)
                    # A column added by a later migration is absent from older snapshots: absent equals null.
                    fields = sorted(k for k in set(current) | set(old) if current.get(k) != old.get(k))
                    if not fields:
                        continue
                    return Problem("tampered", f"表“{table.name}”中编号为 {entity_id} 的记录与最后一次审计状态不一致（字段：{'、'.join(fields)}），可能在本程序之外被修改。")
            seen += len(rows)
            offset += len(rows)
            last_key = rows[-1][pk[0].name]
            if len(rows) < batch:
                break
        live = session.execute(select(func.count()).select_from(_live_state_ids(session, table.name).subquery())).scalar_one()
        if live != seen:
            missing = _first_missing(session, table, pk)
            where = f"编号为 {missing} 的记录" if missing else f"{live - seen} 条记录"
            return Problem("deleted", f"表“{table.name}”中{where}已不存在，但审计日志中没有删除记录，可能在本程序之外被删除。")
    return None


def _first_missing(session: Session, table: Table, pk: list[Column[Any]]) -> str | None:
    """The first audited-live entity_id with no row (single-column keys; None when it cannot be told)."""
    if len(pk) != 1:
        return None
    column = pk[0]
    result = session.execute(_live_state_ids(session, table.name)).scalars()
    chunk: list[str] = []

    def check(ids: list[str]) -> str | None:
        try:
            keys = [column.type.python_type(i) for i in ids]
        except (NotImplementedError, ValueError, TypeError):
            keys = ids
        present = {str(k) for k in session.execute(select(column).where(column.in_(keys))).scalars()}
        return next((i for i in ids if i not in present), None)

    for entity_id in result:
        chunk.append(entity_id)
        if len(chunk) >= 2000:
            found = check(chunk)
            if found:
                return found
            chunk = []
    return check(chunk) if chunk else None


def json_loads(text_value: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(text_value)
    return data


def repair_head(session: Session) -> tuple[int, str]:
    """`gongkai check --repair-head`: after the head row was deleted, set it to the last entry of a chain
    that verifies, and record the repair (itself an audited, anchored event). Refused when the head is
    present or the chain does not verify."""
    if session.execute(select(AuditHead).where(AuditHead.id == 1)).scalar_one_or_none() is not None:
        raise ValidationError("审计日志的链头完好，无需修复。")
    last = session.execute(select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)).first()
    if last is None:
        raise ValidationError("审计日志为空，无需修复。")
    problem = verify_chain(session)
    if problem is not None and problem.message != HEAD_MISSING:
        raise ValidationError("审计日志本身不完整，不能修复链头：" + problem.message)
    session.add(AuditHead(id=1, seq=last[0], hash=last[1]))
    session.flush()
    record_event(session, "repair_head", "audit_head", "1", detail={"seq": last[0], "hash": last[1]})
    return last[0], last[1]


def chain_head(session: Session) -> tuple[int, str]:
    head = session.execute(select(AuditHead).where(AuditHead.id == 1)).scalar_one_or_none()
    return (head.seq, head.hash) if head else (0, GENESIS)


def history(session: Session, entity: str, entity_id: str) -> list[AuditEntry]:
    return list(session.execute(
        select(AuditEntry).where(AuditEntry.entity == entity, AuditEntry.entity_id == str(entity_id))
        .order_by(AuditEntry.seq)
    ).scalars())
