"""Drafts of the report's text sections (一、五、六; docs/spec/annual-report.md section 1), for the clerk to edit."""

from __future__ import annotations

from decimal import Decimal

from app.reports import labels as L

# The five parts of section 一 in the national format's order (docs/spec/annual-report.md section 1.1); each
# is printed, numbered without gaps, with the clerk's prompt where the records hold no figures for it.
OVERVIEW_PARTS = ("主动公开", "依申请公开", "政府信息管理", "平台建设", "监督保障")
PART_NUMBERS = ("（一）", "（二）", "（三）", "（四）", "（五）")

# Activity counts of the ledger (annual_counts()["activities"], dotted paths), how the draft names them,
# and the part of section 一 they belong to.
ACTIVITY_WORDS = (
    ("publications.total", "主动公开政府信息", "条", "主动公开"),
    ("interpretations.total", "发布政策解读", "篇", "主动公开"),
    ("press_conferences", "召开新闻发布会", "场", "主动公开"),
    ("online_interviews", "开展在线访谈", "期", "主动公开"),
    ("responses", "回应社会关切", "次", "主动公开"),
    ("publications.website", "通过政府网站发布信息", "条", "平台建设"),
    ("publications.gazette", "通过政府公报刊登信息", "条", "平台建设"),
    ("publications.weibo", "通过政务微博发布信息", "条", "平台建设"),
    ("publications.wechat", "通过政务微信发布信息", "条", "平台建设"),
    ("trainings.sessions", "组织政务公开业务培训", "次", "监督保障"),
    ("trainings.participants", "参训", "人次", "监督保障"),
    ("public_reviews", "开展政务公开社会评议", "次", "监督保障"),
    ("open_meetings", "开展开放式会议、政府开放日", "次", "监督保障"),
)
PROMPTS = {
    "主动公开": "（请补充重点领域信息公开情况。）",
    "依申请公开": "",
    "政府信息管理": "（请补充公开属性审查、不予公开信息定期评估、政府信息公开目录更新等情况。）",
    "平台建设": "（请补充政府网站、政务新媒体等公开平台的建设和管理情况。）",
    "监督保障": "（请补充工作考核、社会评议和责任追究结果情况。）",
}


def _path(data: dict, dotted: str):
    """A number of the ledger's activity counts; one the ledger does not give is a KeyError, not a 0."""
    node = data
    for part in dotted.split("."):
        node = node[part]
    return node


def _yuan(amount: Decimal) -> str:
    amount = Decimal(amount or 0)
    text = format(amount.quantize(Decimal("0.01")), "f")
    return text[:-3] if text.endswith(".00") else text


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _activities(data, part: str) -> list[str]:
    found = []
    for path, words, unit, where in ACTIVITY_WORDS:
        n = _path(data.activities, path)
        if where == part and n:
            found.append(f"{words}{n}{unit}")
    return found


def overview_parts(data) -> list[tuple[str, str]]:
    """Section 一 as its five (heading, text) parts, every sentence stated once."""
    rows = data.applications.rows
    new, carried_in = rows["new"][-1], rows["carried_in"][-1]
    done, carried_out = rows["result.total"][-1], rows["carried_out"][-1]
    granted = rows["result.granted"][-1] + rows["result.partial"][-1]
    p = data.proactive
    sentences: dict[str, list[str]] = {part: [] for part in OVERVIEW_PARTS}
    proactive = _activities(data, "主动公开")
    if proactive:
        sentences["主动公开"].append("全年" + "，".join(proactive) + "。")
    decisions = [f"{label}决定{p[key]}件" for key, label in (("licensing", "行政许可"), ("penalty", "行政处罚"),
                                                            ("coercion", "行政强制")) if p[key]]
    if decisions:
        sentences["主动公开"].append("公开" + "、".join(decisions) + "。")
    sentences["依申请公开"].append(
        f"全年新收政府信息公开申请{new}件，上年结转{carried_in}件，办结{done}件（其中予以公开和部分公开{granted}件），"
        f"结转下年度继续办理{carried_out}件。")
    figures = data.figures
    if figures.replied_with_due:
        sentences["依申请公开"].append(f"按期答复率{_percent(figures.on_time_rate)}。")
    documents = [f"{label}制发{p[f'{kind}.issued']}件、废止{p[f'{kind}.repealed']}件、现行有效{p[f'{kind}.in_force']}件"
                 for kind, label in (("regulations", "规章"), ("normative_documents", "行政规范性文件"))
                 if p[f"{kind}.issued"] or p[f"{kind}.repealed"] or p[f"{kind}.in_force"]]
    if documents:
        sentences["政府信息管理"].append("全年" + "；".join(documents) + "。")
    for part in ("平台建设", "监督保障"):
        found = _activities(data, part)
        if found:
            sentences[part].append("全年" + "，".join(found) + "。")
    parts = []
    for number, part in zip(PART_NUMBERS, OVERVIEW_PARTS):
        text = "".join(sentences[part]) + PROMPTS[part]
        parts.append((f"{number}{part}", text or PROMPTS[part]))
    return parts


def draft_sections(data) -> dict[str, str]:
    """overview / problems / other_matters drafted from the numbers and the ledger's activity counts.

    ``data`` is an ``app.reports.service.AnnualData`` (for a county summary: the summary's own figures).
    The drafts state only facts from the records; the clerk completes them (30号: "不能遗漏，也不宜泛化").
    Section 一 has the five parts of the national format, in order, each once; the period of the figures
    is stated once, by the report's opening sentence, not again here.
    """
    year = data.year
    office = data.office.name
    scope = "全县（区）各级行政机关" if data.summary else office
    overview = [f"{year}年，{scope}依照《中华人民共和国政府信息公开条例》开展政府信息公开工作，情况如下。"]
    overview += [f"{heading}。{text}" for heading, text in overview_parts(data)]

    problems = [
        f"{year}年，{scope}政府信息公开工作取得一定成效，但仍存在一些问题：（请结合实际填写）。",
        f"{year + 1}年，将针对上述问题采取以下改进措施：（请结合实际填写）。",
    ]
    late = data.figures.replied_with_due - data.figures.replied_on_time
    if late:
        # A 考核 figure: replies issued in the year after their due date (docs/spec/working-days.md section 4.5).
        problems.insert(1, f"全年逾期答复{late}件（答复日期晚于答复期限），请说明原因和改进措施。")
    cases = data.review_litigation
    review_total = cases["review.total"]
    suit_total = cases["litigation_direct.total"] + cases["litigation_after_review.total"]
    if review_total or suit_total:
        problems.insert(
            1,
            f"全年因政府信息公开工作被申请行政复议{review_total}件、提起行政诉讼{suit_total}件，"
            f"其中结果纠正{sum(cases[f'{g}.corrected'] for g in L.CASE_GROUPS)}件。",
        )

    fees = _yuan(data.fees_collected)
    other = [
        f"依据《政府信息公开信息处理费管理办法》规定，{year}年"
        + (f"共收取信息处理费{fees}元。" if data.fees_collected else "未收取信息处理费。"),
        "（请补充政务公开工作要点落实情况、人大代表建议和政协提案办理结果公开情况等。）",
    ]
    return {"overview": "\n".join(overview), "problems": "\n".join(problems), "other_matters": "\n".join(other)}


SECTION_FIELDS = {L.SECTION_HEADINGS[0]: "overview", L.SECTION_HEADINGS[4]: "problems",
                  L.SECTION_HEADINGS[5]: "other_matters"}
