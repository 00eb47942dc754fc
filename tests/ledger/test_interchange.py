"""Ledger interchange: export → apply round trip between installations, Excel rows import."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from app import ledger
from app.core import profile
from app.domain.identifiers import org_code_check_char
from app.errors import ValidationError
from app.storage.db import Database

TODAY = dt.date(2025, 6, 16)
TOWN_CODE = "11330127MB0000002"


def _fill(session):
    t = ledger.add_task(session, {"source_document": "2025年政务公开工作要点", "requirement": "每月更新财政信息",
                                  "cadence": "每月", "due_on": dt.date(2025, 5, 31), "responsible_person": "李明"},
                        today=TODAY)
    ledger.add_attachment(session, t.id, "截图.png", b"\x89PNG evidence bytes")
    ledger.complete_task(session, t.id, completed_on=dt.date(2025, 5, 30), note="已按时更新", today=TODAY)
    ledger.add_activity(session, {"kind": "interpretation", "document_title": "关于加强耕地保护的通知",
                                  "document_published_on": dt.date(2025, 4, 1), "occurred_on": dt.date(2025, 4, 3)})
    gone = ledger.add_activity(session, {"kind": "培训", "occurred_on": dt.date(2025, 4, 8), "title": "误录",
                                         "participants": 3})
    ledger.delete_activity(session, gone.id)
    ledger.add_column(session, {"name": "通知公告", "cadence": "每周", "last_updated_on": dt.date(2025, 6, 10)},
                      today=TODAY)
    ledger.set_figures(session, 2025, {"licensing": 12, "fees_wan_yuan": "1.2"})
    ledger.add_case(session, {"kind": "review", "filed_on": dt.date(2025, 2, 1), "concluded_on": dt.date(2025, 4, 1),
                              "result": "upheld", "case_number": "临复〔2025〕3号"})


def _strip(records):
    return sorted(({k: v for k, v in r.items() if k != "office"} for r in records), key=lambda r: r["id"])


def test_round_trip_between_installations(session, tmp_path):
    _fill(session)
    session.flush()
    records = json.loads(json.dumps(list(ledger.export_records(session, include_content=True))))
    assert {r["type"] for r in records} == {"task", "activity", "column", "figure", "case"}
    assert sum(r["deleted"] for r in records) == 1
    task = next(r for r in records if r["type"] == "task" and r["status"] == "done")
    assert task["attachments"][0]["filename"] == "截图.png"

    county = Database.open(tmp_path / "county.sqlite3")
    try:
        code = "11330127MB0000003"
        with county.session() as s:
            profile.save_profile(s, {"name": "测试县政务公开办", "org_code": code + org_code_check_char(code),
                                     "level": "county"})
            town = profile.ensure_office(s, TOWN_CODE + org_code_check_char(TOWN_CODE), "测试镇")
            result = ledger.apply_records(s, records, office_id=town.id, today=TODAY)
            assert (result.created, result.updated) == (len(records) - 1, 0)  # the unknown tombstone is a no-op
            town_id = town.id
        with county.session() as s:
            again = ledger.apply_records(s, records, office_id=town_id, today=TODAY)
            assert again.unchanged == len(records) and again.created == again.updated == 0
            back = list(ledger.export_records(s, office_id=town_id, include_content=True))
            counts = ledger.annual_counts(s, 2025, office_id=town_id)
        expected = [r for r in _strip(records) if not r["deleted"]]
        assert _strip(back) == expected
        assert counts["proactive"]["licensing"] == 12 and counts["review_litigation"]["review"]["upheld"] == 1
    finally:
        county.dispose()


def test_apply_refuses_bad_records_and_changes_nothing(session):
    _fill(session)
    records = list(ledger.export_records(session))
    bad = [dict(r) for r in records]
    case = next(r for r in bad if r["type"] == "case")
    case["filed_on"] = "2025-02-30"
    case["result"] = "驳回起诉请求"
    before = _strip(ledger.export_records(session))
    with pytest.raises(ValidationError) as err:
        ledger.apply_records(session, bad, office_id=_own(session), today=TODAY)
    assert len(err.value.details) == 1 and case["id"] in err.value.details[0]
    assert _strip(ledger.export_records(session)) == before


def _own(session):
    from app.core.profile import own_office_id

    return own_office_id(session)


ROWS = [
    {"_row": 3, "type": "任务", "source_document": "市政务公开办关于做好年度报告工作的通知",
     "requirement": "按时发布年度报告", "due_on": "2025.1.31", "status": "已完成", "completed_on": "2025年1月27日",
     "responsible_unit": "县政府办"},
    {"_row": 4, "type": "活动记录", "kind": "主动公开", "occurred_on": "20250331", "title": "一季度网站发布",
     "channel": "政府网站", "quantity": "86"},
    {"_row": 5, "type": "活动记录", "kind": "回应关切", "occurred_on": "2025/04/02", "title": "回应群众关于学区划分的关切"},
    {"_row": 6, "type": "统计数据", "year": 2025, "key": "行政处罚", "value": "87"},
    {"_row": 7, "type": "统计数据", "year": 2025, "key": "规章-本年制发件数", "value": 1},
    {"_row": 8, "type": "复议诉讼案件", "kind": "行政诉讼", "route": "复议后起诉", "case_number": "（2025）浙0127行初5号",
     "filed_on": "2025-05-06", "result": "尚未审结"},
    {"_row": 9, "type": "网站栏目", "name": "政策解读", "cadence": "每月", "last_updated_on": "2025-06-01"},
]


def test_import_rows_and_reimport_never_duplicates(session):
    result = ledger.import_rows(session, ROWS, today=TODAY)
    assert (result.created, result.updated, result.unchanged) == (7, 0, 0)
    counts = ledger.annual_counts(session, 2025)
    assert counts["proactive"]["penalty"] == 87 and counts["proactive"]["regulations"]["issued"] == 1
    assert counts["activities"]["publications"]["website"] == 86
    assert counts["review_litigation"]["litigation_after_review"]["pending"] == 1
    again = ledger.import_rows(session, ROWS, today=TODAY)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 7)
    changed = [dict(r) for r in ROWS]
    changed[3]["value"] = "90"
    third = ledger.import_rows(session, changed, today=TODAY)
    assert (third.created, third.updated) == (0, 1)
    assert ledger.annual_counts(session, 2025)["proactive"]["penalty"] == 90


def test_import_rows_names_every_bad_cell_and_imports_nothing(session):
    rows = [dict(r) for r in ROWS]
    rows[1]["channel"] = "抖音"
    rows[2]["occurred_on"] = "2025-02-30"
    rows[3]["value"] = "八十七"
    with pytest.raises(ValidationError) as err:
        ledger.import_rows(session, rows, today=TODAY)
    details = err.value.details
    assert len(details) == 3
    assert details[0].startswith("第 4 行") and "抖音" in details[0]
    assert details[1].startswith("第 5 行") and details[2].startswith("第 6 行")
    assert list(ledger.export_records(session)) == []
