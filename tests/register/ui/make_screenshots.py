"""Screenshots of the register screen on a demo database (not a test; run under Xvfb).

xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python -m tests.register.ui.make_screenshots OUT_DIR [--docs]
(--docs also writes docs/screenshots/register.png and register-detail.png)
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    out = Path(args[0] if args else "/tmp/register-shots")
    out.mkdir(parents=True, exist_ok=True)
    home = tempfile.mkdtemp(prefix="gongkai-shots-")
    os.environ["GONGKAI_HOME"] = home
    from app.domain.identifiers import id_number_check_char
    from app.storage.db import Database
    from app.workbench.demo import build_demo
    from ui import preferences
    from ui.main import create_main_window, make_application

    app = make_application([])
    preferences.remove("window.geometry")
    db = Database.open(os.path.join(home, "demo.sqlite3"))
    build_demo(db, sizes={"requests": 400, "catalogue": 200, "ledger": 100})
    _ctx, win = create_main_window(db, "王丽")
    win.resize(1400, 860)
    win.show()

    def settle():
        for _ in range(5):
            app.processEvents()

    settle()
    win.grab().save(str(out / "dashboard.png"))
    win.navigate("依申请公开")
    settle()
    screen = win.screen("依申请公开")
    win.grab().save(str(out / "register.png"))
    # 办理中, soonest due first: shows the urgency colours.
    screen.filter_bar.status.setCurrentIndex(screen.filter_bar.status.findData("open"))
    screen._sort_clicked(7)
    settle()
    win.grab().save(str(out / "register-open.png"))
    # The detail of an application with a rich timeline: prefer one that was extended or consulted.
    from sqlalchemy import func, select

    from app.storage.models.register import Application, ApplicationEvent, Consultation

    with db.read_session() as s:
        app_id = s.execute(
            select(ApplicationEvent.application_id).join(Application, Application.id == ApplicationEvent.application_id)
            .join(Consultation, Consultation.application_id == Application.id)
            .where(Application.outcome.is_(None))
            .group_by(ApplicationEvent.application_id).order_by(func.count().desc()).limit(1)).scalar_one()
    screen.filter_bar.clear()
    detail = screen.open_detail(app_id)
    detail.resize(1360, 840)
    settle()
    detail.grab().save(str(out / "register-detail.png"))
    detail.close()
    with db.read_session() as s:
        name, content = s.execute(
            select(Application.applicant_name, func.min(Application.content)).where(
                Application.applicant_kind == "natural_person")
            .group_by(Application.applicant_name).order_by(func.count().desc()).limit(1)).one()
    form = screen.new_application()
    form.channel.setCurrentIndex(form.channel.findData("letter"))
    form.name.setText(name)
    form.id_number.setText("33078119661213700" + id_number_check_char("33078119661213700"))
    form.phone.setText("13905710000")
    form.content.setPlainText(content)
    form.update_similar()
    settle()
    form.grab().save(str(out / "register-new.png"))
    form.close()
    win.navigate("工作台")
    settle()
    win.grab().save(str(out / "dashboard.png"))
    if "--docs" in sys.argv:
        docs = ROOT / "docs" / "screenshots"
        docs.mkdir(parents=True, exist_ok=True)
        small_png(out / "register-open.png", docs / "register.png")
        small_png(out / "register-detail.png", docs / "register-detail.png")
    print(out)


def small_png(src: Path, dst: Path) -> None:
    """A 256-colour copy for the documentation (a fraction of the size, text stays sharp)."""
    from PIL import Image

    with Image.open(src) as im:
        im.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(dst, optimize=True)


if __name__ == "__main__":
    main()
