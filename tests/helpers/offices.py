"""The test office profile for databases the reliability tests build outside the `db` fixture."""

from __future__ import annotations

TEST_OFFICE = {
    "name": "可靠性测试县人民政府办公室",
    "org_code": "11330127MB0000001",
    "level": "county",
    "review_agency": "临江市人民政府",
    "court": "临江市中级人民法院",
    "doc_prefix": "测政办公开",
}


def office_data() -> dict:
    from app.domain.identifiers import org_code_check_char

    data = dict(TEST_OFFICE)
    data["org_code"] = data["org_code"] + org_code_check_char(data["org_code"])
    return data


TOWNSHIP = {"name": "白沙镇人民政府", "org_code": "11330127MB0000102", "level": "township",
            "review_agency": "测试县人民政府", "court": "测试县人民法院", "doc_prefix": "白政公开"}


def township_data() -> dict:
    from app.domain.identifiers import org_code_check_char

    data = dict(TOWNSHIP)
    data["org_code"] = data["org_code"] + org_code_check_char(data["org_code"])
    return data
