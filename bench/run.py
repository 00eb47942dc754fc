"""`make bench`: build (or reuse) the county-scale database and measure every figure of issue 10 against
a baseline taken in the same run; print one table and save it as bench/results/<version>.md and .json.

    .venv/bin/python bench/run.py [--scale full|small|tiny] [--rebuild] [--only startup,lists,…]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import PARAMS, RESULTS, SCALE_PARAMS, SCALES, SCRATCH, WORK, Figure, figures_json, log, scale_db

GROUPS = ["startup", "lists", "services", "bulk", "memory", "report_lint", "redaction"]


def _build_figure(scale: str, meta: dict, built: bool) -> Figure:
    sizes = SCALES[scale]
    seconds = float(meta["build_seconds"])
    cpu = meta.get("build_cpu_seconds")
    what = (f"building the scale database ({sizes['requests']:,} applications, {sizes['catalogue']:,} catalogue, "
            f"{sizes['ledger']:,} ledger)")
    return Figure(what, f"{seconds / 60:.1f} min" + ("" if built else " (cached build)"), "≤ 4 min", "—",
                  seconds <= 240, {**meta, "built_in_this_run": built},
                  "gongkai demo in a subprocess" + (f"; CPU time {cpu / 60:.1f} min" if cpu else "")
                  + ("" if built else f"; built {meta.get('built_at')}, reused (--rebuild measures it again)"))


def _group(name: str, path: Path, scale: str) -> list[Figure]:
    if name == "startup":
        import measure_startup

        log("measuring cold start …")
        out = [measure_startup.cold_start(path)]
        log("measuring the command line …")
        out.extend(measure_startup.cli(path))
        return out
    if name == "lists":
        import measure_lists

        return measure_lists.run(path)
    if name == "services":
        import measure_services

        return measure_services.run(path)
    if name == "bulk":
        import measure_bulk

        return measure_bulk.run(path, SCALES[scale]["requests"])
    if name == "report_lint":
        import measure_report_lint

        return measure_report_lint.run(path)
    if name == "memory":
        import measure_startup

        log("measuring memory of the window …")
        return [measure_startup.memory(path)]
    if name == "redaction":
        import measure_redaction

        return measure_redaction.run()
    raise ValueError(name)


def table(figures: list[Figure]) -> str:
    lines = ["| figure | measured | target | baseline (same run) | result |", "|---|---|---|---|---|"]
    for f in figures:
        lines.append(f"| {f.figure} | {f.measured} | {f.target} | {f.baseline} | {f.verdict} |")
    notes = [f"- {f.figure}: {f.note}" for f in figures if f.note]
    return "\n".join(lines) + ("\n\nNotes:\n" + "\n".join(notes) if notes else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="gongkai county-scale benchmark (issue 10)")
    parser.add_argument("--scale", choices=sorted(SCALES), default="full")
    parser.add_argument("--rebuild", action="store_true", help="build the scale database again (and time it)")
    parser.add_argument("--only", help="comma-separated groups: " + ",".join(GROUPS))
    parser.add_argument("--results", default=str(RESULTS), help="where to save <version>.md/.json")
    args = parser.parse_args(argv)
    os.environ["GONGKAI_HOME"] = str(WORK / "home")
    os.environ.setdefault("GONGKAI_OPERATOR", "基准测试")
    from app import __version__

    PARAMS.update(SCALE_PARAMS[args.scale])
    started = time.perf_counter()
    path, build_meta, built = scale_db(args.scale, rebuild=args.rebuild)
    figures = [_build_figure(args.scale, build_meta, built)]
    groups = args.only.split(",") if args.only else GROUPS
    failed_groups = []
    try:
        for name in groups:
            try:
                figures.extend(_group(name, path, args.scale))
            except Exception:
                log(traceback.format_exc())
                failed_groups.append(name)
                figures.append(Figure(f"[{name}] could not be measured", "error", "—", "—", False, {},
                                      traceback.format_exc().strip().splitlines()[-1]))
    finally:
        shutil.rmtree(SCRATCH, ignore_errors=True)
    header = (f"gongkai {__version__} — benchmark at scale “{args.scale}” "
              f"({dt.datetime.now().isoformat(timespec='minutes')}, {platform.python_implementation()} "
              f"{platform.python_version()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}, "
              f"{time.perf_counter() - started:.0f} s)")
    text = header + "\n\n" + table(figures)
    print(text)
    out_dir = Path(args.results)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = __version__ if args.scale == "full" else f"{__version__}-{args.scale}"
    (out_dir / f"{stem}.md").write_text(f"# {header}\n\n{table(figures)}\n", encoding="utf-8")
    (out_dir / f"{stem}.json").write_text(json.dumps({
        "version": __version__, "scale": args.scale, "sizes": SCALES[args.scale],
        "when": dt.datetime.now().isoformat(timespec="seconds"), "cpus": os.cpu_count(),
        "load": os.getloadavg()[0], "figures": figures_json(figures)}, ensure_ascii=False, indent=2,
        default=str), encoding="utf-8")
    log(f"saved {out_dir / stem}.md and .json")
    return 1 if failed_groups else 0


if __name__ == "__main__":
    raise SystemExit(main())
