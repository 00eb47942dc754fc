"""`gongkai ledger …` commands and the ledger's dashboard section."""

from __future__ import annotations

import datetime as dt
import json

from app import ledger
from app.cli.main import main
from app.ledger.dashboard import sections


def _run(capsys, db, *argv) -> tuple[int, str, str]:
    code = main(["--db", db.target, *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_task_cycle_and_counts(db, capsys):
    code, out, _ = _run(capsys, db, "ledger", "task", "add", "--source", "2025年政务公开工作要点",
                        "--requirement", "每季度发布重点领域信息", "--cadence", "每季", "--due", "2025-03-31")
    assert code == 0 and "每季" in out
    code, out, _ = _run(capsys, db, "ledger", "task", "done", "1", "--on", "2025-03-28", "--json")
    assert code == 0 and json.loads(out)["next_task"]["due_on"] == "2025-06-30"
    code, out, _ = _run(capsys, db, "--json", "ledger", "task", "list", "--status", "已完成")
    assert [t["id"] for t in json.loads(out)] == [1]
    code, out, _ = _run(capsys, db, "ledger", "figures", "--year", "2025", "licensing=1520", "fees_wan_yuan=3.25")
    assert code == 0 and "1520" in out and "3.25" in out
    code, out, _ = _run(capsys, db, "ledger", "case", "--kind", "行政诉讼", "--route", "复议后起诉",
                        "--filed", "2025-05-01")
    assert code == 0 and "尚未审结" in out
    code, out, _ = _run(capsys, db, "ledger", "counts", "--year", "2025", "--json")
    counts = json.loads(out)
    assert counts["proactive"]["licensing"] == 1520 and counts["proactive"]["fees_wan_yuan"] == 3.25
    assert counts["review_litigation"]["litigation_after_review"]["pending"] == 1
    assert counts["tasks"] == {"total": 2, "done": 1, "done_late": 0, "open": 1}  # the next quarter is open


def test_cli_errors_are_one_chinese_line(db, capsys):
    code, out, err = _run(capsys, db, "ledger", "activity", "add", "--kind", "抖音", "--date", "2025-01-02")
    assert code != 0 and err.startswith("错误：无法识别的活动类型") and "Traceback" not in err


def test_dashboard_counts_what_is_due(session):
    today = dt.date(2025, 6, 16)
    base = {"source_document": "2025年政务公开工作要点", "requirement": "x"}
    ledger.add_task(session, {**base, "due_on": dt.date(2025, 6, 13)}, today=today)
    ledger.add_task(session, {**base, "requirement": "y", "due_on": dt.date(2025, 6, 20)}, today=today)
    ledger.add_task(session, {**base, "requirement": "z", "due_on": dt.date(2025, 7, 20)}, today=today)
    ledger.add_column(session, {"name": "工作动态", "cadence": "每周", "last_updated_on": dt.date(2025, 6, 1)},
                      today=today)
    ledger.add_activity(session, {"kind": "政策解读", "document_title": "甲",
                                  "document_published_on": dt.date(2025, 6, 13)}, today=today)
    (section,) = sections(session, today)
    counts = {i.filter_key: i.count for i in section.items}
    assert counts == {"tasks_overdue": 1, "tasks_due_soon": 1, "columns_overdue": 1,
                      "interpretations_overdue": 0, "interpretations_due": 1}
    assert all(i.screen == "工作台账" for i in section.items)
