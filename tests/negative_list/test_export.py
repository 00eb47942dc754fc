"""Export of the negative list for 备案: workbook cells and PDF text."""

from __future__ import annotations

import datetime as dt
import subprocess

import openpyxl
import pytest

from app import negative_list as nl
from app.negative_list.export import XLSX_COLUMNS, write_pdf, write_xlsx


@pytest.fixture
def filed_items(session, make_item):
    first = make_item()
    second = make_item(name="=HYPERLINK(\"http://x\")", category="内部事务", scope="-1+2", keywords="@人事、+考核",
                       responsible_unit="县人力社保局")
    released = make_item(name="已解除事项", category="过程性信息")
    nl.record_review(session, released.id, "release", note="已公开", reviewer="张三")
    return first, second


def test_workbook_has_title_headers_values_and_escaping(session, filed_items, tmp_path):
    first, second = filed_items
    path = tmp_path / "nl.xlsx"
    assert write_xlsx(session, path, today=dt.date(2026, 3, 9)) == 2
    ws = openpyxl.load_workbook(path).active
    assert ws["A1"].value == "测试县人民政府办公室政务公开负面清单"
    assert "填报日期：2026年3月9日" in ws["A2"].value and "共2项" in ws["A2"].value
    headers = [c.value for c in ws[3]]
    assert headers == [h for h, _ in XLSX_COLUMNS]
    assert ws.freeze_panes == "A4"
    assert ws.auto_filter.ref == "A3:O5"
    assert ws.column_dimensions["B"].width == 30
    rows = {r[1]: r for r in ws.iter_rows(min_row=4, values_only=True)}
    assert set(rows) == {first.name, second.name}
    row = dict(zip(headers, rows[first.name]))
    assert row["事项类别"] == "个人隐私" and row["依据条款"] == "第十五条"
    assert row["依据条文"] == first.basis_text
    assert row["确定日期"] == dt.datetime(2025, 3, 1)
    assert row["下次复核日期"] == dt.datetime(2026, 3, 1)
    assert row["状态"] == "有效" and row["复核周期（月）"] == 12
    # Formula-like text stays text: a string cell, unchanged, with the quote prefix.
    by_value = {c.value: c for r in ws.iter_rows(min_row=4) for c in r}
    for text in ("=HYPERLINK(\"http://x\")", "-1+2", "@人事、+考核"):
        cell = by_value[text]
        assert cell.data_type == "s" and cell.quotePrefix, text
    assert not by_value[first.name].quotePrefix


def test_workbook_can_include_released_items(session, filed_items, tmp_path):
    path = tmp_path / "all.xlsx"
    assert write_xlsx(session, path, include_released=True) == 3
    values = [c.value for c in openpyxl.load_workbook(path).active["N"]]
    assert "已解除" in values


def test_pdf_text_lists_items_and_cited_articles(session, filed_items, tmp_path):
    first, second = filed_items
    path = tmp_path / "nl.pdf"
    assert write_pdf(session, path, today=dt.date(2026, 3, 9)) == 2
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = "".join(text.split())
    assert "测试县人民政府办公室政务公开负面清单" in flat
    assert "填报日期：2026年3月9日" in flat
    assert "征地补偿安置中被征收人" in flat and "个人隐私" in flat and "县人力社保局" in flat
    assert "附：依据条文" in flat
    assert "《中华人民共和国政府信息公开条例》第十六条第一款：行政机关的内部事务信息" in flat
    assert "已解除事项" not in flat
    assert "第1页" in flat


def test_pdf_without_a_chinese_font_is_the_font_registrys_error(session, filed_items, tmp_path, monkeypatch):
    import app.pdf.fonts
    from app.errors import UserError

    def no_font(_role):
        raise UserError("本机未找到可用于生成文书的中文 TrueType 字体")

    monkeypatch.setattr(app.pdf.fonts, "font_for", no_font)  # once a hard-coded Linux font path instead
    path = tmp_path / "nl.pdf"
    with pytest.raises(UserError, match="中文 TrueType 字体"):
        write_pdf(session, path, today=dt.date(2026, 3, 9))
    assert not path.exists()
