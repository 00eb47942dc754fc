"""A tiny HTTP server on 127.0.0.1 whose answer each test writes: redirects, 429, trickling bodies.

`FaultServer(handler)`: `handler(request)` gets a `Request` (method, path, headers, body) and returns
`(status, headers, body)` or, for a slow answer, `(status, headers, chunks, delay)`: the chunks are sent
one by one with `delay` seconds between them. Every request is kept in `requests`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class FaultServer:
    def __init__(self, handler: Callable[[Request], tuple]) -> None:
        self.handler = handler
        self.requests: list[Request] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                return None

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                req = Request(self.command, self.path, dict(self.headers), self.rfile.read(length))
                server.requests.append(req)
                answer = server.handler(req)
                try:
                    self._answer(answer)
                except OSError:
                    return  # the client gave up (a deadline test)

            def _answer(self, answer: tuple) -> None:
                status, headers, body = answer[:3]
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                if len(answer) == 3:
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                chunks, delay = body, answer[3]
                self.send_header("Content-Length", str(sum(len(c) for c in chunks)))
                self.end_headers()
                for chunk in chunks:
                    self.wfile.write(chunk)
                    self.wfile.flush()
                    time.sleep(delay)

            do_GET = do_POST = do_PUT = _any

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
