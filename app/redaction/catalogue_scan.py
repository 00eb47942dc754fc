"""The privacy scan before publication (条例 art. 15): catalogue attachments are scanned when added, and an
attachment with findings waits in the review queue until the clerk clears it or replaces it with a
redacted copy.

The catalogue sits below the negative list, so it cannot call the scan; the scan is orchestrated from here:
``add_and_scan`` adds and scans at once (the catalogue editor uses it), ``scan_catalogue`` scans every
attachment not yet scanned in its current form (after an Excel or package import; ``gongkai redact
catalogue``), and the dashboard counts both the queue and the attachments still unscanned.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from app.core import attachments as core_attachments
from app.core import audit
from app.core.attachments import AttachmentInfo
from app.core.jobs import Progress, check_cancelled
from app.errors import ConflictError, NotFoundError, UserError
from app.redaction.detectors import KIND_LABELS
from app.redaction.document import kind_of
from app.redaction.records import RecordInfo, attachment_name, create_record
from app.redaction.scan import Finding, Term, scan
from app.redaction.terms import terms_in_force
from app.storage.base import utcnow
from app.storage.models.catalogue import CatalogueAttachment, CatalogueEntry
from app.storage.models.redaction import PrivacyScan

WAITING = ("pending", "failed")  # statuses that keep an attachment in the review queue
STATUS_LABELS = {"clean": "未发现", "pending": "待审核", "failed": "无法扫描", "cleared": "已确认可公开",
                 "redacted": "已区分处理"}


@dataclass
class ScanQueueEntry:
    scan_id: int
    attachment_id: int
    entry_id: int
    index_number: str
    title: str
    filename: str
    status: str
    status_label: str
    findings: int
    summary: str  # 身份证号码 3 处、手机号码 2 处
    message: str | None


def _summary(findings: Sequence[dict]) -> str:
    counts = Counter(f["kind"] for f in findings)
    return "、".join(f"{KIND_LABELS.get(k, k)} {n} 处" for k, n in counts.most_common())


def _entry(session: Session, row: PrivacyScan) -> ScanQueueEntry:
    att = session.get(CatalogueAttachment, row.attachment_id)
    assert att is not None  # the foreign key holds it
    entry = session.get(CatalogueEntry, att.entry_id)
    assert entry is not None
    return ScanQueueEntry(row.id, att.id, entry.id, entry.index_number, entry.title, att.filename, row.status,
                          STATUS_LABELS[row.status], len(row.findings), _summary(row.findings), row.message)


def scan_attachment(session: Session, attachment_id: int, *, terms: Sequence[Term] | None = None,
                    progress: Progress | None = None) -> ScanQueueEntry:
    """Scan one catalogue attachment and keep the result (the findings without the text they cover)."""
    att = session.get(CatalogueAttachment, attachment_id)
    if att is None or att.deleted:
        raise NotFoundError(f"没有编号为 {attachment_id} 的目录附件。")
    data = core_attachments.read_content(att)
    findings: list[dict] = []
    message = None
    try:
        kind_of(att.filename)
        result = scan(data, att.filename, terms=terms_in_force(session) if terms is None else terms,
                      progress=progress)
        findings = [{"page": f.page, "kind": f.kind, "row": f.row, "box": [round(v, 2) for v in f.box],
                     "ground": f.ground, "item_id": f.item_id} for f in result.findings]
        status = "pending" if findings else "clean"
    except UserError as exc:  # unreadable, unsupported, OCR missing: the clerk must look at it, never "clean"
        status, message = "failed", str(exc)
    row = session.execute(select(PrivacyScan).where(PrivacyScan.attachment_id == att.id)).scalar_one_or_none()
    if row is None:
        row = PrivacyScan(attachment_id=att.id)
        session.add(row)
    row.sha256, row.scanned_at, row.status, row.findings, row.message = att.sha256, utcnow(), status, findings, message
    row.resolved_at = row.resolved_by = None
    audit.record(session, row, "scan")
    return _entry(session, row)


def add_and_scan(session: Session, entry_id: int, filename: str, content: bytes, *,
                 progress: Progress | None = None) -> tuple[AttachmentInfo, ScanQueueEntry]:
    """Attach a file to a catalogue entry and scan it at once."""
    from app.catalogue.entries import add_attachment

    info = add_attachment(session, entry_id, filename, content)
    return info, scan_attachment(session, info.id, progress=progress)


def unscanned_ids(session: Session) -> list[int]:
    """Catalogue attachments in use that have no scan of their current bytes."""
    stmt = (select(CatalogueAttachment.id).outerjoin(PrivacyScan, PrivacyScan.attachment_id == CatalogueAttachment.id)
            .where(CatalogueAttachment.deleted.is_(False),
                   or_(PrivacyScan.id.is_(None), PrivacyScan.sha256 != CatalogueAttachment.sha256))
            .order_by(CatalogueAttachment.id))
    return list(session.execute(stmt).scalars())


def scan_catalogue(session: Session, *, progress: Progress | None = None) -> list[ScanQueueEntry]:
    """Scan every attachment not yet scanned (after imports); returns the new results."""
    ids = unscanned_ids(session)
    terms = terms_in_force(session)
    out = []
    for done, attachment_id in enumerate(ids):
        check_cancelled(progress)
        if progress is not None:
            progress.update(done, len(ids), f"正在扫描附件 {done + 1}/{len(ids)}")
        out.append(scan_attachment(session, attachment_id, terms=terms))
    return out


def review_queue(session: Session) -> list[ScanQueueEntry]:
    rows = session.execute(select(PrivacyScan).join(CatalogueAttachment)
                           .where(PrivacyScan.status.in_(WAITING), CatalogueAttachment.deleted.is_(False))
                           .order_by(PrivacyScan.scanned_at, PrivacyScan.id)).scalars().all()
    return [_entry(session, r) for r in rows]


def counts(session: Session) -> tuple[int, int]:
    """(attachments waiting in the queue, attachments not scanned in their current form)."""
    waiting = session.execute(select(func.count()).select_from(PrivacyScan).join(CatalogueAttachment).where(
        and_(PrivacyScan.status.in_(WAITING), CatalogueAttachment.deleted.is_(False)))).scalar_one()
    return int(waiting), len(unscanned_ids(session))


def _waiting(session: Session, scan_id: int) -> PrivacyScan:
    row = session.get(PrivacyScan, scan_id)
    if row is None:
        raise NotFoundError(f"没有编号为 {scan_id} 的扫描结果。")
    if row.status not in WAITING:
        raise ConflictError(f"该附件已处理（{STATUS_LABELS[row.status]}），无需再次处理。")
    return row


def queued_file(session: Session, scan_id: int) -> tuple[str, bytes]:
    """The file name and bytes (hash checked) of the attachment a scan result is about."""
    row = session.get(PrivacyScan, scan_id)
    if row is None:
        raise NotFoundError(f"没有编号为 {scan_id} 的扫描结果。")
    att = session.get(CatalogueAttachment, row.attachment_id)
    assert att is not None
    return att.filename, core_attachments.read_content(att)


def clear_scan(session: Session, scan_id: int) -> ScanQueueEntry:
    """The clerk has looked and the attachment may be published as it is."""
    row = _waiting(session, scan_id)
    if row.status == "failed":
        raise ConflictError("该附件未能扫描，不能直接确认；请先处理扫描失败的原因或对其作区分处理。")
    row.status, row.resolved_at, row.resolved_by = "cleared", utcnow(), session.info.get("operator") or ""
    audit.record(session, row, "clear")
    return _entry(session, row)


def redact_attachment(session: Session, scan_id: int, findings: Sequence[Finding], *, ocr_check: bool = True,
                      progress: Progress | None = None) -> RecordInfo:
    """Replace a waiting attachment with its redacted copy: the record keeps the original, the entry gets the
    copy (scanned as 已区分处理), and the original attachment is withdrawn from the entry."""
    from app.catalogue.entries import add_attachment

    row = _waiting(session, scan_id)
    att = session.get(CatalogueAttachment, row.attachment_id)
    assert att is not None
    data = core_attachments.read_content(att)
    record = create_record(session, att.filename, data, findings, catalogue_attachment_id=att.id,
                           ocr_check=ocr_check, progress=progress)
    from app.redaction.records import redacted_bytes

    info = add_attachment(session, att.entry_id, attachment_name(att.filename) + ".pdf",
                          redacted_bytes(session, record.id))
    att.deleted = True
    audit.record(session, att, "update", note="已由区分处理后的副本替换")
    row.status, row.resolved_at, row.resolved_by = "redacted", utcnow(), session.info.get("operator") or ""
    audit.record(session, row, "redact")
    copy = PrivacyScan(attachment_id=info.id, sha256=info.sha256, scanned_at=utcnow(), status="redacted",
                       findings=[], message=f"区分处理记录 {record.id}")
    session.add(copy)
    audit.record(session, copy, "create")
    return record
