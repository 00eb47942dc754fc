"""app.storage.background: statements a helper thread runs inside the unit of work are in before anything
reads them and before the commit; their error fails the commit; a rollback discards them, running or not."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app.catalogue import fulltext
from app.storage import background

pytestmark = pytest.mark.sqlite_only


def _insert_entries(s, ids: list[int], title: str = "乡村振兴专项资金公示") -> None:
    office = s.execute(text("SELECT id FROM office WHERE is_self")).scalar_one()
    s.execute(text("INSERT INTO catalogue_entry (id, uuid, office_id, index_number, title, disclosure_mode, "
                   "is_normative, revision, created_at, updated_at, deleted, published_on) VALUES (:id, :u, :o, "
                   ":n, :t, 'proactive', 0, 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00', 0, '2026-03-01')"),
              [{"id": i, "u": f"u-{i}", "o": office, "n": f"N-{i}", "t": f"{title}{i}"} for i in ids])


def _slow_job_sql() -> str:
    # A statement that keeps the helper thread busy for a while (a recursive count), then writes a row.
    return ("INSERT INTO setting(key, value) SELECT 'bg-' || value, "
            "(WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 2000000) "
            "SELECT count(*) FROM c) FROM json_each(?)")


def test_rows_written_in_the_background_are_found_by_the_next_search_and_committed(db, monkeypatch):
    started: list[str] = []
    real = background.start

    def spy(conn, statements):
        started.extend(sql.split("(")[0] for sql, _ in statements)
        real(conn, statements)

    monkeypatch.setattr(background, "start", spy)
    with db.session() as s:
        _insert_entries(s, [1, 2, 3])
        assert background.available(s.connection())
        fulltext.index_entries(s, [(i, "2026-03-01", f"乡村振兴专项资金公示{i}", None) for i in (1, 2, 3)],
                               new=True, background_write=True)
        assert started == [f"INSERT INTO {t}" for t in (fulltext.KEY_TABLE, fulltext.TRIGRAM_TABLE,
                                                         fulltext.GRAM_TABLE)]
        hits = fulltext.search(s, "专项资金")  # settles first
        assert hits.total == 3 and sorted(hits.ids) == [1, 2, 3]
        assert fulltext.search(s, "振").total == 3
        assert not background.pending(s.connection())
    with db.read_session() as s:
        assert sorted(fulltext.search_ids(s, "公示")) == [1, 2, 3]


def test_a_job_still_running_is_waited_for_by_the_commit(db):
    with db.session() as s:
        conn = s.connection()
        background.start(conn, [(_slow_job_sql(), '["a", "b"]')])
        assert background.pending(conn)
    with db.read_session() as s:
        got = dict(s.execute(text("SELECT key, value FROM setting WHERE key LIKE 'bg-%'")).all())
    assert got == {"bg-a": 2000000, "bg-b": 2000000}


def test_a_failing_job_fails_the_commit_and_leaves_nothing(db):
    with pytest.raises(Exception, match="no such table"):
        with db.session() as s:
            _insert_entries(s, [7])
            conn = s.connection()
            background.start(conn, [(_slow_job_sql(), '["before"]')])
            background.start(conn, [("INSERT INTO no_such_table(x) SELECT value FROM json_each(?)", "[1]")])
            background.start(conn, [(_slow_job_sql(), '["after"]')])  # never runs after a failed job
    with db.read_session() as s:
        assert s.execute(text("SELECT count(*) FROM catalogue_entry WHERE id = 7")).scalar_one() == 0
        assert s.execute(text("SELECT count(*) FROM setting WHERE key LIKE 'bg-%'")).scalar_one() == 0


def test_a_rollback_discards_a_running_job_without_raising_its_error(db):
    class Stop(Exception):
        pass

    with pytest.raises(Stop):
        with db.session() as s:
            _insert_entries(s, [8])
            conn = s.connection()
            background.start(conn, [(_slow_job_sql(), '["x"]')])
            background.start(conn, [("INSERT INTO no_such_table(x) SELECT value FROM json_each(?)", "[1]")])
            raise Stop()  # the job's own error is not the one reported
    with db.read_session() as s:
        assert s.execute(text("SELECT count(*) FROM catalogue_entry WHERE id = 8")).scalar_one() == 0
        assert s.execute(text("SELECT count(*) FROM setting WHERE key LIKE 'bg-%'")).scalar_one() == 0


def test_a_statement_of_the_unit_of_work_waits_for_the_job_and_sees_its_rows(db):
    with db.session() as s:
        background.start(s.connection(), [(_slow_job_sql(), '["seen"]')])
        assert s.execute(text("SELECT value FROM setting WHERE key = 'bg-seen'")).scalar_one() == 2000000
        s.rollback()


def test_a_malformed_json_argument_is_not_taken_for_a_damaged_file(db):
    from app.storage import damage

    with pytest.raises(Exception, match="malformed JSON"):
        with db.session() as s:
            background.start(s.connection(), [(_slow_job_sql(), "[1, 2")])
    assert damage.problem(db.path) is None
    with db.session() as s:  # still written to
        _insert_entries(s, [9])


def test_without_json_functions_the_index_is_written_inline(db, monkeypatch):
    monkeypatch.setattr(background, "available", lambda conn: False)
    with db.session() as s:
        _insert_entries(s, [4, 5])
        fulltext.index_entries(s, [(i, "2026-03-01", f"乡村振兴专项资金公示{i}", None) for i in (4, 5)],
                               new=True, background_write=True)
        assert not background.pending(s.connection())
        assert sorted(fulltext.search_ids(s, "资金")) == [4, 5]


def test_a_title_holding_a_nul_is_indexed_whole_and_removed_whole(db):
    """SQLite's JSON functions end a string at a NUL: such rows are written inline, so that the stored text
    from which the removal rebuilds the grams is the text that was indexed (else postings stay behind)."""
    title = "甲\x00乙丙11"
    with db.session() as s:
        _insert_entries(s, [11], title="甲\x00乙丙")
        fulltext.index_entries(s, [(11, "2026-03-01", title, None)], new=True, background_write=True)
        cur = s.connection().connection.cursor()
        stored = cur.execute(f"SELECT title FROM {fulltext.TRIGRAM_TABLE}").fetchall()
        assert stored == [(title,)]
        assert fulltext.search(s, "乙丙").ids == [11]
        fulltext.unindex_entries(s, [11])
        left = cur.execute(f"SELECT count(*) FROM {fulltext.VOCAB_TABLE} WHERE doc > 0").fetchone()[0]
        assert left == 0
