"""载入上年报告: keep the report published last year (its workbook, or its figures typed in) as the
carry-in reference of the year shown (docs/spec/annual-report.md sections 6.1 and 7)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
)

from app.reports import labels as L


def _spin() -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, 1_000_000)
    return box


class TypedReferenceDialog(QDialog):
    """The 结转下年度继续办理 row and the 现行有效件数 of last year's report, typed from the paper copy."""

    def __init__(self, year: int, parent=None) -> None:
        super().__init__(parent)
        self.year = year
        self.setWindowTitle(f"手工录入{year}年度已发布报告的结转数")
        self.carried_out = {col: _spin() for col in L.COLUMNS}
        grid = QGridLayout()
        for i, col in enumerate(L.COLUMNS):
            grid.addWidget(QLabel(L.COLUMN_LABELS[col]), 0, i)
            grid.addWidget(self.carried_out[col], 1, i)
        self.regulations = _spin()
        self.normative = _spin()
        self.regulations.setSpecialValueText("（不填）")
        self.normative.setSpecialValueText("（不填）")
        self.regulations.setRange(-1, 1_000_000)
        self.normative.setRange(-1, 1_000_000)
        self.regulations.setValue(-1)
        self.normative.setValue(-1)
        form = QFormLayout()
        form.addRow("表二 规章 现行有效件数：", self.regulations)
        form.addRow("表二 行政规范性文件 现行有效件数：", self.normative)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{year}年度报告表三“{L.ROW_CARRIED_OUT_LABEL}”一行（总计须等于六类之和）："))
        layout.addLayout(grid)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def snapshot(self) -> dict:
        from app.reports.reference import snapshot_typed

        in_force = {key: box.value() for key, box in (("regulations.in_force", self.regulations),
                                                       ("normative_documents.in_force", self.normative))
                    if box.value() >= 0}
        return snapshot_typed(self.year, [self.carried_out[c].value() for c in L.COLUMNS], in_force)
