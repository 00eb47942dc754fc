"""Codes of the register (channels, applicant kinds, workflow steps, outcomes) and their Chinese labels."""

from __future__ import annotations

# Channels of docs/spec/application-records.md; the receipt date depends on the channel (条例 art. 31).
CHANNELS = {
    "in_person": "当面",
    "post": "邮寄签收",
    "letter": "平常信函",
    "online": "互联网",
    "fax": "传真",
    "email": "电子邮件",
    "other": "其他",
}


# Applicant kinds = the columns of table 三 of the annual report (docs/spec/annual-report.md section 3.1).
APPLICANT_KINDS = {
    "natural_person": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "public_welfare": "社会公益组织",
    "legal_service": "法律服务机构",
    "other_org": "其他",
}
ORGANISATION_KINDS = tuple(k for k in APPLICANT_KINDS if k != "natural_person")

# Workflow steps (条例 art. 45: 登记、审核、办理、答复、归档), in order.
STEPS = ("accept", "register", "draft", "consult", "review", "reply", "archive")
STEP_LABELS = {
    "accept": "受理",
    "register": "登记",
    "draft": "拟办",
    "consult": "会商",
    "review": "审核",
    "reply": "答复",
    "archive": "归档",
}
# The step whose passing needs the approval of the head of the disclosure office, given on paper.
APPROVAL_STEP = "review"

FEE_METHODS = {"per_request": "按件计收", "per_page": "按量计收"}  # 国办函〔2020〕109号 art. 3
CONSULTATION_PARTIES = {"third_party": "第三方", "agency": "其他机关"}  # art. 32 / art. 34

# Outcome codes of docs/spec/application-records.md with their label (decision and basis).
OUTCOMES = {
    "granted": "予以公开",
    "already_public": "已主动公开，告知获取途径",
    "partial": "部分公开",
    "denied_state_secret": "不予公开：属于国家秘密",
    "denied_law_prohibited": "不予公开：其他法律行政法规禁止公开",
    "denied_security_stability": "不予公开：危及“三安全一稳定”",
    "denied_third_party": "不予公开：保护第三方合法权益",
    "denied_internal_affairs": "不予公开：属于三类内部事务信息",
    "denied_process_info": "不予公开：属于四类过程性信息",
    "denied_enforcement_file": "不予公开：属于行政执法案卷",
    "denied_admin_query": "不予公开：属于行政查询事项",
    "unavailable_not_held": "无法提供：本机关不掌握相关政府信息",
    "unavailable_not_competent": "无法提供：不属于本机关负责公开",
    "unavailable_needs_creation": "无法提供：没有现成信息需要另行制作",
    "unavailable_unclear": "无法提供：补正后申请内容仍不明确",
    "rejected_petition": "不予处理：信访举报投诉类申请",
    "rejected_repeat": "不予处理：重复申请",
    "rejected_publication": "不予处理：要求提供公开出版物",
    "rejected_excessive": "不予处理：无正当理由大量反复申请",
    "rejected_confirm_existing": "不予处理：要求行政机关确认或重新出具已获取信息",
    "closed_no_correction": "其他处理：逾期不补正",
    "closed_fee_unpaid": "其他处理：逾期未缴纳信息处理费",
    "closed_other": "其他处理：其他",
}

# Decisions that withhold information and so must state the legal basis (art. 36(三), art. 37).
REFUSALS = tuple(code for code in OUTCOMES if code.startswith("denied_")) + ("partial",)


def label(table: dict[str, str], code: str | None) -> str:
    """The Chinese label of a code, or the code itself when unknown."""
    if code is None:
        return ""
    return table.get(code, code)
