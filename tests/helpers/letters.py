"""Shared data of the letters tests: the office, the fixed letter date and the clerk's input per case."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from html import unescape
from pathlib import Path

GOLDEN = Path(__file__).resolve().parents[1] / "letters" / "golden"
LETTER_DATE = dt.date(2026, 3, 9)
OFFICE = {
    "name": "测试县人民政府办公室",
    "review_agency": "临江市人民政府",
    "court": "临江市中级人民法院",
    "doc_prefix": "测政办公开",
    "contact_phone": "0571-12345678",
    "website": "www.example.gov.cn",
}

# What the clerk enters when closing (reasons, parties, dates): the fields each body needs.
OUTCOME_EXTRA = {
    "partial": {"provided": "补助资金发放总额及发放标准", "withheld": "补助对象的身份证号码和银行账号",
                "withheld_reason": "该部分内容属于个人隐私，公开会对第三方合法权益造成损害"},
    "denied_third_party": {"third_party_opinion": "经书面征求意见，第三方不同意公开并说明了理由"},
    "denied_admin_query": {"special_category": "不动产登记资料",
                           "special_procedure": "可持身份证明到县不动产登记中心依法查询"},
    "unavailable_not_competent": {"not_competent_reason": "该政府信息由街道办事处制作并保存",
                                  "competent_agency": "浦江街道办事处", "competent_contact": "0571-87654321"},
    "unavailable_unclear": {"correction_notified_on": dt.date(2026, 1, 12)},
    "rejected_repeat": {"previous_reply_on": dt.date(2025, 12, 1), "previous_doc_number": "测政办公开〔2025〕88号"},
    "rejected_excessive": {"reason_requested_on": dt.date(2026, 2, 2)},
    "closed_no_correction": {"correction_notified_on": dt.date(2026, 1, 12)},
    "closed_fee_unpaid": {"fee_notified_on": dt.date(2026, 1, 20)},
    "closed_other": {"closing_reason": "申请人于2026年2月3日书面撤回申请"},
}
KIND_EXTRA = {
    "extension": {"extension_days": 20, "extension_due": dt.date(2026, 4, 8)},
    "consultation": {"third_party_name": "平湖商贸有限公司", "consultation_matter": "商业秘密"},
    "public_interest_notice": {"third_party_name": "平湖商贸有限公司", "consultation_sent_on": dt.date(2026, 2, 2),
                               "third_party_opinion": "不同意公开",
                               "disclosed_content": "项目环境影响评价结论及污染物排放数据",
                               "public_interest_reason": "该信息涉及周边居民的健康和环境安全，不公开可能对公共利益造成重大影响"},
    "agency_consultation": {"agency_name": "测试县自然资源局", "info_title": "平湖路拓宽工程用地预审意见"},
    "fee": {"fee_standard": "按件计收", "fee_computation": "本月第11件至第12件，每件100元", "fee_amount": "200.00",
            "payment_method": "银行转账至本机关非税收入汇缴账户"},
}


def pdftotext(pdf: bytes, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
_MM = 72 / 25.4


def pdf_words(pdf: bytes) -> list[list[tuple[float, float, float, float, str]]]:
    """Per page, the words pdftotext finds: (xMin, yMin, xMax, yMax, text) in mm from the top-left corner."""
    pages = pdftotext(pdf, "-bbox").split("<page ")[1:]
    return [[(float(a) / _MM, float(b) / _MM, float(c) / _MM, float(d) / _MM, unescape(t))
             for a, b, c, d, t in _WORD.findall(page)] for page in pages]
