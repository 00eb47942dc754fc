"""Fixtures of the negative-list tests: items and applications to cite them."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import sqlalchemy as sa

from app.storage.base import Base, utcnow

ITEM_DEFAULTS = {
    "name": "征地补偿安置中被征收人的个人信息",
    "category": "个人隐私",
    "scope": "征地补偿花名册中的身份证号码、银行账号、家庭住址、联系电话",
    "responsible_unit": "县自然资源局",
    "decided_on": dt.date(2025, 3, 1),
    "approver": "王建国",
    "review_cycle_months": 12,
    "keywords": "身份证号码、银行账号、补偿款、花名册",
}


@pytest.fixture
def make_item(session):
    """make_item(**overrides) -> ItemInfo, created through the service."""
    from app import negative_list

    def make(**overrides):
        return negative_list.create_item(session, {**ITEM_DEFAULTS, **overrides})

    return make


@pytest.fixture
def make_application(session):
    """make_application(outcome=None, content=...) -> id of an application row of the own office."""
    from app.core.profile import own_office_id

    counter = iter(range(1, 10_000))

    def make(outcome: str | None = None, content: str = "申请公开本村征地补偿款发放名单") -> int:
        table = Base.metadata.tables["application"]
        now = utcnow()
        values = {
            "uuid": str(uuid.uuid4()), "office_id": own_office_id(session), "serial": f"T-{next(counter):04d}",
            "received_on": dt.date(2025, 6, 2), "channel": "post", "applicant_kind": "natural_person",
            "applicant_name": "李四", "content": content, "status": "closed" if outcome else "registered",
            "outcome": outcome, "replied_on": dt.date(2025, 6, 20) if outcome else None,
            "due_provisional": False, "created_at": now, "updated_at": now,
        }
        values = {k: v for k, v in values.items() if k in table.c}
        return session.execute(sa.insert(table).values(**values).returning(table.c.id)).scalar_one()

    return make
