"""The PDF: six sections in order, the official labels, the numbers, the charts' captions."""

from __future__ import annotations

import subprocess

import pytest

from app import reports
from app.reports import labels as L
from app.reports.pdf import render_report
from app.reports.text import draft_sections
from tests.helpers.reports import load_sample_into


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


CLOSING = set("，。、；：？！）」』")


def _long_texts() -> dict[str, str]:
    """Paragraphs whose punctuation falls at every column of the 28-character grid, some more than once."""
    body = "本机关持续推进政务公开标准化规范化建设"
    paragraphs = []
    for n in range(30):
        lead = "各乡镇部门"[: n % 5] + "政务公开" * (n // 4)
        paragraphs.append(f"{lead}{body}，围绕“放管服”改革、重点领域信息公开（含财政预决算）等方面，"
                          f"及时发布政策文件、解读材料。全年共开展培训{n + 3}次；印发通知、方案等文件。")
    text = "\n".join(paragraphs)
    return {"overview": text, "problems": text[:600], "other_matters": text[:900]}


def test_long_text_sections_keep_the_line_break_rules(db, tmp_path):
    load_sample_into(db)
    with db.read_session() as s:
        data = reports.compute_annual(s, 2025)
    texts = _long_texts()
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(render_report(data, texts))
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    lines = [line.strip() for line in out.splitlines() if line.strip()]
    bad = [line for line in lines if line[0] in CLOSING]
    assert not bad, bad[:5]
    flat = "".join(out.split())
    for paragraph in texts["overview"].splitlines()[:3] + texts["problems"].splitlines()[-1:]:
        assert paragraph in flat  # every character of the sections is printed, in order
    body_lines = [line for line in lines if "政务公开标准化" in line or "放管服" in line]
    assert len(body_lines) > 60  # the sections really ran over many lines (and pages)
