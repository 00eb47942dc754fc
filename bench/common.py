"""Shared pieces of `make bench`: scale parameters, the cached scale database, timing and the figure record."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# git-ignored: the cached scale databases; GONGKAI_BENCH_WORK moves it (the smoke test uses its own).
WORK = Path(os.environ.get("GONGKAI_BENCH_WORK") or ROOT / "bench" / "work")
# Scratch files of this run only: concurrent runs (a test suite's smoke test) never touch each other's.
SCRATCH = WORK / "scratch" / str(os.getpid())
RESULTS = ROOT / "bench" / "results"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Demo sizes per scale. "full" is the county of issue 10; "tiny" only proves the harness runs (CI smoke test).
SCALES = {
    "full": {"requests": 100_000, "catalogue": 1_000_000, "ledger": 200_000},
    "small": {"requests": 5_000, "catalogue": 50_000, "ledger": 10_000},
    "tiny": {"requests": 300, "catalogue": 2_000, "ledger": 300},
}
# How many repeats and how big the letter batch per scale (tiny keeps the CI smoke test short).
SCALE_PARAMS = {
    "full": {"runs": 3, "letters_batch": 500, "letters_one": 10, "lint_workbooks": 100},
    "small": {"runs": 3, "letters_batch": 100, "letters_one": 5, "lint_workbooks": 100},
    "tiny": {"runs": 1, "letters_batch": 10, "letters_one": 3, "lint_workbooks": 10},
}
PARAMS = dict(SCALE_PARAMS["full"])  # run.py sets the chosen scale's
SEED = 2026
TODAY = dt.date(2026, 11, 20)  # the demo's "today": fixed so that the scale database is deterministic
OPERATOR = "基准测试"


@dataclass
class Figure:
    """One line of the table: what was measured, against which target and which same-run baseline."""

    figure: str
    measured: str
    target: str
    baseline: str
    ok: bool | None  # None: not measured (pending)
    values: dict = field(default_factory=dict)  # raw numbers for the JSON file
    note: str = ""

    @property
    def verdict(self) -> str:
        return "pending" if self.ok is None else ("pass" if self.ok else "FAIL")


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def timed(fn: Callable, *args, **kw) -> tuple[float, object]:
    t0 = time.perf_counter()
    result = fn(*args, **kw)
    return time.perf_counter() - t0, result


def best_of(fn: Callable, runs: int = 3) -> tuple[float, float, object]:
    """(first run, median of the runs, last result): the first run is the cold one the clerk sees first."""
    times, result = [], None
    for _ in range(runs):
        t, result = timed(fn)
        times.append(t)
    return times[0], statistics.median(times), result


def python_exe() -> str:
    return sys.executable


def gongkai_exe() -> list[str]:
    """The installed console script (what the clerk runs); the module entry when it is not installed."""
    script = Path(sys.executable).parent / "gongkai"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from app.cli.main import main; sys.exit(main())"]


def child_env(home: Path) -> dict:
    env = dict(os.environ)
    env["GONGKAI_HOME"] = str(home)
    env["GONGKAI_OPERATOR"] = OPERATOR
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


CHILD_CPU: list[float] = []  # CPU seconds (user + sys) of each run_child, to tell machine load from work


def run_child(cmd: list[str], home: Path, *, timeout: float = 900) -> tuple[float, str]:
    """Wall time of a subprocess from launch to exit, and its stdout; a failure raises with its stderr."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=child_env(home), timeout=timeout, cwd=ROOT)
    seconds = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CHILD_CPU.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])}… exited {proc.returncode}: {proc.stderr[-2000:]}")
    return seconds, proc.stdout


# -- the scale database ---------------------------------------------------------------------------------
def _build_key(scale: str) -> dict:
    from app.storage.migrate import head_revision

    return {"revision": head_revision(), "sizes": SCALES[scale], "seed": SEED, "today": TODAY.isoformat()}


def remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def checkpoint(path: Path) -> None:
    """Fold the WAL into the main file so that the file can be copied as a whole."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def scale_db(scale: str, *, rebuild: bool = False) -> tuple[Path, dict, bool]:
    """(path, build facts, built in this run). Reused while the schema revision and demo parameters match."""
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"scale-{scale}.sqlite3"
    meta_path = WORK / f"scale-{scale}.json"
    key = _build_key(scale)
    if not rebuild and path.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("key") == key:
            return path, meta, False
    remove_db(path)
    meta_path.unlink(missing_ok=True)
    sizes = SCALES[scale]
    log(f"building the {scale} scale database with gongkai demo ({sizes}) …")
    cmd = gongkai_exe() + ["--db", str(path), "--operator", OPERATOR, "demo", "--seed", str(SEED),
                           "--requests", str(sizes["requests"]), "--catalogue", str(sizes["catalogue"]),
                           "--ledger", str(sizes["ledger"]), "--today", TODAY.isoformat()]
    seconds, _ = run_child(cmd, WORK / "home", timeout=3600)
    checkpoint(path)
    meta_path.write_text(json.dumps({"key": key, "build_seconds": seconds, "build_cpu_seconds": CHILD_CPU[-1],
                                     "load_after": os.getloadavg()[0],
                                     "built_at": dt.datetime.now().isoformat(timespec="seconds")},
                                    ensure_ascii=False, indent=2), encoding="utf-8")
    return path, json.loads(meta_path.read_text(encoding="utf-8")), True


def scratch(name: str) -> Path:
    SCRATCH.mkdir(parents=True, exist_ok=True)
    return SCRATCH / name


def scratch_copy(path: Path, name: str) -> Path:
    """A throw-away copy of the scale database for measurements that write (letters, recompute)."""
    dst = scratch(f"{name}.sqlite3")
    remove_db(dst)
    checkpoint(path)
    shutil.copyfile(path, dst)
    if hasattr(os, "sync"):
        # Gigabytes of the copy are still waiting to be written out: a measured commit's fsync would wait
        # for them (a clerk's database was not copied a second before they import).
        os.sync()
    return dst


def open_db(path: Path):
    from app.storage.db import Database

    return Database.open(str(path), backup=False)


def figures_json(figures: list[Figure]) -> list[dict]:
    out = []
    for f in figures:
        d = asdict(f)
        d["verdict"] = f.verdict
        out.append(d)
    return out
