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
    "level": "county",
    "parent_name": "测试县人民政府",
    "review_agency": "测试县人民政府",
    "court": "测试县人民法院",
    "doc_prefix": "测政办公开",
    "contact_phone": "0571-12345678",
    "website": "www.example.gov.cn",
}

# What the clerk enters when closing (reasons, parties, dates): the fields each body needs.
_REASON = {"reason": "该信息经定密程序确定为秘密级国家秘密，保密期限未满"}
OUTCOME_EXTRA = {
    "already_public": {"published_item": "《测试县2025年财政预算执行情况报告》（索引号：11330127MB00000019/2025-00031）",
                       "published_on": "2025-08-01",
                       "where_public": "测试县人民政府门户网站“政府信息公开—财政信息”栏目（www.example.gov.cn）"},
    "partial": {"provided": "补助资金发放总额及发放标准", "withheld": "补助对象的身份证号码；补助对象的银行账号",
                "withheld_reason": "属于个人隐私，公开会对第三方合法权益造成损害；属于个人金融信息，公开会对第三方合法权益造成损害"},
    "denied_state_secret": _REASON,
    "denied_law_prohibited": {"reason": "《中华人民共和国统计法》第三十九条禁止公开能够识别统计调查对象身份的资料"},
    "denied_security_stability": {"reason": "该信息涉及水库防汛调度的关键设施布防，公开后可能危及公共安全"},
    "denied_third_party": {"third_party_name": "平湖商贸有限公司",
                           "third_party_opinion": "第三方于2026-02-20书面答复不同意公开，理由是涉及其“核心技术”",
                           "reason": "该信息包含第三方的工艺参数和客户名单，属于商业秘密，第三方不同意公开且理由合理"},
    "denied_internal_affairs": {"reason": "该信息为本机关工作人员年度考核的内部人事管理信息"},
    "denied_process_info": {"reason": "该信息为会议讨论记录，决定尚未作出"},
    "denied_enforcement_file": {"reason": "该信息为行政处罚案件的调查询问笔录，属于行政执法案卷"},
    "denied_admin_query": {"special_category": "不动产登记资料",
                           "special_procedure": "可持身份证明到县不动产登记中心依法查询"},
    "unavailable_not_held": {"search_done": "于2026年3月2日检索了本机关2019年以来的发文、收文登记簿和档案目录"},
    "unavailable_not_competent": {"not_competent_reason": "该政府信息由街道办事处制作并保存",
                                  "competent_agency": "浦江街道办事处", "competent_contact": "0571-87654321"},
    "unavailable_needs_creation": {"reason": "本机关未制作该统计表，需要汇总分析各年度原始台账方能形成"},
    "unavailable_unclear": {"correction_notified_on": dt.date(2026, 1, 12)},
    "rejected_repeat": {"previous_reply_on": "2025-12-01", "previous_doc_number": "测政办公开〔2025〕88号"},
    "rejected_excessive": {"request_volume": "申请人于2026年1月1日至2月1日共提出政府信息公开申请46件",
                           "reason_requested_on": dt.date(2026, 2, 2), "reason_request_doc_number": "测政办公开理〔2026〕2号",
                           "reason": "申请人说明的理由与所申请的大量信息之间没有关联"},
    "closed_no_correction": {"correction_notified_on": dt.date(2026, 1, 12)},
    "closed_fee_unpaid": {"fee_notified_on": dt.date(2026, 1, 20), "fee_doc_number": "测政办公开费〔2026〕1号"},
    "closed_other": {"closing_reason": "申请人于2026-02-03书面撤回申请"},
}
KIND_EXTRA = {
    "extension": {"extension_days": 20, "extension_due": dt.date(2026, 4, 8)},
    "consultation": {"third_party_name": "平湖商贸有限公司", "consultation_matter": "商业秘密"},
    "public_interest_notice": {"third_party_name": "平湖商贸有限公司", "consultation_sent_on": dt.date(2026, 2, 2),
                               "third_party_opinion": "不同意公开",
                               "disclosed_content": "项目环境影响评价结论及污染物排放数据",
                               "public_interest_reason": "该信息涉及周边居民的健康和环境安全，不公开可能对公共利益造成重大影响"},
    "agency_consultation": {"agency_name": "测试县自然资源局", "info_title": "平湖路拓宽工程用地预审意见"},
    "fee": {"fee_method": "per_request", "fee_computation": "本月第11件至第12件，每件100元", "fee_amount": "200.00",
            "payment_method": "银行转账至本机关非税收入汇缴账户"},
    "reason_request": {"request_volume": "申请人于2026年1月1日至2月1日共提出政府信息公开申请46件",
                       "reason_deadline": "自收到本告知书之日起15个工作日内"},
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
