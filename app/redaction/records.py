"""Redaction records: the original kept unchanged with its hash, the verified redacted copy, the boxes and
their grounds, all audited; and what a 部分公开 reply takes from the latest record of its application."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import audit
from app.core.jobs import Progress
from app.errors import NotFoundError, StorageError, ValidationError
from app.redaction.burn import BURN_DPI, burn_verified
from app.redaction.detectors import KIND_LABELS
from app.redaction.grounds import article_of, ground_label
from app.redaction.scan import Finding
from app.storage.base import new_uuid, utcnow
from app.storage.models.redaction import RedactionBox, RedactionRecord


@dataclass
class RecordInfo:
    id: int
    uuid: str
    filename: str
    application_id: int | None
    catalogue_attachment_id: int | None
    original_sha256: str
    redacted_sha256: str
    pages: int
    boxes: int
    verification: str
    created_at: dt.datetime
    created_by: str


@dataclass
class WithheldParts:
    """What a 部分公开 reply says of the withheld parts, and the redacted copy it attaches."""

    withheld: str  # for the letter's {withheld}
    reason: str  # for the letter's {withheld_reason}
    parts: list[str]  # one line per page and ground: 第2页第3至5行：…，依据第十五条
    record_id: int
    attachment_name: str


def _info(row: RedactionRecord, boxes: int) -> RecordInfo:
    return RecordInfo(row.id, row.uuid, row.filename, row.application_id, row.catalogue_attachment_id,
                      row.original_sha256, row.redacted_sha256, row.pages, boxes, row.verification,
                      row.created_at, row.created_by)


def create_record(session: Session, filename: str, original: bytes, findings: Sequence[Finding], *,
                  application_id: int | None = None, catalogue_attachment_id: int | None = None,
                  note: str | None = None, ocr_check: bool = True, dpi: int = BURN_DPI,
                  progress: Progress | None = None) -> RecordInfo:
    """Burn the boxes, verify the copy, and keep original, copy, boxes and grounds (audited)."""
    if not findings:
        raise ValidationError("没有需要遮盖的内容：请至少保留一个遮盖框。")
    if not original:
        raise ValidationError(f"“{filename}”是空文件。")
    from app.negative_list.taxonomy import category

    for f in findings:
        category(f.ground)  # an unknown ground is refused before anything is written
    burned = burn_verified(original, filename, findings, dpi=dpi, ocr_check=ocr_check, progress=progress)
    row = RedactionRecord(
        uuid=new_uuid(), application_id=application_id, catalogue_attachment_id=catalogue_attachment_id,
        filename=filename[:300], original=bytes(original), original_sha256=hashlib.sha256(original).hexdigest(),
        redacted=burned.pdf, redacted_sha256=hashlib.sha256(burned.pdf).hexdigest(), pages=burned.pages,
        verification="text+bytes+ocr" if ocr_check else "text+bytes", created_at=utcnow(),
        created_by=session.info.get("operator") or "", note=note,
    )
    session.add(row)
    audit.record(session, row, "create")
    for f in findings:
        rows = f.rows or ((f.row, f.row) if f.row else None)
        box = RedactionBox(record_id=row.id, page=f.page, x0=f.box[0], y0=f.box[1], x1=f.box[2], y1=f.box[3],
                           kind=f.kind, row_from=rows[0] if rows else None, row_to=rows[1] if rows else None,
                           ground=f.ground, item_id=f.item_id, source=f.source)
        session.add(box)
        audit.record(session, box, "create")
    return _info(row, len(findings))


def _row(session: Session, record_id: int) -> RedactionRecord:
    row = session.get(RedactionRecord, record_id)
    if row is None:
        raise NotFoundError(f"没有编号为 {record_id} 的区分处理记录。")
    return row


def boxes_of(session: Session, record_id: int) -> list[Finding]:
    rows = session.execute(select(RedactionBox).where(RedactionBox.record_id == record_id)
                           .order_by(RedactionBox.page, RedactionBox.row_from, RedactionBox.id)).scalars()
    return [Finding(page=b.page, kind=b.kind, text="", box=(b.x0, b.y0, b.x1, b.y1), row=b.row_from,
                    rows=(b.row_from, b.row_to) if b.row_from and b.row_to else None, ground=b.ground, item_id=b.item_id,
                    source=b.source) for b in rows]


def get_record(session: Session, record_id: int) -> RecordInfo:
    return _info(_row(session, record_id), len(boxes_of(session, record_id)))


def records_for_application(session: Session, application_id: int) -> list[RecordInfo]:
    rows = session.execute(select(RedactionRecord).where(RedactionRecord.application_id == application_id)
                           .order_by(RedactionRecord.id)).scalars().all()
    return [_info(r, len(boxes_of(session, r.id))) for r in rows]


def _checked(data: bytes, sha256: str, what: str) -> bytes:
    if hashlib.sha256(data).hexdigest() != sha256:
        raise StorageError(f"{what}与保存时的校验值不符，数据库可能已损坏。")
    return bytes(data)


def redacted_bytes(session: Session, record_id: int) -> bytes:
    row = _row(session, record_id)
    return _checked(row.redacted, row.redacted_sha256, f"区分处理后的“{row.filename}”")


def original_bytes(session: Session, record_id: int) -> bytes:
    row = _row(session, record_id)
    return _checked(row.original, row.original_sha256, f"原件“{row.filename}”")


# -- the 部分公开 reply ----------------------------------------------------------------------------------
_PERSONAL = {"id_number", "mobile", "landline", "bank_card", "email", "address", "name"}
_PHRASES = {"mobile": "联系电话", "landline": "联系电话", "bank_card": "银行账号"}


def _what(kinds: list[str], item_names: list[str]) -> str:
    labels: list[str] = []
    for kind in kinds:
        label = _PHRASES.get(kind) or KIND_LABELS.get(kind, kind)
        if kind in ("term", "manual"):
            continue
        if label not in labels:
            labels.append(label)
    text = "、".join(labels)
    if text and any(k in _PERSONAL for k in kinds):
        text = "申请人以外自然人的" + text
    extra = [f"涉及“{n}”的内容" for n in item_names]
    if "manual" in kinds and not extra:
        extra.append("其他不应公开的内容")
    return "、".join([t for t in [text, *extra] if t])


def _rows_text(rows: list[tuple[int, int]]) -> str:
    if not rows:
        return ""
    low, high = min(r[0] for r in rows), max(r[1] for r in rows)
    return f"第{low}行" if low == high else f"第{low}至{high}行"


def describe(session: Session, boxes: Sequence[Finding]) -> list[str]:
    """One line per page and ground: 第2页第3至5行：申请人以外自然人的身份证号码、联系电话，依据第十五条."""
    from app.storage.models.negative_list import NegativeItem

    groups: dict[tuple[int, str], list[Finding]] = {}
    for b in boxes:
        groups.setdefault((b.page, b.ground), []).append(b)
    parts = []
    for (page, ground), group in sorted(groups.items()):
        kinds = [b.kind for b in group]
        names = []
        articles = []
        for b in group:
            if b.item_id is not None:
                item = session.get(NegativeItem, b.item_id)
                if item is not None and item.name not in names:
                    names.append(item.name)
                    articles.append(item.basis_article)
        article = "、".join(dict.fromkeys(articles)) if articles else article_of(ground)
        rows = [b.rows for b in group if b.rows]
        parts.append(f"第{page}页{_rows_text(rows)}：{_what(kinds, names)}，依据{article}")
    return parts


def withheld_for_letter(session: Session, application_id: int) -> WithheldParts | None:
    """The withheld parts and grounds of the application's latest redaction record (None without one)."""
    row = session.execute(select(RedactionRecord).where(RedactionRecord.application_id == application_id)
                          .order_by(RedactionRecord.id.desc()).limit(1)).scalar_one_or_none()
    if row is None:
        return None
    boxes = boxes_of(session, row.id)
    parts = describe(session, boxes)
    labels = "、".join(dict.fromkeys(ground_label(b.ground) for b in boxes))
    name = attachment_name(row.filename)
    stem = row.filename.rsplit(".", 1)[0] if "." in row.filename else row.filename
    withheld = f"《{stem}》中已作遮盖处理的内容（{'；'.join(parts)}）"
    reason = f"上述内容属于《中华人民共和国政府信息公开条例》{labels}规定不予公开的情形；区分处理后的《{name}》作为本告知书附件一并提供"
    return WithheldParts(withheld, reason, parts, row.id, name)


def attachment_name(filename: str) -> str:
    stem = filename.rsplit(".", 1)[0] if "." in filename else filename
    return f"{stem}（区分处理后）"


def letter_with_attachment(session: Session, application_id: int, letter_pdf: bytes) -> bytes:
    """The letter followed by the redacted copy of the application's latest record (the letter alone
    when there is none)."""
    parts = withheld_for_letter(session, application_id)
    if parts is None:
        return letter_pdf
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for source in (letter_pdf, redacted_bytes(session, parts.record_id)):
        writer.append(PdfReader(io.BytesIO(source)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
