"""Check characters of the 统一社会信用代码 (GB 32100-2015) and 居民身份证号码 (GB 11643-1999)."""

from __future__ import annotations

import datetime as dt
import operator
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
