"""The 数据交换设置 tab of 设置: platform URL, token, proxy, own key fingerprint, full-record destinations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit, QMessageBox, QPushButton, QWidget

from app import packages
from app.packages import hub
from app.packages import platform as packages_sync

if TYPE_CHECKING:
    from ui.context import UiContext


class SyncSettingsTab(QWidget):
    title = "数据交换设置"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        form = QFormLayout(self)
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://…（省级政务公开平台的接收地址）")
        form.addRow("省级平台地址", self.url)
        self.token = QLineEdit()
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("访问令牌", self.token)
        self.plain_http = QCheckBox("允许明文 HTTP（不推荐：令牌和数据未加密，仅用于没有 https 的内网平台）")
        form.addRow("", self.plain_http)
        self.proxy = QLineEdit()
        self.proxy.setPlaceholderText("http://代理服务器:端口（不用代理请留空）")
        form.addRow("代理服务器", self.proxy)
        self.full_province = QCheckBox("向省级平台发送完整个人信息（默认隐去证件号、电话、地址等并遮盖姓名）")
        form.addRow("", self.full_province)
        self.hub_offices = QLineEdit()
        self.hub_offices.setPlaceholderText("没有网络连接的下级机关的统一社会信用代码，以逗号分隔（由本机代收省级平台下发内容）")
        form.addRow("代收的下级机关", self.hub_offices)
        self.fingerprint = QLabel()
        form.addRow("本机公钥指纹", self.fingerprint)
        save = QPushButton("保存")
        save.clicked.connect(self.save)
        form.addRow("", save)
        self.load()

    def load(self) -> None:
        with self.ctx.session() as s:
            current = packages_sync.get_sync_settings(s)
            own = packages.ensure_own_key(s)
        self.url.setText(current.url)
        self.proxy.setText(current.proxy)
        self.token.clear()
        self.token.setPlaceholderText("已设置（留空则不变）" if current.has_token else "未设置")
        self.full_province.setChecked("province" in current.full_record_destinations)
        self.plain_http.setChecked(current.allow_plain_http)
        with self.ctx.read_session() as s:
            self.hub_offices.setText("，".join(hub.hub_offices(s)))
        self.fingerprint.setText(own.fingerprint)

    def save(self) -> None:
        if self.plain_http.isChecked() and not self._plain_http_was_allowed():
            confirm = QMessageBox.warning(
                self, "允许明文 HTTP", "以明文 HTTP 连接省级平台时，访问令牌和申请数据在网络上不加密，可能被他人截获或篡改。"
                "确定允许吗？（此项更改记入审计日志）", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
            if confirm != QMessageBox.StandardButton.Yes:
                return
        try:
            with self.ctx.session() as s:
                current = packages_sync.get_sync_settings(s)
                others = [d for d in current.full_record_destinations if d != "province"]
                packages_sync.save_sync_settings(
                    s, url=self.url.text(), proxy=self.proxy.text(), token=self.token.text() or None,
                    full_record_destinations=others + (["province"] if self.full_province.isChecked() else []),
                    allow_plain_http=self.plain_http.isChecked())
                codes = self.hub_offices.text().replace("，", ",").split(",")
                hub.set_hub_offices(s, codes)
        except Exception as exc:
            self.ctx.show_error(exc)
            return
        self.load()
        QMessageBox.information(self, "数据交换设置", "已保存。")

    def _plain_http_was_allowed(self) -> bool:
        with self.ctx.session() as s:
            return packages_sync.get_sync_settings(s).allow_plain_http
