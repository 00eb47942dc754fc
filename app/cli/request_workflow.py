"""`gongkai request add|step|lint`: register one application, record a workflow step, list rule breaches.

The same services as the window's registration form and detail dialogs (docs/spec/command-line.md,
"Register and letters"); nothing here decides a rule.
"""

from __future__ import annotations

import argparse

from app.errors import ValidationError


def _json_flag(parser) -> None:
    parser.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="以 JSON 输出")


def register(sub) -> None:
    """Add `add`, `step` and `lint` to the `request` group's sub-parsers."""
    from app.domain.identifiers import ID_TYPES
    from app.register.codes import APPLICANT_KINDS, CHANNELS, OUTCOMES, STEP_LABELS

    p = sub.add_parser("add", help="登记一件政府信息公开申请（与窗口的“登记新申请”相同）")
    p.add_argument("--received", required=True, metavar="日期", help="收到申请之日（按条例第三十一条，依申请渠道确定）")
    p.add_argument("--channel", required=True, choices=tuple(CHANNELS), metavar="渠道",
                   help="申请渠道：" + "、".join(f"{k}={v}" for k, v in CHANNELS.items()))
    p.add_argument("--receipt-note", metavar="说明",
                   help="收到日期说明（平常信函、互联网、传真、电子邮件、其他渠道必填：如何、何时确认）")
    p.add_argument("--kind", required=True, choices=tuple(APPLICANT_KINDS), metavar="类型",
                   help="申请人类型：" + "、".join(f"{k}={v}" for k, v in APPLICANT_KINDS.items()))
    p.add_argument("--name", required=True, metavar="姓名或名称", help="申请人姓名或名称")
    p.add_argument("--id-number", metavar="号码",
                   help="证件号码（未给 --id-type 时：自然人为居民身份证号码，组织为统一社会信用代码或组织机构代码）")
    p.add_argument("--id-type", choices=tuple(ID_TYPES), metavar="证件类型",
                   help="证件类型代码（按该类型核对号码，有校验位的核对校验位）：" +
                        "、".join(f"{k}={v}" for k, v in ID_TYPES.items()))
    p.add_argument("--contact", metavar="联系人", help="联系人（法人或其他组织）")
    p.add_argument("--phone", metavar="电话", help="联系电话")
    p.add_argument("--address", metavar="地址", help="通讯地址")
    p.add_argument("--email", metavar="邮箱", help="电子邮箱")
    p.add_argument("--content", required=True, metavar="内容", help="申请内容（所需政府信息的名称、文号或特征性描述）")
    p.add_argument("--form", metavar="形式", help="提供形式（如：纸质、电子邮件）")
    p.add_argument("--notes", metavar="备注", help="备注")
    p.add_argument("--file", action="append", default=[], metavar="文件", help="申请材料扫描件（可重复）")
    _json_flag(p)
    p.set_defaults(handler=add_handler)

    p = sub.add_parser("step", help="记录办理步骤（转入下一步、退回、审批、补正、征求意见、延期、收费、答复、归档）")
    p.add_argument("serial", metavar="申请编号")
    actions = p.add_subparsers(dest="action", metavar="操作", required=True)
    steps = "、".join(f"{k}={v}" for k, v in STEP_LABELS.items())

    def action(name: str, text: str, handler, *args: tuple[tuple, dict]) -> argparse.ArgumentParser:
        a = actions.add_parser(name, help=text, description=text)
        for flags, kw in args:
            a.add_argument(*flags, **kw)
        _json_flag(a)
        a.set_defaults(handler=handler)
        return a

    date = (("--date",), {"required": True, "metavar": "日期", "help": "日期 YYYY-MM-DD"})
    action("advance", f"转入下一步（{steps}；审核须先录入负责人审批）", _advance,
           (("--opinion",), {"metavar": "意见", "help": "本步骤的办理意见"}))
    action("send-back", "退回到此前的步骤", _send_back,
           (("--reason",), {"required": True, "metavar": "理由", "help": "退回理由"}),
           (("--to",), {"choices": tuple(STEP_LABELS), "metavar": "步骤", "help": "退回到的步骤（默认上一步）：" + steps}))
    action("approve", "录入政府信息公开工作机构负责人的线下审批", _approve,
           (("--approver",), {"required": True, "metavar": "姓名", "help": "签批的负责人（不能是录入人）"}),
           (("--date",), {"required": True, "metavar": "日期", "help": "签批日期"}),
           (("--opinion",), {"metavar": "意见", "help": "审批意见"}),
           (("--scan",), {"metavar": "文件", "help": "审批单扫描件"}))
    action("correction", "告知补正（条例第三十条：自收到申请之日起7个工作日内一次性告知）", _correction,
           date, (("--items",), {"required": True, "metavar": "事项", "help": "需要补正的事项"}),
           (("--period",), {"required": True, "type": int, "metavar": "工作日",
                            "help": "告知书给出的补正期限（自申请人收到告知书次日起的工作日数）"}),
           (("--delivered",), {"metavar": "日期", "help": "申请人收到告知书的日期（已知时）"}))
    action("delivered", "登记申请人收到补正告知书或收费通知的日期（期限自次日起计算）", _delivered,
           (("--notice",), {"required": True, "choices": ("correction", "fee"), "metavar": "文书",
                            "help": "correction=补正告知书、fee=收费通知"}),
           date, (("--period",), {"type": int, "metavar": "工作日", "help": "补正期限（此前未登记时）"}))
    action("corrected", "收到补正后的申请（答复期限自该日起重新计算）", _corrected, date)
    action("no-correction", "逾期不补正，按“逾期不补正”办结（补正期限届满后）", _no_correction, date,
           (("--note",), {"metavar": "说明", "help": "说明"}))
    action("consult", "征求第三方（条例第三十二条）或其他机关（第三十四条）意见", _consult, date,
           (("--party",), {"required": True, "choices": ("third_party", "agency"), "metavar": "对象",
                           "help": "third_party=第三方、agency=其他机关"}),
           (("--party-name",), {"metavar": "名称", "help": "第三方或机关的名称"}))
    action("consult-end", "收到意见（有多件未结束的征求意见时用 --party-name 指明）", _consult_end, date,
           (("--opinion",), {"metavar": "意见", "help": "意见摘要"}),
           (("--party-name",), {"metavar": "名称", "help": "征求意见对象的名称"}))
    action("extend", "延期答复（条例第三十三条第二款：负责人同意，最长20个工作日，在原答复期限届满前）", _extend,
           (("--days",), {"required": True, "type": int, "metavar": "工作日", "help": "延长的工作日数（1至20）"}),
           (("--approver",), {"required": True, "metavar": "姓名", "help": "同意延期的负责人"}),
           (("--date",), {"required": True, "metavar": "日期", "help": "批准日期"}),
           (("--notice",), {"metavar": "说明", "help": "告知说明"}),
           (("--scan",), {"metavar": "文件", "help": "审批单扫描件"}))
    action("fee", "收费通知（条例第四十二条；国办函〔2020〕109号）", _fee, date,
           (("--amount",), {"required": True, "metavar": "元", "help": "收费金额（元）"}),
           (("--method",), {"required": True, "choices": ("per_request", "per_page"), "metavar": "方式",
                            "help": "per_request=按件计收、per_page=按量计收"}),
           (("--delivered",), {"metavar": "日期", "help": "申请人收到收费通知的日期（已知时）"}))
    action("paid", "申请人已缴费（答复期限继续计算）", _paid, date)
    action("fee-unpaid", "逾期未缴费，按“逾期未缴纳信息处理费”办结（缴费期限届满后）", _fee_unpaid, date,
           (("--note",), {"metavar": "说明", "help": "说明"}))
    action("reply", "答复办结：登记办理结果和答复日期", _reply, date,
           (("--outcome",), {"required": True, "choices": tuple(OUTCOMES), "metavar": "结果",
                             "help": "办理结果代码：" + "、".join(f"{k}={v}" for k, v in OUTCOMES.items())}),
           (("--basis",), {"metavar": "依据", "help": "法律依据（不予公开、部分公开必填，具体到条）"}),
           (("--withheld",), {"metavar": "内容", "help": "不予公开的部分及理由（部分公开必填）"}),
           (("--note",), {"metavar": "说明", "help": "说明"}))
    action("archive", "归档（已办结的申请）", _archive, (("--opinion",), {"metavar": "意见", "help": "归档意见"}))

    p = sub.add_parser("lint", help="列出违反法定期限或办理规则的申请记录（含导入的历史记录）")
    p.add_argument("--year", type=int, metavar="年度", help="只检查该年度收到的申请")
    p.add_argument("--office", metavar="代码", help="只检查该机关（统一社会信用代码）的申请")
    _json_flag(p)
    p.set_defaults(handler=lint_handler)


# -- add -----------------------------------------------------------------------------------------------------
def add_handler(args, ctx) -> int:
    from app import register
    from app.register.common import ScanFile, store_attachment

    data = register.NewApplication(
        received_on=args.received, channel=args.channel, applicant_kind=args.kind, applicant_name=args.name,
        content=args.content, applicant_id_number=args.id_number, applicant_id_type=args.id_type,
        applicant_phone=args.phone,
        applicant_address=args.address, applicant_email=args.email, applicant_contact_person=args.contact,
        receipt_note=args.receipt_note, requested_form=args.form, notes=args.notes)
    with ctx.session() as s:
        state = register.register_application(s, data)
        for path in args.file:
            store_attachment(s, state.id, ScanFile(filename=_basename(path), path=path), kind="application")
    ctx.emit(_state(state), f"已登记申请 {state.serial}，答复期限 {_due_text(state)}。")
    return 0


def _basename(path: str) -> str:
    from pathlib import Path

    return Path(path).name


# -- step ----------------------------------------------------------------------------------------------------
def _run(ctx, serial: str, fn, text: str) -> int:
    from app.register import get_by_serial

    with ctx.session() as s:
        state = fn(s, get_by_serial(s, serial).id)
    ctx.emit(_state(state), text.format(serial=state.serial, due=_due_text(state), status=_status(state))
             + (f"逾期答复，超过答复期限{state.late_days}个工作日。" if state.late_days else ""))
    return 0


def _scan(path: str | None):
    from app.register.common import ScanFile

    return ScanFile(filename=_basename(path), path=path) if path else None


def _advance(args, ctx) -> int:
    from app import register

    return _run(ctx, args.serial, lambda s, i: register.advance(s, i, opinion=args.opinion),
                "申请 {serial} 已转入“{status}”。")


def _send_back(args, ctx) -> int:
    from app import register

    return _run(ctx, args.serial, lambda s, i: register.send_back(s, i, args.reason, to_step=args.to),
                "申请 {serial} 已退回到“{status}”。")


def _approve(args, ctx) -> int:
    from app import register

    return _run(ctx, args.serial, lambda s, i: register.record_approval(
        s, i, args.approver, args.date, scan=_scan(args.scan), opinion=args.opinion),
        "已录入申请 {serial} 的负责人审批。")


def _correction(args, ctx) -> int:
    from app import register

    return _run(ctx, args.serial, lambda s, i: register.record_correction_notice(
        s, i, args.date, args.items, args.period, delivered_on=args.delivered),
        "已登记申请 {serial} 的补正告知；收到补正后重新计算答复期限。")


def _delivered(args, ctx) -> int:
    from app import register

    return _run(ctx, args.serial, lambda s, i: register.record_notice_delivered(
        s, i, args.notice, args.date, period_days=args.period), "已登记申请 {serial} 的文书送达日期。")


def _corrected(args, ctx) -> int:
    from app import register

    return _run(ctx, args.serial, lambda s, i: register.record_correction_received(s, i, args.date),
                "已登记申请 {serial} 收到补正，答复期限 {due}。")


def _no_correction(args, ctx) -> int:
    from app import register

    return _run(ctx, args.serial, lambda s, i: register.record_no_correction(s, i, args.date, note=args.note),
                "申请 {serial} 已按“逾期不补正”办结。")


def _consult(args, ctx) -> int:
    from app import register

    def start(s, i):
        register.start_consultation(s, i, args.party, args.date, party_name=args.party_name)
        return register.state_of(register.get_application(s, i))

    return _run(ctx, args.serial, start, "已登记申请 {serial} 的征求意见，答复期限 {due}。")


def _consult_end(args, ctx) -> int:
    from app import register
    from app.register.common import load_children

    def end(s, i):
        open_ = [c for c in load_children(s, i).consultations if c.ended_on is None]
        if args.party_name:
            open_ = [c for c in open_ if c.party_name == args.party_name.strip()]
        if not open_:
            raise ValidationError("该申请没有" + (f"向“{args.party_name}”" if args.party_name else "")
                                  + "尚未结束的征求意见。")
        if len(open_) > 1:
            raise ValidationError("该申请有多件尚未结束的征求意见，请用 --party-name 指明对象名称。")
        return register.end_consultation(s, open_[0].id, args.date, opinion=args.opinion)

    return _run(ctx, args.serial, end, "已登记申请 {serial} 收到意见，答复期限 {due}。")


def _extend(args, ctx) -> int:
    from app import register

    return _run(ctx, args.serial, lambda s, i: register.record_extension(
        s, i, args.date, args.days, args.approver, notice=args.notice, scan=_scan(args.scan)),
        "已登记申请 {serial} 延期答复，答复期限 {due}。")


def _fee(args, ctx) -> int:
    from app import register

    return _run(ctx, args.serial, lambda s, i: register.record_fee_notice(
        s, i, args.date, args.amount, args.method, delivered_on=args.delivered),
        "已登记申请 {serial} 的收费通知；缴费前答复期限暂停。")


def _paid(args, ctx) -> int:
    from app import register

    return _run(ctx, args.serial, lambda s, i: register.record_fee_paid(s, i, args.date),
                "已登记申请 {serial} 缴费，答复期限 {due}。")


def _fee_unpaid(args, ctx) -> int:
    from app import register

    return _run(ctx, args.serial, lambda s, i: register.close_fee_unpaid(s, i, args.date, note=args.note),
                "申请 {serial} 已按“逾期未缴纳信息处理费”办结。")


def _reply(args, ctx) -> int:
    from app import register

    return _run(ctx, args.serial, lambda s, i: register.close(
        s, i, args.outcome, replied_on=args.date, legal_basis=args.basis, withheld=args.withheld, note=args.note),
        "申请 {serial} 已办结（{status}）。")


def _archive(args, ctx) -> int:
    from app import register
    from app.errors import ConflictError

    def archive(s, i):
        app = register.get_application(s, i)
        if app.outcome is None:
            raise ConflictError(f"申请 {app.serial} 尚未办结（未登记办理结果），不能归档。")
        return register.advance(s, i, opinion=args.opinion)

    return _run(ctx, args.serial, archive, "申请 {serial} 已归档。")


def _status(state) -> str:
    from app.register.codes import STEP_LABELS

    return STEP_LABELS.get(state.status, state.status)


def _due_text(state) -> str:
    if state.outcome is not None:
        return "（已办结）"
    if state.reply_due is None:
        return "待补正或缴费后计算"
    return state.reply_due.isoformat() + ("（暂定）" if state.due_provisional else "")


def _state(state) -> dict:
    from app.register.codes import OUTCOMES

    return {"serial": state.serial, "status": state.status, "status_label": _status(state),
            "outcome": state.outcome, "outcome_label": OUTCOMES.get(state.outcome or "", None),
            "reply_due": state.reply_due.isoformat() if state.reply_due else None,
            "due_provisional": state.due_provisional,
            "correction_notice_due": state.correction_notice_due.isoformat() if state.correction_notice_due else None,
            "late_days": state.late_days}


# -- lint ----------------------------------------------------------------------------------------------------
def lint_handler(args, ctx) -> int:
    from app import register
    from app.core import profile

    with ctx.read_session() as s:
        office_id = profile.office_by_code(s, args.office.strip().upper()).id if args.office else None
        findings = register.lint_records(s, year=args.year, office_id=office_id)
    if ctx.json:
        ctx.emit([f.to_dict() for f in findings])
    elif not findings:
        print("没有发现违反期限或办理规则的申请记录。")
    else:
        for f in findings:
            print(f"{f.serial}\t{f.rule}\t{f.message}")
        print(f"共{len(findings)}处，涉及{len({(f.office, f.serial) for f in findings})}件申请。")
    return 0
