"""A QTableView set up for lazy models: fixed row height, no resize-to-contents, row selection."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


class FastTableView(QTableView):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        vh = self.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # ResizeToContents costs minutes at 1M rows
        vh.setDefaultSectionSize(26)
        vh.setVisible(False)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setHighlightSections(False)

    def apply_column_widths(self) -> None:
        model = self.model()
        for i, col in enumerate(getattr(model, "columns", [])):
            self.setColumnWidth(i, col.width)
