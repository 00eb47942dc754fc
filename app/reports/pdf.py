"""The annual report as a PDF in the GB/T 9704 look: six sections in order, the tables, and charts."""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.pdf import fonts, gbt9704
from app.reports import labels as L
from app.reports.charts import chart_flowables

MM = gbt9704.MM
BODY_PT = gbt9704.BODY_PT  # 3号
TITLE_PT = gbt9704.TITLE_PT  # 2号
LEADING = gbt9704.LINE_PITCH  # 22 lines per page
TABLE_PT = 8.5
TABLE_LEADING = 10.5


def _styles() -> dict[str, ParagraphStyle]:
    body = fonts.font_for("body")
    return {
        "title": ParagraphStyle("title", fontName=fonts.font_for("title"), fontSize=TITLE_PT, leading=TITLE_PT * 1.5,
                                alignment=TA_CENTER, wordWrap="CJK", spaceAfter=LEADING * 0.5),
        "heading": ParagraphStyle("heading", fontName=fonts.font_for("heading"), fontSize=BODY_PT, leading=LEADING,
                                  firstLineIndent=2 * BODY_PT, wordWrap="CJK"),
        "body": ParagraphStyle("body", fontName=body, fontSize=BODY_PT, leading=LEADING, firstLineIndent=2 * BODY_PT,
                               alignment=TA_JUSTIFY, wordWrap="CJK"),
        "caption": ParagraphStyle("caption", fontName=fonts.font_for("heading"), fontSize=12, leading=18,
                                  alignment=TA_CENTER, wordWrap="CJK", spaceBefore=6, spaceAfter=4),
        "cell": ParagraphStyle("cell", fontName=body, fontSize=TABLE_PT, leading=TABLE_LEADING, alignment=TA_CENTER,
                               wordWrap="CJK"),
        "cell_left": ParagraphStyle("cell_left", fontName=body, fontSize=TABLE_PT, leading=TABLE_LEADING,
                                    alignment=TA_LEFT, wordWrap="CJK"),
        "cell_head": ParagraphStyle("cell_head", fontName=fonts.font_for("heading"), fontSize=TABLE_PT,
                                    leading=TABLE_LEADING, alignment=TA_CENTER, wordWrap="CJK"),
    }


def _escape(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _grid_style(extra: list) -> TableStyle:
    return TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("FONTSIZE", (0, 0), (-1, -1), TABLE_PT),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        *extra,
    ])


def _number(value) -> str:
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") or "0"
    return str(value)


def proactive_table(proactive: dict, st) -> Table:
    """Table 二 (docs/spec/annual-report.md section 4)."""
    cell, head, left = st["cell"], st["cell_head"], st["cell_left"]
    rows, spans = [], []
    for header, column_labels, block_rows in L.PROACTIVE_BLOCKS:
        r = len(rows)
        rows.append([Paragraph(header, head), "", "", ""])
        spans.append(("SPAN", (0, r), (3, r)))
        r += 1
        if len(column_labels) == 3:
            rows.append([Paragraph(L.PROACTIVE_CONTENT_LABEL, head)] + [Paragraph(c, head) for c in column_labels])
        else:
            rows.append([Paragraph(L.PROACTIVE_CONTENT_LABEL, head), Paragraph(column_labels[0], head), "", ""])
            spans.append(("SPAN", (1, r), (3, r)))
        for label, keys in block_rows:
            r = len(rows)
            values = [Paragraph(_number(proactive[k]), cell) for k in keys]
            if len(values) == 1:
                values += ["", ""]
                spans.append(("SPAN", (1, r), (3, r)))
            rows.append([Paragraph(label, left)] + values)
    width = gbt9704.BLOCK_WIDTH
    return Table(rows, colWidths=[width * 0.34] + [width * 0.22] * 3, style=_grid_style(spans), repeatRows=0)


def applications_table(table, st) -> Table:
    """Table 三 (docs/spec/annual-report.md section 3): the same structure and merges as the workbook."""
    cell, head, left = st["cell"], st["cell_head"], st["cell_left"]
    p = lambda text, style=cell: Paragraph(_escape(text), style)  # noqa: E731
    rows = [
        [p(L.BALANCE_NOTE, head), "", "", p(L.APPLICANT_HEADER, head)] + [""] * 6,
        ["", "", "", p(L.COLUMN_LABELS["natural_person"], head), p(L.ORG_GROUP_LABEL, head), "", "", "", "",
         p(L.COLUMN_LABELS["total"], head)],
        ["", "", "", ""] + [p(L.COLUMN_LABELS[k], head) for k in L.APPLICANT_KINDS[1:]] + [""],
    ]
    spans = [("SPAN", (0, 0), (2, 2)), ("SPAN", (3, 0), (9, 0)), ("SPAN", (3, 1), (3, 2)),
             ("SPAN", (4, 1), (8, 1)), ("SPAN", (9, 1), (9, 2))]

    def numbers(key: str) -> list:
        return [p(str(n)) for n in table.rows[key]]

    for key, label in (("new", L.ROW_NEW_LABEL), ("carried_in", L.ROW_CARRIED_IN_LABEL)):
        spans.append(("SPAN", (0, len(rows)), (2, len(rows))))
        rows.append([p(label, left), "", ""] + numbers(key))
    first = len(rows)
    groups: dict[str, list[int]] = {}
    for offset, (key, level2, level3) in enumerate(L.RESULT_ROWS):
        r = first + offset
        groups.setdefault(level2, []).append(r)
        rows.append([p(L.ROW_RESULTS_LABEL) if offset == 0 else "", "", p(level3, left) if level3 else ""]
                    + numbers(key))
    spans.append(("SPAN", (0, first), (0, first + len(L.RESULT_ROWS) - 1)))
    for level2, group_rows in groups.items():
        rows[group_rows[0]][1] = p(level2, left)
        if len(group_rows) == 1:
            spans.append(("SPAN", (1, group_rows[0]), (2, group_rows[0])))
        else:
            spans.append(("SPAN", (1, group_rows[0]), (1, group_rows[-1])))
    spans.append(("SPAN", (0, len(rows)), (2, len(rows))))
    rows.append([p(L.ROW_CARRIED_OUT_LABEL, left), "", ""] + numbers("carried_out"))
    widths = [x * MM for x in (12, 27, 47)] + [10 * MM] * 7
    return Table(rows, colWidths=widths, style=_grid_style(spans), repeatRows=3)


def cases_table(cases: dict, st) -> Table:
    """Table 四 (docs/spec/annual-report.md section 5), the national layout: 行政复议 spans its five result
    columns, whose labels span the two lower header rows; 行政诉讼 spans ten, under 未经复议直接起诉 and
    复议后起诉 of five each."""
    cell, head = st["cell"], st["cell_head"]
    labels = [Paragraph(label, head) for label in L.CASE_RESULT_LABELS]
    rows = [
        [Paragraph(L.REVIEW_GROUP_LABEL, head), "", "", "", "", Paragraph(L.LITIGATION_GROUP_LABEL, head)] + [""] * 9,
        [*labels, Paragraph(L.LITIGATION_DIRECT_LABEL, head), "", "", "", "",
         Paragraph(L.LITIGATION_AFTER_REVIEW_LABEL, head), "", "", "", ""],
        [""] * 5 + [Paragraph(label, head) for _ in L.CASE_GROUPS[1:] for label in L.CASE_RESULT_LABELS],
        [Paragraph(str(cases[f"{g}.{r}"]), cell) for g in L.CASE_GROUPS for r in L.CASE_RESULT_KEYS],
    ]
    spans = [("SPAN", (0, 0), (4, 0)), ("SPAN", (5, 0), (14, 0)), ("SPAN", (5, 1), (9, 1)),
             ("SPAN", (10, 1), (14, 1))] + [("SPAN", (i, 1), (i, 2)) for i in range(5)]
    return Table(rows, colWidths=[gbt9704.BLOCK_WIDTH / 15] * 15, style=_grid_style(spans))


class BodyText(Flowable):
    """A body paragraph broken by the letters' GB/T 9704 line breaker (避头尾: no line starts with "，").

    Two characters of first-line indent, lines justified to the block except the last, 3号 on the report's
    line pitch; it splits across pages between lines.
    """

    def __init__(self, text: str, *, size: float = BODY_PT, leading: float = LEADING, indent_chars: int = 2,
                 role: str = "body", lines=None, first: bool = True, last: bool = True) -> None:
        super().__init__()
        self.text, self.size, self.leading, self.role = text, size, leading, role
        self.indent = indent_chars * gbt9704.CHAR_PITCH
        self._lines, self._fixed, self._for_width = lines, lines is not None, None
        self.first, self.last = first, last  # whether this piece holds the paragraph's first / last line

    def _break(self, width: float) -> list:
        if not self._fixed and self._for_width != width:
            self._lines = gbt9704.break_lines(self.text, width, role=self.role, size=self.size,
                                              first_indent=self.indent if self.first else 0.0)
            self._for_width = width
        return self._lines

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = len(self._break(avail_width)) * self.leading
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list:
        lines = self._break(avail_width)
        fit = int((avail_height + 0.01) // self.leading)
        if fit <= 0 or fit >= len(lines):
            return [] if fit <= 0 else [self]
        kw = {"size": self.size, "leading": self.leading, "indent_chars": 0, "role": self.role}
        head = BodyText(self.text, lines=lines[:fit], first=self.first, last=False, **kw)
        tail = BodyText(self.text, lines=lines[fit:], first=False, last=self.last, **kw)
        head.indent = tail.indent = self.indent
        return [head, tail]

    def draw(self) -> None:
        canvas, size = self.canv, self.size
        lines = self._lines or []
        for k, line in enumerate(lines):
            x = self.indent if k == 0 and self.first else 0.0
            natural = sum(u.width for u in line)
            final = self.last and k == len(lines) - 1
            extra = 0.0 if final or len(line) < 2 else max(0.0, (self.width - x - natural) / (len(line) - 1))
            # the em box (0.88 above the baseline, 0.12 below) centred in the line
            y = self.height - k * self.leading - self.leading / 2 - 0.38 * size
            for unit in line:
                if gbt9704.is_full_width(unit.text[0]):  # one character on the grid pitch
                    canvas.setFont(unit.runs[0][0], size)
                    canvas.drawString(x, y, unit.text)
                else:
                    cx = x
                    for name, text in unit.runs:
                        canvas.setFont(name, size)
                        canvas.drawString(cx, y, text)
                        cx += stringWidth(text, name, size)
                x += unit.width + extra


def _paragraphs(text: str, st) -> list:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return [BodyText(line) for line in lines] or [BodyText("无。")]


def _on_page(canvas, doc) -> None:
    canvas.saveState()
    gbt9704.draw_page_number(canvas, doc.page)
    canvas.restoreState()


def render_report(data, texts: dict[str, str]) -> bytes:
    """The PDF of an ``AnnualData`` with the text sections ``texts`` (overview, problems, other_matters)."""
    st = _styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=(gbt9704.PAGE_WIDTH, gbt9704.PAGE_HEIGHT),
        leftMargin=gbt9704.MARGIN_LEFT_MM * MM,
        rightMargin=gbt9704.MARGIN_RIGHT_MM * MM,
        topMargin=gbt9704.MARGIN_TOP_MM * MM,
        bottomMargin=gbt9704.MARGIN_BOTTOM_MM * MM,
        title=L.report_title(data.office.name, data.year),
        author=data.office.name,
    )
    year = data.year
    story: list = [
        Paragraph(_escape(data.office.name), st["title"]),
        Paragraph(f"{year}年政府信息公开工作年度报告" + ("（汇总）" if data.summary else ""), st["title"]),
        Spacer(1, LEADING * 0.5),
        BodyText(
            "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作"
            f"年度报告格式》（国办公开办函〔2021〕30号）要求编制。本报告所列数据的统计期限为{year}年1月1日至"
            f"{year}年12月31日。"
        ),
    ]
    h = L.SECTION_HEADINGS
    story += [Paragraph(h[0], st["heading"]), *_paragraphs(texts.get("overview", ""), st)]
    story += [CondPageBreak(60 * MM), Paragraph(h[1], st["heading"]), Spacer(1, 4),
              proactive_table(data.proactive, st)]
    story += [PageBreak(), Paragraph(h[2], st["heading"]), Spacer(1, 4),
              applications_table(data.applications, st)]
    story += [CondPageBreak(50 * MM), Paragraph(h[3], st["heading"]), Spacer(1, 4),
              KeepTogether(cases_table(data.review_litigation, st))]
    story += [Spacer(1, LEADING * 0.5), Paragraph(h[4], st["heading"]), *_paragraphs(texts.get("problems", ""), st)]
    story += [Paragraph(h[5], st["heading"]), *_paragraphs(texts.get("other_matters", ""), st)]
    story += [PageBreak(), Paragraph("附图　依申请公开情况", st["title"])]
    for caption, drawing in chart_flowables(data, fonts.font_for("body")):
        story.append(KeepTogether([Paragraph(caption, st["caption"]), drawing]))
    if data.summary and data.offices:
        story += [PageBreak(), Paragraph("附表　各机关收到和处理政府信息公开申请情况", st["title"])]
        for section in data.offices:
            story.append(CondPageBreak(120 * MM))
            story.append(Paragraph(_escape(section.office.name), st["caption"]))
            story.append(applications_table(section.applications, st))
            story.append(Spacer(1, 8))
    doc.build(story, onFirstPage=_on_page, onLaterPages=_on_page)
    return buffer.getvalue()
