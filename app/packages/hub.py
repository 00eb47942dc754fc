"""The county as a hub for townships with no link of their own (docs/spec/packages.md section 5.8).

Upwards, a county's packages already carry its townships' records (section 1), so what a township sends
the county by file reaches the province with the county's next upload. Downwards, `gongkai sync` at the
county also reads the platform's inbox of each township listed in the setting `packages.hub_offices`
and keeps those packages (table `relay_package`) — the platform's own signed bytes, addressed to the
township — until the clerk writes them out for the township (`gongkai package relay`, or 数据交换). The
township imports them as any platform package: it checks the platform's signature itself, so the county
cannot alter what it passes on.

Acknowledgement: a relayed package of online applications is acknowledged for the township once the
township's registrations have come back to the county (the application records carry the platform
record's id); the serials are the township's. Nothing is acknowledged before that.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import audit, profile, settings
from app.errors import UserError, ValidationError
from app.packages.sync import SyncConfig, TransportError, classify, exchange
from app.storage.base import utcnow
from app.storage.models.core import Office
from app.storage.models.packages import RelayPackage, TrustedKey
from app.storage.models.register import Application

OFFICES_SETTING = "packages.hub_offices"
CURSORS_SETTING = "packages.hub_cursors"


@dataclass
class HubReport:
    fetched: dict[str, int] = field(default_factory=dict)  # township -> packages kept for it
    acknowledged: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        got = sum(self.fetched.values())
        text = f"代下级机关收取：{got}个数据包待转交。" if got else ""
        if self.acknowledged:
            text += f"已代下级机关向平台确认{self.acknowledged}个数据包。"
        return text + "".join(self.errors)


def hub_offices(session: Session) -> list[str]:
    return list(settings.get_setting(session, OFFICES_SETTING))


def set_hub_offices(session: Session, codes: list[str]) -> list[str]:
    """The townships whose platform packages this office fetches and passes on: known offices, not itself."""
    own = profile.own_office_row(session).org_code
    clean = sorted({c.strip() for c in codes if c.strip()})
    for code in clean:
        if code == own:
            raise ValidationError("本机关自己的收件箱由同步直接收取，无需代收。")
        if session.execute(select(Office.id).where(Office.org_code == code)).scalar_one_or_none() is None:
            raise ValidationError(f"没有统一社会信用代码为 {code} 的下级机关；请先导入该机关的数据包。")
    settings.set_setting(session, OFFICES_SETTING, clean)
    return clean


def _check(session: Session, body: bytes, office: str) -> tuple[int, str]:
    """The platform's signature and the addressee, as the township will check them; (sequence, summary)."""
    from app.packages import keys
    from app.packages.archive import SafeArchive
    from app.packages.manifest import parse

    trusted = session.execute(select(TrustedKey).where(TrustedKey.org_code == "province")).scalar_one_or_none()
    if trusted is None:
        raise ValidationError("尚未登记省级平台的公钥，无法核验代收的数据包。")
    with SafeArchive(body) as ar:
        manifest_bytes = ar.read("manifest.json")
        m = parse(manifest_bytes)
        if m.sender_code != "province" or m.recipient != office:
            raise ValidationError(f"代收的数据包不是省级平台发给 {office} 的。")
        if not keys.verify(keys.load_public_pem(trusted.public_pem), manifest_bytes, ar.read("manifest.sig")):
            raise ValidationError("代收的数据包签名无效。")
    summary = "，".join(f"{f.path[5:-6]} {f.records or 0}条" for f in m.data_files())
    return m.sequence, summary


def fetch_for_offices(db, cfg: SyncConfig, *, operator: str | None = None) -> HubReport:
    from app.packages.inbox import item_bytes, read_inbox

    report = HubReport()
    with db.read_session() as s:
        offices = hub_offices(s)
        cursors = dict(settings.get_setting(s, CURSORS_SETTING))
    for office in offices:
        try:
            items, nxt = read_inbox(cfg, office, cursors.get(office))
            kept = 0
            with db.session(operator=operator) as s:
                for n, raw in enumerate(items, 1):
                    package_id, body = item_bytes(raw, n)
                    if s.execute(select(RelayPackage.id).where(RelayPackage.package_id == package_id)).first():
                        continue
                    sequence, summary = _check(s, body, office)
                    row = RelayPackage(package_id=package_id, recipient=office, sequence=sequence, content=body,
                                       sha256=hashlib.sha256(body).hexdigest(), summary=summary, fetched_at=utcnow())
                    s.add(row)
                    audit.record(s, row, "create", note="代下级机关收取")
                    kept += 1
                if nxt != cursors.get(office):
                    cursors[office] = nxt
                    settings.set_setting(s, CURSORS_SETTING, dict(cursors))
            report.fetched[office] = kept
        except UserError as exc:  # this township's packages stay at the platform; the others go on
            report.errors.append(f"代收 {office} 的收件箱失败：{exc.message}")
    try:
        report.acknowledged = acknowledge_relayed(db, cfg, operator=operator)
    except UserError as exc:
        report.errors.append(exc.message)
    return report


@dataclass
class RelayInfo:
    id: int
    package_id: str
    recipient: str
    sequence: int
    summary: str
    handed_over: bool
    acknowledged: bool


def list_relay(session: Session) -> list[RelayInfo]:
    rows = session.execute(select(RelayPackage).order_by(RelayPackage.recipient, RelayPackage.sequence)).scalars()
    return [RelayInfo(r.id, r.package_id, r.recipient, r.sequence, r.summary, r.handed_over_at is not None,
                      r.acknowledged_at is not None) for r in rows]


def export_relay(session: Session, to: str, out_dir: Path) -> list[Path]:
    """Write the packages kept for township `to` into `out_dir` (each the platform's bytes, unchanged), in
    sequence order; the township imports them with `gongkai package import`."""
    rows = list(session.execute(select(RelayPackage).where(RelayPackage.recipient == to).order_by(
        RelayPackage.sequence)).scalars())
    if not rows:
        raise ValidationError(f"没有代 {to} 收取的省级平台数据包。")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        paths = []
        for r in rows:
            path = out_dir / f"省级平台-{to}-{r.sequence:04d}.gkpkg"
            path.write_bytes(r.content)
            paths.append(path)
    except OSError as exc:
        raise ValidationError(f"无法写入“{out_dir}”：{exc.strerror or exc}。") from None
    now = utcnow()
    for r in rows:
        if r.handed_over_at is None:
            r.handed_over_at = now
            audit.record(session, r, "update", note="已导出交下级机关")
    return paths


def _applications(content: bytes) -> list[tuple[str, str]]:
    """(record id, platform_ref) of the online applications in a platform package."""
    from app.packages.archive import SafeArchive

    with SafeArchive(content) as ar:
        if "data/applications.jsonl" not in ar.members:
            return []
        out = []
        for raw in ar.lines("data/applications.jsonl"):
            rec = json.loads(raw)
            out.append((str(rec.get("id")), str(rec.get("platform_ref"))))
        return out


def acknowledge_relayed(db, cfg: SyncConfig, *, operator: str | None = None) -> int:
    """Acknowledge, for the township, each relayed package of online applications whose registrations
    have all come back to the county; returns the packages acknowledged."""
    done = 0
    with db.read_session() as s:
        rows = list(s.execute(select(RelayPackage.id, RelayPackage.package_id, RelayPackage.recipient,
                                     RelayPackage.content).where(RelayPackage.acknowledged_at.is_(None))))
        ready = []
        for rid, pid, office, content in rows:
            apps = _applications(content)
            if not apps:
                continue  # releases only: no sign here that the township imported them
            serials = dict(s.execute(select(Application.uuid, Application.serial).join(
                Office, Office.id == Application.office_id).where(
                Office.org_code == office, Application.uuid.in_([a for a, _ in apps]))).all())
            if len(serials) == len(apps):
                ready.append((rid, pid, office, [{"platform_ref": ref, "serial": serials[a]} for a, ref in apps]))
    for rid, pid, office, receipts in ready:
        body = json.dumps({"office": office, "package_ids": [pid], "receipts": receipts}, ensure_ascii=False).encode()
        try:
            answer = exchange(cfg, "POST", "/inbox/ack", body=body,
                              headers={"Content-Type": "application/json; charset=utf-8"})
        except TransportError as exc:
            raise UserError(exc.message + "代下级机关的确认稍后重发。") from None
        if answer.status != 200:
            raise UserError((classify(answer, "确认回执")[1] or f"HTTP {answer.status}") + "代下级机关的确认稍后重发。")
        with db.session(operator=operator) as s:
            row = s.get(RelayPackage, rid)
            row.acknowledged_at = utcnow()
            audit.record(s, row, "update", note="已代下级机关向平台确认")
        done += 1
    return done
