"""Demo data of the register: applications in every workflow step and with every outcome, bulk-loaded."""

from __future__ import annotations

import datetime as dt
import uuid

from app.domain.identifiers import ORG_CODE_CHARS, id_number_check_char, org_code_check_char
from app.register.codes import OUTCOMES

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红春梅海燕玉兰文辉鹏飞晓东"
TOPICS = [
    "{place}房屋征收拆迁补偿安置方案及补偿标准",
    "{place}2024年度最低生活保障对象名单及审核材料",
    "{place}河道整治工程招标文件及中标公告",
    "{place}农村宅基地审批材料",
    "{place}土地征收批复文件及“一书四方案”",
    "{place}老旧小区改造项目资金使用情况",
    "{place}集体经济组织财务收支明细",
    "{place}道路拓宽工程建设项目批准文件",
    "{place}学校食堂食品安全检查记录",
    "{place}工业园区环境影响评价报告",
    "{place}违法建筑拆除决定书及相关执法材料",
    "{place}村级工程项目审计报告",
    "{place}困难群众临时救助发放情况",
    "{place}防汛抗旱应急预案",
    "{place}农业补贴发放名册",
    "本人房屋所在地块的征收决定及补偿协议",
    "本人承包地流转合同备案材料",
]
ORG_SUFFIX = {
    "commercial": ["商贸有限公司", "建设工程有限公司", "农业开发有限公司", "科技有限公司"],
    "research": ["大学公共管理学院", "社会科学研究所"],
    "public_welfare": ["慈善基金会", "志愿者协会", "环保公益服务中心"],
    "legal_service": ["律师事务所", "法律服务所"],
    "other_org": ["村股份经济合作社", "业主委员会", "农民专业合作社"],
}
KIND_WEIGHTS = [("natural_person", 70), ("commercial", 8), ("research", 4), ("public_welfare", 4),
                ("legal_service", 8), ("other_org", 6)]
CHANNEL_WEIGHTS = [("online", 40), ("in_person", 25), ("post", 18), ("email", 8), ("letter", 5), ("fax", 3),
                   ("other", 1)]
LEGAL_BASIS = {
    "denied_state_secret": "《中华人民共和国政府信息公开条例》第十四条",
    "denied_law_prohibited": "《中华人民共和国政府信息公开条例》第十四条",
    "denied_security_stability": "《中华人民共和国政府信息公开条例》第十四条",
    "denied_third_party": "《中华人民共和国政府信息公开条例》第十五条",
    "denied_internal_affairs": "《中华人民共和国政府信息公开条例》第十六条第一款",
    "denied_process_info": "《中华人民共和国政府信息公开条例》第十六条第二款",
    "denied_enforcement_file": "《中华人民共和国政府信息公开条例》第十六条第二款",
    "denied_admin_query": "《中华人民共和国政府信息公开条例》第三十六条第（七）项",
    "partial": "《中华人民共和国政府信息公开条例》第三十七条、第十五条",
}
HEAD = "王建国"  # head of the disclosure office: approvals are signed by him on paper
OPEN_SHARE = 0.12  # share of applications still open
CORRECTION_PERIOD = 10  # working days the demo's 补正 notices give
ABANDONED_MIN_AGE = 70  # days: a demo case closed as abandoned was received at least this long ago
WORKFLOW_DEMO_MAX = 120  # open applications taken through the workflow services one by one


def _weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.uniform(0, total)
    for value, weight in pairs:
        x -= weight
        if x <= 0:
            return value
    return pairs[-1][0]


def _person(rng) -> tuple[str, str]:
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    birth = dt.date(1945, 1, 1) + dt.timedelta(days=rng.randrange(0, 60 * 365))
    first17 = f"3301{rng.choice(('02', '06', '27', '85'))}{birth:%Y%m%d}{rng.randrange(0, 1000):03d}"
    return name, first17 + id_number_check_char(first17)


def _org_code(rng) -> str:
    first17 = "91330127" + "".join(rng.choice(ORG_CODE_CHARS) for _ in range(9))
    return first17 + org_code_check_char(first17)


def _applicant(rng, kind: str, places: list[str]) -> dict:
    if kind == "natural_person":
        name, number = _person(rng)
        return {"kind": kind, "name": name, "id_number": number, "phone": f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
                "address": f"青山县{rng.choice(places)}{rng.choice(('人民路', '解放路', '新华街', '建设路'))}{rng.randrange(1, 300)}号"}
    contact, _ = _person(rng)
    prefix = rng.choice(places).rstrip("镇乡街道") or "青山"
    return {"kind": kind, "name": prefix + rng.choice(ORG_SUFFIX[kind]), "id_number": _org_code(rng),
            "contact_person": contact, "phone": f"0571-{rng.randrange(10**7, 10**8)}"}


def _record(rng, i: int, received: dt.date, today: dt.date, outcome: str | None, places: list[str]) -> dict:
    kind = _weighted(rng, KIND_WEIGHTS)
    place = rng.choice(places)
    rec = {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "serial": None,
        "received_on": received,
        "channel": _weighted(rng, CHANNEL_WEIGHTS),
        "applicant": _applicant(rng, kind, places),
        "content": "申请公开" + rng.choice(TOPICS).format(place=place),
        "correction": None, "consultations": [], "extension": None, "fee": None,
        "outcome": outcome, "replied_on": None,
    }
    if rec["channel"] in ("online", "email", "fax", "letter"):
        rec["receipt_note"] = "当日与申请人电话确认"
    elif rec["channel"] == "other":
        rec["receipt_note"] = "由县长信箱转来，登记实际收到日期"
    day = received

    def later(lo: int, hi: int) -> dt.date:
        nonlocal day
        day = min(today, day + dt.timedelta(days=rng.randint(lo, hi)))
        return day

    if outcome is None:
        # Open: some are waiting for the applicant or a consulted party.
        r = rng.random()
        if r < 0.15:
            notified = later(1, 5)
            rec["correction"] = {"notified_on": notified, "received_on": None, "period_days": CORRECTION_PERIOD,
                                 "delivered_on": notified}
        elif r < 0.28:
            rec["consultations"] = [{"party": rng.choice(("third_party", "agency")), "sent_on": later(1, 6),
                                     "ended_on": None}]
        elif r < 0.36:
            rec["fee"] = {"notified_on": later(1, 6), "amount_yuan": rng.choice((100, 300, 700, 1700)),
                          "method": rng.choice(("per_request", "per_page")), "paid_on": None}
        elif r < 0.46:
            rec["extension"] = {"approved_on": later(10, 20), "working_days": rng.choice((10, 15, 20)),
                                "approver": HEAD}
        return rec
    if outcome in ("closed_no_correction", "unavailable_unclear") or rng.random() < 0.05:
        notified = later(1, 6)
        received_corr = None if outcome == "closed_no_correction" else later(2, 12)
        rec["correction"] = {"notified_on": notified, "received_on": received_corr, "period_days": CORRECTION_PERIOD,
                             "delivered_on": notified}
    if outcome in ("denied_third_party", "partial") or rng.random() < 0.05:
        sent = later(1, 8)
        rec["consultations"] = [{"party": "third_party" if outcome != "partial" or rng.random() < 0.7 else "agency",
                                 "sent_on": sent, "ended_on": later(3, 20)}]
    if outcome == "closed_fee_unpaid" or (outcome == "rejected_excessive" and rng.random() < 0.3):
        notified = later(1, 6)
        rec["fee"] = {"notified_on": notified, "amount_yuan": rng.choice((100, 300, 1000, 1700)),
                      "method": rng.choice(("per_request", "per_page")),
                      "paid_on": None if outcome == "closed_fee_unpaid" else later(1, 10), "delivered_on": notified}
    if rng.random() < 0.08:
        rec["extension"] = {"approved_on": later(15, 25), "working_days": rng.choice((10, 15, 20)), "approver": HEAD}
    # Closing as abandoned waits until the period given has ended (docs/spec/working-days.md section 4.5): 10 or
    # 20 working days from the day after delivery, at most 23 or 37 calendar days with the longest holiday.
    if outcome == "closed_no_correction":
        rec["replied_on"] = later(30, 40)
    elif outcome == "closed_fee_unpaid":
        rec["replied_on"] = later(45, 55)
    else:
        rec["replied_on"] = later(2, 20)
    if outcome in LEGAL_BASIS:
        rec["legal_basis"] = LEGAL_BASIS[outcome]
    if outcome == "partial":
        rec["withheld"] = "涉及第三方个人隐私的身份证号码、银行账号等内容"
    return rec


def build_records(rng, today: dt.date, count: int, own_code: str, townships: list) -> list[dict]:
    """Section-2 records for `count` applications: deterministic per rng, dates up to `today`."""
    places = ["青山镇", "白沙镇", "柳溪乡", "石门镇", "枫林街道", "桃源乡", "双河镇", "云岭乡"]
    outcomes = list(OUTCOMES)
    n_open = max(12, int(count * OPEN_SHARE)) if count >= 30 else max(1, count // 3)
    received_days = []
    for i in range(count):
        is_open = i < n_open
        back = rng.randint(0, 35) if is_open else rng.randint(40, 730)
        received_days.append((today - dt.timedelta(days=back), is_open))
    # The closings as abandoned need time for their periods to run before today.
    early = today - dt.timedelta(days=ABANDONED_MIN_AGE)
    records = []
    closed_index = 0
    for i, (received, is_open) in enumerate(received_days):
        if is_open:
            outcome = None
        elif closed_index < len(outcomes):
            outcome = outcomes[closed_index]  # every outcome code at least once
            closed_index += 1
        else:
            outcome = _weighted(rng, [(o, 12 if o in ("granted", "already_public") else 3) for o in outcomes])
        if outcome in ("closed_no_correction", "closed_fee_unpaid"):
            received = min(received, early)
        records.append(_record(rng, i, received, today, outcome, places))
    # About one in six belongs to a township (a county database holds its townships' registers).
    for rec in records:
        if townships and rng.random() < 0.15:
            rec["office"] = rng.choice(townships).org_code
    # Serials in order of receipt, per office and year, without gaps.
    counters: dict[tuple, int] = {}
    codes = {t.org_code: f"XZ{n:02d}" for n, t in enumerate(townships, start=1)}
    for rec in sorted(records, key=lambda r: (r["received_on"], r["id"])):
        office = rec.get("office")
        key = (office, rec["received_on"].year)
        counters[key] = counters.get(key, 0) + 1
        prefix = codes[office] if office else "GK"
        rec["serial"] = f"{prefix}-{rec['received_on'].year}-{counters[key]:05d}"
    return [_as_json(r) for r in records]


def _as_json(value):
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def populate(session, ctx) -> None:
    """Bulk-load ctx.sizes["requests"] applications, then take some open ones through the workflow."""
    from app.register.interchange import import_records

    count = int(ctx.sizes.get("requests", 400))
    if count <= 0:
        return
    records = build_records(ctx.rng, ctx.today, count, ctx.office.org_code, list(ctx.townships))
    result = import_records(session, records, progress=ctx.progress, today=ctx.today)
    _closed_timelines(session, ctx)
    _walk_workflow(session, ctx)
    ctx.summary["requests"] = result.created


CLERKS = ("李娜", "陈静")  # who registered and drafted the closed cases


def _closed_timelines(session, ctx) -> None:
    """A closed case of the demo shows its whole 办理过程, as if handled in the program: registered, drafted,
    approved on paper by the head, each clock event (补正, consultation, extension, fee) on its date, closed on
    the reply date, archived. Written in bulk (the county demo holds thousands of closed cases), audited."""
    from typing import cast

    from sqlalchemy import Table, select

    from app.core import audit
    from app.storage import bulk
    from app.storage.models.register import (
        Application,
        ApplicationEvent,
        Consultation,
        Correction,
        Extension,
        FeeNotice,
    )

    closed = session.execute(
        select(Application.id, Application.received_on, Application.replied_on, Application.outcome)
        .where(Application.outcome.is_not(None), Application.office_id == ctx.office.id)
        .order_by(Application.id)).all()
    if not closed:
        return
    ids = [row.id for row in closed]

    def by_app(model, *columns):
        rows: dict[int, list] = {}
        for start in range(0, len(ids), 900):
            chunk = ids[start:start + 900]
            for r in session.execute(select(model.application_id, *columns).where(model.application_id.in_(chunk))):
                rows.setdefault(r[0], []).append(r[1:])
        return rows

    corrections = by_app(Correction, Correction.notified_on, Correction.received_on)
    consultations = by_app(Consultation, Consultation.sent_on, Consultation.ended_on, Consultation.party_name)
    extensions = by_app(Extension, Extension.approved_on, Extension.working_days)
    fees = by_app(FeeNotice, FeeNotice.notified_on, FeeNotice.paid_on)
    events: list[dict] = []

    def add(app_id, day, hour, step, action, to_step=None, actor=None, opinion=None, approver=None, approved=None):
        events.append({"application_id": app_id, "step": step, "action": action, "to_step": to_step,
                       "actor": actor or CLERKS[app_id % 2], "at": dt.datetime.combine(day, dt.time(hour, 0)),
                       "opinion": opinion, "reason": None, "approver_name": approver, "approved_on": approved,
                       "attachment_id": None})

    for app_id, received, replied, outcome in closed:
        replied = replied or received
        add(app_id, received, 1, "accept", "advance", "register", opinion="已登记，材料齐全")
        for notified, got in corrections.get(app_id, []):
            add(app_id, notified, 2, "register", "correction_notice")
            if got:
                add(app_id, got, 2, "register", "correction_received")
        draft_day = min(replied, received + dt.timedelta(days=1))
        add(app_id, draft_day, 3, "register", "advance", "draft", opinion="拟办：" + OUTCOMES[outcome])
        for sent, ended, party in consultations.get(app_id, []):
            add(app_id, sent, 4, "draft", "consultation_start", opinion=party)
            if ended:
                add(app_id, ended, 4, "draft", "consultation_end")
        for approved_on, days in extensions.get(app_id, []):
            add(app_id, approved_on, 5, "draft", "extension", opinion=f"延长答复期限{days}个工作日",
                approver=HEAD, approved=approved_on)
        for notified, paid in fees.get(app_id, []):
            add(app_id, notified, 5, "draft", "fee_notice")
            if paid:
                add(app_id, paid, 5, "draft", "fee_paid")
        add(app_id, replied, 6, "draft", "advance", "review", opinion="拟办意见及答复书代拟稿，请审核")
        add(app_id, replied, 7, "review", "approve", actor=CLERKS[app_id % 2], opinion="同意", approver=HEAD,
            approved=replied)
        add(app_id, replied, 8, "review", "advance", "reply", opinion="同意")
        add(app_id, replied, 9, "reply", "close", opinion=OUTCOMES[outcome])
        archived = min(ctx.today, replied + dt.timedelta(days=3))
        add(app_id, archived, 10, "reply", "advance", "archive", opinion="已归档")
    table = cast(Table, ApplicationEvent.__table__)  # a declarative class's table
    for row, new_id in zip(events, bulk.allocate_ids(session, table, len(events)), strict=True):
        row["id"] = new_id
    columns = [c.name for c in table.columns]
    bulk.insert_dicts(session, table, events, columns)
    audit.record_rows(session, table.name, events)


def _walk_workflow(session, ctx) -> None:
    """Spread open applications of the own office over the steps, with opinions, send-backs and approvals."""
    from sqlalchemy import select

    from app.register import applications, workflow
    from app.register.common import ScanFile
    from app.storage.models.register import Application

    rng = ctx.rng
    open_ids = list(session.execute(
        select(Application.id).where(Application.outcome.is_(None), Application.office_id == ctx.office.id)
        .order_by(Application.id).limit(WORKFLOW_DEMO_MAX)
    ).scalars())
    targets = ["register", "draft", "consult", "review", "reply", "reply_closed", "archive"]
    opinions = {"register": "已登记，材料齐全", "draft": "拟予以公开，请审核", "consult": "经与相关科室会商，同意拟办意见",
                "review": "同意", "reply": "已答复"}
    for n, app_id in enumerate(open_ids):
        target = targets[n % len(targets)]
        app = session.get(Application, app_id)
        steps = {"register": 0, "draft": 1, "consult": 2, "review": 3, "reply": 4, "reply_closed": 4,
                 "archive": 4}[target]
        sent_back = False
        i = 0
        while i < steps:
            current = app.status
            if current == "review":
                if not sent_back and rng.random() < 0.3:
                    workflow.send_back(session, app_id, "答复依据引用不完整，请补充后重新报审", to_step="draft",
                                       today=ctx.today)
                    sent_back = True
                    i = 1
                    continue
                approved = max(app.received_on, ctx.today - dt.timedelta(days=1))
                scan = ScanFile("审批单.pdf", b"%PDF-1.4 demo approval " + str(app_id).encode())
                workflow.record_approval(session, app_id, HEAD, approved, scan=scan, opinion="同意", today=ctx.today)
            workflow.advance(session, app_id, opinion=opinions.get(current), today=ctx.today)
            i += 1
        if target in ("reply_closed", "archive"):
            outcome = rng.choice(["granted", "already_public", "unavailable_not_held"])
            workflow.close(session, app_id, outcome, replied_on=ctx.today, today=ctx.today)
            if target == "archive":
                workflow.advance(session, app_id, opinion="已归档", today=ctx.today)
    # Applications that arrived today are still at 受理.
    for _ in range(3):
        name, number = _person(rng)
        applications.register_application(session, applications.NewApplication(
            received_on=ctx.today, channel="in_person", applicant_kind="natural_person", applicant_name=name,
            applicant_id_number=number, content="申请公开" + rng.choice(TOPICS).format(place="青山镇"),
            requested_form="纸质", uuid=str(uuid.UUID(int=rng.getrandbits(128), version=4))), today=ctx.today)
