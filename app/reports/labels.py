"""Exact labels and keys of the annual report's tables (docs/spec/annual-report.md).

The labels are those of the 2021 national format (国办公开办函〔2021〕30号), verbatim: full-width
brackets （）, the curly quotes of 危及“三安全一稳定”. Do not retype them elsewhere; import them.
"""

from __future__ import annotations

# ---- the six sections of a report (docs/spec/annual-report.md section 1) -----------------------
SECTION_HEADINGS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)

# ---- table 三: columns --------------------------------------------------------------------------
APPLICANT_KINDS = ("natural_person", "commercial", "research", "public_welfare", "legal_service", "other_org")
COLUMNS = APPLICANT_KINDS + ("total",)
COLUMN_LABELS = {
    "natural_person": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "public_welfare": "社会公益组织",
    "legal_service": "法律服务机构",
    "other_org": "其他",
    "total": "总计",
}
APPLICANT_HEADER = "申请人情况"
ORG_GROUP_LABEL = "法人或其他组织"
BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

# ---- table 三: rows, in the table's order ------------------------------------------------------
# Each entry: (key, level-1 label, level-2 label, level-3 label). Empty strings where the official table
# merges the cell with its neighbour (see xlsx.py for the merges).
RESULT_ROWS: tuple[tuple[str, str, str], ...] = (
    ("result.granted", "（一）予以公开", ""),
    ("result.partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ""),
    ("result.denied.state_secret", "（三）不予公开", "1.属于国家秘密"),
    ("result.denied.law_prohibited", "（三）不予公开", "2.其他法律行政法规禁止公开"),
    ("result.denied.security_stability", "（三）不予公开", "3.危及“三安全一稳定”"),
    ("result.denied.third_party", "（三）不予公开", "4.保护第三方合法权益"),
    ("result.denied.internal_affairs", "（三）不予公开", "5.属于三类内部事务信息"),
    ("result.denied.process_info", "（三）不予公开", "6.属于四类过程性信息"),
    ("result.denied.enforcement_file", "（三）不予公开", "7.属于行政执法案卷"),
    ("result.denied.admin_query", "（三）不予公开", "8.属于行政查询事项"),
    ("result.unavailable.not_held", "（四）无法提供", "1.本机关不掌握相关政府信息"),
    ("result.unavailable.needs_creation", "（四）无法提供", "2.没有现成信息需要另行制作"),
    ("result.unavailable.unclear", "（四）无法提供", "3.补正后申请内容仍不明确"),
    ("result.not_processed.petition", "（五）不予处理", "1.信访举报投诉类申请"),
    ("result.not_processed.repeat", "（五）不予处理", "2.重复申请"),
    ("result.not_processed.publication", "（五）不予处理", "3.要求提供公开出版物"),
    ("result.not_processed.excessive", "（五）不予处理", "4.无正当理由大量反复申请"),
    ("result.not_processed.confirm_existing", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"),
    (
        "result.other.no_correction",
        "（六）其他处理",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    (
        "result.other.fee_unpaid",
        "（六）其他处理",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    ("result.other.other", "（六）其他处理", "3.其他"),
    ("result.total", "（七）总计", ""),
)
RESULT_KEYS = tuple(key for key, _, _ in RESULT_ROWS if key != "result.total")  # the 22 outcome rows
ROW_KEYS = ("new", "carried_in") + tuple(key for key, _, _ in RESULT_ROWS) + ("carried_out",)

ROW_NEW_LABEL = "一、本年新收政府信息公开申请数量"
ROW_CARRIED_IN_LABEL = "二、上年结转政府信息公开申请数量"
ROW_RESULTS_LABEL = "三、本年度办理结果"
ROW_CARRIED_OUT_LABEL = "四、结转下年度继续办理"


def row_label(key: str) -> str:
    """The full label of a row of table 三 (levels joined), for lists and error messages."""
    if key == "new":
        return ROW_NEW_LABEL
    if key == "carried_in":
        return ROW_CARRIED_IN_LABEL
    if key == "carried_out":
        return ROW_CARRIED_OUT_LABEL
    for row_key, level2, level3 in RESULT_ROWS:
        if row_key == key:
            return ROW_RESULTS_LABEL + level2 + level3
    raise KeyError(key)


# ---- outcome code → row key (docs/spec/annual-report.md section 3.2) ---------------------------
# The rows of already_public, unavailable_not_competent and denied_admin_query are common practice,
# not settled text: the office may change them (setting "reports.outcome_rows"); these are defaults.
DEFAULT_OUTCOME_ROWS: dict[str, str] = {
    "granted": "result.granted",  # 条例 art. 36(2)
    "already_public": "result.granted",  # 条例 art. 36(1), practice
    "partial": "result.partial",  # 条例 art. 37: counted only here
    "denied_state_secret": "result.denied.state_secret",  # 条例 art. 14
    "denied_law_prohibited": "result.denied.law_prohibited",  # 条例 art. 14
    "denied_security_stability": "result.denied.security_stability",  # 条例 art. 14
    "denied_third_party": "result.denied.third_party",  # 条例 art. 15
    "denied_internal_affairs": "result.denied.internal_affairs",  # 条例 art. 16 para 1
    "denied_process_info": "result.denied.process_info",  # 条例 art. 16 para 2
    "denied_enforcement_file": "result.denied.enforcement_file",  # 条例 art. 16 para 2
    "denied_admin_query": "result.denied.admin_query",  # 条例 art. 36(7), practice
    "unavailable_not_held": "result.unavailable.not_held",  # 条例 art. 36(4)
    "unavailable_not_competent": "result.unavailable.not_held",  # 条例 art. 36(5), practice
    "unavailable_needs_creation": "result.unavailable.needs_creation",  # 条例 art. 38
    "unavailable_unclear": "result.unavailable.unclear",  # 条例 art. 30
    "rejected_petition": "result.not_processed.petition",  # 条例 art. 39 para 1
    "rejected_repeat": "result.not_processed.repeat",  # 条例 art. 36(6)
    "rejected_publication": "result.not_processed.publication",  # 条例 art. 39 para 2
    "rejected_excessive": "result.not_processed.excessive",  # 条例 art. 35
    "rejected_confirm_existing": "result.not_processed.confirm_existing",
    "closed_no_correction": "result.other.no_correction",  # 条例 art. 30
    "closed_fee_unpaid": "result.other.fee_unpaid",  # 国办函〔2020〕109号
    "closed_other": "result.other.other",
}
CONFIGURABLE_OUTCOMES = ("already_public", "unavailable_not_competent", "denied_admin_query")

# ---- table 二 (docs/spec/annual-report.md section 4) ----------------------------------------------
# Flat keys of docs/spec/annual-report.md "proactive" (the ledger's annual_counts names, flattened).
PROACTIVE_KEYS = (
    "regulations.issued",
    "regulations.repealed",
    "regulations.in_force",
    "normative_documents.issued",
    "normative_documents.repealed",
    "normative_documents.in_force",
    "licensing",
    "penalty",
    "coercion",
    "fees_wan_yuan",
)
PROACTIVE_CONTENT_LABEL = "信息内容"
# (block header, column labels, rows as (label, keys of the row's numbers)).
PROACTIVE_BLOCKS: tuple[tuple[str, tuple[str, ...], tuple[tuple[str, tuple[str, ...]], ...]], ...] = (
    (
        "第二十条第（一）项",
        ("本年制发件数", "本年废止件数", "现行有效件数"),
        (
            ("规章", ("regulations.issued", "regulations.repealed", "regulations.in_force")),
            (
                "行政规范性文件",
                ("normative_documents.issued", "normative_documents.repealed", "normative_documents.in_force"),
            ),
        ),
    ),
    ("第二十条第（五）项", ("本年处理决定数量",), (("行政许可", ("licensing",)),)),
    ("第二十条第（六）项", ("本年处理决定数量",), (("行政处罚", ("penalty",)), ("行政强制", ("coercion",)))),
    ("第二十条第（八）项", ("本年收费金额（单位：万元）",), (("行政事业性收费", ("fees_wan_yuan",)),)),
)

# ---- table 四 (docs/spec/annual-report.md section 5) ----------------------------------------------
REVIEW_GROUP_LABEL = "行政复议"
LITIGATION_GROUP_LABEL = "行政诉讼"
LITIGATION_DIRECT_LABEL = "未经复议直接起诉"
LITIGATION_AFTER_REVIEW_LABEL = "复议后起诉"
CASE_RESULT_KEYS = ("upheld", "corrected", "other", "pending", "total")
CASE_RESULT_LABELS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
CASE_GROUPS = ("review", "litigation_direct", "litigation_after_review")
REVIEW_LITIGATION_KEYS = tuple(f"{group}.{result}" for group in CASE_GROUPS for result in CASE_RESULT_KEYS)

# ---- titles --------------------------------------------------------------------------------------
TABLE_TITLES = {
    "proactive": "主动公开政府信息情况",
    "applications": "收到和处理政府信息公开申请情况",
    "review_litigation": "政府信息公开行政复议、行政诉讼情况",
}


def report_title(office_name: str, year: int) -> str:
    """The report's title as published: "<机关><年>年政府信息公开工作年度报告"."""
    return f"{office_name}{year}年政府信息公开工作年度报告"
