"""Tables as the clerk reads them: a QTableView set up for lazy models (fixed row height, row selection),
columns sized to their header and content, elided text with its whole value as the tooltip, and sort arrows
as Windows shows them (arrow up = ascending)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QProxyStyle,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionHeader,
    QTableView,
    QToolTip,
)

SAMPLE_ROWS = 60  # rows measured when sizing a column to its content (lazy tables: the first block only)
HEADER_PADDING = 28  # section margins and the sort arrow, in pixels at 100 %
CELL_PADDING = 16


class SortArrowStyle(QProxyStyle):
    """Qt draws an ascending sort as a downward arrow (the GTK/macOS habit); Windows Explorer, and so the
    clerk, reads an upward arrow as ascending. Every header arrow of the program is drawn the Windows way."""

    def drawPrimitive(self, element, option, painter, widget=None) -> None:
        if element == QStyle.PrimitiveElement.PE_IndicatorHeaderArrow and isinstance(option, QStyleOptionHeader):
            swapped = QStyleOptionHeader(option)
            if option.sortIndicator == QStyleOptionHeader.SortIndicator.SortUp:
                swapped.sortIndicator = QStyleOptionHeader.SortIndicator.SortDown
            elif option.sortIndicator == QStyleOptionHeader.SortIndicator.SortDown:
                swapped.sortIndicator = QStyleOptionHeader.SortIndicator.SortUp
            super().drawPrimitive(element, swapped, painter, widget)
            return
        super().drawPrimitive(element, option, painter, widget)


class ElidedToolTipDelegate(QStyledItemDelegate):
    """Cells draw elided text ("…"); hovering a cut cell shows its whole text."""

    def helpEvent(self, event, view, option, index) -> bool:
        if event is not None and event.type() == QEvent.Type.ToolTip and index.isValid():
            text = index.data(Qt.ItemDataRole.DisplayRole)
            tip = index.data(Qt.ItemDataRole.ToolTipRole)
            if tip and tip != text:
                QToolTip.showText(event.globalPos(), str(tip), view)
                return True
            if text and option.fontMetrics.horizontalAdvance(str(text)) + CELL_PADDING > option.rect.width():
                QToolTip.showText(event.globalPos(), str(text), view)
                return True
            QToolTip.hideText()
            return True
        return super().helpEvent(event, view, option, index)


def header_text_width(view: QTableView, section: int) -> int:
    """The width a horizontal header section needs to show its whole title and a sort arrow."""
    header = view.horizontalHeader()
    text = view.model().headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or ""
    lines = str(text).split("\n")
    return max(header.fontMetrics().horizontalAdvance(line) for line in lines) + HEADER_PADDING


def wrap_text(text: str, metrics, width: int) -> str:
    """``text`` broken into lines of at most ``width`` pixels (Chinese breaks between any two characters)."""
    lines, line = [], ""
    for ch in text:
        if line and metrics.horizontalAdvance(line + ch) > width:
            lines.append(line)
            line = ch
        else:
            line += ch
    return "\n".join([*lines, line])


def fit_columns(view: QTableView, *, stretch: int | None = None, maximum: int = 320,
                stretch_minimum: int = 160, elidable: tuple[int, ...] | None = None) -> None:
    """Size every column to its header and to the content of the first rows (at most ``maximum`` pixels:
    longer text is elided, with a tooltip); the ``stretch`` column takes the room that is left, at least
    ``stretch_minimum`` pixels. When the view is narrower than that, the ``elidable`` columns (default: all)
    give up their excess over their title (so at 1280 pixels every column stays in view, no title cut, and
    the columns that must be read whole — dates, deadlines — keep their width)."""
    model = view.model()
    if model is None:
        return
    metrics = view.fontMetrics()
    rows = min(model.rowCount(), SAMPLE_ROWS)
    natural: dict[int, tuple[int, int]] = {}  # column -> (title width, content width)
    for column in range(model.columnCount()):
        if view.isColumnHidden(column):
            continue
        title = header_text_width(view, column)
        width = title
        for row in range(rows):
            text = model.data(model.index(row, column, QModelIndex()), Qt.ItemDataRole.DisplayRole)
            if text:
                lines = str(text).split("\n")
                width = max(width, min(max(metrics.horizontalAdvance(line) for line in lines) + CELL_PADDING,
                                       maximum))
        natural[column] = (title, width)
    fitter = view.findChild(_ColumnFitter)
    if fitter is None:
        fitter = _ColumnFitter(view)
        view.viewport().installEventFilter(fitter)
    fitter.natural, fitter.stretch, fitter.stretch_minimum = natural, stretch, stretch_minimum
    fitter.elidable = tuple(natural) if elidable is None else elidable
    fitter.apply()


class _ColumnFitter(QObject):
    """Shares the view's width out again whenever the view is resized (see fit_columns)."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        self.natural: dict[int, tuple[int, int]] = {}
        self.stretch: int | None = None
        self.stretch_minimum = 160
        self.elidable: tuple[int, ...] = ()

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.apply()
        return False

    def apply(self) -> None:
        header = self.view.horizontalHeader()
        widths = {c: w for c, (_t, w) in self.natural.items() if c != self.stretch}
        if self.stretch is not None:
            header.setStretchLastSection(False)
            title = self.natural[self.stretch][0] if self.stretch in self.natural else 0
            available = self.view.viewport().width() - max(self.stretch_minimum, title)
            excess = sum(widths.values()) - available
            spare = {c: w - self.natural[c][0] for c, w in widths.items()
                     if w > self.natural[c][0] and c in self.elidable}
            if excess > 0 and spare:  # each column gives up its share of what it has beyond its title
                total = sum(spare.values())
                for c, room in spare.items():
                    widths[c] -= min(room, -(-excess * room // total))
            header.setMinimumSectionSize(min(header.minimumSectionSize(), 40))
            if available - sum(widths.values()) >= 0:
                header.setSectionResizeMode(self.stretch, QHeaderView.ResizeMode.Stretch)
            else:  # no room even so: the stretch column keeps its minimum and the table scrolls sideways
                header.setSectionResizeMode(self.stretch, QHeaderView.ResizeMode.Interactive)
                self.view.setColumnWidth(self.stretch, max(self.stretch_minimum, title))
        for column, width in widths.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.view.setColumnWidth(column, width)


def prepare_table(view: QTableView) -> None:
    """What every table of the program gets: elided text with tooltips, no wrapping inside a cell."""
    view.setItemDelegate(ElidedToolTipDelegate(view))
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setWordWrap(False)


class FastTableView(QTableView):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        prepare_table(self)
        vh = self.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # ResizeToContents costs minutes at 1M rows
        vh.setDefaultSectionSize(26)
        vh.setVisible(False)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setHighlightSections(False)

    def apply_column_widths(self) -> None:
        """The columns' declared widths, widened where the header's title would be cut."""
        model = self.model()
        for i, col in enumerate(getattr(model, "columns", [])):
            self.setColumnWidth(i, max(col.width, header_text_width(self, i)))

    def fit_when_loaded(self, *, stretch: str | None = None, elidable: tuple[str, ...] = (),
                        maximum: int = 240, stretch_minimum: int = 160) -> None:
        """Fit the columns (fit_columns) the first time the model has rows; columns named by their key in the
        model's ``columns`` (ui.widgets.lazy_table.Column)."""
        keys = [c.key for c in self.model().columns]  # type: ignore[attr-defined]  # a LazyTableModel
        stretch_index = keys.index(stretch) if stretch else None
        elidable_index = tuple(keys.index(k) for k in elidable)

        def loaded() -> None:
            if self.model().rowCount():
                self.model().modelReset.disconnect(loaded)
                fit_columns(self, stretch=stretch_index, maximum=maximum, elidable=elidable_index,
                            stretch_minimum=stretch_minimum)

        self.model().modelReset.connect(loaded)
