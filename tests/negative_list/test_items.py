"""Negative-list items: create, change with version history, audit, category/basis validation."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from app import negative_list as nl
from app.errors import ConflictError, NotFoundError, ValidationError
from app.negative_list.taxonomy import REGULATION, article_text, categories
from app.storage.models.core import AuditEntry
from app.storage.models.negative_list import NegativeItem


def _audit(session, entity, entity_id):
    return session.execute(
        select(AuditEntry).where(AuditEntry.entity == entity, AuditEntry.entity_id == str(entity_id))
        .order_by(AuditEntry.seq)
    ).scalars().all()


def test_categories_cover_arts_14_to_16_with_verbatim_text():
    by_label = {c.label: c for c in categories()}
    assert set(by_label) == {"国家秘密", "法律行政法规禁止", "三安全一稳定", "商业秘密", "个人隐私", "内部事务",
                             "过程性信息", "行政执法案卷", "其他"}
    assert by_label["国家秘密"].article == "第十四条"
    assert by_label["个人隐私"].article == by_label["商业秘密"].article == "第十五条"
    assert by_label["内部事务"].article == "第十六条第一款"
    assert by_label["行政执法案卷"].article == "第十六条第二款"
    assert by_label["个人隐私"].text.startswith("涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的政府信息")
    assert "讨论记录、过程稿、磋商信函、请示报告" in by_label["过程性信息"].text
    assert by_label["其他"].text is None


def test_create_fills_basis_from_category_and_audits(session, make_item):
    item = make_item()
    assert item.category == "personal_privacy"
    assert item.basis_law == REGULATION
    assert item.basis_article == "第十五条"
    assert item.basis_text == article_text("第十五条")
    assert item.status == "active" and item.status_label == "有效"
    assert item.keywords == ["身份证号码", "银行账号", "补偿款", "花名册"]
    assert item.next_review_on == dt.date(2026, 3, 1)  # decided_on + 12 months
    assert item.version == 1 and len(item.uuid) == 36
    entries = _audit(session, "negative_item", item.id)
    assert [e.action for e in entries] == ["create"]
    assert json.loads(entries[0].after)["name"] == item.name


def test_update_keeps_previous_state_as_version_and_audits(session, make_item):
    item = make_item()
    changed = nl.update_item(session, item.id, {"scope": "仅限身份证号码和银行账号"}, reason="缩小范围")
    assert changed.version == 2 and changed.scope == "仅限身份证号码和银行账号"
    again = nl.update_item(session, item.id, {"approver": "赵六"})
    assert again.version == 3
    versions = nl.item_versions(session, item.id)
    assert [v.version for v in versions] == [2, 1]
    assert versions[1].data["scope"] == item.scope
    assert versions[1].reason == "缩小范围" and versions[1].replaced_by == "测试员"
    assert versions[0].data["scope"] == "仅限身份证号码和银行账号" and versions[0].data["approver"] == "王建国"
    actions = [e.action for e in _audit(session, "negative_item", item.id)]
    assert actions == ["create", "update", "update"]
    last = json.loads(_audit(session, "negative_item", item.id)[-1].after)
    assert last["approver"] == "赵六" and last["version"] == 3


def test_update_without_change_writes_no_version(session, make_item):
    item = make_item()
    same = nl.update_item(session, item.id, {"name": item.name})
    assert same.version == 1 and nl.item_versions(session, item.id) == []


def test_category_change_brings_its_article(session, make_item):
    item = make_item()
    changed = nl.update_item(session, item.id, {"category": "过程性信息"})
    assert changed.basis_article == "第十六条第二款"
    assert changed.basis_text == article_text("第十六条第二款")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": "  "}, "请填写事项名称"),
        ({"category": "机密"}, "事项类别“机密”无效"),
        ({"category": "商业秘密", "basis_article": "第十四条"}, "依据应为条例第十五条"),
        ({"category": "内部事务", "basis_article": "第十六条第二款"}, "依据应为条例第十六条第一款"),
        ({"category": "其他"}, "须填写具体依据"),
        ({"decided_on": "2025-13-01"}, "确定日期“2025-13-01”不是有效日期"),
        ({"review_cycle_months": 0}, "复核周期“0”无效"),
        ({"status": "作废"}, "状态“作废”无效"),
    ],
)
def test_invalid_items_are_refused_and_nothing_is_stored(session, make_item, overrides, message):
    with pytest.raises(ValidationError, match=message):
        make_item(**overrides)
    assert session.execute(select(NegativeItem)).first() is None


def test_other_category_with_its_own_basis(make_item):
    item = make_item(category="other", basis_law="中华人民共和国政府信息公开条例", basis_article="第三十六条第（七）项",
                     basis_text="所申请公开信息属于工商、不动产登记资料等信息……", name="不动产登记资料")
    assert item.basis_law == REGULATION and item.category_label == "其他"


def test_article_of_the_whole_art_16_is_accepted_for_its_paragraphs(make_item):
    item = make_item(category="行政执法案卷", basis_article="第十六条", name="行政处罚案卷")
    assert item.basis_article == "第十六条"
    assert item.basis_text  # filled from the category's paragraph


def test_delete_marks_item_and_hides_it(session, make_item):
    item = make_item()
    nl.delete_item(session, item.id)
    assert nl.list_items(session) == []
    assert [i.id for i in nl.list_items(session, include_deleted=True)] == [item.id]
    with pytest.raises(NotFoundError):
        nl.get_item(session, item.id)
    assert _audit(session, "negative_item", item.id)[-1].action == "delete_mark"


def test_cited_item_cannot_be_deleted(session, make_item, make_application):
    item = make_item()
    app_id = make_application("denied_third_party")
    nl.cite_items(session, app_id, [item.id])
    with pytest.raises(ConflictError, match="已被1件申请的答复引用"):
        nl.delete_item(session, item.id)


def test_list_filters(session, make_item):
    a = make_item()
    b = make_item(name="县政府常务会议讨论记录", category="过程性信息", keywords="常务会议、会议纪要", scope="会议讨论记录",
                  decided_on=dt.date(2024, 1, 10))
    assert [i.id for i in nl.list_items(session, category_code="过程性信息")] == [b.id]
    assert [i.id for i in nl.list_items(session, text="花名册")] == [a.id]
    assert [i.id for i in nl.list_items(session, due_on=dt.date(2025, 6, 1))] == [b.id]
    assert {i.id for i in nl.list_items(session, status="有效")} == {a.id, b.id}
