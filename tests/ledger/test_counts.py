"""annual_counts: table 二 figures, the 15 numbers of table 四 and activity counts on constructed data."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from app import ledger
from app.core import profile
from app.core.settings import set_setting
from app.errors import ValidationError

D = dt.date
TODAY = D(2026, 3, 1)


def _case(session, kind, filed, concluded=None, result=None, route=None, office_id=None):
    return ledger.add_case(session, {"kind": kind, "route": route, "filed_on": filed, "concluded_on": concluded,
                                     "result": result, "party": "张某"}, office_id=office_id)


@pytest.fixture
def data(session):
    township = profile.ensure_office(session, "12330127MB00000019", "测试镇人民政府")
    ledger.set_figures(session, 2025, {
        "regulations.issued": 1, "regulations.repealed": 0, "regulations.in_force": 5,
        "normative_documents.issued": 12, "normative_documents.repealed": "3", "normative_documents.in_force": 40,
        "licensing": 1520, "penalty": 87, "coercion": 4, "fees_wan_yuan": "12.3456"})
    ledger.set_figures(session, 2024, {"licensing": 999})
    ledger.set_figures(session, 2025, {"licensing": 10, "fees_wan_yuan": 0.5}, office_id=township.id)

    _case(session, "review", D(2025, 3, 1), D(2025, 5, 1), "结果维持")
    _case(session, "行政复议", D(2025, 11, 1))                                    # pending
    _case(session, "review", D(2024, 10, 1), D(2025, 2, 1), "corrected")          # carried in
    _case(session, "review", D(2025, 12, 10), D(2026, 1, 15), "other")            # pending at year end
    _case(session, "review", D(2024, 1, 1), D(2024, 6, 1), "upheld")              # 2024 only
    _case(session, "行政诉讼", D(2025, 4, 1), D(2025, 9, 1), "结果纠正", route="未经复议直接起诉")
    _case(session, "litigation", D(2025, 6, 1), route="after_review")             # pending
    gone = _case(session, "review", D(2025, 7, 1), D(2025, 8, 1), "upheld")
    ledger.delete_case(session, gone.id)
    _case(session, "review", D(2025, 7, 1), D(2025, 8, 1), "upheld", office_id=township.id)

    def act(**kw):
        return ledger.add_activity(session, kw, today=TODAY)

    act(kind="publication", occurred_on=D(2025, 3, 31), title="3月网站信息", channel="website", quantity=30)
    act(kind="publication", occurred_on=D(2025, 4, 30), title="4月网站信息", channel="网站", quantity=5)
    act(kind="publication", occurred_on=D(2025, 4, 30), title="4月微信", channel="wechat", quantity=7)
    act(kind="publication", occurred_on=D(2024, 12, 31), title="2024年12月", channel="website", quantity=100)
    act(kind="interpretation", document_title="甲", document_published_on=D(2025, 3, 7), occurred_on=D(2025, 3, 12))
    act(kind="interpretation", document_title="乙", document_published_on=D(2025, 3, 7), occurred_on=D(2025, 3, 14))
    act(kind="interpretation", document_title="丙", document_published_on=D(2025, 11, 3))
    act(kind="training", occurred_on=D(2025, 5, 9), title="政务公开业务培训", participants=30)
    act(kind="培训", occurred_on=D(2025, 9, 9), title="条例专题培训", participants=45)
    act(kind="新闻发布会", occurred_on=D(2025, 6, 1), title="优化营商环境新闻发布会")
    deleted = act(kind="在线访谈", occurred_on=D(2025, 6, 2), title="局长在线访谈")
    ledger.delete_activity(session, deleted.id)

    def task(due, done_on=None):
        t = ledger.add_task(session, {"source_document": "2025年政务公开工作要点", "requirement": f"任务{due}",
                                      "due_on": due}, today=TODAY)
        if done_on:
            ledger.complete_task(session, t.id, completed_on=done_on, today=TODAY)

    task(D(2025, 3, 31), D(2025, 3, 30))
    task(D(2025, 6, 30), D(2025, 7, 2))
    task(D(2025, 12, 31))
    task(D(2024, 12, 31))
    return township


def test_table_two_figures(session, data):
    counts = ledger.annual_counts(session, 2025)
    assert counts["proactive"] == {
        "regulations": {"issued": 1, "repealed": 0, "in_force": 5},
        "normative_documents": {"issued": 12, "repealed": 3, "in_force": 40},
        "licensing": 1520, "penalty": 87, "coercion": 4, "fees_wan_yuan": 12.3456}
    assert counts["missing_figures"] == []
    assert ledger.annual_counts(session, 2024)["proactive"]["licensing"] == 999
    assert "penalty" in ledger.annual_counts(session, 2024)["missing_figures"]
    summary = ledger.annual_counts(session, 2025, summary=True)["proactive"]
    assert summary["licensing"] == 1530 and summary["fees_wan_yuan"] == 12.8456
    json.dumps(counts)  # the report's --json output carries it as is


def test_table_four_counts_cases_handled_in_the_year(session, data):
    rl = ledger.annual_counts(session, 2025)["review_litigation"]
    assert rl["review"] == {"upheld": 1, "corrected": 1, "other": 0, "pending": 2, "total": 4}
    assert rl["litigation_direct"] == {"upheld": 0, "corrected": 1, "other": 0, "pending": 0, "total": 1}
    assert rl["litigation_after_review"] == {"upheld": 0, "corrected": 0, "other": 0, "pending": 1, "total": 1}
    next_year = ledger.annual_counts(session, 2026)["review_litigation"]
    assert next_year["review"] == {"upheld": 0, "corrected": 0, "other": 1, "pending": 1, "total": 2}
    township = ledger.annual_counts(session, 2025, office_id=data.id)["review_litigation"]
    assert township["review"]["upheld"] == 1 and township["review"]["total"] == 1


def test_table_four_counting_rule_is_a_setting(session, data):
    set_setting(session, "ledger.case_counting", "filed")
    rl = ledger.annual_counts(session, 2025)["review_litigation"]
    assert rl["review"] == {"upheld": 1, "corrected": 0, "other": 0, "pending": 2, "total": 3}


def test_activity_and_task_counts(session, data):
    counts = ledger.annual_counts(session, 2025)
    acts = counts["activities"]
    assert acts["publications"] == {"total": 42, "website": 35, "gazette": 0, "weibo": 0, "wechat": 7, "other": 0}
    assert acts["interpretations"] == {"total": 2, "late": 1, "pending": 1}
    assert acts["trainings"] == {"sessions": 2, "participants": 75}
    assert acts["press_conferences"] == 1 and acts["online_interviews"] == 0
    assert counts["tasks"] == {"total": 3, "done": 2, "done_late": 1, "open": 1}


def test_bad_figures_are_refused_and_nothing_changes(session, data):
    with pytest.raises(ValidationError):
        ledger.set_figures(session, 2025, {"licensing": "12.5"})
    with pytest.raises(ValidationError):
        ledger.set_figures(session, 2025, {"penalty": 3, "coercion": -1})
    with pytest.raises(ValidationError):
        ledger.set_figures(session, 2025, {"unknown": 1})
    assert ledger.get_figures(session, 2025)["penalty"] == 87
    cleared = ledger.set_figures(session, 2025, {"penalty": None})
    assert cleared["penalty"] is None
    assert "penalty" in ledger.annual_counts(session, 2025)["missing_figures"]


def test_case_validation(session):
    with pytest.raises(ValidationError):
        _case(session, "review", D(2025, 3, 1), None, "upheld")  # result without conclusion date
    with pytest.raises(ValidationError):
        _case(session, "litigation", D(2025, 3, 1))  # route missing
    with pytest.raises(ValidationError):
        _case(session, "review", D(2025, 3, 1), D(2025, 2, 1), "upheld")
    assert ledger.list_cases(session) == []
