"""Queries of the register screen, the dashboard counts, and the request CLI."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from app import register
from app.errors import ValidationError
from app.register import dashboard as register_dashboard
from tests.helpers.register import org_code

TODAY = dt.date(2025, 10, 28)  # Tuesday


@pytest.fixture
def apps(session, new_app):
    a = {}
    a["due_soon"] = new_app()  # due Thu 2025-10-30
    a["overdue"] = new_app(received_on=dt.date(2025, 9, 1), applicant_name="李四",
                           content="申请公开柳溪乡拆迁补偿标准")
    a["closed"] = new_app(received_on=dt.date(2025, 9, 2), channel="post", content="申请公开石门镇河道整治工程招标文件")
    register.close(session, a["closed"], "granted", replied_on="2025-09-20")
    a["org"] = new_app(received_on=dt.date(2024, 6, 3), applicant_kind="commercial", applicant_name="青山商贸有限公司",
                       applicant_id_number=org_code(), content="申请公开工业园区环评报告")
    a["correction"] = new_app(received_on=dt.date(2025, 10, 20))
    register.record_correction_notice(session, a["correction"], "2025-10-22", "请说明年份", 15)
    a["consulting"] = new_app(received_on=dt.date(2025, 10, 21))
    register.start_consultation(session, a["consulting"], "agency", "2025-10-23", party_name="县自然资源局")
    a["fee"] = new_app(received_on=dt.date(2025, 10, 21))
    register.record_fee_notice(session, a["fee"], "2025-10-24", 200, "per_page")
    return a


def ids(session, sort=None, **filters):
    return register.query_ids(session, dict(filters, today=TODAY), sort)


def test_filters(session, apps):
    assert set(ids(session, year=2024)) == {apps["org"]}
    assert set(ids(session, applicant_kind="commercial")) == {apps["org"]}
    assert set(ids(session, channel="post")) == {apps["closed"]}
    assert set(ids(session, open=False)) == {apps["closed"]}
    assert apps["closed"] not in ids(session, open=True)
    assert set(ids(session, overdue=True)) == {apps["overdue"], apps["org"]}
    assert set(ids(session, due_within=3)) == {apps["due_soon"]}
    assert set(ids(session, text="拆迁")) == {apps["overdue"]}
    assert set(ids(session, text="李四")) == {apps["overdue"]}
    assert set(ids(session, text="100%")) == set()
    assert set(ids(session, key="awaiting_correction")) == {apps["correction"]}
    assert set(ids(session, key="consulting")) == {apps["consulting"]}
    assert set(ids(session, key="awaiting_fee")) == {apps["fee"]}
    assert set(ids(session, status="reply")) == {apps["closed"]}
    own = register.application_record(session, apps["org"])["office"]
    assert own and len(ids(session)) == 7
    with pytest.raises(ValidationError):
        ids(session, colour="red")
    with pytest.raises(ValidationError):
        ids(session, sort="colour")


def test_sort_and_fetch_rows(session, apps):
    order = ids(session, sort="received_on")
    received = [r["received_on"] for r in register.fetch_rows(session, order, today=TODAY)]
    assert received == sorted(received)
    assert ids(session, sort="-received_on")[0] in (apps["consulting"], apps["fee"])
    rows = register.fetch_rows(session, [apps["overdue"], 99999, apps["correction"]], today=TODAY)
    assert [r["id"] for r in rows] == [apps["overdue"], apps["correction"]]
    assert rows[0]["overdue"] and rows[0]["status_label"] == "受理" and rows[0]["channel_label"] == "当面"
    assert rows[1]["waiting"] == "待补正" and rows[1]["reply_due"] is None


def test_dashboard_sections(session, apps):
    (section,) = register_dashboard.sections(session, TODAY)
    got = {i.filter_key: i.count for i in section.items}
    assert got == {"due_today": 0, "due_soon": 1, "overdue": 2, "awaiting_correction": 1, "consulting": 1,
                   "awaiting_fee": 1, "late_replies": 0}
    labels = [i.label for i in section.items]
    assert labels == ["今日到期", "3个工作日内到期", "已逾期", "待补正", "征求意见中", "待缴费", "本年逾期答复"]
    assert all(i.screen == "依申请公开" for i in section.items)
    on_due_day = {i.filter_key: i.count for i in register_dashboard.sections(session, dt.date(2025, 10, 30))[0].items}
    assert on_due_day["due_today"] == 1


def test_dashboard_counts_this_years_late_replies_with_their_working_days(session, apps):
    # "overdue" was received Mon 2025-09-01: due on the make-up Sunday 2025-09-28; replied Fri 10-10: 9-29, 9-30,
    # 10-09 and 10-10 are 4 working days late (10-01..10-08 are off). "org" (2024) replied in 2025 counts too.
    register.close(session, apps["overdue"], "granted", replied_on="2025-10-10")
    register.close(session, apps["org"], "granted", replied_on="2025-01-06")
    late = {r.application_id: r.late_days for r in register.late_replies(session, 2025)}
    assert late[apps["overdue"]] == 4 and set(late) == {apps["overdue"], apps["org"]}
    (section,) = register_dashboard.sections(session, TODAY)
    card = next(i for i in section.items if i.filter_key == "late_replies")
    assert card.count == 2 and card.urgency == "overdue"
    assert card.label == f"本年逾期答复（共超期{sum(late.values())}个工作日）"
    assert set(ids(session, key="late_replies")) == {apps["overdue"], apps["org"]}
    (next_year,) = register_dashboard.sections(session, dt.date(2026, 1, 5))
    assert next(i for i in next_year.items if i.filter_key == "late_replies").count == 0


def test_cli_import_export(db, samples_dir, tmp_path, capsys):
    from app.cli.main import main

    src = samples_dir / "register-sample.jsonl"
    assert main(["--db", db.url, "request", "import", str(src)]) == 0
    out = tmp_path / "out.jsonl"
    assert main(["--db", db.url, "request", "export", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == src.read_text(encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(src.read_text(encoding="utf-8").splitlines()[0] + "\n{not json\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["--db", db.url, "request", "import", str(bad)]) != 0
    assert "第2行" in capsys.readouterr().err
    assert main(["--db", db.url, "--json", "request", "export", "--office", "913300000000000000",
                 "--out", str(out)]) != 0
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert first["serial"] == "GK-2025-00001"
