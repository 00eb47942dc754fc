"""Page geometry read back from the PDF's own text boxes, embedded fonts, line breaking and font fallback."""

from __future__ import annotations

import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from app.errors import UserError
from app.letters import format_doc_number, render_letter
from app.letters.data import LetterData
from app.letters.templates import TemplateSet
from app.pdf import fonts, gbt9704
from tests.helpers.letters import LETTER_DATE, OFFICE, OUTCOME_EXTRA, pdf_words, pdftotext

MM = 72 / 25.4
_words = pdf_words


@pytest.fixture(scope="module")
def partial_pdf(request) -> bytes:
    import json

    from tests.helpers.letters import GOLDEN  # noqa: F401  (same data as the golden tests)

    samples = request.config.rootpath.parent / "shared" / "samples" / "register-sample.jsonl"
    records = [json.loads(line) for line in samples.read_text(encoding="utf-8").splitlines()]
    record = next(r for r in records if r["outcome"] == "partial")
    data = LetterData.from_record(record, OFFICE, letter_date=LETTER_DATE, extra=OUTCOME_EXTRA["partial"])
    _composed, rendered = render_letter(data, "reply", templates=TemplateSet("reply"),
                                        doc_number=format_doc_number("测政办公开", "", 2026, 12))
    return rendered.pdf


def test_page_is_a4_and_text_stays_in_the_text_block(partial_pdf):
    reader = PdfReader(io.BytesIO(partial_pdf))
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(210 * MM, abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(297 * MM, abs=0.5)
    lefts = []
    for words in _words(partial_pdf):
        body = [w for w in words if w[1] < 297 - 35]
        lefts.append(min(w[0] for w in body))
        assert lefts[-1] >= 28 - 0.3  # 订口 28 mm (a last page may hold only indented lines)
        assert max(w[2] for w in body) <= 28 + 156 + 0.3  # 版心 156 mm wide
        assert min(w[1] for w in body) >= 37 - 0.5  # 天头 37 mm
        assert max(w[3] for w in body) <= 37 + 225 + 0.5  # 版心 225 mm high
    assert min(lefts) == pytest.approx(28, abs=0.3)


def test_lines_sit_on_the_22_line_grid(partial_pdf):
    pitch = 225 / 22
    pages = _words(partial_pdf)
    for number, words in enumerate(pages, start=1):
        tops = sorted({round(w[1], 1) for w in words if w[1] < 262 and w[3] - w[1] < 7})  # 3号 lines
        steps = [b - a for a, b in zip(tops, tops[1:])]
        # The page of the signature may draw its lines below the title closer (GB/T 9704 7.3.5.5), never
        # closer than 1.25 em; every other page keeps the 22-line grid.
        page_pitch = pitch
        if number == len(pages):
            span = tops[-1] - tops[0]
            page_pitch = span / round(span / min(steps))
        assert 1.25 * 16 / MM - 0.05 <= page_pitch <= pitch + 0.05
        assert len(tops) <= round(225 / page_pitch)
        for top in tops:
            units = (top - tops[0]) / page_pitch
            assert units == pytest.approx(round(units), abs=0.03)


def test_full_lines_fill_the_width_with_28_characters(partial_pdf):
    words = _words(partial_pdf)[0]
    full = [w for w in words if w[0] == pytest.approx(28, abs=0.3) and w[2] == pytest.approx(184, abs=0.5)]
    assert full, "justified lines reach both edges of the 版心"
    def chars(text: str) -> float:  # half-width digits and letters count as half a character
        return sum(1 if gbt9704.is_full_width(c) else 0.5 for c in text)

    assert all(chars(w[4]) <= 28 for w in words)
    assert any(chars(w[4]) == 28 for w in full)
    indented = [w for w in words if w[0] == pytest.approx(28 + 2 * 156 / 28, abs=0.3)]
    assert indented, "paragraphs start two characters in"


def test_page_number_below_the_block_odd_right_even_left():
    doc = gbt9704.Document("t", [gbt9704.Paragraph("政府信息公开。" * 200)])
    pdf = gbt9704.render(doc).pdf
    pages = _words(pdf)
    assert len(pages) >= 2
    for n, words in enumerate(pages, start=1):
        numbers = [w for w in words if w[1] > 262]
        assert "".join(w[4] for w in numbers) == f"—{n}—"
        # The 一字线 sits 0.3 em above the baseline; pdftotext's yMax is the baseline plus a 0.12 em descent.
        dash = max(w[3] for w in numbers) - (0.12 + 0.3) * 14 / MM
        assert dash == pytest.approx(262 + 7, abs=0.6)
        if n % 2:
            assert max(w[2] for w in numbers) == pytest.approx(184 - 14 / MM, abs=0.6)  # right, one 4号 char in
        else:
            assert min(w[0] for w in numbers) == pytest.approx(28 + 14 / MM, abs=0.6)


def test_fonts_are_embedded_subsets_and_text_copies(partial_pdf):
    reader = PdfReader(io.BytesIO(partial_pdf))
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, "TrueType font program embedded"
            names.add(str(font["/BaseFont"]))
    assert names and all(re.match(r"^/[A-Z]{6}\+", n) for n in names), names
    assert "不予公开" in pdftotext(partial_pdf)


def test_signature_centred_on_date_right_indented_four_characters():
    sig = gbt9704.Signature("测试县人民政府办公室", "2026年3月9日")
    pdf = gbt9704.render(gbt9704.Document("t", [gbt9704.Paragraph("正文。"), sig])).pdf
    words = _words(pdf)[0]
    date = next(w for w in words if w[4] == "2026年3月9日")
    name = next(w for w in words if w[4] == "测试县人民政府办公室")
    assert date[2] == pytest.approx(184 - 4 * 156 / 28, abs=0.6)
    assert (name[0] + name[2]) / 2 == pytest.approx((date[0] + date[2]) / 2, abs=0.8)
    assert name[1] < date[1]


_HANZI = st.sampled_from("政府信息公开申请答复本机关条例第三十六项规定")
_PUNCT = st.sampled_from("，。、；：）》”（《“")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(_HANZI, _HANZI, _HANZI, _PUNCT), min_size=1, max_size=200))
def test_line_breaking_keeps_every_character_and_the_kinsoku_rules(chars):
    text = "".join(chars)
    if re.search(r"[，。、；：）》”（《“]{3,}", text):
        return  # runs of three marks can be unbreakable; the rule is kept for normal prose
    lines = gbt9704.break_lines(text, gbt9704.BLOCK_WIDTH, first_indent=2 * gbt9704.CHAR_PITCH)
    assert "".join(u.text for line in lines for u in line) == text
    for k, line in enumerate(lines):
        width = sum(u.width for u in line) + (2 * gbt9704.CHAR_PITCH if k == 0 else 0)
        assert width <= gbt9704.BLOCK_WIDTH + 0.01
        if k > 0:
            assert line[0].text[0] not in gbt9704.NO_LINE_START
        if k < len(lines) - 1:
            assert line[-1].text[-1] not in gbt9704.NO_LINE_END


def test_long_numbers_break_inside_rather_than_leave_a_gap():
    lines = gbt9704.break_lines("府信息由浦江街道办事处负责公开，联系电话：0571-12345678。", gbt9704.BLOCK_WIDTH)
    first = "".join(u.text for u in lines[0])
    assert first.startswith("府信息由浦江街道办事处负责公开，联系电话：0571")
    assert not "".join(u.text for u in lines[1]).startswith("。")


def test_missing_character_refused_with_its_name():
    with pytest.raises(UserError) as err:
        fonts.ensure_text_covered("申请人\U0010fffd", "body")
    assert "U+10FFFD" in str(err.value)


def test_character_missing_from_body_font_comes_from_a_fallback():
    reg = fonts.registry()
    body = reg.primary("body")
    extra = [(f, sorted(c for c in f.glyphs - body.glyphs if 0x4E00 <= c <= 0x9FFF)) for f in reg.chain("body")[1:]]
    extra = [(f, chars) for f, chars in extra if chars]
    if not extra:
        pytest.skip("no second font with extra hanzi installed")
    other, chars = extra[0]
    ch = chr(chars[0])
    runs = reg.runs(f"申请{ch}人", "body")
    assert [name for name, _t in runs] == [body.name, other.name, body.name]
    rendered = gbt9704.render(gbt9704.Document("t", [gbt9704.Paragraph(f"申请{ch}人")]))
    assert len([f for f in rendered.fonts if "(" in f]) >= 2
    assert ch in pdftotext(rendered.pdf)
