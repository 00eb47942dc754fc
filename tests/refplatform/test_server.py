"""The reference platform (app/refplatform) as an integrator meets it: uploads, the page, restarts, the command."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from app.refplatform import Platform, releases

ROOT = Path(__file__).resolve().parents[2]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _post(url: str, data: bytes, headers: dict) -> tuple[int, dict]:
    req = urllib.request.Request(url, data=data, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def _package(db) -> tuple[str, bytes]:
    from app import packages
    from tests.helpers.packages import add_applications

    add_applications(db, 2, name="赵六")
    from app.storage.models.packages import OutgoingPackage

    with db.session() as s:
        info = packages.queue_package(s)
    with db.read_session() as s:
        row = s.query(OutgoingPackage).filter_by(package_id=info.package_id).one()
        return row.package_id, row.content


def _upload(url, pid, body, token=None):
    import hashlib

    headers = {"Content-Type": "application/zip", "X-Package-Id": pid, "X-Package-Sha256": hashlib.sha256(body).hexdigest()}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return _post(url + "/packages", body, headers)


def test_uploads_are_idempotent_and_listed_on_the_page(db):
    platform = Platform(token="t").start()
    try:
        pid, body = _package(db)
        assert _upload(platform.url, pid, body)[0] == 401  # the token is required
        status, first = _upload(platform.url, pid, body, "t")
        assert status == 201 and first["status"] == "accepted" and first["package_id"] == pid
        status, again = _upload(platform.url, pid, body, "t")
        assert status == 200 and again == {**first, "status": "duplicate"}
        status, other = _upload(platform.url, pid, body + b"x", "t")
        assert status in (400, 409) and other["status"] == "rejected"
        releases.submit_applications(platform.state, "11330127MB0000001X", [
            {"submitted_at": "2026-12-05T10:00:00+08:00", "applicant": {"name": "陈静"}, "content": "道路资金"}])
        status, html = _get(platform.url + "/")
        page = html.decode("utf-8")
        assert status == 200 and pid in page and "网上申请（1）" in page and "待机关登记" in page
        assert "未登记公钥，未核验" in page  # honest about what it did not check
        assert _get(platform.url + "/platform-key.pem")[1].startswith(b"-----BEGIN PUBLIC KEY-----")
    finally:
        platform.stop()


def test_a_registered_office_key_is_checked(db):
    from app import packages

    platform = Platform().start()
    try:
        with db.session() as s:
            own = packages.ensure_own_key(s)
        other = Platform()  # any other Ed25519 key
        platform.state.office_keys["11330127MB0000001X"] = other.state.public.pem
        other.httpd.server_close()
        pid, body = _package(db)
        status, answer = _upload(platform.url, pid, body)
        assert status == 400 and "签名无效" in answer["error"]
        platform.state.office_keys["11330127MB0000001X"] = own.pem
        assert _upload(platform.url, pid, body)[0] == 201
        assert platform.state.received[pid].signature == "已核验"
    finally:
        platform.stop()


def test_the_state_directory_keeps_key_and_contents_across_restarts(db, tmp_path):
    first = Platform(state_dir=tmp_path / "state").start()
    pid, body = _package(db)
    assert _upload(first.url, pid, body)[0] == 201
    releases.release_calendar(first.state, "11330127MB0000001X", 2027, [{"date": "2027-01-04", "is_workday": False}])
    key = first.state.public.pem
    first.stop()
    second = Platform(state_dir=tmp_path / "state").start()
    try:
        assert second.state.public.pem == key
        assert _upload(second.url, pid, body)[1]["status"] == "duplicate"
        assert [i.kind for i in second.state.inbox] == ["calendar"]
        assert second.state.streams == {"11330127MB0000001X": 1}
    finally:
        second.stop()


def test_gongkai_platform_serve_runs(tmp_path):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GONGKAI_HOME": str(tmp_path)}
    with subprocess.Popen([sys.executable, "-m", "app.cli.main", "platform", "serve", "--port", str(port)],
                          cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as proc:
        try:
            line = proc.stdout.readline().decode("utf-8") + proc.stdout.readline().decode("utf-8")
            assert f"http://127.0.0.1:{port}" in line and "公钥指纹" in line
            status, body = _get(f"http://127.0.0.1:{port}/inbox?office=X")
            assert status == 200 and json.loads(body) == {"items": [], "cursor": "0"}
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                pytest.fail("the platform did not stop on Ctrl+C")
    assert proc.returncode == 0
