"""The negative list's demo step: a believable list, some items due, citations in refusals."""

from __future__ import annotations

import datetime as dt
import random
from types import SimpleNamespace

from sqlalchemy import select

from app import negative_list as nl
from app.core.jobs import NullProgress
from app.negative_list import demo
from app.negative_list.taxonomy import article_text, categories
from app.storage.models.core import Office


def _ctx(session, seed=7):
    office = session.execute(select(Office).where(Office.is_self.is_(True))).scalar_one()
    return SimpleNamespace(rng=random.Random(seed), today=dt.date(2026, 3, 9), office=office, townships=[],
                           sizes={}, progress=NullProgress(), summary={})


def test_demo_list_covers_categories_with_real_bases(session):
    ctx = _ctx(session)
    demo.populate(session, ctx)
    items = nl.list_items(session)
    assert 20 <= len(items) <= 40 and ctx.summary["negative_list"] == len(items)
    assert {i.category for i in items} == {c.code for c in categories()}
    for item in items:
        assert item.basis_text == article_text(item.basis_article), item.name
    assert any(i.status == "released" for i in items) and any(i.status == "adjusted" for i in items)
    due = nl.review_due(session, ctx.today)
    assert 2 <= len(due) < len(items)
    assert ctx.summary["negative_list_citations"] == 0  # no applications yet


def test_demo_cites_items_in_refusals_consistently(session, make_application):
    privacy = make_application("denied_third_party", "申请公开本村土地征收补偿花名册，含每户身份证号码和银行账号")
    process = make_application("denied_process_info", "申请公开县政府常务会议讨论记录")
    query = make_application("denied_admin_query", "申请查询某宗地的不动产登记资料")
    granted = make_application("granted", "申请公开防汛抗旱应急预案")
    ctx = _ctx(session)
    demo.populate(session, ctx)
    assert ctx.summary["negative_list_citations"] == 3
    assert "身份证号码" in nl.cited_bases(session, privacy)[0].item
    assert nl.cited_bases(session, process)[0].item == "县政府常务会议讨论记录"
    assert nl.cited_bases(session, query)[0].article == "第三十六条第（七）项"
    assert nl.cited_bases(session, granted) == []


def test_demo_is_deterministic_per_seed(db):
    with db.session() as s:
        demo.populate(s, _ctx(s, seed=11))
        first = [(i.name, i.decided_on, i.next_review_on, i.approver) for i in nl.list_items(s)]
    with db.session() as s:
        demo.populate(s, _ctx(s, seed=11))
        second = [(i.name, i.decided_on, i.next_review_on, i.approver) for i in nl.list_items(s)]
    assert second[: len(first)] != [] and sorted(second) == sorted(first + first)
