"""The step a letter records on its application (docs/spec/command-line.md, `letter`).

Issuing a 补正告知书, 延期答复告知书, 收费通知书 or 答复书 is that step of the case: when the step is not
recorded yet it is recorded with the letter (same unit of work: letter + step + audit), and a letter the
case's state does not allow is refused. Facts the step needs and the letter does not carry come as the
letter's extra fields (`--set key=value`).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from app.errors import ConflictError, ValidationError
from app.register.common import ApplicationState, get_application, load_children, state_of
from app.register.workflow import close, record_correction_notice, record_extension, record_fee_notice

# Kinds that are a step of the case; other letters (receipt, consultation letters) record nothing.
STEP_KINDS = ("correction", "extension", "fee", "reply")

# The extra fields a step reads, with their Chinese labels (for the message naming a missing one).
STEP_FIELDS = {
    "correction_items": "需要补正的事项",
    "correction_days": "补正期限（工作日数）",
    "extension_days": "延长的工作日数",
    "approver": "同意延期的负责人",
    "extension_approved_on": "延期批准日期",
    "fee_amount": "收费金额",
    "fee_method": "收费方式（按件或按量）",
    "legal_basis": "法律依据",
    "withheld": "不予公开的部分",
}


# The fields each step needs when it is not recorded yet.
_NEEDS = {"correction": ("correction_items", "correction_days"), "extension": ("extension_days", "approver"),
          "fee": ("fee_amount", "fee_method")}
_FEE_METHODS = {"per_request": "per_request", "按件": "per_request", "按件计收": "per_request",
                "per_page": "per_page", "按量": "per_page", "按量计收": "per_page"}


def _missing(kind_label: str, names: list[str]) -> ValidationError:
    listed = "、".join(f"{STEP_FIELDS[n]}（{n}）" for n in names)
    return ValidationError(f"出具{kind_label}须同时登记该办理步骤，还缺少以下内容：{listed}。",
                           details=[f"{STEP_FIELDS[n]}（{n}）" for n in names])


def _absent(extra: dict, names) -> list[str]:
    return [n for n in names if not str(extra.get(n) or "").strip()]


def missing_step_fields(session: Session, application_id: int, kind: str, extra: dict | None = None
                        ) -> list[tuple[str, str]]:
    """(field, Chinese label) the letter's step still needs, for a preview to ask for; [] when the step is
    recorded, the case closed (issuing is then refused with the reason) or the kind is no step."""
    if kind not in _NEEDS:
        return []
    app = get_application(session, application_id)
    children = load_children(session, app.id)
    recorded = {"correction": children.correction, "extension": children.extension, "fee": children.fee}[kind]
    if app.outcome is not None or recorded is not None:
        return []
    return [(n, STEP_FIELDS[n]) for n in _absent(dict(extra or {}), _NEEDS[kind])]


def step_letter_date(session: Session, application_id: int, kind: str) -> dt.date | None:
    """The date a 补正 or fee letter must bear when its step is already recorded (the day of the notice)."""
    children = load_children(session, application_id)
    if kind == "correction" and children.correction is not None:
        return children.correction.notified_on
    if kind == "fee" and children.fee is not None:
        return children.fee.notified_on
    return None


def record_letter_step(session: Session, application_id: int, kind: str, *, letter_date: dt.date,
                       outcome: str | None = None, extra: dict | None = None,
                       today: dt.date | None = None) -> ApplicationState | None:
    """Record (or check) the step the letter of ``kind`` is; None for kinds that are no step."""
    if kind not in STEP_KINDS:
        return None
    extra = dict(extra or {})
    app = get_application(session, application_id)
    children = load_children(session, app.id)
    if kind == "reply":
        if app.outcome is not None:
            if outcome and outcome != app.outcome:
                raise ConflictError(f"申请 {app.serial} 已按“{app.outcome}”办结，答复书的办理结果“{outcome}”与之不符。")
            return state_of(app)
        if not outcome:
            raise ConflictError(f"申请 {app.serial} 尚未办结，请先登记办理结果（办结）再出具答复书"
                                "（命令行可用 --outcome 给出办理结果）。")
        return close(session, app.id, outcome, replied_on=letter_date, legal_basis=extra.get("legal_basis"),
                     withheld=extra.get("withheld"), today=today)
    recorded = {"correction": children.correction, "extension": children.extension, "fee": children.fee}[kind]
    if app.outcome is not None and recorded is None:
        # A closed case takes no new step; the letter of a step it recorded (imported history, a reprint of
        # the notice on its own date) documents that step and changes nothing.
        raise ConflictError(f"申请 {app.serial} 已办结，不能再出具{_LABELS[kind]}。")
    if kind == "correction":
        corr = children.correction
        if corr is not None:
            if corr.notified_on != letter_date:
                raise ConflictError(
                    f"申请 {app.serial} 已于 {corr.notified_on.isoformat()} 登记补正告知，补正应一次性告知（条例第三十条）；"
                    f"补正告知书的成文日期应为该日（--date {corr.notified_on.isoformat()}）。")
            return state_of(app)
        names = _absent(extra, _NEEDS[kind])
        if names:
            raise _missing(_LABELS[kind], names)
        return record_correction_notice(session, app.id, letter_date, extra["correction_items"],
                                        extra["correction_days"], today=today)
    if kind == "extension":
        if children.extension is not None:
            return state_of(app)
        names = _absent(extra, _NEEDS[kind])
        if names:
            raise _missing(_LABELS[kind], names)
        return record_extension(session, app.id, extra.get("extension_approved_on") or letter_date,
                                extra["extension_days"], extra["approver"], today=today)
    if children.fee is not None:
        if children.fee.notified_on != letter_date:
            raise ConflictError(
                f"申请 {app.serial} 已于 {children.fee.notified_on.isoformat()} 登记收费通知；"
                f"收费通知书的成文日期应为该日（--date {children.fee.notified_on.isoformat()}）。")
        return state_of(app)
    names = _absent(extra, _NEEDS[kind])
    if names:
        raise _missing(_LABELS[kind], names)
    method = _FEE_METHODS.get(str(extra["fee_method"]).strip())
    if method is None:
        raise ValidationError(f"收费方式“{extra['fee_method']}”应为按件计收（per_request）或按量计收（per_page）。")
    return record_fee_notice(session, app.id, letter_date, extra["fee_amount"], method, today=today)


_LABELS = {"correction": "补正告知书", "extension": "延期答复告知书", "fee": "收费通知书", "reply": "答复书"}
