"""The 工作日历 tab of 设置: a year's holidays and make-up days, local overrides, provisional years."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCalendarWidget,
    QCheckBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import calendar as calendar_service
from app.domain.workdays import (
    HOLIDAY,
    MAKEUP,
    OVERRIDE_DAY_OFF,
    OVERRIDE_WORKDAY,
    WEEKDAY_NAMES,
    WEEKEND,
    WORKDAY,
    WorkCalendar,
    format_date,
)

if TYPE_CHECKING:
    from ui.context import UiContext

COLORS = {
    HOLIDAY: QColor("#f6c6c6"),  # 节假日
    MAKEUP: QColor("#c6dcf6"),  # 调休上班
    OVERRIDE_DAY_OFF: QColor("#f3a6a6"),
    OVERRIDE_WORKDAY: QColor("#9fc4ef"),
}


def _qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


def recompute_after_change(session) -> list:
    """Recompute what depends on the calendar (app.workbench.recompute)."""
    from app.workbench.recompute import recompute_after_change as recompute

    return recompute(session)


class CalendarSettingsTab(QWidget):
    """Shows the effective calendar of a year and edits the local overrides."""

    title = "工作日历"
    changes_applied = Signal(list)  # the MovedDeadline list after a change

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.calendar_data: WorkCalendar | None = None
        self.official_years: list[int] = []

        layout = QVBoxLayout(self)
        intro = QLabel(
            "工作日 = 星期一至星期五，减去法定节假日，加上调休上班日。官方安排来自国务院办公厅每年公布的放假通知；"
            "本地民族节日、省里下发的新年度安排等可在此设定。期限计算中“自收到申请之日起N个工作日”不计当日。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        top = QHBoxLayout()
        top.addWidget(QLabel("年份："))
        self.year = QSpinBox()
        self.year.setRange(2004, 2100)
        self.year.setValue(dt.date.today().year)
        self.year.valueChanged.connect(self.refresh)
        top.addWidget(self.year)
        self.status = QLabel()
        self.status.setWordWrap(True)
        top.addWidget(self.status, 1)
        self.official = QCheckBox("本年度的安排已完整录入（标记为正式安排，不再显示“暂定”）")
        self.official.toggled.connect(self._official_toggled)
        top.addWidget(self.official)
        layout.addLayout(top)

        body = QHBoxLayout()
        left = QVBoxLayout()
        self.month = QCalendarWidget()
        self.month.setGridVisible(True)
        self.month.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.month.selectionChanged.connect(self._date_selected)
        self.month.currentPageChanged.connect(self._page_changed)
        left.addWidget(self.month)
        legend = QLabel(
            "<span style='background:#f6c6c6'>　节假日　</span> <span style='background:#c6dcf6'>　调休上班　</span> "
            "<b><u>粗体下划线</u></b>＝本地设定"
        )
        left.addWidget(legend)
        left.addWidget(self._edit_box())
        body.addLayout(left)

        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["日期", "星期", "类型", "名称／备注", "来源"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.cellClicked.connect(self._row_clicked)
        body.addWidget(self.table, 1)
        layout.addLayout(body, 1)

        bottom = QHBoxLayout()
        self.import_button = QPushButton("导入日历文件…")
        self.import_button.clicked.connect(self.import_file)
        bottom.addWidget(self.import_button)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bottom.addWidget(self.result, 1)
        layout.addLayout(bottom)
        self.refresh()

    def _edit_box(self) -> QGroupBox:
        box = QGroupBox("本地设定")
        grid = QGridLayout(box)
        self.selected_label = QLabel()
        grid.addWidget(self.selected_label, 0, 0, 1, 3)
        self.as_workday = QRadioButton("上班")
        self.as_holiday = QRadioButton("放假")
        group = QButtonGroup(box)
        group.addButton(self.as_workday)
        group.addButton(self.as_holiday)
        self.as_holiday.setChecked(True)
        grid.addWidget(self.as_workday, 1, 0)
        grid.addWidget(self.as_holiday, 1, 1)
        self.note = QLineEdit()
        self.note.setPlaceholderText("说明，如：三月三（本地民族节日）、省政府办公厅通知")
        self.note.setMaxLength(200)
        grid.addWidget(self.note, 2, 0, 1, 3)
        self.save_button = QPushButton("保存设定")
        self.save_button.clicked.connect(self.save_override)
        self.delete_button = QPushButton("删除本地设定")
        self.delete_button.clicked.connect(self.delete_override)
        grid.addWidget(self.save_button, 3, 0)
        grid.addWidget(self.delete_button, 3, 1)
        return box

    # -- data --------------------------------------------------------------------------------------
    def refresh(self) -> None:
        with self.ctx.read_session() as s:
            self.calendar_data = calendar_service.load_calendar(s)
            self.official_years = calendar_service.official_years(s)
        year = self.year.value()
        cal = self.calendar_data
        days = cal.year_days(year)
        self._fill_table([d for d in days if d.kind not in (WORKDAY, WEEKEND)])
        self._paint(days)
        has_official = not _is_uncovered(year)
        self.official.blockSignals(True)
        self.official.setChecked(year in self.official_years)
        self.official.setEnabled(not has_official)
        self.official.blockSignals(False)
        if has_official:
            self.status.setText(f"{year}年：正式安排（国务院办公厅放假通知）。")
        elif year in self.official_years:
            self.status.setText(f"{year}年：已按本地录入的正式安排计算。")
        else:
            self.status.setText(
                f"<span style='color:#a15c00'>{year}年：<b>暂定</b>——尚无正式安排，暂按周末和法定节日推算；"
                "涉及该年的期限均标为“暂定”。正式通知公布后，请录入调休安排并勾选右侧选项。</span>"
            )
        selected = self.month.selectedDate()
        if selected.year() != year:  # 本地设定 edits a day of the year shown: the same day in the new year
            day = min(selected.day(), QDate(year, selected.month(), 1).daysInMonth())
            self.month.blockSignals(True)
            self.month.setSelectedDate(QDate(year, selected.month(), day))
            self.month.blockSignals(False)
        if self.month.yearShown() != year:
            self.month.setCurrentPage(year, self.month.monthShown())
        self._date_selected()

    def _fill_table(self, days) -> None:
        overrides = {o.date: o for o in self._overrides()}
        self.table.setRowCount(len(days))
        for row, d in enumerate(days):
            source = ""
            if d.day in overrides:
                source = "省级下发" if overrides[d.day].source == "province" else "本地设定"
            elif d.provisional:
                source = "推算（暂定）"
            else:
                source = "官方"
            cells = [d.day.isoformat(), WEEKDAY_NAMES[d.day.weekday()], d.label, d.name or "", source]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, d.day.isoformat())
                if d.kind in COLORS:
                    item.setBackground(QBrush(COLORS[d.kind]))
                self.table.setItem(row, col, item)

    def _overrides(self):
        with self.ctx.read_session() as s:
            return calendar_service.list_overrides(s, self.year.value())

    def _paint(self, days) -> None:
        self.month.setDateTextFormat(QDate(), QTextCharFormat())  # clear all
        for d in days:
            if d.kind not in COLORS:
                continue
            fmt = QTextCharFormat()
            fmt.setBackground(QBrush(COLORS[d.kind]))
            if d.kind in (OVERRIDE_DAY_OFF, OVERRIDE_WORKDAY):
                fmt.setFontWeight(QFont.Weight.Bold)
                fmt.setFontUnderline(True)
            if d.name:
                fmt.setToolTip(f"{d.label}：{d.name}")
            self.month.setDateTextFormat(_qdate(d.day), fmt)

    # -- interaction -------------------------------------------------------------------------------
    def _page_changed(self, year: int, _month: int) -> None:
        if year != self.year.value() and self.year.minimum() <= year <= self.year.maximum():
            self.year.setValue(year)

    def _row_clicked(self, row: int, _col: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            self.month.setSelectedDate(_qdate(dt.date.fromisoformat(item.data(Qt.ItemDataRole.UserRole))))

    def selected_date(self) -> dt.date:
        return _pydate(self.month.selectedDate())

    def _date_selected(self) -> None:
        if self.calendar_data is None:
            return
        day = self.selected_date()
        info = self.calendar_data.day_info(day)
        extra = f"（{info.name}）" if info.name else ""
        provisional = "，暂定" if info.provisional else ""
        self.selected_label.setText(f"{format_date(day)}　{WEEKDAY_NAMES[day.weekday()]}：{info.label}{extra}{provisional}")
        local = info.kind in (OVERRIDE_DAY_OFF, OVERRIDE_WORKDAY)
        self.delete_button.setEnabled(local)
        (self.as_holiday if not info.is_workday else self.as_workday).setChecked(True)
        self.note.setText(info.name or "" if local else "")

    def save_override(self) -> None:
        day, works, note = self.selected_date(), self.as_workday.isChecked(), self.note.text()

        def work(_progress):
            with self.ctx.session() as s:
                calendar_service.set_override(s, day, works, note)
                return recompute_after_change(s)

        self._run(work, f"已将{format_date(day)}设为{'上班' if works else '放假'}。")

    def delete_override(self) -> None:
        day = self.selected_date()

        def work(_progress):
            with self.ctx.session() as s:
                calendar_service.delete_override(s, day)
                return recompute_after_change(s)

        self._run(work, f"已删除{format_date(day)}的本地设定。")

    def _official_toggled(self, checked: bool) -> None:
        year = self.year.value()

        def work(_progress):
            with self.ctx.session() as s:
                calendar_service.set_official_year(s, year, checked)
                return recompute_after_change(s)

        self._run(work, f"{year}年已{'标记为正式安排' if checked else '取消正式安排标记'}。")

    def import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择日历文件", "", "日历文件 (*.csv *.txt *.jsonl);;所有文件 (*)")
        if path:
            self.import_path(path)

    def import_path(self, path: str) -> None:
        summary: list[str] = []

        def work(_progress):
            with self.ctx.session() as s:
                result = calendar_service.import_file(s, path)
                summary.append(result.summary() + "。")
                return recompute_after_change(s) if result.changed else []

        self._run(work, "已导入日历：", summary)

    def _run(self, work, done_text: str, extra: list[str] | None = None) -> None:
        def done(moved) -> None:
            self.refresh()
            self.result.setText(done_text + "".join(extra or []) + moved_text(moved))
            self.ctx.changed("calendar")
            if moved:
                self.ctx.changed("register")
            self.changes_applied.emit(list(moved))

        self.ctx.jobs.run(work, title="正在保存并重新计算期限…", cancellable=False, on_done=done)


def moved_text(moved: list) -> str:
    """What moved, in one or two sentences."""
    if not moved:
        return "没有在办申请的答复期限因此改变。"

    def fmt(d):
        return format_date(d) if d else "无"

    shown = "；".join(f"{m.serial}：{fmt(m.old)} → {fmt(m.new)}" for m in moved[:10])
    more = f"……共{len(moved)}件。" if len(moved) > 10 else "。"
    return f"以下在办申请的答复期限已改变：{shown}{more}"


def _is_uncovered(year: int) -> bool:
    """True when chinesecalendar has no official data for ``year``."""
    return WorkCalendar().is_provisional(dt.date(year, 1, 1))
