"""GB/T 9704 page layout read back from the PDF: the text render mode, the signature at the foot of a page,
信函格式 and the printed seal (docs/spec/letters-layout.md)."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ContentStream

from app.pdf import fonts, gbt9704
from tests.helpers.letters import pdf_words

MM = 72 / 25.4
BODY = "本机关于2026年3月2日收到您提出的政府信息公开申请，经审查，现答复如下：所申请的信息依法予以公开。"
OFFICE = "测试县人民政府办公室"
DATE = "2026年3月9日"


def _operations(pdf: bytes) -> list[list[tuple[list, bytes]]]:
    reader = PdfReader(io.BytesIO(pdf))
    return [ContentStream(page.get_contents(), reader).operations for page in reader.pages]


def _text_modes(ops: list[tuple[list, bytes]]) -> list[tuple[float, int]]:
    """(font size, text render mode) of every string shown, following q/Q as a PDF reader does."""
    stack, mode, size, shown = [], 0, 0.0, []
    for operands, op in ops:
        if op == b"q":
            stack.append(mode)
        elif op == b"Q":
            mode = stack.pop()
        elif op == b"Tr":
            mode = int(operands[0])
        elif op == b"Tf":
            size = float(operands[1])
        elif op in (b"Tj", b"TJ", b"'", b'"'):
            shown.append((size, mode))
    return shown


def _letter(paragraphs: int = 3, *, note: str | None = "联系电话：0571-12345678", **kw) -> gbt9704.Document:
    blocks = [gbt9704.Title(f"{OFFICE}\n政府信息公开申请答复书"), gbt9704.DocNumber("测政办公开〔2026〕12号"),
              gbt9704.Blank(), gbt9704.Paragraph("张三：", indent=0)]
    blocks += [gbt9704.Paragraph(BODY) for _ in range(paragraphs)]
    blocks.append(gbt9704.Signature(OFFICE, DATE, f"（{note}）" if note else None))
    return gbt9704.Document("答复书", blocks, **kw)


def _seal_png() -> bytes:
    image = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    for x in range(400):
        for y in range(400):
            if 180 ** 2 <= (x - 200) ** 2 + (y - 200) ** 2 <= 196 ** 2:
                image.putpixel((x, y), (220, 0, 0, 220))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_body_text_is_filled_not_stroked_after_a_bold_title():
    pdf = gbt9704.render(_letter(12)).pdf
    shown = [s for ops in _operations(pdf) for s in _text_modes(ops)]
    assert any(size == gbt9704.BODY_PT for size, _ in shown)
    assert all(mode == 0 for size, mode in shown if size != gbt9704.TITLE_PT), "body text must use render mode 0"
    title_modes = {mode for size, mode in shown if size == gbt9704.TITLE_PT}
    # The stand-in Song title is stroked to look heavier; with the official 小标宋 it is not.
    assert title_modes == ({0} if fonts.is_official("title") else {2})


def _signature_pages(doc: gbt9704.Document) -> tuple[list[list[tuple]], tuple, tuple]:
    words = pdf_words(gbt9704.render(doc).pdf)
    date_page = next(n for n, page in enumerate(words) if any(w[4] == DATE for w in page))
    date = next(w for w in words[date_page] if w[4] == DATE)
    name = next(w for w in words[date_page] if w[4] == OFFICE and w[1] > 60)
    return words, date, name


@settings(max_examples=30, deadline=None)
@given(paragraphs=st.integers(min_value=1, max_value=24), note=st.booleans())
def test_the_signature_stays_with_the_last_body_line_and_no_page_ends_in_blank_lines(paragraphs, note):
    doc = _letter(paragraphs, note="联系电话：0571-12345678" if note else None)
    lay = gbt9704.layout(doc)
    for page, frame in zip(lay.pages[:-1], lay.frames[:-1]):
        assert max(g.row for g in page) == frame.rows - 1, "a page before the last ends on its last line"
    last = lay.pages[-1]
    body_rows = [g.row for g in last if g.items[0][1] not in (OFFICE[0], DATE[0])]
    assert body_rows, "the date is on the page of the last body line"
    frame = lay.frames[-1]
    assert frame.pitch >= gbt9704.MIN_PITCH_EM * gbt9704.BODY_PT - 1e-6
    assert frame.row_top(frame.rows) == pytest.approx(gbt9704.BLOCK_BOTTOM, abs=0.01) or frame.rows == 22


def test_a_tight_page_keeps_the_seal_space_and_stays_inside_the_block():
    # Find a length whose signature does not fit at the standard spacing.
    for paragraphs in range(3, 12):
        lay = gbt9704.layout(_letter(paragraphs))
        if lay.frames[-1].rows > gbt9704.LINES_PER_PAGE:
            break
    else:
        pytest.fail("no letter length needed the spacing adjusted")
    doc = _letter(paragraphs)
    words, date, name = _signature_pages(doc)
    assert len(words) == len(lay.pages)
    body = [w for w in words[-1] if w[1] < name[1] - 1 and w[1] > 40]
    gap_lines = (name[1] - max(w[3] for w in body)) / (lay.frames[-1].pitch / MM)
    assert gap_lines >= 1.9, "two lines' room for the seal stay above the name"
    assert max(w[3] for page in words for w in page if w[1] < 262) <= 262 + 0.5


def test_letterhead_geometry_follows_the_standard():
    doc = _letter(3, letterhead=gbt9704.Letterhead(OFFICE))
    pdf = gbt9704.render(doc).pdf
    words = pdf_words(pdf)
    geo = gbt9704.letterhead_geometry(doc.letterhead)
    mark = next(w for w in words[0] if w[4] == OFFICE)
    # The mark's em box starts 30 mm below the top edge (pdftotext's box is the font's, a little taller).
    em_top_mm = (gbt9704.PAGE_HEIGHT - geo.mark_baseline - 0.88 * geo.mark_size) / MM
    assert em_top_mm == pytest.approx(30.0, abs=0.01)
    assert mark[1] == pytest.approx(30.0, abs=1.5)
    assert (mark[0] + mark[2]) / 2 == pytest.approx(28 + 156 / 2, abs=0.5)
    # Red filled bars: two at the top (thick over thin) and two near the foot (thin over thick), 170 mm long.
    bars, red = [], False
    for operands, op in _operations(pdf)[0]:
        if op == b"k":
            red = [float(v) for v in operands] == [0.0, 1.0, 1.0, 0.0]
        elif op == b"re" and red:
            x, y, w, h = (float(v) for v in operands)
            bars.append((x / MM, (gbt9704.PAGE_HEIGHT - y - h) / MM, w / MM, h))
    assert len(bars) == 4
    assert all(b[2] == pytest.approx(170, abs=0.01) and b[0] == pytest.approx(28 + 78 - 85, abs=0.01) for b in bars)
    top, bottom = sorted(bars, key=lambda b: b[1])[:2], sorted(bars, key=lambda b: b[1])[2:]
    mark_bottom_mm = (gbt9704.PAGE_HEIGHT - geo.mark_baseline + 0.12 * geo.mark_size) / MM
    assert top[0][1] == pytest.approx(mark_bottom_mm + 4, abs=0.01)
    assert top[0][3] > top[1][3], "上粗下细"
    assert bottom[0][3] < bottom[1][3], "上细下粗"
    assert 297 - (bottom[1][1] + bottom[1][3] / MM) == pytest.approx(20, abs=0.01)
    # The 发文字号 flush right under the rule, the title two lines below it; no page number on page 1.
    number = next(w for w in words[0] if w[4].startswith("测政办公开"))
    assert number[2] == pytest.approx(28 + 156, abs=0.4)
    title = [w for w in words[0] if w[4] == OFFICE and w is not mark][0]
    centre_gap = (title[1] + title[3]) / 2 - (number[1] + number[3]) / 2
    assert centre_gap / (225 / 22) == pytest.approx(2, abs=0.05)
    assert not [w for w in words[0] if w[1] > 262 and "—" in w[4]]


def test_letterhead_second_page_is_numbered_two():
    doc = _letter(16, letterhead=gbt9704.Letterhead(OFFICE))
    words = pdf_words(gbt9704.render(doc).pdf)
    assert len(words) == 2
    assert "".join(w[4] for w in words[1] if w[1] > 262) == "—2—"


def test_seal_space_is_kept_and_the_image_printed_only_when_given():
    plain = gbt9704.render(_letter(3)).pdf
    assert b"/Subtype /Image" not in plain
    sealed = gbt9704.render(_letter(3, seal=gbt9704.Seal(_seal_png()))).pdf
    ops = _operations(sealed)[-1]
    placed = [operands for k, (operands, op) in enumerate(ops) if op == b"cm" and ops[k + 1][1] == b"Do"]
    assert len(placed) == 1
    a, _b, _c, d, e, f = (float(v) for v in placed[0])
    assert a == pytest.approx(42 * MM) and d == pytest.approx(42 * MM)
    _words_, date, name = _signature_pages(_letter(3))
    centre_mm = (e + a / 2) / MM
    assert centre_mm == pytest.approx((date[0] + date[2]) / 2, abs=0.8)
    seal_top_mm = (gbt9704.PAGE_HEIGHT - (f + d)) / MM
    seal_bottom_mm = (gbt9704.PAGE_HEIGHT - f) / MM
    seal_middle = (seal_top_mm + seal_bottom_mm) / 2
    assert name[1] > seal_middle and date[1] > seal_middle, "署名和成文日期居印章中心偏下"
    assert date[3] < seal_bottom_mm, "the date lies inside the seal"
    body_bottom = max(w[3] for w in _words_[-1] if w[3] < name[1] - 5)
    assert 0 <= seal_top_mm - body_bottom <= 225 / 22, "印章顶端上距正文一行之内"
