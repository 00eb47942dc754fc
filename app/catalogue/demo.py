"""Demo data of the catalogue: the standard directory and ctx.sizes["catalogue"] believable entries, bulk-loaded
with Core (1,000,000 entries for the scale demo), audited in bulk, then the search index built once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, insert, select

from app.catalogue import fulltext as search_index
from app.catalogue.directory import directory_tree, ensure_standard_directory
from app.catalogue.entries import DEFAULT_PATTERN, index_pattern
from app.core import audit, sequences
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


COUNTY_PLACE = "青山县"
POLICY_LEVEL = "政策文件"  # the directory's first level for laws, rules and 规范性文件


def _genre(title: str) -> str | None:
    """The genre a title names by its last words (…名单公示 is a 公示), None when it names none."""
    return next((g for g in GENRES if title.endswith(g)), None)


def _uuid4(bits: int) -> str:
    """A version-4 UUID string from 128 random bits (cheaper than uuid.UUID at a million rows)."""
    bits = (bits & ~(0xF000 << 64)) | (0x4000 << 64)
    bits = (bits & ~(0xC000 << 48)) | (0x8000 << 48)
    h = f"{bits:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def populate(session, ctx) -> None:
    ensure_standard_directory(session)
    total = int(ctx.sizes.get("catalogue", 0))
    if total <= 0:
        return
    rng = ctx.rng
    rand = rng.random

    def pick(seq):
        return seq[int(rand() * len(seq))]

    # A 行政规范性文件 is filed under its domain's 政策文件 item, anything else under the domain's other items.
    tree = directory_tree(session, with_counts=False)
    items_by_domain = {d.name: [i.id for i in d.items if i.level1 != POLICY_LEVEL] for d in tree}
    policy_items = [i.id for d in tree for i in d.items if i.level1 == POLICY_LEVEL]
    # Plain tuples: ORM attribute access would cost more than the rest of the loop.
    county = (ctx.office.id, ctx.office.org_code, ctx.office.name, ctx.office.short_name or ctx.office.name,
              None, "青政发")
    offices = [county] * 3
    for t in ctx.townships:
        place = t.name.replace("青山县", "").replace("人民政府", "").replace("办事处", "")
        offices.append((t.id, t.org_code, t.name, t.short_name or t.name, place, f"{place[:2]}政发"))
    pattern = index_pattern(session)
    default_pattern = pattern == DEFAULT_PATTERN
    serials: dict[tuple[str, int], int] = {}
    doc_serials: dict[tuple[str, int], int] = {}
    start_id = (session.execute(select(func.max(CatalogueEntry.id))).scalar_one() or 0) + 1
    first_day = dt.date(ctx.today.year - 5, 1, 1).toordinal()
    today_ord = ctx.today.toordinal()
    span = today_ord - first_day
    domains = [(name, templates, items_by_domain.get(name) or []) for name, templates in TEMPLATES.items()]
    stamp = dt.datetime.combine(ctx.today, dt.time(9, 0))
    quarters = "一二三四"
    rows: list[tuple] = []
    done = 0
    as_text = session.get_bind().dialect.name == "sqlite"
    # SQLite raw insert: the one timestamp as the text SQLAlchemy stores (the audit snapshot gets the datetime).
    stored_stamp = _stamp_processor(session)(stamp) if as_text else stamp
    fromordinal = dt.date.fromordinal
    for n in range(total):
        office_id, org_code, office_name, short, place, prefix = pick(offices)
        w_ord = first_day + int(rand() * span)
        written = fromordinal(w_ord)
        y = written.year
        r = rand()
        fill = {"p": place or pick(PLACES), "v": pick(VILLAGES), "y": y, "o": short,
                "q": quarters[(written.month - 1) // 3], "t": pick(NORMATIVE_TOPICS)}
        item_id = doc_number = validity = validity_on = reviewed = None
        normative = False
        if r < 0.12:  # 行政规范性文件 with a 文号 and validity
            normative = True
            title = pick(NORMATIVE).format(**fill)
            key = (prefix, y)
            doc_serials[key] = doc_serials.get(key, 0) + 1 + int(rand() * 4)
            doc_number = f"{prefix}〔{y}〕{doc_serials[key]}号"
            age = today_ord - w_ord
            validity = "valid"
            if age > 3 * 365 and rand() < 0.35:
                validity = pick(("repealed", "expired", "amended"))
                validity_on = fromordinal(w_ord + 365 + int(rand() * (age - 365)))
            if rand() < 0.9:
                reviewed = fromordinal(max(w_ord, today_ord - 1 - int(rand() * 330)))
            category, genre = pick(CATEGORIES), "通知" if "通知" in title else "意见"
            if policy_items:
                item_id = pick(policy_items)
        elif r < 0.85:
            _, templates, items = pick(domains)
            title = pick(templates).format(**fill)
            if items and rand() < 0.8:
                item_id = pick(items)
            category, genre = pick(CATEGORIES), _genre(title) or pick(GENRES)
        else:
            if place is None:  # the county's own reports and notices name the county, not a township
                fill["p"] = COUNTY_PLACE
            title = pick(GENERIC).format(**fill)
            category, genre = "综合政务", _genre(title) or pick(GENRES)
            if rand() < 0.3:
                key = ("青政办发" if office_id == county[0] else prefix, y)
                doc_serials[key] = doc_serials.get(key, 0) + 1
                doc_number = f"{key[0]}〔{y}〕{doc_serials[key]}号"
        mode = "proactive" if rand() < 0.93 else "on_request"
        lag = int(rand() * 13) if rand() > 0.015 else 35 + int(rand() * 26)  # a few published late
        p_ord = w_ord + lag
        published = fromordinal(p_ord) if p_ord <= today_ord else (None if today_ord - w_ord < 3 else ctx.today)
        serial_key = (org_code, y)
        serial = serials[serial_key] = serials.get(serial_key, 0) + 1
        number = f"{org_code}/{y}-{serial:05d}" if default_pattern else pattern.format(
            org_code=org_code, year=y, month=written.month, serial=serial)
        if as_text:  # SQLite raw insert: dates as the ISO text SQLAlchemy stores (same audit snapshot)
            written, published = written.isoformat(), published.isoformat() if published else None
            validity_on = validity_on.isoformat() if validity_on else None
            reviewed = reviewed.isoformat() if reviewed else None
        rows.append((  # in table column order (COLUMNS)
            start_id + n, _uuid4(rng.getrandbits(128)), office_id, number, title, None, office_name, written,
            published, doc_number, mode, "全社会", category, genre, None, item_id, normative, validity,
            validity_on, reviewed, None, 1, stored_stamp, stored_stamp, False,
        ))
        if len(rows) >= BATCH:
            done = _flush(session, rows, stamp, done, total, ctx)
            rows = []
    if rows:
        done = _flush(session, rows, stamp, done, total, ctx)
    if "{month" not in pattern:  # keep generated numbers clear of the demo's
        for (org_code, year), value in serials.items():
            sequences.ensure_at_least(session, f"index:{org_code}:{year}", value)
    search_index.rebuild(session, ctx.progress)
    ctx.summary["catalogue"] = total


# The order of the row tuples built above (checked against the table before the first insert).
COLUMNS = ("id", "uuid", "office_id", "index_number", "title", "summary", "publisher", "written_on",
           "published_on", "doc_number", "disclosure_mode", "scope", "category", "genre", "keywords",
           "directory_item_id", "is_normative", "validity", "validity_on", "validity_reviewed_on",
           "replaced_by_id", "revision", "created_at", "updated_at", "deleted")
_STAMPS = slice(22, 24)  # created_at, updated_at: stored as text on SQLite, datetimes in the snapshot


def _stamp_processor(session):
    dialect = session.get_bind().dialect
    return CatalogueEntry.__table__.c.created_at.type.dialect_impl(dialect).bind_processor(dialect)


def _flush(session, rows: list[tuple], stamp: dt.datetime, done: int, total: int, ctx) -> int:
    """Insert a batch of row tuples (one positional executemany on SQLite, about a fifth cheaper than named
    parameters; Core elsewhere) and audit them with their canonical snapshots."""
    table = CatalogueEntry.__table__
    if tuple(table.columns.keys()) != COLUMNS or COLUMNS[_STAMPS] != ("created_at", "updated_at"):
        raise RuntimeError("catalogue_entry has changed: update app.catalogue.demo.COLUMNS and the row tuples")
    if session.get_bind().dialect.name == "sqlite":
        sql = f"INSERT INTO {table.name} ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
        session.connection().connection.cursor().executemany(sql, rows)
    else:
        session.execute(insert(table), [dict(zip(COLUMNS, row)) for row in rows])
    snapshot = audit.row_json(table)
    head, tail, stamps = _STAMPS.start, _STAMPS.stop, (stamp, stamp)
    audit.record_json_rows(session, table.name, ((str(row[0]), snapshot(row[:head] + stamps + row[tail:]))
                                                 for row in rows), note="示例数据")
    done += len(rows)
    ctx.progress.update(done, total, "正在生成公开目录示例数据…")
    return done
