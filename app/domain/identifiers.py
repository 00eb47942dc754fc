"""Check characters of the 统一社会信用代码 (GB 32100-2015), 居民身份证号码 (GB 11643-1999), 组织机构代码
(GB 11714-1997), and the forms of the other identity documents an applicant may give."""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Callable
from functools import lru_cache

# GB 32100-2015: the 31 code characters (no I, O, Z, S, V) and the weights of positions 1-17.
ORG_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
ORG_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# GB 11643-1999: weights W_i = 2^(i-1) mod 11 from the right, and the check character table.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


class _Values(dict[str, int]):
    """Character → its value, filled on first use by `value_of` (which raises for a character that has
    none); summed with map() rather than a generator: imports check a code per record."""

    def __init__(self, value_of: Callable[[str], int]) -> None:
        super().__init__()
        self.value_of = value_of

    def __missing__(self, char: str) -> int:
        value: int = self.value_of(char)
        self[char] = value
        return value


_ORG_VALUES = _Values(ORG_CODE_CHARS.index)
_ID_VALUES = _Values(int)


def org_code_check_char(first17: str) -> str:
    total = sum(map(operator.mul, map(_ORG_VALUES.__getitem__, first17), ORG_CODE_WEIGHTS))
    return ORG_CODE_CHARS[(31 - total % 31) % 31]


# Imports check the same office and applicant codes again and again; the answers never change.
@lru_cache(maxsize=4096)
def org_code_problem(code: str) -> str | None:
    """Return a Chinese explanation of what is wrong with an 统一社会信用代码, or None if valid."""
    code = (code or "").strip().upper()
    if len(code) != 18:
        return f"统一社会信用代码应为18位，现为{len(code)}位"
    bad = [c for c in code if c not in ORG_CODE_CHARS]
    if bad:
        return f"统一社会信用代码含有不允许的字符“{bad[0]}”"
    if org_code_check_char(code[:17]) != code[17]:
        return "统一社会信用代码校验位不正确，请核对"
    return None


def is_valid_org_code(code: str) -> bool:
    return org_code_problem(code) is None


def id_number_check_char(first17: str) -> str:
    total = sum(map(operator.mul, map(_ID_VALUES.__getitem__, first17), ID_WEIGHTS))
    return ID_CHECK[total % 11]


@lru_cache(maxsize=4096)
def id_number_problem(number: str) -> str | None:
    """Return a Chinese explanation of what is wrong with a 居民身份证号码, or None if valid."""
    number = (number or "").strip().upper()
    if len(number) != 18:
        return f"居民身份证号码应为18位，现为{len(number)}位"
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return "居民身份证号码前17位应为数字，末位为数字或X"
    try:
        dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return "居民身份证号码中的出生日期不存在"
    if id_number_check_char(number[:17]) != number[17]:
        return "居民身份证号码校验位不正确，请核对"
    return None


def is_valid_id_number(number: str) -> bool:
    return id_number_problem(number) is None


# --- identity documents (docs/spec/application-records.md section 3.4) ---------------------------------

# GB 11714-1997 组织机构代码: 8 body characters (digits, capital letters) and a check character.
ORG9_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG9 = re.compile(r"[0-9A-Z]{8}-?[0-9X]")
_PASSPORT = re.compile(r"[A-Z0-9]{5,17}")
_HK_MACAO_PERMIT = re.compile(r"[HM]\d{8}(\d{2})?")
_TAIWAN_PERMIT = re.compile(r"\d{8}(\d{2})?|[A-Z]\d{8,9}")
_FOREIGN_OLD = re.compile(r"[A-Z]{3}\d{12}")
_ID15 = re.compile(r"\d{15}")

ID_TYPES = {
    "resident_id": "居民身份证",
    "passport": "护照",
    "hk_macao_permit": "港澳居民来往内地通行证",
    "taiwan_permit": "台湾居民来往大陆通行证",
    "residence_permit": "港澳台居民居住证",
    "foreign_permanent_id": "外国人永久居留身份证",
    "credit_code": "统一社会信用代码",
    "org_code": "组织机构代码",
    "other": "其他证件",
}
PERSON_ID_TYPES = ("resident_id", "passport", "hk_macao_permit", "taiwan_permit", "residence_permit",
                   "foreign_permanent_id", "other")
ORGANISATION_ID_TYPES = ("credit_code", "org_code", "other")


def org9_check_char(first8: str) -> str:
    # letters count A=10 … Z=35 (GB 11714-1997)
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(first8, ORG9_WEIGHTS))
    value = 11 - total % 11
    return "X" if value == 10 else "0" if value == 11 else str(value)


def org9_problem(code: str) -> str | None:
    """What is wrong with a 组织机构代码 (GB 11714: 8 characters, a check character, often written
    XXXXXXXX-X), or None if valid."""
    if not _ORG9.fullmatch(code):
        return "组织机构代码应为8位数字或大写字母加1位校验码（如12345678-9）"
    if org9_check_char(code[:8]) != code[-1]:
        return "组织机构代码校验码不正确，请核对"
    return None


def id15_problem(number: str) -> str | None:
    """A first-generation 居民身份证号码 (15 digits: area, YYMMDD born in the 1900s, sequence; no check digit)."""
    if not _ID15.fullmatch(number):
        return "15位居民身份证号码应全部为数字"
    try:
        dt.date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
    except ValueError:
        return "居民身份证号码中的出生日期不存在"
    return None


def implied_id_type(number: str | None, *, organisation: bool) -> str:
    """The document a number given without its type is taken as: a person's 居民身份证, an organisation's
    组织机构代码 when it has 9 characters (dash aside), else its 统一社会信用代码."""
    if not organisation:
        return "resident_id"
    return "org_code" if len((number or "").strip().replace("-", "")) == 9 else "credit_code"


def id_document_problem(id_type: str | None, number: str, *, organisation: bool) -> str | None:
    """What is wrong with an identity document number of ``id_type``, or None if it is well formed.
    Without a type the number's own shape decides, among the documents the applicant can hold: a person's
    居民身份证 (18 or 15 digits), an organisation's 统一社会信用代码 (18) or 组织机构代码 (9); any other
    document needs its type. A check digit is verified where its standard defines one."""
    number = (number or "").strip().upper()
    if id_type is None:
        id_type = implied_id_type(number, organisation=organisation)
        if not organisation and len(number) not in (15, 18):
            return ("证件号码不是15位或18位的居民身份证号码；护照、通行证等其他证件请同时填写证件类型")
    if id_type not in ID_TYPES:
        return f"证件类型“{id_type}”不在允许的取值中"
    allowed = ORGANISATION_ID_TYPES if organisation else PERSON_ID_TYPES
    if id_type not in allowed:
        who = "组织" if organisation else "自然人"
        return f"{who}申请人不使用{ID_TYPES[id_type]}"
    if id_type == "resident_id":
        return id15_problem(number) if len(number) == 15 else id_number_problem(number)
    if id_type == "residence_permit":  # GB 11643 numbers with area code 810000/820000/830000
        problem = id_number_problem(number)
        if problem is None and number[:2] not in ("81", "82", "83"):
            return "港澳台居民居住证号码应以81、82或83开头"
        return problem and problem.replace("居民身份证号码", "居住证号码")
    if id_type == "foreign_permanent_id":  # 2017 format: 18 characters starting 9, GB 11643 check digit
        if _FOREIGN_OLD.fullmatch(number):
            return None
        if len(number) == 18 and number.startswith("9"):
            problem = id_number_problem(number)
            return problem and problem.replace("居民身份证号码", "外国人永久居留身份证号码")
        return "外国人永久居留身份证号码应为18位（9开头）或旧版15位（3个字母加12位数字）"
    if id_type == "credit_code":
        return org_code_problem(number)
    if id_type == "org_code":
        return org9_problem(number)
    if id_type == "passport":
        return None if _PASSPORT.fullmatch(number) else "护照号码应为5至17位字母或数字"
    if id_type == "hk_macao_permit":
        return None if _HK_MACAO_PERMIT.fullmatch(number) else "港澳居民来往内地通行证号码应为H或M加8位或10位数字"
    if id_type == "taiwan_permit":
        return None if _TAIWAN_PERMIT.fullmatch(number) else "台湾居民来往大陆通行证号码应为8位或10位数字"
    return None if 1 <= len(number) <= 18 else "证件号码应为1至18个字符"
