"""`gongkai demo`: a believable county office, deterministic per seed; each area adds its own data."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from sqlalchemy import func, select

from app.catalogue import demo as catalogue_demo
from app.core import profile
from app.core.jobs import NullProgress, Progress
from app.errors import ConflictError
from app.ledger import demo as ledger_demo
from app.letters import demo as letters_demo
from app.negative_list import demo as negative_list_demo
from app.packages import demo as packages_demo
from app.register import demo as register_demo
from app.reports import demo as reports_demo
from app.storage.base import deterministic_uuids
from app.storage.models.core import Office

# Area steps, run in this order inside one unit of work: populate(session, ctx).
DEMO_STEPS = (
    register_demo.populate,
    catalogue_demo.populate,
    negative_list_demo.populate,
    ledger_demo.populate,
    letters_demo.populate,
    reports_demo.populate,
    packages_demo.populate,
)

COUNTY = {
    "name": "青山县人民政府办公室",
    "short_name": "青山县政府办",
    "org_code": "11330127MB0000001",
    "level": "county",
    "parent_name": "青山县人民政府",  # its 本级人民政府: the review body (行政复议法 art. 24(1)(1))
    "court": "青山县人民法院",
    "doc_prefix": "青政办公开",
    "contact_phone": "0571-64880000",
    "contact_address": "青山县青山镇人民路1号",
    "postcode": "311700",
    "website": "http://www.qingshan.gov.cn",
}

# The 9-character organisation codes of the townships' 统一社会信用代码 (after 11 and the region 330127).
TOWNSHIP_CODES = ["002570318", "002570326", "002570334", "00257035X", "002570369", "002570377", "002570385",
                  "002570393"]
TOWNSHIPS = ["青山镇", "白沙镇", "柳溪乡", "石门镇", "枫林街道", "桃源乡", "双河镇", "云岭乡"]


@dataclass
class DemoContext:
    rng: random.Random
    today: dt.date
    office: Office
    townships: list[Office]
    sizes: dict
    progress: Progress = field(default_factory=NullProgress)
    summary: dict = field(default_factory=dict)


def _code(seq: str) -> str:
    from app.domain.identifiers import org_code_check_char

    return seq + org_code_check_char(seq)


def build_demo(db, *, seed: int = 2026, sizes: dict | None = None, today: dt.date | None = None,
               operator: str | None = None, progress: Progress | None = None) -> dict:
    """Fill an empty database with a sample county office. Refuses a database that already has data."""
    sizes = {"requests": 400, "catalogue": 2000, "ledger": 600, **(sizes or {})}
    today = today or dt.date.today()
    rng = random.Random(seed)
    with db.session(operator=operator or "示例数据") as s:
        if s.execute(select(func.count()).select_from(Office)).scalar_one() > 1 or _has_area_data(s):
            raise ConflictError("数据库中已有业务数据，示例数据只能在空数据库中生成。请用 --db 指定一个新文件。")
        own = dict(COUNTY)
        own["org_code"] = _code(COUNTY["org_code"])  # 17 characters + the GB 32100 check character
        filled: list[str] = []
        if profile.has_profile(s):  # an office set up with `init`: what it left unset gets a sensible value
            current = profile.get_own_office(s).as_dict()
            defaults = office_defaults(current)
            filled = [key for key in defaults if not current.get(key)]
            if filled:
                profile.save_profile(s, {**current, **{key: defaults[key] for key in filled}})
        else:
            profile.save_profile(s, own)
        office = profile.own_office_row(s)
        townships = []
        # A county (its office or a department) holds its townships' data; a township holds only its own.
        for i, name in enumerate(TOWNSHIPS if office.level != "township" else [], start=1):
            # Each township is a body of its own: its own organisation code (and so its own 索引号 prefix)
            code = _code(f"11330127{TOWNSHIP_CODES[i - 1]}")
            t = profile.ensure_office(s, code, f"青山县{name}人民政府" if not name.endswith("街道") else f"青山县{name}办事处",
                                      level="township", parent_org_code=office.org_code)
            townships.append(t)
        ctx = DemoContext(rng=rng, today=today, office=office, townships=townships, sizes=sizes,
                          progress=progress or NullProgress())
        ctx.summary["offices"] = 1 + len(townships)
        if filled:
            ctx.summary["filled"] = [profile.FIELD_LABELS[key] for key in filled]
        with deterministic_uuids(random.Random(seed * 7919 + 1)):
            for populate in DEMO_STEPS:
                populate(s, ctx)
    return ctx.summary


def office_defaults(current: dict) -> dict:
    """Values for a profile's empty fields, so every letter of the demo can be issued: the county is read
    from the office's name (石门县白沙镇人民政府 → 石门县人民政府), the review body follows the office's place
    (app.core.profile.derive_review_body)."""
    name = current["name"]
    county = name[:name.index("县") + 1] if "县" in name else None
    parent = current.get("parent_name") or (f"{county}人民政府" if county else COUNTY["parent_name"])
    # 文号 代字 as offices write them: 青政公开 for a county's office, 白沙公开 for a township
    local = name[len(county):] if county else name
    prefix = local[:2] + "公开" if current.get("level") == "township" else (county or name)[:1] + "政公开"
    review, _rule = profile.derive_review_body(current.get("level") or "county", parent)
    return {
        "parent_name": parent,
        "review_agency": review,
        "court": f"{county}人民法院" if county else COUNTY["court"],
        "doc_prefix": prefix,
        "contact_phone": COUNTY["contact_phone"],
    }


def _has_area_data(session) -> bool:
    from app.storage.base import Base

    for table in Base.metadata.sorted_tables:
        if table.name in ("office", "setting", "sequence", "audit_log", "audit_head", "calendar_override"):
            continue
        if session.execute(select(func.count()).select_from(table)).scalar_one():
            return True
    return False
