"""Document kinds: which template parts make up each letter, and the reply body per outcome code."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.domain import review_body as review_rule
from app.errors import ConflictError, UserError, ValidationError
from app.letters.data import LetterData, nest_quotes
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
    "reason_request": "说明理由告知书",
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
    "search_done": "检索情况（检索的范围、方式和结果）", "competent_unknown_reason": "无法确定负责公开机关的理由",
    "published_item": "已主动公开的政府信息（名称、文号或索引号）", "published_on": "主动公开的日期",
    "third_party_opinion": "第三方的意见", "request_volume": "申请的数量和频次",
    "reason_deadline": "说明理由的期限", "reason_request_doc_number": "说明理由告知书文号",
    "fee_doc_number": "收费通知书文号", "obtained_how": "申请人已获取该信息的情况",
}

# Reasons of a 部分公开 decision: one per withheld part (条例 art. 37), separated by "；".
_LIST_SEP = ("；", ";")


def _split_list(text: str) -> list[str]:
    for sep in _LIST_SEP[1:]:
        text = text.replace(sep, _LIST_SEP[0])
    return [p.strip().rstrip("。") for p in text.split(_LIST_SEP[0]) if p.strip()]


def _set_hint(name: str) -> str:
    return f"{FIELD_LABELS.get(name, name)}（--set {name}=…）"


def _office_review_body(office: dict) -> review_rule.ReviewBody:
    level = office.get("level")
    if not level:
        raise ValidationError("本机关信息缺少机关层级，无法确定行政复议机关。请在“设置—本机关信息”中选择机关层级。")
    return review_rule.review_body(level, office.get("name"), office.get("parent_name"), office.get("review_agency"),
                                   office.get("review_agency_reason"))


@dataclass
class Composed:
    """A letter laid out as blocks, before drawing."""

    kind: str
    outcome: str | None
    title: str
    document: gbt9704.Document
    missing: list[str] = field(default_factory=list)
    cited: list[str] = field(default_factory=list)  # legal-basis keys
    problems: list[str] = field(default_factory=list)  # preview only: what stops the letter besides missing facts


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
    problems: list[str] = []  # facts that are given but wrong (refused even when nothing is missing)

    remedy_kind = templates.get("remedy_kind", outcome) or "none"
    if remedy_kind != "none":
        # The review body follows from the office's place (docs/spec/letters.md section 2); never typed per letter.
        try:
            fields["review_agency"] = review_rule.for_letter(_office_review_body(data.office))
        except ValidationError as exc:
            if not preview:
                raise
            fields["review_agency"] = "【行政复议机关未确定，见本机关信息】"
            problems.append(exc.message)
    if kind == "fee":
        _fee_standard(data, fields, filler, templates)
    if outcome == "partial":
        _withheld_statement(fields, problems)
    if outcome == "denied_third_party" and fields.get("third_party_name") and not fields.get("third_party_opinion"):
        # A third party was consulted (条例 art. 32): the letter says what it answered.
        filler.missing.append("third_party_opinion")

    groups: list[str] = []  # one entry per unmet requirement, naming the --set keys
    for group in (templates.get("required", outcome) or "").split():
        alternatives = [alt.split("+") for alt in group.split("|")]
        if any(all(filler.value(n) for n in alt) for alt in alternatives):
            continue
        for alt in alternatives:
            for name in alt:
                if not filler.value(name) and name not in filler.missing:
                    filler.missing.append(name)
        groups.append("，或".join("和".join(_set_hint(n) for n in alt if not filler.value(n)) for alt in alternatives))

    def part(key: str) -> list[str]:
        text = templates.get(key, outcome)
        return _paragraphs(nest_quotes(filler.fill(text))) if text else []

    title = nest_quotes(filler.fill(templates.get("title", outcome) or ""))
    blocks: list = [gbt9704.Title(title)]
    if doc_number:
        blocks.append(gbt9704.DocNumber(doc_number))
    blocks.append(gbt9704.Blank())
    for line in part("addressee"):
        blocks.append(gbt9704.Paragraph(line, indent=0))
    body = part("opening") + (part(f"outcome.{outcome}") if kind == "reply" else part("body"))
    if remedy_kind != "none":
        if remedy_kind not in ("standard", "review_first", "partial"):
            raise UserError(f"文书模板中的救济方式“{remedy_kind}”无法识别，请检查模板。")
        body += part(f"remedy.{remedy_kind}")
    body += part("closing")
    blocks += [gbt9704.Paragraph(p) for p in body]
    note = "".join(part("note")) or None
    blocks.append(gbt9704.Signature(filler.fill(templates.get("signature") or "{office_name}"), fields["date"], note))

    if filler.missing and not preview:
        covered = {n for g in (templates.get("required", outcome) or "").split() for a in g.split("|")
                   for n in a.split("+")}
        named = groups + [_set_hint(n) for n in filler.missing if n not in covered]
        raise ValidationError(f"出具{KIND_LABELS[kind]}还缺少以下内容：{'；'.join(named)}。",
                              details=[f"{FIELD_LABELS.get(n, n)}（{n}）" for n in filler.missing])
    if problems and not preview:
        raise ValidationError("".join(problems))
    plain_title = title.replace("\n", "")
    doc = gbt9704.Document(plain_title, blocks, author=fields.get("office_name", ""), subject=KIND_LABELS[kind])
    return Composed(kind, outcome, plain_title, doc, list(filler.missing), list(filler.cited), problems)


def _fee_standard(data: LetterData, fields: dict, filler: Filler, templates: TemplateSet) -> None:
    """The fee standard in words with its article of 国办函〔2020〕109号 (never the method's code)."""
    method = data.fee_method
    given = fields.get("fee_standard")
    if given in ("per_request", "per_page"):
        method, given = given, None
        fields.pop("fee_standard")
    if given:
        return
    if method is None:
        return  # missing: named by the required check
    text = templates.get(f"standard.{method}")
    if text is None:
        raise ValidationError(f"收费方式“{method}”无法识别：只能是 per_request（按件计收）或 per_page（按量计收）。")
    fields["fee_standard"] = filler.fill(text)


def _withheld_statement(fields: dict, problems: list[str]) -> None:
    """条例 art. 37: the reason for each withheld part. Parts and reasons are lists separated by "；"."""
    withheld, reasons = fields.get("withheld"), fields.get("withheld_reason")
    if not withheld or not reasons:
        return  # missing: named by the required check
    parts, why = _split_list(withheld), _split_list(reasons)
    if len(why) == 1:
        fields["withheld_statement"] = f"对{'、'.join(parts)}不予公开，理由是：{why[0]}"
    elif len(why) == len(parts):
        fields["withheld_statement"] = "；".join(f"对{p}不予公开，理由是：{r}" for p, r in zip(parts, why, strict=True))
    else:
        problems.append(f"不予公开的部分有{len(parts)}项，理由有{len(why)}项：请为每一部分写明理由（用“；”分隔，"
                        "与各部分一一对应），或写一条适用于全部的理由（--set withheld_reason=…）。")
