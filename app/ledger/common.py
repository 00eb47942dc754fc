"""Shared vocabulary and small helpers of the work ledger (codes, labels, office, value parsing)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from app.core.profile import own_office_id
from app.domain import dates
from app.errors import ValidationError
from app.storage.models.core import Office

TASK_STATUSES: dict[str, str] = {
    "not_started": "未开始",
    "in_progress": "进行中",
    "done": "已完成",
    "overdue": "已逾期",  # derived: not done and past its due date; never stored
}

ACTIVITY_KINDS: dict[str, str] = {
    "publication": "主动公开",
    "interpretation": "政策解读",
    "press_conference": "新闻发布会",
    "online_interview": "在线访谈",
    "response": "回应关切",
    "training": "培训",
    "public_review": "社会评议",
    "open_meeting": "会议开放",
    "leader_briefing": "负责人听取汇报",
}
ACTIVITY_ALIASES = {"舆情回应": "response", "回应关切/舆情回应": "response", "回应关切、舆情回应": "response",
                    "政务公开培训": "training", "业务培训": "training", "信息发布": "publication",
                    "主动公开信息": "publication", "发布会": "press_conference", "访谈": "online_interview",
                    "听取汇报": "leader_briefing", "专题研究": "leader_briefing"}

CHANNELS: dict[str, str] = {
    "website": "网站",
    "gazette": "公报",
    "weibo": "政务微博",
    "wechat": "政务微信",
    "other": "其他",
}
CHANNEL_ALIASES = {"政府网站": "website", "门户网站": "website", "政府公报": "gazette", "微博": "weibo",
                   "微信": "wechat", "微信公众号": "wechat", "政务新媒体": "other"}

CASE_KINDS: dict[str, str] = {"review": "行政复议", "litigation": "行政诉讼"}
CASE_ROUTES: dict[str, str] = {"direct": "未经复议直接起诉", "after_review": "复议后起诉"}
CASE_RESULTS: dict[str, str] = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果"}
PENDING_LABEL = "尚未审结"
CASE_RESULT_ALIASES = {"维持": "upheld", "驳回": "upheld", "纠正": "corrected", "撤销": "corrected",
                       "确认违法": "corrected", "责令履行": "corrected", "其他": "other", "撤回": "other",
                       "终止": "other"}

# Table 二 (docs/spec/annual-report.md section 4): figure key -> (row label, column label).
FIGURES: dict[str, tuple[str, str]] = {
    "regulations.issued": ("规章", "本年制发件数"),
    "regulations.repealed": ("规章", "本年废止件数"),
    "regulations.in_force": ("规章", "现行有效件数"),
    "normative_documents.issued": ("行政规范性文件", "本年制发件数"),
    "normative_documents.repealed": ("行政规范性文件", "本年废止件数"),
    "normative_documents.in_force": ("行政规范性文件", "现行有效件数"),
    "licensing": ("行政许可", "本年处理决定数量"),
    "penalty": ("行政处罚", "本年处理决定数量"),
    "coercion": ("行政强制", "本年处理决定数量"),
    "fees_wan_yuan": ("行政事业性收费", "本年收费金额（单位：万元）"),
}
INTEGER_FIGURES = tuple(k for k in FIGURES if k != "fees_wan_yuan")


def resolve_office(session, office_id: int | None) -> int:
    if office_id is None:
        return own_office_id(session)
    if session.get(Office, office_id) is None:
        raise ValidationError(f"机关编号 {office_id} 不存在。")
    return office_id


def code_from(value, table: dict[str, str], aliases: dict[str, str], what: str) -> str:
    """A code from its code, its Chinese label or a common alias; ValidationError naming ``what``."""
    text = str(value or "").strip()
    if text in table:
        return text
    for code, label in table.items():
        if text == label:
            return code
    if text in aliases:
        return aliases[text]
    raise ValidationError(f"无法识别的{what}：“{text}”。可选：{'、'.join(table.values())}。")



parse_date = dates.parse_date  # one reading of written dates for every service


def parse_int(value, what: str, *, minimum: int = 0, default: int | None = None) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationError(f"{what}“{value}”不是整数。") from None
    if number != number.to_integral_value() or number < minimum:
        raise ValidationError(f"{what}应为不小于 {minimum} 的整数，现为“{value}”。")
    return int(number)


def parse_decimal(value, what: str) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, AttributeError):
        raise ValidationError(f"{what}“{value}”不是数字。") from None
    if not number.is_finite() or number < 0:
        raise ValidationError(f"{what}应为不小于 0 的数字，现为“{value}”。")
    return number


def required_text(value, what: str, limit: int) -> str:
    text = str(value or "").strip()
    if not text:
        raise ValidationError(f"请填写{what}。")
    if len(text) > limit:
        raise ValidationError(f"{what}过长（不超过 {limit} 字）。")
    return text


def optional_text(value, what: str, limit: int | None = None) -> str | None:
    text = str(value or "").strip()
    if not text:
        return None
    if limit is not None and len(text) > limit:
        raise ValidationError(f"{what}过长（不超过 {limit} 字）。")
    return text


def format_figure(key: str, value: Decimal | None) -> str:
    """A table 二 number as the clerk writes it: '1520', '12.5' (empty when not entered)."""
    if value is None:
        return ""
    if key in INTEGER_FIGURES:
        return str(int(value))
    text = f"{Decimal(value).normalize():f}"
    return text
