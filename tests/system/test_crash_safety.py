"""Crash safety: SIGKILL bulk work at random moments; `gongkai check` passes and each run is all or nothing."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.helpers.reliability import BUDGETS, ROOT, fuzz_mode, row_counts

pytestmark = pytest.mark.sqlite_only  # a killed process and its SQLite file; PostgreSQL is the server's job

SAMPLES = ROOT.parent / "shared" / "samples"
CI_KILLS = 20
FUZZ_KILLS = 150
SUMMARY: dict[str, KillTally] = {}


@dataclass
class KillTally:
    kills: int = 0
    finished_first: int = 0
    rolled_back: int = 0
    committed: int = 0
    mid_write: int = 0  # killed while its transaction had written to the WAL, found rolled back
    aimed: int = 0  # kills aimed at the commit
    states: list[str] = field(default_factory=list)


def _base_database(path: Path, *, with_profile: bool) -> None:
    from app.core import profile
    from app.storage.db import Database

    db = Database.open(path)
    if with_profile:
        from tests.helpers.offices import office_data

        with db.session() as s:
            profile.save_profile(s, office_data())
    db.dispose()


def _big_jsonl(path: Path, copies: int) -> int:
    """The 400 sample records repeated with new ids and serials (a large, valid import)."""
    base = [json.loads(line) for line in (SAMPLES / "register-sample.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for c in range(copies):
            for i, rec in enumerate(base):
                rec = dict(rec)
                rec["id"] = str(uuid.UUID(int=(c << 32) + i + 1))
                year = rec["received_on"][:4]
                rec["serial"] = f"GK-{year}-{c + 1:02d}{i + 1:03d}"
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
    return n


def _clear(path: Path) -> None:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        p.unlink(missing_ok=True)
    # The loop puts an older file in place by copying; the audit anchors a passing check noted for this
    # path would rightly report that as a rollback of the chain (docs/security.md), so they go with it.
    from app.storage import anchors

    anchors.retire(anchors.key_for(anchors.sqlite_target(path)), "test-copy")


def _wal_size(path: Path) -> int:
    try:
        return os.path.getsize(f"{path}-wal")
    except OSError:
        return 0


def _running(pid: int) -> bool:
    """The child has not exited yet (an exited child stays a zombie until the fork server reaps it)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return False


def kill_loop(fork_server, tmp_path: Path, name: str, base: Path, argv_for, kills: int, *,
              seed: int, rerun_ok: bool = True) -> KillTally:
    """Kill `argv_for(db)` at random moments `kills` times on copies of `base`; check every result."""
    before = row_counts(base)
    work = tmp_path / f"{name}.sqlite3"
    _clear(work)
    shutil.copyfile(base, work)
    full = fork_server.run(argv_for(work), tmp_path / f"{name}-full.log")
    assert full["code"] == 0, full["output"]
    after = row_counts(work)
    assert after != before, "the operation changed nothing: nothing to test"
    duration = max(full["elapsed"], 0.05)
    t_check = time.monotonic()
    fork_server.run(["--db", work, "check"], tmp_path / f"{name}-full-check.log")
    print(f"\n{name}: full run {duration:.2f}s, check {time.monotonic() - t_check:.2f}s")
    rng = random.Random(seed)
    tally = KillTally()
    for i in range(kills):
        _clear(work)
        shutil.copyfile(base, work)
        pid = fork_server.start(argv_for(work), tmp_path / f"{name}-{i}.log")
        if i % 2 == 0:  # a random moment of the whole run
            time.sleep(rng.uniform(0.0, duration * 1.1))
        else:  # aimed at the commit: the WAL stays empty until the transaction's pages are written
            deadline = time.monotonic() + duration * 3 + 5
            while _wal_size(work) == 0 and _running(pid) and time.monotonic() < deadline:
                time.sleep(0.001)
            time.sleep(rng.uniform(0.0, 0.03))
            tally.aimed += 1
        wal = _wal_size(work)
        os.kill(pid, signal.SIGKILL)
        status = fork_server.wait(pid)
        tally.kills += 1
        if not status["killed"]:
            tally.finished_first += 1
            assert status["code"] == 0, (tmp_path / f"{name}-{i}.log").read_text(encoding="utf-8")
        check = fork_server.run(["--db", work, "check"], tmp_path / f"{name}-{i}-check.log")
        assert check["code"] == 0, f"kill {i}: gongkai check failed: {check['output']}"
        counts = row_counts(work)
        if counts == before:
            tally.rolled_back += 1
            tally.states.append("before")
            if wal > 0 and status["killed"]:
                tally.mid_write += 1
        elif counts == after:
            tally.committed += 1
            tally.states.append("after")
        else:
            diff = {t: (before.get(t), counts.get(t), after.get(t)) for t in after if counts.get(t) not in (before.get(t), after.get(t))}
            pytest.fail(f"kill {i} of {name} left a partial state (before, now, after): {diff}")
    if rerun_ok and tally.states and tally.states[-1] == "before":
        again = fork_server.run(argv_for(work), tmp_path / f"{name}-again.log")
        assert again["code"] == 0, again["output"]
        assert row_counts(work) == after, "re-running after a kill did not reach the complete state"
    SUMMARY[name] = tally
    print(f"\n{name}: {tally.kills} kills ({tally.aimed} aimed at the commit), {tally.rolled_back} rolled back "
          f"({tally.mid_write} with transaction pages in the WAL), "
          f"{tally.committed} committed, {tally.finished_first} finished before the kill; check passed every time")
    return tally


def _kills(ci: int = CI_KILLS) -> int:
    return FUZZ_KILLS if fuzz_mode() else ci


@BUDGETS
def test_killed_request_import_is_all_or_nothing(fork_server, tmp_path, budget):
    base = tmp_path / "base.sqlite3"
    _base_database(base, with_profile=True)
    jsonl = tmp_path / "big.jsonl"
    _big_jsonl(jsonl, copies=2)
    tally = kill_loop(fork_server, tmp_path, "request-import", base,
                      lambda db: ["--db", db, "request", "import", jsonl], _kills(), seed=11)
    assert tally.mid_write > 0 or tally.rolled_back > 0, "no kill landed before the commit"


@BUDGETS
def test_killed_demo_is_all_or_nothing(fork_server, tmp_path, budget):
    base = tmp_path / "base.sqlite3"
    _base_database(base, with_profile=False)
    kill_loop(fork_server, tmp_path, "demo", base,
              lambda db: ["--db", db, "demo", "--requests", "20", "--catalogue", "30", "--ledger", "15",
                          "--today", "2026-03-02"], _kills(10), seed=12, rerun_ok=True)


@BUDGETS
def test_killed_excel_import_is_all_or_nothing(fork_server, tmp_path, budget):
    base = tmp_path / "base.sqlite3"
    _base_database(base, with_profile=True)
    xlsx = SAMPLES / "register-2025.xlsx"
    kill_loop(fork_server, tmp_path, "excel-import", base,
              lambda db: ["--db", db, "excel", "import", xlsx, "--kind", "register"], _kills(), seed=13)


@pytest.mark.fuzz
def test_long_kill_run_of_request_import(fork_server, tmp_path):
    base = tmp_path / "base.sqlite3"
    _base_database(base, with_profile=True)
    jsonl = tmp_path / "big.jsonl"
    _big_jsonl(jsonl, copies=10)
    kill_loop(fork_server, tmp_path, "request-import-4000", base,
              lambda db: ["--db", db, "request", "import", jsonl], max(_kills(), 100), seed=21)


def test_killed_cold_cli_process_leaves_a_consistent_database(tmp_path):
    """One kill of the real `gongkai` console script (a cold start, no fork server)."""
    import subprocess
    import sys

    base = tmp_path / "base.sqlite3"
    _base_database(base, with_profile=True)
    before = row_counts(base)
    jsonl = tmp_path / "big.jsonl"
    _big_jsonl(jsonl, copies=2)
    proc = subprocess.Popen([sys.executable, "-m", "app.cli.main", "--db", str(base), "request", "import", str(jsonl)],
                            cwd=str(ROOT), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while _wal_size(base) == 0 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)  # wait until it writes
    proc.kill()
    proc.wait()
    check = subprocess.run([sys.executable, "-m", "app.cli.main", "--db", str(base), "check"], cwd=str(ROOT),
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    counts = row_counts(base)
    assert counts == before or counts["application"] == 800


def _linked_package(tmp_path: Path) -> tuple[Path, Path]:
    """A county base file that trusts a township, and a package of 400 applications from that township."""
    from app import packages, register
    from app.core import profile
    from app.storage.db import Database
    from tests.helpers.offices import office_data, township_data

    county = Database.open(tmp_path / "county-base.sqlite3", backup=False)
    township = Database.open(tmp_path / "township.sqlite3", backup=False)
    try:
        with county.session() as s:
            profile.save_profile(s, office_data())
            c_key = packages.ensure_own_key(s)
        with township.session() as s:
            profile.save_profile(s, township_data())
            t_key = packages.ensure_own_key(s)
            packages.trust_key(s, c_key.pem, office_data()["org_code"], "测试县")
        with county.session() as s:
            packages.trust_key(s, t_key.pem, township_data()["org_code"], "白沙镇")
        records = [json.loads(line) for line in (SAMPLES / "register-sample.jsonl").read_text(encoding="utf-8").splitlines()
                   if line.strip()]
        with township.session() as s:
            register.import_records(s, records)
        package = tmp_path / "township.gkpkg"
        with township.session() as s:
            packages.export_package(s, to=office_data()["org_code"], out_path=package)
    finally:
        county.dispose()
        township.dispose()
    return tmp_path / "county-base.sqlite3", package


@BUDGETS
def test_killed_package_import_is_all_or_nothing(fork_server, tmp_path, budget):
    base, package = _linked_package(tmp_path)
    kill_loop(fork_server, tmp_path, "package-import", base,
              lambda db: ["--db", db, "package", "import", package], _kills(), seed=14)
