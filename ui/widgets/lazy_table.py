"""A table model for very large lists: ids come from SQL page by page, rows are fetched by block on view."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor


@dataclass
class Column:
    key: str
    title: str
    width: int = 120
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    format: Callable[[Any], str] | None = None


class RowSource(Protocol):
    """What the model needs from a service: all filters and the sort are already inside it."""

    def count(self) -> int: ...

    def ids(self, offset: int, limit: int) -> list[int]: ...

    def rows(self, ids: list[int]) -> dict[int, dict]: ...


URGENCY_COLOURS = {
    "overdue": QColor("#fde2e1"),
    "today": QColor("#ffe8cc"),
    "soon": QColor("#fff6d5"),
    "provisional": QColor("#eef3ff"),
    "done": None,
}


class LazyTableModel(QAbstractTableModel):
    """Holds only the ordered ids it has seen and a bounded cache of row blocks."""

    ID_PAGE = 5000
    BLOCK = 200
    MAX_BLOCKS = 100

    def __init__(self, columns: list[Column], source: RowSource | None = None,
                 row_style: Callable[[dict], str | None] | None = None, parent=None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.source = source
        self.row_style = row_style
        self._count = 0
        self._id_pages: dict[int, list[int]] = {}
        self._blocks: OrderedDict[int, dict[int, dict]] = OrderedDict()
        self.fetches = 0  # how many row blocks were fetched (for tests and benchmarks)
        if source is not None:
            self.set_source(source)

    # -- source ---------------------------------------------------------------------------------
    def set_source(self, source: RowSource) -> None:
        self.beginResetModel()
        self.source = source
        self._count = source.count()
        self._id_pages.clear()
        self._blocks.clear()
        self.endResetModel()

    def reload(self) -> None:
        if self.source is not None:
            self.set_source(self.source)

    def invalidate_rows(self) -> None:
        """Row contents changed but not the list: drop cached blocks and repaint."""
        self._blocks.clear()
        if self._count:
            self.dataChanged.emit(self.index(0, 0), self.index(self._count - 1, len(self.columns) - 1))

    # -- ids and rows ---------------------------------------------------------------------------
    def id_at(self, row: int) -> int | None:
        if row < 0 or row >= self._count or self.source is None:
            return None
        page = row // self.ID_PAGE
        ids = self._id_pages.get(page)
        if ids is None:
            ids = self.source.ids(page * self.ID_PAGE, self.ID_PAGE)
            self._id_pages[page] = ids
        offset = row - page * self.ID_PAGE
        return ids[offset] if offset < len(ids) else None

    def row_at(self, row: int) -> dict | None:
        if row < 0 or row >= self._count or self.source is None:
            return None
        block_no = row // self.BLOCK
        block = self._blocks.get(block_no)
        if block is None:
            start = block_no * self.BLOCK
            ids = [i for i in (self.id_at(r) for r in range(start, min(start + self.BLOCK, self._count))) if i is not None]
            block = self.source.rows(ids)
            self.fetches += 1
            self._blocks[block_no] = block
            while len(self._blocks) > self.MAX_BLOCKS:
                self._blocks.popitem(last=False)
        else:
            self._blocks.move_to_end(block_no)
        rid = self.id_at(row)
        return block.get(rid) if rid is not None else None

    # -- Qt model API ---------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole,
                        Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.UserRole):
            return None
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(col.align)
        row = self.row_at(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.UserRole:
            return row
        if role == Qt.ItemDataRole.BackgroundRole:
            if self.row_style is None:
                return None
            colour = URGENCY_COLOURS.get(self.row_style(row) or "")
            return QBrush(colour) if colour is not None else None
        value = row.get(col.key)
        if value is None:
            return ""
        text = col.format(value) if col.format else str(value)
        return text


class ListSource:
    """A RowSource over a list of dicts already in memory (small lists, tests)."""

    def __init__(self, rows: list[dict], key: str = "id") -> None:
        self._rows = rows
        self._by_id = {r[key]: r for r in rows}
        self._ids = [r[key] for r in rows]

    def count(self) -> int:
        return len(self._ids)

    def ids(self, offset: int, limit: int) -> list[int]:
        return self._ids[offset:offset + limit]

    def rows(self, ids: list[int]) -> dict[int, dict]:
        return {i: self._by_id[i] for i in ids if i in self._by_id}
