"""The catalogue list for the screen and the CLI: filters, search and sort in SQL, ids by page, rows by block;
and the contract search (docs/spec/command-line.md). Light on purpose: `gongkai catalogue search` imports this,
not the catalogue service with its numbering, audit and interchange (bench: a headless command ≤ 0.5 s)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app.catalogue import fulltext as search_index
from app.errors import ValidationError
from app.storage.models.catalogue import CatalogueDirectoryItem, CatalogueEntry
from app.storage.models.core import Office

MODE_LABELS = {"proactive": "主动公开", "on_request": "依申请公开", "not_disclosed": "不予公开"}
VALIDITY_LABELS = {"valid": "有效", "expired": "失效", "repealed": "废止", "amended": "修订"}

SORTS = {
    "published_on": (CatalogueEntry.published_on, CatalogueEntry.id),
    "written_on": (CatalogueEntry.written_on, CatalogueEntry.id),
    "index_number": (CatalogueEntry.index_number,),
    "title": (CatalogueEntry.title, CatalogueEntry.id),
}


@dataclass
class EntryFilter:
    query: str | None = None  # substring of title or 文号
    office_id: int | None = None
    domain_id: int | None = None
    directory_item_id: int | None = None
    validity: str | None = None  # a code, or "normative" for every 行政规范性文件
    disclosure_mode: str | None = None
    entry_ids: list[int] | None = None  # e.g. the entries a warning names
    sort: str = "published_on"
    descending: bool = True

    def only_query(self) -> bool:
        """Just a search in the default order: the index answers count and pages by itself."""
        return bool(self.query) and self.sort == "published_on" and self.descending and not any((
            self.office_id, self.domain_id, self.directory_item_id, self.validity, self.disclosure_mode,
            self.entry_ids is not None))

    def is_plain(self) -> bool:
        return not any((self.query, self.office_id, self.domain_id, self.directory_item_id, self.validity,
                        self.disclosure_mode, self.entry_ids is not None))


class EntrySource:
    """A RowSource (ui.widgets.lazy_table) over catalogue entries; every filter and the sort are in SQL."""

    def __init__(self, session_factory, flt: EntryFilter | None = None) -> None:
        # A Session, or a callable returning a context manager of a read session (the screen's db).
        self._factory = session_factory
        self.filter = flt or EntryFilter()

    def _session(self):
        if isinstance(self._factory, Session):
            from contextlib import nullcontext

            return nullcontext(self._factory)
        return self._factory()

    def _where(self, session: Session, stmt):
        f = self.filter
        e = CatalogueEntry
        stmt = stmt.where(e.deleted.is_(False))
        if f.query:
            q = search_index.normalize_query(f.query)
            if search_index.is_indexed(session):
                table, match = search_index.match_clause(q)
                stmt = stmt.where(text(
                    f"catalogue_entry.id IN (SELECT rowid & 4294967295 FROM {table} WHERE {table} MATCH :m)"
                ).bindparams(m=match))
            else:
                stmt = stmt.where(search_index.scan_condition(q, session.get_bind().dialect.name))
        if f.office_id is not None:
            stmt = stmt.where(e.office_id == f.office_id)
        if f.directory_item_id is not None:
            stmt = stmt.where(e.directory_item_id == f.directory_item_id)
        elif f.domain_id is not None:
            stmt = stmt.where(e.directory_item_id.in_(
                select(CatalogueDirectoryItem.id).where(CatalogueDirectoryItem.domain_id == f.domain_id)))
        if f.validity == "normative":
            stmt = stmt.where(e.is_normative.is_(True))
        elif f.validity:
            stmt = stmt.where(e.validity == f.validity)
        if f.disclosure_mode:
            stmt = stmt.where(e.disclosure_mode == f.disclosure_mode)
        if f.entry_ids is not None:
            stmt = stmt.where(e.id.in_(f.entry_ids))
        return stmt

    def count(self) -> int:
        with self._session() as s:
            if self.filter.only_query():
                return search_index.search(s, self.filter.query, limit=0).total
            if self.filter.is_plain() and search_index.is_indexed(s):
                # Live entries are exactly those in the index's key table: a narrow table to count.
                return s.execute(text(f"SELECT count(*) FROM {search_index.KEY_TABLE}")).scalar_one()
            return s.execute(self._where(s, select(func.count()).select_from(CatalogueEntry))).scalar_one()

    def ids(self, offset: int, limit: int) -> list[int]:
        cols = SORTS.get(self.filter.sort, SORTS["published_on"])
        order = [c.desc() for c in cols] if self.filter.descending else [c.asc() for c in cols]
        with self._session() as s:
            if self.filter.only_query():
                return search_index.page_ids(s, self.filter.query, offset, limit)
            stmt = self._where(s, select(CatalogueEntry.id)).order_by(*order).offset(offset).limit(limit)
            return list(s.execute(stmt).scalars())

    def rows(self, ids: list[int]) -> dict[int, dict]:
        if not ids:
            return {}
        e = CatalogueEntry
        with self._session() as s:
            result = s.execute(
                select(e.id, e.index_number, e.title, e.doc_number, e.published_on, e.written_on, e.publisher,
                       e.disclosure_mode, e.category, e.validity, e.is_normative, Office.short_name, Office.name)
                .join(Office, Office.id == e.office_id).where(e.id.in_(ids))).all()
        out = {}
        for r in result:
            out[r.id] = {
                "id": r.id, "index_number": r.index_number, "title": r.title, "doc_number": r.doc_number or "",
                "published_on": r.published_on.isoformat() if r.published_on else "",
                "written_on": r.written_on.isoformat() if r.written_on else "",
                "publisher": r.publisher or "", "mode": MODE_LABELS.get(r.disclosure_mode, r.disclosure_mode),
                "category": r.category or "", "validity": VALIDITY_LABELS.get(r.validity, "") if r.validity else "",
                "office": r.short_name or r.name,
            }
        return out


def search(session: Session, query: str, *, limit: int = 20) -> dict:
    """`{"total": n, "results": [{"index_number", "title", "doc_number", "published_on", "validity"}…]}`,
    exact substring match over title and 文号, newest 发布日期 first."""
    if limit < 0:
        raise ValidationError("结果条数不能为负数。")
    hits = search_index.search(session, query, limit=limit)
    rows = {r.id: r for r in session.execute(
        select(CatalogueEntry.id, CatalogueEntry.index_number, CatalogueEntry.title, CatalogueEntry.doc_number,
               CatalogueEntry.published_on, CatalogueEntry.validity).where(CatalogueEntry.id.in_(hits.ids)))}
    results = [{"index_number": rows[i].index_number, "title": rows[i].title, "doc_number": rows[i].doc_number,
                "published_on": rows[i].published_on.isoformat() if rows[i].published_on else None,
                "validity": rows[i].validity} for i in hits.ids]
    return {"total": hits.total, "results": results}
