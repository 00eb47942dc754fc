"""Warnings (art. 26, validity review, idle directory items), interchange and the sample workbook."""

from __future__ import annotations

import datetime as dt

import pytest

from app import catalogue
from app.catalogue.dashboard import sections
from app.catalogue.directory import save_item, set_item_active
from app.errors import ValidationError


def _add(session, **kw):
    return catalogue.create_entry(session, {"title": "某某公告", **kw})


def test_late_publication_counts_working_days(session):
    # 2025-09-26 (Fri) + 20 working days = 10-30: 10-01..10-08 are off, Sunday 09-28 and Saturday 10-11 worked
    on_time = _add(session, written_on="2025-09-26", published_on="2025-10-30")
    late = _add(session, written_on="2025-09-26", published_on="2025-10-31")
    unpublished = _add(session, written_on="2025-09-01")
    _add(session, written_on="2025-09-01", disclosure_mode="依申请公开")
    found = {w.entry_id: w for w in catalogue.late_publications(session, dt.date(2025, 11, 1))}
    assert set(found) == {late.id, unpublished.id}
    assert found[late.id].due == dt.date(2025, 10, 30) and found[late.id].kind == "late_publication"
    assert found[unpublished.id].kind == "unpublished"
    assert on_time.id not in found


def test_late_publication_needs_the_working_day_calendar(session, monkeypatch):
    import app.calendar

    def broken(_session):
        raise RuntimeError("工作日历读取失败")

    _add(session, written_on="2025-09-26", published_on="2025-10-31")
    monkeypatch.setattr(app.calendar, "load_calendar", broken)  # once counted Monday to Friday
    with pytest.raises(RuntimeError, match="工作日历读取失败"):
        catalogue.late_publications(session, dt.date(2025, 11, 1))


def test_unreviewed_normative_documents(session):
    old = _add(session, written_on="2023-05-01", published_on="2023-05-05", validity="有效")
    reviewed = _add(session, written_on="2023-05-01", published_on="2023-05-05", validity="有效")
    repealed = _add(session, written_on="2023-05-01", published_on="2023-05-05", validity="废止")
    catalogue.mark_validity(session, reviewed.id, "有效", reviewed_on="2025-01-10")
    today = dt.date(2025, 6, 1)
    ids = [w.entry_id for w in catalogue.unreviewed_normative(session, today)]
    assert ids == [old.id]
    assert repealed.id not in ids
    assert [w.entry_id for w in catalogue.unreviewed_normative(session, dt.date(2026, 2, 1))] == [old.id, reviewed.id]


def test_idle_directory_items_and_dashboard(session):
    assert catalogue.ensure_standard_directory(session) > 26
    tree = catalogue.directory_tree(session)
    assert len(tree) == 26 and tree[0].name == "城乡规划"
    today = dt.date(2025, 6, 1)
    idle = catalogue.idle_directory_items(session, today)
    all_items = [i for d in tree for i in d.items]
    assert len(idle) == len(all_items)
    budget = next(i for d in tree if d.name == "财政预决算" for i in d.items if i.cycle_days)
    _add(session, written_on="2024-02-01", published_on="2024-02-05", directory_item_id=budget.id)
    idle = {w.item_id: w for w in catalogue.idle_directory_items(session, today)}
    assert "365" in idle[budget.id].message  # filed, but not within its yearly cycle
    _add(session, written_on="2025-02-01", published_on="2025-02-05", directory_item_id=budget.id)
    set_item_active(session, all_items[0].id, False)
    idle = {w.item_id for w in catalogue.idle_directory_items(session, today)}
    assert budget.id not in idle and all_items[0].id not in idle
    [section] = sections(session, today)
    counts = {i.label: i.count for i in section.items}
    assert counts["标准目录事项未公开"] == len(idle)
    with pytest.raises(ValidationError):
        save_item(session, tree[0].id, {"level1": "", "content": "x"})


def test_export_apply_round_trip(session, db):
    a = _add(session, written_on="2025-03-01", published_on="2025-03-02", doc_number="青政发〔2025〕3号",
             validity="有效")
    b = _add(session, written_on="2025-04-01", published_on="2025-04-02", validity="有效")
    catalogue.mark_validity(session, a.id, "修订", on="2025-04-02", replaced_by_id=b.id)
    catalogue.add_attachment(session, a.id, "正文.txt", "正文".encode())
    records = list(catalogue.export_records(session))
    assert {r["id"] for r in records} == {a.uuid, b.uuid}
    rec_a = next(r for r in records if r["id"] == a.uuid)
    assert rec_a["replaced_by"] == b.uuid and rec_a["validity"] == "amended"
    assert rec_a["attachments"][0]["filename"] == "正文.txt"
    # Applying the same records again changes nothing.
    assert catalogue.apply_records(session, records).unchanged == 2
    changed = dict(rec_a, title="新的标题", updated_at="2099-01-01T00:00:00")
    result = catalogue.apply_records(session, [changed])
    assert result.updated == 1 and catalogue.get_entry(session, a.id).title == "新的标题"
    assert catalogue.search(session, "新的标题")["total"] == 1
    gone = dict(changed, deleted=True, updated_at="2099-01-02T00:00:00")
    assert catalogue.apply_records(session, [gone]).deleted == 1
    assert catalogue.search(session, "新的标题")["total"] == 0
    with pytest.raises(ValidationError):
        catalogue.apply_records(session, [dict(rec_a, id="x", index_number="")])


def test_sample_workbook_imports(session, samples_dir):
    import openpyxl

    wb = openpyxl.load_workbook(samples_dir / "catalogue-sample.xlsx", read_only=True)
    try:
        header = [c for c in next(wb.active.iter_rows(min_row=2, max_row=2, values_only=True))]
        assert header == ["索引号", "信息名称", "发布机构", "成文日期", "发布日期", "文号", "公开方式", "主题分类", "有效性"]
        rows = []
        for n, r in enumerate(wb.active.iter_rows(min_row=3, values_only=True), start=3):
            rows.append({"index_number": r[0], "title": r[1], "publisher": r[2], "written_on": r[3],
                         "published_on": r[4], "doc_number": r[5], "disclosure_mode": r[6], "category": r[7],
                         "validity": r[8], "_row": n})
    finally:
        wb.close()
    result = catalogue.import_rows(session, rows)
    assert result.created == 3000
    assert catalogue.import_rows(session, rows).unchanged == 3000
    entry = catalogue.get_by_index_number(session, "11330185002500121R/2025-00002")
    assert entry.disclosure_mode == "on_request" and entry.published_on == dt.date(2025, 12, 9)
    with_doc = [r for r in rows if r["doc_number"]]
    assert catalogue.search(session, with_doc[0]["doc_number"])["total"] >= 1
    assert catalogue.search(session, "临政办发")["total"] == len(with_doc)
    normative = sum(1 for r in rows if r["validity"])
    from sqlalchemy import func, select

    from app.storage.models.catalogue import CatalogueEntry

    assert session.execute(select(func.count()).where(CatalogueEntry.is_normative.is_(True))).scalar_one() == normative


def test_bad_rows_refuse_the_whole_import(session):
    rows = [{"title": "好的一行", "_row": 3}, {"title": "", "_row": 4}, {"title": "坏日期", "written_on": "2025-02-30",
                                                                   "_row": 5}]
    with pytest.raises(ValidationError) as err:
        catalogue.import_rows(session, rows)
    assert len(err.value.details) == 2 and "第4行" in err.value.details[0]
    assert catalogue.count_entries(session) == 0
