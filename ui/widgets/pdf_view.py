"""PdfView: shows the pages of a PDF inside the app (rendered with pdfium, since QtPdf is not in PySide6-Essentials)."""

from __future__ import annotations

import pypdfium2 as pdfium
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget


def render_pages(pdf: bytes, scale: float) -> list[QImage]:
    """Each page as a QImage; scale 1.0 = 72 dpi."""
    doc = pdfium.PdfDocument(pdf)
    images = []
    try:
        for index in range(len(doc)):
            page = doc[index]
            bitmap = page.render(scale=scale, rev_byteorder=True, force_bitmap_format=pdfium.raw.FPDFBitmap_BGRA)
            image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride,
                           QImage.Format.Format_RGBA8888)
            images.append(image.copy())  # own the pixels before pdfium frees the bitmap
            page.close()
    finally:
        doc.close()
    return images


class PdfView(QScrollArea):
    """A scrollable column of pages; ``set_pdf(bytes)`` shows a document, ``zoom`` 1.0 = actual size on screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self._pdf: bytes | None = None
        self.zoom = 1.0
        self._inner = QWidget()
        self._inner.setStyleSheet("background: #808080;")
        self._layout = QVBoxLayout(self._inner)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self._layout.setSpacing(12)
        self.setWidget(self._inner)
        self.page_count = 0

    def set_pdf(self, pdf: bytes | None) -> None:
        self._pdf = pdf
        self._refresh()

    def set_zoom(self, zoom: float) -> None:
        self.zoom = max(0.25, min(zoom, 4.0))
        self._refresh()

    def _refresh(self) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.page_count = 0
        if not self._pdf:
            return
        dpi = self.logicalDpiX() or 96
        ratio = self.devicePixelRatioF() or 1.0
        images = render_pages(self._pdf, self.zoom * dpi / 72 * ratio)
        for image in images:
            label = QLabel()
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            label.setPixmap(pixmap)
            label.setStyleSheet("background: white;")
            self._layout.addWidget(label)
        self.page_count = len(images)
