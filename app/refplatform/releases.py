"""What the reference platform puts in offices' inboxes: online applications and releases, as package records."""

from __future__ import annotations

import datetime as dt
import uuid

from app.calendar import record_id, year_record_id
from app.errors import ValidationError
from app.refplatform.state import OnlineApplication, PlatformState, now_text

APPLICANT_KINDS = ("natural_person", "commercial", "research", "public_welfare", "legal_service", "other_org")
NAMESPACE = uuid.UUID("6f1d3b0e-7c55-4b8e-9a61-2f7e4b1c9d20")


def _submitted(value: object) -> str:
    if not isinstance(value, str):
        raise ValidationError("缺少提交时间 submitted_at（ISO 8601，带时区）。")
    try:
        t = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ValidationError(f"提交时间“{value[:40]}”不是 ISO 8601 时间。") from None
    if t.tzinfo is None:
        raise ValidationError(f"提交时间“{value[:40]}”没有时区。")
    return t.isoformat(timespec="seconds")


def submit_applications(state: PlatformState, office: str, applications: list[dict]):
    """Online applications submitted on the platform for `office`: one inbox package."""
    if not applications:
        raise ValidationError("没有网上申请。")
    records, made = [], []
    for n, a in enumerate(applications, 1):
        applicant = a.get("applicant") or {}
        if applicant.get("kind", "natural_person") not in APPLICANT_KINDS or not applicant.get("name") \
                or not a.get("content"):
            raise ValidationError(f"第{n}件网上申请缺少申请人类型、姓名或申请内容。")
        ref = str(a.get("platform_ref") or state.new_ref())
        submitted = _submitted(a.get("submitted_at"))
        records.append({"id": str(uuid.uuid4()), "updated_at": now_text(), "deleted": False, "office": office,
                        "channel": "online", "outcome": None, "platform_ref": ref, "submitted_at": submitted,
                        "applicant": {"kind": "natural_person", **applicant}, "content": a["content"]})
        made.append(OnlineApplication(platform_ref=ref, office=office, submitted_at=submitted,
                                      applicant_name=applicant["name"], content=a["content"], package_id=""))
    names = "、".join(m.platform_ref for m in made)
    item = state.queue(office, "applications", f"网上申请{len(made)}件：{names}", {"applications": records})
    with state.lock:
        for m in made:
            m.package_id = item.package_id
            state.applications[m.platform_ref] = m
        state.save()
    return item, [m.platform_ref for m in made]


def release_calendar(state: PlatformState, office: str, year: int, days: list[dict], note: str = ""):
    """The official working calendar of `year`: its adjusted days and the mark that the year is official."""
    if not 2000 <= int(year) <= 2200:
        raise ValidationError(f"年份“{year}”无效。")
    stamp = now_text()
    records = []
    for d in days:
        day = dt.date.fromisoformat(str(d["date"]))
        records.append({"id": record_id(day), "updated_at": stamp, "deleted": False, "date": day.isoformat(),
                        "is_workday": bool(d["is_workday"]), "note": str(d.get("note") or "")})
    records.append({"id": year_record_id(int(year)), "updated_at": stamp, "deleted": False, "kind": "year",
                    "year": int(year), "official": True, "note": note or f"{year}年国务院办公厅放假安排"})
    return state.queue(office, "calendar", f"{year}年官方工作日历（调整{len(days)}天）", {"calendar": records})


def release_templates(state: PlatformState, office: str, entries: list[dict]):
    """Letter wording and legal-basis entries ({kind, key, text})."""
    stamp = now_text()
    records = [{"id": str(uuid.uuid5(NAMESPACE, f"{e['kind']}:{e['key']}")), "updated_at": stamp, "deleted": False,
                "kind": str(e["kind"]), "key": str(e["key"]), "text": str(e["text"])} for e in entries]
    return state.queue(office, "templates", f"文书模板与法律依据{len(records)}项", {"templates": records})


def release_guidance(state: PlatformState, office: str, items: list[dict]):
    """Negative-list guidance (指导性负面清单事项): each becomes one of the office's own items on import."""
    from app.negative_list.taxonomy import categories

    known = {c.code for c in categories()}
    stamp = now_text()
    records = []
    for n, item in enumerate(items, 1):
        if not item.get("name") or item.get("category") not in known:
            raise ValidationError(f"第{n}项指导事项缺少名称或分类代码（应为：{'、'.join(sorted(known))}）。")
        records.append({"id": str(uuid.uuid5(NAMESPACE, f"guidance:{item['name']}")), "updated_at": stamp,
                        "deleted": False, "office": "province", "name": str(item["name"]),
                        "category": item["category"], "basis": item.get("basis") or {"law": None, "article": None,
                                                                                    "text": None},
                        "scope": str(item.get("scope") or "全省"), "status": "active",
                        "keywords": [str(k) for k in item.get("keywords") or []],
                        "review_cycle_months": int(item.get("review_cycle_months") or 12)})
    return state.queue(office, "negative_list", f"负面清单指导事项{len(records)}项", {"negative_list": records})
