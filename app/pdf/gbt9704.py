"""GB/T 9704-2012 page layout: A4 geometry, the 22 x 28 grid, Chinese line breaking and page numbers."""

from __future__ import annotations

import io
import math
import unicodedata
from dataclasses import dataclass, field

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from app.pdf import fonts

# Geometry in millimetres (GB/T 9704-2012 5.1, 5.2.1): A4, 天头 37, 订口 28, 版心 156 x 225.
MM = 72.0 / 25.4
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210.0, 297.0
MARGIN_TOP_MM, MARGIN_LEFT_MM = 37.0, 28.0
BLOCK_WIDTH_MM, BLOCK_HEIGHT_MM = 156.0, 225.0
MARGIN_BOTTOM_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - BLOCK_HEIGHT_MM  # 35
MARGIN_RIGHT_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - BLOCK_WIDTH_MM  # 26
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28  # 5.2.3: 22 lines of 28 characters filling the 版心
TITLE_PT, BODY_PT, PAGE_NUMBER_PT = 22.0, 16.0, 14.0  # 2号, 3号, 4号
PAGE_NUMBER_GAP_MM = 7.0  # 7.5: the 一字线 sits 7 mm below the 版心

PAGE_WIDTH, PAGE_HEIGHT = PAGE_WIDTH_MM * MM, PAGE_HEIGHT_MM * MM
BLOCK_LEFT = MARGIN_LEFT_MM * MM
BLOCK_WIDTH = BLOCK_WIDTH_MM * MM
BLOCK_TOP = PAGE_HEIGHT - MARGIN_TOP_MM * MM
BLOCK_BOTTOM = MARGIN_BOTTOM_MM * MM
LINE_PITCH = BLOCK_HEIGHT_MM * MM / LINES_PER_PAGE  # about 28.99 pt
CHAR_PITCH = BLOCK_WIDTH / CHARS_PER_LINE  # about 15.79 pt: 28 characters of 3号 fill 156 mm
_SQUEEZE = CHAR_PITCH / BODY_PT  # full-width advance as a fraction of the point size
_ASCENT = 0.88  # ideographic em box: 0.88 above the baseline, 0.12 below
# The space kept for the seal (7.3.5.1): a county-level office's round seal is 42 mm across; with the name
# and the date on the seal's last two lines it takes the two blank lines above them at the standard pitch.
SEAL_DIAMETER_MM = 42.0
# 7.3.5.5 lets the line spacing be adjusted so that the signature stays on the page of the last body line;
# the spacing of the lines below the title never goes below 1.25 em of the body text.
MIN_PITCH_EM = 1.25
# 信函格式 (10.1): positions from the standard; the thickness of the lines is not fixed there (practice).
LETTERHEAD_TOP_MM = 30.0
LETTERHEAD_RULE_GAP_MM = 4.0
LETTERHEAD_BOTTOM_RULE_MM = 20.0
LETTERHEAD_RULE_LENGTH_MM = 170.0
RULE_THICK_PT, RULE_GAP_PT, RULE_THIN_PT = 2.25, 1.5, 0.75
# CMYK of the red used for 发文机关标志 and rules (C0 M100 Y100 K0, the usual 党政机关 red).
RED_CMYK = (0.0, 1.0, 1.0, 0.0)

# 避头尾: characters that must not begin a line, and ones that must not end it.
NO_LINE_START = set("，。、；：？！）》」』】〕〉”’…—·％‰℃,.;:?!)]}%'\"·～")
NO_LINE_END = set("（《「『【〔〈“‘([{")


# ---- document blocks --------------------------------------------------------------------------------


@dataclass
class Title:
    """The title: 2号 小标宋, centred; '\n' forces a line break (e.g. agency name, then document name)."""

    text: str


@dataclass
class Centered:
    """A centred line in the body font (the 文号)."""

    text: str


@dataclass
class Paragraph:
    """A body paragraph: first line indented ``indent`` characters, continuation lines flush left (7.3.3)."""

    text: str
    indent: int = 2
    role: str = "body"


@dataclass
class DocNumber(Centered):
    """The 发文字号: centred below the title in the plain layout; in 信函格式 flush right below the red
    double line, before the title (GB/T 9704 10.1)."""


@dataclass
class Blank:
    lines: int = 1


@dataclass
class Signature:
    """署名 and 成文日期 for a sealed document (7.3.5.1): date right-indented 4 characters, name centred on it."""

    name: str
    date: str
    note: str | None = None  # 附注 (7.3.6): in parentheses, two characters in, on the line below the date


@dataclass
class Letterhead:
    """信函格式 (GB/T 9704 10.1): the 发文机关标志 in red 30 mm below the top edge of page 1, a red double
    line (thick over thin) 4 mm below it and another (thin over thick) 20 mm above the bottom edge, both
    170 mm long and centred on the 版心; the first page shows no page number."""

    name: str
    size: float = 26.0  # pt (一号); the standard leaves the size to the office; shrunk to fit the 版心


@dataclass
class Seal:
    """A stored seal image printed over the signature (7.3.5.1): centred on the 成文日期, its top at the top
    of the first line below the body, the name and date in its lower half."""

    image: bytes  # PNG (with transparency) or JPEG
    diameter_mm: float = SEAL_DIAMETER_MM


@dataclass
class Document:
    title: str
    blocks: list = field(default_factory=list)
    author: str = ""
    subject: str = ""
    letterhead: Letterhead | None = None
    seal: Seal | None = None


@dataclass
class Rendered:
    pdf: bytes
    pages: int
    fonts: list[str]  # descriptions of the fonts embedded


# ---- measuring and breaking ---------------------------------------------------------------------------


def is_full_width(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F", "A") and ord(ch) > 0x7F


@dataclass
class _Unit:
    """An unbreakable piece: one full-width character or a run of half-width characters."""

    text: str
    runs: list[tuple[str, str]]
    width: float


def _units(text: str, role: str, size: float) -> list[_Unit]:
    reg = fonts.registry()
    pieces: list[str] = []
    for ch in text:
        if is_full_width(ch) or ch == " " or not pieces or is_full_width(pieces[-1][-1]) or pieces[-1] == " ":
            pieces.append(ch)
        else:
            pieces[-1] += ch
    units = []
    for piece in pieces:
        runs = reg.runs(piece, role)
        if is_full_width(piece[0]):
            width = size * _SQUEEZE
        else:
            width = sum(stringWidth(t, name, size) for name, t in runs)
        units.append(_Unit(piece, runs, width))
    return units


def _split_long(units: list[_Unit], role: str, size: float, limit: float) -> list[_Unit]:
    out: list[_Unit] = []
    for u in units:
        if u.width <= limit or len(u.text) == 1:
            out.append(u)
        else:
            out += _units_per_char(u.text, role, size)
    return out


def _units_per_char(text: str, role: str, size: float) -> list[_Unit]:
    reg = fonts.registry()
    result = []
    for ch in text:
        runs = reg.runs(ch, role)
        width = size * _SQUEEZE if is_full_width(ch) else stringWidth(ch, runs[0][0], size)
        result.append(_Unit(ch, runs, width))
    return result


def break_lines(text: str, width: float, *, role: str = "body", size: float = BODY_PT,
                first_indent: float = 0.0) -> list[list[_Unit]]:
    """Greedy line breaking with 避头尾: a closing mark never starts a line, an opening mark never ends one."""
    units = _split_long(_units(text, role, size), role, size, width - first_indent)
    lines: list[list[_Unit]] = []
    i = 0
    while i < len(units):
        avail = width - (first_indent if not lines else 0.0)
        line: list[_Unit] = []
        used = 0.0
        while i < len(units):
            if used + units[i].width <= avail + 0.01:
                line.append(units[i])
                used += units[i].width
                i += 1
            elif len(units[i].text) > 1 and avail - used > 3 * CHAR_PITCH:
                # A long half-width run (phone number, URL) would leave a wide gap: break inside it.
                units[i : i + 1] = _units_per_char(units[i].text, role, size)
            else:
                break
        if not line:  # a unit wider than the line (cannot happen after _split_long); place it anyway
            line.append(units[i])
            i += 1
        elif i < len(units):
            # Push characters to the next line until neither the next line's start nor this line's end
            # breaks the rule; keep at least half a line here (otherwise accept the break as it is).
            start = i - len(line)
            j = i
            while j - start > len(line) // 2 and (
                units[j].text[0] in NO_LINE_START or units[j - 1].text[-1] in NO_LINE_END
            ):
                if len(units[j - 1].text) > 1:  # carry one character of a half-width run, not the run
                    pieces = _units_per_char(units[j - 1].text, role, size)
                    units[j - 1 : j] = pieces
                    line[j - 1 - start : j - start] = pieces
                    i += len(pieces) - 1
                    j += len(pieces) - 1
                j -= 1
            if j < i:
                line = line[: len(line) - (i - j)]
                i = j
        if line and line[0].text == " " and lines:
            line = line[1:]
        lines.append(line)
    return lines


# ---- placing on pages -----------------------------------------------------------------------------------


@dataclass
class _Glyphs:
    """One placed line: (x, text, font name) runs at row ``row`` and point size ``size``."""

    row: int
    size: float
    items: list[tuple[float, str, str]]
    bold: bool = False


@dataclass
class _Frame:
    """The grid of one page: the y (pt) of the top of row 0, the line pitch and the number of rows.

    When the spacing is adjusted for the signature (7.3.5.5), the first ``fixed`` rows (up to the end of
    the title) keep the standard pitch and only the rows below them are drawn closer.
    """

    top: float = BLOCK_TOP
    pitch: float = LINE_PITCH
    rows: int = LINES_PER_PAGE
    fixed: int = 0

    def row_top(self, row: int) -> float:
        return self.top - min(row, self.fixed) * LINE_PITCH - max(0, row - self.fixed) * self.pitch


@dataclass
class _SealSpot:
    page: int
    row: int  # the first line below the body: the seal's top is at the top of this row
    x_center: float  # relative to BLOCK_LEFT


class _Layout:
    def __init__(self, first: _Frame | None = None) -> None:
        self.pages: list[list[_Glyphs]] = [[]]
        self.frames: list[_Frame] = [first or _Frame()]
        self.row = 0
        self.seal: _SealSpot | None = None
        self.doc_number: tuple[list[_Unit], float] | None = None  # 信函格式: drawn flush right on page 1

    def _new_page(self) -> None:
        self.pages.append([])
        self.frames.append(_Frame())
        self.row = 0

    def _ensure_room(self, rows: int = 1) -> None:
        if self.row + rows > self.frames[-1].rows:
            self._new_page()

    def put(self, units: list[_Unit], size: float, *, x0: float, justify_to: float | None = None,
            bold: bool = False) -> None:
        self._ensure_room()
        extra = 0.0
        if justify_to is not None and len(units) > 1:
            natural = sum(u.width for u in units)
            extra = max(0.0, (justify_to - natural) / (len(units) - 1))
        self.pages[-1].append(_Glyphs(self.row, size, _items(units, x0, extra, size), bold))
        self.row += 1

    def blank(self, n: int = 1) -> None:
        for _ in range(n):
            if self.row < self.frames[-1].rows:
                self.row += 1
        if self.row >= self.frames[-1].rows:
            self._new_page()


def _items(units: list[_Unit], x0: float, extra: float, size: float) -> list[tuple[float, str, str]]:
    items = []
    x = x0
    for u in units:
        if is_full_width(u.text[0]):
            name = u.runs[0][0]
            items.append((x, u.text, name))
        else:
            cx = x
            for name, t in u.runs:
                items.append((cx, t, name))
                cx += stringWidth(t, name, size)
        x += u.width + extra
    return items


def _width(units: list[_Unit]) -> float:
    return sum(u.width for u in units)


def _title_lines(text: str) -> list[list[_Unit]]:
    """Title lines, balanced so that the lines form a trapezoid rather than one full line and a stub."""
    role = "title"
    out: list[list[_Unit]] = []
    for segment in text.split("\n"):
        lines = break_lines(segment, BLOCK_WIDTH, role=role, size=TITLE_PT)
        if len(lines) > 1:
            total = _width([u for line in lines for u in line])
            target = math.ceil(total / len(lines) / (TITLE_PT * _SQUEEZE)) * TITLE_PT * _SQUEEZE
            lines = break_lines(segment, min(BLOCK_WIDTH, target + 0.5), role=role, size=TITLE_PT)
        out += lines
    return out


@dataclass(frozen=True)
class LetterheadGeometry:
    """Where the parts of a 信函格式 first page go (pt, PDF coordinates from the bottom-left)."""

    mark_size: float
    mark_baseline: float
    top_rule_top: float  # upper edge of the thick line under the mark
    bottom_rule_bottom: float  # lower edge of the thick line near the foot
    rule_left: float
    rule_right: float
    doc_number_top: float  # top of the 发文字号's characters: 7/8 of a 3号 character below the rule
    frame: _Frame  # the grid of page 1: row 0 holds the 发文字号, the title starts on row 2


def letterhead_geometry(head: Letterhead) -> LetterheadGeometry:
    reg = fonts.registry()
    size = head.size
    natural = sum(stringWidth(t, name, size) if not is_full_width(t[0]) else size * len(t)
                  for name, t in reg.runs(head.name, "title"))
    if natural > BLOCK_WIDTH:
        size = size * BLOCK_WIDTH / natural
    em_top = PAGE_HEIGHT - LETTERHEAD_TOP_MM * MM
    mark_baseline = em_top - _ASCENT * size
    mark_bottom = mark_baseline - (1 - _ASCENT) * size
    rule_top = mark_bottom - LETTERHEAD_RULE_GAP_MM * MM
    rule_bottom = rule_top - (RULE_THICK_PT + RULE_GAP_PT + RULE_THIN_PT)
    number_top = rule_bottom - BODY_PT * 7 / 8
    frame_top = number_top + (LINE_PITCH - BODY_PT) / 2
    rows = int((frame_top - BLOCK_BOTTOM) / LINE_PITCH + 1e-6)
    centre = BLOCK_LEFT + BLOCK_WIDTH / 2
    half = LETTERHEAD_RULE_LENGTH_MM * MM / 2
    return LetterheadGeometry(size, mark_baseline, rule_top, LETTERHEAD_BOTTOM_RULE_MM * MM, centre - half,
                              centre + half, number_top, _Frame(frame_top, LINE_PITCH, rows))


def layout(doc: Document) -> _Layout:
    lay = _Layout(letterhead_geometry(doc.letterhead).frame if doc.letterhead else None)
    title_bold = not fonts.is_official("title")
    blocks = list(doc.blocks)
    if doc.letterhead:
        number = next((b for b in blocks if isinstance(b, DocNumber)), None)
        if number is not None:
            blocks.remove(number)
            units = _units(number.text, "body", BODY_PT)
            lay.doc_number = (units, BLOCK_WIDTH - _width(units))  # 顶格居版心右边缘
        lay.row = 2  # 10.1: the title two lines below the 发文字号
    for block in blocks:
        if isinstance(block, Title):
            for line in _title_lines(block.text):
                w = _width(line)
                lay.put(line, TITLE_PT, x0=(BLOCK_WIDTH - w) / 2, bold=title_bold)
        elif isinstance(block, Centered):
            for line in break_lines(block.text, BLOCK_WIDTH):
                lay.put(line, BODY_PT, x0=(BLOCK_WIDTH - _width(line)) / 2)
        elif isinstance(block, Paragraph):
            indent = block.indent * CHAR_PITCH
            lines = break_lines(block.text, BLOCK_WIDTH, role=block.role, first_indent=indent)
            for k, line in enumerate(lines):
                x0 = indent if k == 0 else 0.0
                last = k == len(lines) - 1
                lay.put(line, BODY_PT, x0=x0, justify_to=None if last else BLOCK_WIDTH - x0)
        elif isinstance(block, Blank):
            lay.blank(block.lines)
        elif isinstance(block, Signature):
            _signature(lay, block)
        else:
            raise TypeError(f"unknown block {block!r}")
    if not lay.pages[-1] and len(lay.pages) > 1:
        lay.pages.pop()
        lay.frames.pop()
    return lay


def _seal_rows(pitch: float) -> int:
    """Rows from the seal's top to the line of the date: the seal may reach up to half a line below the
    date's line, which keeps the name and the date below the seal's centre."""
    return max(4, math.ceil(SEAL_DIAMETER_MM * MM / pitch - 0.5))


def _fit_signature(lay: _Layout, extra_rows: int) -> int | None:
    """The number of seal lines once the current page's line spacing below the title is adjusted
    (7.3.5.5) so that the seal space, the name, the date and ``extra_rows`` fit below the rows already
    used; None when the spacing would have to drop below MIN_PITCH_EM."""
    frame = lay.frames[-1]
    fixed = max([g.row + 1 for g in lay.pages[-1] if g.size > BODY_PT] + [0])
    free_height = frame.top - BLOCK_BOTTOM - fixed * LINE_PITCH
    rows = frame.rows
    while True:
        pitch = free_height / (rows - fixed)
        if pitch < MIN_PITCH_EM * BODY_PT:
            return None
        seal_rows = _seal_rows(min(pitch, LINE_PITCH))
        if lay.row + seal_rows + extra_rows <= rows:
            if rows != frame.rows:
                lay.frames[-1] = _Frame(frame.top, pitch, rows, fixed)
            return seal_rows - 2
        rows += 1


def _signature(lay: _Layout, sig: Signature) -> None:
    date_units = _units(sig.date, "body", BODY_PT)
    name_units = _units(sig.name, "body", BODY_PT)
    date_w, name_w = _width(date_units), _width(name_units)
    date_x = BLOCK_WIDTH - 4 * CHAR_PITCH - date_w  # 成文日期右空四字
    name_x = date_x + (date_w - name_w) / 2  # 署名以成文日期为准居中
    name_x = min(name_x, BLOCK_WIDTH - name_w)
    note_lines = break_lines(sig.note, BLOCK_WIDTH, first_indent=2 * CHAR_PITCH) if sig.note else []
    if not lay.pages[-1] and len(lay.pages) > 1:
        # A blank line ended the previous page: the signature belongs to that page's last body line.
        lay.pages.pop()
        lay.frames.pop()
        lay.row = lay.pages[-1][-1].row + 1 if lay.pages[-1] else 0
    seal_lines = _fit_signature(lay, len(note_lines))
    if seal_lines is None and lay.pages[-1]:
        # Even the tightest spacing cannot keep the signature with the body (a very long 附注): the
        # signature never stands alone on a page, so the last two body lines go with it (7.3.5.5).
        page = lay.pages[-1]
        moved = page[-2:] if len(page) >= 2 else page[-1:]
        del page[len(page) - len(moved):]
        lay._new_page()
        for g in moved:
            g.row = lay.row
            lay.pages[-1].append(g)
            lay.row += 1
        seal_lines = _fit_signature(lay, len(note_lines))
    if seal_lines is None:
        raise ValueError("the signature block does not fit on one page")
    lay.seal = _SealSpot(len(lay.pages) - 1, lay.row, date_x + date_w / 2)
    lay.row += seal_lines
    lay.put(name_units, BODY_PT, x0=name_x)
    lay.put(date_units, BODY_PT, x0=date_x)
    for k, line in enumerate(note_lines):
        lay.put(line, BODY_PT, x0=2 * CHAR_PITCH if k == 0 else 0.0)


# ---- drawing -----------------------------------------------------------------------------------------------


def baseline(row: int, size: float, frame: _Frame | None = None) -> float:
    """Baseline y (pt) of a grid row: the em box is centred in the row's share of the 版心."""
    frame = frame or _Frame()
    pitch = LINE_PITCH if row < frame.fixed else frame.pitch
    return frame.row_top(row) - (pitch - size) / 2 - _ASCENT * size


def page_number_text(n: int) -> str:
    return f"— {n} —"


def draw_page_number(canvas: Canvas, n: int) -> str:
    """Draw "— n —" in 4号 宋体 7 mm below the 版心: odd pages right, even pages left, one character in (7.5)."""
    reg = fonts.registry()
    text = page_number_text(n)
    runs = reg.runs(text, "number")
    width = sum(stringWidth(t, name, PAGE_NUMBER_PT) for name, t in runs)
    one_char = PAGE_NUMBER_PT
    if n % 2:
        x = BLOCK_LEFT + BLOCK_WIDTH - one_char - width
    else:
        x = BLOCK_LEFT + one_char
    y = BLOCK_BOTTOM - PAGE_NUMBER_GAP_MM * MM - 0.3 * PAGE_NUMBER_PT  # the dash at 0.3 em above the baseline
    for name, t in runs:
        canvas.setFont(name, PAGE_NUMBER_PT)
        canvas.drawString(x, y, t)
        x += stringWidth(t, name, PAGE_NUMBER_PT)
    return runs[0][0]


def _draw_runs(canvas: Canvas, runs: list[tuple[float, str, str]], y: float, size: float, *, bold: bool,
               used: set[str]) -> None:
    """One line of text. A stroked "bold" (text render mode 2) is kept inside q … Q, so the mode never
    reaches the text drawn after it."""
    if bold:
        canvas.saveState()
    text = canvas.beginText()
    if bold:
        # A freely licensed Song stands in for 小标宋: a hairline stroke gives it the heavier colour.
        text.setTextRenderMode(2)
        canvas.setLineWidth(size * 0.03)
    current = None
    for x, t, name in runs:
        if name != current:
            text.setFont(name, size)
            current = name
            used.add(name)
        text.setTextOrigin(BLOCK_LEFT + x, y)
        text.textOut(t)
    if bold:
        text.setTextRenderMode(0)
    canvas.drawText(text)
    if bold:
        canvas.restoreState()


def _double_rule(canvas: Canvas, geo: LetterheadGeometry, top: float, *, thick_first: bool) -> None:
    widths = (RULE_THICK_PT, RULE_THIN_PT) if thick_first else (RULE_THIN_PT, RULE_THICK_PT)
    y = top
    for k, width in enumerate(widths):
        canvas.rect(geo.rule_left, y - width, geo.rule_right - geo.rule_left, width, stroke=0, fill=1)
        y -= width + (RULE_GAP_PT if k == 0 else 0)


def _draw_letterhead(canvas: Canvas, head: Letterhead, lay: _Layout, used: set[str]) -> None:
    geo = letterhead_geometry(head)
    reg = fonts.registry()
    canvas.saveState()
    canvas.setFillColorCMYK(*RED_CMYK)
    canvas.setStrokeColorCMYK(*RED_CMYK)
    runs = reg.runs(head.name, "title")
    width = sum(geo.mark_size * len(t) if is_full_width(t[0]) else stringWidth(t, n, geo.mark_size) for n, t in runs)
    x = BLOCK_LEFT + (BLOCK_WIDTH - width) / 2
    items = []
    for name, t in runs:
        items.append((x - BLOCK_LEFT, t, name))
        x += geo.mark_size * len(t) if is_full_width(t[0]) else stringWidth(t, name, geo.mark_size)
    _draw_runs(canvas, items, geo.mark_baseline, geo.mark_size, bold=not fonts.is_official("title"), used=used)
    _double_rule(canvas, geo, geo.top_rule_top, thick_first=True)
    bottom_height = RULE_THICK_PT + RULE_GAP_PT + RULE_THIN_PT
    _double_rule(canvas, geo, geo.bottom_rule_bottom + bottom_height, thick_first=False)
    canvas.restoreState()
    if lay.doc_number is not None:
        units, x0 = lay.doc_number
        _draw_runs(canvas, _items(units, x0, 0.0, BODY_PT), baseline(0, BODY_PT, lay.frames[0]), BODY_PT,
                   bold=False, used=used)


def _draw_seal(canvas: Canvas, seal: Seal, lay: _Layout) -> None:
    from reportlab.lib.utils import ImageReader

    spot = lay.seal
    if spot is None:
        raise ValueError("a seal needs a signature block")
    frame = lay.frames[spot.page]
    size = seal.diameter_mm * MM
    top = frame.row_top(spot.row)
    image = ImageReader(io.BytesIO(seal.image))
    canvas.drawImage(image, BLOCK_LEFT + spot.x_center - size / 2, top - size, size, size, mask="auto")


def render(doc: Document) -> Rendered:
    """Lay out and draw a document; deterministic bytes for the same input and fonts."""
    lay = layout(doc)
    buf = io.BytesIO()
    # initialFontName: otherwise every page lists an unembedded Helvetica that no glyph uses.
    canvas = Canvas(buf, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=1, pageCompression=1,
                    initialFontName=fonts.font_for("body"), initialFontSize=BODY_PT)
    canvas.setTitle(doc.title)
    canvas.setAuthor(doc.author)
    canvas.setSubject(doc.subject)
    canvas.setCreator("gongkai")
    used: set[str] = set()
    for index, page in enumerate(lay.pages):
        number = index + 1
        frame = lay.frames[index]
        if index == 0 and doc.letterhead:
            _draw_letterhead(canvas, doc.letterhead, lay, used)
        for glyphs in page:
            _draw_runs(canvas, glyphs.items, baseline(glyphs.row, glyphs.size, frame), glyphs.size,
                       bold=glyphs.bold, used=used)
        if doc.seal is not None and lay.seal is not None and lay.seal.page == index:
            _draw_seal(canvas, doc.seal, lay)
        if not (doc.letterhead and number == 1):  # 10.1: the first page of a 信函 shows no page number
            used.add(draw_page_number(canvas, number))
        canvas.showPage()
    canvas.save()
    return Rendered(buf.getvalue(), len(lay.pages), fonts.describe_fonts(used))
