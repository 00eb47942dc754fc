"""Releases from the platform, after a province package is applied: what changed for the clerk.

An official calendar for a year (docs/spec/packages.md section 5.4) changes working days, so every open
deadline is computed again here, in the same unit of work as the import, and the dates that moved are
returned for the clerk. (The window's own calendar edits use app/workbench/recompute.py, which sits above
this area; the two steps are the same: the register's due dates and the ledger's 政策解读 days.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.orm import Session


@dataclass
class MovedDate:
    serial: str
    old: dt.date | None
    new: dt.date | None


@dataclass
class ReleaseReport:
    official_years: list[int] = field(default_factory=list)
    calendar_changes: int = 0
    template_changes: int = 0
    template_pending: int = 0
    negative_list_changes: int = 0
    moved: list[MovedDate] = field(default_factory=list)

    @property
    def message(self) -> str:
        parts: list[str] = []
        if self.calendar_changes:
            years = "、".join(str(y) for y in self.official_years)
            parts.append(f"工作日历更新{self.calendar_changes}项" + (f"（已有官方数据的年份：{years}）" if years else ""))
            parts.append(f"{len(self.moved)}件申请的答复期限随之改变" if self.moved else "没有申请的答复期限因此改变")
        if self.template_changes:
            parts.append(f"文书模板与法律依据更新{self.template_changes}项")
        if self.template_pending:
            parts.append(f"{self.template_pending}项文书文字与本机关自己的文字不同，未覆盖，请在“数据交换 → 平台下发”中决定")
        if self.negative_list_changes:
            parts.append(f"负面清单指导事项更新{self.negative_list_changes}项")
        return ("平台下发：" + "，".join(parts) + "。") if parts else ""


def _changed(counts: dict | None) -> int:
    counts = counts or {}
    return sum(int(counts.get(k, 0)) for k in ("created", "updated", "deleted"))


def after_province_package(session: Session, counts: dict[str, dict]) -> ReleaseReport:
    """Called after a province package was applied in `session`: recompute when the calendar changed."""
    report = ReleaseReport(calendar_changes=_changed(counts.get("calendar")),
                           template_changes=_changed(counts.get("templates")),
                           template_pending=int((counts.get("templates") or {}).get("pending", 0)),
                           negative_list_changes=_changed(counts.get("negative_list")))
    if report.calendar_changes:
        from app.calendar import load_calendar, official_years
        from app.ledger.activities import recompute_interpretation_due
        from app.register.clock import recompute_deadlines

        calendar = load_calendar(session)
        report.moved = [MovedDate(m.serial, m.old, m.new) for m in recompute_deadlines(session, calendar)
                        if m.old != m.new]
        recompute_interpretation_due(session, calendar)
        report.official_years = sorted(official_years(session))
    return report


# -- letter wording and legal bases: versions, never over the office's own text without asking --------------------
@dataclass
class TemplateReleaseInfo:
    id: int
    kind: str
    key: str
    text: str | None
    office_text: str | None  # the office's wording now (None: the shipped one)
    state: str
    released_at: str
    package_id: str


STATE_LABELS = {"applied": "已采用", "pending": "待决定（本机关有自己的文字）", "taken": "已采用（经确认）",
                "kept_own": "保留本机关文字", "superseded": "已被更新版本取代"}


def _office_text(session: Session, kind: str, key: str) -> str | None:
    from app.letters import template_overrides

    return template_overrides(session, kind).get(key)


def _last_platform_text(session: Session, kind: str, key: str) -> tuple[bool, str | None]:
    """(whether the office ever took a platform text for this key, that text)."""
    from sqlalchemy import select

    from app.storage.models.packages import TemplateRelease

    row = session.execute(select(TemplateRelease).where(
        TemplateRelease.kind == kind, TemplateRelease.key == key,
        TemplateRelease.state.in_(("applied", "taken"))).order_by(TemplateRelease.id.desc()).limit(1)
    ).scalar_one_or_none()
    return (row is not None, row.text if row is not None else None)


def _use(session: Session, kind: str, key: str, text: str | None) -> None:
    from app.letters import reset_template_override, save_template_override

    if text is None:
        reset_template_override(session, kind, key)
    else:
        save_template_override(session, kind, key, text)


def apply_template_release(session: Session, lines, path: str, package_id: str) -> dict:
    """`templates.jsonl` from the platform: each {kind, key, text} (deleted: withdrawn) becomes a version.
    Applied at once where the office's wording is the shipped one or the platform's previous text; kept
    `pending` where the office wrote its own (the clerk decides: settle_template_release)."""
    import json

    from sqlalchemy import select

    from app.core import audit
    from app.errors import ValidationError
    from app.storage.models.packages import TemplateRelease

    counts = {"updated": 0, "unchanged": 0, "pending": 0}
    for n, raw in enumerate(lines, 1):
        try:
            rec = json.loads(raw)
        except (ValueError, RecursionError):
            raise ValidationError(f"文书模板数据（{path} 第{n}行）不是有效的 JSON，已拒绝导入。") from None
        kind, key = rec.get("kind") if isinstance(rec, dict) else None, rec.get("key") if isinstance(rec, dict) else None
        if not isinstance(kind, str) or not isinstance(key, str):
            raise ValidationError(f"文书模板数据第{n}条缺少 kind 或 key，已拒绝导入。")
        text = None if rec.get("deleted") else rec.get("text")
        if not rec.get("deleted") and not isinstance(text, str):
            raise ValidationError(f"文书模板数据第{n}条缺少文字（text），已拒绝导入。")
        current = _office_text(session, kind, key)
        took_before, previous = _last_platform_text(session, kind, key)
        own = current is not None and not (took_before and current == previous)
        for old in session.execute(select(TemplateRelease).where(
                TemplateRelease.kind == kind, TemplateRelease.key == key,
                TemplateRelease.state == "pending")).scalars():
            old.state = "superseded"
            audit.record(session, old, "update", note="平台发布了更新的版本")
        if current == text:
            state = "applied"
            counts["unchanged"] += 1
        elif own:
            state = "pending"
            counts["pending"] += 1
        else:
            _use(session, kind, key, text)
            state = "applied"
            counts["updated"] += 1
        row = TemplateRelease(kind=kind, key=key, text=text, package_id=package_id,
                              released_at=str(rec.get("updated_at") or "")[:40], state=state)
        session.add(row)
        audit.record(session, row, "create", note="平台下发文书模板")
    return {k: v for k, v in counts.items() if v}


def list_template_releases(session: Session, *, pending_only: bool = False) -> list[TemplateReleaseInfo]:
    from sqlalchemy import select

    from app.storage.models.packages import TemplateRelease

    stmt = select(TemplateRelease).order_by(TemplateRelease.id.desc())
    if pending_only:
        stmt = stmt.where(TemplateRelease.state == "pending")
    return [TemplateReleaseInfo(r.id, r.kind, r.key, r.text, _office_text(session, r.kind, r.key), r.state,
                                r.released_at, r.package_id) for r in session.execute(stmt).scalars()]


def settle_template_release(session: Session, release_id: int, *, take: bool) -> TemplateReleaseInfo:
    """The clerk's answer for a pending version: take the platform's text, or keep the office's own."""
    from app.core import audit
    from app.errors import ValidationError
    from app.storage.base import utcnow
    from app.storage.models.packages import TemplateRelease

    row = session.get(TemplateRelease, release_id)
    if row is None or row.state != "pending":
        raise ValidationError("该平台下发的文书模板不在待决定状态。")
    if take:
        _use(session, row.kind, row.key, row.text)
    row.state = "taken" if take else "kept_own"
    row.settled_by, row.settled_at = session.info.get("operator"), utcnow()
    audit.record(session, row, "update", note="采用平台文字" if take else "保留本机关文字")
    return next(i for i in list_template_releases(session) if i.id == row.id)
