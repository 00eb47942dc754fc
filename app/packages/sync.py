"""HTTP client for the provincial platform (docs/spec/packages.md sections 4 and 5) and the persistent send queue.

A package is queued with its id and bytes fixed (table outgoing_package); sending it again after an
outage resends exactly those bytes under the same id, so the platform answers "duplicate" rather than
receiving a second package. The HTTP call runs outside any database transaction, so a slow network never
holds the SQLite write lock.

The transport (`exchange`) is http.client, not urllib: nothing is ever redirected (a 3xx is a failure
that keeps the package queued: following one re-sent the request, with the token, to another host whose
echo was taken for the platform's receipt — issue 18); TLS is verified with the system's certificates;
every request has one overall deadline, enforced by a watchdog that closes the socket, so a server that
trickles a byte every few seconds cannot hold `sync`. `429` and `5xx` are temporary: the package stays
queued until the later of our own backoff and the server's `Retry-After`.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import http.client
import ipaddress
import json
import socket
import ssl
import threading
import urllib.parse
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.core import anchors, audit
from app.errors import Cancelled, ValidationError
from app.storage.base import utcnow
from app.storage.models.packages import OutgoingPackage, StreamPosition

if TYPE_CHECKING:
    from app.packages.hub import HubReport
    from app.packages.inbox import InboxReport

BACKOFF_BASE_SECONDS = 60
BACKOFF_CAP_SECONDS = 6 * 3600
MAX_RECEIPT_BYTES = 64 * 1024
READ_CHUNK = 16 * 1024


@dataclass
class SyncConfig:
    url: str
    token: str | None = None
    proxy: str | None = None
    timeout: float = 60.0  # the whole request: connect, send, headers and body (not per read)
    allow_plain_http: bool = False  # the clerk's explicit setting for a non-local http:// address


@dataclass
class Answer:
    """One HTTP answer, its body read up to the caller's limit."""

    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> dict | None:
        return _json(self.body)


class TransportError(Exception):
    """No answer: refused, reset, TLS failure, the deadline passed. `message` is for the clerk."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class SendResult:
    kind: str  # accepted | duplicate | rejected | retry
    http_status: int | None = None
    receipt: dict | None = None
    error: str | None = None
    retry_after: dt.timedelta | None = None  # the server's Retry-After, when it gave one


@dataclass
class SyncReport:
    queued: list[str] = field(default_factory=list)  # package ids queued by this run
    results: dict[str, str] = field(default_factory=dict)  # package id -> accepted/duplicate/rejected/retry
    waiting: int = 0  # queued packages whose next attempt is later
    warnings: list[str] = field(default_factory=list)  # e.g. plain HTTP allowed by the clerk
    inbox: InboxReport | None = None  # the inbox part of the run
    hub: HubReport | None = None  # the townships' inboxes read by this office as their hub

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
        text += "。"
        if self.inbox is not None:
            text += self.inbox.message
        if self.hub is not None:
            text += self.hub.message
        return "".join(w + "\n" for w in self.warnings) + text


# -- addresses ------------------------------------------------------------------------------------------------
def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 or localhost: traffic that never leaves this computer."""
    host = (host or "").strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_platform_url(url: str, *, allow_plain_http: bool) -> str:
    """The platform's address: https://, or http:// to this computer, or http:// when the clerk allowed it."""
    url = (url or "").strip()
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(f"省级平台地址“{url[:200]}”无效，应以 https:// 开头。")
    if parts.username or parts.password:
        raise ValidationError("省级平台地址中不能包含用户名或口令，请把访问令牌填在“访问令牌”中。")
    if parts.scheme == "http" and not is_loopback(parts.hostname) and not allow_plain_http:
        raise ValidationError(f"省级平台地址“{url[:200]}”使用明文 HTTP，访问令牌和申请数据会被他人截获。请改用 https://，"
                              "或在“设置 → 数据交换设置”中明确勾选“允许明文 HTTP”。")
    return url


def plain_http_warning(url: str) -> str | None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "http" and not is_loopback(parts.hostname or ""):
        return f"警告：正在以明文 HTTP 连接省级平台（{parts.hostname}），访问令牌和数据未加密（本机已设置允许明文 HTTP）。"
    return None


# -- transport ------------------------------------------------------------------------------------------------
def _json(body: bytes) -> dict | None:
    try:
        value = json.loads(body[:MAX_RECEIPT_BYTES].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def _connection(cfg: SyncConfig, parts: urllib.parse.SplitResult, timeout: float):
    host, port = parts.hostname or "", parts.port
    if cfg.proxy:
        proxy = urllib.parse.urlsplit(cfg.proxy)
        conn: http.client.HTTPConnection
        if parts.scheme == "https":
            conn = http.client.HTTPSConnection(proxy.hostname or "", proxy.port or 8080, timeout=timeout,
                                               context=ssl.create_default_context())
            conn.set_tunnel(host, port or 443)
        else:
            conn = http.client.HTTPConnection(proxy.hostname or "", proxy.port or 8080, timeout=timeout)
        return conn, parts.scheme == "http"
    if parts.scheme == "https":
        return http.client.HTTPSConnection(host, port, timeout=timeout, context=ssl.create_default_context()), False
    return http.client.HTTPConnection(host, port, timeout=timeout), False


def exchange(cfg: SyncConfig, method: str, path: str, *, body: bytes | None = None,
             headers: dict[str, str] | None = None, limit: int = MAX_RECEIPT_BYTES) -> Answer:
    """One request to the platform, never redirected, within `cfg.timeout` seconds in all.

    Returns any answer (3xx included: the caller decides); raises TransportError when there is none.
    The body is read up to `limit` bytes; a longer one is an error, not a truncated answer."""
    url = check_platform_url(cfg.url, allow_plain_http=cfg.allow_plain_http)
    parts = urllib.parse.urlsplit(url)
    target = parts.path.rstrip("/") + path
    headers = dict(headers or {})
    if cfg.token:
        headers["Authorization"] = f"Bearer {cfg.token}"
    conn, absolute = _connection(cfg, parts, cfg.timeout)
    if absolute:  # a plain-HTTP proxy takes the whole address
        target = f"{parts.scheme}://{parts.netloc}{target}"
    expired = threading.Event()

    def expire() -> None:
        expired.set()
        sock = conn.sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    watchdog = threading.Timer(cfg.timeout, expire)
    watchdog.daemon = True
    watchdog.start()
    try:
        conn.request(method, target, body=body, headers=headers)
        resp = conn.getresponse()
        data = bytearray()
        while True:
            chunk = resp.read1(READ_CHUNK) if hasattr(resp, "read1") else resp.read(READ_CHUNK)
            if not chunk:
                break
            data += chunk
            if len(data) > limit:
                raise TransportError(f"省级平台的应答超过 {limit // 1024} KiB，已中止。")
        if expired.is_set():
            raise TransportError(f"省级平台在 {cfg.timeout:g} 秒内未完成应答，已中止。")
        return Answer(resp.status, {k.lower(): v for k, v in resp.getheaders()}, bytes(data))
    except TransportError:
        raise
    except ssl.SSLError as exc:
        raise TransportError(f"与省级平台的加密连接失败（证书无法验证或协议错误：{str(exc)[:200]}）。") from None
    except (http.client.HTTPException, OSError, ValueError) as exc:
        if expired.is_set():
            raise TransportError(f"省级平台在 {cfg.timeout:g} 秒内未完成应答，已中止。") from None
        reason = getattr(exc, "reason", None) or exc
        raise TransportError(f"无法连接省级平台（{str(reason)[:200]}）。") from None
    finally:
        watchdog.cancel()
        conn.close()


def retry_after(value: str | None, now: dt.datetime | None = None) -> dt.timedelta | None:
    """`Retry-After` as seconds or an HTTP date; None when absent or unreadable; never beyond the cap."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        seconds = int(value)
    else:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            return None
        now_aware = (now or utcnow()).replace(tzinfo=dt.timezone.utc)
        seconds = int((when - now_aware).total_seconds())
    return dt.timedelta(seconds=min(max(seconds, 0), BACKOFF_CAP_SECONDS))


def classify(answer: Answer, what: str) -> tuple[str, str | None, dt.timedelta | None]:
    """(kind, error, retry_after) for an answer that is not the expected success: `retry` for 3xx, 429
    and 5xx (and anything unexpected), `rejected` for the other 4xx."""
    status = answer.status
    if 300 <= status < 400:
        where = answer.headers.get("location", "")
        return ("retry", f"省级平台的地址返回了重定向（HTTP {status}{' → ' + where[:200] if where else ''}）。本程序不跟随"
                         f"重定向，{what}保留在队列中；请核对“省级平台地址”是否正确。", None)
    if status == 429 or status >= 500:
        wait = retry_after(answer.headers.get("retry-after"))
        why = "请求过于频繁" if status == 429 else "暂时无法处理"
        hint = f"，平台要求 {int(wait.total_seconds())} 秒后再试" if wait is not None else ""
        return "retry", f"省级平台{why}（HTTP {status}{hint}），{what}保留在队列中，稍后自动重试。", wait
    if 400 <= status < 500:
        info = answer.json() or {}
        return "rejected", f"省级平台拒收（HTTP {status}）：{str(info.get('error') or '未说明原因')[:500]}", None
    return "retry", f"省级平台的应答无法识别（HTTP {status}），{what}保留在队列中，稍后自动重试。", None


def post_package(cfg: SyncConfig, package_id: str, data: bytes, sha256: str) -> SendResult:
    """POST {url}/packages once and classify the answer."""
    headers = {"Content-Type": "application/zip", "X-Package-Id": package_id, "X-Package-Sha256": sha256}
    try:
        answer = exchange(cfg, "POST", "/packages", body=data, headers=headers)
    except TransportError as exc:
        return SendResult("retry", None, None, exc.message + "数据包保留在队列中，稍后自动重试。")
    receipt = answer.json()
    if answer.status in (200, 201):
        if receipt and receipt.get("package_id") == package_id and receipt.get("status") in ("accepted", "duplicate"):
            return SendResult(receipt["status"], answer.status, receipt)
        return SendResult("retry", answer.status, receipt,
                          f"省级平台的回执无法识别（HTTP {answer.status}），稍后自动重试。")
    kind, error, wait = classify(answer, "数据包")
    return SendResult(kind, answer.status, receipt if kind == "rejected" else None, error, wait)


def backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4 … minutes after each failed attempt, at most six hours."""
    seconds = BACKOFF_BASE_SECONDS * (2 ** max(attempts - 1, 0))
    return dt.timedelta(seconds=min(seconds, BACKOFF_CAP_SECONDS))


def due_packages(session, *, force: bool, now: dt.datetime | None = None) -> list[int]:
    """Queued packages to send now, in stream order. A package waiting for its retry (our backoff or the
    server's Retry-After) holds back the later ones of its stream: sending them first would open a
    sequence gap at the platform."""
    now = now or utcnow()
    stmt = select(OutgoingPackage.id, OutgoingPackage.recipient, OutgoingPackage.next_attempt_at).where(
        OutgoingPackage.transport == "http", OutgoingPackage.state == "queued")
    due: list[int] = []
    blocked: set[str] = set()
    for pid, recipient, next_at in session.execute(stmt.order_by(OutgoingPackage.recipient,
                                                                 OutgoingPackage.sequence)):
        if recipient in blocked:
            continue
        if force or next_at is None or next_at <= now:
            due.append(pid)
        else:
            blocked.add(recipient)
    return due


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
        wait = max(backoff(row.attempts), result.retry_after or dt.timedelta(0))  # never before Retry-After
        row.last_error, row.next_attempt_at = result.error, now + wait
    audit.record(session, row, "update", note=f"发送：{result.kind}")
    if result.kind in ("accepted", "duplicate"):
        # The platform holds the package and its receipt: the chain head now is an anchor (docs/security.md).
        anchors.add(session, "receipt", row.package_id)


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
