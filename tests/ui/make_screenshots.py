"""Screenshots of every screen (and every tab of it) on a demo database, at office screen sizes, with the
layout check of tests/helpers/layout.py (not a test; run under Xvfb).

xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python -m tests.ui.make_screenshots OUT_DIR [--docs] [--check]
  --docs   also writes docs/screenshots/<size>/<screen>.png (1366×768 and 1920×1080)
  --check  prints what is cut and exits 1 if anything is (sizes are physical pixels: with QT_SCALE_FACTOR=1.25
           the window is 1366/1.25 logical pixels wide)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SIZES = [(1366, 768), (1280, 800), (1920, 1080)]
DOC_SIZES = [(1366, 768), (1920, 1080)]
SLUGS = {"工作台": "dashboard", "依申请公开": "register", "工作台账": "ledger", "负面清单": "negative-list",
         "公开目录": "catalogue", "区分处理": "redaction", "年度报告": "reports", "数据交换": "exchange",
         "设置": "settings"}


def settle(app, ctx, rounds: int = 20) -> None:
    """Let the window paint and its background reads finish."""
    for _ in range(rounds):
        app.processEvents()
        time.sleep(0.01)
    ctx.jobs.wait(30_000)
    for _ in range(5):
        app.processEvents()


def walk_screens(app, ctx, win) -> Iterator[tuple[str, int, str]]:
    """Show every screen and every page of its first tab widget in turn: (screen title, tab index, tab text)."""
    from PySide6.QtWidgets import QTabWidget

    from ui.navigation import SCREENS

    for title, _module, _cls in SCREENS:
        win.navigate(title)
        settle(app, ctx)
        screen = win.screen(title)
        tabs = [t for t in screen.findChildren(QTabWidget) if t.isVisible()]
        if not tabs:
            yield title, 0, ""
            continue
        for index in range(tabs[0].count()):
            tabs[0].setCurrentIndex(index)
            settle(app, ctx, 5)
            yield title, index, tabs[0].tabText(index)
        tabs[0].setCurrentIndex(0)


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    out = Path(args[0] if args else "/tmp/gongkai-shots")
    out.mkdir(parents=True, exist_ok=True)
    home = tempfile.mkdtemp(prefix="gongkai-shots-")
    os.environ["GONGKAI_HOME"] = home
    from app.storage.db import Database
    from app.workbench.demo import build_demo
    from tests.helpers.layout import clipped_controls, clipped_headers
    from ui import preferences
    from ui.main import create_main_window, make_application

    app = make_application([])
    preferences.remove("window.geometry")
    db = Database.open(os.path.join(home, "demo.sqlite3"))
    small = bool(os.environ.get("GONGKAI_SHOTS_SMALL"))  # the test's quick run
    build_demo(db, sizes={"requests": 120, "catalogue": 150, "ledger": 60} if small
               else {"requests": 400, "catalogue": 2000, "ledger": 200})
    ctx, win = create_main_window(db, "王丽")
    win.show()
    scale = float(os.environ.get("QT_SCALE_FACTOR", "1"))
    problems = []
    for width, height in SIZES:
        win.resize(int(width / scale), int(height / scale))
        settle(app, ctx)
        for title, index, tab in walk_screens(app, ctx, win):
            name = SLUGS[title] + (f"-{index}" if index else "")
            problems += [f"{width}×{height} {title} {tab} {p}" for p in clipped_headers(win) + clipped_controls(win)]
            if small:
                continue
            shot = win.grab()
            shot.save(str(out / f"{width}x{height}-{name}.png"))
            if "--docs" in sys.argv and (width, height) in DOC_SIZES and scale == 1 and not index:
                docs = ROOT / "docs" / "screenshots" / f"{width}x{height}"
                docs.mkdir(parents=True, exist_ok=True)
                small_png(out / f"{width}x{height}-{name}.png", docs / f"{name}.png")
    if not small:
        wizard_shot(app, out)
    for problem in problems:
        print(problem)
    print(out)
    return 1 if problems and "--check" in sys.argv else 0


def wizard_shot(app, out: Path) -> None:
    """The first-run set-up wizard on its second page, filled in."""
    from ui.settings.setup_wizard import SetupWizard

    wizard = SetupWizard()
    wizard.name.setText("青山县白沙镇人民政府")
    wizard.org_code.setText("113301270025703180")
    wizard.findChild(type(wizard.kind_page.group.buttons()[0]), "kind_township").setChecked(True)
    wizard.show()
    wizard.next()
    wizard.parent_name.setText("青山县人民政府")
    wizard.court.setText("青山县人民法院")
    wizard.doc_prefix.setText("白沙公开")
    for _ in range(10):
        app.processEvents()
    wizard.grab().save(str(out / "setup-wizard.png"))
    if "--docs" in sys.argv:
        small_png(out / "setup-wizard.png", ROOT / "docs" / "screenshots" / "setup-wizard.png")
    wizard.close()


def small_png(src: Path, dst: Path) -> None:
    """A 256-colour copy for the documentation (a fraction of the size, text stays sharp)."""
    from PIL import Image

    with Image.open(src) as im:
        im.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(dst, optimize=True)


if __name__ == "__main__":
    sys.exit(main())
