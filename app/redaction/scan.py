"""Finding what to cover: the text layer of each page, or OCR where a page has none, run through the detectors.

A finding's box is in PDF points from the bottom-left of its page; ``row`` is the visual line of the page
(1 = top) that the 部分公开 reply names ("第2页第3至5行").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

from app.core.jobs import Progress, check_cancelled
from app.redaction import detectors
from app.redaction.document import Box, Line, as_pdf, open_pdf, render, text_lines, union
from app.redaction.grounds import default_ground

# A page whose text layer has fewer visible characters than this is read as a scan (OCR).
MIN_TEXT_CHARS = 10
PAD = 1.5  # points added around each finding so that anti-aliased glyph edges are covered too


@dataclass
class Finding:
    page: int  # from 1
    kind: str
    text: str
    box: Box
    row: int | None = None  # visual line of the page, from 1
    rows: tuple[int, int] | None = None  # first and last visual line a box spans (manual boxes)
    ground: str = "personal_privacy"  # a negative-list category code (app.negative_list.taxonomy)
    item_id: int | None = None  # the negative-list item, when the ground is one
    source: str = "text"  # text | ocr | manual

    def as_json(self) -> dict:
        data = asdict(self)
        data["box"] = [round(v, 2) for v in self.box]
        data["rows"] = list(self.rows) if self.rows else None
        return data

    @classmethod
    def from_json(cls, data: dict) -> Finding:
        from app.errors import ValidationError

        try:
            box = tuple(float(v) for v in data["box"])
            page = int(data["page"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ValidationError("标注数据格式不正确：每一处须有 page（页码）和 box（四个坐标）。") from exc
        if len(box) != 4 or box[0] >= box[2] or box[1] >= box[3] or page < 1:
            raise ValidationError(f"标注数据不正确：第{page}页的框 {list(box)} 无效。")
        rows = data.get("rows")
        return cls(page=page, kind=str(data.get("kind") or "manual"), text=str(data.get("text") or ""),
                   box=box,
                   row=data.get("row"), rows=tuple(rows) if rows else None,
                   ground=str(data.get("ground") or default_ground(str(data.get("kind") or "manual"))),
                   item_id=data.get("item_id"), source=str(data.get("source") or "manual"))


@dataclass
class PageText:
    number: int
    width: float
    height: float
    source: str  # text | ocr
    lines: list[Line] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)  # visual line number of each line


@dataclass
class Term:
    """A negative-list term to look for, with the item it comes from."""

    text: str
    item_id: int | None = None
    ground: str = "other"


@dataclass
class ScanResult:
    pages: list[PageText]
    findings: list[Finding]

    def as_json(self) -> dict:
        return {"findings": [{"page": f.page, "kind": f.kind, "text": f.text, "box": [round(v, 2) for v in f.box],
                              "row": f.row, "ground": f.ground, "item_id": f.item_id, "source": f.source}
                             for f in self.findings]}


def visual_rows(lines: Sequence[Line]) -> list[int]:
    """The visual line number of each line (lines are top-down): table cells side by side share a row."""
    rows: list[int] = []
    current_bottom = None
    row = 0
    for line in lines:
        x0, y0, x1, y1 = line.box
        middle = (y0 + y1) / 2
        if current_bottom is None or middle < current_bottom:
            row += 1
            current_bottom = y0
        rows.append(row)
    return rows


def rows_of_box(page: PageText, box: Box) -> tuple[int, int] | None:
    """The first and last visual line a box overlaps (None when it covers no line of text)."""
    hit = [row for line, row in zip(page.lines, page.rows)
           if line.box[0] < box[2] and box[0] < line.box[2] and line.box[1] < box[3] and box[1] < line.box[3]]
    return (min(hit), max(hit)) if hit else None


def _pad(box: Box, width: float, height: float) -> Box:
    return (max(0.0, box[0] - PAD), max(0.0, box[1] - PAD), min(width, box[2] + PAD), min(height, box[3] + PAD))


def find_in_page(page: PageText, terms: Iterable[Term] = ()) -> list[Finding]:
    terms = list(terms)
    by_text = {t.text: t for t in terms}
    names = detectors.is_list_page("".join(line.text for line in page.lines))
    out: list[Finding] = []
    for line, row in zip(page.lines, page.rows):
        for span in detectors.detect(line.text, terms=by_text, names=names):
            chars = line.chars[span.start:span.end]
            box = _pad(union([c.box for c in chars if c.char.strip()] or [c.box for c in chars]),
                       page.width, page.height)
            term = by_text.get(span.term or "")
            out.append(Finding(page=page.number, kind=span.kind, text=line.text[span.start:span.end].strip(),
                               box=box, row=row, rows=(row, row),
                               ground=term.ground if term else default_ground(span.kind),
                               item_id=term.item_id if term else None, source=page.source))
    return out


def read_pages(pdf_bytes: bytes, filename: str, *, ocr: str = "auto", progress: Progress | None = None
               ) -> list[PageText]:
    """The text of every page: its text layer, or OCR for a page without one (``ocr``: auto | always | never)."""
    from app.redaction import ocr as ocr_module

    pages: list[PageText] = []
    with open_pdf(pdf_bytes, filename) as pdf:
        total = len(pdf)  # type: ignore[arg-type]
        for index in range(total):
            check_cancelled(progress)
            if progress is not None:
                progress.update(index, total, f"正在识别第 {index + 1}/{total} 页")
            page = pdf[index]  # type: ignore[index]
            width, height = page.get_size()
            lines = text_lines(page)
            visible = sum(1 for line in lines for c in line.chars if c.char.strip())
            source = "text"
            if ocr == "always" or (ocr == "auto" and visible < MIN_TEXT_CHARS):
                lines = ocr_module.read_image(render(page, ocr_module.OCR_DPI), ocr_module.OCR_DPI, height)
                source = "ocr"
            pages.append(PageText(index + 1, width, height, source, lines, visual_rows(lines)))
    if progress is not None:
        progress.update(len(pages), len(pages), "识别完成")
    return pages


def scan(data: bytes, filename: str, *, terms: Iterable[Term] = (), ocr: str = "auto",
         progress: Progress | None = None) -> ScanResult:
    """Every finding in a PDF, image or Office document."""
    terms = list(terms)
    pages = read_pages(as_pdf(data, filename), filename, ocr=ocr, progress=progress)
    findings = [f for page in pages for f in find_in_page(page, terms)]
    return ScanResult(pages, findings)
