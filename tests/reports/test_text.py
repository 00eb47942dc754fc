"""Drafts of the text sections: section 一 in the five parts of the national format, each once."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest

from app.reports import labels as L
from app.reports.annual import ApplicationsTable, YearFigures
from app.reports.text import draft_sections

PARTS = ["（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）平台建设", "（五）监督保障"]


def _activities(n: int) -> dict:
    return {"publications": {"total": 3 * n, "website": 2 * n, "gazette": 0, "weibo": n, "wechat": 0, "other": 0},
            "interpretations": {"total": n, "late": 0, "pending": 0}, "press_conferences": n,
            "online_interviews": 0, "responses": 0, "trainings": {"sessions": n, "participants": 10 * n},
            "public_reviews": 0, "open_meetings": 0, "leader_briefings": 0}


def _data(n: int, *, summary: bool = False):
    table = ApplicationsTable.empty(2025)
    table.rows["new"][0] = table.rows["new"][-1] = 7
    table.rows["result.granted"][0] = table.rows["result.granted"][-1] = 5
    table.rows["result.total"][0] = table.rows["result.total"][-1] = 5
    table.rows["carried_out"][0] = table.rows["carried_out"][-1] = 2
    proactive = {key: 0 for key in L.PROACTIVE_KEYS}
    proactive.update({"normative_documents.issued": n, "normative_documents.in_force": 4 * n, "licensing": n})
    return SimpleNamespace(
        year=2025, summary=summary, office=SimpleNamespace(name="某县人民政府办公室"), applications=table,
        proactive=proactive, review_litigation={key: 0 for key in L.REVIEW_LITIGATION_KEYS},
        figures=YearFigures([0] * 12, 5, 4, 5), activities=_activities(n), fees_collected=Decimal(0))


@pytest.mark.parametrize("n", [0, 3])
def test_five_parts_in_order_whatever_the_records_hold(n):
    overview = draft_sections(_data(n))["overview"]
    lines = overview.splitlines()
    assert [line[: len(part)] for line, part in zip(lines[1:], PARTS)] == PARTS
    assert len(lines) == 6
    sentences = [s for s in overview.split("。") if s]
    assert len(sentences) == len(set(sentences))
    assert "统计期限" not in overview  # stated once, by the report's opening sentence


def test_figures_go_to_their_part():
    lines = draft_sections(_data(3))["overview"].splitlines()
    assert "主动公开政府信息9条" in lines[1] and "行政许可决定3件" in lines[1]
    assert "新收政府信息公开申请7件" in lines[2] and "按期答复率80.0%" in lines[2]
    assert "行政规范性文件制发3件、废止0件、现行有效12件" in lines[3]
    assert "通过政府网站发布信息6条" in lines[4] and "政务微博" in lines[4]
    assert "组织政务公开业务培训3次" in lines[5] and "工作考核" in lines[5]


def test_summary_speaks_for_the_county():
    overview = draft_sections(_data(1, summary=True))["overview"]
    assert overview.startswith("2025年，全县（区）各级行政机关")
