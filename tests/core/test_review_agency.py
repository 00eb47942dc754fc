"""The profile derives its 行政复议机关; an override is refused without a reason and audited with one."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app.core import profile
from app.errors import ValidationError
from app.storage.models.core import AuditEntry


def test_profile_derives_the_body_from_level_and_parent(db, office_data):
    with db.session() as s:
        saved = profile.save_profile(s, dict(office_data, review_agency=None, parent_name="测试县人民政府"))
    assert saved.review_agency == "测试县人民政府" and saved.review_agency_reason is None
    with db.session() as s:
        saved = profile.save_profile(s, dict(saved.as_dict(), level="county-government", name="测试县人民政府",
                                             parent_name="临江市人民政府", review_agency=None))
    assert saved.review_agency == "临江市人民政府"


def test_contradicting_body_without_reason_is_refused_and_nothing_changes(db, office_data):
    with db.read_session() as s:
        before = profile.get_own_office(s)
    with db.session() as s, pytest.raises(ValidationError) as err:
        profile.save_profile(s, dict(before.as_dict(), review_agency="临江市人民政府"))
    assert "测试县人民政府" in err.value.message and "理由" in err.value.message
    with db.read_session() as s:
        assert profile.get_own_office(s) == before


def test_override_with_reason_is_saved_and_audited(db, office_data):
    reason = "本机关为市局派出机构，依第二十四条第四款由市人民政府管辖"
    with db.session() as s:
        current = profile.get_own_office(s).as_dict()
        saved = profile.save_profile(s, dict(current, review_agency="临江市人民政府", review_agency_reason=reason))
    assert saved.review_agency == "临江市人民政府" and saved.review_agency_reason == reason
    with db.read_session() as s:
        entry = s.execute(select(AuditEntry).where(AuditEntry.entity == "office")
                          .order_by(AuditEntry.seq.desc()).limit(1)).scalar_one()
        after = json.loads(entry.after)
    assert after["review_agency"] == "临江市人民政府" and after["review_agency_reason"] == reason
    assert profile.review_body(saved).overridden


def test_vertical_body_must_name_its_superior(db, office_data):
    with db.session() as s, pytest.raises(ValidationError) as err:
        profile.save_profile(s, dict(office_data, level="vertical", review_agency=None))
    assert "垂直领导" in err.value.message
