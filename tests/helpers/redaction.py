"""Documents with planted personal data for the redaction tests: a text PDF of a 公示 list, the same page
scanned (rendered to pixels and wrapped as an image-only PDF) and as a PNG."""

from __future__ import annotations

import io

from app.domain.identifiers import id_number_check_char, org_code_check_char


def id_number(first17: str = "11010119900307123") -> str:
    return first17 + id_number_check_char(first17)


def luhn_complete(digits: str) -> str:
    for check in "0123456789":
        candidate = digits + check
        total = 0
        for i, ch in enumerate(reversed(candidate)):
            n = int(ch) * (2 if i % 2 else 1)
            total += n - 9 if n > 9 else n
        if total % 10 == 0:
            return candidate
    raise AssertionError("unreachable")


def credit_code(first17: str = "91330127MA2B3C4D5") -> str:
    return first17 + org_code_check_char(first17)


# What the 公示 page carries, by kind; every value must be found and must be gone from the output.
PLANTED = {
    "id_number": [id_number("11010119900307123"), id_number("33012719851122004")],
    "mobile": ["13812345678", "15967891234"],
    "landline": ["0571-87654321"],
    "bank_card": [luhn_complete("622202123456789012")],
    "credit_code": [credit_code()],
    "email": ["wangwu@example.com"],
    "address": ["青山县城关镇人民路12号"],
    "name": ["张建国", "李秀英"],
}


def gongshi_lines() -> list[str]:
    p = PLANTED
    return [
        "2026年度城乡低保对象公示名单",
        f"张建国  身份证 {p['id_number'][0]}  电话 {p['mobile'][0]}",
        f"李秀英  身份证 {p['id_number'][1]}  电话 {p['mobile'][1]}",
        f"住址：{p['address'][0]}  座机 {p['landline'][0]}",
        f"银行卡 {p['bank_card'][0]}  邮箱 {p['email'][0]}",
        f"承办企业 统一社会信用代码 {p['credit_code'][0]}",
        "公示期为7天，如有异议请向县民政局反映。",
    ]


def planted_values() -> list[str]:
    return [v for values in PLANTED.values() for v in values]


def text_pdf(pages: list[list[str]], *, size: tuple[float, float] = (595.0, 320.0), font_size: float = 11) -> bytes:
    """A PDF with a real text layer (embedded CJK font), one list of lines per page."""
    from reportlab.pdfgen.canvas import Canvas

    from app.pdf.fonts import registry

    font = registry().chain("body")[0].name
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=size)
    for lines in pages:
        canvas.setFont(font, font_size)
        y = size[1] - 40
        for line in lines:
            canvas.drawString(40, y, line)
            y -= font_size * 2.2
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def page_images(pdf: bytes, dpi: int = 300) -> list:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].render(scale=dpi / 72).to_pil().convert("L") for i in range(len(doc))]
    finally:
        doc.close()


def scanned_pdf(pdf: bytes, dpi: int = 300) -> bytes:
    """The PDF as a scanner gives it: each page a picture, no text layer."""
    images = page_images(pdf, dpi)
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return out.getvalue()


def png(pdf: bytes, dpi: int = 300) -> bytes:
    out = io.BytesIO()
    page_images(pdf, dpi)[0].save(out, "PNG", dpi=(dpi, dpi))
    return out.getvalue()


def ocr_text(pdf: bytes) -> str:
    """Everything RapidOCR reads on the pages of a PDF, spaces removed."""
    import pypdfium2 as pdfium

    from app.redaction.ocr import OCR_DPI, read_image

    doc = pdfium.PdfDocument(pdf)
    try:
        texts = []
        for i in range(len(doc)):
            page = doc[i]
            image = page.render(scale=OCR_DPI / 72).to_pil()
            texts += [line.text for line in read_image(image, OCR_DPI, page.get_size()[1])]
    finally:
        doc.close()
    return "".join(texts).replace(" ", "")
