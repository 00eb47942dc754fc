"""True removal: every page is rendered to pixels, the boxes are painted black, and the pages are written
as a new image-only PDF. Nothing of the source file is copied: no text, fonts, layers, annotations, form
fields, attachments, metadata or earlier revisions. The result is verified before it is handed back
(``verify``): no text layer, none of the covered text in its bytes, none of it read back by OCR.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.core.jobs import Progress, check_cancelled
from app.errors import UserError
from app.redaction.document import as_pdf, open_pdf, render
from app.redaction.scan import Finding

BURN_DPI = 200  # pixels per inch of the redacted pages: legible print
JPEG_QUALITY = 85  # no chroma subsampling: red seals and thin strokes stay sharp


class RedactionLeak(UserError):
    """The redacted copy still shows something that was to be covered; it is not kept."""


@dataclass
class Burned:
    pdf: bytes
    pages: int


def _pixel_box(box: Sequence[float], height_pt: float, dpi: float) -> tuple[int, int, int, int]:
    scale = dpi / 72.0
    x0, y0, x1, y1 = box
    # Round outwards: a covered box never shrinks by a partial pixel.
    return (int(x0 * scale), int((height_pt - y1) * scale), int(x1 * scale + 0.999),
            int((height_pt - y0) * scale + 0.999))


def _is_gray(image: Any) -> bool:
    """Whether a page has no colour worth keeping (a red seal or a coloured chart keeps the page in colour)."""
    from PIL import ImageChops

    small = image.reduce(8)
    r, g, b = small.split()
    spreads: list[Any] = [ImageChops.difference(r, g).getextrema()[1], ImageChops.difference(g, b).getextrema()[1]]
    return max(spreads) < 24


def burn(data: bytes, filename: str, findings: Sequence[Finding], *, dpi: int = BURN_DPI,
         progress: Progress | None = None) -> Burned:
    """An image-only PDF of the document with every finding's box painted black."""
    from PIL import ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    pdf_bytes = as_pdf(data, filename)
    out = io.BytesIO()
    canvas = Canvas(out, invariant=1, pageCompression=1)
    canvas.setCreator("")
    canvas.setAuthor("")
    canvas.setTitle("")
    canvas.setSubject("")
    with open_pdf(pdf_bytes, filename) as pdf:
        total = len(pdf)  # type: ignore[arg-type]
        for f in findings:
            if f.page > total:
                from app.errors import ValidationError

                raise ValidationError(f"标注的第{f.page}页不存在：该文件只有{total}页。")
        for index in range(total):
            check_cancelled(progress)
            if progress is not None:
                progress.update(index, total, f"正在处理第 {index + 1}/{total} 页")
            page = pdf[index]  # type: ignore[index]
            width, height = page.get_size()
            image = render(page, dpi)
            draw = ImageDraw.Draw(image)  # type: ignore[arg-type]
            for f in findings:
                if f.page == index + 1:
                    draw.rectangle(_pixel_box(f.box, height, dpi), fill=(0, 0, 0))
            canvas.setPageSize((width, height))
            # JPEG of the painted pixels: what lay under a box is already black before it is encoded, and
            # encoding is ~10× faster than deflating raw RGB (bench/results/redaction.md)
            encoded = io.BytesIO()
            if _is_gray(image):
                image = image.convert("L")  # type: ignore[attr-defined]  # a third of the bytes
            image.save(encoded, "JPEG", quality=JPEG_QUALITY, subsampling=0)  # type: ignore[attr-defined]
            encoded.seek(0)
            canvas.drawImage(ImageReader(encoded), 0, 0, width=width, height=height)
            canvas.showPage()
    canvas.save()
    if progress is not None:
        progress.update(total, total, "处理完成")
    return Burned(out.getvalue(), total)


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _encodings(text: str) -> list[bytes]:
    forms = {text.encode("utf-8"), text.encode("utf-16-be")}
    try:
        forms.add(text.encode("gb18030"))
    except UnicodeEncodeError:
        pass
    forms = {f for f in forms if len(f) >= 4}
    # PDF strings may be written in hex (<FEFF…>): search those spellings too
    forms |= {f.hex().encode() for f in list(forms)} | {f.hex().upper().encode() for f in list(forms)}
    return sorted(forms)


_STREAM = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)


def _searchable_bytes(reader: Any, pdf: bytes) -> bytes:
    """Every byte where text could hide: the file outside its streams, and every stream that is not an
    image, decoded. Image streams hold pixels only (what OCR checks); searching a page's worth of
    compressed pixels for thousands of strings would cost minutes on a 50-page file."""
    from pypdf.generic import StreamObject

    parts = [_STREAM.sub(b"stream endstream", pdf)]
    def strings(value: Any, depth: int = 0) -> None:
        # PDF strings are often escaped (octal, hex, UTF-16): search them decoded as well
        if depth > 20:
            return
        if isinstance(value, str):
            parts.append(value.encode("utf-8", "replace"))
        elif isinstance(value, dict):
            for item in value.values():
                strings(item, depth + 1)
        elif isinstance(value, list):
            for item in value:
                strings(item, depth + 1)

    for obj_id in range(1, int(reader.trailer.get("/Size", 0))):
        obj = reader.get_object(obj_id)  # None for a free object number
        if isinstance(obj, StreamObject) and obj.get("/Subtype") != "/Image":
            parts.append(obj.get_data())
        strings(obj)
    return b"\n".join(parts)


def verify(pdf: bytes, findings: Sequence[Finding], *, ocr: bool = True, progress: Progress | None = None
           ) -> list[str]:
    """What the redacted copy still shows (an empty list when nothing): structure, text layer, bytes, OCR."""
    from pypdf import PdfReader

    problems: list[str] = []
    if pdf.count(b"%%EOF") != 1 or pdf.count(b"startxref") != 1:
        problems.append("文件含有增量更新记录")
    reader = PdfReader(io.BytesIO(pdf))
    root: Any = reader.trailer["/Root"]
    for key, label in (("/AcroForm", "表单域"), ("/Metadata", "XMP 元数据"), ("/OCProperties", "图层"),
                       ("/Names", "附件或命名对象"), ("/OpenAction", "打开动作")):
        if key in root:
            problems.append(f"文件含有{label}")
    for number, page in enumerate(reader.pages, start=1):
        if "/Annots" in page:
            problems.append(f"第{number}页含有批注")
    texts = sorted({_compact(f.text) for f in findings if len(_compact(f.text)) >= 2})
    searchable = _searchable_bytes(reader, pdf)
    for text in texts:
        if any(form in searchable for form in _encodings(text)):
            problems.append(f"文件字节中仍有“{text}”")
    with open_pdf(pdf, "区分处理后的文件") as doc:
        for index in range(len(doc)):  # type: ignore[arg-type]
            textpage = doc[index].get_textpage()  # type: ignore[index]
            try:
                if textpage.get_text_range().strip():
                    problems.append(f"第{index + 1}页仍有文字层")
            finally:
                textpage.close()
        if ocr and texts:
            from app.redaction import ocr as ocr_module

            pages = sorted({f.page for f in findings})
            for done, number in enumerate(pages):
                check_cancelled(progress)
                if progress is not None:
                    progress.update(done, len(pages), f"正在复核第 {number} 页")
                page = doc[number - 1]  # type: ignore[index]
                lines = ocr_module.read_image(render(page, ocr_module.OCR_DPI), ocr_module.OCR_DPI,
                                              page.get_size()[1])
                seen = _compact("".join(line.text for line in lines))
                for f in findings:
                    text = _compact(f.text)
                    if f.page == number and len(text) >= 2 and text in seen:
                        problems.append(f"第{number}页识别结果中仍有“{text}”")
    return problems


def burn_verified(data: bytes, filename: str, findings: Sequence[Finding], *, dpi: int = BURN_DPI,
                  ocr_check: bool = True, progress: Progress | None = None) -> Burned:
    """burn() and verify(); a copy that still shows anything is refused with every problem named."""
    burned = burn(data, filename, findings, dpi=dpi, progress=progress)
    problems = verify(burned.pdf, findings, ocr=ocr_check, progress=progress)
    if problems:
        raise RedactionLeak("区分处理后的文件未通过复核，未保存：" + "；".join(problems[:5]) + "。", details=problems)
    return burned
