"""The 区分处理 screen: the redaction studio (open a document, proposed boxes, move/add/remove, grounds,
burn and keep) and the review queue of the privacy scan of catalogue attachments."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.redaction.detectors import KIND_LABELS
from app.redaction.scan import Finding, ScanResult, rows_of_box
from ui.redaction.canvas import SCALE, PageCanvas
from ui.widgets.screen import Screen

FILE_FILTER = "可处理的文件 (*.pdf *.jpg *.jpeg *.png *.tif *.tiff *.bmp *.doc *.docx *.wps *.odt *.xls *.xlsx)"




def _choice(code: str, item_id: int | None) -> str:
    """A ground as combo-box data: the category code and the negative-list item, if any."""
    return f"{code}|{item_id or ''}"


class StudioTab(QWidget):
    """Open a document, review the proposed boxes, keep a verified redacted copy."""

    def __init__(self, screen: RedactionScreen) -> None:
        super().__init__(screen)
        self.owner = screen
        self.ctx = screen.ctx
        self.data: bytes | None = None
        self.filename = ""
        self.result: ScanResult | None = None
        self.queue_scan_id: int | None = None  # set when the document is a catalogue attachment from the queue
        self.saved_pdf: bytes | None = None

        bar = QHBoxLayout()
        self.open_button = QPushButton("打开文件…")
        self.open_button.clicked.connect(lambda: self.open_file())
        self.draw_button = QPushButton("添加遮盖框")
        self.draw_button.setCheckable(True)
        self.draw_button.toggled.connect(self._draw_toggled)
        self.remove_button = QPushButton("删除选中框")
        self.remove_button.clicked.connect(self.remove_selected)
        self.application = QLineEdit()
        self.application.setPlaceholderText("关联申请编号（可选）")
        self.application.setMaximumWidth(200)
        self.save_button = QPushButton("生成区分处理文件")
        self.save_button.clicked.connect(lambda: self.save())
        self.status = QLabel("请打开需要区分处理的 PDF、扫描件或图片。")
        for w in (self.open_button, self.draw_button, self.remove_button):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(QLabel("申请编号"))
        bar.addWidget(self.application)
        bar.addWidget(self.save_button)

        self.canvas = PageCanvas()
        self.canvas.boxes_changed.connect(self.refresh_table)
        self.canvas.box_selected.connect(self._select_row)
        self.canvas.new_box_drawn.connect(self.add_manual_box)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["位置", "类别", "内容", "依据"])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.itemSelectionChanged.connect(self._row_selected)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.canvas)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([780, 520])

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)
        self._set_enabled(False)

    # -- state ---------------------------------------------------------------------------------------
    def findings(self) -> list[Finding]:
        out = [item.finding for item in self.canvas.items_by_finding.values()]
        out.sort(key=lambda f: (f.page, -f.box[3], f.box[0]))
        return out

    def _set_enabled(self, loaded: bool) -> None:
        for w in (self.draw_button, self.remove_button, self.save_button, self.application):
            w.setEnabled(loaded)

    # -- opening and scanning ------------------------------------------------------------------------
    def open_file(self, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "打开需要区分处理的文件", "", FILE_FILTER)
            if not path:
                return
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            from app.errors import UserError

            self.ctx.show_error(UserError(f"无法读取文件“{path}”：{exc.strerror or exc}。"))
            return
        self.load(data, Path(path).name)

    def load(self, data: bytes, filename: str, *, queue_scan_id: int | None = None) -> None:
        """Show a document and propose boxes (the scan runs as a job with progress and cancel)."""
        from app.redaction.scan import scan
        from app.redaction.terms import terms_in_force

        with self.ctx.read_session() as s:
            terms = terms_in_force(s)
        self.queue_scan_id = queue_scan_id
        self.status.setText(f"正在查找“{filename}”中的个人信息…")
        self.ctx.jobs.run(lambda progress: (data, filename, scan(data, filename, terms=terms, progress=progress)),
                          title=f"正在识别“{filename}”…", read_only=True, on_done=self._scanned)

    def _scanned(self, outcome: tuple[bytes, str, ScanResult]) -> None:
        from app.redaction.document import as_pdf
        from ui.widgets.pdf_view import render_pages

        data, filename, result = outcome
        self.data, self.filename, self.result, self.saved_pdf = data, filename, result, None
        images = render_pages(as_pdf(data, filename), SCALE * 2)
        self.canvas.set_pages(images, [(p.width, p.height) for p in result.pages])
        self.canvas.set_boxes(result.findings)
        ocr_pages = sum(1 for p in result.pages if p.source == "ocr")
        how = f"（其中 {ocr_pages} 页为扫描件，已识别文字）" if ocr_pages else ""
        self.status.setText(f"“{filename}”共 {len(result.pages)} 页{how}，建议遮盖 {len(result.findings)} 处。"
                            "可拖动调整、添加或删除遮盖框，并为每处选择依据。")
        self._set_enabled(True)
        self.refresh_table()

    # -- the table of boxes --------------------------------------------------------------------------
    def refresh_table(self) -> None:
        findings = self.findings()
        self.table.blockSignals(True)
        self.table.setRowCount(len(findings))
        from app.redaction.grounds import ground_choices

        with self.ctx.read_session() as s:
            grounds = ground_choices(s)
        for row, f in enumerate(findings):
            where = f"第{f.page}页" + (f"第{f.rows[0]}行" if f.rows else "")
            self.table.setItem(row, 0, QTableWidgetItem(where))
            self.table.setItem(row, 1, QTableWidgetItem(KIND_LABELS.get(f.kind, f.kind)))
            self.table.setItem(row, 2, QTableWidgetItem(f.text))
            combo = QComboBox()
            for code, label, item_id in grounds:
                combo.addItem(label, _choice(code, item_id))
            combo.setCurrentIndex(max(0, combo.findData(_choice(f.ground, f.item_id))))
            combo.currentIndexChanged.connect(lambda _i, f=f, c=combo: self._set_ground(f, c.currentData()))
            self.table.setCellWidget(row, 3, combo)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(1)
        self.table.setColumnWidth(3, 170)
        self.table.blockSignals(False)

    @staticmethod
    def _set_ground(f: Finding, choice: str) -> None:
        code, _, item = choice.partition("|")
        f.ground, f.item_id = code, int(item) if item else None

    def _row_selected(self) -> None:
        rows = {i.row() for i in self.table.selectedItems()}
        findings = self.findings()
        if rows:
            self.canvas.select(findings[min(rows)])

    def _select_row(self, finding: Finding | None) -> None:
        if finding is None:
            return
        for row, f in enumerate(self.findings()):
            if f is finding:
                self.table.blockSignals(True)
                self.table.selectRow(row)
                self.table.blockSignals(False)

    # -- editing -------------------------------------------------------------------------------------
    def _draw_toggled(self, on: bool) -> None:
        self.canvas.draw_mode = on
        self.canvas.setCursor(Qt.CursorShape.CrossCursor if on else Qt.CursorShape.ArrowCursor)

    def add_manual_box(self, page: int, box: tuple[float, float, float, float]) -> None:
        rows = rows_of_box(self.result.pages[page - 1], box) if self.result else None
        f = Finding(page=page, kind="manual", text="", box=box, row=rows[0] if rows else None, rows=rows,
                    ground="personal_privacy", source="manual")
        self.canvas.add_box(f)
        self.refresh_table()

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedItems()})
        findings = self.findings()
        for row in rows:
            self.canvas.remove_box(findings[row])
        self.refresh_table()

    # -- keeping the redacted copy -------------------------------------------------------------------
    def save(self, target: str | None = None) -> None:
        """Burn, verify and keep the record (audited); then offer to save the copy as a file."""
        if self.data is None:
            return
        findings = self.findings()
        for f in findings:  # a moved box may now span other lines: name what it covers now
            if f.source == "manual" or f.rows is None:
                continue
            page = self.result.pages[f.page - 1] if self.result else None
            if page is not None:
                f.rows = rows_of_box(page, f.box) or f.rows
        data, filename, serial, scan_id = self.data, self.filename, self.application.text().strip(), self.queue_scan_id
        ctx = self.ctx

        def work(progress):
            from app.redaction.catalogue_scan import redact_attachment
            from app.redaction.records import create_record, redacted_bytes

            with ctx.session() as s:
                if scan_id is not None:
                    record = redact_attachment(s, scan_id, findings, progress=progress)
                else:
                    application_id = None
                    if serial:
                        from app.register import get_by_serial

                        application_id = get_by_serial(s, serial).id
                    record = create_record(s, filename, data, findings, application_id=application_id,
                                           progress=progress)
                return record, redacted_bytes(s, record.id)

        def done(outcome) -> None:
            record, pdf = outcome
            self.saved_pdf = pdf
            self.status.setText(f"已生成并复核区分处理后的文件（记录 {record.id}，{record.pages} 页，遮盖 {record.boxes} 处）。"
                                "原件已保留。")
            ctx.changed("redaction")
            if scan_id is not None:
                ctx.changed("catalogue")
            path = target
            if path is None:
                path, _ = QFileDialog.getSaveFileName(self, "保存区分处理后的文件",
                                                      f"{Path(filename).stem}（区分处理后）.pdf", "PDF 文件 (*.pdf)")
            if path:
                Path(path).write_bytes(pdf)

        ctx.jobs.run(work, title="正在生成区分处理文件并复核…", on_done=done)


class QueueTab(QWidget):
    """Catalogue attachments waiting for the privacy review."""

    COLUMNS = ["索引号", "信息名称", "附件", "状态", "发现"]

    def __init__(self, screen: RedactionScreen) -> None:
        super().__init__(screen)
        self.owner = screen
        self.ctx = screen.ctx
        self.entries: list = []
        bar = QHBoxLayout()
        self.scan_button = QPushButton("扫描未检查的附件")
        self.scan_button.clicked.connect(self.scan_all)
        self.open_button = QPushButton("打开并区分处理")
        self.open_button.clicked.connect(self.open_selected)
        self.clear_button = QPushButton("确认可以公开")
        self.clear_button.clicked.connect(lambda: self.clear_selected())
        self.summary = QLabel()
        for w in (self.scan_button, self.open_button, self.clear_button):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.summary)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        from app.redaction.catalogue_scan import counts, review_queue

        with self.ctx.read_session() as s:
            self.entries = review_queue(s)
            waiting, unscanned = counts(s)
        self.summary.setText(f"待审核 {waiting} 个附件，未扫描 {unscanned} 个")
        self.table.setRowCount(len(self.entries))
        for row, e in enumerate(self.entries):
            for col, value in enumerate([e.index_number, e.title, e.filename, e.status_label, e.summary or e.message]):
                self.table.setItem(row, col, QTableWidgetItem(value or ""))

    def _selected(self):
        rows = {i.row() for i in self.table.selectedItems()}
        return self.entries[min(rows)] if rows else None

    def scan_all(self) -> None:
        from app.redaction.catalogue_scan import scan_catalogue

        ctx = self.ctx

        def work(progress):
            with ctx.session() as s:
                return len(scan_catalogue(s, progress=progress))

        def done(_count: int) -> None:
            self.refresh()
            ctx.changed("redaction")

        ctx.jobs.run(work, title="正在扫描公开目录附件…", on_done=done)

    def clear_selected(self, confirm: bool = True) -> None:
        entry = self._selected()
        if entry is None:
            return
        if confirm and QMessageBox.question(self, "确认可以公开", f"确认“{entry.filename}”中的内容可以公开？") \
                != QMessageBox.StandardButton.Yes:
            return
        from app.redaction.catalogue_scan import clear_scan

        try:
            with self.ctx.session() as s:
                clear_scan(s, entry.scan_id)
        except Exception as exc:  # a UserError is shown as a message; anything else as a bug
            self.ctx.show_error(exc)
            return
        self.refresh()
        self.ctx.changed("redaction")

    def open_selected(self) -> None:
        entry = self._selected()
        if entry is None:
            return
        from app.redaction.catalogue_scan import queued_file

        with self.ctx.read_session() as s:
            filename, data = queued_file(s, entry.scan_id)
        self.owner.tabs.setCurrentIndex(0)
        self.owner.studio.load(data, filename, queue_scan_id=entry.scan_id)


class RedactionScreen(Screen):
    title = "区分处理"

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.tabs = QTabWidget()
        self.studio = StudioTab(self)
        self.queue = QueueTab(self)
        self.tabs.addTab(self.studio, "区分处理")
        self.tabs.addTab(self.queue, "公开前隐私检查")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.tabs)

    def refresh(self) -> None:
        self.queue.refresh()

    def apply_filter_key(self, key: str) -> None:
        if key not in ("privacy_queue", "privacy_unscanned"):
            raise KeyError(f"the {self.title} screen has no filter {key!r}")
        self.tabs.setCurrentIndex(1)
        self.queue.refresh()
