"""`gongkai report lint DIR` over a folder of report workbooks (issue 17: the county reviews its offices'
reports before 31 January), from the scale database's offices."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PARAMS, TODAY, WORK, Figure, best_of, child_env, gongkai_exe, log, ms, open_db, scratch, timed

REPORT_YEAR = TODAY.year - 1
TARGET_S = 10.0  # a folder of 100 workbooks, checked while the clerk waits


def make_workbooks(path: Path, n: int) -> Path:
    """``n`` report workbooks: this year's and last year's of every office held, in turn, with one cell changed
    in every tenth so that the lint has problems to name."""
    from openpyxl import load_workbook

    from app import reports
    from app.reports import xlsx

    folder = scratch("report-lint")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    db = open_db(path)
    try:
        with db.read_session() as s:
            offices = reports.offices_held(s)
            exports = []
            for year in (REPORT_YEAR, REPORT_YEAR - 1):
                for office in offices:
                    data = reports.compute_annual(s, year, office_code=office.org_code)
                    exports.append((office, year, xlsx.workbook_bytes(data)))
                    if len(exports) >= n:
                        break
                if len(exports) >= n:
                    break
    finally:
        db.dispose()
    for i in range(n):
        office, year, content = exports[i % len(exports)]
        target = folder / f"{i:03d}-{office.org_code}-{year}.xlsx"
        target.write_bytes(content)
        if i % 10 == 9:
            wb = load_workbook(target)
            ws = wb[xlsx.SHEET_APPLICATIONS]
            ws["E9"] = (ws["E9"].value or 0) + 1
            wb.save(target)
    return folder


def run(path: Path) -> list[Figure]:
    from openpyxl import load_workbook

    from app.reports.lint import lint_folder

    n = PARAMS.get("lint_workbooks", 100)
    log(f"writing {n} report workbooks …")
    folder = make_workbooks(path, n)
    files = sorted(folder.glob("*.xlsx"))
    log("measuring report lint over the folder …")
    cold, med, results = best_of(lambda: lint_folder(folder), PARAMS["runs"])
    bad = sum(1 for r in results if not r.ok)
    t_naive, _ = timed(lambda: [load_workbook(f) for f in files])  # openpyxl's full load, nothing checked
    cli_s, out = _cli(folder)
    listed = len(json.loads(out)["workbooks"])
    worst = max(cold, med, cli_s)
    return [Figure(f"report lint over a folder of {n} report workbooks ({bad} with a changed cell)",
                   f"{ms(worst)} (command line {ms(cli_s)}, in the window's worker {ms(med)})",
                   f"≤ {TARGET_S:.0f} s", f"openpyxl full load of the {n} files {ms(t_naive)}",
                   worst <= TARGET_S and listed == n and bad == n // 10,
                   {"first_s": cold, "median_s": med, "cli_s": cli_s, "naive_s": t_naive, "workbooks": n,
                    "with_problems": bad},
                   "app.reports.lint.lint_folder in process (first run and median) and `gongkai --json report lint "
                   "DIR` in a subprocess (exit 1: the folder has problems); the worst of the three")]


def _cli(folder: Path) -> tuple[float, str]:
    """`gongkai --json report lint DIR`: exit code 1 means problems were found, which they are here."""
    import subprocess
    import time

    t0 = time.perf_counter()
    proc = subprocess.run(gongkai_exe() + ["--json", "report", "lint", str(folder)], capture_output=True, text=True,
                          env=child_env(WORK / "home"), timeout=900)
    seconds = time.perf_counter() - t0
    if proc.returncode != 1:
        raise RuntimeError(f"report lint exited {proc.returncode}: {proc.stderr[-2000:]}")
    return seconds, proc.stdout
