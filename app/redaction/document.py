"""The pages of a document to redact: a PDF, an image (JPEG, PNG, TIFF; every frame a page) or an Office file
converted to PDF by LibreOffice. Pages are rendered with pypdfium2; boxes are in PDF points from the
bottom-left corner of the page (for an image: its pixels at its stated resolution, 72 dpi when it states none).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from app.errors import UserError, ValidationError

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in points, y from the bottom

PDF_SUFFIXES = {".pdf"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp"}
OFFICE_SUFFIXES = {".doc", ".docx", ".wps", ".odt", ".rtf", ".xls", ".xlsx", ".et", ".ods", ".ppt", ".pptx", ".odp"}
SUFFIXES = PDF_SUFFIXES | IMAGE_SUFFIXES | OFFICE_SUFFIXES


class OfficeConverterMissing(UserError):
    """LibreOffice is needed for Office documents and is not installed."""


@dataclass
class Char:
    char: str
    box: Box


@dataclass
class Line:
    """One line of text on a page, top-down order, with each character's box."""

    chars: list[Char]

    @property
    def text(self) -> str:
        return "".join(c.char for c in self.chars)

    @property
    def box(self) -> Box:
        return union([c.box for c in self.chars if c.char.strip()] or [c.box for c in self.chars])


def union(boxes: list[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def kind_of(filename: str) -> str:
    """'pdf', 'image' or 'office' by the file's suffix; a clear error for anything else."""
    suffix = Path(filename).suffix.lower()
    if suffix in PDF_SUFFIXES:
        return "pdf"
    if suffix in IMAGE_SUFFIXES:
        return "image"
    if suffix in OFFICE_SUFFIXES:
        return "office"
    raise ValidationError(f"不支持的文件类型“{suffix or filename}”：可处理 PDF、图片（JPG、PNG、TIFF）和 Office 文档。")


def image_to_pdf(data: bytes, filename: str) -> bytes:
    """An image (every TIFF frame a page) as an image-only PDF, each page the size the image states."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        frames = [frame.convert("RGB") for frame in ImageSequence.Iterator(image)]
        dpi = image.info.get("dpi") or (72, 72)
    except (UnidentifiedImageError, OSError) as exc:
        raise ValidationError(f"无法读取图片“{filename}”：文件已损坏或不是图片。") from exc
    out = io.BytesIO()
    resolution = float(dpi[0]) if dpi and dpi[0] else 72.0
    frames[0].save(out, "PDF", save_all=True, append_images=frames[1:], resolution=resolution)
    return out.getvalue()


def office_to_pdf(data: bytes, filename: str) -> bytes:
    """An Office document converted by LibreOffice (soffice), which must be installed."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise OfficeConverterMissing(
            f"“{filename}”是 Office 文档，需要先安装 LibreOffice 才能处理；也可以先在 WPS 或 Word 中另存为 PDF 再打开。")
    with tempfile.TemporaryDirectory(prefix="gongkai-office-") as tmp:
        src = Path(tmp) / ("input" + Path(filename).suffix.lower())
        src.write_bytes(data)
        done = subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(src)],
                              capture_output=True, timeout=300, check=False)
        pdf = src.with_suffix(".pdf")
        if done.returncode != 0 or not pdf.exists():
            raise ValidationError(f"LibreOffice 无法转换“{filename}”：{done.stderr.decode(errors='replace')[:200]}")
        return pdf.read_bytes()


def as_pdf(data: bytes, filename: str) -> bytes:
    """The document as PDF bytes (a PDF as it is)."""
    kind = kind_of(filename)
    if kind == "image":
        return image_to_pdf(data, filename)
    if kind == "office":
        return office_to_pdf(data, filename)
    return data


@contextmanager
def open_pdf(data: bytes, filename: str) -> Iterator[object]:
    """A pypdfium2 document of PDF bytes; a damaged or encrypted file is a clear error."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ValidationError(f"无法打开“{filename}”：文件已损坏、加密或不是 PDF。") from exc
    try:
        yield pdf
    finally:
        pdf.close()


def text_lines(page: object) -> list[Line]:
    """The text layer of a pypdfium2 page as lines (top-down), each character with its box."""
    textpage = page.get_textpage()  # type: ignore[attr-defined]
    try:
        lines: list[Line] = []
        current: list[Char] = []
        last: Box | None = None
        for i in range(textpage.count_chars()):
            ch = textpage.get_text_range(i, 1)
            if ch in ("\r", "\n"):
                if current:
                    lines.append(Line(current))
                current, last = [], None
                continue
            box = textpage.get_charbox(i)
            if last is not None and ch.strip() and (box[3] < last[1] or box[1] > last[3] or box[0] < last[0] - 1):
                lines.append(Line(current))  # a new baseline without a line break in the stream
                current = []
            current.append(Char(ch, tuple(box)))
            if ch.strip():
                last = tuple(box)
        if current:
            lines.append(Line(current))
    finally:
        textpage.close()
    lines = [line for line in lines if line.text.strip()]
    lines.sort(key=lambda line: (-line.box[3], line.box[0]))
    return lines


def render(page: object, dpi: float) -> object:
    """The page as a PIL RGB image at ``dpi``."""
    bitmap = page.render(scale=dpi / 72.0)  # type: ignore[attr-defined]
    return bitmap.to_pil().convert("RGB")
