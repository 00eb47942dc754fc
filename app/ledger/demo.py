"""Demo data of the ledger: 工作要点 tasks, activity records, website columns, table 二/四 inputs (bulk)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from sqlalchemy import func, select, text

from app.calendar import load_calendar
from app.core import audit
from app.ledger.activities import interpretation_due
from app.ledger.cadence import next_due
from app.storage import bulk
from app.storage.base import utcnow
from app.storage.models.ledger import (
    LedgerActivity,
    LedgerCase,
    LedgerColumn,
    LedgerFigure,
    LedgerTask,
)

BATCH = 5000
POINTS = [  # the year's 政务公开工作要点 (requirement, responsible unit, month due)
    ("编制并发布{prev}年度政府信息公开工作年度报告", "县政府办公室", 1),
    ("更新政府信息公开指南和政府信息公开目录", "县政府办公室", 3),
    ("做好{year}年财政预算信息公开，部门预算随本级预算批复后20日内公开", "县财政局", 4),
    ("推进重大建设项目批准和实施信息公开", "县发展和改革局", 6),
    ("开展基层政务公开标准目录动态更新", "县政府办公室", 6),
    ("落实政策文件与解读材料同步组织、同步审签、同步部署", "各部门", 5),
    ("组织开展“政府开放日”活动", "县政府办公室", 9),
    ("组织全县政务公开业务培训", "县政府办公室", 5),
    ("开展依申请公开答复文书质量评查", "县司法局", 10),
    ("开展政府网站和政务新媒体季度检查", "县政府办公室", 3),
    ("做好行政规范性文件集中公开和有效性标注", "县司法局", 11),
    ("推进人大代表建议和政协提案办理结果公开", "县政府办公室", 12),
    ("做好涉企政策集中公开和精准推送", "县经济和信息化局", 8),
    ("开展政务公开工作年度考核", "县政府办公室", 12),
    ("做好{prev}年度财政决算信息公开", "县财政局", 8),
    ("公开{year}年度民生实事项目进展情况", "县发展和改革局", 12),
]
NOTICES = [
    ("临江市政务公开办关于做好{prev}年度政府信息公开工作年度报告编制发布工作的通知", "按要求编制年报并报送审核", 1),
    ("临江市政务公开办关于开展政府网站信息内容检查的通知", "完成自查并报送整改情况", 4),
    ("临江市人民政府办公室关于开展政务公开第三方评估问题整改的通知", "对照评估问题清单逐项整改", 7),
]
SERIES = [  # recurring tasks (requirement, cadence, unit)
    ("更新财政资金直达基层信息", "monthly", "县财政局"),
    ("报送政务公开工作进展情况", "quarterly", "县政府办公室"),
    ("更新政策文件库并标注有效性", "dekad", "县政府办公室"),
    ("检查政府网站各栏目更新情况", "weekly", "县政府办公室"),
]
COLUMNS = [("通知公告", "weekly"), ("政策文件", "monthly"), ("政策解读", "monthly"), ("财政信息", "monthly"),
           ("人事信息", "quarterly"), ("规划计划", "yearly"), ("重大建设项目", "quarterly"),
           ("公共资源配置", "monthly"), ("政务动态", "daily"), ("回应关切", "monthly"),
           ("建议提案办理", "yearly"), ("政府信息公开年报", "yearly"), ("统计信息", "monthly"),
           ("应急管理", "immediate")]
TOPICS = ["财政预决算", "重大建设项目", "公共资源配置", "社会救助", "乡村振兴", "生态环境", "安全生产", "教育",
          "医疗卫生", "就业创业", "住房保障", "行政执法公示", "市场监管", "交通运输"]
DOCUMENTS = ["关于促进民营经济高质量发展的若干措施", "城乡居民基本医疗保险实施办法", "农村宅基地管理办法（试行）",
             "优化营商环境三年行动方案", "被征地农民参加基本养老保险实施办法", "生活垃圾分类管理办法",
             "关于进一步加强安全生产工作的实施意见", "公共租赁住房管理办法", "义务教育阶段招生入学工作实施方案",
             "农业产业化龙头企业扶持办法", "老旧小区改造工作实施方案", "就业创业补贴实施细则"]
OTHER_TITLES = {
    "press_conference": ["{topic}工作新闻发布会", "{year}年{topic}政策新闻发布会"],
    "online_interview": ["“在线访谈”：县{unit}负责人解读{topic}政策"],
    "response": ["回应群众关于{topic}问题的关切", "就网民反映的{topic}问题作出回应"],
    "training": ["{year}年政务公开业务培训班", "依申请公开办理实务培训", "政府网站内容保障专题培训"],
    "public_review": ["{year}年政务公开工作社会评议", "政务公开满意度问卷调查"],
    "open_meeting": ["县政府常务会议邀请公众代表列席（{topic}议题）"],
    "leader_briefing": ["县政府常务会议听取政务公开工作汇报", "分管负责人专题研究政务公开工作"],
}
KIND_WEIGHTS = [("publication", 66), ("interpretation", 8), ("response", 7), ("training", 4),
                ("press_conference", 4), ("online_interview", 3), ("leader_briefing", 3), ("open_meeting", 2),
                ("public_review", 3)]
CHANNEL_WEIGHTS = [("website", 60), ("wechat", 20), ("weibo", 8), ("gazette", 5), ("other", 7)]
UNITS = ["财政局", "教育局", "卫生健康局", "人力资源和社会保障局", "自然资源和规划局", "住房和城乡建设局"]


def _uuid(rng) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _weighted(rng, pairs):
    return rng.choices([k for k, _ in pairs], cum_weights=_cumulative(pairs))[0]


_CUMULATIVE: dict[int, list[int]] = {}


def _cumulative(pairs) -> list[int]:
    key = id(pairs)
    if key not in _CUMULATIVE:
        total, out = 0, []
        for _, w in pairs:
            total += w
            out.append(total)
        _CUMULATIVE[key] = out
    return _CUMULATIVE[key]


def _day(rng, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


def _insert(session, model, rows: list[dict], progress=None, done: int = 0, total: int = 0) -> int:
    """Bulk insert (one driver-level executemany on SQLite, app.storage.bulk) with pre-assigned ids, audited
    with record_rows, in batches.

    Ids are taken after the current maximum: the demo runs in one write unit of work (BEGIN IMMEDIATE
    on SQLite), so nobody else inserts meanwhile. PostgreSQL's sequence is moved past them afterwards.
    """
    table = model.__table__
    next_id = (session.scalar(select(func.max(table.c.id))) or 0) + 1
    for start in range(0, len(rows), BATCH):
        chunk = rows[start:start + BATCH]
        for row in chunk:
            row["id"], next_id = next_id, next_id + 1
        bulk.insert_dicts(session, table, chunk)  # every column is given (record_rows needs them all too)
        audit.record_rows(session, table.name, chunk, note="示例数据")
        done += len(chunk)
        if progress is not None:
            progress.update(done, total, "正在生成工作台账示例数据…")
    if rows and session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), {next_id - 1})"))
    return done


def _base(office_id: int, now: dt.datetime) -> dict:
    return {"office_id": office_id, "deleted": False, "created_at": now, "updated_at": now}


def _task_rows(ctx, calendar, offices, limit: int, now) -> list[dict]:
    rng, today = ctx.rng, ctx.today
    first_year = 2024
    rows: list[dict] = []

    def add(office_id, year, source, requirement, unit, due, cadence="once", series=None):
        status, done_on, note = "not_started", None, None
        if series and due < today:  # a series only moves on once its occurrence is done
            status, done_on = "done", min(today, due - dt.timedelta(days=rng.randrange(0, 3)))
        elif due < today - dt.timedelta(days=3) or (due <= today and rng.random() < 0.5):
            roll = rng.random()
            if roll < 0.86:
                status, done_on = "done", min(today, due - dt.timedelta(days=rng.randrange(0, 10)))
            elif roll < 0.95 or (today - due).days > 60:  # long past: finished late, never left open for years
                status, done_on = "done", min(today, due + dt.timedelta(days=rng.randrange(1, 12)))
            else:
                status = "in_progress"
        elif due <= today + dt.timedelta(days=30) and rng.random() < 0.4:
            status = "in_progress"
        if status == "done":
            note = rng.choice(["已按要求完成。", "已在政府网站发布，见佐证材料。", "已完成并报送市政务公开办。"])
        uid = _uuid(rng)
        rows.append({**_base(office_id, now), "uuid": uid, "year": year, "source_document": source,
                     "requirement": requirement, "responsible_unit": unit,
                     "responsible_person": rng.choice(["李明", "陈静", "张伟", "王芳", "赵磊"]),
                     "cadence": cadence, "due_on": due,
                     "due_day": due.day if cadence in ("monthly", "quarterly", "yearly") else None,
                     "series_uuid": series, "status": status,
                     "completed_on": done_on, "completion_note": note})
        return rows[-1]

    for office in offices:
        for year in range(first_year, today.year + 1):
            source = f"{'青山县' if office is ctx.office else office.name}{year}年政务公开工作要点"
            for point, unit, month in POINTS:
                due = dt.date(year, month, 28 if month == 2 else 30)
                add(office.id, year, source, point.format(year=year, prev=year - 1), unit, due)
            for title, requirement, month in NOTICES:
                add(office.id, year, title.format(prev=year - 1), requirement, "县政府办公室",
                    dt.date(year, month, 15))
            if len(rows) >= limit:
                return rows[:limit]
        for requirement, cadence, unit in SERIES:
            due = {"monthly": dt.date(first_year, 1, 31), "quarterly": dt.date(first_year, 3, 31),
                   "dekad": dt.date(first_year, 1, 10), "weekly": dt.date(first_year, 1, 5)}[cadence]
            series = _uuid(rng)
            while due <= today + dt.timedelta(days=40) and len(rows) < limit:
                row = add(office.id, due.year, f"{due.year}年政务公开工作要点", requirement, unit, due, cadence,
                          series)
                if row["status"] != "done":
                    break
                due = next_due(cadence, due, row["completed_on"], calendar, row["due_day"])
        if len(rows) >= limit:
            break
    return rows[:limit]


def _activity_row(ctx, calendar, office, now) -> dict:
    rng, today = ctx.rng, ctx.today
    kind = _weighted(rng, KIND_WEIGHTS)
    day = _day(rng, dt.date(2024, 1, 1), today)
    topic = rng.choice(TOPICS)
    row = {**_base(office.id, now), "uuid": _uuid(rng), "kind": kind, "occurred_on": day, "channel": None,
           "quantity": 1, "participants": None, "document_uuid": None, "document_title": None,
           "document_published_on": None, "due_on": None, "due_provisional": False, "notes": None}
    if kind == "publication":
        channel = _weighted(rng, CHANNEL_WEIGHTS)
        label = {"website": "政府网站", "wechat": "政务微信", "weibo": "政务微博", "gazette": "政府公报",
                 "other": "政务新媒体"}[channel]
        row.update(channel=channel, quantity=rng.randint(1, 40), title=f"{day.month}月{label}发布{topic}信息")
    elif kind == "interpretation":
        doc = f"青山县{rng.choice(DOCUMENTS)}（青政发〔{day.year}〕{rng.randint(1, 60)}号）"
        due, provisional = interpretation_due(day, calendar)
        lag = rng.choices([0, 1, 2, 3, 4, 6], weights=[30, 25, 20, 12, 8, 5])[0]
        published = calendar.add_working_days(day, lag) if lag else day
        if published > today or (due >= today and rng.random() < 0.5):
            published = None  # not yet published
        row.update(occurred_on=published, document_title=doc, document_published_on=day, due_on=due,
                   due_provisional=provisional, title=f"《{doc}》政策解读",
                   channel=rng.choice(["website", "website", "wechat"]))
    else:
        row["title"] = rng.choice(OTHER_TITLES[kind]).format(topic=topic, year=day.year, unit=rng.choice(UNITS))
        if kind == "training":
            row["participants"] = rng.randint(20, 160)
    return row


def _case_rows(ctx, offices, n: int, now) -> list[dict]:
    rng, today = ctx.rng, ctx.today
    rows = []
    for _ in range(n):
        office = offices[0] if rng.random() < 0.7 else rng.choice(offices)
        filed = _day(rng, dt.date(2024, 1, 1), today)
        kind = "review" if rng.random() < 0.65 else "litigation"
        route = None if kind == "review" else rng.choice(["direct", "after_review"])
        concluded = filed + dt.timedelta(days=rng.randint(30, 240 if kind == "litigation" else 90))
        result = rng.choices(["upheld", "corrected", "other"], weights=[65, 15, 20])[0]
        if concluded > today:
            concluded, result = None, None
        prefix = "临复" if kind == "review" else f"（{filed.year}）浙0127行初"
        rows.append({**_base(office.id, now), "uuid": _uuid(rng), "kind": kind, "route": route,
                     "case_number": f"{prefix}{f'〔{filed.year}〕' if kind == 'review' else ''}{rng.randint(1, 300)}号",
                     "party": rng.choice("王李张刘陈杨黄赵吴周") + "某", "application_serial": None,
                     "subject": "不服政府信息公开申请答复", "filed_on": filed, "concluded_on": concluded,
                     "result": result, "notes": None})
    return rows


def _figure_rows(ctx, offices, now) -> list[dict]:
    rng = ctx.rng
    rows = []
    for office in offices:
        scale = 1.0 if office is ctx.office else 0.08
        in_force_reg, in_force_doc = (6 if office is ctx.office else 0), int(48 * scale) + 2
        for year in range(2024, ctx.today.year):
            issued_doc, repealed_doc = rng.randint(4, 15) if scale == 1 else rng.randint(0, 3), rng.randint(0, 5)
            in_force_doc = max(0, in_force_doc + issued_doc - repealed_doc)
            values = {"regulations.issued": 0, "regulations.repealed": 0, "regulations.in_force": in_force_reg,
                      "normative_documents.issued": issued_doc, "normative_documents.repealed": repealed_doc,
                      "normative_documents.in_force": in_force_doc,
                      "licensing": int(rng.randint(1200, 2600) * scale), "penalty": int(rng.randint(60, 240) * scale),
                      "coercion": int(rng.randint(0, 12) * scale),
                      "fees_wan_yuan": Decimal(rng.randint(0, 150000) * scale / 100).quantize(Decimal("0.01"))}
            for key, value in values.items():
                rows.append({"office_id": office.id, "deleted": False, "updated_at": now, "uuid": _uuid(rng),
                             "year": year, "key": key, "value": Decimal(value), "note": None})
    return rows


def _column_rows(ctx, now) -> list[dict]:
    rng, today = ctx.rng, ctx.today
    rows = []
    for name, cadence in COLUMNS:
        span = {"daily": 3, "weekly": 12, "monthly": 40, "quarterly": 100, "yearly": 380, "immediate": 60}[cadence]
        rows.append({**_base(ctx.office.id, now), "uuid": _uuid(rng), "name": name,
                     "url": f"http://www.qingshan.gov.cn/col/{name}", "cadence": cadence,
                     "last_updated_on": today - dt.timedelta(days=rng.randrange(span)),
                     "responsible_unit": "县政府办公室", "notes": None})
    return rows


def populate(session, ctx) -> None:
    """About ctx.sizes["ledger"] records from 2024 to today, mostly activity records."""
    total = int(ctx.sizes.get("ledger", 600))
    now = utcnow()
    calendar = load_calendar(session)
    offices = [ctx.office, *ctx.townships]
    columns = _column_rows(ctx, now)
    figures = _figure_rows(ctx, offices[:3], now)
    tasks = _task_rows(ctx, calendar, offices, max(20, total * 8 // 100), now)
    cases = _case_rows(ctx, offices, max(6, total // 100), now)
    n_activities = max(0, total - len(columns) - len(figures) - len(tasks) - len(cases))
    activities = []
    for _ in range(n_activities):
        office = ctx.office if ctx.rng.random() < 0.7 else ctx.rng.choice(ctx.townships or [ctx.office])
        activities.append(_activity_row(ctx, calendar, office, now))
    grand = len(columns) + len(figures) + len(tasks) + len(cases) + len(activities)
    done = 0
    for model, rows in ((LedgerColumn, columns), (LedgerFigure, figures), (LedgerTask, tasks), (LedgerCase, cases),
                        (LedgerActivity, activities)):
        done = _insert(session, model, rows, ctx.progress, done, grand)
    ctx.summary["ledger"] = grand
