"""Receipt date by channel (条例 art. 31)."""

from datetime import date

import pytest

from app.domain.receipt import CHANNELS, receipt_date, rule_for
from app.errors import ValidationError

D1, D2, D3 = date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4)


def test_every_contract_channel_has_a_rule_with_an_explanation():
    assert set(CHANNELS) == {"in_person", "post", "letter", "online", "fax", "email", "other"}
    for channel in CHANNELS:
        rule = rule_for(channel)
        assert rule.explanation.endswith("。") and rule.basis.startswith("条例第三十一条")


@pytest.mark.parametrize(
    ("channel", "expected"),
    [("in_person", D1), ("post", D2), ("letter", D3), ("online", D3), ("fax", D3), ("email", D3), ("other", D1)],
)
def test_the_date_named_by_the_rule_is_used(channel, expected):
    got = receipt_date(channel, submitted_on=D1 if channel == "in_person" else None, signed_on=D2,
                       confirmed_on=D3, arrived_on=D1)
    assert got == expected


def test_post_uses_the_signing_date_not_the_arrival():
    assert receipt_date("post", signed_on=D2, arrived_on=D1) == D2


@pytest.mark.parametrize("channel", ["online", "fax", "email", "letter"])
def test_confirmation_channels_need_the_confirmation_date(channel):
    with pytest.raises(ValidationError, match="确认日期"):
        receipt_date(channel, arrived_on=D1)


def test_confirmation_before_arrival_is_refused():
    with pytest.raises(ValidationError, match="不能早于"):
        receipt_date("online", confirmed_on=D1, arrived_on=D2)


def test_unknown_channel():
    with pytest.raises(ValidationError, match="未知的提交方式"):
        rule_for("pigeon")
