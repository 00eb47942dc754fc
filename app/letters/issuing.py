"""Letters service: preview, issue (文号, stored PDF, audit), reprint, correct, template overrides, batches."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core import audit
from app.core.jobs import check_cancelled
from app.errors import ConflictError, NotFoundError, StorageError, UserError, ValidationError
from app.letters import kinds
from app.letters.checks import letter_date_warnings
from app.letters.data import LetterData
from app.letters.facts import issued_facts
from app.letters.templates import KINDS, TemplateSet, check_template_text, editable_keys
from app.negative_list import cited_bases
from app.pdf import gbt9704
from app.redaction import letter_with_attachment, withheld_for_letter
from app.storage.base import new_uuid, utcnow
from app.storage.models.letters import IssuedLetter, TemplateOverride

# Kinds sent to several parties (one letter per third party or agency): issuing again is a new letter,
# not a correction of the first.
_REPEATABLE = ("consultation", "public_interest_notice", "agency_consultation")


@dataclass
class IssuedLetterInfo:
    id: int
    application_id: int
    kind: str
    outcome: str | None
    version: int
    doc_number: str | None
    title: str
    letter_date: dt.date
    sha256: str
    pages: int
    fonts: list[str]
    issued_at: dt.datetime
    issued_by: str
    supersedes_id: int | None
    size: int


def _info(row: IssuedLetter) -> IssuedLetterInfo:
    return IssuedLetterInfo(row.id, row.application_id, row.kind, row.outcome, row.version, row.doc_number,
                            row.title, row.letter_date, row.sha256, row.pages, list(row.fonts), row.issued_at,
                            row.issued_by, row.supersedes_id, len(row.pdf))


# ---- templates --------------------------------------------------------------------------------------------


def template_overrides(session: Session, kind: str) -> dict[str, str]:
    """The office's overrides that apply to a kind (its own keys and the shared ``common/`` keys)."""
    rows = session.execute(select(TemplateOverride).where(TemplateOverride.kind.in_([kind, "common"]))).scalars()
    result = {}
    for row in rows:
        result[row.key if row.kind == kind else f"common/{row.key}"] = row.text
    return result


def template_set(session: Session, kind: str) -> TemplateSet:
    return TemplateSet(kind, template_overrides(session, kind))


def _split_key(kind: str, key: str) -> tuple[str, str]:
    if kind not in KINDS:
        raise ValidationError(f"未知的文书种类“{kind}”。")
    if key not in editable_keys(kind):
        raise ValidationError(f"文书模板中没有“{key}”这一项。")
    return ("common", key.split("/", 1)[1]) if key.startswith("common/") else (kind, key)


def save_template_override(session: Session, kind: str, key: str, text: str) -> None:
    """Store the office's wording for one key (``common/<key>`` changes it for every kind)."""
    store_kind, store_key = _split_key(kind, key)
    check_template_text(text)
    row = session.execute(select(TemplateOverride).where(
        TemplateOverride.kind == store_kind, TemplateOverride.key == store_key)).scalar_one_or_none()
    operator = session.info.get("operator")
    if row is None:
        row = TemplateOverride(kind=store_kind, key=store_key, text=text, updated_by=operator)
        session.add(row)
        audit.record(session, row, "create")
    elif row.text != text:
        row.text, row.updated_at, row.updated_by = text, utcnow(), operator
        audit.record(session, row, "update")


def reset_template_override(session: Session, kind: str, key: str | None = None) -> int:
    """Back to the shipped wording: one key, or every key of the kind (not the shared ones). Returns rows removed."""
    if key is None:
        if kind not in KINDS:
            raise ValidationError(f"未知的文书种类“{kind}”。")
        rows = list(session.execute(select(TemplateOverride).where(TemplateOverride.kind == kind)).scalars())
    else:
        store_kind, store_key = _split_key(kind, key)
        rows = list(session.execute(select(TemplateOverride).where(
            TemplateOverride.kind == store_kind, TemplateOverride.key == store_key)).scalars())
    for row in rows:
        audit.record_delete(session, row)
        session.delete(row)
    session.flush()
    return len(rows)


# ---- building ---------------------------------------------------------------------------------------------


def _negative_bases(session: Session, application_id: int) -> list[str]:
    """The citations (《law》article) of the negative-list items the decision rests on, each naming its item."""
    return [f"{b.citation}（负面清单事项“{b.item}”）" for b in cited_bases(session, application_id)]


def letter_data(session: Session, application_id: int, *, letter_date: dt.date | None = None,
                extra: dict | None = None) -> LetterData:
    from app.core.profile import get_own_office
    from app.register import application_record

    record = application_record(session, application_id)
    office = get_own_office(session)
    if record.get("office") and record["office"] != office.org_code:
        raise ConflictError("该申请由其他机关办理（来自数据包），文书应由该机关出具。")
    extra = {**issued_facts(session, application_id), **(extra or {})}  # the clerk's input wins
    return LetterData.from_record(record, office.as_dict(), letter_date=letter_date,
                                  extra=_with_redaction(session, application_id, extra),
                                  negative_bases=_negative_bases(session, application_id))


def _with_redaction(session: Session, application_id: int, extra: dict | None) -> dict | None:
    """A 部分公开 reply takes its withheld parts and grounds from the application's redaction record; what
    the clerk enters still wins."""
    parts = withheld_for_letter(session, application_id)
    if parts is None:
        return extra
    return {"withheld": parts.withheld, "withheld_reason": parts.reason, **(extra or {})}


def _attach_redacted(session: Session, application_id: int, kind: str, outcome: str | None, pdf: bytes) -> bytes:
    """A 部分公开 reply is printed with the redacted copy of its redaction record after it."""
    if kind == "reply" and outcome == "partial":
        return letter_with_attachment(session, application_id, pdf)
    return pdf


def format_doc_number(prefix: str, code: str, year: int, number: int | None) -> str:
    """GB/T 9704 7.2.5: 〔year〕 in 六角括号, the number without padding or 第: 青政公开〔2026〕12号."""
    return f"{prefix}{code}〔{year}〕{number if number is not None else '　'}号"


def _doc_prefix(data: LetterData) -> str:
    prefix = data.office.get("doc_prefix")
    if not prefix:
        raise ValidationError("本机关信息中未填写文号的机关代字，请先在“设置—本机关信息”中填写。")
    return prefix


def render_letter(data: LetterData, kind: str, *, outcome: str | None = None, templates: TemplateSet | None = None,
                  doc_number: str | None = None, preview: bool = False,
                  dress: Callable[[gbt9704.Document], None] | None = None) -> tuple[kinds.Composed, gbt9704.Rendered]:
    """Compose and draw one letter from plain data (no database); ``dress`` adds the office's layout
    (信函格式, seal image: app/letters/layout.py) to the composed document before it is drawn."""
    composed = kinds.compose(kind, data, templates or TemplateSet(kind), outcome=outcome, doc_number=doc_number,
                             preview=preview)
    if dress is not None:
        dress(composed.document)
    return composed, gbt9704.render(composed.document)


def _office_layout(session: Session, data: LetterData) -> Callable[[gbt9704.Document], None]:
    from app.letters.layout import apply_layout

    return lambda document: apply_layout(session, document, data.office["name"])


@dataclass
class LetterPreview:
    pdf: bytes
    missing: list[tuple[str, str]]  # (field name, Chinese label) the clerk still has to fill in
    outcome: str | None
    problems: list[str] = field(default_factory=list)  # what else stops the letter (e.g. the review body)
    warnings: list[str] = field(default_factory=list)  # shown, never refusing (a 成文日期 on a day off)


def preview_letter(session: Session, application_id: int, kind: str, *, outcome: str | None = None,
                   extra: dict | None = None, letter_date: dt.date | None = None,
                   overrides: dict[str, str] | None = None) -> LetterPreview:
    """The PDF as it would be issued, not stored; missing fields show as 【请填写：…】, the 文号 number blank."""
    data = letter_data(session, application_id, letter_date=letter_date, extra=extra)
    templates = TemplateSet(kind, {**template_overrides(session, kind), **(overrides or {})})
    code = templates.get("doc_code") or ""
    number = format_doc_number(data.office.get("doc_prefix") or "", code, data.letter_date.year, None)
    composed, rendered = render_letter(data, kind, outcome=outcome, templates=templates, doc_number=number,
                                       preview=True, dress=_office_layout(session, data))
    missing = [(n, kinds.FIELD_LABELS.get(n, n)) for n in composed.missing]
    # What the letter's step (补正, 延期, 收费) needs besides the letter's own fields (app/register/letter_steps.py).
    from app.register import missing_step_fields

    missing += [m for m in missing_step_fields(session, application_id, kind, extra) if m[0] not in composed.missing]
    pdf = _attach_redacted(session, application_id, kind, composed.outcome, rendered.pdf)
    return LetterPreview(pdf, missing, composed.outcome, list(composed.problems),
                         letter_date_warnings(session, data.letter_date))


def render_preview(session: Session, application_id: int, kind: str, **kw) -> bytes:
    """The preview PDF only (see preview_letter)."""
    return preview_letter(session, application_id, kind, **kw).pdf


def _versions(session: Session, application_id: int, kind: str) -> list[IssuedLetter]:
    return list(session.execute(select(IssuedLetter).where(
        IssuedLetter.application_id == application_id, IssuedLetter.kind == kind).order_by(IssuedLetter.version)
    ).scalars())


def issue_letter(session: Session, application_id: int, kind: str, *, outcome: str | None = None,
                 extra: dict | None = None, letter_date: dt.date | None = None,
                 corrects: int | None = None, reason: str | None = None) -> IssuedLetterInfo:
    """Issue a letter: take the next 文号 of the kind and year, store the PDF bytes and hash, audit it.

    A kind already issued for the application can only be issued again as a correction (``corrects`` = the
    id of the letter it replaces, with a ``reason``); the old version stays stored.
    """
    from app.core.sequences import next_value

    previous = _versions(session, application_id, kind)
    superseded = None
    if corrects is not None:
        superseded = session.get(IssuedLetter, corrects)
        if superseded is None or superseded.application_id != application_id or superseded.kind != kind:
            raise NotFoundError("要更正的文书不存在或不属于该申请的同类文书。")
        if any(p.supersedes_id == superseded.id for p in previous):
            raise ConflictError("该文书已被更正过，请更正其最新版本。")
        if not (reason or "").strip():
            raise ValidationError("更正文书须填写更正原因。")
    elif previous and kind not in _REPEATABLE:
        raise ConflictError(f"该申请已出具{kinds.KIND_LABELS[kind]}（{previous[-1].doc_number}），如需修改请出具更正版本。")

    if superseded is None:
        # The letter is a step of the case (补正, 延期, 收费, 答复): recorded with it, or refused in the wrong
        # state (app/register/letter_steps.py); a corrected version records nothing new. A 补正 or fee letter
        # of a step already recorded bears the day of that notice unless a date is given.
        from app.register import step_letter_date

        letter_date = letter_date or step_letter_date(session, application_id, kind) or dt.date.today()
        extra = _record_step(session, application_id, kind, outcome=outcome, extra=extra, letter_date=letter_date)
    data = letter_data(session, application_id, letter_date=letter_date, extra=extra)
    templates = template_set(session, kind)
    prefix = _doc_prefix(data)
    # Compose once without a number so that missing fields are refused before a number is taken.
    kinds.compose(kind, data, templates, outcome=outcome, doc_number=None)
    year = data.letter_date.year
    code = templates.get("doc_code") or ""
    number = next_value(session, f"docno:{kind}:{year}")
    doc_number = format_doc_number(prefix, code, year, number)
    composed, rendered = render_letter(data, kind, outcome=outcome, templates=templates, doc_number=doc_number,
                                       dress=_office_layout(session, data))
    pdf = _attach_redacted(session, application_id, kind, composed.outcome, rendered.pdf)
    row = IssuedLetter(
        uuid=new_uuid(), application_id=application_id, kind=kind, outcome=composed.outcome,
        version=(previous[-1].version + 1) if previous else 1, doc_number=doc_number, title=composed.title,
        letter_date=data.letter_date, pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest(),
        pages=rendered.pages, fonts=rendered.fonts, fields=_jsonable(extra), cited=composed.cited,
        issued_at=utcnow(), issued_by=session.info.get("operator") or "", supersedes_id=superseded.id if superseded else None,
        correction_reason=reason if superseded else None,
    )
    session.add(row)
    audit.record(session, row, "issue" if superseded is None else "correct")
    return _info(row)


def _record_step(session: Session, application_id: int, kind: str, *, outcome: str | None, extra: dict | None,
                 letter_date: dt.date) -> dict | None:
    """Record the step the letter is; the 补正 notice's period, once stored, is the period the letter states."""
    from app.register import record_letter_step
    from app.storage.models.register import Correction

    record_letter_step(session, application_id, kind, letter_date=letter_date, outcome=outcome, extra=extra)
    if kind != "correction" or (extra or {}).get("correction_period"):
        return extra
    corr = session.execute(select(Correction).where(Correction.application_id == application_id)).scalar_one()
    if corr.period_days is None:
        return extra
    return {**(extra or {}), "correction_period": f"自收到本告知书之日起{corr.period_days}个工作日内"}


def _jsonable(extra: dict | None) -> dict:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in (extra or {}).items()}


def reprint(session: Session, letter_id: int) -> bytes:
    """The stored bytes of an issued letter, checked against the hash recorded when it was issued."""
    row = session.get(IssuedLetter, letter_id)
    if row is None:
        raise NotFoundError(f"没有编号为 {letter_id} 的已出具文书。")
    if hashlib.sha256(row.pdf).hexdigest() != row.sha256:
        raise StorageError(f"文书 {row.doc_number} 的存档内容与出具时的校验值不符，数据库可能已损坏。")
    return row.pdf


def list_letters(session: Session, application_id: int) -> list[IssuedLetterInfo]:
    rows = session.execute(select(IssuedLetter).where(IssuedLetter.application_id == application_id)
                           .order_by(IssuedLetter.issued_at, IssuedLetter.id)).scalars()
    return [_info(r) for r in rows]


def current_letter(session: Session, application_id: int, kind: str) -> IssuedLetterInfo | None:
    """The latest version of a kind for the application (None if never issued)."""
    rows = _versions(session, application_id, kind)
    return _info(rows[-1]) if rows else None


def count_issued(session: Session, kind: str | None = None) -> int:
    query = select(func.count(IssuedLetter.id))
    if kind:
        query = query.where(IssuedLetter.kind == kind)
    return int(session.execute(query).scalar_one())


# ---- batches ------------------------------------------------------------------------------------------------


@dataclass
class BatchResult:
    issued: list[IssuedLetterInfo]
    reused: list[IssuedLetterInfo]  # already issued: their stored bytes are printed again
    failed: list[tuple[int, str]]  # (application id, Chinese message)


def issue_batch(session: Session, application_ids: Iterable[int], kind: str, *, letter_date: dt.date | None = None,
                progress=None) -> BatchResult:
    """Issue (or reuse) one letter of ``kind`` per application, with progress and cancel between letters.

    An application whose letter cannot be issued (missing fields) is listed in ``failed``; the others go on.
    """
    ids = list(application_ids)
    result = BatchResult([], [], [])
    for done, app_id in enumerate(ids):
        check_cancelled(progress)
        if progress is not None:
            progress.update(done, len(ids), f"正在生成第 {done + 1} / {len(ids)} 份文书")
        existing = current_letter(session, app_id, kind)
        if existing is not None and kind not in _REPEATABLE:
            result.reused.append(existing)
            continue
        try:
            with session.begin_nested():
                result.issued.append(issue_letter(session, app_id, kind, letter_date=letter_date))
        except UserError as exc:
            result.failed.append((app_id, str(exc)))
    if progress is not None:
        progress.update(len(ids), len(ids), "完成")
    return result


def batch_pdf(session: Session, letter_ids: list[int]) -> bytes:
    """One PDF of several issued letters (for printing a batch); each keeps its own page numbers."""
    from io import BytesIO

    from pypdf import PdfWriter

    writer = PdfWriter()
    for letter_id in letter_ids:
        writer.append(BytesIO(reprint(session, letter_id)))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
