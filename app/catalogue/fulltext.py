"""Exact substring search over catalogue titles and 文号, from one character up, fast at 1M entries.

Design (SQLite):
- ``fts_catalogue``: FTS5 ``trigram`` (case sensitive) over ``title`` and ``doc_number`` for queries of
  three characters and more. A quoted query is a phrase of consecutive trigrams, i.e. a substring.
- ``fts_cjk_catalogue``: a contentless FTS5 table (``detail=none``) holding our own unigram and bigram
  postings, as Lucene's CJK analyzer does; each gram is written as an ASCII token (``u4e2d``,
  ``b5173x4e8e``) so the stock ``unicode61`` tokenizer only splits on spaces. One- and two-character
  queries look up one token: exact by construction, no scan.
- ``fts_cjk_catalogue_vocab``: fts5vocab over the postings: the number of entries of a one- or
  two-character query without visiting them.
- ``ix_cjk_catalogue_key``: entry id → rowid. The rowid of both FTS tables is the *sort key*
  (发布日期 ordinal << 32 | id), so "newest first" is ``ORDER BY rowid DESC`` inside the index and the
  first page costs a few postings, whatever the number of matches.
- Every returned row is checked against the real text; if a candidate ever fails, the search falls back
  to a verified count, so results are never more nor fewer than a substring scan.
PostgreSQL: queries of three characters and more are a ``LIKE`` served by the ``pg_trgm`` GIN index of
migration 0010 (when the extension could be created; otherwise the same LIKE scans); one and two
characters use a ``strpos`` scan over the base table. Both are exact.

Text is stored as typed; search folds it (``fold``): full-width letters, digits and punctuation are their
half-width forms, and the kinds of brackets, quotes, commas and dashes one family each, in the index and
in the query alike, so （试行） and (试行), 〔2025〕 and [2025], ： and : find each other
(docs/spec/spreadsheets.md section 3). The fold maps one character to one character, so PostgreSQL
applies it with ``gk_fold()`` (``translate``, migration 0020).

Deleted entries are not in the index. Services call ``index_entries`` / ``unindex_entries`` on every
change; ``rebuild`` re-creates everything from ``catalogue_entry`` (bulk imports, the demo).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import ValidationError
from app.storage import background
from app.storage.models.catalogue import CatalogueEntry

TRIGRAM_TABLE = "fts_catalogue"
GRAM_TABLE = "fts_cjk_catalogue"
KEY_TABLE = "ix_cjk_catalogue_key"
VOCAB_TABLE = "fts_cjk_catalogue_vocab"

# columnsize=0: no table of per-row column sizes (FTS5's "docsize"). They serve only ranking (bm25), and
# the search orders by key; each row added or removed wrote one more page at a random place of the file
# (migration 0021; a township's year at the county: a fifth of the pages its commit writes).
DDL = (
    (f"CREATE VIRTUAL TABLE IF NOT EXISTS {TRIGRAM_TABLE} USING fts5("
     "title, doc_number, tokenize='trigram case_sensitive 1', columnsize=0)"),
    (f"CREATE VIRTUAL TABLE IF NOT EXISTS {GRAM_TABLE} USING fts5("
     "grams, content='', detail=none, tokenize='unicode61', columnsize=0)"),
    f"CREATE TABLE IF NOT EXISTS {KEY_TABLE} (entry_id INTEGER PRIMARY KEY, sort_key INTEGER NOT NULL)",
    # Per-token document counts straight from the postings (2–3× faster than counting matched rows).
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {VOCAB_TABLE} USING fts5vocab({GRAM_TABLE}, 'row')",
)
MAX_QUERY = 200
_ID_MASK = (1 << 32) - 1


# -- folding ------------------------------------------------------------------------------------------
_FOLD_FROM = "".join(chr(c) for c in range(0xFF01, 0xFF5F)) + "\u3000"
_FOLD_TO = "".join(chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)) + " "
# After the width fold: one character per family (brackets of 文号 are written 〔〕, [], (), 【】).
_FAMILIES = {"(": "([{〔【〖（", ")": ")]}〕】〗）", '"': "“”„‟「」『』\"'‘’", ",": ",、，", ".": ".。．",
             "-": "-－—–―‐─", "<": "<《〈", ">": ">》〉"}
for _target, _members in _FAMILIES.items():
    for _char in _members:
        if _char in _FOLD_FROM:
            _FOLD_TO = _FOLD_TO[:_FOLD_FROM.index(_char)] + _target + _FOLD_TO[_FOLD_FROM.index(_char) + 1:]
        elif _char != _target:
            _FOLD_FROM += _char
            _FOLD_TO += _target
FOLD_FROM, FOLD_TO = _FOLD_FROM, _FOLD_TO  # for SQL translate()
_FOLD = str.maketrans(FOLD_FROM, FOLD_TO)


def fold(text: str | None) -> str | None:
    """Text as search compares it: full-width forms half-width, each punctuation family one character."""
    return text.translate(_FOLD) if text else text


@dataclass
class SearchHits:
    total: int
    ids: list[int]  # entry ids, 发布日期 desc then id desc


# -- keys and grams -----------------------------------------------------------------------------------
def sort_key(published_on: dt.date | str | None, entry_id: int) -> int:
    """Rowid of an entry in the index: newer publication date → larger key; no date → smallest."""
    if published_on is None:
        return entry_id
    if isinstance(published_on, str):
        published_on = dt.date.fromisoformat(published_on[:10])  # a stored column value: ISO by contract
    return (published_on.toordinal() << 32) | entry_id


def entry_id_of(key: int) -> int:
    return key & _ID_MASK


class _TokenCache(dict):
    """Gram → ASCII token; grams spanning the field separator map to nothing."""

    def __missing__(self, gram: str) -> str:
        if "\x00" in gram:
            token = ""
        elif len(gram) == 1:
            token = f"u{ord(gram):x}"
        else:
            token = f"b{ord(gram[0]):x}x{ord(gram[1]):x}"
        self[gram] = token
        return token


_TOKENS = _TokenCache()


def gram_token(gram: str) -> str:
    """The index token of a one- or two-character query."""
    return _TOKENS[gram]


def grams_text(title: str | None, doc_number: str | None) -> str:
    """All unigrams and bigrams of the title and the 文号 (never across the two), as tokens. A gram that
    occurs twice is written twice (FTS5 keeps one posting per row and token, and a 'delete' given the
    same text removes it): not collecting distinct grams first is a third cheaper."""
    text = (title or "") + "\x00" + (doc_number or "") if doc_number else (title or "")
    return " ".join(map(_TOKENS.__getitem__, chain(text, map(str.__add__, text, text[1:]))))


# -- schema -------------------------------------------------------------------------------------------
def is_indexed(session: Session) -> bool:
    """The index exists on SQLite; other databases scan."""
    return session.get_bind().dialect.name == "sqlite"


def create_index_tables(conn) -> None:
    """Create the index tables (SQLite only); `conn` is a SQLAlchemy Connection."""
    if conn.dialect.name != "sqlite":
        return
    for statement in DDL:
        conn.exec_driver_sql(statement)


def drop_index_tables(conn) -> None:
    if conn.dialect.name != "sqlite":
        return
    for table in (VOCAB_TABLE, TRIGRAM_TABLE, GRAM_TABLE, KEY_TABLE):
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")


def _cursor(session: Session):
    """A DB-API cursor of the unit of work, once the index rows a helper thread writes are in."""
    conn = session.connection()
    if background.pending(conn):
        background.settle(conn)
    return conn.connection.cursor()


# -- maintenance --------------------------------------------------------------------------------------
def index_entries(session: Session, rows: Iterable[Sequence], *, new: bool = False,
                  background_write: bool = False) -> int:
    """Add entries to the index: rows of (id, published_on, title, doc_number). Entries already in the
    index are replaced. Deleted entries must not be passed. `new`: the caller knows that none of these
    entries is indexed (just inserted, or just unindexed): the removal round trip is replaced by one
    range probe of the key table (anything found there is still removed first). `background_write`:
    the rows are written by a helper thread while the caller goes on (app.storage.background), and are
    in before anything reads the index or the unit of work ends; inline where a helper cannot write them."""
    if not is_indexed(session):
        return 0
    rows = list(rows)
    if not rows:
        return 0
    cur = _cursor(session)
    ids = [r[0] for r in rows]
    if new:
        wanted = set(ids)
        held = [i for (i,) in cur.execute(f"SELECT entry_id FROM {KEY_TABLE} WHERE entry_id BETWEEN ? AND ?",
                                          (min(ids), max(ids))) if i in wanted]
        if held:
            unindex_entries(session, held)
    else:
        unindex_entries(session, ids)
    keyed = sorted((sort_key(p, i), i, fold(t) or "", fold(d)) for i, p, t, d in rows)
    # The key table by entry id (its primary key: appends, not random inserts), the FTS tables by key.
    # Each table's rows are made just before they are written: in the background, the grams are made
    # while the helper thread writes the trigram table.
    writes = (
        (KEY_TABLE, ("entry_id", "sort_key"), lambda: sorted((i, k) for k, i, _, _ in keyed)),
        (TRIGRAM_TABLE, ("rowid", "title", "doc_number"), lambda: [(k, t, d) for k, _, t, d in keyed]),
        (GRAM_TABLE, ("rowid", "grams"), lambda: [(k, grams_text(t, d)) for k, _, t, d in keyed]),
    )
    conn = session.connection()
    use_background = background_write and background.available(conn)
    for table, columns, values in writes:
        rows_of = values()
        payload = background.rows_json(rows_of) if use_background else None
        if payload is not None:
            background.start(conn, [(background.insert_rows_sql(table, columns), payload)])
        else:
            _cursor(session).executemany(
                f"INSERT INTO {table}({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", rows_of)
    return len(keyed)


def unindex_entries(session: Session, entry_ids: Iterable[int]) -> int:
    """Remove entries from the index (no-op for entries not in it)."""
    if not is_indexed(session):
        return 0
    cur = _cursor(session)
    removed = 0
    ids = list(entry_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        keys = [k for (k,) in cur.execute(
            f"SELECT sort_key FROM {KEY_TABLE} WHERE entry_id IN ({marks})", chunk).fetchall()]
        if not keys:
            continue
        kmarks = ",".join("?" * len(keys))
        old = cur.execute(
            f"SELECT rowid, title, doc_number FROM {TRIGRAM_TABLE} WHERE rowid IN ({kmarks})", keys).fetchall()
        # A contentless table forgets a row only when given the exact tokens it was indexed with; the
        # trigram table keeps the indexed text, so the tokens are rebuilt from it.
        cur.executemany(f"INSERT INTO {GRAM_TABLE}({GRAM_TABLE}, rowid, grams) VALUES ('delete', ?, ?)",
                        [(k, grams_text(t, d)) for k, t, d in old])
        cur.executemany(f"DELETE FROM {TRIGRAM_TABLE} WHERE rowid = ?", [(k,) for k in keys])
        cur.execute(f"DELETE FROM {KEY_TABLE} WHERE entry_id IN ({marks})", chunk)
        removed += len(keys)
    return removed


AUTOMERGE_DEFAULT = 4  # FTS5's own default


def pause_merging(session: Session) -> bool:
    """Stop FTS5 merging segments while a big load writes runs of rows (a million-entry package: ~20 %
    of the index's cost; the runs are sorted, so the index ends with as many segments either way). The
    setting lives in the tables' own config rows, inside the caller's transaction: a rollback undoes it.
    Call resume_merging() when the load is done. False when there is no index (PostgreSQL)."""
    if not is_indexed(session):
        return False
    cur = _cursor(session)
    for table in (TRIGRAM_TABLE, GRAM_TABLE):
        cur.execute(f"INSERT INTO {table}({table}, rank) VALUES ('automerge', 0)")
    return True


def resume_merging(session: Session) -> None:
    cur = _cursor(session)
    for table in (TRIGRAM_TABLE, GRAM_TABLE):
        cur.execute(f"INSERT INTO {table}({table}, rank) VALUES ('automerge', {AUTOMERGE_DEFAULT})")


def automerge(session: Session) -> dict[str, int]:
    """The tables' automerge setting (their config row; FTS5's default when none)."""
    cur = _cursor(session)
    out = {}
    for table in (TRIGRAM_TABLE, GRAM_TABLE):
        row = cur.execute(f"SELECT v FROM {table}_config WHERE k = 'automerge'").fetchone()
        out[table] = int(row[0]) if row else AUTOMERGE_DEFAULT
    return out


def rebuild(session: Session, progress=None, *, batch: int = 50_000) -> int:
    """Re-create the whole index from catalogue_entry (after a bulk import). Returns the entries indexed."""
    if not is_indexed(session):
        return 0
    conn = session.connection()
    drop_index_tables(conn)
    create_index_tables(conn)
    cur = _cursor(session)
    rows = cur.execute(
        "SELECT id, published_on, title, doc_number FROM catalogue_entry WHERE deleted = 0").fetchall()
    keyed = sorted((sort_key(p, i), i, fold(t) or "", fold(d)) for i, p, t, d in rows)
    del rows
    total = len(keyed)
    cur.executemany(f"INSERT INTO {KEY_TABLE}(entry_id, sort_key) VALUES (?, ?)",
                    sorted((i, k) for k, i, _, _ in keyed))  # by primary key: appends
    # FTS5 keeps ascending rowids in memory and flushes on a smaller one: insert in key order, in batches.
    for start in range(0, total, batch):
        chunk = keyed[start:start + batch]
        cur.executemany(f"INSERT INTO {TRIGRAM_TABLE}(rowid, title, doc_number) VALUES (?, ?, ?)",
                        ((k, t, d) for k, _, t, d in chunk))
        cur.executemany(f"INSERT INTO {GRAM_TABLE}(rowid, grams) VALUES (?, ?)",
                        ((k, grams_text(t, d)) for k, _, t, d in chunk))
        if progress is not None:
            progress.update(min(start + batch, total), total, "正在建立公开目录检索索引…")
            if getattr(progress, "cancelled", False):
                from app.errors import Cancelled

                raise Cancelled()
    cur.execute(f"INSERT INTO {TRIGRAM_TABLE}({TRIGRAM_TABLE}) VALUES ('optimize')")
    cur.execute(f"INSERT INTO {GRAM_TABLE}({GRAM_TABLE}) VALUES ('optimize')")
    return total


# -- queries ------------------------------------------------------------------------------------------
def normalize_query(query: str) -> str:
    """The query as the index holds text: stripped and folded."""
    q = (query or "").strip()
    if not q:
        raise ValidationError("请输入要检索的文字。")
    if len(q) > MAX_QUERY:
        raise ValidationError(f"检索文字过长（最多 {MAX_QUERY} 个字）。")
    if any(ord(c) < 32 or c == "\x7f" for c in q):  # NUL and other control characters: never in a title
        raise ValidationError("检索文字中含有不可见的控制字符（如 NUL），请删除后重试。")
    return fold(q) or q


def match_clause(q: str) -> tuple[str, str]:
    if len(q) <= 2:
        return GRAM_TABLE, gram_token(q)
    return TRIGRAM_TABLE, '"' + q.replace('"', '""') + '"'


def search(session: Session, query: str, *, limit: int = 20) -> SearchHits:
    """Entries whose title or 文号 contains `query` (exact substring, case sensitive): the total number
    and the first `limit` ids, 发布日期 newest first."""
    q = normalize_query(query)
    limit = max(0, int(limit))
    if not is_indexed(session):
        return _scan(session, q, limit)
    table, match = match_clause(q)
    cur = _cursor(session)
    total = None
    if table == GRAM_TABLE:
        try:
            row = cur.execute(f"SELECT doc FROM {VOCAB_TABLE} WHERE term = ?", (match,)).fetchone()
            total = row[0] if row else 0
        except sqlite3.OperationalError:  # a database indexed before the vocab table existed
            total = None
    if total is None:
        total = cur.execute(f"SELECT count(*) FROM {table} WHERE {table} MATCH ?", (match,)).fetchone()[0]
    keys = [k for (k,) in cur.execute(
        f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid DESC LIMIT ?", (match, limit))]
    ids = [entry_id_of(k) for k in keys]
    if ids and not _all_contain(session, ids, q):
        return _verified(session, q, limit)
    return SearchHits(total=total, ids=ids)


def page_ids(session: Session, query: str, offset: int, limit: int) -> list[int]:
    """A page of matching entry ids, newest first, straight from the index (the screen's list)."""
    q = normalize_query(query)
    if not is_indexed(session):
        return _scan_ids(session, q)[offset:offset + limit]
    table, match = match_clause(q)
    cur = _cursor(session)
    return [entry_id_of(k) for (k,) in cur.execute(
        f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid DESC LIMIT ? OFFSET ?",
        (match, limit, offset))]


def search_ids(session: Session, query: str) -> list[int]:
    """Every matching entry id, newest first (for the screen's list)."""
    q = normalize_query(query)
    if not is_indexed(session):
        return _scan_ids(session, q)
    table, match = match_clause(q)
    cur = _cursor(session)
    return [entry_id_of(k) for (k,) in cur.execute(
        f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid DESC", (match,))]


def _all_contain(session: Session, ids: list[int], q: str) -> bool:
    rows = session.execute(
        select(CatalogueEntry.title, CatalogueEntry.doc_number, CatalogueEntry.deleted)
        .where(CatalogueEntry.id.in_(ids))
    ).all()
    return len(rows) == len(ids) and all(
        not deleted and (q in (fold(title) or "") or q in (fold(doc) or "")) for title, doc, deleted in rows)


def _verified(session: Session, q: str, limit: int) -> SearchHits:
    """The slow, always-exact path: candidates from the index, each checked against the base row."""
    table, match = match_clause(q)
    cur = _cursor(session)
    candidates = [entry_id_of(k) for (k,) in cur.execute(
        f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid DESC", (match,))]
    good: list[int] = []
    for start in range(0, len(candidates), 900):
        chunk = candidates[start:start + 900]
        rows = {i: (t, d) for i, t, d in session.execute(
            select(CatalogueEntry.id, CatalogueEntry.title, CatalogueEntry.doc_number)
            .where(CatalogueEntry.id.in_(chunk), CatalogueEntry.deleted.is_(False))
        )}
        good.extend(i for i in chunk if i in rows and (q in (fold(rows[i][0]) or "")
                                                        or q in (fold(rows[i][1]) or "")))
    return SearchHits(total=len(good), ids=good[:limit])


def like_pattern(q: str) -> str:
    """`q` as a LIKE pattern matching any text containing it (escape character "/")."""
    return "%" + q.replace("/", "//").replace("%", "/%").replace("_", "/_") + "%"


def scan_condition(q: str, dialect: str | None = None):
    """Title or 文号 contains `q`, for databases without our FTS5 index. On PostgreSQL a query of three
    characters or more is a case-sensitive LIKE, which the pg_trgm GIN index of migration 0020 serves (the
    index is lossy; PostgreSQL rechecks each row, so the result is exact); shorter queries have no trigram
    and scan with strpos."""
    from sqlalchemy import func, or_

    title: Any = CatalogueEntry.title
    doc: Any = func.coalesce(CatalogueEntry.doc_number, "")
    if dialect == "postgresql":
        # gk_fold(): translate() with FOLD_FROM/FOLD_TO, the expressions the trigram index of migration
        # 0020 holds, so that the LIKE below is served by it.
        title, doc = func.gk_fold(title), func.gk_fold(doc)
    if dialect == "postgresql" and len(q) >= 3:
        pattern = like_pattern(q)
        return or_(title.like(pattern, escape="/"), doc.like(pattern, escape="/"))
    return or_(func.strpos(title, q) > 0, func.strpos(doc, q) > 0)


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _scan(session: Session, q: str, limit: int) -> SearchHits:
    from sqlalchemy import func

    cond = scan_condition(q, _dialect(session))
    base = select(CatalogueEntry.id).where(CatalogueEntry.deleted.is_(False), cond)
    total = session.execute(select(func.count()).select_from(base.subquery())).scalar_one()
    ids = list(session.execute(base.order_by(CatalogueEntry.published_on.desc().nulls_last(),
                                             CatalogueEntry.id.desc()).limit(limit)).scalars())
    return SearchHits(total=total, ids=ids)


def _scan_ids(session: Session, q: str) -> list[int]:
    stmt = (select(CatalogueEntry.id).where(CatalogueEntry.deleted.is_(False), scan_condition(q, _dialect(session)))
            .order_by(CatalogueEntry.published_on.desc().nulls_last(), CatalogueEntry.id.desc()))
    return list(session.execute(stmt).scalars())
