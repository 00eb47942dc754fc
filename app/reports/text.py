"""Drafts of the report's text sections (一、五、六; docs/spec/annual-report.md section 1), for the clerk to edit."""

from __future__ import annotations

from decimal import Decimal

from app.reports import labels as L

# Activity counts of the ledger (annual_counts()["activities"], dotted paths) and how the draft names them.
ACTIVITY_WORDS = (
    ("publications.total", "主动公开政府信息", "条"),
    ("interpretations.total", "发布政策解读", "篇"),
    ("press_conferences", "召开新闻发布会", "场"),
    ("online_interviews", "开展在线访谈", "期"),
    ("responses", "回应社会关切", "次"),
    ("trainings.sessions", "组织政务公开业务培训", "次"),
    ("public_reviews", "开展政务公开社会评议", "次"),
    ("open_meetings", "开展开放式会议、政府开放日", "次"),
)


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


def draft_sections(data) -> dict[str, str]:
    """overview / problems / other_matters drafted from the numbers and the ledger's activity counts.

    ``data`` is an ``app.reports.service.AnnualData``. The drafts state only facts from the records;
    the clerk completes them (30号: "不能遗漏，也不宜泛化").
    """
    year = data.year
    rows = data.applications.rows
    new, carried_in = rows["new"][-1], rows["carried_in"][-1]
    done, carried_out = rows["result.total"][-1], rows["carried_out"][-1]
    granted = rows["result.granted"][-1] + rows["result.partial"][-1]
    p = data.proactive
    office = data.office.name
    scope = "本县（区）各级行政机关" if data.summary else office

    overview = [
        f"{year}年，{scope}认真贯彻落实《中华人民共和国政府信息公开条例》，"
        f"本报告所列数据的统计期限为{year}年1月1日至{year}年12月31日。",
        f"（一）主动公开。全年制发行政规范性文件{p['normative_documents.issued']}件，"
        f"废止{p['normative_documents.repealed']}件，现行有效{p['normative_documents.in_force']}件。",
        f"（二）依申请公开。全年新收政府信息公开申请{new}件，上年结转{carried_in}件，"
        f"办结{done}件（其中予以公开和部分公开{granted}件），结转下年度继续办理{carried_out}件。",
    ]
    figures = data.figures
    if figures.replied_with_due:
        overview.append(f"按期答复率{_percent(figures.on_time_rate)}。")
    activity_parts = []
    for path, words, unit in ACTIVITY_WORDS:
        n = _path(data.activities, path)
        if n:
            activity_parts.append(f"{words}{n}{unit}")
    if activity_parts:
        overview.append("（三）政府信息管理与平台建设。全年" + "，".join(activity_parts) + "。")
    overview.append("（四）监督保障。（请补充工作考核、社会评议和责任追究结果情况。）")

    problems = [
        f"{year}年，{scope}政府信息公开工作取得一定成效，但仍存在一些问题：（请结合实际填写）。",
        f"{year + 1}年，将针对上述问题采取以下改进措施：（请结合实际填写）。",
    ]
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
