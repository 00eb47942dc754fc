"""Cell values in their common forms: dates, applicant types, channels, outcomes (with Hypothesis)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.excel.values import (
    APPLICANT_KINDS,
    CHANNELS,
    ID_TYPES,
    OUTCOME_LABELS,
    OUTCOMES,
    BadValue,
    clean_text,
    parse_code_text,
    parse_date,
)

OUTCOME_CODES = ["granted", "already_public", "partial", "denied_state_secret", "denied_law_prohibited", "denied_security_stability", "denied_third_party", "denied_internal_affairs", "denied_process_info", "denied_enforcement_file", "denied_admin_query", "unavailable_not_held", "unavailable_not_competent", "unavailable_needs_creation", "unavailable_unclear", "rejected_petition", "rejected_repeat", "rejected_publication", "rejected_excessive", "rejected_confirm_existing", "closed_no_correction", "closed_fee_unpaid", "closed_other"]

dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))


def _forms(d: dt.date) -> list:
    return [
        d, dt.datetime(d.year, d.month, d.day, 9, 30),
        f"{d.year}.{d.month}.{d.day}", f"{d.year}年{d.month}月{d.day}日", f"{d.year}/{d.month:02d}/{d.day:02d}",
        f"{d.year}-{d.month}-{d.day}", f"{d.year}{d.month:02d}{d.day:02d}", int(f"{d.year}{d.month:02d}{d.day:02d}"),
        f" {d.year} 年 {d.month} 月 {d.day} 号 ", f"{d.isoformat()} 00:00:00",
        # full-width digits as typed with a Chinese input method
        f"{d.year}年{d.month}月{d.day}日".translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    ]


@given(dates)
def test_every_common_date_form_gives_the_same_day(d):
    for form in _forms(d):
        assert parse_date(form) == d, form


@given(st.integers(min_value=2000, max_value=2100), st.integers(1, 12), st.integers(29, 35))
def test_impossible_days_are_refused_with_the_reason(year, month, day):
    try:
        expected = dt.date(year, month, day)
    except ValueError:
        expected = None
    for text in (f"{year}-{month:02d}-{day}", f"{year}年{month}月{day}日", f"{year}.{month}.{day}"):
        if expected is None:
            with pytest.raises(BadValue, match="不是有效日期：.*(没有|年份)"):
                parse_date(text)
        else:
            assert parse_date(text) == expected


@given(st.one_of(st.text(), st.integers(), st.floats(allow_nan=True), st.booleans(), st.none(),
                 st.datetimes(), st.dates()))
def test_parsers_never_crash(value):
    """Any cell value either parses or raises BadValue with a Chinese reason — nothing else."""
    for parse in (parse_date, APPLICANT_KINDS.parse, CHANNELS.parse, OUTCOMES.parse, parse_code_text):
        try:
            result = parse(value)
        except BadValue as bad:
            assert bad.reason and any("\u4e00" <= ch <= "\u9fff" for ch in bad.reason)
        else:
            if parse is parse_date:
                assert result is None or isinstance(result, dt.date)


@given(st.text(alphabet="abcxyz甲乙丙丁戊己庚辛壬癸", min_size=1, max_size=8))
def test_unknown_labels_are_errors_not_guesses(text):
    for vocab in (APPLICANT_KINDS, CHANNELS, OUTCOMES):
        with pytest.raises(BadValue, match="无法识别"):
            vocab.parse(text)


def test_blank_is_none():
    for value in (None, "", "   "):
        assert parse_date(value) is None
        assert OUTCOMES.parse(value) is None


@pytest.mark.parametrize("text", ["2025-2-29", "2025年2月30日", "2025.04.31", "20250230", "2025-13-01", "2025-00-10"])
def test_impossible_dates(text):
    with pytest.raises(BadValue, match="不是有效日期：.*(没有|年份)"):
        parse_date(text)


@pytest.mark.parametrize("text", ["上周三", "2025", "3月5日", "2025年3月", "abc", "2025-03-05x"])
def test_text_that_is_not_a_date(text):
    with pytest.raises(BadValue):
        parse_date(text)


def test_excel_serial_numbers_in_unformatted_cells():
    assert parse_date(45717) == dt.date(2025, 3, 1)
    assert parse_date(45717.75) == dt.date(2025, 3, 1)


@pytest.mark.parametrize(("text", "code"), [
    ("自然人", "natural_person"), ("公民", "natural_person"), ("个人", "natural_person"),
    ("企业", "commercial"), ("公司", "commercial"), ("商业企业", "commercial"),
    ("律师事务所", "legal_service"), ("法律服务机构", "legal_service"),
    ("高校", "research"), ("研究院", "research"), ("科研机构", "research"),
    ("社会公益组织", "public_welfare"), ("其他", "other_org"), (" 自 然 人 ", "natural_person"),
])
def test_applicant_kinds(text, code):
    assert APPLICANT_KINDS.parse(text) == code


@pytest.mark.parametrize(("text", "code"), [
    ("当面提交", "in_person"), ("当面", "in_person"), ("邮寄", "post"), ("平常信函", "letter"),
    ("网上申请", "online"), ("互联网", "online"), ("传真", "fax"), ("电子邮件", "email"), ("E-mail", "email"),
])
def test_channels(text, code):
    assert CHANNELS.parse(text) == code


def test_every_outcome_code_has_labels_and_export_label_round_trips():
    assert set(OUTCOME_LABELS) == set(OUTCOME_CODES)
    for code in OUTCOME_CODES:
        assert OUTCOMES.parse(OUTCOMES.label(code)) == code


@pytest.mark.parametrize(("text", "code"), [
    # table 三 row labels with their group and numbering, as offices copy them from the report
    ("（三）不予公开 1.属于国家秘密", "denied_state_secret"),
    ("不予公开-危及“三安全一稳定”", "denied_security_stability"),
    ("不予公开：属于四类过程性信息", "denied_process_info"),
    ("（四）无法提供 1.本机关不掌握相关政府信息", "unavailable_not_held"),
    ("（五）不予处理/2.重复申请", "rejected_repeat"),
    ("不予处理（重复申请）", "rejected_repeat"),
    ("（六）其他处理 3.其他", "closed_other"),
    ("申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "closed_no_correction"),
    ("部分公开（区分处理的，只计这一情形，不计其他情形）", "partial"),
    # usual short forms
    ("予以公开", "granted"), ("已主动公开", "already_public"), ("国家秘密", "denied_state_secret"),
    ("信息不存在", "unavailable_not_held"), ("非本机关负责公开", "unavailable_not_competent"),
    ("需另行制作", "unavailable_needs_creation"), ("重复申请", "rejected_repeat"),
    ("逾期未缴费", "closed_fee_unpaid"), ("撤回申请", "closed_other"), ("三安全一稳定", "denied_security_stability"),
])
def test_outcomes_in_official_and_short_forms(text, code):
    assert OUTCOMES.parse(text) == code


@pytest.mark.parametrize("text", ["其他", "不予公开", "无法提供", "不予处理-其他", "同意"])
def test_ambiguous_outcomes_are_refused(text):
    with pytest.raises(BadValue):
        OUTCOMES.parse(text)


def test_code_text_refuses_numbers_that_lost_digits_and_masked_values():
    with pytest.raises(BadValue, match="末几位"):
        parse_code_text(3.30781196612137e17)
    with pytest.raises(BadValue, match="脱敏"):
        parse_code_text("3301**********1234")
    assert parse_code_text(13812345678) == "13812345678"
    assert parse_code_text("33078119661213700x") == "33078119661213700X"


def test_clean_text_undoes_export_formula_escape_only():
    assert clean_text("'=SUM(A1)") == "=SUM(A1)"
    assert clean_text("'quoted") == "'quoted"


@pytest.mark.parametrize(("value", "reason"), [
    ("1985-03-01", "不是有效日期：年份1985不在1990—2100年之间"),
    (dt.date(1900, 1, 1), "不是有效日期：年份1900不在1990—2100年之间"),
    ("2101-01-01", "不是有效日期：年份2101不在1900—2100年之间"),
])
def test_spreadsheet_years_before_1990_are_refused(value, reason):
    """Stricter than app.domain.dates (1900): in a sheet an early year is a number shown as a date."""
    with pytest.raises(BadValue) as bad:
        parse_date(value)
    assert bad.value.reason == reason


@pytest.mark.parametrize("text, code", [
    ("非本机关", "unavailable_not_competent"), ("不属于本机关公开", "unavailable_not_competent"),
    ("要求确认或重新出具", "rejected_confirm_existing"), ("信访", "rejected_petition"),
    ("逾期未补正", "closed_no_correction"),
    # the abbreviation rule: the characters in order of exactly one official label
    ("三安全", "denied_security_stability"), ("过程信息", "denied_process_info"),
    ("补正后不明确", "unavailable_unclear"),
])
def test_offices_short_outcomes_are_known(text, code):
    assert OUTCOMES.parse(text) == code


@pytest.mark.parametrize("text", ["不予", "处理", "公开了"])
def test_an_abbreviation_of_several_labels_or_none_is_refused(text):
    with pytest.raises(BadValue):
        OUTCOMES.parse(text)


@pytest.mark.parametrize("text", ["浙里办", "政府网站", "微信"])
def test_online_channels_by_their_names(text):
    assert CHANNELS.parse(text) == "online"


def test_a_legal_person_without_more_is_counted_under_other():
    assert APPLICANT_KINDS.parse("法人") == "other_org"


@pytest.mark.parametrize("text, code", [("身份证", "resident_id"), ("护照", "passport"),
                                        ("港澳通行证", "hk_macao_permit"), ("台胞证", "taiwan_permit"),
                                        ("外国人永久居留身份证", "foreign_permanent_id"),
                                        ("组织机构代码", "org_code"), ("统一社会信用代码", "credit_code")])
def test_identity_document_types(text, code):
    assert ID_TYPES.parse(text) == code
