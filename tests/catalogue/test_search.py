"""Search: exact substring results over folded text (property test against a Python scan) and index
maintenance."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, insert

from app import catalogue
from app.catalogue import fulltext as search_index
from app.storage.models.catalogue import CatalogueEntry

ALPHABET = "关于印发青山县政府〔〕[]（）()：:，,2025号3aAａ -\"'*%_/\\"
texts = st.text(alphabet=ALPHABET, min_size=0, max_size=14)
queries = st.text(alphabet=ALPHABET, min_size=1, max_size=5).filter(lambda q: q.strip() == q and q)
entries = st.lists(st.tuples(texts.filter(bool), st.one_of(st.none(), texts),
                             st.one_of(st.none(), st.integers(0, 30))), min_size=0, max_size=25)


def _expected(rows, q, limit):
    q = search_index.fold(q)
    hits = [(pub, i) for i, (title, doc, pub) in rows.items()
            if q in search_index.fold(title) or (doc and q in search_index.fold(doc))]
    hits.sort(key=lambda h: (h[0] is not None, h[0] or dt.date.min, h[1]), reverse=True)
    return len(hits), [i for _, i in hits[:limit]]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=entries, qs=st.lists(queries, min_size=1, max_size=6), deleted=st.sets(st.integers(0, 24)))
def test_search_equals_substring_scan(db, data, qs, deleted):
    with db.session() as s:
        s.execute(delete(CatalogueEntry))
        search_index.rebuild(s)
        own = s.execute(CatalogueEntry.__table__.select().limit(0)).all()  # noqa: F841 - warm the session
        rows, values = {}, []
        for n, (title, doc, days) in enumerate(data, start=1):
            pub = dt.date(2025, 1, 1) + dt.timedelta(days=days) if days is not None else None
            values.append({"id": n, "uuid": f"u{n}", "office_id": 1, "index_number": f"X/{n}", "title": title,
                           "doc_number": doc, "published_on": pub, "disclosure_mode": "proactive",
                           "is_normative": False, "revision": 1, "created_at": dt.datetime(2025, 1, 1),
                           "updated_at": dt.datetime(2025, 1, 1), "deleted": (n - 1) in deleted})
            if (n - 1) not in deleted:
                rows[n] = (title, doc, pub)
        if values:
            s.execute(insert(CatalogueEntry), values)
        # Half of the examples build by bulk rebuild, half by per-entry maintenance.
        if len(data) % 2:
            search_index.rebuild(s)
        else:
            search_index.index_entries(s, [(i, p, t, d) for i, (t, d, p) in rows.items()])
        for q in qs:
            hits = search_index.search(s, q, limit=7)
            assert (hits.total, hits.ids) == _expected(rows, q, 7), q
            assert search_index.search_ids(s, q) == _expected(rows, q, 10**6)[1]
        # Maintenance: every third live entry gets a new text, every fourth leaves the index.
        live = sorted(rows)
        for i in live[::3]:
            title, doc, pub = rows[i]
            rows[i] = (title[::-1] + "号", doc, pub)
            s.execute(CatalogueEntry.__table__.update().where(CatalogueEntry.id == i).values(title=rows[i][0]))
            search_index.index_entries(s, [(i, pub, rows[i][0], doc)])
        gone = live[1::4]
        s.execute(CatalogueEntry.__table__.update().where(CatalogueEntry.id.in_(gone)).values(deleted=True))
        search_index.unindex_entries(s, gone)
        for i in gone:
            rows.pop(i, None)
        for q in qs:
            hits = search_index.search(s, q, limit=7)
            assert (hits.total, hits.ids) == _expected(rows, q, 7), q
        s.rollback()


def _add(session, title, doc=None, published="2025-03-05"):
    return catalogue.create_entry(session, {"title": title, "doc_number": doc, "written_on": "2025-03-01",
                                            "published_on": published})


def test_index_follows_update_and_delete(session):
    a = _add(session, "青山县安全生产大检查情况通报", "青政发〔2025〕3号")
    b = _add(session, "白沙镇最低生活保障标准公示", published="2025-04-01")
    assert catalogue.search(session, "安全")["total"] == 1
    assert catalogue.search(session, "〔2025〕")["results"][0]["index_number"] == a.index_number
    catalogue.update_entry(session, a.id, {"title": "青山县食品安全专项检查结果", "doc_number": None})
    assert catalogue.search(session, "生产")["total"] == 0
    assert catalogue.search(session, "〔2025〕")["total"] == 0
    assert catalogue.search(session, "食品安全")["total"] == 1
    # A new publication date moves the entry in the newest-first order.
    assert [r["title"] for r in catalogue.search(session, "公")["results"]] == [b.title]
    assert [r["title"] for r in catalogue.search(session, "青")["results"]] == ["青山县食品安全专项检查结果"]
    catalogue.update_entry(session, a.id, {"published_on": "2025-05-01", "title": "青山县公示"})
    assert [r["title"] for r in catalogue.search(session, "公示")["results"]] == ["青山县公示", b.title]
    catalogue.delete_entry(session, a.id)
    assert catalogue.search(session, "青山")["total"] == 0
    assert catalogue.search(session, "公示")["total"] == 1
    catalogue.restore_entry(session, a.id)
    assert catalogue.search(session, "青山县公示")["total"] == 1


def test_contract_shape(session):
    _add(session, "关于废止部分规范性文件的通知", "青政发〔2025〕12号")
    out = catalogue.search(session, "废", limit=5)
    assert set(out) == {"total", "results"}
    assert set(out["results"][0]) == {"index_number", "title", "doc_number", "published_on", "validity"}
    assert out["results"][0]["published_on"] == "2025-03-05"
    assert out["results"][0]["validity"] is None


def test_list_source_paths_agree(session):
    from app.catalogue.queries import EntryFilter, EntrySource

    for n in range(30):
        _add(session, f"第{n}号公示" if n % 3 else f"第{n}号通知", f"青政发〔2025〕{n}号" if n % 2 else None,
             published=f"2025-04-{n % 28 + 1:02d}")
    fast = EntrySource(session, EntryFilter(query="公示"))
    assert fast.filter.only_query()
    slow = EntrySource(session, EntryFilter(query="公示", validity=None, entry_ids=list(range(1, 100))))
    assert not slow.filter.only_query()
    assert fast.count() == slow.count() == 20
    assert fast.ids(0, 100) == slow.ids(0, 100)
    assert fast.ids(5, 7) == slow.ids(5, 7)
    both = EntrySource(session, EntryFilter(query="〔2025〕1"))
    assert both.count() == len(both.ids(0, 100)) == 6  # 1, 11, 13, 15, 17, 19


def test_full_and_half_width_and_bracket_kinds_find_each_other(session):
    typed = catalogue.create_entry(session, {"title": "关于印发《临安区宅基地管理办法（试行）》的通知：全文",
                                             "doc_number": "临政发〔2025〕3号", "published_on": "2025-03-05"})
    imported = catalogue.create_entry(session, {"title": "关于印发<临安区宅基地管理办法(试行)>的通知:全文",
                                                "doc_number": "临政发[2025]4号", "published_on": "2025-03-06"})
    session.flush()
    both = {typed.id, imported.id}
    for query in ("办法（试行）", "办法(试行)", "通知：全文", "通知:全文", "临政发[2025]", "临政发〔2025〕", "（试", "法("):
        assert set(search_index.search_ids(session, query)) == both, query
    found = catalogue.search(session, "（试行）", limit=5)
    assert found["total"] == 2  # and each title is shown as it was typed
    assert {r["title"] for r in found["results"]} == {"关于印发《临安区宅基地管理办法（试行）》的通知：全文",
                                                      "关于印发<临安区宅基地管理办法(试行)>的通知:全文"}


def test_an_index_built_before_folding_is_rebuilt_on_upgrade(tmp_path):
    import shutil
    from pathlib import Path

    from app.storage.db import Database

    fixture = Path(__file__).resolve().parent.parent / "fixtures" / "schema-v1.sqlite3"
    path = tmp_path / fixture.name
    shutil.copyfile(fixture, path)
    db = Database.open(path, backup=False)
    try:
        with db.read_session() as s:
            typed = set(search_index.search_ids(s, "青政发〔2022〕1号"))
            assert typed and set(search_index.search_ids(s, "青政发[2022]1号")) == typed
            assert search_index.search(s, "政发(2022)", limit=0).total == 2  # 枫林政发〔2022〕1号, 青政发〔2022〕1号
    finally:
        db.dispose()


def _docsize_tables(session) -> set[str]:
    return {name for (name,) in session.connection().exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE name LIKE 'fts_%docsize'")}


@pytest.mark.sqlite_only
def test_the_index_keeps_no_column_sizes_and_migration_0021_goes_both_ways(db):
    """Migration 0021 re-creates the index without FTS5's per-row column sizes (the search never ranks):
    downgraded and upgraded again, every query finds the same entries, and the index still follows edits."""
    from alembic import command

    from app.storage import migrate

    with db.session() as s:
        ids = [_add(s, "青山县安全生产大检查情况通报", "青政发〔2025〕3号").id,
               _add(s, "白沙镇最低生活保障标准公示", published="2025-04-01").id,
               _add(s, "青山县（试行）公示", published=None).id]
        catalogue.delete_entry(s, ids[1])
        catalogue.restore_entry(s, ids[1])
        assert _docsize_tables(s) == set()
    queries = ("青", "公示", "〔2025〕", "[2025]", "生活保障", "(试行)", "县")

    def found() -> dict[str, list[int]]:
        with db.read_session() as s:
            return {q: search_index.search(s, q, limit=10).ids for q in queries}

    at_head = found()
    assert at_head["青"] == [ids[0], ids[2]] and at_head["公示"] == [ids[1], ids[2]]
    command.downgrade(migrate.alembic_config(db), "0020")
    with db.read_session() as s:
        assert _docsize_tables(s) == {"fts_catalogue_docsize", "fts_cjk_catalogue_docsize"}
    assert found() == at_head
    migrate.upgrade(db)
    with db.session() as s:
        assert _docsize_tables(s) == set()
    assert found() == at_head
    with db.session() as s:
        catalogue.update_entry(s, ids[0], {"title": "青山县食品安全专项检查结果", "doc_number": None})
        assert search_index.search(s, "〔2025〕", limit=10).ids == []
        assert search_index.search(s, "食品", limit=10).ids == [ids[0]]
