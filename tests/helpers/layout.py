"""What a clerk would see cut on a screen: header titles wider than their section, combo boxes narrower than
their text, buttons and labels squeezed below their text. Used by tests/ui/test_screen_sizes.py and by the
screenshot program (tests/ui/make_screenshots.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHeaderView, QPushButton, QStyle, QStyleOptionComboBox, QTabBar, QWidget


def _visible(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0


def clipped_headers(root: QWidget) -> list[str]:
    """Every header section in view whose title (each line of it) is wider than the section can show."""
    problems = []
    for header in root.findChildren(QHeaderView):
        if not _visible(header) or header.model() is None:
            continue
        style = header.style()
        margin = 2 * style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        arrow = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header) + margin // 2
        metrics = header.fontMetrics()
        horizontal = header.orientation() == Qt.Orientation.Horizontal
        count = header.count()
        for logical in range(count):
            if header.isSectionHidden(logical):
                continue
            text = header.model().headerData(logical, header.orientation(), Qt.ItemDataRole.DisplayRole)
            if not text:
                continue
            lines = str(text).split("\n")
            need = max(metrics.horizontalAdvance(line) for line in lines) + margin
            if horizontal and header.isSortIndicatorShown() and header.sortIndicatorSection() == logical:
                need += arrow
            have = header.sectionSize(logical) if horizontal else header.width()
            if horizontal:
                pos = header.sectionViewportPosition(logical)
                if pos >= header.viewport().width() or pos + have <= 0:
                    continue  # scrolled out of view: reached with the scroll bar, not cut
            if need > have:
                problems.append(f"{_where(header)} 表头“{' '.join(lines)}”需要 {need}px，只有 {have}px")
    return problems


def clipped_controls(root: QWidget) -> list[str]:
    """Combo boxes that cannot show their current choice, buttons and tabs narrower than their text."""
    problems = []
    for combo in root.findChildren(QComboBox):
        if _visible(combo) and combo.currentText() and not combo.isEditable():
            option = QStyleOptionComboBox()
            combo.initStyleOption(option)
            field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                                 QStyle.SubControl.SC_ComboBoxEditField, combo)
            need = combo.fontMetrics().horizontalAdvance(combo.currentText())
            if need > field.width():
                problems.append(f"{_where(combo)} 下拉框“{combo.currentText()}”需要 {need}px，只有 {field.width()}px")
    for button in root.findChildren(QPushButton):
        if _visible(button) and button.text():
            need = button.fontMetrics().horizontalAdvance(button.text().replace("&", "")) + 8
            if need > button.width():
                problems.append(f"{_where(button)} 按钮“{button.text()}”需要 {need}px，只有 {button.width()}px")
    for bar in root.findChildren(QTabBar):
        if _visible(bar):
            for i in range(bar.count()):
                need = bar.fontMetrics().horizontalAdvance(bar.tabText(i))
                if need > bar.tabRect(i).width():
                    problems.append(f"{_where(bar)} 标签“{bar.tabText(i)}”被截断")
    return problems


def _where(widget: QWidget) -> str:
    names = []
    w: QWidget | None = widget
    while w is not None and len(names) < 4:
        names.append(type(w).__name__)
        w = w.parentWidget()
    return "/".join(reversed(names))
