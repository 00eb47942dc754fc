"""One import-result type: every area's apply/import returns app.core.results.ImportResult."""

from __future__ import annotations

import pytest

from app.core import profile
from app.core.results import COUNT_LABELS, ImportResult, count_text


def _calls(own: int):
    from app import calendar, catalogue, ledger, negative_list, register

    return {
        "register.import_records": lambda s: register.import_records(s, []),
        "catalogue.apply_records": lambda s: catalogue.apply_records(s, [], office_id=None),
        "catalogue.import_rows": lambda s: catalogue.import_rows(s, []),
        "negative_list.apply_records": lambda s: negative_list.apply_records(s, [], office_id=own),
        "negative_list.import_rows": lambda s: negative_list.import_rows(s, []),
        "ledger.apply_records": lambda s: ledger.apply_records(s, [], office_id=own),
        "ledger.import_rows": lambda s: ledger.import_rows(s, []),
        "calendar.apply_records": lambda s: calendar.apply_records(s, []),
    }


@pytest.mark.parametrize("name", ["register.import_records", "catalogue.apply_records", "catalogue.import_rows",
                                  "negative_list.apply_records", "negative_list.import_rows",
                                  "ledger.apply_records", "ledger.import_rows", "calendar.apply_records"])
def test_every_area_returns_the_shared_type(session, name):
    result = _calls(profile.own_office_id(session))[name](session)
    assert type(result) is ImportResult
    assert result.counts() == {"created": 0, "updated": 0, "deleted": 0, "unchanged": 0}


def test_the_faces_export_the_shared_type():
    from app import calendar, catalogue, ledger, negative_list, register

    for area in (calendar, catalogue, ledger, negative_list, register):
        assert area.ImportResult is ImportResult, area.__name__


def test_one_vocabulary():
    assert [label for _, label in COUNT_LABELS] == ["新增", "更新", "删除", "未变化"]
    result = ImportResult(created=3, updated=1, unchanged=7)
    assert result.summary() == "新增3条，更新1条，未变化7条"
    assert (result.total, result.changed) == (11, 4)
    assert ImportResult().summary() == "没有记录"
    assert ImportResult(deleted=2, official_years=[2027]).summary() == "删除2条；标记为正式数据的年份：2027"
    assert count_text({"created": 1, "conflicts": 5}) == "新增1条"


def test_batches_add_up():
    total = ImportResult(created=1, ids=[4])
    total.add(ImportResult(updated=2, unchanged=1, ids=[5], offices_created=["X"]))
    assert (total.counts(), total.ids, total.offices_created) == (
        {"created": 1, "updated": 2, "deleted": 0, "unchanged": 1}, [4, 5], ["X"])
