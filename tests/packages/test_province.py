"""Inbound packages from the provincial platform: calendar, letter wording and negative-list guidance."""

from __future__ import annotations

import datetime as dt
import json

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app import packages
from app.packages import keys
from tests.helpers.packages import content_digest, craft


def _lines(*records) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in records)


def test_province_updates_calendar_templates_and_guidance(county, township):
    from app import calendar
    from app.core import profile
    from app.negative_list.taxonomy import categories

    province = Ed25519PrivateKey.generate()
    info = keys.describe(province.public_key())
    with county.session() as s:
        packages.trust_key(s, info.pem, "province", "省级平台")
        c_code = profile.own_office_row(s).org_code
    day = dt.date(2027, 2, 20)  # a Saturday
    stamp = "2026-12-01T00:00:00"
    members = {
        "data/calendar.jsonl": _lines({"id": calendar.record_id(day), "date": day.isoformat(), "is_workday": True,
                                       "note": "春节调休上班", "updated_at": stamp, "deleted": False}),
        "data/templates.jsonl": _lines({"id": "3c3b1f0e-0000-4000-8000-000000000001", "updated_at": stamp,
                                        "deleted": False, "kind": "reply", "key": "title",
                                        "text": "政府信息公开申请答复书"}),
        "data/negative_list.jsonl": _lines({
            "id": "3c3b1f0e-0000-4000-8000-000000000002", "updated_at": stamp, "deleted": False,
            "office": "province", "name": "省级指导：信访件办理过程材料", "category": categories()[0].code,
            "basis": {"law": None, "article": None, "text": None}, "scope": "全省", "status": "active",
            "keywords": ["信访"], "review_cycle_months": 12}),
        "data/applications.jsonl": b"",
    }
    data = craft(township, members, recipient=c_code, sign_with=province,
                 manifest_over={"sender": {"org_code": "province", "org_name": "省级平台", "key_id": info.key_id}})
    with county.session() as s:
        out = packages.import_package(s, data)
    assert out.state == "applied" and out.sender == "province"
    # applications from the province are online applications (docs/spec/packages.md section 5.2): none here
    assert set(out.counts) == {"calendar", "templates", "negative_list", "applications"}
    assert out.counts["applications"] == {"created": 0}
    with county.read_session() as s:
        from app import letters
        from app.negative_list import export_records

        assert calendar.load_calendar(s).is_workday(day)  # a make-up working day
        assert letters.template_overrides(s, "reply")["title"] == "政府信息公开申请答复书"
        [item] = list(export_records(s))
        assert item["name"] == "省级指导：信访件办理过程材料" and item["office"] == c_code
        assert packages.list_incoming(s)[0].sender == "province"


def test_province_package_signed_by_another_key_is_refused(county, township):
    from app.core import profile
    from app.errors import UserError

    real = Ed25519PrivateKey.generate()
    with county.session() as s:
        packages.trust_key(s, keys.describe(real.public_key()).pem, "province")
        c_code = profile.own_office_row(s).org_code
    forged = Ed25519PrivateKey.generate()
    data = craft(township, {"data/calendar.jsonl": b""}, recipient=c_code, sign_with=forged,
                 manifest_over={"sender": {"org_code": "province", "org_name": "省级平台",
                                           "key_id": keys.describe(real.public_key()).key_id}})
    before = content_digest(county)
    with county.session() as s:
        try:
            packages.import_package(s, data)
            raise AssertionError("forged package applied")
        except UserError as exc:
            assert "签名无效" in exc.message
    assert content_digest(county) == before
