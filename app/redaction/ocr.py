"""OCR of scanned pages and images: RapidOCR (PP-OCRv4 Chinese models shipped inside the
rapidocr-onnxruntime wheel, run by onnxruntime on the CPU; nothing is downloaded at run time).

Chosen over Tesseract (Debian's tesseract-ocr-chi-sim) for accuracy on Chinese: on the benchmark page
Tesseract dropped the first hanzi of most lines, RapidOCR read every line; and it installs from PyPI on
Windows as on Linux (bench/results/ocr.md). A missing runtime is an error, never "no findings".
"""

from __future__ import annotations

import functools
import threading
from typing import Any

from app.errors import UserError
from app.redaction.document import Box, Char, Line

OCR_DPI = 300  # scans are read at this resolution; A4 at 300 dpi is 2480 × 3508 pixels


class OcrUnavailable(UserError):
    """The OCR runtime is not installed or does not load: scanned pages cannot be read."""


_lock = threading.Lock()  # one engine, used by one thread at a time (onnxruntime sessions are not cheap)


@functools.lru_cache(maxsize=1)
def engine() -> Any:
    """The RapidOCR engine, loaded once per process (about 0.6 s)."""
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as exc:  # the third-party runtime, not our own module
        raise OcrUnavailable(
            "文字识别（OCR）组件未安装，无法识别扫描件和图片中的文字。请重新运行安装程序（需要 rapidocr-onnxruntime）。"
        ) from exc
    try:
        return RapidOCR()
    except Exception as exc:  # a broken model or onnxruntime build
        raise OcrUnavailable(f"文字识别（OCR）组件无法启动：{exc}") from exc


def _split(text: str, box: Box) -> list[Box]:
    """Character boxes by width estimate (hanzi one em, other characters about half) when the engine gives
    none that match the text."""
    weights = [1.0 if ord(c) > 0x2E80 else 0.55 for c in text]
    total = sum(weights) or 1.0
    x0, y0, x1, y1 = box
    out: list[Box] = []
    at = x0
    for w in weights:
        width = (x1 - x0) * w / total
        out.append((at, y0, at + width, y1))
        at += width
    return out


def read_image(image: Any, dpi: float, page_height_pt: float) -> list[Line]:
    """The lines of text in a PIL image of a page rendered at ``dpi``; boxes in points from the bottom-left
    of a page ``page_height_pt`` high."""
    import numpy as np

    scale = 72.0 / dpi
    array = np.asarray(image.convert("RGB"))[:, :, ::-1]  # RapidOCR takes OpenCV's BGR order
    with _lock:
        result, _ = engine()(array, return_word_box=True)
    lines: list[Line] = []
    for item in result or []:
        quad, text = item[0], item[1]
        xs = [p[0] for p in quad]
        ys = [p[1] for p in quad]
        line_box: Box = (min(xs) * scale, page_height_pt - max(ys) * scale,
                         max(xs) * scale, page_height_pt - min(ys) * scale)
        words = item[3] if len(item) > 3 else None
        if isinstance(words, list) and len(words) == len(text):
            boxes = []
            for quad_w in words:
                wx = [p[0] for p in quad_w]
                wy = [p[1] for p in quad_w]
                boxes.append((min(wx) * scale, page_height_pt - max(wy) * scale,
                              max(wx) * scale, page_height_pt - min(wy) * scale))
        else:
            boxes = _split(text, line_box)
        lines.append(Line([Char(c, b) for c, b in zip(text, boxes)]))
    lines.sort(key=lambda line: (-line.box[3], line.box[0]))
    return lines


SELF_CHECK_TEXT = "身份证号码 110101199003071233"


def self_check() -> float:
    """OCR a rendered line of known text; the seconds it took, or OcrUnavailable when it is not read back."""
    import io
    import time

    from reportlab.pdfgen.canvas import Canvas

    from app.pdf.fonts import registry
    from app.redaction.document import open_pdf, render

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(420, 60))
    canvas.setFont(registry().chain("body")[0].name, 16)
    canvas.drawString(20, 24, SELF_CHECK_TEXT)
    canvas.showPage()
    canvas.save()
    started = time.perf_counter()
    with open_pdf(out.getvalue(), "check.pdf") as pdf:
        page = pdf[0]  # type: ignore[index]
        lines = read_image(render(page, OCR_DPI), OCR_DPI, page.get_size()[1])
    seen = "".join("".join(line.text for line in lines).split())
    if "110101199003071233" not in seen:
        raise OcrUnavailable(f"文字识别组件未能读出测试文字（读出：“{seen[:40]}”），请重新安装。")
    return time.perf_counter() - started
