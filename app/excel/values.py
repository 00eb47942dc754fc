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


_DATE_TEXTS: dict[str, dt.date | BadValue] = {}  # a register repeats the same few hundred written dates
_CACHE_LIMIT = 20_000


def parse_date(value: Any) -> dt.date | None:
    """parse_written_date, remembered for text cells (the same text always gives the same answer)."""
    if type(value) is not str:
        return parse_written_date(value)
    known = _DATE_TEXTS.get(value)
    if known is None:
        try:
            known = parse_written_date(value)
        except BadValue as bad:
            known = bad
        if known is None:
            return None
        if len(_DATE_TEXTS) < _CACHE_LIMIT:
            _DATE_TEXTS[value] = known
    if isinstance(known, BadValue):
        raise BadValue(known.reason)
    return known


def parse_written_date(value: Any) -> dt.date | None:
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
    """Text exactly as typed (full-width punctuation such as （试行）and ： kept, as in manual entry), outer
    spaces removed and our export's formula-escaping apostrophe undone; numbers typed into a text column
    keep their digits (no trailing .0)."""
    if is_blank(value):
        return None
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()[:10]
    if isinstance(value, bool) or not isinstance(value, str):
        return clean_text(value)
    text = value.strip()
    if len(text) > 1 and text[0] == "'" and text[1] in _FORMULA_START:
        text = text[1:]
    return text


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


_PUNCTUATION = re.compile(r"[\s\-\"'()（）:：,，、.。;；/]")


def is_abbreviation(short: str, label: str) -> bool:
    """Whether the characters of ``short`` appear in ``label`` in the same order (非本机关 in
    非本机关负责公开, 要求确认或重新出具 in 要求行政机关确认或重新出具已获取信息)."""
    rest = iter(label)
    return all(char in rest for char in short)


class Vocabulary:
    """Labels (and their usual short forms) → a code. A value that is none of them but abbreviates the
    official label of exactly one code (its characters in order, at least two) is that code; anything
    else raises BadValue (docs/spec/spreadsheets.md section 3)."""

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
        # the abbreviation rule reads the official (first) label of each code only: the short forms above
        # are other people's words, and abbreviating them would guess (同意 is not 同意公开)
        self._bare = [(_PUNCTUATION.sub("", label_key(forms[0])), code) for code, forms in labels.items()]
        self._abbreviations: dict[str, str | None] = {}
        self._texts: dict[str, str | BadValue] = {}

    def label(self, code: str) -> str:
        """The preferred (first) label of a code, written on export."""
        return self._preferred[code]

    def abbreviated(self, key: str) -> str | None:
        """The one code whose official label ``key`` abbreviates, or None (none, or several)."""
        known = self._abbreviations.get(key, "")
        if known != "":
            return known
        short = _PUNCTUATION.sub("", key)
        found = {code for bare, code in self._bare if is_abbreviation(short, bare)} if len(short) >= 2 else set()
        code = found.pop() if len(found) == 1 else None
        if len(self._abbreviations) < 10_000:
            self._abbreviations[key] = code
        return code

    def parse(self, value: Any) -> str | None:
        """The code of a cell value (the answer for a text is remembered: columns repeat a few values)."""
        if type(value) is not str:
            return self._parse(value)
        known = self._texts.get(value)
        if known is None:
            try:
                known = self._parse(value) or ""
            except BadValue as bad:
                known = bad
            if len(self._texts) < _CACHE_LIMIT:
                self._texts[value] = known
        if isinstance(known, BadValue):
            raise BadValue(known.reason)
        return known or None

    def _parse(self, value: Any) -> str | None:
        if is_blank(value):
            return None
        key = label_key(value)
        candidates = [key] + (self._normalise(key) if self._normalise else [])
        for candidate in candidates:
            code = self._lookup.get(candidate)
            if code is not None:
                return code
        for candidate in candidates:
            code = self.abbreviated(candidate)
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
    # 法人 alone names no column of table 三: counted under 其他 (docs/spec/spreadsheets.md section 3)
    "other_org": ("其他", "其他组织", "其它", "其他机构", "法人或其他组织", "其他法人或组织", "事业单位",
                  "机关", "村委会", "居委会", "法人", "其他法人", "非法人组织"),
})

# docs/spec/application-records.md: channel (receipt date by channel, 条例 art. 31)
CHANNELS = Vocabulary("申请方式", {
    "in_person": ("当面提交", "当面", "当面申请", "当面递交", "现场", "现场申请", "窗口", "窗口申请", "来访"),
    "post": ("邮寄", "邮寄签收", "邮政", "挂号信", "邮寄申请", "快递", "EMS", "信函"),
    "letter": ("平常信函", "平信", "普通信函"),
    "online": ("网上申请", "互联网", "网络", "网上", "在线", "在线申请", "网站", "政府网站", "在线平台",
               "依申请公开平台", "网络申请", "互联网申请", "浙里办", "政务服务网", "浙江政务服务网", "微信",
               "微信公众号", "公众号", "小程序", "政务服务平台", "政府门户网站", "门户网站", "APP", "手机APP"),
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
                                  "不属于本机关公开职责", "告知向有关机关申请", "非本机关", "不属于本机关",
                                  "不属于本机关公开", "非本机关信息", "不属于本机关负责"),
    "unavailable_needs_creation": ("无法提供-没有现成信息需要另行制作", "没有现成信息需要另行制作",
                                   "需另行制作", "需要另行制作", "需另行制作、加工分析", "需加工分析"),
    "unavailable_unclear": ("无法提供-补正后申请内容仍不明确", "补正后申请内容仍不明确", "补正后仍不明确",
                            "申请内容不明确"),
    "rejected_petition": ("不予处理-信访举报投诉类申请", "信访举报投诉类申请", "信访举报投诉类", "信访举报投诉",
                          "信访类", "信访"),
    "rejected_repeat": ("不予处理-重复申请", "重复申请"),
    "rejected_publication": ("不予处理-要求提供公开出版物", "要求提供公开出版物", "公开出版物"),
    "rejected_excessive": ("不予处理-无正当理由大量反复申请", "无正当理由大量反复申请", "大量反复申请"),
    "rejected_confirm_existing": ("不予处理-要求行政机关确认或重新出具已获取信息",
                                  "要求行政机关确认或重新出具已获取信息", "要求确认或重新出具已获取信息",
                                  "确认或重新出具已获取信息", "要求确认或重新出具", "重新出具"),
    "closed_no_correction": (
        "其他处理-逾期不补正",
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "逾期不补正", "未补正", "逾期未补正", "不补正"),
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


# docs/spec/application-records.md section 3.4: applicant.id_type (证件类型), with the names on real forms
ID_TYPES = Vocabulary("证件类型", {
    "resident_id": ("居民身份证", "身份证", "二代身份证", "第二代居民身份证", "公民身份证", "身份证号"),
    "passport": ("护照", "中国护照", "外国护照"),
    "hk_macao_permit": ("港澳居民来往内地通行证", "港澳通行证", "回乡证", "港澳居民通行证"),
    "taiwan_permit": ("台湾居民来往大陆通行证", "台胞证", "台湾通行证"),
    "residence_permit": ("港澳台居民居住证", "居住证"),
    "foreign_permanent_id": ("外国人永久居留身份证", "外国人永久居留证", "永久居留证", "绿卡"),
    "credit_code": ("统一社会信用代码", "信用代码", "社会信用代码", "营业执照"),
    "org_code": ("组织机构代码", "组织机构代码证", "机构代码"),
    "other": ("其他证件", "其他", "其它"),
})
