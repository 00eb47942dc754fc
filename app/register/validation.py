"""Validation of application data: receipt date and channel (art. 31), applicant, identifiers, content."""

from __future__ import annotations

import datetime as dt
import re

from app.domain import dates, receipt
from app.domain.identifiers import ID_TYPES, id_document_problem
from app.register.codes import APPLICANT_KINDS, CHANNELS

# Column -> field name as in docs/spec/application-records.md (used to name the field in messages).
FIELD_PATHS = {
    "received_on": "received_on",
    "channel": "channel",
    "receipt_note": "receipt_note",
    "applicant_kind": "applicant.kind",
    "applicant_name": "applicant.name",
    "applicant_id_number": "applicant.id_number",
    "applicant_phone": "applicant.phone",
    "applicant_address": "applicant.address",
    "applicant_email": "applicant.email",
    "applicant_contact_person": "applicant.contact_person",
    "content": "content",
    "requested_form": "requested_form",
    "notes": "notes",
}
FIELD_LABELS = {
    "received_on": "收到申请日期",
    "channel": "申请渠道",
    "receipt_note": "收到日期说明",
    "applicant_kind": "申请人类型",
    "applicant_name": "申请人姓名或名称",
    "applicant_id_number": "证件号码",
    "applicant_phone": "联系电话",
    "applicant_address": "通讯地址",
    "applicant_email": "电子邮箱",
    "applicant_contact_person": "联系人",
    "content": "申请内容",
    "requested_form": "提供形式",
    "notes": "备注",
}
MAX_LENGTHS = {
    "receipt_note": 2000,
    "content": 20000,  # a request longer than this is not a request but a pasted document
    "notes": 20000,
    "applicant_name": 200,
    "applicant_phone": 50,
    "applicant_address": 300,
    "applicant_email": 200,
    "applicant_contact_person": 100,
    "requested_form": 200,
}


_TEXT_COLUMNS = tuple(column for column in FIELD_PATHS if column != "received_on")

# Lone surrogates (valid JSON escapes, invalid UTF-8) and control characters other than tab/newline/CR:
# one C-level search per value instead of a Python loop over its characters.
_SUSPECT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def text_problem(value) -> str | None:
    """Why a value cannot be stored as text (a list or object, broken encoding, control characters)."""
    if value is None:
        return None
    if type(value) is not str:
        if isinstance(value, (bool, list, dict, tuple, set)) or not isinstance(value, (int, float, str)):
            return "应为文字"
        if not isinstance(value, str):
            return None
    if _SUSPECT.search(value) is None:
        return None
    if _SURROGATE.search(value) is not None:
        return "含有无法识别的字符（可能是编码错误）"
    return "含有控制字符"


def _text(value) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        value = str(value)
    value = value.strip()
    return value or None


def validate_fields(data: dict, *, today: dt.date | None = None, strict: bool = True
                    ) -> tuple[dict, list[tuple[str, str]]]:
    """Check flat application fields (column names). Return the cleaned fields and the problems as
    (field path, Chinese message). `strict` adds the rules for data typed in by the clerk (the
    receipt-date explanation of art. 31); imports of records made elsewhere are checked without them."""
    today = today or dt.date.today()
    problems: list[tuple[str, str]] = []
    clean: dict = {}

    def bad(column: str, message: str) -> None:
        problems.append((FIELD_PATHS.get(column, column), message))

    search = _SUSPECT.search
    for column in _TEXT_COLUMNS:
        value = data.get(column)
        # The usual cases first, with what text_problem and _text give for them: nothing, or plain text.
        if value is None:
            clean[column] = None
            continue
        if type(value) is str and search(value) is None:
            clean[column] = value.strip() or None
            continue
        problem = text_problem(value)
        if problem:
            bad(column, f"{FIELD_LABELS[column]}{problem}")
            clean[column] = None
            continue
        clean[column] = _text(data.get(column))

    raw_date = data.get("received_on")
    try:
        received = dates.parse_date(raw_date, "收到申请日期")
    except dates.InvalidDate as err:
        received = None
        bad("received_on", f"收到申请日期“{err.text}”{err.reason}")
    if received is None:
        if raw_date is None or (isinstance(raw_date, str) and not raw_date.strip()):
            bad("received_on", "未填写收到申请日期")
    elif received > today:
        bad("received_on", f"收到申请日期 {received.isoformat()} 晚于今天")
    clean["received_on"] = received

    channel = clean["channel"]
    if channel is None:
        bad("channel", "未填写申请渠道")
    elif channel not in CHANNELS:
        bad("channel", f"申请渠道“{channel}”不在允许的取值中（{'、'.join(CHANNELS)}）")
    elif strict and not clean["receipt_note"]:
        # 条例 art. 31: an ordinary letter is confirmed with the applicant on the day it arrives; internet
        # and fax applications count from the day both sides confirmed; other channels are not named by
        # art. 31. For these the clerk records how the receipt date was fixed.
        rule = receipt.rule_for(channel)
        if rule.date_field in (receipt.CONFIRMED, receipt.RECEIVED):
            bad("receipt_note", f"{rule.explanation}请填写收到日期说明（如确认的时间和方式）")

    kind = clean["applicant_kind"]
    if kind is None:
        bad("applicant_kind", "未填写申请人类型")
    elif kind not in APPLICANT_KINDS:
        bad("applicant_kind", f"申请人类型“{kind}”不在允许的取值中（{'、'.join(APPLICANT_KINDS)}）")

    if clean["applicant_name"] is None:
        bad("applicant_name", "未填写申请人姓名或名称")
    if clean["content"] is None:
        bad("content", "未填写申请内容")

    # The document's type is not a column of the application (it is kept beside it, in
    # applicant_document): given here only to check the number against it.
    id_type = data.get("applicant_id_type")
    if id_type is not None and (not isinstance(id_type, str) or id_type not in ID_TYPES):
        problems.append(("applicant.id_type", f"证件类型“{id_type}”不在允许的取值中（{'、'.join(ID_TYPES)}）"))
        id_type = None
    number = clean["applicant_id_number"]
    if number is not None:
        number = number.upper()
        clean["applicant_id_number"] = number
        if kind in APPLICANT_KINDS:
            problem = id_document_problem(id_type, number, organisation=kind != "natural_person")
            if problem:
                bad("applicant_id_number", problem)
    elif id_type is not None:
        problems.append(("applicant.id_type", f"填写了证件类型（{ID_TYPES[id_type]}）但未填写证件号码"))

    email = clean["applicant_email"]
    if email is not None and ("@" not in email or email.startswith("@") or email.endswith("@")):
        bad("applicant_email", f"电子邮箱“{email}”格式不正确")

    for column, limit in MAX_LENGTHS.items():
        value = clean.get(column)
        if value is not None and len(value) > limit:
            bad(column, f"{FIELD_LABELS[column]}过长（最多{limit}个字符）")
    return clean, problems
