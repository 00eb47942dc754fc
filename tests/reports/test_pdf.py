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


def test_table_four_header_spans_as_the_national_layout(db):
    from app.reports.pdf import _styles, cases_table

    table = cases_table({key: 0 for key in L.REVIEW_LITIGATION_KEYS}, _styles())
    spans = {(tuple(start), tuple(end)) for op, start, end in table._spanCmds if op == "SPAN"}
    assert spans == {((0, 0), (4, 0)), ((5, 0), (14, 0)), ((5, 1), (9, 1)), ((10, 1), (14, 1)),
                     *{((i, 1), (i, 2)) for i in range(5)}}
    header = [[getattr(c, "text", c) for c in row] for row in table._cellvalues[:3]]
    assert header[0][0] == "行政复议" and header[0][5] == "行政诉讼"
    assert header[1][:5] == list(L.CASE_RESULT_LABELS) and header[2][5:] == list(L.CASE_RESULT_LABELS) * 2
    assert header[1][5] == "未经复议直接起诉" and header[1][10] == "复议后起诉"


def test_section_one_has_the_five_parts_and_no_sentence_twice(pdf_text):
    flat = "".join(pdf_text.split())
    body = flat[flat.index(L.SECTION_HEADINGS[0]):flat.index(L.SECTION_HEADINGS[1])]
    parts = ["（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）平台建设", "（五）监督保障"]
    positions = [body.find(p) for p in parts]
    assert -1 not in positions and positions == sorted(positions), positions
    assert not any(f"（{n}）" in body for n in "六七八")  # no further parts, so no numbering gaps or jumps
    text = flat[:flat.index("附图")]
    sentences = [s for s in text.replace("！", "。").split("。") if len(s) > 8]
    repeated = {s for s in sentences if sentences.count(s) > 1}
    assert not repeated, repeated
    assert flat.count("统计期限为2025年1月1日至2025年12月31日") == 1
