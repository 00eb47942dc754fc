"""Screenshots of the register screen on a demo database (not a test; run under Xvfb).

xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python tests/register_ui/make_screenshots.py OUT_DIR
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/register-shots")
    out.mkdir(parents=True, exist_ok=True)
    home = tempfile.mkdtemp(prefix="gongkai-shots-")
    os.environ["GONGKAI_HOME"] = home
    from PySide6.QtCore import QSettings

    from app.services.demo import build_demo
    from app.storage.db import Database
    from ui.main import create_main_window, make_application

    app = make_application([])
    QSettings("gongkai", "gongkai").remove("window/geometry")
    db = Database.open(os.path.join(home, "demo.sqlite3"))
    build_demo(db, sizes={"requests": 400, "catalogue": 200, "ledger": 100})
    ctx, win = create_main_window(db, "王丽")
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
    screen.apply_filter_key("consulting")
    settle()
    win.grab().save(str(out / "register-consulting.png"))
    # The detail of an application with a rich timeline: prefer one that was extended or consulted.
    from sqlalchemy import func, select

    from app.storage.models.register import ApplicationEvent, Application

    with db.read_session() as s:
        app_id = s.execute(
            select(ApplicationEvent.application_id).join(Application, Application.id == ApplicationEvent.application_id)
            .where(Application.outcome.is_(None))
            .group_by(ApplicationEvent.application_id).order_by(func.count().desc()).limit(1)).scalar_one()
    screen.filter_bar.clear()
    detail = screen.open_detail(app_id)
    detail.resize(1360, 840)
    settle()
    detail.grab().save(str(out / "register-detail.png"))
    detail.close()
    form = screen.new_application()
    form.name.setText("孙涛丽")
    form.id_number.setText("330781196612137001")
    form.content.setPlainText("申请公开浦江街道低保对象审核材料")
    form.update_similar()
    settle()
    form.grab().save(str(out / "register-new.png"))
    form.close()
    win.navigate("工作台")
    settle()
    win.grab().save(str(out / "dashboard.png"))
    print(out)


if __name__ == "__main__":
    main()
