"""Issue 18 (sync items 1 and 6): redirects, plain HTTP, 429 and Retry-After, the overall deadline, the token."""

from __future__ import annotations

import datetime as dt
import io
import json
import time

import pytest
from sqlalchemy import select

from app import packages
from app.cli.main import main
from app.errors import ValidationError
from app.packages import platform as packages_sync
from app.packages.sync import SyncConfig, post_package, retry_after
from app.storage.base import utcnow
from app.storage.models.core import AuditEntry
from app.storage.models.packages import OutgoingPackage
from tests.helpers.http_faults import FaultServer
from tests.helpers.package_receiver import Receiver
from tests.helpers.packages import add_applications


def _echo(req):  # what the other host of issue 18 did: a 201 that looks like a receipt
    if req.path.startswith("/inbox"):  # and an empty inbox
        return 200, {"Content-Type": "application/json"}, b'{"items": [], "cursor": null}'
    pid = req.headers.get("X-Package-Id") or ""
    return 201, {"Content-Type": "application/json"}, json.dumps(
        {"package_id": pid, "status": "accepted", "receipt_id": "echo", "received_at": "2026-01-01T00:00:00+00:00"}
    ).encode()


@pytest.fixture
def servers():
    made: list[FaultServer] = []

    def make(handler) -> FaultServer:
        made.append(FaultServer(handler))
        return made[-1]

    yield make
    for s in made:
        s.stop()


def _rows(db) -> list[OutgoingPackage]:
    with db.read_session() as s:
        return list(s.execute(select(OutgoingPackage).where(OutgoingPackage.transport == "http")
                              .order_by(OutgoingPackage.sequence)).scalars())


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_is_never_followed_and_the_package_stays_queued(county, servers, status):
    other = servers(_echo)
    platform = servers(lambda req: (status, {"Location": other.url + "/packages"}, b""))
    add_applications(county, 1)
    report = packages_sync.sync(county, url=platform.url, token="secret")
    [pid] = report.queued
    assert report.results == {pid: "retry"}
    assert other.requests == []  # neither the package nor the token went to the other host
    [row] = _rows(county)
    assert row.state == "queued" and row.receipt is None and "重定向" in row.last_error
    assert f"HTTP {status}" in row.last_error


def test_plain_http_to_another_host_needs_the_clerks_explicit_setting(county):
    with pytest.raises(ValidationError, match="明文 HTTP"):
        packages_sync.sync(county, url="http://gk.example.gov.cn/api")
    with county.session() as s, pytest.raises(ValidationError, match="明文 HTTP"):
        packages_sync.save_sync_settings(s, url="http://gk.example.gov.cn/api")
    with county.read_session() as s:
        assert packages_sync.get_sync_settings(s).url == ""  # refused: nothing stored
    with county.session() as s:
        got = packages_sync.save_sync_settings(s, url="http://gk.example.gov.cn/api", allow_plain_http=True)
    assert got.allow_plain_http and got.url == "http://gk.example.gov.cn/api"
    with county.read_session() as s:  # the decision is in the audit trail
        notes = [r.after for r in s.execute(select(AuditEntry).where(AuditEntry.entity == "setting")).scalars()]
    assert any("packages.allow_plain_http" in str(a) and "true" in str(a).lower() for a in notes)
    # https and this computer's own addresses need no setting
    with county.session() as s:
        packages_sync.save_sync_settings(s, url="https://gk.example.gov.cn/api", allow_plain_http=False)
        packages_sync.save_sync_settings(s, url="http://127.0.0.1:8080")
        packages_sync.save_sync_settings(s, url="http://localhost:8080")


def test_allowed_plain_http_is_warned_on_every_run(county, monkeypatch):
    from app.packages import sync as sync_module

    with county.session() as s:
        packages_sync.save_sync_settings(s, url="http://gk.example.gov.cn/api", allow_plain_http=True)
    seen = []
    monkeypatch.setattr(sync_module, "post_package",
                        lambda cfg, pid, data, sha: seen.append(cfg.url) or sync_module.SendResult("retry", None, None, "x"))
    add_applications(county, 1)
    report = packages_sync.sync(county)
    assert seen == ["http://gk.example.gov.cn/api"]
    assert report.warnings and "明文 HTTP" in report.warnings[0] and "明文 HTTP" in report.message


def test_429_keeps_the_order_and_honours_retry_after(county, servers):
    rx = Receiver().start()
    busy = {"on": True}

    def platform(req):
        if busy["on"]:
            return 429, {"Retry-After": "900", "Content-Type": "application/json"}, b'{"status": "rejected"}'
        return None

    try:
        def handler(req):
            answer = platform(req)
            if answer is not None:
                return answer
            import urllib.request
            r = urllib.request.Request(rx.url + "/packages", data=req.body, method="POST", headers={
                k: v for k, v in req.headers.items() if k.lower() in ("content-type", "x-package-id", "x-package-sha256")})
            with urllib.request.urlopen(r) as resp:
                return resp.status, {"Content-Type": "application/json"}, resp.read()

        server = servers(handler)
        add_applications(county, 1)
        before = utcnow()
        report = packages_sync.sync(county, url=server.url)
        [first] = report.queued
        assert report.results == {first: "retry"}
        [row] = _rows(county)
        assert row.state == "queued" and "429" in row.last_error and "900 秒" in row.last_error
        assert row.next_attempt_at >= before + dt.timedelta(seconds=899)  # not our one minute: the server's 15
        add_applications(county, 1, start=10)
        with county.session() as s:
            second = packages.queue_package(s).package_id
        busy["on"] = False
        report = packages_sync.sync(county, url=server.url)
        assert report.results == {} and report.waiting == 2  # Retry-After not over: nothing is sent
        report = packages_sync.sync(county, url=server.url, force=True)
        assert report.results == {first: "accepted", second: "accepted"}
        assert rx.accepted == [first, second]  # in sequence order: no gap at the province
    finally:
        rx.stop()


def test_5xx_with_an_http_date_retry_after(county, servers):
    later = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=2)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    server = servers(lambda req: (503, {"Retry-After": later}, b""))
    add_applications(county, 1)
    before = utcnow()
    packages_sync.sync(county, url=server.url)
    [row] = _rows(county)
    assert row.state == "queued" and "503" in row.last_error
    assert row.next_attempt_at >= before + dt.timedelta(minutes=118)


def test_retry_after_values():
    now = dt.datetime(2026, 12, 7, 8, 0)
    assert retry_after("120", now) == dt.timedelta(seconds=120)
    assert retry_after("Mon, 07 Dec 2026 08:05:00 GMT", now) == dt.timedelta(minutes=5)
    assert retry_after("9999999", now) == dt.timedelta(hours=6)  # capped
    assert retry_after("soon", now) is None and retry_after(None, now) is None


def test_other_4xx_is_still_a_rejection(county, servers):
    server = servers(lambda req: (403, {"Content-Type": "application/json"},
                                  json.dumps({"status": "rejected", "error": "机关未开通"}).encode()))
    add_applications(county, 1)
    report = packages_sync.sync(county, url=server.url)
    assert list(report.results.values()) == ["rejected"]
    assert "机关未开通" in _rows(county)[0].last_error


@pytest.mark.parametrize("phase", ["headers", "body"])
def test_a_trickling_server_cannot_hold_sync_past_the_deadline(servers, phase):
    if phase == "body":
        server = servers(lambda req: (201, {"Content-Type": "application/json"}, [b"{"] + [b" "] * 60, 0.5))
    else:
        def slow(req):  # accepts the connection, then answers nothing for a long time
            time.sleep(30)
            return 201, {}, b""

        server = servers(slow)
    cfg = SyncConfig(url=server.url, timeout=1.5)
    started = time.monotonic()
    result = post_package(cfg, "p-1", b"PK", "00")
    elapsed = time.monotonic() - started
    assert result.kind == "retry" and "1.5 秒" in result.error
    assert elapsed < 4


def test_the_token_from_the_environment_or_standard_input(county, servers, monkeypatch, capsys):
    server = servers(_echo)
    add_applications(county, 1)
    monkeypatch.setenv("GONGKAI_SYNC_TOKEN", "from-env")
    packages_sync.sync(county, url=server.url)
    assert {r.headers["Authorization"] for r in server.requests} == {"Bearer from-env"}  # upload and inbox
    monkeypatch.delenv("GONGKAI_SYNC_TOKEN")
    add_applications(county, 1, start=5)
    monkeypatch.setattr("sys.stdin", io.StringIO("from-stdin\n"))
    assert main(["--db", county.target, "sync", "--url", server.url, "--token-stdin"]) == 0
    assert server.requests[-1].headers["Authorization"] == "Bearer from-stdin"
    assert server.requests[-2].path == "/packages" and server.requests[-1].path.startswith("/inbox?office=")
    monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
    assert main(["--db", county.target, "sync", "--url", server.url, "--token-stdin"]) != 0
    assert "标准输入中没有访问令牌" in capsys.readouterr().err
