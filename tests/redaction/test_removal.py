"""Planted personal data in a text PDF, a scanned page and an image: the scan finds all of it, and the
redacted copy holds none of it (text layer, bytes, OCR of the output), nor anything hidden in the source."""

from __future__ import annotations

import io

import pytest

from app.redaction.burn import RedactionLeak, burn, burn_verified, verify
from app.redaction.scan import scan
from tests.helpers.redaction import PLANTED, gongshi_lines, ocr_text, planted_values, png, scanned_pdf, text_pdf


def _with_hidden_parts(pdf: bytes) -> bytes:
    """The PDF with what a PDF viewer's redaction often leaves: metadata, an annotation, an attached file,
    and an incremental update whose earlier revision still holds the text."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import FreeText

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_metadata({"/Author": PLANTED["name"][0], "/Subject": PLANTED["id_number"][0]})
    writer.add_annotation(0, FreeText(text=PLANTED["mobile"][0], rect=(300, 10, 500, 40)))
    writer.add_attachment("名单.txt", "\n".join(planted_values()).encode("utf-8"))
    out = io.BytesIO()
    writer.write(out)
    base = out.getvalue()
    incremental = PdfWriter(io.BytesIO(base), incremental=True)
    incremental.add_metadata({"/Title": "已处理"})
    out2 = io.BytesIO()
    incremental.write(out2)
    return out2.getvalue()


def _compact(text: str) -> str:
    return "".join(text.split())


def _page_text(pdf: bytes) -> str:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def _covered(target, boxes, share=0.7) -> bool:
    """Whether one of ``boxes`` covers at least ``share`` of ``target``."""
    area = (target[2] - target[0]) * (target[3] - target[1])
    for b in boxes:
        w = min(target[2], b[2]) - max(target[0], b[0])
        h = min(target[3], b[3]) - max(target[1], b[1])
        if w > 0 and h > 0 and w * h >= share * area:
            return True
    return False


def _assert_output_clean(out: bytes, expect_readable: str) -> None:
    assert _page_text(out).strip() == ""
    for value in planted_values():
        for form in (value.encode("utf-8"), value.encode("utf-16-be"), value.encode("gb18030")):
            assert form not in out, value
    seen = ocr_text(out)
    assert expect_readable in seen  # OCR reads the page, so the absence below means something
    for value in planted_values():
        assert value not in seen, value


@pytest.fixture(scope="module")
def source() -> bytes:
    return text_pdf([gongshi_lines()])


@pytest.fixture(scope="module")
def text_findings(source):
    return scan(source, "公示.pdf").findings


def test_text_pdf_every_planted_value_found(text_findings):
    got = {(f.kind, f.text) for f in text_findings}
    for kind, values in PLANTED.items():
        for value in values:
            assert (kind, value) in got
    assert all(f.source == "text" and f.page == 1 for f in text_findings)
    rows = {f.text: f.row for f in text_findings}
    assert rows[PLANTED["id_number"][0]] == 2 and rows[PLANTED["credit_code"][0]] == 6


def test_text_pdf_redacted_holds_nothing_hidden_either(source, text_findings):
    original = _with_hidden_parts(source)
    kept = bytes(original)
    findings = scan(original, "公示.pdf").findings
    assert {(f.kind, f.text) for f in findings} == {(f.kind, f.text) for f in text_findings}
    out = burn_verified(original, "公示.pdf", findings).pdf
    assert original == kept  # the original is never touched
    _assert_output_clean(out, "公示期为7天")
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(out))
    root = reader.trailer["/Root"]
    assert "/Names" not in root and "/Metadata" not in root and "/AcroForm" not in root
    assert all("/Annots" not in page for page in reader.pages)
    assert out.count(b"%%EOF") == 1


def test_a_missed_box_is_caught_by_verification(source, text_findings):
    missed = [f for f in text_findings if f.text != PLANTED["mobile"][1]]
    burned = burn(source, "公示.pdf", missed)
    problems = verify(burned.pdf, text_findings)
    assert any(PLANTED["mobile"][1] in p for p in problems)
    # a box drawn beside its text (a slipped hand) leaves the text readable: the copy is refused
    import dataclasses

    slipped = [dataclasses.replace(f, box=(f.box[0], f.box[1] - 40, f.box[2], f.box[3] - 40))
               if f.text == PLANTED["mobile"][1] else f for f in text_findings]
    with pytest.raises(RedactionLeak) as err:
        burn_verified(source, "公示.pdf", slipped)
    assert PLANTED["mobile"][1] in str(err.value)


@pytest.mark.parametrize("kind", ["scan", "image"])
def test_scans_and_images_found_by_ocr_and_burnt_out(source, text_findings, kind):
    data, name = (scanned_pdf(source), "扫描件.pdf") if kind == "scan" else (png(source), "公示.png")
    result = scan(data, name)
    assert all(p.source == "ocr" for p in result.pages)
    boxes = [f.box for f in result.findings]
    for truth in text_findings:  # the text layer of the source is the truth of where each value is
        assert _covered(truth.box, boxes), (truth.kind, truth.text)
    kinds = {f.kind for f in result.findings}
    assert set(PLANTED) <= kinds
    out = burn_verified(data, name, result.findings).pdf
    _assert_output_clean(out, "公示期为7天")


def test_verification_reads_escaped_metadata_and_attachments(source, text_findings):
    """A copy that carried the text in its metadata (an escaped UTF-16 string) or an attached file is refused."""
    from pypdf import PdfReader, PdfWriter

    burned = burn(source, "公示.pdf", text_findings)
    assert verify(burned.pdf, text_findings, ocr=False) == []
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(burned.pdf)))
    writer.add_metadata({"/Author": PLANTED["name"][1]})
    writer.add_attachment("a.txt", PLANTED["mobile"][0].encode())
    out = io.BytesIO()
    writer.write(out)
    problems = verify(out.getvalue(), text_findings, ocr=False)
    assert "文件含有附件或命名对象" in problems
    assert f"文件字节中仍有“{PLANTED['name'][1]}”" in problems and f"文件字节中仍有“{PLANTED['mobile'][0]}”" in problems
