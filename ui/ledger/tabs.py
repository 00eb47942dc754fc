"""Tabs of the 工作台账 screen: 任务, 活动记录 and 网站栏目 lists with filters and editors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import ledger
from ui.ledger.dialogs import (
    ActivityDialog,
    AttachmentsDialog,
    ColumnDialog,
    CompleteDialog,
    TaskDialog,
)
from ui.widgets.lazy_table import URGENCY_COLOURS, Column, LazyTableModel
from ui.widgets.table_view import FastTableView

if TYPE_CHECKING:
    from app.ledger.columns import ColumnInfo
    from ui.context import UiContext

SOON_DAYS = 7


def _own_office(session) -> int | None:
    """The own office's id (the lists show its ledger), None before the profile exists."""
    from app.core.profile import OwnOfficeMissing, own_office_id

    try:
        return own_office_id(session)
    except OwnOfficeMissing:
        return None


def _d(value) -> str:
    return value.isoformat() if isinstance(value, dt.date) else (value or "")


class LedgerWriter:
    """Mixin of the ledger tabs (needs ``self.ctx`` and ``self.refresh``): one way to write and report errors."""

    ctx: UiContext
    refresh: Callable[[], None]

    def _guard(self, fn) -> None:
        try:
            fn()
        except Exception as exc:
            self.ctx.show_error(exc)

    def write(self, fn, *args, **kw):
        """Run the service ``fn(session, *args, **kw)`` in one write session, then announce and reload."""
        with self.ctx.session() as s:
            result = fn(s, *args, **kw)
        self.ctx.changed("ledger")
        self.refresh()
        return result


class _ServiceSource:
    """RowSource over a ledger id query: the ordered ids are read once per filter change."""

    def __init__(self, ctx: UiContext, ids_fn, rows_fn, to_row) -> None:
        self.ctx, self.rows_fn, self.to_row = ctx, rows_fn, to_row
        with ctx.read_session() as s:
            self._ids = ids_fn(s)

    def count(self) -> int:
        return len(self._ids)

    def ids(self, offset: int, limit: int) -> list[int]:
        return self._ids[offset:offset + limit]

    def rows(self, ids: list[int]) -> dict[int, dict]:
        with self.ctx.read_session() as s:
            return {info.id: self.to_row(info) for info in self.rows_fn(s, ids)}


class _ListTab(LedgerWriter, QWidget):
    stretch_column: str  # the column that takes the room left (ui.widgets.table_view.fit_columns)
    elidable_columns: tuple[str, ...] = ()
    """Filter bar + lazy table + action buttons; subclasses define filters, columns and actions."""

    columns: list[Column] = []

    def __init__(self, ctx: UiContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.filters = QHBoxLayout()
        layout.addLayout(self.filters)
        self.model = LazyTableModel(self.columns, row_style=self.row_style)
        self.view = FastTableView()
        self.view.setModel(self.model)
        self.view.apply_column_widths()
        self.view.fit_when_loaded(stretch=self.stretch_column, elidable=self.elidable_columns)
        self.view.doubleClicked.connect(lambda _i: self.edit())
        layout.addWidget(self.view, 1)
        self.action_row = QHBoxLayout()  # (not `actions`: that is QWidget.actions())
        self.count_label = QLabel()
        self.action_row.addWidget(self.count_label)
        self.action_row.addStretch(1)
        layout.addLayout(self.action_row)

    def button(self, text: str, slot) -> QPushButton:
        b = QPushButton(text)
        b.clicked.connect(lambda _=False: self._guard(slot))
        self.action_row.addWidget(b)
        return b

    def selected(self) -> dict | None:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        return self.model.row_at(rows[0].row()) if rows else None

    def year_combo(self) -> QComboBox:
        box = QComboBox()
        box.addItem("全部年度", None)
        for year in range(dt.date.today().year + 1, 2019, -1):
            box.addItem(f"{year}年", year)
        return box

    def row_style(self, row: dict) -> str | None:
        return row.get("_style")

    def refresh(self) -> None:
        raise NotImplementedError

    def edit(self) -> None:
        """Open the editor of the selected row."""


class TasksTab(_ListTab):
    stretch_column = "requirement"
    elidable_columns = ("source_document", "responsible_unit", "attachments_text")
    columns = [Column("status_label", "状态", 70), Column("due_on", "完成时限", 95, format=_d),
               Column("cadence_label", "周期", 60), Column("requirement", "任务要求", 320),
               Column("source_document", "任务来源", 220), Column("responsible_unit", "责任单位", 120),
               Column("responsible_person", "责任人", 70), Column("completed_on", "完成日期", 95, format=_d),
               Column("attachments_text", "佐证材料", 80)]
    STATUS_FILTERS = [("未完成", "open"), ("已逾期", "overdue"), ("7日内到期", "due_soon"), ("未开始", "not_started"),
                      ("进行中", "in_progress"), ("已完成", "done"), ("全部", None)]

    def __init__(self, ctx: UiContext, parent=None) -> None:
        super().__init__(ctx, parent)
        self.status = QComboBox()
        for label, key in self.STATUS_FILTERS:
            self.status.addItem(label, key)
        self.year = self.year_combo()
        self.search = QLineEdit(placeholderText="查找任务来源、要求、责任单位或责任人")
        for w in (QLabel("状态"), self.status, QLabel("年度"), self.year, self.search):
            self.filters.addWidget(w)
        self.status.currentIndexChanged.connect(self.refresh)
        self.year.currentIndexChanged.connect(self.refresh)
        self.search.returnPressed.connect(self.refresh)
        self.button("新增任务", self.add)
        self.button("编辑", self.edit)
        self.button("开始办理", self.start)
        self.button("办结", self.complete)
        self.button("添加佐证材料", self.attach)
        self.button("查看佐证材料…", self.show_attachments)
        self.button("删除", self.delete)

    def _to_row(self, t) -> dict:
        style = None
        if t.status == "overdue":
            style = "overdue"
        elif t.status != "done" and t.due_on and t.due_on <= dt.date.today() + dt.timedelta(days=SOON_DAYS):
            style = "soon"
        return {**t.__dict__, "_style": style, "attachments_text": f"{len(t.attachments)} 个" if t.attachments else ""}

    def refresh(self) -> None:
        key = self.status.currentData()
        filters = {"year": self.year.currentData(), "text": self.search.text() or None}
        with self.ctx.read_session() as s:
            filters["office_id"] = _own_office(s)
        if key == "due_soon":
            filters["due_within"] = SOON_DAYS
        else:
            filters["status"] = key

        def rows(s, ids):
            return [ledger.get_task(s, i) for i in ids]

        self.model.set_source(_ServiceSource(self.ctx, lambda s: ledger.task_ids(s, **filters), rows, self._to_row))
        self.count_label.setText(f"共 {self.model.rowCount()} 项")

    def add(self) -> None:
        TaskDialog(parent=self, save=lambda data: self.write(ledger.add_task, data)).exec()

    def edit(self) -> None:
        row = self.selected()
        if row is None:
            return
        with self.ctx.read_session() as s:
            task = ledger.get_task(s, row["id"])
        TaskDialog(task, parent=self, save=lambda data: self.write(ledger.update_task, task.id, data)).exec()

    def start(self) -> None:
        row = self.selected()
        if row is not None:
            self.write(ledger.start_task, row["id"])

    def complete(self) -> None:
        row = self.selected()
        if row is None:
            return
        dialog = CompleteDialog(_Plain(row), parent=self, save=lambda values: self.write(
            ledger.complete_task, row["id"], completed_on=values[0], note=values[1]))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            result = dialog.saved
            if result.next_task:
                QMessageBox.information(self, "周期任务", f"已生成下一期任务，完成时限 {result.next_task.due_on}。")

    def attach(self) -> None:
        row = self.selected()
        if row is None:
            return
        path, _ = QFileDialog.getOpenFileName(self, "选择佐证材料")
        if path:
            self.write(ledger.add_attachment, row["id"], Path(path).name, Path(path).read_bytes())

    def show_attachments(self) -> None:
        row = self.selected()
        if row is None:
            return
        with self.ctx.read_session() as s:
            task = ledger.get_task(s, row["id"])

        def load(attachment_id: int) -> tuple[str, bytes]:
            with self.ctx.read_session() as s:
                return ledger.attachment_content(s, attachment_id)
        AttachmentsDialog(task, load, parent=self).exec()

    def delete(self) -> None:
        row = self.selected()
        if row is not None and QMessageBox.question(self, "删除任务", f"删除任务“{row['requirement'][:30]}”？") \
                == QMessageBox.StandardButton.Yes:
            self.write(ledger.delete_task, row["id"])


class _Plain:
    def __init__(self, row: dict) -> None:
        self.__dict__.update(row)


class ActivitiesTab(_ListTab):
    stretch_column = "title"
    elidable_columns = ("kind_label", "state")
    columns = [Column("occurred_text", "日期", 95), Column("kind_label", "类型", 100), Column("title", "标题（内容）", 380),
               Column("channel_label", "渠道", 70), Column("quantity", "数量", 50), Column("participants", "参训人数", 70),
               Column("due_on", "解读时限", 95, format=_d), Column("state", "情况", 90)]

    def __init__(self, ctx: UiContext, parent=None) -> None:
        super().__init__(ctx, parent)
        self.kind = QComboBox()
        self.kind.addItem("全部类型", None)
        for code, label in ledger.ACTIVITY_KINDS.items():
            self.kind.addItem(label, code)
        self.year = self.year_combo()
        self.year.setCurrentIndex(max(0, self.year.findData(dt.date.today().year)))
        self.late = QCheckBox("只看超时限的政策解读")
        self.search = QLineEdit(placeholderText="查找标题或文件名称")
        for w in (QLabel("类型"), self.kind, QLabel("年度"), self.year, self.late, self.search):
            self.filters.addWidget(w)
        self.kind.currentIndexChanged.connect(self.refresh)
        self.year.currentIndexChanged.connect(self.refresh)
        self.late.toggled.connect(self.refresh)
        self.search.returnPressed.connect(self.refresh)
        self.button("新增记录", self.add)
        self.button("编辑", self.edit)
        self.button("登记解读发布", self.publish)
        self.button("删除", self.delete)

    def _to_row(self, a) -> dict:
        state = ""
        if a.kind == "interpretation":
            state = ("已超时限" if a.late else "待发布") if a.occurred_on is None else ("超时限发布" if a.late else "按时")
            if a.due_provisional:
                state += "（时限暂定）"
        return {**a.__dict__, "occurred_text": _d(a.occurred_on) or "未发布", "state": state,
                "_style": "overdue" if a.late else ("soon" if a.kind == "interpretation" and not a.occurred_on else None)}

    def refresh(self) -> None:
        filters = {"kind": self.kind.currentData(), "year": self.year.currentData(), "late": self.late.isChecked(),
                   "text": self.search.text() or None}
        with self.ctx.read_session() as s:
            filters["office_id"] = _own_office(s)
        self.model.set_source(_ServiceSource(self.ctx, lambda s: ledger.activity_ids(s, **filters),
                                             lambda s, ids: ledger.activities_by_ids(s, ids), self._to_row))
        self.count_label.setText(f"共 {self.model.rowCount()} 条")

    def add(self) -> None:
        ActivityDialog(parent=self, save=lambda data: self.write(ledger.add_activity, data)).exec()

    def edit(self) -> None:
        row = self.selected()
        if row is None:
            return
        ActivityDialog(_Plain(row), parent=self,
                       save=lambda data: self.write(ledger.update_activity, row["id"], data)).exec()

    def publish(self) -> None:
        row = self.selected()
        if row is None or row["kind"] != "interpretation":
            QMessageBox.information(self, "登记解读发布", "请先选择一条政策解读记录。")
            return
        self.write(ledger.publish_interpretation, row["id"], dt.date.today())

    def delete(self) -> None:
        row = self.selected()
        if row is not None and QMessageBox.question(self, "删除记录", f"删除“{row['title'][:30]}”？") \
                == QMessageBox.StandardButton.Yes:
            self.write(ledger.delete_activity, row["id"])


class ColumnsTab(LedgerWriter, QWidget):
    """Website columns: a small plain table (tens of rows), overdue ones highlighted."""

    HEADERS = ["栏目名称", "更新周期", "最近更新", "应更新日期", "状态", "责任单位"]

    def __init__(self, ctx: UiContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.overdue_only = QCheckBox("只看逾期未更新的栏目")
        self.overdue_only.toggled.connect(self.refresh)
        layout.addWidget(self.overdue_only)
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setHorizontalHeaderLabels(self.HEADERS)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 180)
        layout.addWidget(self.table, 1)
        actions = QHBoxLayout()
        self.count_label = QLabel()
        actions.addWidget(self.count_label)
        actions.addStretch(1)
        for text, slot in (("新增栏目", self.add), ("编辑", self.edit), ("登记今日已更新", self.touch), ("删除", self.delete)):
            b = QPushButton(text)
            b.clicked.connect(lambda _=False, f=slot: self._guard(f))
            actions.addWidget(b)
        layout.addLayout(actions)
        self.infos: list[ColumnInfo] = []

    def refresh(self) -> None:
        with self.ctx.read_session() as s:
            self.infos = ledger.list_columns(s, office_id=_own_office(s), overdue_only=self.overdue_only.isChecked())
        self.table.setRowCount(len(self.infos))
        for r, c in enumerate(self.infos):
            state = "逾期未更新" if c.overdue else ("按需更新" if c.cadence == "immediate" else "正常")
            values = [c.name, c.cadence_label, _d(c.last_updated_on) or "从未更新", _d(c.due_on), state,
                      c.responsible_unit or ""]
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                if c.overdue:
                    item.setBackground(QBrush(URGENCY_COLOURS["overdue"]))
                self.table.setItem(r, col, item)
        self.count_label.setText(f"共 {len(self.infos)} 个栏目，逾期 {sum(c.overdue for c in self.infos)} 个")

    def _selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.infos[rows[0].row()] if rows else None

    def add(self) -> None:
        ColumnDialog(parent=self, save=lambda data: self.write(ledger.add_column, data)).exec()

    def edit(self) -> None:
        c = self._selected()
        if c is None:
            return
        ColumnDialog(c, parent=self, save=lambda data: self.write(ledger.update_column, c.id, data)).exec()

    def touch(self) -> None:
        c = self._selected()
        if c is not None:
            self.write(ledger.touch_column, c.id, dt.date.today())

    def delete(self) -> None:
        c = self._selected()
        if c is not None and QMessageBox.question(self, "删除栏目", f"删除栏目“{c.name}”？") \
                == QMessageBox.StandardButton.Yes:
            self.write(ledger.delete_column, c.id)
