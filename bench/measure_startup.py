"""Cold start of the window vs a bare PySide6 window, the command line's start-up, and the window's memory.

Every figure is a fresh subprocess. The same file is the child: `measure_startup.py child MODE [DB]`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import CHILD_CPU, OPERATOR, PARAMS, Figure, gongkai_exe, log, ms, python_exe, run_child, scratch


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def child(mode: str, db_path: str | None) -> None:
    """Start a window offscreen, wait for its first paint and an idle event loop, print a JSON line, exit."""
    import time

    t0 = time.perf_counter()
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    out: dict = {}
    if mode == "bare":
        app = QApplication(sys.argv[:1])
        window = QMainWindow()
        window.setWindowTitle("bare")
        window.resize(1280, 800)
    else:
        from app.storage.db import Database
        from ui.main import make_application, start_window

        app = make_application(sys.argv[:1])
        db = Database.open(db_path)
        _ctx, window = start_window(db, OPERATOR)  # what ui.main.main() does between open and show

    class FirstPaint(QObject):
        painted = False

        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and not self.painted:
                self.painted = True
                QTimer.singleShot(0, app.quit)  # runs once the loop is idle after the first paint
            return False

    watch = FirstPaint()
    app.installEventFilter(watch)
    QTimer.singleShot(20_000, app.quit)  # never hang the benchmark
    window.show()
    app.exec()
    out["painted"] = watch.painted
    out["in_process_s"] = time.perf_counter() - t0
    if mode == "rss":
        # The two big lists shown, scrolled to their ends, then the resident memory of the process.
        from PySide6.QtWidgets import QAbstractItemView

        timings = {}
        for title in ("依申请公开", "公开目录"):
            t = time.perf_counter()
            window.navigate(title)
            app.processEvents()
            screen = window.screen(title)
            for view in screen.findChildren(QAbstractItemView):
                if view.model() is not None and view.model().rowCount() > 100:
                    view.scrollToBottom()
                    app.processEvents()
                    view.scrollToTop()
                    app.processEvents()
            timings[title] = time.perf_counter() - t
        out["screens_s"] = timings
    out["rss_mb"] = _rss_mb()
    print(json.dumps(out, ensure_ascii=False), flush=True)


def _child_cmd(mode: str, db_path: Path | None) -> list[str]:
    return [python_exe(), str(Path(__file__).resolve()), "child", mode] + ([str(db_path)] if db_path else [])


def _median(values: list[float]) -> float:
    values = sorted(values)
    return values[len(values) // 2]


def cold_start(db_path: Path) -> Figure:
    home = scratch("home-startup")
    window, bare, window_cpu, bare_cpu = [], [], [], []
    for _ in range(PARAMS["runs"]):  # interleaved so that machine load hits both alike
        t, out = run_child(_child_cmd("bare", None), home)
        assert json.loads(out.splitlines()[-1])["painted"], "bare window never painted"
        bare.append(t)
        bare_cpu.append(CHILD_CPU[-1])
        t, out = run_child(_child_cmd("window", db_path), home)
        assert json.loads(out.splitlines()[-1])["painted"], "main window never painted"
        window.append(t)
        window_cpu.append(CHILD_CPU[-1])
    w, b = _median(window), _median(bare)
    ok = w <= 1.5 and w <= 2 * b
    return Figure("cold start to a usable window (offscreen)", f"{ms(w)} ({w / b:.2f}× bare)",
                  "≤ 1.5 s and ≤ 2× bare", f"bare QMainWindow {ms(b)}", ok,
                  {"window_s": window, "bare_s": bare, "window_cpu_s": window_cpu, "bare_cpu_s": bare_cpu},
                  f"median of {len(window)} subprocesses, launch → first paint + idle; CPU time window "
                  f"{_median(window_cpu):.2f} s, bare {_median(bare_cpu):.2f} s")


MODULE_PROBE = ("import sys, runpy\n"
                "sys.argv = ['gongkai'] + sys.argv[1:]\n"
                "from app.cli.main import main\n"
                "import io, contextlib\n"
                "buf = io.StringIO()\n"
                "with contextlib.redirect_stdout(buf):\n"
                "    code = main(sys.argv[1:])\n"
                "qt = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'ui'))\n"
                "print(code, ','.join(qt))\n")


def _qt_modules(args: list[str], home: Path) -> list[str]:
    _t, out = run_child([python_exe(), "-c", MODULE_PROBE] + args, home)
    code, _, mods = out.strip().splitlines()[-1].partition(" ")
    assert code == "0", out
    return [m for m in mods.split(",") if m]


def cli(db_path: Path) -> list[Figure]:
    home = scratch("home-cli")
    headless = ["--db", str(db_path), "--json", "catalogue", "search", "关于印发", "--limit", "5"]
    bare, version, command, cpu_v, cpu_c = [], [], [], [], []
    for _ in range(PARAMS["runs"]):
        bare.append(run_child([python_exe(), "-c", "pass"], home)[0])
        version.append(run_child(gongkai_exe() + ["--version"], home)[0])
        cpu_v.append(CHILD_CPU[-1])
        command.append(run_child(gongkai_exe() + headless, home)[0])
        cpu_c.append(CHILD_CPU[-1])
    qt_version = _qt_modules(["--version"], home)
    qt_command = _qt_modules(headless, home)
    b, v, c = _median(bare), _median(version), _median(command)
    figures = [
        Figure("`gongkai --version`", f"{ms(v)}; Qt {'imported: ' + qt_version[0] if qt_version else 'not imported'}",
               "no Qt; ≤ 0.5 s", f"bare python {ms(b)}", v <= 0.5 and not qt_version,
               {"seconds": version, "cpu_s": cpu_v, "bare_python_s": bare, "qt_modules": qt_version},
               f"median wall time of {len(version)} runs; CPU time {_median(cpu_v):.2f} s"),
        Figure("headless command (`catalogue search 关于印发` on the scale DB)",
               f"{ms(c)}; Qt {'imported: ' + qt_command[0] if qt_command else 'not imported'}",
               "no Qt; ≤ 0.5 s", f"bare python {ms(b)}", c <= 0.5 and not qt_command,
               {"seconds": command, "cpu_s": cpu_c, "bare_python_s": bare, "qt_modules": qt_command},
               f"median wall time of {len(command)} runs; CPU time {_median(cpu_c):.2f} s"),
    ]
    return figures


def memory(db_path: Path) -> Figure:
    _t, out = run_child(_child_cmd("rss", db_path), scratch("home-startup"))
    data = json.loads(out.splitlines()[-1])
    _t, bare_out = run_child(_child_cmd("bare", None), scratch("home-startup"))
    bare = json.loads(bare_out.splitlines()[-1])["rss_mb"]
    rss = data["rss_mb"]
    log(f"  screens shown in {data['screens_s']}")
    return Figure("memory of the window, full DB, register + catalogue shown", f"{rss:,.0f} MB RSS",
                  "≤ 400 MB RSS", f"bare QMainWindow {bare:,.0f} MB", rss <= 400, {**data, "bare_rss_mb": bare},
                  "VmRSS after showing 依申请公开 and 公开目录 and scrolling their lists to the end")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "child":
        child(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
