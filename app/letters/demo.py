"""Demo data of the letters area: receipts and replies issued for some of the own office's applications."""

from __future__ import annotations

from sqlalchemy import select

# Sample clerk input for the outcomes whose letters need reasons or dates (demo wording only).
_DEMO_EXTRA = {
    "granted": {},
    "already_public": {"published_item": "《青山县2025年财政预算执行情况报告》",
                       "where_public": "青山县人民政府门户网站“政府信息公开—财政信息”栏目"},
    "partial": {"provided": "补助资金发放总额及发放标准", "withheld": "涉及个人身份信息和银行账号的内容",
                "withheld_reason": "该部分内容属于个人隐私，公开会对第三方合法权益造成损害"},
    "unavailable_not_held": {"search_done": "检索了本机关的发文、收文登记簿和档案目录"},
    "unavailable_needs_creation": {"reason": "本机关未制作该统计表，需要汇总分析原始台账方能形成"},
    "denied_process_info": {"reason": "该信息为会议讨论记录，相关决定尚未作出"},
    "denied_internal_affairs": {"reason": "该信息为本机关工作人员考核的内部人事管理信息"},
    "denied_admin_query": {"special_category": "不动产登记资料", "special_procedure": "可持身份证明到县不动产登记中心依法查询"},
    "unavailable_not_competent": {"not_competent_reason": "该政府信息由乡镇人民政府制作并保存",
                                  "competent_agency": "青山镇人民政府", "competent_contact": "0571-64880001"},
    "closed_other": {"closing_reason": "申请人书面撤回了申请"},
}
_SIMPLE = ("granted", "already_public", "unavailable_not_held", "unavailable_needs_creation", "denied_process_info",
           "denied_internal_affairs", "rejected_petition", "rejected_publication", "partial", "denied_admin_query",
           "unavailable_not_competent", "closed_other")


LATEST = 20


def populate(session, ctx) -> None:
    """Issue the receipt and the reply of the own office's most recent closed applications (up to LATEST):
    the cases at the top of the register show their letters beside their 办理过程."""
    from app.letters import issuing as letters
    from app.storage.models.register import Application

    rows = session.execute(
        select(Application.id, Application.outcome, Application.received_on, Application.replied_on)
        .where(Application.office_id == ctx.office.id, Application.outcome.in_(_SIMPLE))
        .order_by(Application.received_on.desc(), Application.id.desc()).limit(LATEST)
    ).all()
    chosen = list(rows)
    issued = 0
    for done, (app_id, outcome, received_on, replied_on) in enumerate(sorted(chosen)):
        ctx.progress.update(done, len(chosen), "正在出具示例文书")
        letters.issue_letter(session, app_id, "receipt", letter_date=received_on)
        letters.issue_letter(session, app_id, "reply", letter_date=replied_on or ctx.today,
                             extra=_DEMO_EXTRA.get(outcome))
        issued += 2
    ctx.summary["letters"] = issued
