"""End to end: township → USB file → county → HTTP → reference receiver, with outages and lost answers."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest
from sqlalchemy import select

from app import packages
from app.packages import platform as packages_sync
from app.storage.db import Database
from app.storage.models.packages import OutgoingPackage
from tests.helpers.package_receiver import Receiver
from tests.helpers.packages import add_applications, application_by_uuid


@pytest.fixture
def receiver():
    rx = Receiver(token="secret-token").start()
    yield rx
    rx.stop()


def _outgoing(db) -> list[OutgoingPackage]:
    with db.read_session() as s:
        return list(s.execute(select(OutgoingPackage).where(OutgoingPackage.transport == "http")
                              .order_by(OutgoingPackage.id)).scalars())


def test_usb_then_http_with_an_outage_in_the_middle(linked, receiver, tmp_path):
    county, township, c_code, t_code = linked
    ids = add_applications(township, 3, name="李四")
    usb = tmp_path / "usb" / "baisha.gkpkg"
    usb.parent.mkdir()
    with township.session() as s:
        packages.export_package(s, to=c_code, out_path=usb)
    with county.session() as s:
        assert packages.import_file(s, usb).state == "applied"
    assert application_by_uuid(county, ids[0]).applicant_name == "李四"
    add_applications(county, 2, name="王五")
    with county.read_session() as s:
        receiver.public_key_pem = packages.own_key_info(s).pem

    receiver.mode = "outage"  # 503
    report = packages_sync.sync(county, url=receiver.url, token="secret-token")
    [pid] = report.queued
    assert report.results == {pid: "retry"} and "待重试" in report.message
    [row] = _outgoing(county)
    assert row.state == "queued" and row.attempts == 1 and "503" in row.last_error
    assert row.next_attempt_at is not None and row.next_attempt_at > row.created_at

    receiver.stop()  # connection refused; and the program restarts (a new handle on the same file)
    restarted = Database.open(county.url, backup=False)
    try:
        report = packages_sync.sync(restarted, url=receiver.url, token="secret-token")
        assert report.queued == [] and report.results == {} and report.waiting == 1  # backoff not yet over
        report = packages_sync.sync(restarted, url=receiver.url, token="secret-token", force=True)
        assert report.queued == [] and report.results == {pid: "retry"}
        assert "无法连接" in _outgoing(restarted)[0].last_error

        receiver.start()
        receiver.mode = "ok"
        report = packages_sync.sync(restarted, url=receiver.url, token="secret-token", force=True)
        assert report.results == {pid: "accepted"}
    finally:
        restarted.dispose()

    [row] = _outgoing(county)
    assert row.state == "accepted" and row.attempts == 3 and row.last_error is None
    assert row.receipt == receiver.packages[pid]["receipt"] and row.receipt["receipt_id"]
    assert receiver.accepted == [pid]  # exactly one accepted receipt
    with county.read_session() as s:  # the receipt anchors the audit trail (docs/security.md)
        from app.storage.models.core import AuditAnchor

        assert s.execute(select(AuditAnchor.ref).where(AuditAnchor.kind == "receipt")).scalars().all() == [pid]
    assert {r["package_id"] for r in receiver.requests} == {pid}  # never a second id
    body = receiver.packages[pid]["body"]
    assert hashlib.sha256(body).hexdigest() == row.sha256
    headers = receiver.requests[-1]["headers"]
    assert headers["Content-Type"] == "application/zip" and headers["X-Package-Sha256"] == row.sha256
    assert headers["Authorization"] == "Bearer secret-token"
    with zipfile.ZipFile(io.BytesIO(body)) as zf:
        lines = [json.loads(x) for x in zf.read("data/applications.jsonl").splitlines()]
    names = {rec["applicant"]["name"] for rec in lines}
    assert names == {"李**", "王**"}  # township's and county's, masked for the province
    assert {rec.get("office") for rec in lines} == {t_code, c_code}


def test_lost_answer_is_retried_under_the_same_id_and_gets_duplicate(county, receiver):
    add_applications(county, 1)
    receiver.mode = "drop"  # accepted, answer lost
    report = packages_sync.sync(county, url=receiver.url, token="secret-token")
    [pid] = report.queued
    assert report.results == {pid: "retry"}
    receiver.mode = "ok"
    report = packages_sync.sync(county, url=receiver.url, token="secret-token", force=True)
    assert report.queued == [] and report.results == {pid: "duplicate"}
    [row] = _outgoing(county)
    assert row.state == "duplicate" and row.receipt["receipt_id"] == receiver.packages[pid]["receipt"]["receipt_id"]
    assert receiver.accepted == [pid]
    assert [r["package_id"] for r in receiver.requests] == [pid, pid]


def test_rejected_package_is_shown_and_not_retried(county, receiver):
    add_applications(county, 1)
    receiver.mode = "reject"
    report = packages_sync.sync(county, url=receiver.url, token="secret-token")
    [pid] = report.queued
    assert report.results == {pid: "rejected"} and "被拒收" in report.message
    [row] = _outgoing(county)
    assert row.state == "rejected" and "数据包格式不符合要求" in row.last_error
    receiver.mode = "ok"
    packages_sync.sync(county, url=receiver.url, token="secret-token", force=True)
    assert [r["package_id"] for r in receiver.requests].count(pid) == 1


def test_wrong_token_is_a_rejection(county, receiver):
    report = packages_sync.sync(county, url=receiver.url, token="wrong")
    [pid] = report.queued
    assert report.results == {pid: "rejected"}
    assert "401" in _outgoing(county)[0].last_error


def test_sync_needs_a_url(county):
    from app.errors import UserError

    with pytest.raises(UserError, match="省级平台地址"):
        packages_sync.sync(county)


def test_sync_settings_keep_the_token_out_of_the_database(county, gongkai_home):
    with county.session() as s:
        got = packages_sync.save_sync_settings(s, url="https://gk.example.gov.cn/api", proxy="",
                                               token="t-123", full_record_destinations=["province"])
    assert got.has_token and got.full_record_destinations == ["province"]
    assert packages_sync.read_token() == "t-123"
    from app.storage.models.core import Setting

    with county.read_session() as s:  # on any database: no setting holds the token
        assert all("t-123" not in str(row.value) for row in s.query(Setting))
    if county.path is not None:  # and on SQLite, not even the file's bytes
        for path in (county.path, county.path.with_name(county.path.name + "-wal")):
            if path.exists():
                assert b"t-123" not in path.read_bytes()
    with county.session() as s, pytest.raises(Exception, match="http"):
        packages_sync.save_sync_settings(s, url="ftp://x")
