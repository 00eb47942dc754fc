"""The read-only reader learns a sheet's size from its <dimension> only; rows are the same either way."""

from openpyxl import Workbook

from app.excel.reader import iter_rows, open_workbook, sheet_total_rows


def _rows():
    return [("序号", "标题"), *((i, f"第{i}行") for i in range(1, 251))]


def test_declared_dimension_is_read(tmp_path):
    path = tmp_path / "normal.xlsx"
    wb = Workbook()
    for row in _rows():
        wb.active.append(row)
    wb.save(path)
    with open_workbook(path) as book:
        sheet = book.worksheets[0]
        assert (sheet.min_row, sheet.max_row, sheet.max_column) == (1, 251, 2)
        assert sheet_total_rows(sheet) == 251
        assert [v for _, v in iter_rows(sheet)] == _rows()


def test_sheet_without_dimension_is_unknown_size_but_fully_read(tmp_path):
    path = tmp_path / "streamed.xlsx"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("台账")
    for row in _rows():
        ws.append(row)
    wb.save(path)
    with open_workbook(path) as book:
        sheet = book["台账"]
        assert sheet.max_row is None  # what openpyxl itself answers for such a sheet
        assert sheet_total_rows(sheet) == 0
        assert [v for _, v in iter_rows(sheet)] == _rows()
