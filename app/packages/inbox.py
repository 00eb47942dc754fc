"""The platform's inbox (docs/spec/packages.md section 5): fetch, verify and import, acknowledge.

`fetch_inbox` asks the platform for what it holds for the office (`GET /inbox`), imports each package
through the ordinary importer in its own unit of work (platform key, recipient, hashes and sequence are
checked as for any package; online applications are registered by inbox_applications, a calendar release
moves the open deadlines by releases), then acknowledges what was imported (`POST /inbox/ack`) with the
serials assigned. A package is acknowledged only once it is applied here; an acknowledgement that did not
get through is sent again on the next run. The read position (`cursor`) moves on only when every item of
an answer was imported or held, so a refused item is fetched again rather than lost.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import urllib.parse
from dataclasses import dataclass, field

from sqlalchemy import select

from app.core import audit, profile, settings
from app.errors import Cancelled, UserError
from app.packages.releases import MovedDate, after_province_package
from app.packages.sync import SyncConfig, TransportError, classify, exchange
from app.storage.base import utcnow
from app.storage.models.packages import InboxPackage, IncomingPackage, OnlineApplication

CURSOR_SETTING = "packages.inbox_cursor"
MAX_INBOX_BYTES = 256 * 1024 * 1024  # one answer of the inbox (base64 packages)


@dataclass
class Registered:
    platform_ref: str
    serial: str
    received_on: str
    submitted_at: str


@dataclass
class InboxReport:
    fetched: int = 0
    applied: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    duplicate: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)  # package id -> why
    registered: list[Registered] = field(default_factory=list)
    moved: list[MovedDate] = field(default_factory=list)
    releases: list[str] = field(default_factory=list)  # the clerk's sentences about releases
    acknowledged: int = 0
    error: str | None = None  # the inbox could not be read or acknowledged (temporary or refused)

    @property
    def message(self) -> str:
        if self.error and not self.fetched:
            return f"收件箱：{self.error}"
        text = f"收件箱：收到{self.fetched}个数据包"
        if self.registered:
            text += f"，登记网上申请{len(self.registered)}件（" + "、".join(r.serial for r in self.registered[:5]) + \
                    ("等" if len(self.registered) > 5 else "") + "）"
        if self.held:
            text += f"，{len(self.held)}个因缺号暂存"
        if self.refused:
            text += f"，{len(self.refused)}个被拒绝导入（{next(iter(self.refused.values()))[:200]}）"
        text += "。" + "".join(self.releases)
        if self.error:
            text += self.error
        return text


def item_bytes(raw: object, n: int) -> tuple[str, bytes]:
    """(package id, bytes) of one item of the inbox's answer, its SHA-256 checked."""
    if not isinstance(raw, dict) or not isinstance(raw.get("package_id"), str) \
            or not isinstance(raw.get("sha256"), str) or not isinstance(raw.get("body_b64"), str):
        raise UserError(f"收件箱第{n}项缺少 package_id、sha256 或 body_b64。")
    try:
        body = base64.b64decode(raw["body_b64"], validate=True)
    except (binascii.Error, ValueError):
        raise UserError(f"收件箱第{n}项的 body_b64 不是有效的 base64。") from None
    if hashlib.sha256(body).hexdigest() != raw["sha256"].lower():
        raise UserError(f"收件箱第{n}项（{raw['package_id'][:40]}）的内容与其 SHA-256 不符，可能在传输中损坏。")
    return raw["package_id"][:36], body


def read_inbox(cfg: SyncConfig, office: str, cursor: str | None) -> tuple[list, str | None]:
    """GET /inbox once: (items, next cursor). Raises UserError with the clerk's message."""
    query = {"office": office} | ({"after": cursor} if cursor else {})
    try:
        answer = exchange(cfg, "GET", "/inbox?" + urllib.parse.urlencode(query), limit=MAX_INBOX_BYTES)
    except TransportError as exc:
        raise UserError(exc.message + "收件箱稍后再取。") from None
    if answer.status != 200:
        raise UserError(classify(answer, "收件箱")[1] or f"HTTP {answer.status}")
    try:
        data = json.loads(answer.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        data = None
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise UserError("省级平台收件箱的应答无法识别（缺少 items）。")
    nxt = data.get("cursor")
    return data["items"], (str(nxt)[:200] if nxt not in (None, "") else cursor)


def pending_acknowledgement(session) -> tuple[list[str], list[dict]]:
    """What the platform has not yet been told: applied inbox packages and registered online applications."""
    applied = set(session.execute(select(IncomingPackage.package_id).where(
        IncomingPackage.state == "applied", IncomingPackage.sender == "province")).scalars())
    ids = [p for p in session.execute(select(InboxPackage.package_id).where(
        InboxPackage.acknowledged_at.is_(None)).order_by(InboxPackage.id)).scalars() if p in applied]
    receipts = [{"platform_ref": ref, "serial": serial} for ref, serial in session.execute(
        select(OnlineApplication.platform_ref, OnlineApplication.serial).where(
            OnlineApplication.acknowledged_at.is_(None)).order_by(OnlineApplication.id))]
    return ids, receipts


def acknowledge(db, cfg: SyncConfig, office: str, *, operator: str | None = None) -> int:
    """POST /inbox/ack for everything imported and not yet acknowledged; returns how many items. Raises
    UserError when the platform did not take it (it is sent again next time)."""
    with db.read_session() as s:
        ids, receipts = pending_acknowledgement(s)
    if not ids and not receipts:
        return 0
    body = json.dumps({"office": office, "package_ids": ids, "receipts": receipts}, ensure_ascii=False).encode()
    try:
        answer = exchange(cfg, "POST", "/inbox/ack", body=body,
                          headers={"Content-Type": "application/json; charset=utf-8"})
    except TransportError as exc:
        raise UserError(exc.message + "确认回执稍后重发。") from None
    if answer.status != 200:
        raise UserError((classify(answer, "确认回执")[1] or f"HTTP {answer.status}") + "确认回执稍后重发。")
    now = utcnow()
    with db.session(operator=operator) as s:
        for row in s.execute(select(InboxPackage).where(InboxPackage.package_id.in_(ids))).scalars():
            row.acknowledged_at = now
            audit.record(s, row, "update", note="已向平台确认")
        refs = [r["platform_ref"] for r in receipts]
        for app in s.execute(select(OnlineApplication).where(OnlineApplication.platform_ref.in_(refs))).scalars():
            app.acknowledged_at = now
            audit.record(s, app, "update", note="已向平台回告编号")
    return len(ids) + len(receipts)


def _note(db, operator, package_id: str, sha: str, state: str, error: str | None = None) -> None:
    with db.session(operator=operator) as s:
        row = s.execute(select(InboxPackage).where(InboxPackage.package_id == package_id)).scalar_one_or_none()
        if row is None:
            row = InboxPackage(package_id=package_id, sha256=sha, fetched_at=utcnow(), state=state, error=error)
            s.add(row)
            audit.record(s, row, "create", note="收件箱")
        elif row.state != state or row.error != error:
            row.state, row.error = state, error
            audit.record(s, row, "update", note="收件箱")


def fetch_inbox(db, cfg: SyncConfig, *, operator: str | None = None, progress=None) -> InboxReport:
    """Fetch, import and acknowledge (see the module docstring). Never raises for the platform's faults:
    they are in `report.error`, and nothing already imported is lost."""
    from app.packages.importer import import_package
    from app.packages.service import note_rejection

    report = InboxReport()
    with db.read_session() as s:
        office = profile.own_office_row(s).org_code
        cursor = settings.get_setting(s, CURSOR_SETTING)
    try:
        items, next_cursor = read_inbox(cfg, office, cursor)
    except UserError as exc:
        report.error = exc.message
        items, next_cursor = [], cursor
    complete = True
    for n, raw in enumerate(items, 1):
        if progress is not None:
            progress.update(n - 1, len(items), f"正在导入收件箱第 {n}/{len(items)} 个数据包…")
            if progress.cancelled:
                raise Cancelled()
        report.fetched += 1
        package_id = str(raw.get("package_id"))[:36] if isinstance(raw, dict) else f"第{n}项"
        body: bytes | None = None
        try:
            package_id, body = item_bytes(raw, n)
            with db.session(operator=operator) as s:
                out = import_package(s, body, file_name=f"收件箱 {package_id}.gkpkg")
                release = after_province_package(s, out.counts) if out.state == "applied" else None
                new = s.execute(select(OnlineApplication).where(OnlineApplication.package_id.in_(
                    [out.package_id, *out.also_applied])).order_by(OnlineApplication.id)).scalars().all() \
                    if out.state == "applied" else []
                report.registered += [Registered(a.platform_ref, a.serial, a.received_on.isoformat(),
                                                 a.submitted_text) for a in new]
        except UserError as exc:
            complete = False
            report.refused[package_id] = exc.message
            with db.session(operator=operator) as s:
                note_rejection(s, data=body, file_name=f"收件箱 {package_id}",
                               error=exc.message)
            if isinstance(raw, dict) and isinstance(raw.get("sha256"), str):
                _note(db, operator, package_id, str(raw["sha256"])[:64], "refused", exc.message[:2000])
            continue
        {"applied": report.applied, "held": report.held, "duplicate": report.duplicate}[out.state].append(package_id)
        _note(db, operator, package_id, hashlib.sha256(body).hexdigest(), out.state)  # held: acknowledged once applied
        if release is not None:
            report.moved += release.moved
            if release.message:
                report.releases.append(release.message)
    if complete and next_cursor != cursor:
        with db.session(operator=operator) as s:
            settings.set_setting(s, CURSOR_SETTING, next_cursor)
    try:
        report.acknowledged = acknowledge(db, cfg, office, operator=operator)
    except UserError as exc:
        report.error = (report.error + " " if report.error else "") + exc.message
    return report


@dataclass
class OnlineInfo:
    """One online application as the 数据交换 screen lists it."""

    platform_ref: str
    serial: str
    applicant_name: str
    submitted_at: str  # as the platform sent it
    received_on: str
    reply_due: str | None
    provisional: bool
    closed: bool
    acknowledged: bool


def list_online(session, *, limit: int = 500) -> list[OnlineInfo]:
    from app.storage.models.register import Application

    rows = session.execute(select(OnlineApplication, Application).join(
        Application, Application.id == OnlineApplication.application_id).order_by(
        OnlineApplication.id.desc()).limit(limit)).all()
    return [OnlineInfo(o.platform_ref, o.serial, a.applicant_name, o.submitted_text, o.received_on.isoformat(),
                       a.reply_due.isoformat() if a.reply_due else None, bool(a.due_provisional),
                       a.outcome is not None, o.acknowledged_at is not None) for o, a in rows]


def moved_text(moved: list[MovedDate]) -> str:
    """The changed due dates after a calendar release, one line each, for the clerk."""
    return "\n".join(f"{m.serial}：答复期限 {m.old or '—'} → {m.new or '—'}" for m in moved)
