"""Catalogue entries through a package: the fast export and import paths give exactly the records, rows,
audit entries and search index of the general ones."""

from __future__ import annotations

import io
import json

import pytest

from app.packages.archive import PackageWriter
from tests.helpers.schema import index_schema


def _entries(session, n: int = 12):
    from app import catalogue

    out = []
    for i in range(n):
        data = {"title": f"关于“测试”\"引号\"\\与\t控制字符的通知{i}", "publisher": "青山县人民政府办公室",
                "written_on": f"2025-03-{i % 27 + 1:02d}", "published_on": f"2025-04-{i % 27 + 1:02d}",
                "doc_number": f"青政发〔2025〕{i}号" if i % 3 else None, "category": "综合政务",
                "summary": "概述" if i % 2 else "", "keywords": "  ", "scope": "全社会"}
        if i % 4 == 0:
            data["validity"] = "有效"
        out.append(catalogue.create_entry(session, data))
    return out


def test_catalogue_records_come_with_sorted_keys_and_encode_as_canonical_json(session):
    from app.packages.areas import AREA_BY_NAME
    from app.packages.export import _ENCODE_PRESORTED, _line

    _entries(session)
    area = AREA_BY_NAME["catalogue"]
    assert area.sorted_keys
    records = list(area.export(session, None))
    assert len(records) == 12
    for rec in records:
        assert list(rec) == sorted(rec)
        expected = json.dumps(rec, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str) + "\n"
        assert _line(rec, _ENCODE_PRESORTED) == _line(rec) == expected.encode("utf-8")


def test_writer_abort_mid_member_keeps_the_original_error(tmp_path):
    target = tmp_path / "x.gkpkg"
    w = PackageWriter(target)
    m = w.open("data/a.jsonl")
    m.write(b"x" * 100_000)
    with pytest.raises(KeyError):
        try:
            raise KeyError("original")
        except KeyError:
            w.abort()
            raise
    assert w._open is None


def test_threaded_member_gives_the_bytes_of_an_inline_write():
    import hashlib
    import zipfile

    blocks = [(b'{"id":"%d","t":"%s"}\n' % (i, ("测试" * (i % 50)).encode())) * 300 for i in range(40)]
    buf = io.BytesIO()
    w = PackageWriter(buf)
    m = w.open("data/a.jsonl")
    for b in blocks:
        m.write(b)
    sha, size = w.close_member(m)
    w.close()
    data = b"".join(blocks)
    assert (sha, size) == (hashlib.sha256(data).hexdigest(), len(data))
    ref = io.BytesIO()
    with zipfile.ZipFile(ref, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        info = w._info("data/a.jsonl")
        with zf.open(info, "w", force_zip64=True) as fh:
            for b in blocks:
                fh.write(b)
    assert buf.getvalue() == ref.getvalue()


def test_same_database_gives_the_same_package_bytes(session, tmp_path):
    from app.packages.areas import AREA_BY_NAME
    from app.packages.export import build_package
    from app.packages.manifest import Manifest

    _entries(session, 30)
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.generate()  # Ed25519 signatures are deterministic

    def build(out):
        m = Manifest(package_id="3f10e291-80ab-4eea-b52b-2c50cd3a5fb2", sender_code="A", sender_name="甲",
                     key_id="0" * 16, recipient="province", sequence=1, created_at="2026-03-10T09:30:00+08:00",
                     kind="full", app_version="0", schema_version="0")
        return build_package(session, manifest=m, private_key=private, since=None, full_records=True,
                             out_path=out, areas=[AREA_BY_NAME["catalogue"]])

    a, b = build(tmp_path / "a.gkpkg"), build(None)
    assert a.path.read_bytes() == b.data and a.sha256 == b.sha256 and a.counts == {"catalogue": 30}


# -- import -----------------------------------------------------------------------------------------------
def _craft_catalogue(township, c_code: str, records: list[dict]) -> bytes:
    from tests.helpers.packages import craft

    body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
    return craft(township, {"data/catalogue.jsonl": body}, recipient=c_code,
                 records={"data/catalogue.jsonl": len(records)})


def _rows(db) -> dict:
    from sqlalchemy import select

    from app.storage.models.catalogue import CatalogueEntry

    # Local ids differ; a package carries updated_at to the second and no created_at.
    skip = {"id", "office_id", "directory_item_id", "replaced_by_id", "created_at", "updated_at"}
    with db.read_session() as s:
        return {e.uuid: {c: getattr(e, c) for c in CatalogueEntry.__table__.c.keys() if c not in skip}  # noqa: SIM118
                | {"updated_at": e.updated_at.replace(microsecond=0),
                   "replaced_by": e.replaced_by_id and s.get(CatalogueEntry, e.replaced_by_id).uuid}
                for e in s.execute(select(CatalogueEntry)).scalars()}


def _check_receiver(db, titles: dict[str, str | None]) -> None:
    """Audit intact, and the search index holds exactly the live entries with their last titles."""
    from sqlalchemy import text

    from app.catalogue import fulltext as search
    from app.core import audit

    with db.read_session() as s:
        assert audit.verify_chain(s) is None
        assert audit.verify_records(s) is None
        live = {i: t for i, t, d in s.execute(text("SELECT id, title, deleted FROM catalogue_entry")) if not d}
        assert sorted(live.values()) == sorted(t for t in titles.values() if t is not None)
        for title in live.values():
            assert search.search_ids(s, title[:2]), title
        if not search.is_indexed(s):
            return  # PostgreSQL searches the table itself
        cur = s.connection().connection.cursor()
        indexed = dict(cur.execute(f"SELECT k.entry_id, t.title FROM {search.KEY_TABLE} k "
                                   f"JOIN {search.TRIGRAM_TABLE} t ON t.rowid = k.sort_key").fetchall())
        assert indexed == {i: search.fold(t) for i, t in live.items()}  # the index holds the folded text
        # Every character's postings are exactly the live entries holding it (the contentless gram table
        # cannot be counted or scanned: migration 0021).
        texts = {k: t + "\x00" + (d or "") for k, t, d in cur.execute(
            f"SELECT k.sort_key, t.title, t.doc_number FROM {search.KEY_TABLE} k "
            f"JOIN {search.TRIGRAM_TABLE} t ON t.rowid = k.sort_key")}
        for char in {c for t in texts.values() for c in t} - {"\x00"}:
            found = {k for (k,) in cur.execute(f"SELECT rowid FROM {search.GRAM_TABLE} WHERE {search.GRAM_TABLE} "
                                               "MATCH ?", (search.gram_token(char),))}
            assert found == {k for k, t in texts.items() if char in t}, char


def test_package_of_catalogue_entries_lands_as_sent(linked, tmp_path, monkeypatch, deferred_indexes):
    from app import catalogue, packages
    from app.packages import importer

    county, township, c_code, _ = linked
    monkeypatch.setattr(importer, "BATCH", 5)  # several batches, and the index written at the end
    schema = index_schema(county)
    with township.session() as s:
        made = _entries(s, 17)
        catalogue.add_attachment(s, made[1].id, "正文.txt", "正文".encode())
        catalogue.mark_validity(s, made[4].id, "修订", on="2025-05-01", replaced_by_id=made[8].id)
        catalogue.delete_entry(s, made[6].id)
    with township.session() as s:
        packages.export_package(s, to=c_code, out_path=tmp_path / "p.gkpkg")
    with county.session() as s:
        out = packages.import_file(s, tmp_path / "p.gkpkg")
    assert out.state == "applied" and out.counts["catalogue"]["created"] == 17
    sent, got = _rows(township), _rows(county)
    assert {k: sorted((c, repr(v)) for c, v in got[k].items() if sent[k].get(c) != v) for k in sent
            if got.get(k) != sent[k]} == {}
    _check_receiver(county, {k: (None if v["deleted"] else v["title"]) for k, v in got.items()})
    if county.url.startswith("sqlite"):  # the catalogue's and audit trail's non-unique indexes were deferred
        assert {"ix_catalogue_entry_published_on", "ix_audit_log_entity_entity_id"} <= set(deferred_indexes)
    assert index_schema(county) == schema


def test_entries_repeated_and_changed_within_one_package(linked, monkeypatch):
    """The same id twice (created, then changed or deleted later in the file, in the same batch or a later
    one): stored and indexed as it ends up."""
    from app.packages import importer

    county, township, c_code, _ = linked
    monkeypatch.setattr(importer, "BATCH", 4)

    def rec(i: int, title: str, *, deleted: bool = False, at: str = "2026-01-01T00:00:00") -> dict:
        return {"id": f"00000000-0000-4000-8000-{i:012d}", "updated_at": at, "deleted": deleted,
                "index_number": f"X-{i}", "title": title, "published_on": f"2025-0{i % 9 + 1}-01",
                "written_on": "2025-01-01", "doc_number": None if i % 2 else f"文{i}号"}

    records = [rec(i, f"标题{i}") for i in range(10)]
    records += [rec(1, "改后标题一", at="2026-02-01T00:00:00"), rec(2, "标题2", deleted=True, at="2026-02-01T00:00:00"),
                rec(9, "改后标题九", at="2026-02-01T00:00:00"), rec(20, "新标题"), rec(20, "新标题再改", at="2026-03-01T00:00:00"),
                rec(20, "新标题三改", at="2026-04-01T00:00:00")]
    from app import packages

    with county.session() as s:
        out = packages.import_package(s, _craft_catalogue(township, c_code, records))
    assert out.state == "applied"
    final = {}
    for r in records:
        final[r["id"]] = None if r["deleted"] else r["title"]
    got = _rows(county)
    assert {k: (None if v["deleted"] else v["title"]) for k, v in got.items()} == final
    _check_receiver(county, final)


_GOOD_TEXTS = [None, "", "  ", "普通文字", " 两端空格 ", "y" * 100, "\u3000全角空格\u3000", "a\tb"]
_BAD_TEXTS = ["x" * 101, 12, True, 1.5]
_GOOD_DATES = [None, "2025-03-01", "2024-12-31", "2025-01-01"]
_BAD_DATES = ["", "2025-3-1", "2025.3.1", "2025年3月1日", "20250301", "2025-02-30", "2025-13-01", " 2025-03-01",
              "２０２５-03-01", "2025-03-01T00:00:00", 20250301, "abcd-ef-gh", "2025-0３-01", "2025-03-0a"]
_MODES = [None, "", "proactive", "on_request", "not_disclosed", "主动公开", "依申请公开", "bogus", " proactive", 1]
_VALIDITIES = [None, "", "valid", "expired", "repealed", "amended", "有效", "失效", "bad", 0]
_NORMATIVE = [None, True, False, 0, 1, "", "yes"]


def test_plain_values_agree_with_the_full_checks(session):
    """Whatever the fast path accepts, the full path gives exactly the same values; whatever the full path
    refuses, the fast path leaves to it."""
    import random

    from app.catalogue.interchange import _plain_values, _values
    from app.errors import UserError

    rng = random.Random(7)
    accepted = 0
    for n in range(4000):
        rec = {}
        for name in ("title", "summary", "publisher", "doc_number", "scope", "category", "genre", "keywords"):
            if rng.random() < 0.8:
                rec[name] = rng.choice(_GOOD_TEXTS if rng.random() < 0.97 else _BAD_TEXTS)
        if rng.random() < 0.9:
            rec["title"] = rng.choice(["标题", " 标题 ", "t" * 500, "t" * 501, None, ""])
        for name in ("written_on", "published_on", "validity_on", "validity_reviewed_on"):
            if rng.random() < 0.7:
                rec[name] = rng.choice(_GOOD_DATES if rng.random() < 0.9 else _BAD_DATES)
        if rng.random() < 0.8:
            rec["disclosure_mode"] = rng.choice(_MODES)
        if rng.random() < 0.6:
            rec["validity"] = rng.choice(_VALIDITIES)
        if rng.random() < 0.6:
            rec["is_normative"] = rng.choice(_NORMATIVE)
        try:
            slow = _values(session, rec, "x", {})
        except UserError:
            slow = "refused"
        fast = _plain_values(session, rec, {})
        if fast is not None:
            accepted += 1
            assert fast == slow, (n, rec)
            assert {k: type(v) for k, v in fast.items()} == {k: type(v) for k, v in slow.items()}
    assert accepted > 400, accepted


def test_page_cache_grows_for_a_big_package_and_comes_back(db):
    from app.packages import importer

    if not db.is_sqlite:
        pytest.skip("SQLite only")

    def size(s) -> int:
        return s.connection().connection.dbapi_connection.execute("PRAGMA cache_size").fetchone()[0]

    for fail in (False, True):
        try:
            with db.session() as s:
                raw = s.connection().connection.dbapi_connection
                before = size(s)
                importer._bigger_page_cache(s, 10_000_000)
                assert size(s) == -importer.CACHE_MAX_KIB < before
                if fail:
                    raise KeyError("rolled back")
        except KeyError:
            pass
        assert raw.execute("PRAGMA cache_size").fetchone()[0] == before


@pytest.mark.parametrize("filter_bits", [1 << 24, 8])
def test_repeats_across_batches_into_an_empty_table_are_found_through_the_filter(linked, monkeypatch, filter_bits):
    """Into an empty catalogue the ids and 索引号 a file wrote are remembered by a filter instead of being
    looked up per record: a later record of the same id still updates it, a later record with another id
    and the same 索引号 is still refused — whether the filter answers "perhaps" rarely or (8 bits) always."""
    from app import packages
    from app.catalogue import interchange
    from app.errors import UserError
    from app.packages import importer
    from app.storage.bulk import SeenFilter

    county, township, c_code, _ = linked
    monkeypatch.setattr(importer, "BATCH", 3)
    asked: list[str] = []

    class Counting(SeenFilter):
        def __init__(self) -> None:
            super().__init__(filter_bits)

        def __contains__(self, value: object) -> bool:
            asked.append(str(value))
            return super().__contains__(value)

    monkeypatch.setattr(interchange, "SeenFilter", Counting)

    def rec(i: int, title: str, *, number: str | None = None, at: str = "2026-01-01T00:00:00") -> dict:
        return {"id": f"00000000-0000-4000-8000-{i:012d}", "updated_at": at, "deleted": False,
                "index_number": number or f"Y-{i}", "title": title, "published_on": "2025-03-01"}

    clash = [rec(30, "新的"), rec(31, "再新"), rec(32, "又新"), rec(33, "同号", number="Y-30")]
    with county.session() as s:  # another id with a 索引号 written two batches before: refused
        with pytest.raises(UserError, match="Y-30"):
            packages.import_package(s, _craft_catalogue(township, c_code, clash))
    assert asked  # the filter was asked, not the table
    records = [rec(i, f"标题{i}") for i in range(7)] + [rec(2, "改后标题二", at="2026-02-01T00:00:00")]
    with county.session() as s:
        out = packages.import_package(s, _craft_catalogue(township, c_code, records))
    assert out.state == "applied" and out.counts["catalogue"] == {"created": 7, "updated": 1, "deleted": 0,
                                                                 "unchanged": 0}
    _check_receiver(county, {r["id"]: r["title"] for r in records})


def test_a_big_file_pauses_the_search_indexs_merging_and_leaves_it_as_it_was(linked, monkeypatch):
    """Segment merging is off while a big file's runs are written and back to FTS5's default afterwards,
    also when the package is refused half way (the setting is rolled back with everything else)."""
    import functools

    from app import packages
    from app.catalogue import fulltext, interchange
    from app.errors import UserError
    from app.packages import importer

    county, township, c_code, _ = linked
    if not county.is_sqlite:
        pytest.skip("the search index is SQLite's")
    monkeypatch.setattr(importer, "BATCH", 3)
    monkeypatch.setattr(interchange, "FileState", functools.partial(interchange.FileState, run=4))
    during: list[dict] = []
    real = fulltext.index_entries

    def spy(session, rows, **kw):
        during.append(fulltext.automerge(session))
        return real(session, rows, **kw)

    monkeypatch.setattr(fulltext, "index_entries", spy)

    def rec(i: int, title: str, published: str = "2025-03-01") -> dict:
        return {"id": f"00000000-0000-4000-8000-{i:012d}", "updated_at": "2026-01-01T00:00:00", "deleted": False,
                "index_number": f"Z-{i}", "title": title, "published_on": published}

    default = {fulltext.TRIGRAM_TABLE: 4, fulltext.GRAM_TABLE: 4}
    bad = [rec(i, f"标题{i}") for i in range(9)] + [rec(9, "日期不对", published="2025-13-01")]
    with county.session() as s, pytest.raises(UserError):
        packages.import_package(s, _craft_catalogue(township, c_code, bad))
    assert {fulltext.TRIGRAM_TABLE: 0, fulltext.GRAM_TABLE: 0} in during
    with county.read_session() as s:
        assert fulltext.automerge(s) == default
    during.clear()
    good = [rec(i, f"标题{i}") for i in range(10)]
    with county.session() as s:
        assert packages.import_package(s, _craft_catalogue(township, c_code, good)).state == "applied"
    assert {fulltext.TRIGRAM_TABLE: 0, fulltext.GRAM_TABLE: 0} in during
    with county.read_session() as s:
        assert fulltext.automerge(s) == default
    _check_receiver(county, {r["id"]: r["title"] for r in good})
