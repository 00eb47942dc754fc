"""`make bench` still runs end to end: the harness at the tiny scale, every figure measured and saved."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bench_runs_end_to_end_at_tiny_scale(tmp_path):
    env = dict(os.environ)
    env.pop("GONGKAI_HOME", None)  # the harness sets its own under its work dir
    env["GONGKAI_BENCH_WORK"] = str(tmp_path / "work")  # never touch bench/work of a running `make bench`
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--scale", "tiny", "--results", str(tmp_path)],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "| figure | measured | target | baseline (same run) | result |" in proc.stdout

    from app import __version__

    data = json.loads((tmp_path / f"{__version__}-tiny.json").read_text(encoding="utf-8"))
    assert (tmp_path / f"{__version__}-tiny.md").read_text(encoding="utf-8").count("\n|") >= len(data["figures"])
    names = " ".join(f["figure"] for f in data["figures"])
    for expected in ("building the scale database", "cold start", "--version", "headless command",
                     "register list", "catalogue list", "catalogue search", "annual report", "recompute",
                     "letter", "interchange", "Excel import", "Excel export", "package export",
                     "package import", "memory", "report lint"):
        assert expected in names, expected
    for f in data["figures"]:
        assert f["verdict"] in ("pass", "FAIL", "pending"), f
        assert f["measured"] not in ("", "error"), f
    headless = [f for f in data["figures"] if f["figure"].startswith(("`gongkai --version`", "headless"))]
    assert all(f["values"]["qt_modules"] == [] for f in headless)  # the command line never imports Qt
