"""Document kinds: which template parts make up each letter, and the reply body per outcome code."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.errors import ConflictError, UserError, ValidationError
from app.letters.data import LetterData
from app.letters.templates import KINDS, Filler, TemplateSet
from app.pdf import gbt9704

KIND_LABELS = {
    "receipt": "政府信息公开申请接收回执",
    "correction": "补正告知书",
    "extension": "延期答复告知书",
    "consultation": "征求第三方意见书",
    "public_interest_notice": "公开决定告知书（第三方）",
    "agency_consultation": "征求意见函（共同制作机关）",
    "fee": "收费通知书",
    "reply": "答复书",
}

# docs/spec/application-records.md; each has its own body "outcome.<code>" in resources/letters/reply.json.
OUTCOMES = (
    "granted", "already_public", "partial",
    "denied_state_secret", "denied_law_prohibited", "denied_security_stability", "denied_third_party",
    "denied_internal_affairs", "denied_process_info", "denied_enforcement_file", "denied_admin_query",
    "unavailable_not_held", "unavailable_not_competent", "unavailable_needs_creation", "unavailable_unclear",
    "rejected_petition", "rejected_repeat", "rejected_publication", "rejected_excessive",
    "rejected_confirm_existing", "closed_no_correction", "closed_fee_unpaid", "closed_other",
)

# Letters addressed to a third party or another agency: "you" is that party, never the applicant
# (the applicant's identity is not disclosed to them).
_PARTY_KINDS = ("consultation", "public_interest_notice", "agency_consultation")

FIELD_LABELS = {
    "office_name": "本机关名称", "review_agency": "行政复议机关", "court": "人民法院", "applicant_name": "申请人",
    "received_on": "收到申请日期", "content": "申请内容", "serial": "申请编号", "channel_phrase": "提交方式",
    "withheld": "不予公开的部分", "withheld_reason": "不予公开的理由", "provided": "予以公开的部分",
    "delivery": "提供方式", "where_public": "获取途径", "special_category": "特别规定的信息类别",
    "special_procedure": "办理途径", "not_competent_reason": "不属于本机关负责公开的理由",
    "competent_agency": "负责公开的机关", "competent_contact": "负责公开机关的联系方式",
    "correction_notified_on": "补正告知日期", "correction_received_on": "收到补正日期",
    "correction_items": "需要补正的事项", "correction_period": "补正期限",
    "previous_reply_on": "此前答复日期", "previous_doc_number": "此前答复文号",
    "reason_requested_on": "要求说明理由的日期", "fee_notified_on": "收费通知日期", "closing_reason": "终止处理的原因",
    "extension_days": "延长的工作日数", "extension_due": "延期后的答复期限", "extension_reason": "延期原因",
    "third_party_name": "第三方名称", "agency_name": "被征求意见机关", "consultation_sent_on": "征求意见日期",
    "disclosed_content": "决定公开的内容", "public_interest_reason": "决定公开的理由", "fee_standard": "收费标准",
    "fee_amount": "收费金额", "payment_method": "缴费方式", "reason": "理由", "publication": "出版物",
    "publication_source": "出版物获取途径", "proper_channel": "相应渠道", "reply_due": "答复期限",
}


@dataclass
class Composed:
    """A letter laid out as blocks, before drawing."""

    kind: str
    outcome: str | None
    title: str
    document: gbt9704.Document
    missing: list[str] = field(default_factory=list)
    cited: list[str] = field(default_factory=list)  # legal-basis keys


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


def compose(kind: str, data: LetterData, templates: TemplateSet, *, outcome: str | None = None,
            doc_number: str | None = None, preview: bool = False) -> Composed:
    """Build the blocks of one letter; raises UserError naming missing fields unless ``preview``."""
    if kind not in KINDS:
        raise ValidationError(f"未知的文书种类“{kind}”。")
    if kind == "reply":
        outcome = outcome or data.record.get("outcome")
        if not outcome:
            raise ConflictError("该申请尚未记录办理结果，不能出具答复书。")
        if outcome not in OUTCOMES:
            raise ValidationError(f"未知的办理结果“{outcome}”。")
    else:
        outcome = None

    fields = data.fields()
    person = data.applicant.get("kind") in (None, "natural_person")
    fields.setdefault("you", templates.get("you.natural_person" if person else "you.organisation") or "您")
    channel = data.record.get("channel") or "other"
    fields.setdefault("channel_phrase", templates.get(f"channel.{channel}") or "")
    filler = Filler(templates, fields, data.letter_date, outcome=outcome, labels=FIELD_LABELS, preview=preview)
    if kind in _PARTY_KINDS:
        fields["you"] = filler.value("party_you") or fields["you"]

    for name in (templates.get("required", outcome) or "").split():
        if not filler.value(name) and name not in filler.missing:
            filler.missing.append(name)

    def part(key: str) -> list[str]:
        text = templates.get(key, outcome)
        return _paragraphs(filler.fill(text)) if text else []

    title = filler.fill(templates.get("title", outcome) or "")
    blocks: list = [gbt9704.Title(title)]
    if doc_number:
        blocks.append(gbt9704.DocNumber(doc_number))
    blocks.append(gbt9704.Blank())
    for line in part("addressee"):
        blocks.append(gbt9704.Paragraph(line, indent=0))
    body = part("opening") + (part(f"outcome.{outcome}") if kind == "reply" else part("body"))
    remedy_kind = templates.get("remedy_kind", outcome) or "none"
    if remedy_kind != "none":
        if remedy_kind not in ("standard", "review_first", "partial"):
            raise UserError(f"文书模板中的救济方式“{remedy_kind}”无法识别，请检查模板。")
        body += part(f"remedy.{remedy_kind}")
    body += part("closing")
    blocks += [gbt9704.Paragraph(p) for p in body]
    note = "".join(part("note")) or None
    blocks.append(gbt9704.Signature(filler.fill(templates.get("signature") or "{office_name}"), fields["date"], note))

    if filler.missing and not preview:
        names = "、".join(FIELD_LABELS.get(n, n) for n in filler.missing)
        raise ValidationError(f"出具{KIND_LABELS[kind]}还缺少以下内容：{names}。",
                              details=[f"{FIELD_LABELS.get(n, n)}（{n}）" for n in filler.missing])
    plain_title = title.replace("\n", "")
    doc = gbt9704.Document(plain_title, blocks, author=fields.get("office_name", ""), subject=KIND_LABELS[kind])
    return Composed(kind, outcome, plain_title, doc, list(filler.missing), list(filler.cited))
