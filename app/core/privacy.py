"""Masking of applicants' personal data: one policy for every list, export and package (个人信息保护法)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# A personal ID number (GB 11643: 18 characters, or the old 15 digits). An organisation's unified social
# credit code (GB 32100) is public and is never masked.
_PERSONAL_ID = re.compile(r"\d{17}[\dXx]|\d{15}")

MASK = "*"


def mask_id_number(value: str | None) -> str | None:
    """3301**********1234: the region prefix and the last four stay, the birth date is hidden."""
    if not value:
        return value
    text = str(value).strip()
    if _PERSONAL_ID.fullmatch(text):
        return text[:4] + MASK * (len(text) - 8) + text[-4:]
    return text


def mask_phone(value: str | None) -> str | None:
    """138****5678: the first three and last four digits stay; separators are kept."""
    if not value:
        return value
    text = str(value)
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    keep = set(digits[:3] + digits[-4:]) if len(digits) > 7 else set(digits[-2:])
    return "".join(ch if (not ch.isdigit() or i in keep) else MASK for i, ch in enumerate(text))


def mask_name(value: str | None) -> str | None:
    """张**: the surname stays; the rest (and its length) is hidden."""
    if not value:
        return value
    text = str(value).strip()
    return (text[:1] if len(text) > 1 else "") + MASK * 2


def mask_address(value: str | None) -> str | None:
    """浙江省杭州市****: the first six characters (province and city) stay."""
    if not value:
        return value
    text = str(value)
    return text[:6] + MASK * 4 if len(text) > 6 else text[:2] + MASK * 4


def mask_email(value: str | None) -> str | None:
    """ab***@example.cn: two characters of the user part and the domain stay."""
    if not value:
        return value
    user, _, domain = str(value).partition("@")
    return (user[:2] + MASK * 3 + "@" + domain) if domain else user[:2] + MASK * 3


MASKERS = {
    "id": mask_id_number,
    "phone": mask_phone,
    "name": mask_name,
    "address": mask_address,
    "email": mask_email,
}

# Applicant fields of an interchange record (docs/spec/application-records.md section 6) and how each is masked.
APPLICANT_FIELDS = {
    "id_number": "id",
    "phone": "phone",
    "address": "address",
    "email": "email",
    "contact_person": "name",
}


def mask(value: Any, how: str) -> Any:
    """Mask `value` by kind (id | phone | name | address | email); other kinds and empty values pass."""
    if value is None or value == "" or not how:
        return value
    masker = MASKERS.get(how)
    return masker(str(value)) if masker else value


def mask_applicant(applicant: Mapping[str, Any] | None, *, name: bool = False) -> dict[str, Any] | None:
    """A copy of an applicant dict with its personal fields masked; the name too when `name` is set
    (natural persons only: an organisation's name is public)."""
    if applicant is None:
        return None
    out = dict(applicant)
    for key, how in APPLICANT_FIELDS.items():
        if out.get(key):
            out[key] = mask(out[key], how)
    if name and out.get("name") and out.get("kind", "natural_person") == "natural_person":
        out["name"] = mask_name(out["name"])
    return out


def mask_record(record: Mapping[str, Any], *, name: bool = False) -> dict[str, Any]:
    """A copy of an application record (docs/spec/application-records.md) with the applicant masked."""
    out = dict(record)
    if isinstance(out.get("applicant"), Mapping):
        out["applicant"] = mask_applicant(out["applicant"], name=name)
    return out


def is_masked(value: str | None) -> bool:
    return bool(value) and MASK in str(value)
