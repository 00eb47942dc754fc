"""Helpers for the register tests: a valid application and ID numbers with correct check characters."""

from __future__ import annotations

import datetime as dt

from app.domain.identifiers import id_number_check_char, org_code_check_char


def person_id(first17: str = "33010619850510504") -> str:
    return first17 + id_number_check_char(first17)


def org_code(first17: str = "91330587X14PUNKQP") -> str:
    return first17 + org_code_check_char(first17)


def application_data(**overrides) -> dict:
    data = {
        "received_on": dt.date(2025, 9, 26),  # Friday; docs/spec/working-days.md worked example
        "channel": "in_person",
        "applicant_kind": "natural_person",
        "applicant_name": "张三",
        "applicant_id_number": person_id(),
        "applicant_phone": "13800000000",
        "applicant_address": "青山县青山镇人民路2号",
        "content": "申请公开青山镇2024年度低保对象审核材料",
        "requested_form": "纸质",
    }
    data.update(overrides)
    return data


