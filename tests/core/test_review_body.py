"""The derived 行政复议机关: the office's place decides, the 本级人民政府 names it (行政复议法 2023 art. 24)."""

from __future__ import annotations

import pytest

from app.core.profile import derive_review_body
from app.errors import ValidationError


@pytest.mark.parametrize(("kind", "parent", "article"), [
    ("county", "青山县人民政府", "第一项"),
    ("department", "青山县人民政府", "第一项"),
    ("township", "青山县人民政府", "第二项、第三项"),
    ("county-government", "临江市人民政府", "第二项"),
])
def test_body_and_rule(kind, parent, article):
    body, rule = derive_review_body(kind, parent)
    assert body == parent
    assert "行政复议法" in rule and article in rule


def test_missing_parent_or_unknown_kind_is_refused():
    with pytest.raises(ValidationError, match="本级人民政府"):
        derive_review_body("township", " ")
    with pytest.raises(ValidationError, match="未知的机关类别"):
        derive_review_body("province", "某省人民政府")
