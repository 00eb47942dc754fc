"""The PDF: six sections in order, the official labels, the numbers, the charts' captions."""

from __future__ import annotations

import subprocess

import pytest

from app.reports import labels as L
from app.reports.pdf import render_report
from app.reports.text import draft_sections
from app.services import reports
from tests.reports.reports_support import load_sample_into


@pytest.fixture
def pdf_text(db, tmp_path):
    load_sample_into(db)
    with db.read_session() as s:
        data = reports.compute_annual(s, 2025)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(render_report(data, draft_sections(data)))
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_sections_in_order_and_labels(pdf_text):
    positions = [pdf_text.index(h) for h in L.SECTION_HEADINGS]
    assert positions == sorted(positions)
    flat = "".join(pdf_text.split())
    for label in ("3.危及“三安全一稳定”", "（七）总计", "四、结转下年度继续办理", "第二十条第（八）项", "复议后起诉",
                  "本年收费金额（单位：万元）", "统计期限为2025年1月1日至2025年12月31日"):
        assert label in flat, label
    assert "— 1 —" in pdf_text
    for caption in ("各月新收申请数量", "办理结果构成", "各月按期答复率", "2024年与2025年对比"):
        assert caption in flat
