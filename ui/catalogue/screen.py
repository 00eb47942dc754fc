"""The 公开目录 screen: the standard-directory tree, search and filters (all in SQL), the lazy list, the
editor and the warnings."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.catalogue.queries import EntryFilter, EntrySource
from app.errors import UserError
from ui.widgets.lazy_table import Column, LazyTableModel
from ui.widgets.screen import Screen
from ui.widgets.table_view import FastTableView

if TYPE_CHECKING:
    from ui.context import UiContext

COLUMNS = [
    Column("index_number", "索引号", 250),
    Column("title", "信息名称", 360),
    Column("doc_number", "文号", 150),
    Column("published_on", "发布日期", 92),
    Column("written_on", "成文日期", 92),
    Column("mode", "公开方式", 80),
    Column("validity", "有效性", 60),
    Column("category", "主题分类", 90),
    Column("office", "发布机关", 140),
]
SORTABLE = {"index_number": "index_number", "title": "title", "published_on": "published_on",
            "written_on": "written_on"}
VALIDITY_FILTER = [(None, "全部有效性"), ("normative", "规范性文件"), ("valid", "有效"), ("expired", "失效"),
                   ("repealed", "废止"), ("amended", "修订")]
MODE_FILTER = [(None, "全部公开方式"), ("proactive", "主动公开"), ("on_request", "依申请公开"),
               ("not_disclosed", "不予公开")]


class CatalogueScreen(Screen):
    title = "公开目录"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.filter = EntryFilter()
        self._tree_loaded = False

        self.tree = QTreeWidget()
        self.tree.setHeaderLabel("基层政务公开标准目录")
        self.tree.itemSelectionChanged.connect(self._tree_selected)

        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText("检索信息名称或文号（一个字起）")
        self.search_box.setClearButtonEnabled(True)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.apply_filters)
        self.search_box.textChanged.connect(lambda _: self._debounce.start())
        self.validity_combo = QComboBox()
        for code, label in VALIDITY_FILTER:
            self.validity_combo.addItem(label, code)
        self.mode_combo = QComboBox()
        for code, label in MODE_FILTER:
            self.mode_combo.addItem(label, code)
        self.validity_combo.currentIndexChanged.connect(self.apply_filters)
        self.mode_combo.currentIndexChanged.connect(self.apply_filters)
        add_button = QPushButton("新增")
        add_button.clicked.connect(self.add_entry)
        edit_button = QPushButton("编辑")
        edit_button.clicked.connect(self.edit_selected)
        delete_button = QPushButton("删除")
        delete_button.clicked.connect(self.delete_selected)
        warn_button = QPushButton("检查提醒")
        warn_button.clicked.connect(self.load_warnings)
        self.count_label = QLabel()

        bar = QHBoxLayout()
        bar.addWidget(self.search_box, 3)
        bar.addWidget(self.validity_combo)
        bar.addWidget(self.mode_combo)
        for b in (add_button, edit_button, delete_button, warn_button):
            bar.addWidget(b)

        self.model = LazyTableModel(COLUMNS)
        self.table = FastTableView()
        self.table.setModel(self.model)
        self.table.apply_column_widths()
        self.table.fit_when_loaded(stretch="title", elidable=("doc_number", "category", "office"), stretch_minimum=110)
        self.table.doubleClicked.connect(lambda _: self.edit_selected())
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(3, Qt.SortOrder.DescendingOrder)
        header.sectionClicked.connect(self._sort_clicked)

        self.warnings = QListWidget()
        self.warnings.setMaximumHeight(140)
        self.warnings.itemActivated.connect(self._warning_activated)
        self.warnings.itemClicked.connect(self._warning_activated)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addLayout(bar)
        rl.addWidget(self.table, 1)
        rl.addWidget(self.count_label)
        rl.addWidget(QLabel("提醒（点击条目只显示相关信息）："))
        rl.addWidget(self.warnings)
        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([200, 960])  # the longest domain name fits; the list gets the rest
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.source = EntrySource(self.ctx.read_session, self.filter)
        self.refresh()

    # -- loading ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        if not self._tree_loaded:
            self._load_tree()
        self.apply_filters()

    def _load_tree(self) -> None:
        from app import catalogue

        try:
            with self.ctx.session() as s:  # the bundled directory is loaded on first use
                catalogue.ensure_standard_directory(s)
            with self.ctx.read_session() as s:
                tree = catalogue.directory_tree(s, with_counts=False)
        except UserError as exc:
            self.ctx.show_error(exc)
            return
        self.tree.clear()
        root = QTreeWidgetItem(["全部信息"])
        root.setData(0, Qt.ItemDataRole.UserRole, None)
        self.tree.addTopLevelItem(root)
        for domain in tree:
            node = QTreeWidgetItem([domain.name])
            node.setData(0, Qt.ItemDataRole.UserRole, ("domain", domain.id))
            for item in domain.items:
                leaf = QTreeWidgetItem([item.label])
                leaf.setData(0, Qt.ItemDataRole.UserRole, ("item", item.id))
                leaf.setToolTip(0, "\n".join(filter(None, [
                    f"公开内容：{item.content}" if item.content else None,
                    f"公开依据：{item.basis}" if item.basis else None,
                    f"公开时限：{item.time_limit}" if item.time_limit else None,
                    f"公开主体：{item.responsible}" if item.responsible else None,
                    f"公开渠道：{'、'.join(item.channels or [])}" if item.channels else None,
                    f"公开对象：{item.audience}　公开方式：{item.method}　公开层级：{item.levels}",
                ])))
                node.addChild(leaf)
            self.tree.addTopLevelItem(node)
        self._tree_loaded = True

    def apply_filters(self) -> None:
        text = self.search_box.text().strip()
        self.filter.query = text or None
        self.filter.validity = self.validity_combo.currentData()
        self.filter.disclosure_mode = self.mode_combo.currentData()
        try:
            self.model.set_source(self.source)
        except UserError as exc:
            self.count_label.setText(exc.message)
            return
        self.count_label.setText(f"共 {self.model.rowCount():,} 条")

    def _tree_selected(self) -> None:
        items = self.tree.selectedItems()
        data = items[0].data(0, Qt.ItemDataRole.UserRole) if items else None
        self.filter.domain_id = data[1] if data and data[0] == "domain" else None
        self.filter.directory_item_id = data[1] if data and data[0] == "item" else None
        self.filter.entry_ids = None
        self.apply_filters()

    def _sort_clicked(self, section: int) -> None:
        key = SORTABLE.get(COLUMNS[section].key)
        if key is None:
            return
        if self.filter.sort == key:
            self.filter.descending = not self.filter.descending
        else:
            self.filter.sort, self.filter.descending = key, True
        order = Qt.SortOrder.DescendingOrder if self.filter.descending else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(section, order)
        self.apply_filters()

    # -- actions --------------------------------------------------------------------------------------
    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.id_at(rows[0].row()) if rows else None

    def add_entry(self) -> None:
        from ui.catalogue.editor import EntryDialog

        dialog = EntryDialog(self.ctx, None, self)
        if dialog.exec():
            self.apply_filters()

    def edit_selected(self) -> None:
        from ui.catalogue.editor import EntryDialog

        entry_id = self.selected_id()
        if entry_id is None:
            return
        dialog = EntryDialog(self.ctx, entry_id, self)
        if dialog.exec():
            self.model.invalidate_rows()

    def delete_selected(self) -> None:
        from app import catalogue

        entry_id = self.selected_id()
        if entry_id is None:
            return
        answer = QMessageBox.question(self, "删除", "确定删除所选目录信息吗？（索引号保留，不再使用）")
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            with self.ctx.session() as s:
                catalogue.delete_entry(s, entry_id)
        except UserError as exc:
            self.ctx.show_error(exc)
            return
        self.ctx.changed("catalogue")
        self.apply_filters()

    def load_warnings(self) -> None:
        self.ctx.jobs.run(self._collect_warnings, title="正在检查公开目录提醒…", on_done=self.show_warnings,
                          cancellable=False)

    def apply_filter_key(self, key: str) -> None:
        """From the dashboard: list the warnings of one kind and show only the entries they name."""

        def done(found: dict) -> None:
            self.show_warnings({key: found.get(key, [])})
            ids = [w.entry_id for w in found.get(key, []) if w.entry_id is not None]
            if ids:
                self.filter.entry_ids = ids
                self.filter.directory_item_id = self.filter.domain_id = None
                self.apply_filters()

        self.ctx.jobs.run(self._collect_warnings, title="正在检查公开目录提醒…", on_done=done, cancellable=False)

    def _collect_warnings(self, progress):
        from app import catalogue

        with self.ctx.read_session() as s:
            return catalogue.warnings(s, dt.date.today())

    def show_warnings(self, found: dict) -> None:
        self.warnings.clear()
        titles = {"late_publication": "逾期公开", "unreviewed": "有效性待审查", "idle_item": "未公开事项"}
        total = 0
        for kind, items in found.items():
            for w in items:
                total += 1
                row = QListWidgetItem(f"【{titles[kind]}】{w.message}")
                row.setData(Qt.ItemDataRole.UserRole, (w.entry_id, w.item_id))
                self.warnings.addItem(row)
        if total == 0:
            self.warnings.addItem("没有需要处理的提醒。")

    def _warning_activated(self, item: QListWidgetItem) -> None:
        data = item.data(Qt.ItemDataRole.UserRole)
        if not data:
            return
        entry_id, item_id = data
        if entry_id is not None:
            self.filter.entry_ids = [entry_id]
            self.filter.directory_item_id = self.filter.domain_id = None
        elif item_id is not None:
            self.filter.entry_ids = None
            self.filter.directory_item_id = item_id
        self.apply_filters()
