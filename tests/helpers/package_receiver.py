"""A reference receiver of docs/spec/packages.md section 4 for the tests: POST /packages on 127.0.0.1 (and an
always empty inbox). The whole platform, both directions, is app.refplatform.

Switches simulate the provincial platform's bad days: `mode = "outage"` answers 503, `"reject"` answers
400 with a JSON error, `"drop"` accepts the package and then closes the connection without answering
(the client must retry and get "duplicate"); `stop()` gives "connection refused" and `start()` comes back
on the same port. With `public_key_pem` set, the package's signature is verified as the platform would.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    def __init__(self, *, token: str | None = None, public_key_pem: str | None = None) -> None:
        self.token = token
        self.public_key_pem = public_key_pem
        self.mode = "ok"
        self.packages: dict[str, dict] = {}  # package id -> {"sha256", "receipt", "body"}
        self.accepted: list[str] = []  # ids answered "accepted" (once each)
        self.requests: list[dict] = []  # every request's id and headers
        self.lock = threading.Lock()
        self.port = 0
        self.server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                return None

            def do_POST(self) -> None:
                if self.path.startswith("/inbox/ack"):
                    return receiver._answer(self, 200, {"status": "ok"})
                receiver.handle(self)

            def do_GET(self) -> None:  # an empty inbox (docs/spec/packages.md section 5)
                if self.path.startswith("/inbox"):
                    return receiver._answer(self, 200, {"items": [], "cursor": None})
                return receiver._answer(self, 404, {"status": "rejected", "error": "no such endpoint"})

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    # -- protocol ------------------------------------------------------------------------------------------
    def _answer(self, h: BaseHTTPRequestHandler, status: int, body: dict) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        h.send_response(status)
        h.send_header("Content-Type", "application/json; charset=utf-8")
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)

    def handle(self, h: BaseHTTPRequestHandler) -> None:
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length)
        pid = h.headers.get("X-Package-Id") or ""
        with self.lock:
            self.requests.append({"package_id": pid, "headers": dict(h.headers), "mode": self.mode})
        if h.path.rstrip("/") != "/packages":
            return self._answer(h, 404, {"status": "rejected", "error": "no such endpoint"})
        if self.mode == "outage":
            return self._answer(h, 503, {"status": "error", "error": "maintenance"})
        if self.mode == "reject":
            return self._answer(h, 400, {"status": "rejected", "error": "数据包格式不符合要求"})
        if self.token and h.headers.get("Authorization") != f"Bearer {self.token}":
            return self._answer(h, 401, {"status": "rejected", "error": "invalid token"})
        if h.headers.get("Content-Type") != "application/zip":
            return self._answer(h, 415, {"status": "rejected", "error": "Content-Type must be application/zip"})
        sha = hashlib.sha256(body).hexdigest()
        if h.headers.get("X-Package-Sha256") != sha:
            return self._answer(h, 400, {"status": "rejected", "error": "X-Package-Sha256 does not match the body"})
        problem = self._check_package(body, pid)
        if problem:
            return self._answer(h, 422, {"status": "rejected", "error": problem})
        with self.lock:
            known = self.packages.get(pid)
            if known is not None:
                if known["sha256"] != sha:
                    status, answer = 409, {"status": "rejected", "error": "package id already used for other bytes"}
                else:
                    status, answer = 200, {**known["receipt"], "status": "duplicate"}
            else:
                receipt = {"package_id": pid, "status": "accepted", "receipt_id": str(uuid.uuid4()),
                           "received_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
                self.packages[pid] = {"sha256": sha, "receipt": receipt, "body": body}
                self.accepted.append(pid)
                status, answer = 201, receipt
        if self.mode == "drop" and status == 201:
            h.close_connection = True
            h.wfile.flush()
            h.connection.shutdown(2)  # accepted, but the answer is lost on the way back
            return None
        return self._answer(h, status, answer)

    def _check_package(self, body: bytes, pid: str) -> str | None:
        from app.errors import UserError
        from app.packages import keys
        from app.packages.archive import SafeArchive
        from app.packages.manifest import parse

        try:
            with SafeArchive(body) as ar:
                manifest_bytes = ar.read("manifest.json")
                m = parse(manifest_bytes)
                if m.package_id != pid:
                    return "X-Package-Id does not match the manifest"
                if self.public_key_pem and not keys.verify(keys.load_public_pem(self.public_key_pem),
                                                           manifest_bytes, ar.read("manifest.sig")):
                    return "bad signature"
        except UserError as exc:
            return exc.message
        return None
