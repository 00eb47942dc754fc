"""Recognise spreadsheet cell values in the forms clerks actually type (dates, applicant types, outcomes…)."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any

from app.domain import dates


class BadValue(Exception):
    """A cell value that cannot be recognised; ``reason`` is one Chinese phrase for the clerk."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --- text normalisation -------------------------------------------------------------------------

_DASHES = str.maketrans({"－": "-", "—": "-", "–": "-", "‐": "-", "―": "-", "─": "-", "~": "-", "～": "-"})
_SPACES = re.compile(r"\s+")
_FORMULA_START = ("=", "+", "-", "@")


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def clean_text(value: Any) -> str:
    """Cell text with full-width letters/digits folded (NFKC), outer spaces removed and our export's
    formula-escaping apostrophe undone."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if len(text) > 1 and text[0] == "'" and text[1] in _FORMULA_START:
        text = text[1:]
    return text


def label_key(value: Any) -> str:
    """A comparison key for vocabulary labels: no spaces, unified dashes and punctuation."""
    text = clean_text(value).translate(_DASHES)
    text = _SPACES.sub("", text)
    text = text.replace("“", '"').replace("”", '"').replace("「", '"').replace("」", '"')
    return text.lower()


# --- dates ----------------------------------------------------------------------------------------

_EXCEL_EPOCH = dt.date(1899, 12, 30)
# Stricter than the one parser: in a spreadsheet an earlier year is almost always a small number shown
# in a date-formatted cell (1 → 1900-01-01), not a real date.
MIN_YEAR = 1990


def parse_date(value: Any) -> dt.date | None:
    """A date from an Excel date, an Excel serial number or the written forms of `dates.parse_date`
    (2025.3.5 / 2025年3月5日 / 2025/03/05 / 2025-3-5 / 20250305). Blank → None; anything else raises
    BadValue with the one parser's reason (the cell error names the column)."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise BadValue("不是日期")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise BadValue("不是日期")
        if isinstance(value, float) and not value.is_integer():
            value = int(value)  # a serial with a time part: keep the day
        number = int(value)
        if 19000101 <= number <= 21001231:
            value = str(number)
        elif 20000 <= number <= 80000:  # an Excel serial day number in a cell not formatted as a date
            value = _EXCEL_EPOCH + dt.timedelta(days=number)
        else:
            raise BadValue("不是日期")
    elif not isinstance(value, dt.date):
        value = clean_text(value)
    try:
        day = dates.parse_date(value, "日期")
    except dates.InvalidDate as bad:
        raise BadValue(bad.reason) from None
    if day is not None and day.year < MIN_YEAR:
        raise BadValue(f"不是有效日期：年份{day.year}不在{MIN_YEAR}—{dates.MAX_YEAR}年之间")
    return day


# --- free text ------------------------------------------------------------------------------------


def parse_text(value: Any) -> str | None:
    """Text; numbers typed into a text column keep their digits (no trailing .0)."""
    if is_blank(value):
        return None
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()[:10]
    return clean_text(value)


def parse_code_text(value: Any) -> str | None:
    """Identifiers typed by hand (身份证号, 信用代码, 电话): a long number stored as a number has lost
    its last digits in Excel, so it is refused instead of imported wrong."""
    if is_blank(value):
        return None
    if isinstance(value, float) and (not math.isfinite(value) or not value.is_integer() or abs(value) >= 1e15):
        raise BadValue("号码被存成了数字，Excel已丢失末几位，请将该列设为文本后重新填写")
    if isinstance(value, int) and abs(value) >= 10**15:
        raise BadValue("号码被存成了数字，Excel已丢失末几位，请将该列设为文本后重新填写")
    text = clean_text(value).replace(" ", "")
    if "*" in text:
        raise BadValue("号码已脱敏（含*号），不能导入")
    return text.upper() if re.fullmatch(r"[0-9A-Za-z]{15,18}", text) else text


# --- vocabularies -----------------------------------------------------------------------------------


class Vocabulary:
    """Labels (and their usual short forms) → a code. Unknown labels raise BadValue."""

    def __init__(self, name: str, labels: Mapping[str, tuple[str, ...]], *,
                 normalise: Callable[[str], list[str]] | None = None) -> None:
        self.name = name  # Chinese name of the value kind, used in messages
        self.codes = tuple(labels)
        self._lookup: dict[str, str] = {}
        for code, forms in labels.items():
            for form in forms:
                key = label_key(form)
                if key in self._lookup and self._lookup[key] != code:
                    raise AssertionError(f"ambiguous label {form!r}")
                self._lookup[key] = code
        self._normalise = normalise
        self._preferred = {code: forms[0] for code, forms in labels.items()}

    def label(self, code: str) -> str:
        """The preferred (first) label of a code, written on export."""
        return self._preferred[code]

    def parse(self, value: Any) -> str | None:
        if is_blank(value):
            return None
        key = label_key(value)
        candidates = [key] + (self._normalise(key) if self._normalise else [])
        for candidate in candidates:
            code = self._lookup.get(candidate)
            if code is not None:
                return code
        raise BadValue(f"无法识别的{self.name}")


# docs/spec/application-records.md: applicant.kind — the annual report's columns (docs/spec/annual-report.md section 3.1)
APPLICANT_KINDS = Vocabulary("申请人类型", {
    "natural_person": ("自然人", "公民", "个人", "群众", "居民", "村民", "自然人申请"),
    "commercial": ("商业企业", "企业", "公司", "有限公司", "有限责任公司", "股份有限公司", "个体工商户",
                   "商业机构", "企业法人"),
    "research": ("科研机构", "高校", "高等院校", "大学", "学院", "研究院", "研究所", "研究机构", "科研院所",
                 "学校"),
    "public_welfare": ("社会公益组织", "公益组织", "社会组织", "公益机构", "基金会", "协会", "社会团体",
                       "民办非企业单位", "慈善组织"),
    "legal_service": ("法律服务机构", "律师事务所", "律所", "律师", "法律服务所", "法律援助机构",
                      "基层法律服务所"),
    "other_org": ("其他", "其他组织", "其它", "其他机构", "法人或其他组织", "其他法人或组织", "事业单位",
                  "机关", "村委会", "居委会"),
})

# docs/spec/application-records.md: channel (receipt date by channel, 条例 art. 31)
CHANNELS = Vocabulary("申请方式", {
    "in_person": ("当面提交", "当面", "当面申请", "当面递交", "现场", "现场申请", "窗口", "窗口申请", "来访"),
    "post": ("邮寄", "邮寄签收", "邮政", "挂号信", "邮寄申请", "快递", "EMS", "信函"),
    "letter": ("平常信函", "平信", "普通信函"),
    "online": ("网上申请", "互联网", "网络", "网上", "在线", "在线申请", "网站", "政府网站", "在线平台",
               "依申请公开平台", "网络申请", "互联网申请"),
    "fax": ("传真",),
    "email": ("电子邮件", "邮件", "电子邮箱", "邮箱", "email", "e-mail"),
    "other": ("其他", "其它"),
})


# docs/spec/application-records.md outcome codes; labels are table 三's rows (docs/spec/annual-report.md section 3.2) with their group,
# then the usual short forms. The first label of each code is written on export.
_OUTCOME_GROUPS = {
    "予以公开": "granted", "公开": "granted", "部分公开": "partial", "不予公开": "denied",
    "不公开": "denied", "无法提供": "unavailable", "不予处理": "not_processed", "其他处理": "other",
    "其他": "other",
}
OUTCOME_LABELS: dict[str, tuple[str, ...]] = {
    "granted": ("予以公开", "公开", "同意公开", "全部公开", "已公开"),
    "already_public": ("已主动公开", "已主动公开，告知获取途径", "告知获取途径", "已主动公开告知获取途径",
                       "属于已主动公开信息"),
    "partial": ("部分公开", "部分公开（区分处理的，只计这一情形，不计其他情形）", "区分处理", "部分予以公开"),
    "denied_state_secret": ("不予公开-属于国家秘密", "属于国家秘密", "国家秘密", "涉密"),
    "denied_law_prohibited": ("不予公开-其他法律行政法规禁止公开", "其他法律行政法规禁止公开",
                              "法律行政法规禁止公开", "法律法规禁止公开"),
    "denied_security_stability": ("不予公开-危及\"三安全一稳定\"", "危及\"三安全一稳定\"", "危及三安全一稳定",
                                  "三安全一稳定"),
    "denied_third_party": ("不予公开-保护第三方合法权益", "保护第三方合法权益", "第三方合法权益",
                           "涉及第三方合法权益", "商业秘密", "个人隐私", "涉及商业秘密、个人隐私"),
    "denied_internal_affairs": ("不予公开-属于三类内部事务信息", "属于三类内部事务信息", "三类内部事务信息",
                                "内部事务信息", "内部事务"),
    "denied_process_info": ("不予公开-属于四类过程性信息", "属于四类过程性信息", "四类过程性信息", "过程性信息"),
    "denied_enforcement_file": ("不予公开-属于行政执法案卷", "属于行政执法案卷", "行政执法案卷", "执法案卷"),
    "denied_admin_query": ("不予公开-属于行政查询事项", "属于行政查询事项", "行政查询事项", "行政查询"),
    "unavailable_not_held": ("无法提供-本机关不掌握相关政府信息", "本机关不掌握相关政府信息", "本机关不掌握",
                             "不掌握", "信息不存在", "政府信息不存在", "经检索没有所申请公开信息"),
    "unavailable_not_competent": ("非本机关负责公开", "不属于本机关负责公开", "非本机关负责", "非本机关职责",
                                  "不属于本机关公开职责", "告知向有关机关申请"),
    "unavailable_needs_creation": ("无法提供-没有现成信息需要另行制作", "没有现成信息需要另行制作",
                                   "需另行制作", "需要另行制作", "需另行制作、加工分析", "需加工分析"),
    "unavailable_unclear": ("无法提供-补正后申请内容仍不明确", "补正后申请内容仍不明确", "补正后仍不明确",
                            "申请内容不明确"),
    "rejected_petition": ("不予处理-信访举报投诉类申请", "信访举报投诉类申请", "信访举报投诉类", "信访举报投诉",
                          "信访类"),
    "rejected_repeat": ("不予处理-重复申请", "重复申请"),
    "rejected_publication": ("不予处理-要求提供公开出版物", "要求提供公开出版物", "公开出版物"),
    "rejected_excessive": ("不予处理-无正当理由大量反复申请", "无正当理由大量反复申请", "大量反复申请"),
    "rejected_confirm_existing": ("不予处理-要求行政机关确认或重新出具已获取信息",
                                  "要求行政机关确认或重新出具已获取信息", "要求确认或重新出具已获取信息",
                                  "确认或重新出具已获取信息"),
    "closed_no_correction": (
        "其他处理-逾期不补正",
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "逾期不补正", "未补正"),
    "closed_fee_unpaid": (
        "其他处理-逾期未缴纳信息处理费",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "逾期未缴纳信息处理费",
        "逾期未缴费", "未缴纳信息处理费", "逾期未缴纳费用"),
    "closed_other": ("其他处理-其他", "撤回申请", "申请人撤回", "撤回", "其他处理"),
}
# Items that exist under several groups: resolved only when the group is written with them.
_GROUP_ITEMS = {("other", "其他"): "closed_other", ("granted", ""): "granted", ("partial", ""): "partial"}
_GROUP_PREFIX = re.compile(r"^(?:[（(][一二三四五六七][）)]|[一二三四五六七][、.])")
_ITEM_PREFIX = re.compile(r"^\d{1,2}[.、．)）]")


def _outcome_forms(key: str) -> list[str]:
    """Other spellings to try: without row numbers (（三）… 1.…), and the item alone after its group."""
    stripped = _GROUP_PREFIX.sub("", key)
    forms = [stripped, _ITEM_PREFIX.sub("", stripped)]
    for group in sorted(_OUTCOME_GROUPS, key=len, reverse=True):
        if stripped.startswith(group) and len(stripped) > len(group):
            item = _ITEM_PREFIX.sub("", stripped[len(group):].lstrip("-:：/，,、.()（）"))
            item = item.lstrip("-:：/，,、").rstrip(")）")
            code = _GROUP_ITEMS.get((_OUTCOME_GROUPS[group], item))
            if code:
                forms.append(OUTCOME_LABELS[code][0])
            elif item and item != "其他":
                forms += [f"{group}-{item}", item]
            break
    return [label_key(f) for f in forms]


OUTCOMES = Vocabulary("办理结果", OUTCOME_LABELS, normalise=_outcome_forms)
