"""Properties of issue 18's defences over generated inputs: consistent rewrites of the audit chain against
its anchors, and hostile sizes against the memory bounds. Small in CI; `make fuzz` runs the long ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import ValidationError
from app.excel.guard import WorkbookLimits, check_workbook
from app.packages.archive import Limits, read_package_file
from tests.helpers.audit_chain import head, rewrite_chain
from tests.helpers.hostile_files import sparse_file, workbook_with_shared_string
from tests.helpers.reliability import fuzz_examples

pytestmark = pytest.mark.sqlite_only


def _settings(examples: int):
    return settings(max_examples=examples, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


# -- chain rewrites ------------------------------------------------------------------------------------------
def _anchored_database(db, tmp_path) -> tuple[bytes, int, int]:
    """A database whose chain has a backup anchor and, later, a sensitive-event anchor; its bytes, the
    last anchored seq and the head."""
    from app.core import security
    from app.core import settings as office_settings
    from app.storage.backup import backup_to

    for minutes in range(5, 9):
        with db.session() as s:
            office_settings.set_setting(s, "security.idle_minutes", minutes)
    backup_to(db, tmp_path / "b.sqlite3")
    with db.session() as s:
        security.record_unlock(s, False)
    anchored = head(db.path)[0]
    for minutes in range(9, 12):
        with db.session() as s:
            office_settings.set_setting(s, "security.idle_minutes", minutes)
    db.dispose()
    assert not Path(str(db.path) + "-wal").exists()
    return db.path.read_bytes(), anchored, head(db.path)[0]


def _chain_property(db, tmp_path, examples: int) -> None:
    from app.core import anchors, audit

    pristine, anchored, last = _anchored_database(db, tmp_path)

    @_settings(examples)
    @given(st.one_of(st.none(), st.integers(1, last)), st.one_of(st.none(), st.integers(0, last - 1)))
    def check(change_seq, drop_after):
        db.dispose()
        db.path.write_bytes(pristine)
        rewrite_chain(db.path, change_seq=change_seq, drop_after=drop_after)
        with db.read_session() as s:
            assert audit.verify_chain(s) is None  # consistent: the chain alone cannot tell
            found = anchors.problem(s)
        dropped = drop_after is not None and drop_after < anchored
        changed = change_seq is not None and change_seq <= anchored and (drop_after is None or change_seq <= drop_after)
        # What lies after the last anchor is not covered by anchors (docs/security.md); the rest always is.
        assert (found is not None) == (dropped or changed), (change_seq, drop_after, found)

    check()


def test_consistent_chain_rewrites_against_the_anchors(db, tmp_path):
    _chain_property(db, tmp_path, 15)


@pytest.mark.fuzz
def test_consistent_chain_rewrites_long(db, tmp_path):
    _chain_property(db, tmp_path, min(fuzz_examples(15), 500))


# -- memory bounds -------------------------------------------------------------------------------------------
def _workbook_property(tmp_path, examples: int) -> None:
    @_settings(examples)
    @given(st.integers(1, 3 << 20), st.integers(1000, 3 << 20), st.booleans())
    def check(text_bytes, limit, inline):
        path = workbook_with_shared_string(tmp_path / "w.xlsx", text_bytes, inline_in_sheet=inline)
        limits = WorkbookLimits(max_text_bytes=limit, max_ratio=1 << 30)
        run = text_bytes + len("t>")  # from the "<" of <t> to the "<" of </t>
        try:
            check_workbook(path, limits)
            refused = False
        except ValidationError as exc:
            assert "单元格的内容过长" in exc.message
            refused = True
        assert refused == (run > limit), (text_bytes, limit)

    check()


def test_cell_text_bounds(tmp_path):
    _workbook_property(tmp_path, 20)


@pytest.mark.fuzz
def test_cell_text_bounds_long(tmp_path):
    _workbook_property(tmp_path, min(fuzz_examples(20), 1000))


def _package_file_property(tmp_path, monkeypatch, examples: int) -> None:
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"{self} was read whole"))

    @_settings(examples)
    @given(st.integers(0, 64 << 30), st.binary(max_size=64))
    def check(size, head_bytes):
        path = sparse_file(tmp_path / "p.gkpkg", max(size, len(head_bytes)), head=head_bytes)
        with pytest.raises(ValidationError):
            read_package_file(path, Limits(max_package_bytes=16 << 30))
        path.unlink()

    check()


def test_junk_package_files_are_refused_unread(tmp_path, monkeypatch):
    _package_file_property(tmp_path, monkeypatch, 30)


@pytest.mark.fuzz
def test_junk_package_files_long(tmp_path, monkeypatch):
    _package_file_property(tmp_path, monkeypatch, min(fuzz_examples(30), 2000))
