"""Office profile validation (GB 32100) and gap-free sequences."""

from __future__ import annotations

import pytest

from app.core import profile, sequences
from app.domain.identifiers import (
    id_number_problem,
    is_valid_id_number,
    is_valid_org_code,
    org_code_check_char,
    org_code_problem,
)
from app.errors import ValidationError


def test_org_code_check_character():
    assert is_valid_org_code("91330106MA2AXXXX" + "0" + org_code_check_char("91330106MA2AXXXX0"))
    assert org_code_problem("91330106MA2AXXXX01") in (None, "统一社会信用代码校验位不正确，请核对")
    assert "18位" in org_code_problem("1234")
    assert "不允许的字符" in org_code_problem("91330106MA2AXXXI01")


def test_id_number_check_digit():
    assert is_valid_id_number("11010519491231002X")
    assert "校验位" in id_number_problem("110105194912310021")
    assert "出生日期" in id_number_problem("110105194902300021")


def test_profile_validation_names_each_problem(db, office_data):
    bad = dict(office_data, org_code="91330106MA2AXXXX0Z", name="", level="city")
    with db.session() as s, pytest.raises(ValidationError) as err:
        profile.save_profile(s, bad)
    assert len(err.value.details) == 3
    assert "机关全称" in str(err.value)


def test_profile_update_keeps_one_own_office(db, office_data):
    with db.session() as s:
        profile.save_profile(s, dict(office_data, court="青山县人民法院"))
    with db.read_session() as s:
        offices = profile.list_offices(s)
        assert len(offices) == 1 and offices[0].court == "青山县人民法院"


def test_sequence_is_gap_free_under_rollback(db):
    with db.session() as s:
        assert sequences.next_value(s, "serial:2026") == 1
    with pytest.raises(RuntimeError):
        with db.session() as s:
            assert sequences.next_value(s, "serial:2026") == 2
            raise RuntimeError("rolled back")
    with db.session() as s:
        assert sequences.next_value(s, "serial:2026") == 2
        assert sequences.next_value(s, "other") == 1


def test_raising_a_sequence_never_lowers_it(db):
    with db.session() as s:
        for _ in range(5):
            sequences.next_value(s, "serial:2025")
        sequences.ensure_at_least(s, "serial:2025", 3)
        assert sequences.peek(s, "serial:2025") == 5
        sequences.ensure_at_least(s, "serial:2025", 9)
        sequences.ensure_at_least(s, "new-key", 4)
        assert sequences.next_value(s, "serial:2025") == 10
        assert sequences.next_value(s, "new-key") == 5
