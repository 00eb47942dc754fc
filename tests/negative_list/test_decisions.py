"""Citing negative-list items in refusals: rules, suggestions from the content, bases for the reply letter."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app import negative_list as nl
from app.errors import ConflictError, NotFoundError, ValidationError
from app.storage.models.core import AuditEntry


@pytest.fixture
def catalogue_of_items(make_item):
    """A small but realistic list, several of them about 征地 so that the ranking has to discriminate."""
    return {
        "privacy": make_item(),
        "process": make_item(name="征地补偿安置方案征求意见稿及讨论记录", category="过程性信息",
                             scope="征地补偿安置方案报批前的内部讨论稿、会议记录、请示",
                             keywords="征求意见稿、讨论记录、请示、报批"),
        "trade": make_item(name="政府采购投标人的技术方案和报价构成", category="商业秘密",
                           scope="投标文件中的技术方案、成本构成、报价明细", keywords="投标文件、报价、技术方案"),
        "personnel": make_item(name="干部人事档案和年度考核材料", category="内部事务",
                               scope="干部人事档案、年度考核登记表、民主测评结果", keywords="人事档案、考核、测评"),
        "enforcement": make_item(name="行政处罚案件调查询问笔录", category="行政执法案卷",
                                 scope="行政处罚案卷中的询问笔录、现场检查记录、证据材料",
                                 keywords="询问笔录、案卷、处罚"),
        "secret": make_item(name="涉密的征地红线矢量数据和测绘成果", category="国家秘密",
                            scope="依法定密的基础测绘成果和坐标数据", keywords="测绘成果、坐标、涉密"),
    }


def test_personal_information_of_land_compensation_suggests_privacy_item_first(session, catalogue_of_items):
    text = "申请公开2024年本村征地补偿个人信息，包括被征地农户姓名、身份证号码和每户补偿金额"
    suggestions = nl.suggest_items(session, text)
    assert suggestions[0].item_id == catalogue_of_items["privacy"].id
    assert suggestions[0].category == "personal_privacy"
    assert suggestions[0].basis_text.startswith("涉及商业秘密、个人隐私")
    assert suggestions[0].score > suggestions[1].score > 0
    assert catalogue_of_items["personnel"].id not in [s.item_id for s in suggestions]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("请提供城南片区征地补偿安置方案的讨论记录和征求意见稿", "process"),
        ("申请公开某公司在办公楼物业采购项目中的投标报价明细", "trade"),
        ("要求提供对我作出行政处罚时的询问笔录", "enforcement"),
        ("申请获取我本人的年度考核登记表和民主测评结果", "personnel"),
    ],
)
def test_suggestions_follow_the_subject(session, catalogue_of_items, text, expected):
    assert nl.suggest_items(session, text, limit=3)[0].item_id == catalogue_of_items[expected].id


def test_suggestions_exclude_released_items_and_respect_limit_and_outcome(session, catalogue_of_items):
    text = "征地补偿个人信息 身份证号码 征求意见稿 测绘成果"
    assert len(nl.suggest_items(session, text, limit=2)) == 2
    nl.record_review(session, catalogue_of_items["privacy"].id, "release", note="已脱敏可公开", reviewer="张三")
    ids = [s.item_id for s in nl.suggest_items(session, text)]
    assert catalogue_of_items["privacy"].id not in ids
    only_secret = nl.suggest_items(session, text, outcome="denied_state_secret")
    assert [s.item_id for s in only_secret] == [catalogue_of_items["secret"].id]
    assert nl.suggest_items(session, "，。！") == []


def test_cite_refusal_and_cited_bases(session, catalogue_of_items, make_application):
    app_id = make_application("denied_third_party")
    privacy, trade = catalogue_of_items["privacy"], catalogue_of_items["trade"]
    nl.cite_items(session, app_id, [privacy.id, trade.id, privacy.id])
    bases = nl.cited_bases(session, app_id)
    assert [(b.item, b.article) for b in bases] == [(privacy.name, "第十五条"), (trade.name, "第十五条")]
    assert bases[0].citation == "《中华人民共和国政府信息公开条例》第十五条"
    assert bases[0].text == privacy.basis_text
    decisions = nl.decisions_for_item(session, privacy.id)
    assert [d.application_id for d in decisions] == [app_id]
    assert decisions[0].outcome == "denied_third_party" and decisions[0].cited_by == "测试员"


def test_cite_replaces_earlier_citations_with_audit(session, catalogue_of_items, make_application):
    app_id = make_application("partial")
    nl.cite_items(session, app_id, [catalogue_of_items["privacy"].id, catalogue_of_items["process"].id])
    nl.cite_items(session, app_id, [catalogue_of_items["process"].id])
    assert nl.cited_item_ids(session, app_id) == [catalogue_of_items["process"].id]
    actions = session.execute(
        select(AuditEntry.action).where(AuditEntry.entity == "application_negative_item").order_by(AuditEntry.seq)
    ).scalars().all()
    assert actions == ["create", "create", "delete"]


def test_open_application_may_cite(session, catalogue_of_items, make_application):
    app_id = make_application(None)
    nl.cite_items(session, app_id, [catalogue_of_items["secret"].id])
    assert nl.cited_item_ids(session, app_id) == [catalogue_of_items["secret"].id]


@pytest.mark.parametrize("outcome", ["granted", "already_public", "unavailable_not_held", "rejected_repeat"])
def test_non_refusal_outcomes_cannot_cite(session, catalogue_of_items, make_application, outcome):
    app_id = make_application(outcome)
    with pytest.raises(ConflictError, match="只有不予公开或部分公开的申请"):
        nl.cite_items(session, app_id, [catalogue_of_items["privacy"].id])
    assert nl.cited_item_ids(session, app_id) == []


def test_refusal_ground_must_match_item_category(session, catalogue_of_items, make_application):
    app_id = make_application("denied_state_secret")
    with pytest.raises(ValidationError, match="属于“个人隐私”.*不一致"):
        nl.cite_items(session, app_id, [catalogue_of_items["secret"].id, catalogue_of_items["privacy"].id])
    assert nl.cited_item_ids(session, app_id) == []
    nl.cite_items(session, app_id, [catalogue_of_items["secret"].id])


def test_released_or_unknown_items_and_unknown_applications(session, catalogue_of_items, make_application):
    app_id = make_application("denied_third_party")
    nl.record_review(session, catalogue_of_items["trade"].id, "release", note="项目已结束", reviewer="张三")
    with pytest.raises(ConflictError, match="已解除"):
        nl.cite_items(session, app_id, [catalogue_of_items["trade"].id])
    with pytest.raises(NotFoundError):
        nl.cite_items(session, app_id, [9999])
    with pytest.raises(NotFoundError, match="申请"):
        nl.cite_items(session, 9999, [catalogue_of_items["privacy"].id])


def test_existing_citation_survives_release(session, catalogue_of_items, make_application):
    app_id = make_application("denied_third_party")
    item = catalogue_of_items["privacy"]
    nl.cite_items(session, app_id, [item.id])
    nl.record_review(session, item.id, "release", note="情势变化", reviewer="张三")
    nl.cite_items(session, app_id, [item.id])  # unchanged set: allowed
    assert [b.item_id for b in nl.cited_bases(session, app_id)] == [item.id]


def test_the_reply_letter_cites_the_bases_and_a_failure_to_read_them_stops_it(session, catalogue_of_items,
                                                                               make_application, monkeypatch):
    import app.letters.issuing
    from app import letters

    app_id = make_application("denied_third_party")
    nl.cite_items(session, app_id, [catalogue_of_items["trade"].id])
    data = letters.letter_data(session, app_id)
    [basis] = data.negative_bases  # the article, and the item it rests on (docs/spec/letters.md section 3)
    assert basis == f"《中华人民共和国政府信息公开条例》第十五条（负面清单事项“{catalogue_of_items['trade'].name}”）"
    assert data.record["negative_list_item_ids"] == [catalogue_of_items["trade"].id]  # the register's record

    def broken(*_args):
        raise RuntimeError("负面清单读取失败")

    monkeypatch.setattr(app.letters.issuing, "cited_bases", broken)  # once a letter without its bases
    with pytest.raises(RuntimeError, match="负面清单读取失败"):
        letters.letter_data(session, app_id)
