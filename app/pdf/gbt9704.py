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
class Blank:
    lines: int = 1


@dataclass
class Signature:
    """署名 and 成文日期 for a sealed document (7.3.5.1): date right-indented 4 characters, name centred on it."""

    name: str
    date: str
    note: str | None = None  # 附注 (7.3.6): in parentheses, two characters in, on the line below the date
    seal_lines: int = 2  # blank lines above the name so the seal's top stays within one line of the body


@dataclass
class Document:
    title: str
    blocks: list = field(default_factory=list)
    author: str = ""
    subject: str = ""


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


class _Layout:
    def __init__(self) -> None:
        self.pages: list[list[_Glyphs]] = [[]]
        self.row = 0

    def _ensure_room(self, rows: int = 1) -> None:
        if self.row + rows > LINES_PER_PAGE:
            self.pages.append([])
            self.row = 0

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
            if self.row < LINES_PER_PAGE:
                self.row += 1
        if self.row >= LINES_PER_PAGE:
            self.pages.append([])
            self.row = 0


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


def layout(doc: Document) -> _Layout:
    lay = _Layout()
    title_bold = not fonts.is_official("title")
    for block in doc.blocks:
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
    return lay


def _signature(lay: _Layout, sig: Signature) -> None:
    date_units = _units(sig.date, "body", BODY_PT)
    name_units = _units(sig.name, "body", BODY_PT)
    date_w, name_w = _width(date_units), _width(name_units)
    date_x = BLOCK_WIDTH - 4 * CHAR_PITCH - date_w  # 成文日期右空四字
    name_x = date_x + (date_w - name_w) / 2  # 署名以成文日期为准居中
    name_x = min(name_x, BLOCK_WIDTH - name_w)
    note_lines = break_lines(sig.note, BLOCK_WIDTH, first_indent=2 * CHAR_PITCH) if sig.note else []
    seal_lines = sig.seal_lines
    needed = seal_lines + 2 + len(note_lines)
    if lay.row + needed == LINES_PER_PAGE + 1 and seal_lines > 1:
        # 7.3.5.5: tighten the space left for the seal by one line rather than move text to a new page.
        seal_lines -= 1
        needed -= 1
    if lay.row + needed > LINES_PER_PAGE and lay.pages[-1]:
        # 7.3.5.5: the signature never stands alone on a page; carry the last two body lines along.
        page = lay.pages[-1]
        moved = page[-2:] if len(page) >= 2 else page[-1:]
        del page[len(page) - len(moved):]
        lay.pages.append([])
        lay.row = 0
        for g in moved:
            g.row = lay.row
            lay.pages[-1].append(g)
            lay.row += 1
    lay.row += seal_lines
    lay.put(name_units, BODY_PT, x0=name_x)
    lay.put(date_units, BODY_PT, x0=date_x)
    for k, line in enumerate(note_lines):
        lay.put(line, BODY_PT, x0=2 * CHAR_PITCH if k == 0 else 0.0)


# ---- drawing -----------------------------------------------------------------------------------------------


def baseline(row: int, size: float) -> float:
    """Baseline y (pt) of a grid row: the em box is centred in the row's 1/22 of the 版心."""
    top = BLOCK_TOP - row * LINE_PITCH
    return top - (LINE_PITCH - size) / 2 - _ASCENT * size


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
    for number, page in enumerate(lay.pages, start=1):
        for glyphs in page:
            y = baseline(glyphs.row, glyphs.size)
            text = canvas.beginText()
            if glyphs.bold:
                # A freely licensed Song stands in for 小标宋: a hairline stroke gives it the heavier colour.
                text.setTextRenderMode(2)
                canvas.setLineWidth(glyphs.size * 0.03)
            current = None
            for x, t, name in glyphs.items:
                if name != current:
                    text.setFont(name, glyphs.size)
                    current = name
                    used.add(name)
                text.setTextOrigin(BLOCK_LEFT + x, y)
                text.textOut(t)
            canvas.drawText(text)
        used.add(draw_page_number(canvas, number))
        canvas.showPage()
    canvas.save()
    return Rendered(buf.getvalue(), len(lay.pages), fonts.describe_fonts(used))
