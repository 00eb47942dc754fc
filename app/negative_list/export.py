"""The negative list for 备案 (filing with the 本级政府办公室): an Excel workbook and a landscape PDF table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from sqlalchemy.orm import Session

from app.core.profile import own_office_id
from app.errors import StorageError
from app.negative_list.items import ItemInfo, list_items
from app.storage.models.core import Office

# (header, width in characters) of the workbook; the order of `_cells`.
XLSX_COLUMNS = [
    ("序号", 6), ("事项名称", 30), ("事项类别", 14), ("依据法规", 28), ("依据条款", 14), ("依据条文", 60),
    ("适用范围", 40), ("责任单位", 18), ("确定日期", 12), ("批准人", 10), ("复核周期（月）", 10),
    ("上次复核日期", 12), ("下次复核日期", 12), ("状态", 8), ("关键词", 24),
]
FORMULA_LEADS = ("=", "+", "-", "@")


@dataclass
class FilingList:
    office_name: str
    made_on: dt.date
    items: list[ItemInfo]


def filing_list(session: Session, *, office_id: int | None = None, today: dt.date | None = None,
                include_released: bool = False) -> FilingList:
    """The items to file: those in force (有效, 已调整), or every item with `include_released`."""
    office_id = office_id or own_office_id(session)
    office = session.get(Office, office_id)
    items = list_items(session, office_id=office_id)
    if not include_released:
        items = [i for i in items if i.status != "released"]
    return FilingList(office.name if office else "", today or dt.date.today(), items)


def chinese_date(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def _cells(n: int, item: ItemInfo) -> list:
    return [
        n, item.name, item.category_label, item.basis_law, item.basis_article, item.basis_text, item.scope or "",
        item.responsible_unit or "", item.decided_on, item.approver or "", item.review_cycle_months,
        item.last_reviewed_on, item.next_review_on, item.status_label, "、".join(item.keywords),
    ]


def _save(target, path: Path, what: str) -> None:
    try:
        target(str(path))
    except OSError as exc:
        raise StorageError(f"无法写入{what}文件“{path}”：{exc.strerror or exc}。请检查文件是否被其他程序打开或目录是否可写。") from None


def write_xlsx(session: Session, path, *, office_id: int | None = None, today: dt.date | None = None,
               include_released: bool = False) -> int:
    """Write the filing workbook; returns the number of items. Text that Excel would read as a formula
    (leading = + - @) is stored as a string cell with the quote-prefix style, so it is shown, never run."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    data = filing_list(session, office_id=office_id, today=today, include_released=include_released)
    wb = Workbook()
    ws = wb.active
    ws.title = "负面清单"
    last_col = get_column_letter(len(XLSX_COLUMNS))
    ws["A1"] = f"{data.office_name}政务公开负面清单"
    ws["A1"].font = Font(name="黑体", size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(f"A1:{last_col}1")
    ws.row_dimensions[1].height = 30
    ws["A2"] = f"填报单位：{data.office_name}　　填报日期：{chinese_date(data.made_on)}　　共{len(data.items)}项"
    ws.merge_cells(f"A2:{last_col}2")
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for col, (header, width) in enumerate(XLSX_COLUMNS, start=1):
        cell = ws.cell(row=3, column=col, value=header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE4EE")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
        ws.column_dimensions[get_column_letter(col)].width = width
    wrap = Alignment(vertical="top", wrap_text=True)
    for n, item in enumerate(data.items, start=1):
        row = 3 + n
        for col, value in enumerate(_cells(n, item), start=1):
            cell = ws.cell(row=row, column=col, value=value)
            if isinstance(value, str) and value.startswith(FORMULA_LEADS):
                cell.data_type = "s"
                cell.quotePrefix = True
            if isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            cell.alignment = wrap
            cell.border = border
    ws.freeze_panes = "A4"
    ws.auto_filter.ref = f"A3:{last_col}{3 + max(len(data.items), 1)}"
    ws.print_title_rows = "3:3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    _save(wb.save, Path(path), "Excel")
    return len(data.items)


# -- PDF --------------------------------------------------------------------------------------------
def pdf_font(role: str) -> str:
    """The registered Chinese font of a role (app.pdf.fonts; UserError when the machine has none)."""
    from app.pdf.fonts import font_for

    return font_for(role)


PDF_COLUMNS = [("序号", 12), ("事项名称", 42), ("类别", 20), ("依据", 30), ("适用范围", 64), ("责任单位", 28),
               ("确定日期\n批准人", 27), ("下次复核", 26), ("状态", 14)]


def write_pdf(session: Session, path, *, office_id: int | None = None, today: dt.date | None = None,
              include_released: bool = False) -> int:
    """Write the filing list as a landscape A4 table with the cited article texts appended."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    data = filing_list(session, office_id=office_id, today=today, include_released=include_released)
    body, title_font, heading = pdf_font("body"), pdf_font("title"), pdf_font("heading")
    cell = ParagraphStyle("cell", fontName=body, fontSize=9, leading=12, wordWrap="CJK")
    head = ParagraphStyle("head", parent=cell, fontName=heading, alignment=TA_CENTER)
    title = ParagraphStyle("title", fontName=title_font, fontSize=18, leading=26, alignment=TA_CENTER)
    sub = ParagraphStyle("sub", fontName=body, fontSize=11, leading=16, alignment=TA_CENTER)
    para = ParagraphStyle("para", fontName=body, fontSize=10, leading=15, wordWrap="CJK")

    def p(text, style=cell):
        return Paragraph(escape(str(text or "")).replace("\n", "<br/>"), style)

    rows = [[p(h, head) for h, _ in PDF_COLUMNS]]
    for n, item in enumerate(data.items, start=1):
        rows.append([
            p(n), p(item.name), p(item.category_label), p(f"{item.basis_law}{item.basis_article}"),
            p(item.scope), p(item.responsible_unit),
            p("\n".join(x for x in (chinese_date(item.decided_on), item.approver or "") if x)),
            p(chinese_date(item.next_review_on)), p(item.status_label),
        ])
    table = Table(rows, colWidths=[w * mm for _, w in PDF_COLUMNS], repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDE4EE")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    story = [p(f"{data.office_name}政务公开负面清单", title),
             p(f"填报日期：{chinese_date(data.made_on)}　　共{len(data.items)}项", sub), Spacer(1, 4 * mm), table]
    bases: dict[str, str] = {}
    for item in data.items:
        bases.setdefault(f"{item.basis_law}{item.basis_article}", item.basis_text)
    if bases:
        story += [Spacer(1, 6 * mm), p("附：依据条文", ParagraphStyle("h", parent=para, fontName=heading))]
        story += [p(f"{citation}：{text}", para) for citation, text in bases.items()]

    def page_number(canvas, doc):
        canvas.saveState()
        canvas.setFont(body, 9)
        canvas.drawCentredString(doc.pagesize[0] / 2, 8 * mm, f"第 {doc.page} 页")
        canvas.restoreState()

    def build(target):
        doc = SimpleDocTemplate(target, pagesize=landscape(A4), leftMargin=15 * mm, rightMargin=15 * mm,
                                topMargin=15 * mm, bottomMargin=15 * mm,
                                title=f"{data.office_name}政务公开负面清单", author=data.office_name)
        doc.build(story, onFirstPage=page_number, onLaterPages=page_number)

    _save(build, Path(path), "PDF")
    return len(data.items)
