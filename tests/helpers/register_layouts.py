"""Register workbooks (台账) in the layouts offices really keep, and the records they must import as."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import openpyxl

from app.domain.identifiers import id_number_check_char, org9_check_char, org_code_check_char


def resident_id(first17: str) -> str:
    return first17 + id_number_check_char(first17)


def credit_code(first17: str) -> str:
    return first17 + org_code_check_char(first17)


ID18 = resident_id("33010619520518435")
ID15 = "330106520518435"                      # first-generation card: 1952-05-18
ORG9 = "D2143569-" + org9_check_char("D2143569")  # GB 11714's own example: D2143569-X
FOREIGN = resident_id("93115619800101123")     # 2023 format: 9, province, country 156, birth date
CREDIT = credit_code("91330100MA2AXXXX0")

# (cells of a data row in the two-row layout, the record it must import as)
TWO_ROW_DATA = [
    (["1", "LA-2025-001", "2025-03-05", "张三", "自然人", "居民身份证", ID18, "浙里办",
      "关于印发《临安区农村宅基地管理办法（试行）》的通知：第一条，全文", "电子邮件", "予以公开", "2025-03-20",
      "王科员", "已归档"],
     {"serial": "LA-2025-001", "received_on": "2025-03-05", "channel": "online",
      "applicant": {"name": "张三", "kind": "natural_person", "id_type": "resident_id", "id_number": ID18},
      "content": "关于印发《临安区农村宅基地管理办法（试行）》的通知：第一条，全文", "outcome": "granted",
      "replied_on": "2025-03-20", "notes": "已归档"}),
    (["2", "LA-2025-002", "2025年4月1日", "John Smith", "个人", "护照", "E12345678", "政府网站",
      "申请公开某项目环评批复", "邮寄", "非本机关", "2025/4/15", "李科员", None],
     {"serial": "LA-2025-002", "received_on": "2025-04-01", "channel": "online",
      "applicant": {"name": "John Smith", "kind": "natural_person", "id_type": "passport", "id_number": "E12345678"},
      "content": "申请公开某项目环评批复", "outcome": "unavailable_not_competent", "replied_on": "2025-04-15"}),
    (["3", "LA-2025-003", "2025.5.6", "陈大文", "自然人", "港澳居民来往内地通行证", "H12345678", "微信",
      "申请公开2024年低保名单", "当面送达", "不属于本机关公开", "2025.5.20", "李科员", None],
     {"serial": "LA-2025-003", "received_on": "2025-05-06", "channel": "online",
      "applicant": {"name": "陈大文", "kind": "natural_person", "id_type": "hk_macao_permit",
                    "id_number": "H12345678"},
      "content": "申请公开2024年低保名单", "outcome": "unavailable_not_competent", "replied_on": "2025-05-20"}),
    (["4", "LA-2025-004", "2025-06-02", "林小美", "自然人", "台胞证", "12345678", "当面",
      "要求重新出具已获取的答复书", "当面送达", "要求确认或重新出具", "2025-06-10", "王科员", None],
     {"serial": "LA-2025-004", "received_on": "2025-06-02", "channel": "in_person",
      "applicant": {"name": "林小美", "kind": "natural_person", "id_type": "taiwan_permit", "id_number": "12345678"},
      "content": "要求重新出具已获取的答复书", "outcome": "rejected_confirm_existing", "replied_on": "2025-06-10"}),
    (["5", "LA-2025-005", "2025-07-01", "Anna Müller", "自然人", "外国人永久居留身份证", FOREIGN, "邮寄",
      "反映邻里纠纷，要求处理", "邮寄", "信访", "2025-07-08", "王科员", None],
     {"serial": "LA-2025-005", "received_on": "2025-07-01", "channel": "post",
      "applicant": {"name": "Anna Müller", "kind": "natural_person", "id_type": "foreign_permanent_id",
                    "id_number": FOREIGN},
      "content": "反映邻里纠纷，要求处理", "outcome": "rejected_petition", "replied_on": "2025-07-08"}),
    (["6", "LA-2025-006", "2025-08-11", "赵老伯", "自然人", "身份证", ID15, "当面提交",
      "申请公开本村土地征收补偿标准", None, "逾期未补正", "2025-09-30", "李科员", "补正告知后未答复"],
     {"serial": "LA-2025-006", "received_on": "2025-08-11", "channel": "in_person",
      "applicant": {"name": "赵老伯", "kind": "natural_person", "id_type": "resident_id", "id_number": ID15},
      "content": "申请公开本村土地征收补偿标准", "outcome": "closed_no_correction", "replied_on": "2025-09-30",
      "notes": "补正告知后未答复"}),
    (["7", "LA-2025-007", "2025-09-01", "某某农业合作社", "法人", "组织机构代码", ORG9, "浙里办",
      "申请公开农业补贴发放情况", "电子邮件", "部分公开", "2025-09-20", "王科员", None],
     {"serial": "LA-2025-007", "received_on": "2025-09-01", "channel": "online",
      "applicant": {"name": "某某农业合作社", "kind": "other_org", "id_type": "org_code", "id_number": ORG9},
      "content": "申请公开农业补贴发放情况", "outcome": "partial", "replied_on": "2025-09-20"}),
    (["8", "LA-2025-008", "2025-10-09", "杭州某某科技有限公司", "企业", "统一社会信用代码", CREDIT, "网上申请",
      "申请公开招标文件", "电子邮件", "予以公开", "2025-10-20", "王科员", None],
     {"serial": "LA-2025-008", "received_on": "2025-10-09", "channel": "online",
      "applicant": {"name": "杭州某某科技有限公司", "kind": "commercial", "id_type": "credit_code",
                    "id_number": CREDIT},
      "content": "申请公开招标文件", "outcome": "granted", "replied_on": "2025-10-20"}),
]

TWO_ROW_GROUPS = ["序号", "受理号", "收到申请日期", "申请人信息", None, None, None, "申请方式", "申请内容",
                  "答复情况", None, None, "经办人", "备注"]
TWO_ROW_COLUMNS = [None, None, None, "姓名", "类型", "证件类型", "证件号码", None, None,
                   "答复方式", "办理结果", "答复时间", None, None]


def two_row_workbook(path: Path, rows=None, *, title: str = "临安区某局2025年政府信息公开申请登记台账") -> Path:
    """Title row, then a two-row header with merged group cells (申请人信息 over 姓名/类型/证件类型/证件号码,
    答复情况 over 答复方式/办理结果/答复时间) and single columns merged down over both rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2025年台账"
    ws.append([title])
    ws.merge_cells("A1:N1")
    ws.append(TWO_ROW_GROUPS)
    ws.append(TWO_ROW_COLUMNS)
    for column, (group, own) in enumerate(zip(TWO_ROW_GROUPS, TWO_ROW_COLUMNS), start=1):
        if group and not own and column not in (4, 10):
            ws.merge_cells(start_row=2, start_column=column, end_row=3, end_column=column)
    ws.merge_cells("D2:G2")
    ws.merge_cells("J2:L2")
    for cells, _ in (rows if rows is not None else TWO_ROW_DATA):
        ws.append(cells)
    wb.save(path)
    return path


def one_row_workbook(path: Path) -> Path:
    """One header row where 答复方式 and 经办人 stand before 办理结果 and 联系电话 (the delivery and the staff
    must not become the outcome or the applicant's contact)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append(["登记号", "申请人", "申请人类型", "经办人", "联系电话", "申请渠道", "收到日期", "申请内容",
               "答复方式", "办理结果", "答复日期"])
    ws.append(["D-1", "张三", "公民", "王科员", "13800000000", "浙里办", "2025-03-05", "某文件（草案）", "邮寄",
               "予以公开", "2025-03-18"])
    ws.append(["D-2", "某律所", "律师事务所", "李科员", "0571-1234567", "微信", "2025-03-06", "某批复：全文", "当面",
               "非本机关", "2025-03-19"])
    wb.save(path)
    return path


ONE_ROW_RECORDS = [
    {"serial": "D-1", "received_on": "2025-03-05", "channel": "online",
     "applicant": {"name": "张三", "kind": "natural_person", "phone": "13800000000"},
     "content": "某文件（草案）", "outcome": "granted", "replied_on": "2025-03-18"},
    {"serial": "D-2", "received_on": "2025-03-06", "channel": "online",
     "applicant": {"name": "某律所", "kind": "legal_service", "phone": "0571-1234567"},
     "content": "某批复：全文", "outcome": "unavailable_not_competent", "replied_on": "2025-03-19"},
]


_DIMENSION = re.compile(rb'<dimension ref="[^"]*"\s*/>')


def understate_dimension(path: Path, ref: str) -> Path:
    """Rewrite every sheet's <dimension> to ``ref`` (as some programs write it: smaller than the data)."""
    tmp = path.with_suffix(".tmp")
    shutil.move(path, tmp)
    with zipfile.ZipFile(tmp) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data, count = _DIMENSION.subn(f'<dimension ref="{ref}"/>'.encode(), data)
                assert count == 1, item.filename
            out.writestr(item, data)
    tmp.unlink()
    return path


def comparable(record: dict) -> dict:
    """A stored record reduced to what a workbook row carries (no id, no empty clock parts)."""
    keep = {k: v for k, v in record.items() if k not in ("id", "office", "correction", "consultations",
                                                           "extension", "fee") and v is not None}
    return keep
