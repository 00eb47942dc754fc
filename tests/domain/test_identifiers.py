"""Check characters of the 居民身份证号码 (GB 11643-1999) and 统一社会信用代码 (GB 32100-2015)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.identifiers import (
    ID_CHECK,
    ID_WEIGHTS,
    ORG_CODE_CHARS,
    ORG_CODE_WEIGHTS,
    id_number_check_char,
    id_number_problem,
    org_code_check_char,
    org_code_problem,
)


def test_published_examples_are_valid():
    assert id_number_problem("11010519491231002X") is None  # GB 11643-1999 example
    assert org_code_problem("91350100M000100Y43") is None  # GB 32100-2015 example
    assert id_number_problem("110105194912310021") == "居民身份证号码校验位不正确，请核对"
    assert org_code_problem("91350100M000100Y44") == "统一社会信用代码校验位不正确，请核对"


@settings(max_examples=500)
@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_id_check_char_follows_the_standard(first17):
    # GB 11643-1999 7.2: S = Σ a_i × W_i, check character = table[S mod 11].
    assert id_number_check_char(first17) == ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS)) % 11]


@settings(max_examples=500)
@given(st.text(alphabet=ORG_CODE_CHARS, min_size=17, max_size=17))
def test_org_code_check_char_follows_the_standard(first17):
    # GB 32100-2015 appendix B: C18 = 31 − (Σ C_i × W_i mod 31), with 31 written as 0.
    total = sum(ORG_CODE_CHARS.index(c) * w for c, w in zip(first17, ORG_CODE_WEIGHTS))
    assert org_code_check_char(first17) == ORG_CODE_CHARS[(31 - total % 31) % 31]


def test_characters_without_a_value_are_refused():
    with pytest.raises(ValueError):
        org_code_check_char("91350100I00010OY4")
    with pytest.raises(ValueError):
        id_number_check_char("1101051949123100²")
    assert org_code_problem("91350100I000100Y43") == "统一社会信用代码含有不允许的字符“I”"
