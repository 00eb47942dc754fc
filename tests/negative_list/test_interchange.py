"""Interchange of negative-list items: records for packages (by uuid) and rows from Excel."""

from __future__ import annotations

import datetime as dt

import pytest

from app import negative_list as nl
from app.core.profile import own_office_id
from app.errors import ValidationError


def test_export_records_shape_and_since(session, make_item):
    a = make_item()
    records = list(nl.export_records(session))
    assert len(records) == 1
    rec = records[0]
    assert rec["id"] == a.uuid and rec["deleted"] is False
    assert rec["office"].startswith("11330127MB0000001")
    assert rec["category"] == "personal_privacy"
    assert rec["basis"] == {"law": a.basis_law, "article": "第十五条", "text": a.basis_text}
    assert rec["keywords"] == a.keywords and rec["decided_on"] == "2025-03-01"
    assert list(nl.export_records(session, since=rec["updated_at"])) == []
    assert len(list(nl.export_records(session, since="2000-01-01T00:00:00"))) == 1


def test_apply_records_round_trip_and_newer_wins(session, make_item):
    a = make_item()
    rec = next(nl.export_records(session))
    office = own_office_id(session)
    assert nl.apply_records(session, [rec], office_id=office).unchanged == 1

    newer = {**rec, "scope": "仅身份证号码", "updated_at": "2099-01-01T00:00:00"}
    result = nl.apply_records(session, [newer], office_id=office)
    assert result.updated == 1
    assert nl.get_item(session, a.id).scope == "仅身份证号码"
    assert nl.item_versions(session, a.id)[0].reason == "数据包导入"

    stale = {**rec, "scope": "旧的范围", "updated_at": "2098-01-01T00:00:00"}
    assert nl.apply_records(session, [stale], office_id=office).unchanged == 1
    assert nl.get_item(session, a.id).scope == "仅身份证号码"

    gone = {**newer, "deleted": True, "updated_at": "2099-02-01T00:00:00"}
    assert nl.apply_records(session, [gone], office_id=office).deleted == 1
    assert nl.list_items(session) == []


def test_apply_records_creates_and_is_all_or_nothing(session):
    office = own_office_id(session)
    good = {"id": "6c3f0a47-2f7e-4d6e-9b1f-6a9b4e0c1d11", "updated_at": "2025-05-01T08:00:00", "deleted": False,
            "name": "信访人个人信息", "category": "personal_privacy",
            "basis": {"law": "《中华人民共和国政府信息公开条例》", "article": "第十五条", "text": "涉及个人隐私……"},
            "status": "active", "keywords": ["信访人", "住址"], "review_cycle_months": 12}
    bad = {**good, "id": "f1b2c3d4-0000-4000-8000-000000000002", "category": "秘密"}
    with pytest.raises(ValidationError) as err:
        nl.apply_records(session, [good, bad], office_id=office)
    assert err.value.details == ["第2条负面清单记录：事项类别“秘密”无效，应为：国家秘密、法律行政法规禁止、三安全一稳定、"
                                 "商业秘密、个人隐私、内部事务、过程性信息、行政执法案卷、其他。"]
    assert nl.list_items(session) == []
    result = nl.apply_records(session, [good], office_id=office)
    assert result.created == 1
    (item,) = nl.list_items(session)
    assert item.uuid == good["id"] and item.keywords == ["信访人", "住址"]
    assert item.updated_at == dt.datetime(2025, 5, 1, 8, 0)


def test_import_rows_creates_updates_and_reports_every_bad_row(session, make_item):
    existing = make_item()
    rows = [
        {"_row": 3, "name": "新闻发布会内部口径材料", "category": "过程性信息", "decided_on": "2025/04/01",
         "keywords": "口径，答问"},
        {"_row": 4, "name": existing.name, "category": "个人隐私", "scope": "花名册中的身份证号码"},
    ]
    result = nl.import_rows(session, rows)
    assert (result.created, result.updated) == (1, 1)
    created = nl.get_item(session, result.ids[0])
    assert created.decided_on == dt.date(2025, 4, 1) and created.keywords == ["口径", "答问"]
    assert nl.get_item(session, existing.id).scope == "花名册中的身份证号码"

    bad_rows = [{"_row": 2, "name": "", "category": "个人隐私"}, {"_row": 5, "name": "甲", "category": "乙"}]
    with pytest.raises(ValidationError) as err:
        nl.import_rows(session, bad_rows + rows)
    assert [d.split("：")[0] for d in err.value.details] == ["第2行", "第5行"]
