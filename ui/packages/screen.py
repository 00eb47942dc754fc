"""The 数据交换 screen: outgoing queue and receipts, incoming packages, held packages, conflicts, keys."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import packages
from app.packages import inbox as packages_inbox
from app.packages import releases as packages_releases
from ui.widgets.screen import Screen

if TYPE_CHECKING:
    from ui.context import UiContext

OUT_STATES = {"queued": "排队待发", "sent": "已导出（待携带）", "accepted": "平台已接收", "duplicate": "平台已有",
              "rejected": "被拒收"}
IN_STATES = {"applied": "已导入", "held": "暂存", "rejected": "已拒绝"}
ENTITIES = {"applications": "依申请公开", "catalogue": "公开目录", "negative_list": "负面清单", "ledger": "工作台账",
            "reports": "年度报告", "calendar": "工作日历", "templates": "文书模板"}
CONFLICT_STATES = {"open": "待处理", "kept_local": "保留本机版本", "took_incoming": "采用来件版本"}


def _time(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setMinimumSectionSize(72)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def _fill(table: QTableWidget, rows: list[tuple[object, list[object]]]) -> None:
    table.setRowCount(len(rows))
    for r, (key, cells) in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(str(text))
            item.setData(Qt.ItemDataRole.UserRole, key)
            table.setItem(r, c, item)


def _selected(table: QTableWidget):
    items = table.selectedItems()
    return items[0].data(Qt.ItemDataRole.UserRole) if items else None


# -- jobs (worker thread: each opens its own unit of work) -----------------------------------------------------
def _export_job(progress, db, operator, to, path, full):
    with db.session(operator=operator) as s:
        return packages.export_package(s, to=to, out_path=Path(path), full=full, progress=progress)


def _import_job(progress, db, operator, path, accept_gap):
    from app.errors import UserError

    try:
        with db.session(operator=operator) as s:
            return packages.import_file(s, path, accept_gap_now=accept_gap, progress=progress)
    except UserError as exc:
        with db.session(operator=operator) as s:
            packages.note_rejected_file(s, path, exc.message)
        raise


def _accept_gap_job(progress, db, operator, incoming_id):
    with db.session(operator=operator) as s:
        return packages.accept_gap(s, incoming_id, progress=progress)


def _sync_job(progress, db, operator):
    from app.packages import platform as packages_sync

    return packages_sync.sync(db, operator=operator, force=True, progress=progress)


class ExportDialog(QDialog):
    """Where to (province or a known office), full or incremental, and the file."""

    def __init__(self, destinations: list[tuple[str, str]], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("导出数据包")
        form = QFormLayout(self)
        self.to = QComboBox()
        for code, label in destinations:
            self.to.addItem(label, code)
        form.addRow("接收方", self.to)
        self.full = QCheckBox("全量导出（默认只导出上次确认以来的变化）")
        form.addRow("", self.full)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("选择保存位置…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class ExchangeScreen(Screen):
    title = "数据交换"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.fingerprint = QLabel()
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top.addWidget(self.fingerprint, 1)
        for text, slot in (("导出数据包…", self.export_package), ("导入数据包…", self.import_package),
                           ("转交代收的数据包…", self.export_relay), ("立即同步", self.sync_now)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            top.addWidget(b)
        layout.addLayout(top)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)

        self.outgoing = _table(["生成时间", "接收方", "序号", "类型", "方式", "状态", "记录数", "尝试", "下次重试",
                                "回执 / 错误"])
        self.incoming = _table(["收到时间", "发送方", "序号", "类型", "状态", "摘要 / 原因"])
        self.conflicts = _table(["发现时间", "数据类别", "记录编号", "发送方", "状态"])
        self.trusted = _table(["机关代码", "名称", "指纹", "登记人", "登记时间"])
        self.online = _table(["平台编号", "登记编号", "申请人", "提交时间", "收到申请之日", "答复期限", "状态",
                              "编号已回告平台"])

        out_page = QWidget()
        v = QVBoxLayout(out_page)
        v.addWidget(self.outgoing)
        row = QHBoxLayout()
        self.retry_button = QPushButton("立即重试所选")
        self.retry_button.clicked.connect(self.retry_selected)
        row.addStretch(1)
        row.addWidget(self.retry_button)
        v.addLayout(row)
        self.tabs.addTab(out_page, "发出的数据包")

        in_page = QWidget()
        v = QVBoxLayout(in_page)
        v.addWidget(self.incoming)
        row = QHBoxLayout()
        self.accept_gap_button = QPushButton("确认跳过缺号并导入所选")
        self.accept_gap_button.clicked.connect(self.accept_gap)
        row.addStretch(1)
        row.addWidget(self.accept_gap_button)
        v.addLayout(row)
        self.tabs.addTab(in_page, "收到的数据包")

        conflict_page = QWidget()
        v = QVBoxLayout(conflict_page)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.conflicts)
        versions = QWidget()
        h = QHBoxLayout(versions)
        self.local_text = QPlainTextEdit()
        self.local_text.setReadOnly(True)
        self.incoming_text = QPlainTextEdit()
        self.incoming_text.setReadOnly(True)
        for label, widget in (("本机版本", self.local_text), ("来件版本", self.incoming_text)):
            box = QVBoxLayout()
            box.addWidget(QLabel(label))
            box.addWidget(widget)
            h.addLayout(box)
        split.addWidget(versions)
        v.addWidget(split)
        row = QHBoxLayout()
        self.keep_button = QPushButton("保留本机版本")
        self.keep_button.clicked.connect(lambda: self.settle("kept_local"))
        self.take_button = QPushButton("采用来件版本")
        self.take_button.clicked.connect(lambda: self.settle("took_incoming"))
        row.addStretch(1)
        row.addWidget(self.keep_button)
        row.addWidget(self.take_button)
        v.addLayout(row)
        self.conflicts.itemSelectionChanged.connect(self._show_conflict)
        self.tabs.addTab(conflict_page, "冲突")
        self._conflict_page = conflict_page

        online_page = QWidget()
        v = QVBoxLayout(online_page)
        v.addWidget(QLabel("通过省级平台（政府网站、浙里办、浙江政务服务网）提交的网上申请，同步时自动登记；收到申请之日按"
                           "条例第三十一条第（三）项确定：工作日 17:00 前提交的为当日，之后或非工作日提交的为下一个工作日。"))
        v.addWidget(self.online)
        self.sync_result = QLabel()
        self.sync_result.setWordWrap(True)
        v.addWidget(self.sync_result)
        self.tabs.insertTab(0, online_page, "网上申请")

        release_page = QWidget()
        v = QVBoxLayout(release_page)
        v.addWidget(QLabel("省级平台下发的文书文字按版本保存；本机关已有自己文字的，不会自动覆盖，请逐项决定。"))
        self.releases = _table(["收到版本", "文书", "项目", "平台文字", "本机关现用文字", "状态"])
        v.addWidget(self.releases)
        row = QHBoxLayout()
        row.addStretch(1)
        for text, take in (("采用平台文字", True), ("保留本机关文字", False)):
            b = QPushButton(text)
            b.clicked.connect(lambda _=False, take=take: self.settle_release(take))
            row.addWidget(b)
        v.addLayout(row)
        self.tabs.addTab(release_page, "平台下发")
        self._release_page = release_page

        key_page = QWidget()
        v = QVBoxLayout(key_page)
        v.addWidget(QLabel("只导入已登记公钥的发送方的数据包。登记前请与对方电话核对指纹。"))
        v.addWidget(self.trusted)
        row = QHBoxLayout()
        for text, slot in (("导出本机公钥…", self.export_key), ("登记可信公钥…", self.trust_key),
                           ("撤销所选", self.remove_key)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            row.addWidget(b)
        row.addStretch(1)
        v.addLayout(row)
        self.tabs.addTab(key_page, "可信公钥")
        self._conflicts: dict[int, packages.ConflictInfo] = {}
        self.refresh()

    # -- loading --------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        with self.ctx.session() as s:  # the key pair is created on first use
            own = packages.ensure_own_key(s)
        with self.ctx.read_session() as s:
            outgoing = packages.list_outgoing(s)
            incoming = packages.list_incoming(s)
            conflicts = packages.list_conflicts(s, open_only=False)
            trusted = packages.list_trusted(s)
            online = packages_inbox.list_online(s)
            template_releases = packages_releases.list_template_releases(s)
        self.fingerprint.setText(f"本机公钥指纹：<b>{own.fingerprint}</b>")
        _fill(self.outgoing, [(o.id, [
            _time(o.created_at), "省级平台" if o.recipient == "province" else o.recipient, o.sequence,
            "全量" if o.kind == "full" else "增量", "网络" if o.transport == "http" else "文件",
            OUT_STATES.get(o.state, o.state), o.records, o.attempts, _time(o.next_attempt_at),
            (o.receipt or {}).get("receipt_id") or o.last_error or (o.path or "")]) for o in outgoing])
        _fill(self.incoming, [(i.id, [
            _time(i.received_at), i.sender_name or i.sender or "", i.sequence or "", i.kind or "",
            IN_STATES.get(i.state, i.state), i.error or self._summary(i)]) for i in incoming])
        self._conflicts = {c.id: c for c in conflicts}
        _fill(self.conflicts, [(c.id, [_time(c.detected_at), ENTITIES.get(c.entity, c.entity), c.record_id, c.sender,
                                       CONFLICT_STATES.get(c.state, c.state)]) for c in conflicts])
        _fill(self.trusted, [(t.id, [t.org_code, t.org_name or "", t.fingerprint, t.added_by or "",
                                     _time(t.added_at)]) for t in trusted])
        _fill(self.online, [(o.serial, [
            o.platform_ref, o.serial, o.applicant_name, o.submitted_at.replace("T", " "), o.received_on,
            (o.reply_due or "") + ("（暂定）" if o.provisional else ""), "已办结" if o.closed else "办理中",
            "是" if o.acknowledged else "待回告"]) for o in online])
        _fill(self.releases, [(r.id, [
            r.released_at.replace("T", " ")[:16], r.kind, r.key, r.text if r.text is not None else "（撤回，恢复默认文字）",
            r.office_text if r.office_text is not None else "（默认文字）",
            packages_releases.STATE_LABELS.get(r.state, r.state)]) for r in template_releases])
        pending = sum(1 for r in template_releases if r.state == "pending")
        self.tabs.setTabText(self.tabs.indexOf(self._release_page), f"平台下发（{pending}）" if pending else "平台下发")
        open_count = sum(1 for c in conflicts if c.state == "open")
        self.tabs.setTabText(self.tabs.indexOf(self._conflict_page), f"冲突（{open_count}）" if open_count else "冲突")

    @staticmethod
    def _summary(i: packages.IncomingInfo) -> str:
        s = i.summary or {}
        if i.state == "held" and s.get("locked_years"):  # app/packages/held.py: waits for an unlock
            return "涉及已发布年度 " + "、".join(f"{y}年度" for y in s["locked_years"]) + "，解锁后导入"
        if i.state == "held":
            return "缺少序号 " + "、".join(str(n) for n in s.get("missing", []))
        parts = []
        for name, counts in (s.get("counts") or {}).items():
            n = sum(v for k, v in counts.items() if k in ("created", "updated", "deleted"))
            if n:
                parts.append(f"{ENTITIES.get(name, name)} {n} 条")
        if s.get("conflicts"):
            parts.append(f"冲突 {s['conflicts']} 条")
        return "，".join(parts + list(s.get("notes") or [])) or "无变化"

    def _show_conflict(self) -> None:
        c = self._conflicts.get(_selected(self.conflicts))
        dump = lambda v: json.dumps(v, ensure_ascii=False, indent=2) if v is not None else "（无）"  # noqa: E731
        self.local_text.setPlainText(dump(c.local_version) if c else "")
        self.incoming_text.setPlainText(dump(c.incoming_version) if c else "")
        is_open = bool(c and c.state == "open")
        self.keep_button.setEnabled(is_open)
        self.take_button.setEnabled(is_open)

    # -- actions ----------------------------------------------------------------------------------------------
    def _done(self, message: str) -> None:
        self.refresh()
        self.ctx.changed("packages")
        QMessageBox.information(self, "数据交换", message)

    def export_package(self) -> None:
        from app.core import profile

        with self.ctx.read_session() as s:
            own_id = profile.get_own_office(s).id if profile.has_profile(s) else None
            offices = [o for o in profile.list_offices(s) if o.id != own_id]
        destinations = [("province", "省级平台")] + [(o.org_code, f"{o.name}（{o.org_code}）") for o in offices]
        dialog = ExportDialog(destinations, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        path, _ = QFileDialog.getSaveFileName(self, "保存数据包", "数据包.gkpkg", "数据包 (*.gkpkg)")
        if not path:
            return
        self.ctx.jobs.run(_export_job, self.ctx.db, self.ctx.operator, dialog.to.currentData(), path,
                          dialog.full.isChecked(), title="正在生成数据包…",
                          on_done=lambda info: self._done(
                              f"已生成数据包（序号 {info.sequence}，{info.records} 条记录），请将文件交给接收方。"))

    def import_package(self, path: str | None = None, accept_gap: bool = False) -> None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "选择数据包", "", "数据包 (*.gkpkg);;所有文件 (*)")
        if not path:
            return
        self.ctx.jobs.run(_import_job, self.ctx.db, self.ctx.operator, path, accept_gap, title="正在校验并导入数据包…",
                          on_done=lambda out: self._done(out.message),
                          on_error=lambda exc: self.refresh())

    def accept_gap(self) -> None:
        incoming_id = _selected(self.incoming)
        if incoming_id is None:
            return
        answer = QMessageBox.question(self, "确认跳过缺号",
                                      "缺少的数据包将不再等待。若之后收到，它将不能再导入。确定现在导入所选数据包吗？")
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.ctx.jobs.run(_accept_gap_job, self.ctx.db, self.ctx.operator, incoming_id, title="正在导入暂存的数据包…",
                          on_done=lambda out: self._done(out.message))

    def sync_now(self) -> None:
        self.ctx.jobs.run(_sync_job, self.ctx.db, self.ctx.operator, title="正在与省级平台同步…",
                          on_done=self._synced)

    def _synced(self, report) -> None:
        text = report.message
        if report.inbox is not None and report.inbox.moved:
            text += "\n\n因工作日历更新而改变的答复期限：\n" + packages_inbox.moved_text(report.inbox.moved)
        self.sync_result.setText(text)
        if report.inbox is not None and report.inbox.registered:
            self.ctx.changed("register")  # new online applications: the dashboard and the register refresh
        self._done(text)

    def retry_selected(self) -> None:
        outgoing_id = _selected(self.outgoing)
        if outgoing_id is None:
            return
        try:
            with self.ctx.session() as s:
                packages.requeue(s, outgoing_id)
        except Exception as exc:
            self.ctx.show_error(exc)
            return
        self.sync_now()

    def settle(self, choice: str) -> None:
        conflict_id = _selected(self.conflicts)
        if conflict_id is None:
            return
        try:
            with self.ctx.session() as s:
                packages.settle_conflict(s, conflict_id, choice)
        except Exception as exc:
            self.ctx.show_error(exc)
            return
        self.refresh()
        self.ctx.changed("packages")

    def export_relay(self) -> None:
        from app.packages import hub

        with self.ctx.read_session() as s:
            codes = sorted({r.recipient for r in hub.list_relay(s) if not r.handed_over})
        if not codes:
            QMessageBox.information(self, "转交代收的数据包", "没有待转交给下级机关的省级平台数据包。")
            return
        code, ok = QInputDialog.getItem(self, "转交代收的数据包", "下级机关：", codes, 0, False)
        if not ok:
            return
        folder = QFileDialog.getExistingDirectory(self, "选择写出的目录（如 U 盘）")
        if not folder:
            return
        try:
            with self.ctx.session() as s:
                paths = hub.export_relay(s, code, Path(folder))
        except Exception as exc:
            self.ctx.show_error(exc)
            return
        self._done(f"已写出 {len(paths)} 个省级平台数据包，请交 {code} 依次导入。")

    def settle_release(self, take: bool) -> None:
        release_id = _selected(self.releases)
        if release_id is None:
            return
        try:
            with self.ctx.session() as s:
                packages_releases.settle_template_release(s, release_id, take=take)
        except Exception as exc:
            self.ctx.show_error(exc)
            return
        self.refresh()
        self.ctx.changed("letters")

    def export_key(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "导出本机公钥", "本机公钥.pem", "公钥 (*.pem)")
        if not path:
            return
        with self.ctx.session() as s:
            Path(path).write_text(packages.ensure_own_key(s).pem, encoding="ascii")

    def trust_key(self, path: str | None = None, org_code: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "选择对方的公钥文件", "", "公钥 (*.pem);;所有文件 (*)")
        if not path:
            return
        if org_code is None:
            org_code, ok = QInputDialog.getText(self, "登记可信公钥", "对方的统一社会信用代码（省级平台填 province）：")
            if not ok:
                return
        try:
            with self.ctx.session() as s:
                info = packages.trust_key(s, Path(path).read_bytes(), org_code)
        except Exception as exc:
            self.ctx.show_error(exc)
            return
        self.refresh()
        QMessageBox.information(self, "登记可信公钥", f"已登记。请与对方电话核对指纹：\n{info.fingerprint}")

    def remove_key(self) -> None:
        trusted_id = _selected(self.trusted)
        if trusted_id is None:
            return
        with self.ctx.session() as s:
            packages.remove_trusted(s, trusted_id)
        self.refresh()
