"""Identity documents by type (docs/spec/application-records.md section 3.4)."""

from __future__ import annotations

import pytest

from app.domain.identifiers import id_document_problem, org9_check_char
from tests.helpers.register_layouts import CREDIT, FOREIGN, ID15, ID18, ORG9


@pytest.mark.parametrize("id_type, number, organisation", [
    ("resident_id", ID18, False), ("resident_id", ID15, False), (None, ID15, False), (None, ID18, False),
    ("passport", "E12345678", False), ("hk_macao_permit", "H12345678", False),
    ("hk_macao_permit", "M1234567801", False), ("taiwan_permit", "12345678", False),
    ("foreign_permanent_id", FOREIGN, False), ("foreign_permanent_id", "USA310012345678", False),
    ("credit_code", CREDIT, True), ("org_code", ORG9, True), (None, ORG9, True), (None, CREDIT, True),
    ("org_code", ORG9.replace("-", ""), True),
])
def test_well_formed_documents_pass(id_type, number, organisation):
    assert id_document_problem(id_type, number, organisation=organisation) is None


@pytest.mark.parametrize("id_type, number, organisation, words", [
    ("resident_id", ID18[:-1] + ("0" if ID18[-1] != "0" else "1"), False, "校验位"),
    ("resident_id", "330106521318435", False, "出生日期"),
    (None, "E12345678", False, "证件类型"),  # a passport number needs its type
    ("org_code", "D2143569-1", True, "校验码"),
    ("foreign_permanent_id", FOREIGN[:-1] + ("0" if FOREIGN[-1] != "0" else "1"), False, "校验位"),
    ("passport", "E12", False, "5至17位"),
    ("hk_macao_permit", "X12345678", False, "H或M"),
    ("passport", "E12345678", True, "组织申请人不使用护照"),
    ("credit_code", CREDIT, False, "自然人申请人不使用统一社会信用代码"),
])
def test_malformed_documents_are_refused_with_the_reason(id_type, number, organisation, words):
    problem = id_document_problem(id_type, number, organisation=organisation)
    assert problem is not None and words in problem


def test_gb11714_example_check_character():
    assert org9_check_char("D2143569") == "X"
