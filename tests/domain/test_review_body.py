"""The 行政复议机关 from the office's place (行政复议法 2023 arts. 24, 27) and the court rule."""

from __future__ import annotations

import pytest

from app.domain import review_body as rule
from app.errors import ValidationError

# (level, office name, parent government, the body the rule gives, the article cited)
CASES = [
    ("county", "青山县人民政府办公室", "青山县人民政府", "青山县人民政府", "第二十四条第一款第（一）项"),
    ("department", "青山县教育局", "青山县人民政府", "青山县人民政府", "第二十四条第一款第（一）项"),
    ("township", "白沙镇人民政府", "青山县人民政府", "青山县人民政府", "第二十四条第一款第（二）项"),
    ("township", "枫林街道办事处", "青山县人民政府", "青山县人民政府", "第二十四条第一款第（三）项"),
    ("county-government", "青山县人民政府", "临江市人民政府", "临江市人民政府", "第二十四条第一款第（二）项"),
]


@pytest.mark.parametrize(("level", "name", "parent", "body", "article"), CASES)
def test_each_kind_of_office_gets_the_body_of_its_rule(level, name, parent, body, article):
    result = rule.review_body(level, name, parent, None, None)
    assert (result.agency, result.overridden, result.problem) == (body, False, None)
    assert article in result.rule and "《中华人民共和国行政复议法》" in result.rule
    assert rule.for_letter(result) == body
    # Naming the same body by hand is no override.
    assert not rule.review_body(level, name, parent, body, None).overridden


def test_the_county_office_is_not_sent_to_the_city():
    with pytest.raises(ValidationError) as err:
        rule.review_body("county", "青山县人民政府办公室", "青山县人民政府", "临江市人民政府", None)
    assert "青山县人民政府" in err.value.message and "理由" in err.value.message


def test_an_override_needs_and_keeps_its_reason():
    result = rule.review_body("department", "青山县税务局", "青山县人民政府", "临江市税务局",
                              "本局实行垂直领导，按第二十七条向上一级主管部门申请")
    assert result.overridden and result.agency == "临江市税务局" and result.derived == "青山县人民政府"
    assert "本局实行垂直领导" in result.describe()
    assert rule.for_letter(result) == "临江市税务局"


def test_a_vertically_managed_body_names_its_superior():
    assert rule.review_body("vertical", "青山县税务局", None, "临江市税务局", None).agency == "临江市税务局"
    missing = rule.review_body("vertical", "青山县税务局", None, None, None)
    assert "第二十七条" in missing.rule and missing.problem
    with pytest.raises(ValidationError):
        rule.for_letter(missing)


def test_a_body_that_cannot_be_checked_is_refused_for_letters():
    unchecked = rule.review_body("county", "青山县人民政府办公室", None, "临江市人民政府", None)
    assert unchecked.problem and "--parent-name" in unchecked.problem
    with pytest.raises(ValidationError):
        rule.for_letter(unchecked)
    with pytest.raises(ValidationError):
        rule.for_letter(rule.review_body("township", "白沙镇人民政府", None, None, None))


def test_unknown_level_is_refused():
    with pytest.raises(ValidationError):
        rule.review_body("city", "临江市人民政府", None, None, None)


def test_court_rule_names_the_articles_and_the_intermediate_court_for_a_county_government():
    assert "第十五条" in rule.court_rule("county-government") and "中级人民法院" in rule.court_rule("county-government")
    for level in ("county", "department", "township", "vertical"):
        text = rule.court_rule(level)
        assert "第十四条" in text and "第十八条" in text and "集中管辖" in text
