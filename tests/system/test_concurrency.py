"""Concurrency: several processes writing one database lose nothing; a writer that cannot get the lock gets a
clear "busy" StorageError; the window's background jobs never overlap."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import select

from app.core import profile
from app.errors import StorageError
from tests.helpers.reliability import ROOT, SYSTEM_TESTS
from tests.helpers.settings import scratch

WORKERS = 3
PER_WORKER = 15


def test_concurrent_writers_lose_nothing(db):
    from app.core import settings
    from app.core.integrity import run_check
    from app.storage.models.register import Application

    with db.read_session() as s:
        own = profile.own_office_id(s)
    url = db.url
    procs = [subprocess.Popen([sys.executable, str(SYSTEM_TESTS / "reliability_writer.py"), url, str(PER_WORKER), str(w)],
                              cwd=str(ROOT), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for w in range(WORKERS)]
    outputs = [p.communicate(timeout=300) for p in procs]
    for p, (_out, err) in zip(procs, outputs):
        assert p.returncode == 0, err[-2000:]
    with db.read_session() as s:
        serials = s.execute(select(Application.serial).where(Application.office_id == own)).scalars().all()
        names = s.execute(select(Application.applicant_name)).scalars().all()
        for w in range(WORKERS):
            assert settings.get_setting(s, scratch(f"test.concurrency_worker{w}")) == PER_WORKER
        report = run_check(s)
    assert len(serials) == WORKERS * PER_WORKER
    assert len(set(names)) == WORKERS * PER_WORKER
    numbers = sorted(int(re.findall(r"\d+", serial)[-1]) for serial in serials)
    assert numbers == list(range(1, WORKERS * PER_WORKER + 1)), f"gaps or duplicates: {numbers}"
    assert report.ok, report.problems


@pytest.mark.sqlite_only
def test_a_writer_that_cannot_get_the_lock_is_refused_clearly(db, monkeypatch):
    from app.core import settings
    from app.storage import db as db_module
    from app.storage.db import Database

    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 300)
    other = Database(db.url)  # a second program with a short busy timeout
    holder = sqlite3.connect(str(db.path), timeout=1, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        started = time.monotonic()
        with pytest.raises(StorageError) as info:
            with other.session() as s:
                settings.set_setting(s, "security.idle_minutes", 1)
        waited = time.monotonic() - started
        assert "占用" in info.value.message or "锁定" in info.value.message, info.value.message
        assert str(db.path) in info.value.message
        assert waited < 10
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        other.dispose()
    with db.session() as s:  # the lock is free again: the write goes through
        settings.set_setting(s, "security.idle_minutes", 2)
    with db.read_session() as s:
        assert settings.get_setting(s, "security.idle_minutes") == 2


@pytest.mark.sqlite_only
def test_readers_are_not_blocked_by_a_writer(db):
    from app.core import settings

    holder = sqlite3.connect(str(db.path), timeout=1, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        holder.execute("INSERT INTO setting (key, value) VALUES ('security.idle_minutes', '1')")
        with db.read_session() as s:  # WAL: the reader sees the last committed state at once
            assert settings.get_setting(s, "security.idle_minutes") == settings.default("security.idle_minutes")
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_background_jobs_never_overlap(qtbot):
    from ui.context import JobRunner

    errors = []
    runner = JobRunner(lambda: None, lambda exc, tb=None: errors.append(exc))
    spans: list[tuple[float, float]] = []
    active = threading.Semaphore(1)
    overlaps = []

    def job(progress, n):
        if not active.acquire(blocking=False):
            overlaps.append(n)
        start = time.monotonic()
        time.sleep(0.05)
        spans.append((start, time.monotonic()))
        active.release()
        return n

    done = []
    for n in range(6):
        runner.run(job, n, show_progress=False, on_done=done.append)
    assert runner.wait(10_000)
    qtbot.waitUntil(lambda: len(done) == 6, timeout=5000)
    assert not errors and not overlaps
    spans.sort()
    for (_, end), (start, _) in zip(spans, spans[1:]):
        assert start >= end, "two background jobs ran at the same time"
    assert sorted(done) == list(range(6))
