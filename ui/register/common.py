"""Small widgets and formatting shared by the register dialogs: date fields, scan pickers, Chinese dates."""

from __future__ import annotations

import datetime as dt
import mimetypes
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.domain.identifiers import ID_TYPES
from app.register.common import ScanFile

ERROR_STYLE = "color:#b42318"
OK_STYLE = "color:#067647"
HINT_STYLE = "color:#475467"


def fmt_date(value) -> str:
    """2026-11-20 as shown in the lists (ISO, unambiguous for the clerk and for sorting)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    return value.isoformat()


def fmt_due(due, provisional: bool) -> str:
    """A reply due date with the 暂定 mark when it depends on a year without official holiday data."""
    from app.register.clock_view import due_text

    return due_text(due, provisional)


def fmt_days_left(days: int | None) -> str:
    from app.register.clock_view import days_left_text

    return days_left_text(days)


class DateField(QDateEdit):
    """A date entry with a calendar popup, shown as YYYY-MM-DD."""

    def __init__(self, value: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumWidth(120)
        self.set_value(value or dt.date.today())

    def value(self) -> dt.date:
        d = self.date()
        return dt.date(d.year(), d.month(), d.day())

    def set_value(self, value: dt.date) -> None:
        self.setDate(QDate(value.year, value.month, value.day))


class ScanPicker(QWidget):
    """One optional scanned file (e.g. the paper approval): a path, a 选择… button and a 清除 button."""

    def __init__(self, parent: QWidget | None = None, caption: str = "选择扫描件") -> None:
        super().__init__(parent)
        self.caption = caption
        self.path = QLineEdit()
        self.path.setReadOnly(True)
        self.path.setPlaceholderText("未选择文件（可选）")
        pick = QPushButton("选择…")
        pick.clicked.connect(self.browse)
        clear = QPushButton("清除")
        clear.clicked.connect(self.path.clear)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.path, 1)
        layout.addWidget(pick)
        layout.addWidget(clear)

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.caption, str(Path.home()),
                                              "扫描件 (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;所有文件 (*)")
        if path:
            self.path.setText(path)

    def scan(self) -> ScanFile | None:
        return scan_file(self.path.text().strip()) if self.path.text().strip() else None


def id_number_label(id_type: str) -> str:
    """The name of the number of a document type (docs/spec/application-records.md section 3.4)."""
    names = {"resident_id": "身份证号码", "credit_code": "统一社会信用代码", "org_code": "组织机构代码",
             "other": "证件号码"}
    return names.get(id_type) or f"{ID_TYPES[id_type]}号码"


def scan_file(path: str) -> ScanFile:
    """The file as a ScanFile with its bytes (the service stores them with their SHA-256)."""
    p = Path(path)
    try:
        content = p.read_bytes()
    except OSError as exc:
        from app.errors import ValidationError

        raise ValidationError(f"无法读取文件“{p.name}”：{exc.strerror or exc}。") from exc
    return ScanFile(filename=p.name, content=content, media_type=mimetypes.guess_type(p.name)[0])


def hint(text: str, style: str = HINT_STYLE) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(style)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
