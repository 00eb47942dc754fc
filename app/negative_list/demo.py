"""Demo data of the negative list: a county list across the arts. 14–16 categories, reviews and citations."""

from __future__ import annotations

import datetime as dt

from app.storage.base import utcnow

# (name, category, scope, keywords, responsible unit). Bases are the regulation's own articles only.
ITEMS = [
    ("涉密基础测绘成果及地理坐标数据", "state_secret", "依法定密的大比例尺地形图、控制点坐标和涉密地理信息数据",
     "测绘成果、坐标、地形图、红线", "县自然资源局"),
    ("人民防空工程和国防动员涉密信息", "state_secret", "人防工程位置、结构和国防动员潜力调查中定密的内容",
     "人防工程、国防动员", "县人防办"),
    ("防汛抗旱应急预案中定密的指挥部署和物资储备点", "state_secret", "应急预案涉密附件中的指挥部署、物资储备点位置",
     "应急预案、防汛、涉密附件、储备点", "县应急管理局"),
    ("未成年人违法犯罪记录及相关案件信息", "law_prohibited", "涉及未成年人的违法犯罪记录、案件材料中可识别身份的信息",
     "未成年人、犯罪记录", "县公安局"),
    ("统计调查中能够识别单个统计调查对象的原始资料", "law_prohibited", "统计调查表、原始记录等能识别或推断单个调查对象身份的资料",
     "统计调查、原始资料、调查对象", "县统计局"),
    ("群体性事件处置方案和社会稳定风险研判材料", "security_stability", "处置预案、警力部署、舆情研判和稳定风险评估内部材料",
     "群体性事件、稳定风险、舆情、处置方案", "县委政法委"),
    ("水库大坝和集中供水设施安全防护信息", "security_stability", "水库大坝、水厂的安防布局、监控点位和应急切换方案",
     "水库、大坝、供水、安防", "县水利局"),
    ("危险化学品重大危险源安全防护布局", "security_stability", "重大危险源企业的安防设施、储存位置和应急通道详图",
     "危险化学品、重大危险源、储存", "县应急管理局"),
    ("工程招投标中投标人的技术方案和报价构成", "trade_secret", "投标文件中的技术方案、成本测算、报价明细和业绩证明",
     "招标文件、投标文件、报价、技术方案、中标", "县公共资源交易中心"),
    ("企业申报项目材料中的财务数据和经营信息", "trade_secret", "项目申报、资金补助申请中企业的财务报表、客户和经营数据",
     "财务报表、经营数据、申报材料、补助", "县发展和改革局"),
    ("建设项目环评文件中企业的生产工艺和原料配方", "trade_secret", "环境影响评价报告中企业申明保密的工艺流程、原料配方",
     "环境影响评价、环评、工艺、配方", "市生态环境局青山分局"),
    ("征地补偿安置中被征收人的身份证号码、银行账号等个人信息", "personal_privacy",
     "土地征收补偿花名册中的身份证号码、银行账号、家庭住址和联系电话", "土地征收、征地补偿、身份证号码、银行账号、花名册",
     "县自然资源局"),
    ("房屋征收补偿协议中被征收人的个人信息", "personal_privacy", "房屋征收补偿协议中被征收人的家庭成员、身份证号码、补偿账户",
     "房屋征收、拆迁、补偿协议、被征收人", "县住房和城乡建设局"),
    ("最低生活保障和临时救助对象的家庭收入、财产和健康状况", "personal_privacy",
     "低保、临时救助审核材料中的家庭收入、财产、病情和残疾信息", "最低生活保障、低保、临时救助、家庭收入、病情", "县民政局"),
    ("农业补贴发放名册中农户的身份证号码和银行卡号", "personal_privacy", "各类惠农补贴发放名册中的身份证号码、一卡通账号",
     "农业补贴、惠农补贴、发放名册、一卡通", "县农业农村局"),
    ("宅基地审批材料中申请人的家庭成员和身份信息", "personal_privacy", "宅基地申请表、户籍证明中的家庭成员、身份证号码",
     "宅基地、审批、户籍、家庭成员", "县农业农村局"),
    ("信访人和举报人的身份信息及联系方式", "personal_privacy", "信访、举报件中信访人、举报人的姓名、住址、电话",
     "信访人、举报人、住址、电话", "县信访局"),
    ("干部人事档案、考察材料和年度考核结果", "internal_affairs", "干部人事档案、任前考察材料、年度考核登记表和民主测评",
     "人事档案、考察、年度考核、民主测评", "县人力资源和社会保障局"),
    ("机关财务报销凭证和公务用车管理台账", "internal_affairs", "机关内部报销凭证、公务用车派车单和维修记录",
     "报销凭证、公务用车、后勤", "县机关事务服务中心"),
    ("机关内部工作规程、值班安排和内部通讯录", "internal_affairs", "内部工作流程、值班表、内部通讯录",
     "工作规程、值班、通讯录", "县人民政府办公室"),
    ("县政府常务会议讨论记录", "process_info", "常务会议、专题会议的讨论记录和会议录音（已公开的会议纪要除外）",
     "常务会议、专题会议、讨论记录", "县人民政府办公室"),
    ("政策文件起草过程中的征求意见稿和送审稿", "process_info", "规范性文件、规划起草中的讨论稿、征求意见稿、送审稿",
     "征求意见稿、送审稿、过程稿", "县司法局"),
    ("向上级机关的请示报告和磋商函件", "process_info", "向上级机关报送的请示、报告以及机关之间的磋商函件",
     "请示、报告、磋商、函件", "县人民政府办公室"),
    ("征收补偿安置方案报批前的论证材料和内部讨论稿", "process_info", "征收补偿安置方案、一书四方案报批前的论证意见和讨论稿",
     "安置方案、一书四方案、论证、讨论稿", "县住房和城乡建设局"),
    ("审计工作底稿和审计过程中的沟通材料", "process_info", "审计工作底稿、取证单、征求意见稿和沟通记录",
     "审计、工作底稿、取证单", "县审计局"),
    ("行政处罚案卷中的调查询问笔录和证据材料", "enforcement_file", "行政处罚案卷中的询问笔录、现场检查笔录、证据和内部审批表",
     "行政处罚、询问笔录、证据、案卷", "县市场监督管理局"),
    ("违法建设查处案卷材料", "enforcement_file", "违法建筑查处、拆除案件中的调查笔录、勘验记录和内部审批材料",
     "违法建筑、拆除、执法材料、查处", "县综合行政执法局"),
    ("食品安全监督检查案件的执法文书和检查记录", "enforcement_file", "食品安全案件的检查记录、抽检报告和执法文书",
     "食品安全、检查记录、抽检、执法文书", "县市场监督管理局"),
    ("不动产登记资料和企业登记档案", "other", "不动产登记簿、登记原始资料和企业登记档案（依照专门规定查询）",
     "不动产登记、登记资料、工商档案", "县不动产登记中心"),
]
RELEASED = ("2019年脱贫攻坚项目库入库项目的论证材料", "process_info", "项目库入库前的论证和讨论材料",
            "项目库、脱贫攻坚、论证", "县农业农村局")
APPROVERS = ["王建国", "刘志红", "陈海燕"]
CYCLES = [12, 12, 12, 12, 24, 6]


def _past(rng, today: dt.date, lo: int, hi: int) -> dt.date:
    return today - dt.timedelta(days=rng.randint(lo, hi))


def populate(session, ctx) -> None:
    """Create the list (some items due for review, one released), then cite items in demo refusals."""
    from app.negative_list import items as nl
    from app.negative_list.review import record_review
    from app.negative_list.taxonomy import REGULATION

    rng, today = ctx.rng, ctx.today
    created = []
    for n, (name, category, scope, keywords, unit) in enumerate(ITEMS):
        cycle = CYCLES[n % len(CYCLES)]
        decided = _past(rng, today, 400, 1500)
        data = {"name": name, "category": category, "scope": scope, "keywords": keywords,
                "responsible_unit": unit, "decided_on": decided, "approver": rng.choice(APPROVERS),
                "review_cycle_months": cycle}
        if category == "other":
            data.update(basis_law=REGULATION, basis_article="第三十六条第（七）项")
        item = nl.create_item(session, data, office_id=ctx.office.id)
        created.append(item)
        # About one in five is overdue (never reviewed since its cycle ran out); the rest were reviewed.
        if n % 5 != 2:
            reviewed = max(decided + dt.timedelta(days=60), _past(rng, today, 20, cycle * 30 - 20))
            if reviewed < today:
                record_review(session, item.id, "keep", note="经评估，仍属不予公开范围", reviewer="刘志红",
                                 reviewed_on=reviewed)
    # One item narrowed after a review, one released (art. 18: 因情势变化可以公开的应当公开).
    changed = created[11]
    record_review(session, changed.id, "change", note="补偿金额已按村公示，仅保留身份证号码和银行账号",
                     reviewer="王建国", reviewed_on=_past(rng, today, 30, 90),
                     changes={"scope": "土地征收补偿花名册中的身份证号码、银行账号和联系电话"})
    name, category, scope, keywords, unit = RELEASED
    released = nl.create_item(session, {"name": name, "category": category, "scope": scope, "keywords": keywords,
                                        "responsible_unit": unit, "decided_on": _past(rng, today, 1200, 1600),
                                        "approver": "王建国"}, office_id=ctx.office.id)
    record_review(session, released.id, "release", note="项目已实施完毕，论证结论已随项目公示公开",
                     reviewer="王建国", reviewed_on=_past(rng, today, 100, 200))
    cited = _cite_refusals(session, ctx)
    ctx.summary["negative_list"] = len(created) + 1
    ctx.summary["negative_list_citations"] = cited


def _cite_refusals(session, ctx) -> int:
    """Cite the best-matching item in the own office's refusals and partial disclosures (if any exist).

    What nl.suggest_items and nl.cite_items give one application at a time, in bulk: the ranking is asked once
    per distinct (content, outcome) (demo contents repeat; the items do not change meanwhile), and the links
    are inserted with one executemany and audited with record_rows, as cite_items audits each one."""
    import sqlalchemy as sa

    from app.core import audit
    from app.negative_list import items as nl
    from app.negative_list.taxonomy import categories_for_outcome
    from app.storage.models.negative_list import ApplicationNegativeItem, NegativeItem

    rows = session.execute(
        sa.select(nl.APPLICATION.c.id, nl.APPLICATION.c.content, nl.APPLICATION.c.outcome)
        .where(nl.APPLICATION.c.office_id == ctx.office.id,
               sa.or_(nl.APPLICATION.c.outcome.like("denied\\_%", escape="\\"),
                      nl.APPLICATION.c.outcome == "partial"))
        .order_by(nl.APPLICATION.c.id)
    ).all()
    by_category: dict[str, list] = {}
    for item in nl.list_items(session, office_id=ctx.office.id, status="active"):
        by_category.setdefault(item.category, []).append(item.id)
    links = ApplicationNegativeItem.__table__
    already = set(session.execute(sa.select(links.c.application_id).distinct()).scalars())
    suggested: dict[tuple, list[int]] = {}
    items: dict[int, NegativeItem] = {}
    operator = session.info.get("operator") or "系统"  # what cite_items records as cited_by
    new_links: list[dict] = []
    cited = 0
    for app_id, content, outcome in rows:
        if outcome == "denied_admin_query":
            choices = by_category.get("other", [])
            suggestion_ids = choices[:1]
        else:
            key = (content or "", outcome if outcome != "partial" else None)
            if key not in suggested:
                suggested[key] = [s.item_id for s in nl.suggest_items(session, key[0], limit=1,
                                                                      office_id=ctx.office.id, outcome=key[1])]
            suggestion_ids = suggested[key]
            if not suggestion_ids:
                pool = [i for code in sorted(categories_for_outcome(outcome) or {"personal_privacy"})
                        for i in by_category.get(code, [])]
                suggestion_ids = [ctx.rng.choice(pool)] if pool else []
        if not suggestion_ids:
            continue
        if app_id in already:  # earlier citations to replace: the service does it
            nl.cite_items(session, app_id, suggestion_ids)
        else:
            for item_id in dict.fromkeys(suggestion_ids):
                if item_id not in items:
                    items[item_id] = session.get(NegativeItem, item_id)
                nl.check_citable(outcome, [items[item_id]])
                new_links.append({"application_id": app_id, "item_id": item_id, "cited_at": None,
                                  "cited_by": operator})
        cited += 1
    if new_links:
        session.flush()
        next_id = (session.execute(sa.select(sa.func.max(links.c.id))).scalar_one() or 0) + 1
        now = utcnow()
        for n, link in enumerate(new_links):
            link["id"], link["cited_at"] = next_id + n, now
        session.execute(sa.insert(links), new_links)
        if session.get_bind().dialect.name == "postgresql":
            session.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{links.name}', 'id'), "
                                    f"{next_id + len(new_links) - 1})"))
        audit.record_rows(session, links.name, new_links, action="create")
    return cited
