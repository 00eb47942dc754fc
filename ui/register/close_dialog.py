"""办结: exactly one outcome code, the reply date, the legal basis (required for every refusal, art. 36(三),
art. 37), the withheld parts of a partial disclosure, and the negative-list items the decision rests on."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
)

from app import register
from app.register.codes import OUTCOMES, REFUSALS
from ui.register.actions import ActionDialog
from ui.register.common import ERROR_STYLE, HINT_STYLE

# Closed through their own actions (补正 / 收费), which check the preconditions.
SEPARATE_ACTIONS = ("closed_no_correction", "closed_fee_unpaid")


class CloseDialog(ActionDialog):
    title = "办结"
    intro = "选择一个办理结果。不予公开（含部分公开）须写明法律依据，具体到条、款、项。"

    def build(self) -> None:
        combo = QComboBox()
        combo.addItem("（请选择办理结果）", None)
        for code, label in OUTCOMES.items():
            if code not in SEPARATE_ACTIONS:
                combo.addItem(label, code)
        combo.setMaxVisibleItems(25)
        self.add("outcome", "办理结果", combo)
        self.date("replied_on", "答复日期")
        self.text("legal_basis", "法律依据", "如：《中华人民共和国政府信息公开条例》第十四条", multiline=True)
        self.basis_hint = QLabel()
        self.form.addRow("", self.basis_hint)
        self.text("withheld", "不予公开的部分", "部分公开时写明不予公开的内容及理由（条例第三十七条）",
                  multiline=True)
        self.suggest_title = QLabel("负面清单中可能相关的事项（勾选后引用，并可填入法律依据）：")
        self.suggest_title.setStyleSheet(HINT_STYLE)
        self.suggestions = QListWidget()
        self.suggestions.setMinimumHeight(130)
        self.suggestions.setWordWrap(True)
        self.suggestions.itemChanged.connect(self._suggestion_checked)
        self.use_basis = QPushButton("把勾选事项的依据填入法律依据")
        self.use_basis.clicked.connect(self.fill_basis_from_items)
        self.form.addRow(self.suggest_title)
        self.form.addRow(self.suggestions)
        self.form.addRow("", self.use_basis)
        self.text("note", "备注", "可选")
        combo.currentIndexChanged.connect(self._outcome_changed)
        self.setMinimumWidth(720)
        self._outcome_changed()

    # -- outcome-dependent parts ------------------------------------------------------------------------
    def outcome(self) -> str | None:
        combo = self.inputs["outcome"]
        assert isinstance(combo, QComboBox)
        return combo.currentData()

    def _outcome_changed(self) -> None:
        outcome = self.outcome()
        refusal = outcome in REFUSALS
        self.inputs["withheld"].setEnabled(outcome == "partial")
        self.basis_hint.setText("必填：不予公开或部分公开须写明法律依据（条例第三十六条第（三）项）" if refusal
                                else "予以公开、无法提供或不予处理时可不填；如引用条款也可填写")
        self.basis_hint.setStyleSheet(ERROR_STYLE if refusal else HINT_STYLE)
        for w in (self.suggest_title, self.suggestions, self.use_basis):
            w.setVisible(refusal)
        if refusal:
            self.load_suggestions()

    def load_suggestions(self) -> None:
        from app import negative_list

        outcome = self.outcome()
        with self.ctx.read_session() as s:
            items = negative_list.suggest_items(s, self.info.get("content") or "", limit=8,
                                                outcome=outcome if outcome != "partial" else None)
            cited = set(negative_list.cited_item_ids(s, self.app_id))
        self.suggestions.blockSignals(True)
        self.suggestions.clear()
        for it in items:
            entry = QListWidgetItem(f"{it.name}　〔{it.category_label}〕\n依据：{it.basis_law}{it.basis_article}")
            entry.setData(Qt.ItemDataRole.UserRole, it.item_id)
            entry.setData(Qt.ItemDataRole.UserRole + 1, f"{it.basis_law}{it.basis_article}")
            entry.setToolTip(it.basis_text)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Checked if it.item_id in cited else Qt.CheckState.Unchecked)
            self.suggestions.addItem(entry)
        if not items:
            empty = QListWidgetItem("负面清单中没有与申请内容相近的事项。")
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.suggestions.addItem(empty)
        self.suggestions.blockSignals(False)

    def checked_item_ids(self) -> list[int]:
        out = []
        for i in range(self.suggestions.count()):
            item = self.suggestions.item(i)
            if item.checkState() == Qt.CheckState.Checked and item.data(Qt.ItemDataRole.UserRole) is not None:
                out.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def check_item(self, item_id: int) -> None:
        for i in range(self.suggestions.count()):
            item = self.suggestions.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == item_id:
                item.setCheckState(Qt.CheckState.Checked)

    def _suggestion_checked(self, _item) -> None:
        if not self.value("legal_basis"):
            self.fill_basis_from_items()

    def fill_basis_from_items(self) -> None:
        bases = []
        for i in range(self.suggestions.count()):
            item = self.suggestions.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                text = item.data(Qt.ItemDataRole.UserRole + 1)
                if text and text not in bases:
                    bases.append(text)
        if bases:
            self.set("legal_basis", "；".join(bases))

    # -- writing --------------------------------------------------------------------------------------------
    def apply(self, session) -> None:
        from app import negative_list
        from app.errors import ValidationError

        outcome = self.outcome()
        if outcome is None:
            raise ValidationError("请选择一个办理结果。")
        register.close(session, self.app_id, outcome, replied_on=self.value("replied_on"),
                       legal_basis=self.value("legal_basis"), withheld=self.value("withheld"),
                       note=self.value("note"), today=self.today)
        if outcome in REFUSALS:
            ids = self.checked_item_ids()
            if ids:
                negative_list.cite_items(session, self.app_id, ids)
