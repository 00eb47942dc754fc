"""HTTP client for the provincial platform (docs/spec/packages.md section 4) and the persistent send queue.

A package is queued with its id and bytes fixed (table outgoing_package); sending it again after an
outage resends exactly those bytes under the same id, so the platform answers "duplicate" rather than
receiving a second package. 5xx, time-outs and network errors keep it queued with exponential backoff;
4xx marks it rejected (shown to the clerk, not retried). The HTTP call runs outside any database
transaction, so a slow network never holds the SQLite write lock.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from sqlalchemy import select

from app.core import audit
from app.errors import Cancelled
from app.storage.base import utcnow
from app.storage.models.packages import OutgoingPackage, StreamPosition

BACKOFF_BASE_SECONDS = 60
BACKOFF_CAP_SECONDS = 6 * 3600
MAX_RECEIPT_BYTES = 64 * 1024


@dataclass
class SyncConfig:
    url: str
    token: str | None = None
    proxy: str | None = None
    timeout: float = 60.0


@dataclass
class SendResult:
    kind: str  # accepted | duplicate | rejected | retry
    http_status: int | None = None
    receipt: dict | None = None
    error: str | None = None


@dataclass
class SyncReport:
    queued: list[str] = field(default_factory=list)  # package ids queued by this run
    results: dict[str, str] = field(default_factory=dict)  # package id -> accepted/duplicate/rejected/retry
    waiting: int = 0  # queued packages whose next attempt is later

    @property
    def message(self) -> str:
        counts: dict[str, int] = {}
        for v in self.results.values():
            counts[v] = counts.get(v, 0) + 1
        parts = [f"{label}{counts[k]}个" for k, label in (("accepted", "已接收"), ("duplicate", "平台已有"),
                                                         ("rejected", "被拒收"), ("retry", "待重试")) if counts.get(k)]
        text = "同步完成：" + ("、".join(parts) if parts else "没有需要发送的数据包")
        if self.waiting:
            text += f"；另有{self.waiting}个数据包等待下次重试"
        return text + "。"


def _opener(proxy: str | None):
    handlers = [urllib.request.ProxyHandler({"http": proxy, "https": proxy} if proxy else {})]
    return urllib.request.build_opener(*handlers)


def _json(body: bytes) -> dict | None:
    try:
        value = json.loads(body[:MAX_RECEIPT_BYTES].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def post_package(cfg: SyncConfig, package_id: str, data: bytes, sha256: str) -> SendResult:
    """POST {url}/packages once and classify the answer."""
    headers = {"Content-Type": "application/zip", "X-Package-Id": package_id, "X-Package-Sha256": sha256}
    if cfg.token:
        headers["Authorization"] = f"Bearer {cfg.token}"
    req = urllib.request.Request(cfg.url.rstrip("/") + "/packages", data=data, headers=headers, method="POST")
    try:
        with _opener(cfg.proxy).open(req, timeout=cfg.timeout) as resp:
            status, body = resp.status, resp.read(MAX_RECEIPT_BYTES)
    except urllib.error.HTTPError as exc:
        status = exc.code
        body = exc.read(MAX_RECEIPT_BYTES) if exc.fp is not None else b""
        exc.close()
        info = _json(body) or {}
        if 400 <= status < 500:
            return SendResult("rejected", status, info or None,
                              f"省级平台拒收（HTTP {status}）：{str(info.get('error') or '未说明原因')[:500]}")
        return SendResult("retry", status, None, f"省级平台暂时无法接收（HTTP {status}），稍后自动重试。")
    except (urllib.error.URLError, http.client.HTTPException, TimeoutError, ConnectionError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return SendResult("retry", None, None, f"无法连接省级平台（{str(reason)[:200]}），稍后自动重试。")
    receipt = _json(body)
    if status in (200, 201) and receipt and receipt.get("package_id") == package_id \
            and receipt.get("status") in ("accepted", "duplicate"):
        return SendResult(receipt["status"], status, receipt)
    return SendResult("retry", status, receipt, f"省级平台的回执无法识别（HTTP {status}），稍后自动重试。")


def backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4 … minutes after each failed attempt, at most six hours."""
    seconds = BACKOFF_BASE_SECONDS * (2 ** max(attempts - 1, 0))
    return dt.timedelta(seconds=min(seconds, BACKOFF_CAP_SECONDS))


def due_packages(session, *, force: bool, now: dt.datetime | None = None) -> list[int]:
    now = now or utcnow()
    stmt = select(OutgoingPackage.id).where(OutgoingPackage.transport == "http",
                                            OutgoingPackage.state == "queued")
    if not force:
        stmt = stmt.where((OutgoingPackage.next_attempt_at.is_(None)) | (OutgoingPackage.next_attempt_at <= now))
    return list(session.execute(stmt.order_by(OutgoingPackage.recipient, OutgoingPackage.sequence)).scalars())


def record_result(session, row: OutgoingPackage, result: SendResult) -> None:
    """Store the outcome of one attempt on the queued package (audited)."""
    now = utcnow()
    row.attempts += 1
    if result.kind in ("accepted", "duplicate"):
        row.state, row.receipt, row.last_error = result.kind, result.receipt, None
        row.acknowledged_at, row.next_attempt_at = now, None
        stream = session.execute(select(StreamPosition).where(
            StreamPosition.direction == "out", StreamPosition.peer == row.recipient)).scalar_one()
        if stream.acknowledged_until is None or row.data_until >= stream.acknowledged_until:
            stream.acknowledged_package, stream.acknowledged_until = row.package_id, row.data_until
            audit.record(session, stream, "update", note="回执")
    elif result.kind == "rejected":
        row.state, row.receipt, row.last_error, row.next_attempt_at = "rejected", result.receipt, result.error, None
    else:
        row.last_error, row.next_attempt_at = result.error, now + backoff(row.attempts)
    audit.record(session, row, "update", note=f"发送：{result.kind}")


def send_queued(db, cfg: SyncConfig, *, force: bool = False, operator: str | None = None, progress=None,
                report: SyncReport | None = None) -> SyncReport:
    """Send every due queued package, oldest first; each outcome is committed on its own."""
    report = report or SyncReport()
    with db.read_session() as s:
        ids = due_packages(s, force=force)
        report.waiting = len(due_packages(s, force=True)) - len(ids)
    for i, pid in enumerate(ids):
        if progress is not None:
            progress.update(i, len(ids), f"正在发送第 {i + 1}/{len(ids)} 个数据包…")
            if progress.cancelled:
                raise Cancelled()
        with db.read_session() as s:
            row = s.get(OutgoingPackage, pid)
            if row is None or row.state != "queued":
                continue
            package_id, data, sha = row.package_id, row.content, row.sha256
        result = post_package(cfg, package_id, data, sha)
        with db.session(operator=operator) as s:
            row = s.get(OutgoingPackage, pid)
            if row.state == "queued":
                record_result(s, row, result)
        report.results[package_id] = result.kind
        if result.kind == "retry":
            break  # the platform is unreachable: later packages wait too, keeping the order
    if progress is not None:
        progress.update(len(ids), len(ids), "发送完成")
    return report
