"""Catalogue interchange: records for packages (export_records / apply_records) and Excel rows (import_rows).

A record (``catalogue.jsonl``): ``id`` (UUID), ``updated_at`` (ISO datetime, UTC), ``deleted`` (bool),
``office`` (org code), ``index_number`` (索引号), ``title`` (信息名称), ``summary`` (内容概述),
``publisher`` (发布机构), ``written_on`` (成文日期), ``published_on`` (发布日期), ``doc_number`` (文号),
``disclosure_mode`` (proactive | on_request | not_disclosed), ``scope`` (公开范围), ``category`` (主题分类),
``genre`` (体裁), ``keywords`` (关键词), ``directory_item`` (UUID of the 标准目录 item or null),
``is_normative`` (bool), ``validity`` (valid | expired | repealed | amended or null), ``validity_on``,
``validity_reviewed_on``, ``replaced_by`` (UUID of the replacing entry or null), ``revision`` (int),
``attachments`` ([{sha256, filename, size[, content_base64]}]). Dates ``YYYY-MM-DD``.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import operator
import uuid as uuidlib
from collections.abc import Iterable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import audit, profile
from app.core.jobs import check_cancelled
from app.core.results import ImportResult
from app.domain import dates
from app.errors import ConflictError, UserError, ValidationError
from app.storage.bulk import SeenFilter
from app.storage.models.catalogue import (
    DISCLOSURE_MODES,
    VALIDITIES,
    CatalogueAttachment,
    CatalogueDirectoryItem,
    CatalogueEntry,
)
from app.storage.models.core import Office


def _iso(d) -> str | None:
    return d.isoformat() if d else None


def export_records(session: Session, *, office_id: int | None = None,
                   since: dt.datetime | None = None) -> Iterator[dict]:
    """Every entry (deleted ones too, flagged) of `office_id` (default: all offices held), changed after
    `since` if given, in id order. Each record's keys are in sorted order (packages write them so)."""
    e = CatalogueEntry
    offices = dict(session.execute(select(Office.id, Office.org_code)).all())
    items = dict(session.execute(select(CatalogueDirectoryItem.id, CatalogueDirectoryItem.uuid)).all())
    table = e.__table__
    t = table.c
    # Columns in a fixed order, unpacked per row in one step.
    stmt = select(t.id, t.uuid, t.office_id, t.index_number, t.title, t.summary, t.publisher, t.written_on,
                  t.published_on, t.doc_number, t.disclosure_mode, t.scope, t.category, t.genre, t.keywords,
                  t.directory_item_id, t.is_normative, t.validity, t.validity_on, t.validity_reviewed_on,
                  t.replaced_by_id, t.revision, t.updated_at, t.deleted).order_by(t.id)
    if office_id is not None:
        stmt = stmt.where(t.office_id == office_id)
    if since is not None:
        stmt = stmt.where(t.updated_at > since)
    with_attachments = _has_attachments(session)
    office_of, item_of = offices.get, items.get
    # Plain Core rows streamed from the connection, not ORM objects or mappings: a package of 1,000,000
    # entries is read at the speed of the driver (bench/run.py measures the package export).
    for (entry_id, uuid, entry_office, number, title, summary, publisher, written, published, doc, mode, scope,
         category, genre, keywords, item, normative, validity, validity_on, reviewed, replaced, revision, updated,
         deleted) in session.connection().execute(stmt.execution_options(yield_per=2000)):
        if replaced is not None:
            replaced = session.execute(select(e.uuid).where(e.id == replaced)).scalar_one_or_none()
        atts = [{"sha256": a.sha256, "filename": a.filename, "size": a.size} for a in session.execute(
            select(CatalogueAttachment).where(CatalogueAttachment.entry_id == entry_id,
                                              CatalogueAttachment.deleted.is_(False))).scalars()] \
            if with_attachments else []
        # Keys in sorted order: the package's canonical JSON line then needs no re-ordering.
        yield {
            "attachments": atts, "category": category, "deleted": bool(deleted), "directory_item": item_of(item),
            "disclosure_mode": mode, "doc_number": doc, "genre": genre, "id": uuid, "index_number": number,
            "is_normative": bool(normative), "keywords": keywords, "office": office_of(entry_office),
            "published_on": published.isoformat() if published else None, "publisher": publisher,
            "replaced_by": replaced, "revision": revision, "scope": scope, "summary": summary, "title": title,
            "updated_at": updated.replace(microsecond=0).isoformat(), "validity": validity,
            "validity_on": validity_on.isoformat() if validity_on else None,
            "validity_reviewed_on": reviewed.isoformat() if reviewed else None,
            "written_on": written.isoformat() if written else None,
        }


_ATT_CACHE_KEY = "catalogue_has_attachments"


def _has_attachments(session: Session) -> bool:
    if _ATT_CACHE_KEY not in session.info:
        session.info[_ATT_CACHE_KEY] = session.execute(select(CatalogueAttachment.id).limit(1)).first() is not None
    return session.info[_ATT_CACHE_KEY]


_FIELDS = ("title", "summary", "publisher", "written_on", "published_on", "doc_number", "disclosure_mode",
           "scope", "category", "genre", "keywords", "is_normative", "validity", "validity_on",
           "validity_reviewed_on")


def _item_id(session: Session, item_uuid: str, items: dict | None) -> int | None:
    if items is None or item_uuid not in items:
        item_id = session.execute(select(CatalogueDirectoryItem.id).where(
            CatalogueDirectoryItem.uuid == item_uuid)).scalar_one_or_none()
        if items is not None:
            items[item_uuid] = item_id
        return item_id
    return items[item_uuid]


def _values(session: Session, rec: dict, where: str, items: dict | None = None) -> dict:
    from app.catalogue.entries import clean

    data = {k: rec[k] for k in _FIELDS if k in rec}
    if "title" not in data:
        data["title"] = None
    item_uuid = rec.get("directory_item")
    if item_uuid:
        data["directory_item_id"] = _item_id(session, item_uuid, items)  # an item unknown here is left unfiled
    try:
        return clean(session, data)
    except UserError as exc:
        raise ValidationError(f"{where}：{exc.message}") from None


def _plain_values(session: Session, rec: dict, items: dict) -> dict | None:
    """What _values() gives for a well-formed record (plain strings, ISO dates, codes as codes), at a
    fraction of its cost; None for anything else (not plain, or a rule broken), which then takes
    _values() and its checks and messages. Every rule of catalogue.clean() for a new entry holds here
    (tests/packages/test_catalogue_package.py compares the two on many records)."""
    text_fields, date_fields = _RULES or _rules()
    out: dict = {}
    for name, limit in text_fields:
        if name in rec:
            value = rec[name]
            if value is not None:
                if type(value) is not str:
                    return None
                value = value.strip() or None
                if value is not None and len(value) > limit:
                    return None
            out[name] = value
    if not out.get("title"):
        return None
    iso = _iso_date
    for name in date_fields:
        if name in rec:
            value = rec[name]
            if value is not None:
                # The one parser's fast path (ASCII YYYY-MM-DD it accepts); any other value takes _values().
                value = iso(value)
                if value is None:
                    return None
            out[name] = value
    if "disclosure_mode" in rec:
        value = rec["disclosure_mode"]
        if value in _MODES:
            out["disclosure_mode"] = value
        elif value is None or value == "":
            out["disclosure_mode"] = "proactive"
        else:
            return None
    if "validity" in rec:
        value = rec["validity"]
        if value in _VALIDITIES:
            out["validity"] = value
        elif value is None or value == "":
            out["validity"] = None
        else:
            return None
    if "is_normative" in rec:
        out["is_normative"] = bool(rec["is_normative"])
    item_uuid = rec.get("directory_item")
    if item_uuid:
        # Found by its uuid in this transaction, so it exists (clean()'s check).
        out["directory_item_id"] = _item_id(session, item_uuid, items)
    written, published = out.get("written_on"), out.get("published_on")
    if written and published and published < written:
        return None
    # clean()'s rules on validity, with no stored entry to merge with.
    if out.get("validity") and not out.get("is_normative") and rec.get("is_normative") is not False:
        out["is_normative"] = True
    if out.get("is_normative") and not out.get("validity"):
        out["validity"] = "valid"
    if not out.get("is_normative"):
        for name in ("validity", "validity_on"):
            if out.get(name) is not None:
                out[name] = None
    return out


def _stored(session: Session, table, column: str, values: list[str]) -> Iterator[str]:
    """The values of `column` (a unique text column) that are among `values`, by chunks; on SQLite with
    the driver's cursor (the same query without SQLAlchemy's per-call compilation of a long IN list)."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        for start in range(0, len(values), 900):
            yield from conn.execute(select(table.c[column]).where(
                table.c[column].in_(values[start:start + 900]))).scalars()
        return
    cur = conn.connection.cursor()
    full = None
    for start in range(0, len(values), 900):
        chunk = values[start:start + 900]
        if len(chunk) == 900 and full is not None:
            sql = full
        else:
            sql = f"SELECT {column} FROM {table.name} WHERE {column} IN ({','.join('?' * len(chunk))})"
            if len(chunk) == 900:
                full = sql
        yield from (v for (v,) in cur.execute(sql, chunk))


_iso_date = dates.iso_date
_MODES = frozenset(DISCLOSURE_MODES)
_VALIDITIES = frozenset(VALIDITIES)
_RULES: tuple | None = None


def _rules() -> tuple:
    """catalogue.clean()'s field lists (imported late: app.catalogue.entries imports this module)."""
    global _RULES
    from app.catalogue.entries import DATE_FIELDS, TEXT_FIELDS

    _RULES = (tuple(TEXT_FIELDS.items()), tuple(DATE_FIELDS))
    return _RULES


class _NewRows:
    """New entries of a batch that need no per-row ORM work: inserted with one driver-level executemany
    (app.storage.bulk), audited with one snapshot per row (audit.row_json / record_json_rows) and indexed
    in bulk: the same rows and audit entries as the per-row path, in the same order (bench/run.py
    measures a package of 1,000,000 entries).

    A record takes this path only when nothing stored or pending can own its id or 索引号; anything else
    (updates, possible clashes, attachments, replaced_by) goes through the per-row path, which first
    writes the pending rows so that it sees them."""

    def __init__(self, session: Session, records: list[dict], state: FileState) -> None:
        self.session = session
        self.state = state
        self.table = table = CatalogueEntry.__table__
        self.columns = list(table.columns.keys())
        self.row_json = audit.row_json(table)
        ids = [str(r.get("id") or "").strip() for r in records]
        numbers = [str(r.get("index_number") or "").strip() for r in records]
        self.stored_ids: set[str] = set()
        self.stored_numbers: set[str] = set()
        session.flush()
        for column, values, into, written in (("uuid", ids, self.stored_ids, state.written_ids),
                                              ("index_number", numbers, self.stored_numbers, state.written_numbers)):
            if written is not None:  # the table was empty when the file began: only its own rows can be there
                values = [v for v in values if v in written]
            if values:
                into.update(_stored(session, table, column, values))
        self.rows: list[list] = []
        self.pending_ids: set[str] = set()
        self.pending_numbers: set[str] = set()
        self.indexed: list[tuple] = []  # (id, published_on, title, doc_number, deleted) of rows written here
        base = dict.fromkeys(self.columns)
        base.update(disclosure_mode="proactive", is_normative=False)
        self._base = base
        self._pick = operator.itemgetter(*self.columns)

    def takes(self, rec: dict, rid: str, number: str) -> bool:
        return not (rid in self.stored_ids or number in self.stored_numbers or rid in self.pending_ids
                    or number in self.pending_numbers or rec.get("attachments") or rec.get("replaced_by"))

    def touched_by_row_path(self, rid: str, number: str) -> None:
        """The per-row path wrote this id/索引号: later records must not bypass it."""
        self.stored_ids.add(rid)
        self.stored_numbers.add(number)
        self.state.wrote([rid], [number])

    def add(self, rid: str, number: str, office_id: int, updated_at, deleted: bool, revision: int,
            values: dict) -> None:
        row = self._base.copy()
        row.update(values)
        row.update(uuid=rid, office_id=office_id, index_number=number, created_at=updated_at,
                   updated_at=updated_at, deleted=deleted, revision=revision)
        self.rows.append(list(self._pick(row)))
        self.pending_ids.add(rid)
        self.pending_numbers.add(number)

    def write(self) -> None:
        if not self.rows:
            return
        from app.storage.bulk import allocate_ids, insert_tuples

        rows = self.rows
        for row, new_id in zip(rows, allocate_ids(self.session, self.table, len(rows))):
            row[0] = new_id
        insert_tuples(self.session, self.table, self.columns, rows)
        encode = self.row_json
        audit.record_json_rows(self.session, self.table.name, [(str(r[0]), encode(r)) for r in rows],
                               note="数据包导入")
        c = self._index_columns
        self.indexed.extend((r[c[0]], r[c[1]], r[c[2]], r[c[3]], r[c[4]]) for r in rows)
        self.stored_ids |= self.pending_ids
        self.stored_numbers |= self.pending_numbers
        self.state.wrote(self.pending_ids, self.pending_numbers)
        self.rows, self.pending_ids, self.pending_numbers = [], set(), set()

    @property
    def _index_columns(self) -> tuple[int, ...]:
        return tuple(self.columns.index(c) for c in ("id", "published_on", "title", "doc_number", "deleted"))


def apply_records(session: Session, records: list[dict], *, office_id: int | None = None,
                  state: FileState | None = None) -> ImportResult:
    """Upsert package records by id (UUID). A record older than the stored row is ignored (unchanged);
    `deleted` soft-deletes. Raises on the first bad record; the caller's transaction makes it all or nothing.
    A file applied in batches passes one `state` to every batch and calls its finish() after the last."""
    from app.catalogue import fulltext as search_index
    from app.catalogue.entries import keep_revision, now

    own_state = state is None
    if own_state:
        state = FileState(session)
    result = ImportResult()
    pending_replaced: list[tuple[CatalogueEntry, str]] = []
    touched: list[CatalogueEntry] = []
    items = state.items  # 目录 item uuid → id, for the whole file (a query per item, not per item and batch)
    offices = state.offices
    # First every record is read and checked, then the batch is written: the checks are Python work
    # that overlaps the search-index rows a helper thread may still be writing (FileState).
    checked: list[tuple[int, dict, str, str, dict, dt.datetime, int, bool]] = []
    for n, rec in enumerate(records, start=1):
        where = f"第{n}条目录记录"
        rid = str(rec.get("id") or "").strip()
        if not rid:
            raise ValidationError(f"{where}缺少 id。")
        number = str(rec.get("index_number") or "").strip()
        if not number:
            raise ValidationError(f"{where}缺少索引号。")
        values = _plain_values(session, rec, items)
        if values is None:
            values = _values(session, rec, where, items)
        try:
            updated_at = dt.datetime.fromisoformat(str(rec.get("updated_at"))).replace(tzinfo=None) \
                if rec.get("updated_at") else now()
        except ValueError:
            raise ValidationError(f"{where}的 updated_at 无法识别。") from None
        entry_office = office_id
        if entry_office is None:
            code = rec.get("office") or None
            if code not in offices:
                offices[code] = (profile.office_by_code(session, code).id if code
                                 else profile.own_office_row(session).id)
            entry_office = offices[code]
        checked.append((n, rec, rid, number, values, updated_at, entry_office, bool(rec.get("deleted"))))
    fresh = _NewRows(session, records, state)
    for n, rec, rid, number, values, updated_at, entry_office, deleted in checked:
        where = f"第{n}条目录记录"
        if fresh.takes(rec, rid, number):
            fresh.add(rid, number, entry_office, updated_at, deleted, int(rec.get("revision") or 1), values)
            result.created += 1
            continue
        fresh.write()
        fresh.touched_by_row_path(rid, number)
        entry = session.execute(select(CatalogueEntry).where(CatalogueEntry.uuid == rid)).scalar_one_or_none()
        clash = session.execute(select(CatalogueEntry.uuid).where(
            CatalogueEntry.index_number == number)).scalar_one_or_none()
        if clash is not None and clash != rid:
            raise ConflictError(f"{where}的索引号 {number} 已被另一条目录使用。")
        if entry is None:
            entry = CatalogueEntry(uuid=rid, office_id=entry_office, index_number=number, created_at=updated_at,
                                   updated_at=updated_at, deleted=deleted, revision=int(rec.get("revision") or 1),
                                   **{"disclosure_mode": "proactive", "is_normative": False, **values})
            session.add(entry)
            session.flush()
            audit.record(session, entry, "create", note="数据包导入")
            result.created += 1
        else:
            if entry.updated_at.replace(microsecond=0) >= updated_at and not _differs(entry, values, number, deleted):
                result.unchanged += 1
                continue
            if entry.updated_at > updated_at:
                result.unchanged += 1  # the stored version is newer
                continue
            was_deleted = entry.deleted
            keep_revision(session, entry, "import")
            for k, v in values.items():
                setattr(entry, k, v)
            entry.index_number, entry.deleted, entry.office_id = number, deleted, entry_office
            entry.updated_at = updated_at
            audit.record(session, entry, "update", note="数据包导入")
            if deleted and not was_deleted:
                result.deleted += 1
            else:
                result.updated += 1
        if rec.get("replaced_by"):
            pending_replaced.append((entry, rec["replaced_by"]))
        for att in rec.get("attachments") or []:
            _apply_attachment(session, entry, att, where)
        touched.append(entry)
    fresh.write()
    touched = list({id(e): e for e in touched}.values())  # an entry applied twice in the batch: once
    touched_ids = [e.id for e in touched]
    state.changed(touched_ids)  # applied again here: earlier batches' leftovers of these entries are void
    for entry, ref in pending_replaced:
        target = session.execute(select(CatalogueEntry.id).where(CatalogueEntry.uuid == ref)).scalar_one_or_none()
        if target is None:
            state.unresolved[entry.id] = ref  # perhaps in a later batch: tried again at the end
        elif state.unresolved.pop(entry.id, None) is not None or entry.replaced_by_id != target:
            entry.replaced_by_id = target
            audit.record(session, entry, "update", note="数据包导入")
    session.flush()
    # Entries written by the per-row path may be in the index: out first; new ones never were. An entry
    # created and then changed within the batch is indexed once, as it ends up.
    search_index.unindex_entries(session, touched_ids)
    again = set(touched_ids)
    state.add_index_rows(r[:4] for r in fresh.indexed if not r[4] and r[0] not in again)
    search_index.index_entries(session, [(e.id, e.published_on, e.title, e.doc_number) for e in touched
                                         if not e.deleted], new=True)
    if own_state:
        state.finish()
    return result


BACKGROUND_RUN = 20_000  # search-index rows a helper thread writes at a time (FileState): a batch
SYNC_RUN = 100_000  # … and a run written inline


class FileState:
    """What the batches of one data file leave for its end (the caller calls finish() after the last one).

    - Search-index rows of new entries, written in sorted runs. Where the rows can be written by a
      helper thread while the next batch is read and checked (app.storage.background), a run is a
      batch of the importer (20,000 records): SQLite's part of the index then overlaps the import's
      Python work (bench/run.py, a million-entry package: 248 s → 204 s on two processors). Otherwise
      in runs of 100,000: FTS5 keeps rows of ascending rowid in memory and writes a segment whenever a
      smaller one comes, so one run per 5,000-record batch cost a third more.
    - 替代文件 references to entries that come in a later batch of the file.
    Rolled back with everything else when the import fails."""

    def __init__(self, session: Session, run: int | None = None) -> None:
        from app.storage import background

        self.session = session
        self.background = background.available(session.connection())
        self.run = run if run is not None else (BACKGROUND_RUN if self.background else SYNC_RUN)
        self.index_rows: dict[int, tuple] = {}  # entry id → (id, published_on, title, doc_number)
        self.unresolved: dict[int, str] = {}  # entry id → uuid of its 替代文件, not found yet
        self.merging_paused = False  # the search index's segment merging, during a big file
        self.items: dict[str, int | None] = {}  # 目录 item uuid → id (a package adds no 目录 items)
        self.offices: dict[str | None, int] = {}  # org code → office id (the importer makes unknown ones first)
        # When the table is empty as the file begins, an id or 索引号 can only be stored if this file wrote
        # it: the ids and numbers it wrote (a filter with no false negatives) spare a lookup per record.
        empty = session.execute(select(CatalogueEntry.id).limit(1)).first() is None
        self.written_ids: SeenFilter | None = SeenFilter() if empty else None
        self.written_numbers: SeenFilter | None = SeenFilter() if empty else None

    def wrote(self, ids: Iterable[str], numbers: Iterable[str]) -> None:
        if self.written_ids is not None and self.written_numbers is not None:
            self.written_ids.update(ids)
            self.written_numbers.update(numbers)

    def add_index_rows(self, rows) -> None:
        for row in rows:
            self.index_rows[row[0]] = row
        if len(self.index_rows) >= self.run:
            self.flush_index()

    def changed(self, entry_ids) -> None:
        """Entries applied again by a later record: that record's own index row and 替代文件 count."""
        for entry_id in entry_ids:
            self.index_rows.pop(entry_id, None)
            self.unresolved.pop(entry_id, None)

    def flush_index(self) -> None:
        from app.catalogue import fulltext as search_index

        rows, self.index_rows = list(self.index_rows.values()), {}
        if len(rows) >= self.run and not self.merging_paused:  # a big file: merged once it is all in
            self.merging_paused = search_index.pause_merging(self.session)
        search_index.index_entries(self.session, rows, new=True, background_write=self.background)

    def finish(self) -> None:
        session = self.session
        for entry_id, ref in sorted(self.unresolved.items()):
            target = session.execute(select(CatalogueEntry.id).where(CatalogueEntry.uuid == ref)).scalar_one_or_none()
            entry = session.get(CatalogueEntry, entry_id)
            if target is not None and entry is not None and entry.replaced_by_id != target:
                entry.replaced_by_id = target
                audit.record(session, entry, "update", note="数据包导入")
        self.unresolved = {}
        self.flush_index()
        if self.merging_paused:
            from app.catalogue import fulltext as search_index

            search_index.resume_merging(session)
            self.merging_paused = False


def _differs(entry: CatalogueEntry, values: dict, number: str, deleted: bool) -> bool:
    return (entry.index_number != number or bool(entry.deleted) != deleted
            or any(getattr(entry, k) != v for k, v in values.items()))


def _apply_attachment(session: Session, entry: CatalogueEntry, att: dict, where: str) -> None:
    digest = str(att.get("sha256") or "")
    held = session.execute(select(CatalogueAttachment.id).where(
        CatalogueAttachment.entry_id == entry.id, CatalogueAttachment.sha256 == digest)).first()
    if held or not att.get("content_base64"):
        return  # already held, or the bytes travel separately (attachments/ in the package)
    content = base64.b64decode(att["content_base64"])
    if hashlib.sha256(content).hexdigest() != digest:
        raise ValidationError(f"{where}的附件“{att.get('filename')}”校验值不符。")
    row = CatalogueAttachment(uuid=str(uuidlib.uuid4()), entry_id=entry.id,
                              filename=str(att.get("filename") or digest)[:300], sha256=digest, size=len(content),
                              content=content, created_at=entry.updated_at, deleted=False)
    session.add(row)
    session.flush()
    audit.record(session, row, "create", note="数据包导入")


def import_rows(session: Session, rows: list[dict], *, progress=None) -> ImportResult:
    """Import spreadsheet rows already mapped to field names; all rows are checked before anything changes.

    Field names (one dict per row; dates as ``YYYY-MM-DD`` strings or date objects):
    ``index_number`` 索引号 (empty: generated from the configured pattern), ``title`` 信息名称 (required),
    ``publisher`` 发布机构, ``written_on`` 成文日期, ``published_on`` 发布日期, ``doc_number`` 文号,
    ``disclosure_mode`` 公开方式 (code or 主动公开/依申请公开/不予公开), ``category`` 主题分类,
    ``validity`` 有效性 (code or 有效/失效/废止/修订; makes the entry a 行政规范性文件), ``summary`` 内容概述,
    ``keywords`` 关键词, ``scope`` 公开范围, ``genre`` 体裁, ``office`` (org code; default: own office),
    ``id`` (UUID, optional). ``_row`` (sheet row number) is used in error messages.
    A row matches a stored entry by ``id``, else by ``index_number``; identical rows count as unchanged.
    """
    from app.catalogue import fulltext as search_index
    from app.catalogue.entries import keep_revision, next_index_number, now

    own = profile.own_office_row(session)
    checked: list[tuple[dict, dict, str]] = []
    errors: list[str] = []
    numbers_seen: dict[str, str] = {}
    for n, row in enumerate(rows, start=1):
        where = f"第{row.get('_row', n)}行"
        try:
            values = _values(session, row, where)
        except UserError as exc:
            errors.append(exc.message)
            continue
        number = str(row.get("index_number") or "").strip()
        if number:
            if number in numbers_seen:
                errors.append(f"{where}：索引号 {number} 与{numbers_seen[number]}重复。")
                continue
            numbers_seen[number] = where
        checked.append((row, values, where))
    if errors:
        raise ValidationError(f"有{len(errors)}行无法导入，表格未导入。", details=errors)

    result = ImportResult()
    offices: dict[str, Office] = {}
    touched: list[CatalogueEntry] = []
    for i, (row, values, _where) in enumerate(checked):
        if i % 500 == 0:
            check_cancelled(progress)
            if progress is not None:
                progress.update(i, len(checked), "正在导入公开目录…")
        office = own
        if row.get("office"):
            code = row["office"]
            office = offices.get(code) or profile.office_by_code(session, code)
            offices[code] = office
        number = str(row.get("index_number") or "").strip()
        entry = None
        if row.get("id"):
            entry = session.execute(select(CatalogueEntry).where(
                CatalogueEntry.uuid == str(row["id"]))).scalar_one_or_none()
        if entry is None and number:
            entry = session.execute(select(CatalogueEntry).where(
                CatalogueEntry.index_number == number)).scalar_one_or_none()
        if entry is None:
            if not number:
                number = next_index_number(session, office, values.get("written_on")
                                           or values.get("published_on") or dt.date.today())
            stamp = now()
            entry = CatalogueEntry(uuid=str(row.get("id") or uuidlib.uuid4()), office_id=office.id,
                                   index_number=number, created_at=stamp, updated_at=stamp, deleted=False,
                                   revision=1, **{"disclosure_mode": "proactive", "is_normative": False, **values})
            session.add(entry)
            session.flush()
            audit.record(session, entry, "create", note="表格导入")
            result.created += 1
            touched.append(entry)
            continue
        changed = {k: v for k, v in values.items() if getattr(entry, k) != v}
        if not changed and not entry.deleted:
            result.unchanged += 1
            continue
        keep_revision(session, entry, "import")
        for k, v in changed.items():
            setattr(entry, k, v)
        entry.deleted = False
        audit.record(session, entry, "update", note="表格导入")
        result.updated += 1
        touched.append(entry)
    session.flush()
    search_index.index_entries(session, [(e.id, e.published_on, e.title, e.doc_number) for e in touched])
    if progress is not None:
        progress.update(len(checked), len(checked), "公开目录导入完成")
    return result
