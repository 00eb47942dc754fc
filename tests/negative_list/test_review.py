"""The periodic review of withheld information (条例 art. 18): due list, keep / change / release."""

from __future__ import annotations

import datetime as dt

import pytest

from app import negative_list as nl
from app.errors import ConflictError, ValidationError
from app.negative_list import add_months


def test_add_months_clamps_to_month_end():
    assert add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2025, 11, 15), 3) == dt.date(2026, 2, 15)
    assert add_months(dt.date(2025, 12, 1), 1) == dt.date(2026, 1, 1)


def test_review_due_lists_items_in_force_most_overdue_first(session, make_item):
    old = make_item(name="甲", decided_on=dt.date(2023, 5, 1))  # due 2024-05-01
    mid = make_item(name="乙", decided_on=dt.date(2024, 7, 1), review_cycle_months=6)  # due 2025-01-01
    later = make_item(name="丙", decided_on=dt.date(2025, 1, 20))  # due 2026-01-20
    released = make_item(name="丁", decided_on=dt.date(2023, 1, 1))
    nl.record_review(session, released.id, "release", note="已可公开", reviewer="张三",
                     reviewed_on=dt.date(2023, 12, 1))
    today = dt.date(2025, 3, 1)
    assert [i.id for i in nl.review_due(session, today)] == [old.id, mid.id]
    assert [i.id for i in nl.review_due(session, today, within_days=400)] == [old.id, mid.id, later.id]


def test_keep_moves_next_review_by_cycle_and_keeps_status(session, make_item):
    item = make_item(decided_on=dt.date(2024, 1, 1), review_cycle_months=12)
    result = nl.record_review(session, item.id, "keep", note=None, reviewer="张三", reviewed_on=dt.date(2025, 2, 3))
    assert result.item.status == "active"
    assert result.item.last_reviewed_on == dt.date(2025, 2, 3)
    assert result.item.next_review_on == dt.date(2026, 2, 3)
    assert result.review.decision_label == "继续保留" and result.catalogue_prefill is None
    assert nl.review_due(session, dt.date(2025, 3, 1)) == []
    assert nl.item_versions(session, item.id)[0].reason.startswith("复核：继续保留")


def test_change_applies_changes_and_marks_adjusted(session, make_item):
    item = make_item()
    result = nl.record_review(session, item.id, "change", note="银行账号已不再采集", reviewer="张三",
                              reviewed_on=dt.date(2026, 3, 2),
                              changes={"scope": "仅身份证号码", "review_cycle_months": 24})
    assert result.item.status == "adjusted" and result.item.status_label == "已调整"
    assert result.item.scope == "仅身份证号码"
    assert result.item.next_review_on == dt.date(2028, 3, 2)
    versions = nl.item_versions(session, item.id)
    assert versions[0].data["scope"] == item.scope and versions[0].data["status"] == "active"
    reviews = nl.reviews_for_item(session, item.id)
    assert [(r.decision, r.reviewer, r.note) for r in reviews] == [("change", "张三", "银行账号已不再采集")]


def test_release_marks_item_and_prefills_a_catalogue_entry(session, make_item):
    item = make_item()
    result = nl.record_review(session, item.id, "release", note="补偿工作已结束，姓名和金额可以公开",
                              reviewer="张三", reviewed_on=dt.date(2026, 3, 2))
    assert result.item.status == "released" and result.item.next_review_on is None
    prefill = result.catalogue_prefill
    assert prefill["title"] == item.name
    assert prefill["disclosure_mode"] == "proactive"
    assert prefill["publisher"] == "测试县人民政府办公室"
    assert prefill["written_on"] == dt.date(2026, 3, 2)
    assert "补偿工作已结束" in prefill["summary"]
    assert result.catalogue_entry is None
    with pytest.raises(ConflictError, match="已解除，无需复核"):
        nl.record_review(session, item.id, "keep", reviewer="张三")


@pytest.mark.parametrize(
    ("decision", "kwargs", "message"),
    [
        ("drop", {}, "复核结论“drop”无效"),
        ("release", {}, "请填写复核意见"),
        ("change", {"note": "调整"}, "请填写调整后的事项内容"),
        ("change", {"note": "调整", "changes": {"category": "国家秘密", "basis_article": "第十五条"}},
         "依据应为条例第十四条"),
    ],
)
def test_bad_reviews_change_nothing(session, make_item, decision, kwargs, message):
    item = make_item()
    with pytest.raises(ValidationError, match=message):
        nl.record_review(session, item.id, decision, reviewer="张三", **kwargs)
    after = nl.get_item(session, item.id)
    assert (after.version, after.status, after.last_reviewed_on) == (1, "active", None)
    assert nl.reviews_for_item(session, item.id) == []


def test_release_can_create_the_catalogue_entry_at_once(session, make_item):
    from app import catalogue

    item = make_item()
    result = nl.record_review(session, item.id, "release", note="可以公开", reviewer="张三",
                              reviewed_on=dt.date(2026, 3, 2), create_catalogue_entry=True)
    entry = catalogue.get_entry(session, result.catalogue_entry.id)
    assert entry.title == item.name and entry.disclosure_mode == "proactive"


def test_a_failing_catalogue_entry_fails_the_release(session, make_item, monkeypatch):
    import app.negative_list.review

    def broken(*_args, **_kwargs):
        raise RuntimeError("目录登记失败")

    monkeypatch.setattr(app.negative_list.review, "create_entry", broken)  # once a ConflictError "不可用"
    item = make_item()
    with pytest.raises(RuntimeError, match="目录登记失败"):
        nl.record_review(session, item.id, "release", note="可以公开", reviewer="张三",
                         reviewed_on=dt.date(2026, 3, 2), create_catalogue_entry=True)


def test_dashboard_section_counts_due_and_soon(session, make_item):
    from app.negative_list.dashboard import sections

    make_item(name="甲", decided_on=dt.date(2024, 1, 1))  # due 2025-01-01
    make_item(name="乙", decided_on=dt.date(2024, 3, 20))  # due 2025-03-20: within 30 days
    make_item(name="丙", decided_on=dt.date(2024, 9, 1))
    (section,) = sections(session, dt.date(2025, 3, 1))
    assert [(i.label, i.count, i.urgency, i.filter_key) for i in section.items] == [
        ("到期待复核", 1, "overdue", "review_due"), ("30日内到期复核", 1, "soon", "review_soon")]
