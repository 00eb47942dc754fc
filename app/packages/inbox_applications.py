"""Online applications from the platform's inbox: the receipt date (条例 art. 31) and registering them once.

The platform sends section-2 records with `channel` `online`, a `platform_ref` and `submitted_at`
(docs/spec/packages.md section 5). Each is registered in the register like a clerk's entry (serial, due
dates, audit) and tied to its platform number in `online_application`; a number already registered is
never registered again, so a package fetched twice, or an application the platform sends again in a
later package, makes no second case.

The receipt date (docs/spec/packages.md section 5.3): art. 31(三) dates an application submitted over the
internet by the day both sides confirm it. The office confirms on a working day during office hours:
submitted on a working day before the end of office hours (`OFFICE_HOURS_END`, Beijing time) → that day;
later that day, or on a day that is not a working day in the office's calendar → the next working day.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import audit
from app.domain.workdays import WEEKDAY_NAMES
from app.errors import ValidationError
from app.storage.models.packages import OnlineApplication

BEIJING = dt.timezone(dt.timedelta(hours=8), "北京时间")  # China keeps no daylight saving time
OFFICE_HOURS_END = dt.time(17, 0)  # the earliest end of office hours the offices publish (section 5.3)
APPLICANT_FIELDS = ("id_number", "phone", "address", "email", "contact_person")


def parse_submitted(value: object, where: str) -> dt.datetime:
    """`submitted_at`: ISO 8601 with its offset (an hour without a zone could be any hour)."""
    if not isinstance(value, str):
        raise ValidationError(f"{where}缺少提交时间（submitted_at），已拒绝导入。")
    try:
        t = dt.datetime.fromisoformat(value)  # a machine timestamp: ISO by contract
    except ValueError:
        raise ValidationError(f"{where}的提交时间“{value[:40]}”不是有效的时间，已拒绝导入。") from None
    if t.tzinfo is None:
        raise ValidationError(f"{where}的提交时间“{value[:40]}”没有时区，无法确定是哪一天提交的，已拒绝导入。")
    return t


def online_receipt_date(submitted: dt.datetime, is_workday) -> tuple[dt.date, str]:
    """(收到申请之日, the sentence explaining it) for an application submitted online at `submitted`
    (aware); `is_workday(date) -> bool` is the office's working calendar."""
    local = submitted.astimezone(BEIJING)
    day = local.date()
    said = f"网上申请于{local:%Y-%m-%d %H:%M}（{WEEKDAY_NAMES[day.weekday()]}，北京时间）提交"
    if is_workday(day) and local.time() < OFFICE_HOURS_END:
        return day, f"{said}，在工作日办公时间内，以提交当日为双方确认之日（条例第三十一条第（三）项）。"
    why = "在办公时间（17:00）以后" if is_workday(day) else "当日不是工作日"
    nxt = day + dt.timedelta(days=1)
    while not is_workday(nxt):
        nxt += dt.timedelta(days=1)
    return nxt, (f"{said}，{why}，以下一个工作日{nxt:%Y-%m-%d}（{WEEKDAY_NAMES[nxt.weekday()]}）为双方确认之日"
                 "（条例第三十一条第（三）项）。")


def register_online(session: Session, lines: Iterable[bytes], path: str, package_id: str) -> dict:
    """Register the online applications of one inbox package; returns the counts (created, unchanged).
    Raises ValidationError on any bad record: the caller's unit of work then rolls the package back."""
    from app.calendar import load_calendar
    from app.register.applications import NewApplication, register_application

    calendar = load_calendar(session)
    created = unchanged = 0
    seen: set[str] = set()
    for n, raw in enumerate(lines, 1):
        where = f"网上申请数据（{path} 第{n}行）"
        try:
            rec = json.loads(raw)
        except (ValueError, RecursionError):
            raise ValidationError(f"{where}不是有效的 JSON，已拒绝导入。") from None
        if not isinstance(rec, dict):
            raise ValidationError(f"{where}不是一条记录，已拒绝导入。")
        ref = rec.get("platform_ref")
        if not isinstance(ref, str) or not ref.strip() or len(ref) > 100:
            raise ValidationError(f"{where}缺少平台编号（platform_ref），已拒绝导入。")
        ref = ref.strip()
        if rec.get("channel") != "online" or rec.get("outcome") not in (None, ""):
            raise ValidationError(f"{where}（平台编号 {ref}）不是待办的网上申请（channel 应为 online，且没有办理结果），"
                                  "已拒绝导入。")
        if ref in seen:
            raise ValidationError(f"{where}：平台编号 {ref} 在同一数据包中出现两次，已拒绝导入。")
        seen.add(ref)
        submitted = parse_submitted(rec.get("submitted_at"), where)
        if rec.get("deleted") is True:
            raise ValidationError(f"{where}（平台编号 {ref}）是删除记录；已登记的申请只能由本机关办理，已拒绝导入。")
        known = session.execute(select(OnlineApplication).where(
            OnlineApplication.platform_ref == ref)).scalar_one_or_none()
        if known is not None:
            unchanged += 1  # registered before: never twice (its serial is acknowledged again)
            continue
        received_on, note = online_receipt_date(submitted, calendar.is_workday)
        applicant: dict = rec["applicant"] if isinstance(rec.get("applicant"), dict) else {}
        extra = {k: (str(applicant[k]) if applicant.get(k) else None) for k in APPLICANT_FIELDS}
        data = NewApplication(
            received_on=received_on, channel="online", applicant_kind=str(applicant.get("kind") or ""),
            applicant_name=str(applicant.get("name") or ""), content=str(rec.get("content") or ""),
            applicant_id_number=extra["id_number"], applicant_phone=extra["phone"],
            applicant_address=extra["address"], applicant_email=extra["email"],
            applicant_contact_person=extra["contact_person"],
            receipt_note=f"{note}平台编号：{ref}。", notes=rec["notes"] if isinstance(rec.get("notes"), str) else None,
            uuid=rec["id"] if isinstance(rec.get("id"), str) and len(rec["id"]) <= 36 else None)
        try:
            state = register_application(session, data, today=max(dt.date.today(), received_on))
        except ValidationError as exc:
            raise ValidationError(f"{where}（平台编号 {ref}）无法登记：{exc.message}", details=exc.details) from None
        row = OnlineApplication(platform_ref=ref, application_id=state.id, package_id=package_id,
                                submitted_at=submitted.astimezone(dt.timezone.utc).replace(tzinfo=None),
                                submitted_text=rec["submitted_at"][:40], received_on=received_on,
                                serial=state.serial)
        session.add(row)
        audit.record(session, row, "create", note="网上申请登记")
        created += 1
    return {"created": created, "unchanged": unchanged} if unchanged else {"created": created}
