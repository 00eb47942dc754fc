"""出具文书 dialog: pick the kind, fill what is missing, preview the PDF, issue, print at 100 %, save, batch print."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QMarginsF, QTimer
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.letters.kinds import KIND_LABELS
from ui.widgets.pdf_view import PdfView, render_pages

if TYPE_CHECKING:
    from app.letters import IssuedLetterInfo
    from ui.context import UiContext


def print_pdf(pdf: bytes, printer: QPrinter) -> None:
    """Print at 100 %: the page is drawn at the paper's own size from its corner, never fitted to the margins."""
    printer.setFullPage(True)
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                      QMarginsF(0, 0, 0, 0)))
    dpi = printer.resolution()
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("printer not ready")
    try:
        for index, image in enumerate(render_pages(pdf, dpi / 72)):
            if index:
                printer.newPage()
            painter.drawImage(0, 0, image)  # 1 image pixel = 1 printer dot: 100 % scale
    finally:
        painter.end()


class LettersDialog(QDialog):
    """Letters of one application. The register screen opens it with the application id."""

    def __init__(self, ctx: UiContext, application_id: int, parent: QWidget | None = None, *,
                 kind: str | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.application_id = application_id
        self.setWindowTitle("出具文书")
        self.resize(980, 900)
        self._printer: QPrinter | None = None  # keep a reference: a collected QPrinter crashes Qt (stack-notes)
        self._pdf: bytes | None = None
        self._issued: IssuedLetterInfo | None = None
        self._inputs: dict[str, QLineEdit] = {}

        from app.letters.availability import available_kinds

        with ctx.read_session() as s:
            choices = available_kinds(s, application_id)
        self.kind_box = QComboBox()
        for choice in choices:  # only the letters the case's state allows (receipt is always among them)
            self.kind_box.addItem(choice.label + ("（已出具）" if choice.issued else ""), choice.kind)
        # The kind asked for when the case allows it; else 答复书 once the case is closed, 接收回执 before.
        index = self.kind_box.findData(kind)
        self.kind_box.setCurrentIndex(index if index >= 0 else max(self.kind_box.findData("reply"), 0))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.form = QFormLayout()
        self.view = PdfView()
        self.issue_button = QPushButton("出具并编号")
        self.correct_button = QPushButton("出具更正版本…")
        self.print_button = QPushButton("打印（100%）…")
        self.save_button = QPushButton("另存为PDF…")
        close = QPushButton("关闭")

        top = QHBoxLayout()
        top.addWidget(QLabel("文书种类："))
        top.addWidget(self.kind_box, 1)
        buttons = QHBoxLayout()
        for b in (self.issue_button, self.correct_button, self.print_button, self.save_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addLayout(self.form)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

        self._timer = QTimer(self, singleShot=True, interval=400)
        self._timer.timeout.connect(self.refresh)
        self.kind_box.currentIndexChanged.connect(self._kind_changed)
        self.issue_button.clicked.connect(self.issue)
        self.correct_button.clicked.connect(self.correct)
        self.print_button.clicked.connect(self.print_letter)
        self.save_button.clicked.connect(self.save_pdf)
        close.clicked.connect(self.accept)
        self.refresh()

    @property
    def kind(self) -> str:
        return self.kind_box.currentData()

    def extra(self) -> dict:
        return {name: edit.text().strip() for name, edit in self._inputs.items() if edit.text().strip()}

    def _kind_changed(self) -> None:
        self._clear_inputs()
        self.refresh()

    def _clear_inputs(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self._inputs.clear()

    def refresh(self) -> None:
        """Show the issued letter's stored bytes, or a live preview with inputs for what is still missing."""
        from app import letters

        try:
            with self.ctx.read_session() as s:
                self._issued = letters.current_letter(s, self.application_id, self.kind)
                notes: list[str] = []
                if self._issued is not None:
                    self._pdf = letters.reprint(s, self._issued.id)
                    missing, problems = [], []
                else:
                    preview = letters.preview_letter(s, self.application_id, self.kind, extra=self.extra())
                    self._pdf, missing, problems = preview.pdf, preview.missing, preview.problems
                    notes = problems + [f"注意：{w}" for w in preview.warnings]
        except Exception as exc:
            self._pdf = None
            self.view.set_pdf(None)
            self.status.setText("无法生成预览。")
            self._update_buttons()
            self.ctx.show_error(exc)
            return
        for name, label in missing:
            if name not in self._inputs:
                edit = QLineEdit()
                edit.setObjectName(f"field_{name}")
                edit.textEdited.connect(lambda _t: self._timer.start())
                self._inputs[name] = edit
                self.form.addRow(f"{label}：", edit)
        if self._issued is not None:
            self.status.setText(f"已出具：{self._issued.doc_number}（第{self._issued.version}版，"
                                f"{self._issued.issued_by}，{self._issued.issued_at:%Y-%m-%d %H:%M}）。打印与另存为均为存档原件。")
        elif problems:
            self.status.setText("\n".join(["预览（未编号）。以下问题解决前不能出具：", *notes]))
        elif missing:
            self.status.setText("\n".join(["预览（未编号）。请填写下列内容后再出具：", *notes]))
        else:
            self.status.setText("\n".join(["预览（未编号）。核对无误后点“出具并编号”。", *notes]))
        self.view.set_pdf(self._pdf)
        self._update_buttons(bool(missing) or bool(problems))

    def _update_buttons(self, missing: bool = False) -> None:
        issued = self._issued is not None
        self.issue_button.setEnabled(not issued and self._pdf is not None and not missing)
        self.correct_button.setEnabled(issued)
        self.print_button.setEnabled(self._pdf is not None)
        self.save_button.setEnabled(self._pdf is not None)

    def issue(self, *, corrects: int | None = None, reason: str | None = None) -> None:
        from app import letters

        try:
            with self.ctx.session() as s:
                info = letters.issue_letter(s, self.application_id, self.kind, extra=self.extra(),
                                            corrects=corrects, reason=reason)
        except Exception as exc:
            self.ctx.show_error(exc)
            return
        self.ctx.changed("letters")
        self._clear_inputs()
        self.refresh()
        self.status.setText(f"已出具：{info.doc_number}。")

    def correct(self) -> None:
        if self._issued is None:
            return
        reason, ok = QInputDialog.getText(self, "出具更正版本", "更正原因：")
        if ok:
            self.issue(corrects=self._issued.id, reason=reason)

    def save_pdf(self, path: str | None = None) -> None:
        if self._pdf is None:
            return
        if not path:
            name = ((self._issued.doc_number if self._issued else None) or KIND_LABELS[self.kind]) + ".pdf"
            path, _ = QFileDialog.getSaveFileName(self, "另存为PDF", name, "PDF 文件 (*.pdf)")
        if path:
            try:
                with open(path, "wb") as fh:
                    fh.write(self._pdf)
            except OSError as exc:
                QMessageBox.warning(self, "提示", f"无法写入文件“{path}”：{exc.strerror or exc}。")

    def print_letter(self) -> None:
        if self._pdf is None:
            return
        if self._issued is None and QMessageBox.question(
                self, "打印预览稿", "该文书尚未出具（无文号）。仍要打印预览稿吗？") != QMessageBox.StandardButton.Yes:
            return
        self._printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(self._printer, self).exec() == QDialog.DialogCode.Accepted:
            print_pdf(self._pdf, self._printer)


def print_batch(ctx: UiContext, application_ids: list[int], kind: str, parent: QWidget | None = None) -> None:
    """Issue (or reuse) one letter per application off the UI thread with progress, then print them all."""
    from app import letters

    holder: dict = {}

    def work(progress):
        with ctx.session() as s:
            result = letters.issue_batch(s, application_ids, kind, progress=progress)
        with ctx.read_session() as s:
            pdf = letters.batch_pdf(s, [i.id for i in result.reused + result.issued])
        return result, pdf

    def done(value) -> None:
        result, pdf = value
        ctx.changed("letters")
        if result.failed:
            QMessageBox.warning(parent, "提示", f"有 {len(result.failed)} 份文书未能出具：\n"
                                + "\n".join(msg for _id, msg in result.failed[:10]))
        if not result.issued and not result.reused:
            return
        holder["printer"] = printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if parent is not None:
            parent._batch_printer = printer  # type: ignore[attr-defined]  # keeps the printer alive while Qt uses it
        if QPrintDialog(printer, parent).exec() == QDialog.DialogCode.Accepted:
            print_pdf(pdf, printer)

    ctx.jobs.run(work, title=f"正在生成{KIND_LABELS[kind]}…", on_done=done, cancellable=True)
