"""The office profile (本机关信息) and other offices known from packages."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import audit
from app.domain import review_body as review_rule
from app.domain.identifiers import org_code_problem
from app.errors import NotFoundError, ValidationError
from app.storage.models.core import Office

LEVELS = review_rule.LEVELS  # the office's place decides its 行政复议机关 (docs/spec/letters.md section 2)


@dataclass
class OfficeProfile:
    id: int | None
    org_code: str
    name: str
    level: str = "county"
    short_name: str | None = None
    parent_org_code: str | None = None
    parent_name: str | None = None
    review_agency: str | None = None
    review_agency_reason: str | None = None  # why the office names a body other than the rule's (audited)
    court: str | None = None
    doc_prefix: str | None = None
    contact_phone: str | None = None
    contact_address: str | None = None
    postcode: str | None = None
    website: str | None = None
    has_seal: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


_EDITABLE = [f.name for f in fields(OfficeProfile) if f.name not in ("id", "has_seal")]


def _to_profile(office: Office) -> OfficeProfile:
    data = {name: getattr(office, name) for name in _EDITABLE}
    return OfficeProfile(id=office.id, has_seal=office.seal_image is not None, **data)


_LABELS = {"org_code": "统一社会信用代码", "name": "机关全称", "level": "机关层级", "short_name": "机关简称",
           "parent_org_code": "上级机关统一社会信用代码", "parent_name": "上级机关名称", "review_agency": "行政复议机关",
           "review_agency_reason": "不按规则确定行政复议机关的理由", "court": "人民法院", "doc_prefix": "文号机关代字", "contact_phone": "联系电话", "contact_address": "联系地址",
           "postcode": "邮政编码", "website": "网站"}


FIELD_LABELS = _LABELS  # the Chinese name of each profile field


def _text_problems(data: dict[str, Any]) -> list[str]:
    """Every editable field is text that fits its column (no control characters, no broken encoding)."""
    problems = []
    for key in _EDITABLE:
        value = data.get(key)
        label = _LABELS.get(key, key)
        if value is None:
            continue
        if not isinstance(value, str):
            problems.append(f"{label}应为文字")
            continue
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            problems.append(f"{label}含有无法识别的字符")
            continue
        if any(ord(ch) < 32 and ch not in "\t" for ch in value):
            problems.append(f"{label}含有控制字符")
        limit = getattr(Office.__table__.c[key].type, "length", None)
        if limit and len(value.strip()) > limit:
            problems.append(f"{label}不能超过{limit}个字符")
    seal = data.get("seal_image")
    if seal is not None and not isinstance(seal, (bytes, bytearray)):
        problems.append("公章图片应为图片文件内容")
    return problems


def validate(data: dict[str, Any]) -> dict[str, Any]:
    """Check a profile; return the cleaned data or raise ValidationError with every problem."""
    problems = _text_problems(data)
    if problems:
        raise ValidationError("本机关信息有误：" + "；".join(problems) + "。", details=problems)
    clean = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items() if k in _EDITABLE or k == "seal_image"}
    if not clean.get("name"):
        problems.append("请填写机关全称")
    code = (clean.get("org_code") or "").upper()
    clean["org_code"] = code
    problem = org_code_problem(code)
    if problem:
        problems.append(problem)
    level = clean.get("level") or "county"
    if level not in LEVELS:
        problems.append("机关层级只能是：" + "、".join(LEVELS.values()))
    clean["level"] = level
    if level in LEVELS and not problems:
        try:
            body = review_rule.review_body(level, clean.get("name"), clean.get("parent_name"),
                                           clean.get("review_agency"), clean.get("review_agency_reason"))
        except ValidationError as exc:
            problems.append(exc.message.rstrip("。"))
        else:
            if level == "vertical" and body.agency is None:
                problems.append("实行垂直领导的机关须填写行政复议机关（上一级主管部门，--review-agency）")
            clean["review_agency"] = body.agency
            clean["review_agency_reason"] = body.reason if body.overridden or level == "vertical" else None
    parent = clean.get("parent_org_code")
    if parent:
        clean["parent_org_code"] = parent.upper()
        p = org_code_problem(parent.upper())
        if p:
            problems.append("上级机关" + p)
    if problems:
        raise ValidationError("本机关信息有误：" + "；".join(problems) + "。", details=problems)
    for key in _EDITABLE:
        if key in clean and clean[key] == "":
            clean[key] = None
    return clean


def review_body(profile: OfficeProfile) -> review_rule.ReviewBody:
    """The office's 行政复议机关 with the rule applied (or its override and reason); ValidationError if they contradict."""
    return review_rule.review_body(profile.level, profile.name, profile.parent_name, profile.review_agency,
                                   profile.review_agency_reason)


def get_own_office(session: Session) -> OfficeProfile:
    office = own_office_row(session)
    return _to_profile(office)


class OwnOfficeMissing(NotFoundError):
    """The installation's own office (本机关) is not set up yet: the one error of every area for it."""

    MESSAGE = "尚未设置本机关信息，请先在“设置”中填写本机关名称和统一社会信用代码（或运行 gongkai init）。"

    def __init__(self) -> None:
        super().__init__(self.MESSAGE)


def own_office_row(session: Session) -> Office:
    """The installation's own office; OwnOfficeMissing before the profile is saved."""
    office = session.execute(select(Office).where(Office.is_self.is_(True))).scalar_one_or_none()
    if office is None:
        raise OwnOfficeMissing()
    return office


def own_office_id(session: Session) -> int:
    """The id of the installation's own office; OwnOfficeMissing before the profile is saved."""
    office_id = session.execute(select(Office.id).where(Office.is_self.is_(True))).scalar()
    if office_id is None:
        raise OwnOfficeMissing()
    return office_id


def has_profile(session: Session) -> bool:
    return session.execute(select(Office.id).where(Office.is_self.is_(True))).first() is not None


def save_profile(session: Session, data: dict[str, Any]) -> OfficeProfile:
    """Create or update the installation's own office profile."""
    clean = validate(data)
    office = session.execute(select(Office).where(Office.is_self.is_(True))).scalar_one_or_none()
    other = session.execute(select(Office).where(Office.org_code == clean["org_code"])).scalar_one_or_none()
    if office is None:
        if other is not None:
            # An office known from packages becomes our own (e.g. re-install at the same agency).
            office = other
            office.is_self = True
            action = "update"
        else:
            office = Office(is_self=True, org_code=clean["org_code"], name=clean["name"])
            session.add(office)
            action = "create"
    else:
        if other is not None and other.id != office.id:
            raise ValidationError(f"统一社会信用代码 {clean['org_code']} 已属于另一机关“{other.name}”。")
        action = "update"
    for key, value in clean.items():
        setattr(office, key, value)
    audit.record(session, office, action)
    return _to_profile(office)


def office_by_code(session: Session, org_code: str) -> Office:
    office = session.execute(select(Office).where(Office.org_code == org_code)).scalar_one_or_none()
    if office is None:
        raise NotFoundError(f"没有统一社会信用代码为 {org_code} 的机关。")
    return office


def ensure_office(session: Session, org_code: str, name: str | None = None, level: str = "township",
                  parent_org_code: str | None = None) -> Office:
    """The office with this code, created if unknown (offices known from packages or imports)."""
    office = session.execute(select(Office).where(Office.org_code == org_code)).scalar_one_or_none()
    if office is not None:
        return office
    office = Office(org_code=org_code, name=name or org_code, level=level, is_self=False,
                    parent_org_code=parent_org_code)
    session.add(office)
    audit.record(session, office, "create")
    return office


def list_offices(session: Session) -> list[OfficeProfile]:
    rows = session.execute(select(Office).order_by(Office.is_self.desc(), Office.name)).scalars()
    return [_to_profile(o) for o in rows]


# Who reviews the office's decisions (行政复议法 2023 art. 24(1)): the office's place decides, the body is named
# by 本级人民政府 (parent_name). Kinds as in `gongkai init --level`; "county-government" is an office whose
# letters go out in the county government's own name.
_REVIEW_RULES = {
    "county": "县级人民政府的工作部门（含政府办公室）作出的行政行为，由本级人民政府管辖（《中华人民共和国行政复议法》"
              "第二十四条第一款第一项）",
    "department": "县级人民政府的工作部门作出的行政行为，由本级人民政府管辖（《中华人民共和国行政复议法》第二十四条"
                  "第一款第一项）",
    "township": "乡镇人民政府作出的行政行为由上一级人民政府管辖，街道办事处作为派出机关由设立它的人民政府管辖，"
                "均为县级人民政府（《中华人民共和国行政复议法》第二十四条第一款第二项、第三项）",
    "county-government": "县级人民政府作出的行政行为，由上一级地方人民政府管辖（《中华人民共和国行政复议法》"
                         "第二十四条第一款第二项）",
}


def derive_review_body(kind: str, parent_name: str | None) -> tuple[str, str]:
    """The 行政复议机关 of an office of ``kind`` whose 本级人民政府 (for a township: the county government; for a
    county government: the 设区的市 government) is ``parent_name``, and the rule that says so."""
    if kind not in _REVIEW_RULES:
        raise ValidationError(f"未知的机关类别“{kind}”，可选：" + "、".join(_REVIEW_RULES) + "。")
    name = (parent_name or "").strip()
    if not name:
        raise ValidationError("请填写本级人民政府的名称，才能确定行政复议机关。")
    return name, _REVIEW_RULES[kind]
