"""Documents: images of every kind become pages, Office files need LibreOffice (said plainly), bad files are
refused; long documents report progress and can be cancelled between pages."""

from __future__ import annotations

import io

import pytest

from app.core.jobs import NullProgress
from app.errors import Cancelled, ValidationError
from app.redaction import document
from app.redaction.burn import burn
from app.redaction.scan import read_pages, scan
from tests.helpers.redaction import page_images, text_pdf


def test_a_multi_frame_tiff_is_one_page_per_frame_at_its_resolution():
    frames = page_images(text_pdf([["第一页"], ["第二页"]]), 150)
    out = io.BytesIO()
    frames[0].save(out, "TIFF", save_all=True, append_images=frames[1:], dpi=(150, 150))
    pages = read_pages(document.as_pdf(out.getvalue(), "扫描.tif"), "扫描.tif", ocr="never")
    assert len(pages) == 2
    assert pages[0].width == pytest.approx(595, abs=1) and pages[0].height == pytest.approx(320, abs=1)


def test_office_files_need_libreoffice_and_say_so(monkeypatch):
    monkeypatch.setattr(document.shutil, "which", lambda name: None)
    with pytest.raises(document.OfficeConverterMissing, match="需要先安装 LibreOffice"):
        scan(b"PK\x03\x04", "名单.docx")


def test_unknown_and_damaged_files_are_refused():
    with pytest.raises(ValidationError, match="不支持的文件类型"):
        scan(b"data", "名单.zip")
    with pytest.raises(ValidationError, match="损坏"):
        scan(b"%PDF-1.7 broken", "名单.pdf")
    with pytest.raises(ValidationError, match="无法读取图片"):
        scan(b"not a png", "名单.png")


class Recorder(NullProgress):
    def __init__(self, stop_after: int | None = None) -> None:
        self.updates: list[tuple[int, int | None, str | None]] = []
        self.stop_after = stop_after

    @property
    def cancelled(self) -> bool:  # type: ignore[override]
        return self.stop_after is not None and len(self.updates) >= self.stop_after

    def update(self, done, total=None, text=None) -> None:
        self.updates.append((done, total, text))


def test_progress_per_page_and_cancel_between_pages():
    pdf = text_pdf([[f"第{i}页 电话 13812345678"] for i in range(1, 6)])
    progress = Recorder()
    result = scan(pdf, "五页.pdf", progress=progress)
    assert len(result.findings) == 5
    assert [u[0] for u in progress.updates] == [0, 1, 2, 3, 4, 5] and progress.updates[0][1] == 5
    with pytest.raises(Cancelled):
        scan(pdf, "五页.pdf", progress=Recorder(stop_after=2))
    with pytest.raises(Cancelled):
        burn(pdf, "五页.pdf", result.findings, progress=Recorder(stop_after=3))
