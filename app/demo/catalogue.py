"""Demo data of the catalogue: the standard directory and ctx.sizes["catalogue"] believable entries, bulk-loaded
with Core (1,000,000 entries for the scale demo), audited in bulk, then the search index built once."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import func, insert, select

from app.catalogue import search as search_index
from app.services import audit, sequences
from app.services.catalogue import index_pattern
from app.services.catalogue_directory import directory_tree, ensure_standard_directory
from app.storage.models.catalogue import CatalogueEntry

BATCH = 20_000
PLACES = ["青山镇", "白沙镇", "柳溪乡", "石门镇", "枫林街道", "桃源乡", "双河镇", "云岭乡", "青山县"]
VILLAGES = ["东岙村", "下溪村", "石桥村", "新塘村", "溪口社区", "柳湾村", "上洋村", "枫岭村", "桃花村", "双溪社区"]
# (domain, title templates); {p} place, {v} village, {y} year, {o} office name
TEMPLATES = {
    "财政预决算": ["{o}{y}年部门预算公开", "{o}{y}年度部门决算公开", "{o}{y}年度“三公”经费决算情况说明"],
    "重大建设项目": ["{p}{v}道路提升改造工程项目批准文件", "{p}污水管网建设工程实施进展情况",
               "{p}{v}美丽乡村建设项目竣工验收公示"],
    "公共资源交易": ["{p}{v}农村饮用水提升工程招标公告", "{p}中心小学改扩建工程中标候选人公示",
               "{o}{y}年政府采购意向公开"],
    "社会救助": ["{p}{y}年第{q}季度最低生活保障对象名单公示", "{p}临时救助资金发放情况公示",
             "{p}特困人员供养名单公示"],
    "农村危房改造": ["{p}{y}年农村危房改造补助对象公示", "{p}{v}危房改造竣工验收结果公示"],
    "安全生产": ["{p}安全生产大检查情况通报", "{p}{y}年安全生产专项整治工作方案", "{p}消防安全隐患排查整治情况"],
    "环境保护": ["{p}工业园区企业环境信用评价结果", "{p}{v}农村生活污水治理设施运行情况",
             "{p}{y}年大气污染防治工作方案"],
    "食品药品监管": ["{p}学校食堂食品安全专项检查结果", "{p}农贸市场食用农产品抽检结果公示"],
    "涉农补贴": ["{p}{y}年耕地地力保护补贴发放情况公示", "{p}{y}年农机购置补贴资金兑付公示"],
    "义务教育": ["{p}{y}年义务教育阶段招生工作方案", "{p}中心小学{y}年秋季招生公告"],
    "养老服务": ["{p}{v}居家养老服务照料中心建设项目公示", "{p}高龄津贴发放名单公示"],
    "就业": ["{p}{y}年公益性岗位招聘公告", "{p}就业创业补贴发放情况公示"],
    "医疗卫生": ["{p}卫生院{y}年家庭医生签约服务情况", "{p}{y}年基本公共卫生服务项目实施方案"],
    "城乡规划": ["{p}{v}村庄规划（{y}—2035年）批前公示", "{p}集镇控制性详细规划调整公示"],
    "征地补偿": ["{p}{v}土地征收补偿安置方案公告", "{p}{y}年第{q}批次征地补偿款发放情况"],
}
GENERIC = ["关于做好{y}年防汛防台工作的通知", "{o}{y}年政府信息公开工作年度报告", "{o}{y}年法治政府建设情况报告",
           "关于{p}{y}年度重点工作任务分解的通知", "{p}{y}年第{q}季度政务公开工作情况"]
NORMATIVE = ["关于印发《{p}{t}管理办法》的通知", "关于印发《{p}{t}实施细则》的通知", "关于进一步加强{t}工作的意见",
             "关于调整{p}{t}标准的通知"]
NORMATIVE_TOPICS = ["最低生活保障", "农村宅基地", "村级工程项目", "集体资产", "困难群众临时救助", "养老服务补贴",
                    "农村生活垃圾分类", "河道管理", "公益性岗位", "农村危房改造补助"]
CATEGORIES = ["综合政务", "财政金融", "城乡建设", "农业农村", "民政", "卫生健康", "生态环境", "安全生产", "教育",
              "劳动就业", "自然资源"]
GENRES = ["通知", "公告", "公示", "意见", "报告", "方案"]


def _doc_prefix(office, county) -> str:
    if office.id == county.id:
        return "青政发"
    short = office.name.replace("青山县", "")[:2]
    return f"{short}政发"


def populate(session, ctx) -> None:
    ensure_standard_directory(session)
    total = int(ctx.sizes.get("catalogue", 0))
    if total <= 0:
        return
    rng = ctx.rng
    items_by_domain = {d.name: [i.id for i in d.items] for d in directory_tree(session, with_counts=False)}
    offices = [ctx.office] * 3 + list(ctx.townships)
    pattern = index_pattern(session)
    serials: dict[tuple[str, int], int] = {}
    doc_serials: dict[tuple[str, int], int] = {}
    start_id = (session.execute(select(func.max(CatalogueEntry.id))).scalar_one() or 0) + 1
    first_day = dt.date(ctx.today.year - 5, 1, 1).toordinal()
    span = ctx.today.toordinal() - first_day
    domains = list(TEMPLATES)
    stamp = dt.datetime.combine(ctx.today, dt.time(9, 0))
    rows: list[dict] = []
    done = 0
    for n in range(total):
        office = rng.choice(offices)
        written = dt.date.fromordinal(first_day + rng.randrange(span))
        y = written.year
        r = rng.random()
        place = office.name.replace("青山县", "").replace("人民政府", "").replace("办事处", "") or "青山县"
        if office.id == ctx.office.id:
            place = rng.choice(PLACES)
        fill = {"p": place, "v": rng.choice(VILLAGES), "y": y, "o": office.short_name or office.name,
                "q": "一二三四"[(written.month - 1) // 3], "t": rng.choice(NORMATIVE_TOPICS)}
        item_id = None
        doc_number = None
        validity = validity_on = reviewed = None
        normative = False
        if r < 0.12:  # 行政规范性文件 with a 文号 and validity
            normative = True
            title = rng.choice(NORMATIVE).format(**fill)
            prefix = _doc_prefix(office, ctx.office)
            key = (prefix, y)
            doc_serials[key] = doc_serials.get(key, 0) + rng.randint(1, 4)
            doc_number = f"{prefix}〔{y}〕{doc_serials[key]}号"
            age = (ctx.today - written).days
            v = rng.random()
            validity = "valid"
            if age > 3 * 365 and v < 0.35:
                validity = rng.choice(["repealed", "expired", "amended"])
                validity_on = written + dt.timedelta(days=rng.randint(365, age))
            if rng.random() < 0.9:
                reviewed = max(written, ctx.today - dt.timedelta(days=rng.randint(1, 330)))
            category, genre = rng.choice(CATEGORIES), "通知" if "通知" in title else "意见"
        elif r < 0.85:
            domain = rng.choice(domains)
            title = rng.choice(TEMPLATES[domain]).format(**fill)
            if items_by_domain.get(domain) and rng.random() < 0.8:
                item_id = rng.choice(items_by_domain[domain])
            category, genre = rng.choice(CATEGORIES), rng.choice(GENRES)
        else:
            title = rng.choice(GENERIC).format(**fill)
            category, genre = "综合政务", rng.choice(GENRES)
            if rng.random() < 0.3:
                prefix = "青政办发" if office.id == ctx.office.id else _doc_prefix(office, ctx.office)
                key = (prefix, y)
                doc_serials[key] = doc_serials.get(key, 0) + 1
                doc_number = f"{prefix}〔{y}〕{doc_serials[key]}号"
        mode = "proactive" if rng.random() < 0.93 else "on_request"
        lag = rng.randint(0, 12) if rng.random() > 0.015 else rng.randint(35, 60)  # a few published late
        published = written + dt.timedelta(days=lag)
        if published > ctx.today:
            published = None if (ctx.today - written).days < 3 else ctx.today
        serial_key = (office.org_code, y)
        serials[serial_key] = serials.get(serial_key, 0) + 1
        number = pattern.format(org_code=office.org_code, year=y, month=written.month, serial=serials[serial_key])
        rows.append({
            "id": start_id + n, "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "office_id": office.id, "index_number": number, "title": title,
            "summary": None, "publisher": office.name, "written_on": written, "published_on": published,
            "doc_number": doc_number, "disclosure_mode": mode, "scope": "全社会", "category": category,
            "genre": genre, "keywords": None, "directory_item_id": item_id, "is_normative": normative,
            "validity": validity, "validity_on": validity_on, "validity_reviewed_on": reviewed,
            "replaced_by_id": None, "revision": 1, "created_at": stamp, "updated_at": stamp, "deleted": False,
        })
        if len(rows) >= BATCH:
            done = _flush(session, rows, done, total, ctx)
            rows = []
    if rows:
        done = _flush(session, rows, done, total, ctx)
    pattern_uses_month = "{month" in pattern
    for (org_code, year), value in serials.items():
        if not pattern_uses_month:  # keep generated numbers clear of the demo's
            sequences.ensure_at_least(session, f"index:{org_code}:{year}", value)
    search_index.rebuild(session, ctx.progress)
    ctx.summary["catalogue"] = total


def _flush(session, rows: list[dict], done: int, total: int, ctx) -> int:
    session.execute(insert(CatalogueEntry.__table__), rows)
    audit.record_rows(session, "catalogue_entry", rows, note="示例数据")
    done += len(rows)
    ctx.progress.update(done, total, "正在生成公开目录示例数据…")
    return done
