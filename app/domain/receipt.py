"""The receipt date (收到申请之日) by channel, 条例 art. 31, with the explanation the registration form shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.errors import ValidationError

# Which date the clerk must enter for each channel.
SUBMITTED = "submitted_on"  # the day the applicant handed it in
SIGNED = "signed_on"  # the day the office signed for the mail
CONFIRMED = "confirmed_on"  # the day office and applicant confirmed the application
RECEIVED = "arrived_on"  # the day it actually arrived (channels art. 31 does not name)


@dataclass(frozen=True)
class ReceiptRule:
    """How the receipt date is fixed for one channel (docs/spec/application-records.md channel codes)."""

    channel: str
    label: str  # the channel as shown in the register
    date_field: str  # SUBMITTED | SIGNED | CONFIRMED | RECEIVED
    date_label: str  # label of that date on the registration form
    basis: str  # article cited
    explanation: str  # the sentence the registration form shows


RULES: dict[str, ReceiptRule] = {
    # 条例 art. 31 item 1
    "in_person": ReceiptRule(
        "in_person", "当面提交", SUBMITTED, "提交日期", "条例第三十一条第（一）项",
        "申请人当面提交申请的，以提交之日为收到申请之日。",
    ),
    # 条例 art. 31 item 2, first half
    "post": ReceiptRule(
        "post", "邮寄（需签收）", SIGNED, "签收日期", "条例第三十一条第（二）项",
        "申请人以邮寄方式提交申请的，以本机关签收之日为收到申请之日。",
    ),
    # 条例 art. 31 item 2, second half
    "letter": ReceiptRule(
        "letter", "平常信函", CONFIRMED, "确认日期", "条例第三十一条第（二）项",
        "以平常信函等无需签收的邮寄方式提交申请的，政府信息公开工作机构应当于收到申请的当日与申请人确认，"
        "确认之日为收到申请之日。",
    ),
    # 条例 art. 31 item 3
    "online": ReceiptRule(
        "online", "互联网渠道", CONFIRMED, "双方确认日期", "条例第三十一条第（三）项",
        "通过互联网渠道提交申请的，以双方确认之日为收到申请之日。",
    ),
    # 条例 art. 31 item 3
    "fax": ReceiptRule(
        "fax", "传真", CONFIRMED, "双方确认日期", "条例第三十一条第（三）项",
        "通过政府信息公开工作机构的传真提交申请的，以双方确认之日为收到申请之日。",
    ),
    # E-mail is a data message sent over the internet: art. 31 item 3 (2019) prevails over the
    # "系统接收之日" of 国办公开办函〔2015〕207号 (docs/spec/working-days.md section 3).
    "email": ReceiptRule(
        "email", "电子邮件", CONFIRMED, "双方确认日期", "条例第三十一条第（三）项",
        "通过电子邮件提交申请的，属于互联网渠道，以双方确认之日为收到申请之日。",
    ),
    # Art. 31 names no other channel; no rule is invented here.
    "other": ReceiptRule(
        "other", "其他", RECEIVED, "收到日期", "条例第三十一条",
        "条例第三十一条未规定此种方式，请登记实际收到申请的日期，并在备注中写明收到方式。",
    ),
}

CHANNELS = tuple(RULES)


def rule_for(channel: str) -> ReceiptRule:
    """The art. 31 rule of ``channel``; a clear Chinese error for an unknown channel."""
    try:
        return RULES[channel]
    except KeyError:
        names = "、".join(f"{r.label}（{r.channel}）" for r in RULES.values())
        raise ValidationError(f"未知的提交方式“{channel}”，应为：{names}。") from None


def receipt_date(
    channel: str,
    *,
    submitted_on: date | None = None,
    signed_on: date | None = None,
    confirmed_on: date | None = None,
    arrived_on: date | None = None,
) -> date:
    """The receipt date for ``channel`` from the dates the clerk entered (art. 31).

    Only the date the rule names is used; a missing one is a ValidationError that says which date is needed.
    For a confirmation channel, a confirmation earlier than the arrival is refused.
    """
    rule = rule_for(channel)
    value = {SUBMITTED: submitted_on, SIGNED: signed_on, CONFIRMED: confirmed_on, RECEIVED: arrived_on}[rule.date_field]
    if value is None:
        raise ValidationError(f"{rule.label}提交的申请须填写{rule.date_label}：{rule.explanation}")
    if rule.date_field == CONFIRMED and arrived_on is not None and value < arrived_on:
        raise ValidationError(f"{rule.date_label}不能早于申请到达的日期。")
    return value
