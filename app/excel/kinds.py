"""What each kind of workbook holds: its fields, their Chinese header words, value parsers and row keys."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.excel.values import (
    APPLICANT_KINDS,
    CHANNELS,
    ID_TYPES,
    OUTCOMES,
    Vocabulary,
    parse_code_text,
    parse_date,
    parse_text,
)

# uuid5 namespace for rows that come without an id: the same row always gets the same id.
ROW_NAMESPACE = uuid.UUID("6f1c2a9e-3b8d-5e47-9a10-6b2f0c4d8e31")


@dataclass(frozen=True)
class FieldSpec:
    name: str                      # field name handed to the area service (dotted = nested)
    label: str                     # Chinese header written on export and shown in the mapping step
    aliases: tuple[str, ...] = ()  # other header words that mean this field
    parse: Callable[[Any], Any] = parse_text
    required: bool = False
    kind: str = "text"             # text | date | code | choice (for export formatting and widths)
    vocabulary: Vocabulary | None = None
    personal: bool = False         # masked on export unless the clerk asks for full data
    mask: str = ""                 # "id" | "phone" | "email" | "" (how to mask)
    export: bool = True


def _choice(vocab: Vocabulary) -> dict:
    return {"parse": vocab.parse, "kind": "choice", "vocabulary": vocab}


IGNORED = "_ignore"  # pseudo field: a known column that is not imported (序号)


@dataclass(frozen=True)
class KindSpec:
    kind: str
    title: str                          # Chinese name of the list, used in titles and messages
    fields: tuple[FieldSpec, ...]
    key_fields: tuple[str, ...]         # fields that identify a row when the sheet carries no id
    ignored_headers: tuple[str, ...] = ("序号", "编号序号", "No", "No.")
    extra: dict = field(default_factory=dict)

    @property
    def fields_by_name(self) -> dict[str, FieldSpec]:
        return {spec.name: spec for spec in self.fields}

    def field(self, name: str) -> FieldSpec:
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def row_uuid(self, values: dict) -> str:
        """A stable id for a row: uuid5 over the kind and its key (or its whole content)."""
        key_parts = [values.get(name) for name in self.key_fields]
        if not any(part not in (None, "") for part in key_parts):
            key_parts = [values.get(spec.name) for spec in self.fields]
        key = "|".join("" if part is None else str(part) for part in key_parts)
        return str(uuid.uuid5(ROW_NAMESPACE, f"{self.kind}:{key}"))


# --- register (docs/spec/application-records.md) -----------------------------------------------------

# Columns a register keeps that are never data of the application record: how the reply was delivered,
# the office's own staff, the desk's remarks on the handling. Such a header is not imported, and a header
# containing one of these words never matches a field by containing that field's word (答复情况备注 is
# not 答复情况). docs/spec/spreadsheets.md section 2.
REGISTER_NOT_DATA = ("答复方式", "送达方式", "答复送达方式", "送达情况", "经办人", "承办人", "办理人", "经办人员",
                     "承办人员", "承办科室", "承办部门", "承办单位", "办理科室", "登记人", "受理人", "审核人",
                     "审批人", "签收人", "办理备注", "答复备注")

REGISTER = KindSpec(
    kind="register",
    title="政府信息公开申请登记台账",
    key_fields=("serial",),
    ignored_headers=("序号", "编号序号", "No", "No.", *REGISTER_NOT_DATA),
    extra={"never_contained": ("答复方式", "送达", "经办", "承办", "办理人", "登记人", "受理人", "审核人",
                               "审批人", "签收", "备注")},
    fields=(
        FieldSpec("serial", "申请编号", ("编号", "登记编号", "受理编号", "申请号", "流水号", "登记号", "受理号",
                                         "受理序号", "申请受理号", "登记序号")),
        FieldSpec("applicant.name", "申请人", ("申请人姓名", "申请人姓名/名称", "申请人名称", "申请人姓名或名称",
                                             "姓名/名称", "姓名或名称", "姓名", "申请单位", "申请人(单位)"),
                  required=True),
        FieldSpec("applicant.kind", "申请人类型", ("申请人类别", "申请人性质", "申请人身份", "申请主体类型",
                                                 "主体类型", "类型", "类别"),
                  required=True, **_choice(APPLICANT_KINDS)),
        FieldSpec("applicant.id_type", "证件类型", ("证件种类", "身份证件类型", "证件名称", "证照类型"),
                  **_choice(ID_TYPES)),
        FieldSpec("applicant.id_number", "证件号码", ("身份证号", "身份证号码", "证件号", "身份证件号码",
                                                    "统一社会信用代码", "证件号码/统一社会信用代码",
                                                    "身份证号/统一社会信用代码", "公民身份号码"),
                  parse=parse_code_text, kind="code", personal=True, mask="id"),
        FieldSpec("applicant.phone", "联系电话", ("电话", "手机", "手机号", "手机号码", "联系方式", "电话号码"),
                  parse=parse_code_text, kind="code", personal=True, mask="phone"),
        FieldSpec("applicant.address", "通讯地址", ("地址", "联系地址", "住址", "通信地址", "邮寄地址"),
                  personal=True, mask="address"),
        FieldSpec("applicant.email", "电子邮箱", ("邮箱", "电子邮件地址", "email", "e-mail"),
                  personal=True, mask="email"),
        FieldSpec("applicant.contact_person", "联系人", ("联系人姓名", "申请单位联系人"), personal=True, mask="name"),
        FieldSpec("channel", "申请方式", ("申请渠道", "提交方式", "申请形式", "收到方式", "申请途径", "来源渠道",
                                         "渠道"),
                  required=True, **_choice(CHANNELS)),
        FieldSpec("received_on", "收到申请日期", ("收到日期", "受理日期", "申请日期", "收件日期", "登记日期",
                                                 "收到申请之日", "收到时间", "申请时间", "受理时间"),
                  parse=parse_date, required=True, kind="date"),
        FieldSpec("content", "申请内容", ("申请公开内容", "申请公开的内容", "所需信息", "所需政府信息",
                                         "所需信息内容描述", "申请事项", "内容描述", "申请信息内容", "内容"),
                  required=True),
        FieldSpec("outcome", "办理结果", ("处理结果", "答复结果", "答复类型", "办理情况", "答复情况",
                                          "答复意见", "处理情况", "答复内容", "答复结论"),
                  **_choice(OUTCOMES)),
        FieldSpec("replied_on", "答复日期", ("办结日期", "答复时间", "办结时间", "答复日", "实际答复日期"),
                  parse=parse_date, kind="date"),
        FieldSpec("notes", "备注", ("说明",)),
    ),
)

# --- catalogue (docs/spec/legal-sources.md section 9; field names as the catalogue area's import_rows takes them) ----

DISCLOSURE_MODES = Vocabulary("公开方式", {
    "proactive": ("主动公开", "主动"),
    "on_request": ("依申请公开", "依申请"),
    "not_disclosed": ("不予公开", "不公开"),
})
VALIDITIES = Vocabulary("有效性", {
    "valid": ("有效", "现行有效", "是"),
    "expired": ("失效", "已失效"),
    "repealed": ("废止", "已废止"),
    "amended": ("修订", "已修订", "修改", "已修改"),
})

CATALOGUE = KindSpec(
    kind="catalogue",
    title="政府信息公开目录",
    key_fields=("index_number",),
    fields=(
        FieldSpec("index_number", "索引号", ("索引编号", "信息索引号"), parse=parse_code_text, kind="code"),
        FieldSpec("title", "信息名称", ("标题", "名称", "文件名称", "信息标题", "文件标题", "题名"), required=True),
        FieldSpec("publisher", "发布机构", ("发文机关", "发布单位", "发布机关", "信息来源", "发文单位", "公开主体")),
        FieldSpec("written_on", "成文日期", ("生成日期", "产生日期", "发文日期", "印发日期", "签发日期"),
                  parse=parse_date, kind="date"),
        FieldSpec("published_on", "发布日期", ("公开日期", "公开时间", "发布时间"), parse=parse_date, kind="date"),
        FieldSpec("doc_number", "文号", ("发文字号", "发布文号", "文件编号", "文件字号")),
        FieldSpec("disclosure_mode", "公开方式", ("公开属性", "公开形式"), **_choice(DISCLOSURE_MODES)),
        FieldSpec("category", "主题分类", ("分类", "组配分类", "目录分类", "信息分类", "所属类别", "主题")),
        FieldSpec("validity", "有效性", ("时效", "时效性", "是否有效", "效力状态"), **_choice(VALIDITIES)),
        FieldSpec("summary", "内容概述", ("摘要", "内容摘要", "概述")),
        FieldSpec("keywords", "关键词", ("主题词",)),
    ),
)

# --- negative list (docs/spec/legal-sources.md section 9; field names of app.negative_list.items.import_rows) ----
# Category and status are passed as typed: the negative-list service knows its codes and Chinese labels
# and names every row it cannot place.

NEGATIVE_LIST = KindSpec(
    kind="negative_list",
    title="政务公开负面清单",
    key_fields=("name",),
    fields=(
        FieldSpec("name", "信息事项名称", ("信息事项内容", "事项内容", "具体事项", "信息事项", "事项名称", "名称",
                                          "不予公开事项", "内容"), required=True),
        FieldSpec("category", "信息事项类别", ("事项类别", "类别", "信息类别", "类型", "分类")),
        FieldSpec("basis_law", "依据法律法规", ("法律法规", "依据文件", "法律依据名称")),
        FieldSpec("basis_article", "依据条款", ("条款", "条款项", "依据条目")),
        FieldSpec("basis_text", "不予公开依据", ("不予主动公开法律政策依据", "法律政策依据", "依据", "法律依据",
                                                "不予公开的依据", "政策依据", "依据内容")),
        FieldSpec("scope", "适用范围", ("范围",)),
        FieldSpec("responsible_unit", "责任单位", ("责任部门", "主管单位")),
        FieldSpec("decided_on", "确定日期", ("认定日期", "列入日期"), parse=parse_date, kind="date"),
        FieldSpec("approver", "审批人", ("批准人", "审核人")),
        FieldSpec("review_cycle_months", "复核周期（月）", ("复核周期", "评估周期")),
        FieldSpec("next_review_on", "下次复核日期", ("复核日期", "下次评估日期"), parse=parse_date, kind="date"),
        FieldSpec("last_reviewed_on", "上次复核日期", ("最近复核日期", "审查日期", "评估日期"),
                  parse=parse_date, kind="date"),
        FieldSpec("status", "状态", ("清单状态",)),
        FieldSpec("keywords", "关键词", ("关键字",)),
        FieldSpec("notes", "备注", ("说明",)),
    ),
)

# --- work ledger tasks (field names of app.ledger.import_rows; type "task") --------------------

CADENCES = Vocabulary("频次", {
    "once": ("一次性", "单次", "不定期"),
    "immediate": ("即时", "实时", "随时", "及时"),
    "daily": ("每日", "每天", "日", "按日"),
    "weekly": ("每周", "周", "按周"),
    "dekad": ("每旬", "旬", "按旬"),
    "monthly": ("每月", "月", "按月", "月度"),
    "quarterly": ("每季", "每季度", "季度", "按季", "季"),
    "yearly": ("每年", "年度", "每年度", "按年", "年"),
})
TASK_STATUSES = Vocabulary("状态", {
    "not_started": ("未开始", "待办", "未完成", "待完成"),
    "in_progress": ("进行中", "办理中", "推进中", "正在办理"),
    "done": ("已完成", "完成", "办结", "已办结"),
})

LEDGER = KindSpec(
    kind="ledger",
    title="政务公开工作台账",
    key_fields=("source_document", "requirement", "due_on"),
    fields=(
        FieldSpec("source_document", "任务来源", ("来源", "文件依据", "来源文件", "依据文件", "工作要点")),
        FieldSpec("requirement", "任务要求", ("工作要求", "工作任务", "任务内容", "任务", "工作内容", "具体要求",
                                             "重点任务"), required=True),
        FieldSpec("responsible_unit", "责任单位", ("牵头单位", "责任部门", "承办单位")),
        FieldSpec("responsible_person", "责任人", ("经办人", "联系人", "负责人")),
        FieldSpec("cadence", "频次", ("更新频率", "公开频次", "周期", "更新周期"), **_choice(CADENCES)),
        FieldSpec("due_on", "完成时限", ("截止日期", "完成期限", "时限"), parse=parse_date, kind="date"),
        FieldSpec("status", "状态", ("完成状态", "进展状态", "是否完成"), **_choice(TASK_STATUSES)),
        FieldSpec("completed_on", "完成日期", ("完成时间", "办结日期"), parse=parse_date, kind="date"),
        FieldSpec("completion_note", "完成情况", ("进展情况", "落实情况", "完成说明", "备注")),
    ),
)

# --- work ledger activity records (活动记录; field names of app.ledger.import_rows, type "activity") --


def _ledger_vocabulary(name: str, labels: dict[str, str], aliases: dict[str, str]) -> Vocabulary:
    """The ledger's own codes, labels and usual short forms (app.ledger.common), as a vocabulary."""
    forms: dict[str, tuple[str, ...]] = {code: (label, code) for code, label in labels.items()}
    for alias, code in aliases.items():
        forms[code] += (alias,)
    return Vocabulary(name, forms)


def _activity_vocabularies() -> tuple[Vocabulary, Vocabulary]:
    from app.ledger.common import ACTIVITY_ALIASES, ACTIVITY_KINDS, CHANNEL_ALIASES
    from app.ledger.common import CHANNELS as LEDGER_CHANNELS

    return (_ledger_vocabulary("活动类型", ACTIVITY_KINDS, ACTIVITY_ALIASES),
            _ledger_vocabulary("发布渠道", LEDGER_CHANNELS, CHANNEL_ALIASES))


ACTIVITY_TYPES, ACTIVITY_CHANNELS = _activity_vocabularies()

LEDGER_ACTIVITIES = KindSpec(
    kind="ledger_activities",
    title="政务公开活动记录",
    key_fields=("kind", "occurred_on", "title", "channel"),
    fields=(
        FieldSpec("kind", "类型", ("活动类型", "记录类型", "工作类型", "类别", "事项类型"), required=True,
                  **_choice(ACTIVITY_TYPES)),
        FieldSpec("occurred_on", "日期", ("发布日期", "活动日期", "开展日期", "举办日期", "时间", "解读发布日期"),
                  parse=parse_date, kind="date"),
        FieldSpec("title", "标题（内容）", ("标题", "内容", "名称", "活动名称", "主题", "信息标题")),
        FieldSpec("channel", "发布渠道", ("渠道", "发布平台", "公开渠道", "发布载体"), **_choice(ACTIVITY_CHANNELS)),
        FieldSpec("quantity", "数量（条）", ("数量", "条数", "发布数量", "次数")),
        FieldSpec("participants", "参训人数", ("参加人数", "参会人数", "培训人数", "人数")),
        FieldSpec("document_title", "解读的文件", ("解读文件", "文件名称", "被解读文件", "政策文件")),
        FieldSpec("document_published_on", "文件公开日期", ("文件发布日期", "政策文件公开日期"),
                  parse=parse_date, kind="date"),
        FieldSpec("notes", "备注", ("说明",)),
    ),
)

KINDS: dict[str, KindSpec] = {"register": REGISTER, "catalogue": CATALOGUE, "negative_list": NEGATIVE_LIST,
                              "ledger": LEDGER, "ledger_activities": LEDGER_ACTIVITIES}
KIND_NAMES = {"register": "依申请公开登记", "catalogue": "公开目录", "negative_list": "负面清单",
              "ledger": "工作台账", "ledger_activities": "工作台账活动记录"}


def kind_spec(kind: str) -> KindSpec:
    """The spec of a kind; the CLI spellings negative-list and ledger-activities are accepted."""
    from app.errors import ValidationError

    spec = KINDS.get(kind.replace("-", "_"))
    if spec is None:
        raise ValidationError(f"不支持的表格类型“{kind}”，可选：register、catalogue、negative-list、ledger、"
                              "ledger-activities。")
    return spec
