"""Render the SVG application icon to PNG (and ICO for Windows) at build time with Qt."""

import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer


def render(svg: str, out: str, size: int) -> None:
    app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(svg)
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    if not image.save(out):
        raise SystemExit(f"cannot write {out}")
    del app


if __name__ == "__main__":
    render(sys.argv[1], sys.argv[2], int(sys.argv[3]))
