"""The register's workflow (受理→登记→拟办→会商→审核→答复→归档) and the clock actions that move the due date."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.calendar import load_calendar
from app.core import audit
from app.domain.deadlines import late_working_days
from app.errors import ConflictError, NotFoundError, ValidationError
from app.register.clock import compute_for, refresh_due
from app.register.codes import (
    APPROVAL_STEP,
    CONSULTATION_PARTIES,
    FEE_METHODS,
    OUTCOMES,
    REFUSALS,
    STEP_LABELS,
    STEPS,
)
from app.register.common import (
    ApplicationState,
    ScanFile,
    add_event,
    clean_text,
    document_type,
    get_application,
    load_children,
    operator,
    parse_date,
    require_open,
    set_document_type,
    state_of,
    store_attachment,
    touch,
)
from app.register.periods import check_correction_closing, check_extension_in_time, check_fee_closing
from app.register.validation import FIELD_LABELS, FIELD_PATHS, validate_fields
from app.reports.year_lock import assert_unlocked
from app.storage.models.register import (
    Application,
    ApplicationEvent,
    Consultation,
    Correction,
    Extension,
    FeeNotice,
)

MAX_EXTENSION_DAYS = 20  # 条例 art. 33 para 2
# Art. 30 asks for a "reasonable" 补正 period without a number; this bound only catches typing errors.
MAX_CORRECTION_PERIOD_DAYS = 60
_ARTICLE = re.compile(r"第[〇零一二三四五六七八九十百千0-9]+条")


def _not_future(day: dt.date, what: str, today: dt.date | None) -> None:
    if day > (today or dt.date.today()):
        raise ValidationError(f"{what}（{day.isoformat()}）晚于今天。")


def _not_before(day: dt.date, earlier: dt.date, what: str, earlier_what: str) -> None:
    if day < earlier:
        raise ValidationError(f"{what}（{day.isoformat()}）早于{earlier_what}（{earlier.isoformat()}）。")


def _changed(session: Session, app: Application, today: dt.date | None) -> ApplicationState:
    refresh_due(session, app, today=today)
    touch(session, app)
    return state_of(app)


# -- editing -------------------------------------------------------------------------------------------
def update_application(session: Session, application_id: int, changes: dict, *, today: dt.date | None = None
                       ) -> ApplicationState:
    """Correct the registered data (applicant, content, receipt date…) of an open application.

    `changes` may carry "applicant_id_type" (a code of ID_TYPES, or None to keep no type); without it the
    type kept beside the application stays and the number is checked against it."""
    app = get_application(session, application_id)
    require_open(app)
    current = {c: getattr(app, c) for c in FIELD_PATHS}
    unknown = set(changes) - set(FIELD_PATHS) - {"applicant_id_type"}
    if unknown:
        raise ValidationError(f"不能修改字段：{'、'.join(sorted(unknown))}。")
    stored_type = document_type(session, app.id)
    current["applicant_id_type"] = stored_type
    current.update(changes)
    clean, problems = validate_fields(current, today=today, strict=True)
    if problems:
        raise ValidationError(problems[0][1] + "。", details=[m for _, m in problems])
    changed = [c for c in FIELD_PATHS if clean[c] != getattr(app, c)]
    new_type = current["applicant_id_type"]
    if not changed and new_type == stored_type:
        return state_of(app)
    if "received_on" in changed or "applicant_kind" in changed:
        assert_unlocked(session, app.office_id, app.received_on, clean["received_on"])
    for c in changed:
        setattr(app, c, clean[c])
    if set_document_type(session, app, new_type):
        changed.append("applicant_id_type")
    labels = FIELD_LABELS | {"applicant_id_type": "证件类型"}
    add_event(session, app, "update", opinion="修改：" + "、".join(labels[c] for c in changed))
    return _changed(session, app, today)


# -- workflow steps ---------------------------------------------------------------------------------------
def _last_arrival_event_id(session: Session, app: Application) -> int:
    """Id of the event that brought the application to its current step (0 if it started there)."""
    value = session.execute(
        select(ApplicationEvent.id)
        .where(ApplicationEvent.application_id == app.id, ApplicationEvent.to_step == app.status)
        .order_by(ApplicationEvent.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    return int(value or 0)


def has_current_approval(session: Session, app: Application) -> bool:
    """Whether the head's approval was recorded at the current step since the application arrived there."""
    since = _last_arrival_event_id(session, app)
    return session.execute(
        select(ApplicationEvent.id).where(
            ApplicationEvent.application_id == app.id,
            ApplicationEvent.action == "approve",
            ApplicationEvent.step == app.status,
            ApplicationEvent.id > since,
        )
    ).first() is not None


def advance(session: Session, application_id: int, *, opinion: str | None = None,
            today: dt.date | None = None) -> ApplicationState:
    """Move to the next step, recording who, when and the opinion given at the step left."""
    app = get_application(session, application_id)
    index = STEPS.index(app.status)
    if index == len(STEPS) - 1:
        raise ConflictError(f"申请 {app.serial} 已归档，没有下一步。")
    target = STEPS[index + 1]
    if app.status == APPROVAL_STEP and not has_current_approval(session, app):
        raise ConflictError(
            f"申请 {app.serial} 尚未登记政府信息公开工作机构负责人的审批意见，请先录入线下签批（负责人姓名、日期、扫描件）。"
        )
    if target == "archive" and app.outcome is None:
        raise ConflictError(f"申请 {app.serial} 尚未办结（未登记办理结果），不能归档。")
    if app.outcome is not None and target != "archive":
        raise ConflictError(f"申请 {app.serial} 已办结，只能归档。")
    add_event(session, app, "advance", to_step=target, opinion=opinion)
    app.status = target
    touch(session, app)
    return state_of(app)


def send_back(session: Session, application_id: int, reason: str, *, to_step: str | None = None,
              today: dt.date | None = None) -> ApplicationState:
    """Return the application to an earlier step with a reason (e.g. 审核 sends a draft back to 拟办)."""
    app = get_application(session, application_id)
    require_open(app)
    reason = clean_text(reason)
    if not reason:
        raise ValidationError("退回时必须填写退回理由。")
    index = STEPS.index(app.status)
    if index == 0:
        raise ConflictError(f"申请 {app.serial} 处于第一步“受理”，不能退回。")
    target = to_step or STEPS[index - 1]
    if target not in STEPS or STEPS.index(target) >= index:
        raise ValidationError(f"只能退回到“{STEP_LABELS[app.status]}”之前的步骤。")
    add_event(session, app, "send_back", to_step=target, reason=reason)
    app.status = target
    touch(session, app)
    return state_of(app)


def _check_approver(session: Session, approver_name: str | None, what: str) -> str:
    name = clean_text(approver_name)
    if not name:
        raise ValidationError(f"{what}须填写政府信息公开工作机构负责人的姓名。")
    # The clerk who types in a paper approval is recorded as the actor, never as the approver.
    if name == operator(session):
        raise ValidationError(f"{what}的审批人应为负责人本人，不能填写录入人“{name}”。")
    return name


def record_approval(session: Session, application_id: int, approver_name: str, approved_on, *,
                    scan: ScanFile | None = None, opinion: str | None = None,
                    today: dt.date | None = None) -> ApplicationState:
    """Record an approval given outside the system: the head's name, the date signed and the scan."""
    app = get_application(session, application_id)
    require_open(app)
    name = _check_approver(session, approver_name, "审批")
    day = parse_date(approved_on, "审批日期")
    _not_future(day, "审批日期", today)
    _not_before(day, app.received_on, "审批日期", "收到申请日期")
    attachment = store_attachment(session, app.id, scan) if scan is not None else None
    add_event(session, app, "approve", opinion=opinion, approver_name=name, approved_on=day,
              attachment_id=attachment.id if attachment else None)
    touch(session, app)
    return state_of(app)


# -- 补正 (art. 30) -------------------------------------------------------------------------------------------
def _period_days(value) -> int:
    try:
        days = int(value)
    except (TypeError, ValueError):
        raise ValidationError(f"补正期限“{value}”应为工作日数（整数）。") from None
    if not 1 <= days <= MAX_CORRECTION_PERIOD_DAYS:
        raise ValidationError(f"补正期限应为1至{MAX_CORRECTION_PERIOD_DAYS}个工作日，而不是{days}个工作日。")
    return days


def record_correction_notice(session: Session, application_id: int, notified_on, content: str, period_days, *,
                             delivered_on=None, today: dt.date | None = None) -> ApplicationState:
    """Record the one-time notice to correct (条例 art. 30: due within 7 working days of receipt, naming the
    items to correct and a reasonable period). ``period_days``: the period the notice gives, in working days
    from the day after the applicant received it; ``delivered_on``: that day, when already known."""
    app = get_application(session, application_id)
    require_open(app)
    day = parse_date(notified_on, "告知补正日期")
    _not_future(day, "告知补正日期", today)
    _not_before(day, app.received_on, "告知补正日期", "收到申请日期")
    content = clean_text(content)
    if not content:
        raise ValidationError("请写明需要补正的事项（条例第三十条）。")
    if period_days is None:
        raise ValidationError("请写明告知书给出的补正期限（工作日数，条例第三十条“合理的补正期限”）。")
    days = _period_days(period_days)
    delivered = _delivery(delivered_on, day, "补正告知书", today)
    if load_children(session, app.id).correction is not None:
        raise ConflictError(f"申请 {app.serial} 已告知过补正；补正应一次性告知（条例第三十条）。")
    corr = Correction(application_id=app.id, notified_on=day, notice_content=content, period_days=days,
                      delivered_on=delivered)
    session.add(corr)
    audit.record(session, corr, "create")
    add_event(session, app, "correction_notice", opinion=f"{content}（补正期限{days}个工作日）")
    return _changed(session, app, today)


def _delivery(value, notified: dt.date, what: str, today: dt.date | None) -> dt.date | None:
    if value is None or value == "":
        return None
    day = parse_date(value, f"申请人收到{what}日期")
    _not_future(day, f"申请人收到{what}日期", today)
    _not_before(day, notified, f"申请人收到{what}日期", "发出日期")
    return day


def record_notice_delivered(session: Session, application_id: int, notice: str, delivered_on, *,
                            period_days=None, today: dt.date | None = None) -> ApplicationState:
    """The applicant received the 补正 notice (``notice`` = "correction") or the fee notice ("fee"): the
    period it gives runs from the next day. For a 补正 notice recorded before its period was stored,
    ``period_days`` records that period too."""
    app = get_application(session, application_id)
    require_open(app)
    children = load_children(session, app.id)
    if notice == "correction":
        row: Correction | FeeNotice | None = children.correction
        what = "补正告知书"
    elif notice == "fee":
        row, what = children.fee, "收费通知"
    else:
        raise ValidationError(f"送达的文书应为补正告知书（correction）或收费通知（fee），而不是“{notice}”。")
    if row is None:
        raise ConflictError(f"申请 {app.serial} 没有{what}的记录。")
    if row.delivered_on is not None:
        raise ConflictError(f"申请 {app.serial} 已登记申请人于 {row.delivered_on.isoformat()} 收到{what}。")
    day = _delivery(delivered_on, row.notified_on, what, today)
    if day is None:
        raise ValidationError(f"请填写申请人收到{what}的日期。")
    if period_days not in (None, ""):
        if not isinstance(row, Correction):
            raise ValidationError("缴费期限为收到收费通知次日起20个工作日，不能另行登记。")
        if row.period_days is not None:
            raise ConflictError(f"申请 {app.serial} 的补正期限已登记为{row.period_days}个工作日。")
        row.period_days = _period_days(period_days)
    row.delivered_on = day
    audit.record(session, row, "update")
    add_event(session, app, "notice_delivered", opinion=f"申请人于{day.isoformat()}收到{what}")
    return _changed(session, app, today)


def _open_correction(session: Session, app: Application) -> Correction:
    corr = load_children(session, app.id).correction
    if corr is None:
        raise ConflictError(f"申请 {app.serial} 没有告知补正的记录。")
    if corr.received_on is not None:
        raise ConflictError(f"申请 {app.serial} 已于 {corr.received_on.isoformat()} 收到补正。")
    return corr


def record_correction_received(session: Session, application_id: int, received_on, *,
                               today: dt.date | None = None) -> ApplicationState:
    """The corrected application arrived: the reply period runs again in full from this day (art. 30)."""
    app = get_application(session, application_id)
    require_open(app)
    corr = _open_correction(session, app)
    day = parse_date(received_on, "收到补正日期")
    _not_future(day, "收到补正日期", today)
    _not_before(day, corr.notified_on, "收到补正日期", "告知补正日期")
    corr.received_on = day
    audit.record(session, corr, "update")
    add_event(session, app, "correction_received")
    return _changed(session, app, today)


def record_no_correction(session: Session, application_id: int, closed_on, *, note: str | None = None,
                         today: dt.date | None = None) -> ApplicationState:
    """No correction without good reason: the application is deemed abandoned (art. 30)."""
    app = get_application(session, application_id)
    require_open(app)
    _open_correction(session, app)
    return close(session, application_id, "closed_no_correction", replied_on=closed_on, note=note, today=today)


# -- 征求意见 (art. 32, 34) -----------------------------------------------------------------------------------
def start_consultation(session: Session, application_id: int, party: str, sent_on, *,
                       party_name: str | None = None, today: dt.date | None = None) -> int:
    """Record a consultation letter sent; the clock stops from that day (art. 33 para 3). Returns its id."""
    app = get_application(session, application_id)
    require_open(app)
    if party not in CONSULTATION_PARTIES:
        raise ValidationError(f"征求意见对象应为第三方或其他机关，而不是“{party}”。")
    day = parse_date(sent_on, "发出征求意见书日期")
    _not_future(day, "发出征求意见书日期", today)
    _not_before(day, app.received_on, "发出征求意见书日期", "收到申请日期")
    cons = Consultation(application_id=app.id, party=party, party_name=clean_text(party_name), sent_on=day)
    session.add(cons)
    audit.record(session, cons, "create")
    add_event(session, app, "consultation_start",
              opinion=f"向{CONSULTATION_PARTIES[party]}{('“' + cons.party_name + '”') if cons.party_name else ''}征求意见")
    _changed(session, app, today)
    return cons.id


def end_consultation(session: Session, consultation_id: int, ended_on, *, opinion: str | None = None,
                     today: dt.date | None = None) -> ApplicationState:
    """The opinion arrived (or the 15 working days of a silent party ended, art. 32/34): the clock runs again."""
    cons = session.get(Consultation, consultation_id)
    if cons is None:
        raise NotFoundError(f"没有编号为 {consultation_id} 的征求意见记录。")
    app = get_application(session, cons.application_id)
    require_open(app)
    if cons.ended_on is not None:
        raise ConflictError(f"该征求意见已于 {cons.ended_on.isoformat()} 结束。")
    day = parse_date(ended_on, "收到意见日期")
    _not_future(day, "收到意见日期", today)
    _not_before(day, cons.sent_on, "收到意见日期", "发出征求意见书日期")
    cons.ended_on = day
    cons.opinion = clean_text(opinion)
    audit.record(session, cons, "update")
    add_event(session, app, "consultation_end", opinion=cons.opinion)
    return _changed(session, app, today)


# -- 延期 (art. 33 para 2) ------------------------------------------------------------------------------------
def record_extension(session: Session, application_id: int, approved_on, working_days: int, approver: str, *,
                     notice: str | None = None, scan: ScanFile | None = None,
                     today: dt.date | None = None) -> ApplicationState:
    """Extend the reply period by at most 20 working days with the head's approval (art. 33 para 2)."""
    app = get_application(session, application_id)
    require_open(app)
    name = _check_approver(session, approver, "延期答复")
    day = parse_date(approved_on, "延期批准日期")
    _not_future(day, "延期批准日期", today)
    _not_before(day, app.received_on, "延期批准日期", "收到申请日期")
    try:
        days = int(working_days)
    except (TypeError, ValueError):
        raise ValidationError("延长的工作日数应为整数。") from None
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise ValidationError("延长的期限最长不得超过20个工作日（条例第三十三条）。")
    if load_children(session, app.id).extension is not None:
        raise ConflictError(f"申请 {app.serial} 已延期过一次，不能再次延期。")
    check_extension_in_time(app.serial, compute_for(session, app, today=today), day)
    attachment = store_attachment(session, app.id, scan) if scan is not None else None
    ext = Extension(application_id=app.id, approved_on=day, working_days=days, approver=name,
                    notice=clean_text(notice), attachment_id=attachment.id if attachment else None)
    session.add(ext)
    audit.record(session, ext, "create")
    add_event(session, app, "extension", opinion=f"延长{days}个工作日", approver_name=name, approved_on=day,
              attachment_id=ext.attachment_id)
    return _changed(session, app, today)


# -- 信息处理费 (art. 42; 国办函〔2020〕109号) -------------------------------------------------------------------
def record_fee_notice(session: Session, application_id: int, notified_on, amount_yuan, method: str, *,
                      delivered_on=None, today: dt.date | None = None) -> ApplicationState:
    """Record the fee notice; ``delivered_on``: the day the applicant received it, when already known (the 20
    working days to pay run from the next day)."""
    app = get_application(session, application_id)
    require_open(app)
    if method not in FEE_METHODS:
        raise ValidationError("收费方式应为按件计收或按量计收（国办函〔2020〕109号第三条）。")
    try:
        amount = Decimal(str(amount_yuan)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ValidationError(f"收费金额“{amount_yuan}”不是有效数字。") from None
    if amount <= 0:
        raise ValidationError("收费金额应大于零。")
    day = parse_date(notified_on, "收费通知日期")
    _not_future(day, "收费通知日期", today)
    _not_before(day, app.received_on, "收费通知日期", "收到申请日期")
    delivered = _delivery(delivered_on, day, "收费通知", today)
    if load_children(session, app.id).fee is not None:
        raise ConflictError(f"申请 {app.serial} 已发出过收费通知。")
    fee = FeeNotice(application_id=app.id, notified_on=day, amount_yuan=amount, method=method,
                    delivered_on=delivered)
    session.add(fee)
    audit.record(session, fee, "create")
    add_event(session, app, "fee_notice", opinion=f"{FEE_METHODS[method]}，金额{amount}元")
    return _changed(session, app, today)


def _open_fee(session: Session, app: Application) -> FeeNotice:
    fee = load_children(session, app.id).fee
    if fee is None:
        raise ConflictError(f"申请 {app.serial} 没有收费通知。")
    if fee.paid_on is not None:
        raise ConflictError(f"申请 {app.serial} 的信息处理费已于 {fee.paid_on.isoformat()} 缴纳。")
    return fee


def record_fee_paid(session: Session, application_id: int, paid_on, *, today: dt.date | None = None
                    ) -> ApplicationState:
    app = get_application(session, application_id)
    require_open(app)
    fee = _open_fee(session, app)
    day = parse_date(paid_on, "缴费日期")
    _not_future(day, "缴费日期", today)
    _not_before(day, fee.notified_on, "缴费日期", "收费通知日期")
    fee.paid_on = day
    audit.record(session, fee, "update")
    add_event(session, app, "fee_paid")
    return _changed(session, app, today)


def close_fee_unpaid(session: Session, application_id: int, closed_on, *, note: str | None = None,
                     today: dt.date | None = None) -> ApplicationState:
    """The fee was not paid in time: the application is deemed abandoned (docs/spec/legal-sources.md section 2)."""
    app = get_application(session, application_id)
    require_open(app)
    _open_fee(session, app)
    return close(session, application_id, "closed_fee_unpaid", replied_on=closed_on, note=note, today=today)


# -- closing ----------------------------------------------------------------------------------------------------
def close(session: Session, application_id: int, outcome: str, *, replied_on, legal_basis: str | None = None,
          withheld: str | None = None, note: str | None = None, today: dt.date | None = None) -> ApplicationState:
    """Record the decision (办理结果) and the day the reply or closing notice was issued."""
    app = get_application(session, application_id)
    require_open(app)
    if outcome not in OUTCOMES:
        raise ValidationError(f"办理结果“{outcome}”不在允许的取值中。")
    day = parse_date(replied_on, "答复日期")
    _not_future(day, "答复日期", today)
    _not_before(day, app.received_on, "答复日期", "收到申请日期")
    legal_basis = clean_text(legal_basis)
    withheld = clean_text(withheld)
    if outcome in REFUSALS:
        # A refusal must give reasons (art. 36(三)); for a partial disclosure the reasons for the
        # withheld content (art. 37). The office cites the article (and item) it relies on.
        if not legal_basis or not _ARTICLE.search(legal_basis):
            raise ValidationError("不予公开（含部分公开）须写明法律依据，具体到条、款、项（如“《条例》第十四条”）。")
    if outcome == "partial" and not withheld:
        raise ValidationError("部分公开须写明不予公开的部分及理由（条例第三十七条）。")
    children = load_children(session, app.id)
    corr, fee = children.correction, children.fee
    if outcome == "closed_no_correction" and (corr is None or corr.received_on is not None):
        raise ConflictError("只有已告知补正且申请人逾期未补正的申请，才能按“逾期不补正”办结（条例第三十条）。")
    if outcome == "unavailable_unclear" and corr is None:
        raise ConflictError("“补正后申请内容仍不明确”须先告知补正（条例第三十条）。")
    if outcome == "closed_fee_unpaid" and (fee is None or fee.paid_on is not None):
        raise ConflictError("只有已发出收费通知且申请人逾期未缴费的申请，才能按“逾期未缴纳信息处理费”办结。")
    calendar = load_calendar(session)
    if outcome == "closed_no_correction":
        assert corr is not None  # checked above
        check_correction_closing(calendar, app.serial, corr, day)
    if outcome == "closed_fee_unpaid":
        assert fee is not None
        check_fee_closing(calendar, app.serial, fee, day)
    assert_unlocked(session, app.office_id, day)
    refresh_due(session, app, calendar, today)
    late = (late_working_days(calendar, app.reply_due, day)
            if app.reply_due is not None and day > app.reply_due else None)
    app.outcome = outcome
    app.replied_on = day
    app.legal_basis = legal_basis
    app.withheld_parts = withheld if outcome == "partial" else None
    app.outcome_note = clean_text(note)
    target = app.status if STEPS.index(app.status) >= STEPS.index("reply") else "reply"
    late_note = f"；逾期答复，超过答复期限{late}个工作日" if late is not None else ""
    add_event(session, app, "close", to_step=target if target != app.status else None,
              opinion=OUTCOMES[outcome] + late_note + (f"；{app.outcome_note}" if app.outcome_note else ""))
    app.status = target
    touch(session, app, "close")
    state = state_of(app)
    state.late_days = late
    return state
