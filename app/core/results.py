"""What an import changed: one result type, one vocabulary, for every area.

Every area's `import_rows` / `import_records` / `apply_records` returns an `ImportResult`; the Excel
import, the packages, the CLI and the UI read its fields directly and show them with `COUNT_LABELS`."""

from __future__ import annotations

from dataclasses import dataclass, field

# The counts of every import, in the order they are shown, with their one Chinese word.
COUNT_LABELS = (("created", "新增"), ("updated", "更新"), ("deleted", "删除"), ("unchanged", "未变化"))


@dataclass
class ImportResult:
    """Counts of the records an import or an apply read, each record counted once.
    A few areas add what only they report (the fields after the counts; empty elsewhere)."""

    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0  # identical to what is held, or not newer than it
    ids: list[int] = field(default_factory=list)  # negative list rows: the item each row became, in order
    serials_assigned: int = 0  # register: serials given to records that had none
    offices_created: list[str] = field(default_factory=list)  # register: org codes of offices first met
    official_years: list[int] = field(default_factory=list)  # calendar: years marked complete official data

    @property
    def total(self) -> int:
        return self.created + self.updated + self.deleted + self.unchanged

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted

    def counts(self) -> dict[str, int]:
        """The four counts by name (packages sum them over batches and store them)."""
        return {key: getattr(self, key) for key, _ in COUNT_LABELS}

    def add(self, other: ImportResult) -> None:
        """Add another batch's result to this one."""
        for key, _ in COUNT_LABELS:
            setattr(self, key, getattr(self, key) + getattr(other, key))
        self.ids += other.ids
        self.serials_assigned += other.serials_assigned
        self.offices_created += other.offices_created
        self.official_years += other.official_years

    def summary(self) -> str:
        """新增3条，更新1条，未变化7条 (counts of zero left out; 没有记录 when all are zero), then what only
        some areas report. No final full stop: callers end the sentence."""
        text = count_text(self.counts())
        if self.serials_assigned:
            text += f"；自动编号{self.serials_assigned}条"
        if self.offices_created:
            text += "；新登记的机关：" + "、".join(self.offices_created)
        if self.official_years:
            text += "；标记为正式数据的年份：" + "、".join(str(y) for y in self.official_years)
        return text


def count_text(counts: dict[str, int]) -> str:
    """The words of COUNT_LABELS for a dict of counts (also for counts stored by the packages)."""
    parts = [f"{label}{counts[key]}条" for key, label in COUNT_LABELS if counts.get(key)]
    return "，".join(parts) if parts else "没有记录"
