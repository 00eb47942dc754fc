"""The reference platform's HTTP server (docs/spec/packages.md sections 4 and 5; docs/platform-openapi.yaml).

Offices' endpoints: `POST /packages`, `GET /inbox`, `POST /inbox/ack` (with the bearer token when one is
set). The page `/` lists what was received and what waits in each inbox. `/admin/…` puts online
applications and releases into an office's inbox and switches faults on (`outage` 503, `busy` 429 with
Retry-After, `redirect` 302) for trying a client; it answers only on this computer's own addresses.
"""

from __future__ import annotations

import hashlib
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from app.errors import UserError
from app.refplatform import page, releases
from app.refplatform.state import PROVINCE, PlatformState, Received, now_text

MAX_UPLOAD = 512 * 1024 * 1024
MAX_JSON = 16 * 1024 * 1024
FAULTS = ("ok", "outage", "busy", "redirect")


class Platform:
    """A running reference platform: `start()` serves on a thread, `serve_forever()` in the foreground."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, token: str | None = None,
                 state_dir: Path | None = None) -> None:
        self.state = PlatformState(state_dir)
        self.token = token
        self.fault = "ok"
        self.retry_after = 120
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                return None

            def do_GET(self) -> None:
                platform.handle(self, "GET")

            def do_POST(self) -> None:
                platform.handle(self, "POST")

        self.httpd = ThreadingHTTPServer((host, port), Handler)
        self.httpd.daemon_threads = True

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> Platform:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # -- plumbing ---------------------------------------------------------------------------------------------
    def _send(self, h: BaseHTTPRequestHandler, status: int, body: bytes, ctype: str,
              headers: dict[str, str] | None = None) -> None:
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(body)

    def _json(self, h, status: int, data: dict, headers: dict[str, str] | None = None) -> None:
        self._send(h, status, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8",
                   headers)

    def _body(self, h, limit: int) -> bytes:
        length = int(h.headers.get("Content-Length") or 0)
        if length > limit:
            raise UserError(f"请求超过 {limit} 字节。")
        return h.rfile.read(length)

    def handle(self, h: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(h.path)
        path = parts.path.rstrip("/") or "/"
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        try:
            if path.startswith("/admin/") or path in ("/", "/platform-key.pem", "/api/state"):
                return self._local(h, method, path)
            if self.fault == "outage":
                return self._json(h, 503, {"status": "error", "error": "平台维护中"})
            if self.fault == "busy":
                return self._json(h, 429, {"status": "error", "error": "请求过于频繁"},
                                  {"Retry-After": str(self.retry_after)})
            if self.fault == "redirect":
                self._send(h, 302, b"", "text/plain", {"Location": "http://127.0.0.1:9/elsewhere" + path})
                return None
            if self.token and h.headers.get("Authorization") != f"Bearer {self.token}":
                return self._json(h, 401, {"status": "rejected", "error": "访问令牌无效"})
            if method == "POST" and path == "/packages":
                return self._upload(h)
            if method == "GET" and path == "/inbox":
                return self._inbox(h, query)
            if method == "POST" and path == "/inbox/ack":
                return self._ack(h)
            return self._json(h, 404, {"status": "rejected", "error": "没有这个接口"})
        except UserError as exc:
            return self._json(h, 400, {"status": "rejected", "error": exc.message})

    # -- offices' endpoints -----------------------------------------------------------------------------------
    def _upload(self, h) -> None:
        body = self._body(h, MAX_UPLOAD)
        pid = h.headers.get("X-Package-Id") or ""
        if h.headers.get("Content-Type") != "application/zip":
            return self._json(h, 415, {"status": "rejected", "error": "Content-Type 应为 application/zip"})
        sha = hashlib.sha256(body).hexdigest()
        if h.headers.get("X-Package-Sha256") != sha:
            return self._json(h, 400, {"status": "rejected", "error": "X-Package-Sha256 与内容不符"})
        with self.state.lock:
            known = self.state.received.get(pid)
            if known is not None:
                if known.sha256 != sha:
                    return self._json(h, 409, {"status": "rejected", "error": "同一数据包编号对应不同内容"})
                return self._json(h, 200, self._receipt(known, "duplicate"))
        info = self._check(body, pid)
        received = Received(package_id=pid, sha256=sha, receipt_id=str(uuid.uuid4()), received_at=now_text(), **info)
        with self.state.lock:
            if pid in self.state.received:  # a concurrent repeat
                return self._json(h, 200, self._receipt(self.state.received[pid], "duplicate"))
            self.state.received[pid] = received
            self.state.bodies[pid] = body
            self.state.save((pid, body))
        return self._json(h, 201, self._receipt(received, "accepted"))

    @staticmethod
    def _receipt(r: Received, status: str) -> dict:
        return {"package_id": r.package_id, "status": status, "receipt_id": r.receipt_id, "received_at": r.received_at}

    def _check(self, body: bytes, pid: str) -> dict:
        from app.packages import keys
        from app.packages.archive import SafeArchive
        from app.packages.manifest import parse

        with SafeArchive(body) as ar:
            manifest_bytes = ar.read("manifest.json")
            m = parse(manifest_bytes)
            if m.package_id != pid:
                raise UserError("X-Package-Id 与清单中的编号不符")
            if m.recipient != PROVINCE:
                raise UserError(f"数据包的接收方是“{m.recipient}”，不是省级平台")
            pem = self.state.office_keys.get(m.sender_code)
            if pem is not None and not keys.verify(keys.load_public_pem(pem), manifest_bytes, ar.read("manifest.sig")):
                raise UserError("签名无效")
            for f in m.files:
                if f.path in ar.members and hashlib.sha256(ar.read(f.path)).hexdigest() != f.sha256:
                    raise UserError(f"“{f.path}”的 SHA-256 与清单不符")
            offices = {m.sender_code}
            if "data/applications.jsonl" in ar.members:
                for raw in ar.lines("data/applications.jsonl"):
                    code = json.loads(raw).get("office")
                    if isinstance(code, str):
                        offices.add(code)
        return {"sender": m.sender_code, "sender_name": m.sender_name, "recipient": m.recipient,
                "sequence": m.sequence, "records": {f.path: f.records or 0 for f in m.data_files()},
                "signature": "已核验" if pem is not None else "未登记公钥，未核验", "offices": sorted(offices)}

    def _inbox(self, h, query: dict) -> None:
        office = query.get("office") or ""
        if not office:
            return self._json(h, 400, {"status": "rejected", "error": "缺少 office"})
        after = query.get("after") or "0"
        if not after.isdigit():
            return self._json(h, 400, {"status": "rejected", "error": "after 无效"})
        items = self.state.inbox_for(office, int(after))
        return self._json(h, 200, {"items": items, "cursor": str(self.state.last_seq())})

    def _ack(self, h) -> None:
        try:
            data = json.loads(self._body(h, MAX_JSON))
        except ValueError:
            return self._json(h, 400, {"status": "rejected", "error": "不是有效的 JSON"})
        office = data.get("office") if isinstance(data, dict) else None
        if not isinstance(office, str) or not isinstance(data.get("package_ids"), list) \
                or not isinstance(data.get("receipts"), list):
            return self._json(h, 400, {"status": "rejected", "error": "应有 office、package_ids、receipts"})
        stamp = now_text()
        with self.state.lock:
            for item in self.state.inbox:
                if item.office == office and item.package_id in data["package_ids"] and item.acknowledged_at is None:
                    item.acknowledged_at = stamp
            for r in data["receipts"]:
                app = self.state.applications.get(str(r.get("platform_ref")))
                if app is not None and app.office == office:
                    app.serial = str(r.get("serial"))
            self.state.save()
        return self._json(h, 200, {"status": "ok"})

    # -- the page and the administration -----------------------------------------------------------------------
    def _local(self, h, method: str, path: str) -> None:
        from app.packages.sync import is_loopback

        if not is_loopback(h.client_address[0]):
            return self._json(h, 403, {"status": "rejected", "error": "管理接口只在本机开放"})
        if method == "GET" and path == "/":
            return self._send(h, 200, page.render(self).encode("utf-8"), "text/html; charset=utf-8")
        if method == "GET" and path == "/platform-key.pem":
            return self._send(h, 200, self.state.public.pem.encode(), "application/x-pem-file")
        if method == "GET" and path == "/api/state":
            return self._json(h, 200, page.state_json(self))
        if method != "POST":
            return self._json(h, 405, {"status": "rejected", "error": "应使用 POST"})
        try:
            data = json.loads(self._body(h, MAX_JSON))
        except ValueError:
            return self._json(h, 400, {"status": "rejected", "error": "不是有效的 JSON"})
        if path == "/admin/faults":
            if data.get("mode") not in FAULTS:
                return self._json(h, 400, {"status": "rejected", "error": f"mode 应为 {FAULTS}"})
            self.fault, self.retry_after = data["mode"], int(data.get("retry_after", self.retry_after))
            return self._json(h, 200, {"mode": self.fault})
        if path == "/admin/offices":
            with self.state.lock:
                self.state.office_keys[str(data["org_code"])] = str(data["public_key_pem"])
                self.state.save()
            return self._json(h, 200, {"status": "ok"})
        if path == "/admin/applications":
            item, refs = releases.submit_applications(self.state, str(data["office"]), list(data["applications"]))
            return self._json(h, 201, {"package_id": item.package_id, "platform_refs": refs})
        if path == "/admin/calendar":
            item = releases.release_calendar(self.state, str(data["office"]), int(data["year"]),
                                             list(data.get("days") or []), str(data.get("note") or ""))
            return self._json(h, 201, {"package_id": item.package_id})
        if path == "/admin/guidance":
            item = releases.release_guidance(self.state, str(data["office"]), list(data["items"]))
            return self._json(h, 201, {"package_id": item.package_id})
        if path == "/admin/templates":
            item = releases.release_templates(self.state, str(data["office"]), list(data["entries"]))
            return self._json(h, 201, {"package_id": item.package_id})
        return self._json(h, 404, {"status": "rejected", "error": "没有这个接口"})
