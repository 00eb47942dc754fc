"""The 政府信息公开目录 (条例 art. 12): entries with 索引号, validity of normative documents, revisions,
filing to the province, and search. Warnings, the standard directory and interchange live in the
catalogue_* modules beside this one and are re-exported here."""

from __future__ import annotations

import datetime as dt
import string
import uuid as uuidlib
from dataclasses import asdict, dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.catalogue import fulltext as search_index
from app.catalogue.queries import MODE_LABELS, VALIDITY_LABELS, search  # noqa: F401 - re-exported
from app.core import attachments as core_attachments
from app.core import audit, profile, sequences, settings
from app.core.attachments import AttachmentInfo
from app.domain import dates
from app.errors import ConflictError, NotFoundError, ValidationError
from app.storage.models.catalogue import (
    DISCLOSURE_MODES,
    VALIDITIES,
    CatalogueAttachment,
    CatalogueDirectoryItem,
    CatalogueEntry,
    CatalogueRevision,
)
from app.storage.models.core import Office

PATTERN_SETTING = "catalogue.index_pattern"
DEFAULT_PATTERN = settings.default(PATTERN_SETTING)
FILED_SETTING = "catalogue.last_filed_at"
PATTERN_FIELDS = {"org_code", "year", "month", "serial"}
MAX_ATTACHMENT = core_attachments.MAX_BYTES

# Fields the clerk edits (dict keys of create_entry / update_entry, and of the interchange records).
TEXT_FIELDS = {"title": 500, "summary": 2000, "publisher": 200, "doc_number": 100, "scope": 100,
               "category": 100, "genre": 100, "keywords": 300}
DATE_FIELDS = ("written_on", "published_on", "validity_on", "validity_reviewed_on")
EDITABLE = (*TEXT_FIELDS, *DATE_FIELDS, "disclosure_mode", "is_normative", "validity", "replaced_by_id",
            "directory_item_id")


@dataclass
class EntryInfo:
    id: int
    uuid: str
    office_id: int
    index_number: str
    title: str
    summary: str | None
    publisher: str | None
    written_on: dt.date | None
    published_on: dt.date | None
    doc_number: str | None
    disclosure_mode: str
    scope: str | None
    category: str | None
    genre: str | None
    keywords: str | None
    directory_item_id: int | None
    is_normative: bool
    validity: str | None
    validity_on: dt.date | None
    validity_reviewed_on: dt.date | None
    replaced_by_id: int | None
    revision: int
    updated_at: dt.datetime
    deleted: bool

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class RevisionInfo:
    revision: int
    action: str
    changed_at: dt.datetime
    operator: str | None
    content: dict


@dataclass
class ChangeInfo:
    entry_id: int
    index_number: str
    title: str
    kind: str  # created | updated | deleted
    revision: int
    updated_at: dt.datetime


def now() -> dt.datetime:
    """Naive UTC with microseconds: changes in the same second as a filing still sort after it."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def entry_info(entry: CatalogueEntry) -> EntryInfo:
    return EntryInfo(**{name: getattr(entry, name) for name in EntryInfo.__dataclass_fields__})


# -- 索引号 ----------------------------------------------------------------------------------------------
def index_pattern(session: Session) -> str:
    return settings.get_setting(session, PATTERN_SETTING)


def check_pattern(pattern: str) -> str:
    """A pattern uses {org_code} {year} {month} {serial} (Python format specs allowed, e.g. {serial:05d})."""
    pattern = (pattern or "").strip()
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None}
    except ValueError:
        raise ValidationError(f"索引号格式“{pattern}”的花括号不成对。") from None
    unknown = names - PATTERN_FIELDS
    if unknown:
        raise ValidationError(f"索引号格式中有无法识别的字段：{'、'.join(sorted('{' + n + '}' for n in unknown))}"
                              "（可用 {org_code} {year} {month} {serial}）。")
    if "serial" not in names:
        raise ValidationError("索引号格式必须包含流水号 {serial}，否则索引号会重复。")
    try:
        sample = pattern.format(org_code="11330127MB0000001X", year=2026, month=1, serial=1)
    except (ValueError, KeyError, IndexError) as exc:
        raise ValidationError(f"索引号格式“{pattern}”无法使用：{exc}。") from None
    if len(sample) > 80:
        raise ValidationError("按该格式生成的索引号过长（最多80个字符）。")
    return pattern


def set_index_pattern(session: Session, pattern: str) -> None:
    settings.set_setting(session, PATTERN_SETTING, check_pattern(pattern))


def _index_key(pattern: str, office: Office, day: dt.date) -> str:
    uses_month = "{month" in pattern
    return f"index:{office.org_code}:{day.year}" + (f"{day.month:02d}" if uses_month else "")


def preview_index_number(session: Session, pattern: str | None = None, day: dt.date | None = None) -> str:
    """The 索引号 the own office's next entry would get with `pattern` (default: the configured one);
    takes no number. Raises ValidationError for an unusable pattern."""
    pattern = check_pattern(pattern) if pattern is not None else index_pattern(session)
    office = profile.own_office_row(session)
    day = day or dt.date.today()
    serial = sequences.peek(session, _index_key(pattern, office, day)) + 1
    return pattern.format(org_code=office.org_code, year=day.year, month=day.month, serial=serial)


def next_index_number(session: Session, office: Office, day: dt.date) -> str:
    """A new 索引号: the pattern filled with a gap-free serial; a number already held (imported from
    elsewhere) is skipped, and no number is ever given twice (entries are only soft-deleted)."""
    pattern = index_pattern(session)
    key = _index_key(pattern, office, day)
    while True:
        serial = sequences.next_value(session, key)
        number = pattern.format(org_code=office.org_code, year=day.year, month=day.month, serial=serial)
        taken = session.execute(
            select(CatalogueEntry.id).where(CatalogueEntry.index_number == number)).first()
        if taken is None:
            return number


# -- validation ---------------------------------------------------------------------------------------
parse_date = dates.parse_date  # one reading of written dates for every service


def _code(value, codes, labels: dict, label: str) -> str | None:
    if value is None or value == "":
        return None
    text = str(value).strip()
    if text in codes:
        return text
    for code, name in labels.items():
        if text == name:
            return code
    raise ValidationError(f"{label}“{value}”无法识别，可选：{'、'.join(labels.values())}。")


def clean(session: Session, data: dict, current: CatalogueEntry | None = None) -> dict:
    """Check and normalise the editable fields in `data` (only the keys present)."""
    out: dict = {}
    for name, limit in TEXT_FIELDS.items():
        if name in data:
            value = data[name]
            value = None if value is None else str(value).strip() or None
            if value is not None and len(value) > limit:
                raise ValidationError(f"“{_LABELS[name]}”过长（最多{limit}个字）。")
            out[name] = value
    if "title" in data and not out.get("title"):
        raise ValidationError("信息名称不能为空。")
    for name in DATE_FIELDS:
        if name in data:
            out[name] = parse_date(data[name], _LABELS[name])
    if "disclosure_mode" in data:
        out["disclosure_mode"] = _code(data["disclosure_mode"], DISCLOSURE_MODES, MODE_LABELS, "公开方式") \
            or "proactive"
    if "validity" in data:
        out["validity"] = _code(data["validity"], VALIDITIES, VALIDITY_LABELS, "有效性")
    if "is_normative" in data:
        out["is_normative"] = bool(data["is_normative"])
    for name in ("replaced_by_id", "directory_item_id"):
        if name in data:
            out[name] = int(data[name]) if data[name] not in (None, "") else None

    merged = {name: getattr(current, name) for name in EDITABLE} if current is not None else {}
    merged.update(out)
    written, published = merged.get("written_on"), merged.get("published_on")
    if written and published and published < written:
        raise ValidationError("发布日期不能早于成文日期。")
    # Only a 行政规范性文件 carries a validity marking; a marking implies one.
    if out.get("validity") and not merged.get("is_normative") and data.get("is_normative") is not False:
        out["is_normative"] = merged["is_normative"] = True
    if merged.get("is_normative") and not merged.get("validity"):
        out["validity"] = merged["validity"] = "valid"
    if not merged.get("is_normative"):
        for name in ("validity", "validity_on", "replaced_by_id"):
            if merged.get(name) is not None:
                out[name] = None
    replaced = merged.get("replaced_by_id")
    if replaced is not None:
        if current is not None and replaced == current.id:
            raise ValidationError("替代文件不能是本文件自身。")
        if session.get(CatalogueEntry, replaced) is None:
            raise NotFoundError("指定的替代文件不存在。")
    item = merged.get("directory_item_id")
    if item is not None and session.get(CatalogueDirectoryItem, item) is None:
        raise NotFoundError("指定的标准目录事项不存在。")
    return out


_LABELS = {"title": "信息名称", "summary": "内容概述", "publisher": "发布机构", "doc_number": "文号",
           "scope": "公开范围", "category": "主题分类", "genre": "体裁", "keywords": "关键词",
           "written_on": "成文日期", "published_on": "发布日期", "validity_on": "有效性变更日期",
           "validity_reviewed_on": "有效性审查日期"}


# -- entries ------------------------------------------------------------------------------------------
def _get(session: Session, entry_id: int) -> CatalogueEntry:
    entry = session.get(CatalogueEntry, entry_id)
    if entry is None:
        raise NotFoundError("该目录条目不存在。")
    return entry


def get_entry(session: Session, entry_id: int) -> EntryInfo:
    return entry_info(_get(session, entry_id))


def get_by_index_number(session: Session, index_number: str) -> EntryInfo:
    entry = session.execute(
        select(CatalogueEntry).where(CatalogueEntry.index_number == index_number.strip())).scalar_one_or_none()
    if entry is None:
        raise NotFoundError(f"没有索引号为 {index_number} 的目录条目。")
    return entry_info(entry)


def _reindex(session: Session, entry: CatalogueEntry) -> None:
    session.flush()
    if entry.deleted:
        search_index.unindex_entries(session, [entry.id])
    else:
        search_index.index_entries(session, [(entry.id, entry.published_on, entry.title, entry.doc_number)])


def create_entry(session: Session, data: dict, *, office_id: int | None = None) -> EntryInfo:
    """Add an entry. `data` holds the editable fields (see EDITABLE); `index_number` is generated from the
    configured pattern unless given (then it must be new)."""
    office = session.get(Office, office_id) if office_id else profile.own_office_row(session)
    if office is None:
        raise NotFoundError("指定的机关不存在。")
    values = clean(session, {"title": data.get("title"), **data})
    index_number = str(data.get("index_number") or "").strip()
    if index_number:
        if session.execute(select(CatalogueEntry.id).where(CatalogueEntry.index_number == index_number)).first():
            raise ConflictError(f"索引号 {index_number} 已被使用，索引号不能重复。")
    else:
        day = values.get("written_on") or values.get("published_on") or dt.date.today()
        index_number = next_index_number(session, office, day)
    stamp = now()
    entry = CatalogueEntry(uuid=str(data.get("uuid") or uuidlib.uuid4()), office_id=office.id,
                           index_number=index_number, revision=1, created_at=stamp, updated_at=stamp,
                           deleted=False, disclosure_mode="proactive", is_normative=False)
    for name, value in values.items():
        setattr(entry, name, value)
    session.add(entry)
    session.flush()
    audit.record(session, entry, "create")
    _reindex(session, entry)
    return entry_info(entry)


def keep_revision(session: Session, entry: CatalogueEntry, action: str) -> None:
    """Keep the entry's current content as a revision before it changes (edit, import, delete)."""
    session.add(CatalogueRevision(entry_id=entry.id, revision=entry.revision, content=audit.snapshot(entry),
                                  changed_at=now(), operator=session.info.get("operator"), action=action))
    entry.revision += 1
    entry.updated_at = now()


def update_entry(session: Session, entry_id: int, data: dict) -> EntryInfo:
    """Change fields of an entry; the previous content is kept as a revision. No change → no revision."""
    entry = _get(session, entry_id)
    if entry.deleted:
        raise ConflictError("该目录条目已删除，不能修改。")
    values = clean(session, data, entry)
    changed = {k: v for k, v in values.items() if getattr(entry, k) != v}
    if not changed:
        return entry_info(entry)
    keep_revision(session, entry, "update")
    for name, value in changed.items():
        setattr(entry, name, value)
    audit.record(session, entry, "update")
    if changed.keys() & {"title", "doc_number", "published_on"}:
        _reindex(session, entry)
    return entry_info(entry)


def mark_validity(session: Session, entry_id: int, validity: str, *, on: dt.date | str | None = None,
                  replaced_by_id: int | None = None, reviewed_on: dt.date | str | None = None) -> EntryInfo:
    """Set the validity of a 行政规范性文件 (有效 / 失效 / 废止 / 修订) with its date and the replacing
    document; counts as a review of its validity."""
    entry = _get(session, entry_id)
    code = _code(validity, VALIDITIES, VALIDITY_LABELS, "有效性")
    if code is None:
        raise ValidationError("请选择有效性。")
    if code != "valid" and on is None:
        on = dt.date.today()
    data = {"is_normative": True, "validity": code, "validity_on": on,
            "validity_reviewed_on": reviewed_on or dt.date.today()}
    if replaced_by_id is not None or code == "valid":
        data["replaced_by_id"] = replaced_by_id
    values = clean(session, data, entry)
    changed = {k: v for k, v in values.items() if getattr(entry, k) != v}
    if not changed:
        return entry_info(entry)
    keep_revision(session, entry, "validity")
    for name, value in changed.items():
        setattr(entry, name, value)
    audit.record(session, entry, "validity")
    return entry_info(entry)


def delete_entry(session: Session, entry_id: int) -> None:
    """Soft-delete: the row stays (its 索引号 is never given again) and leaves the search index."""
    entry = _get(session, entry_id)
    if entry.deleted:
        return
    keep_revision(session, entry, "delete")
    entry.deleted = True
    audit.record(session, entry, "soft_delete")  # "delete" means a row removed, to `gongkai check`
    _reindex(session, entry)


def restore_entry(session: Session, entry_id: int) -> EntryInfo:
    entry = _get(session, entry_id)
    if not entry.deleted:
        return entry_info(entry)
    keep_revision(session, entry, "restore")
    entry.deleted = False
    audit.record(session, entry, "restore")
    _reindex(session, entry)
    return entry_info(entry)


def revisions(session: Session, entry_id: int) -> list[RevisionInfo]:
    """Earlier versions of an entry, oldest first (each is the full content before a change)."""
    _get(session, entry_id)
    rows = session.execute(select(CatalogueRevision).where(CatalogueRevision.entry_id == entry_id)
                           .order_by(CatalogueRevision.revision)).scalars()
    return [RevisionInfo(r.revision, r.action, r.changed_at, r.operator, r.content) for r in rows]


# -- attachments ---------------------------------------------------------------------------------------
def add_attachment(session: Session, entry_id: int, filename: str, content: bytes) -> AttachmentInfo:
    entry = _get(session, entry_id)
    if not filename or not filename.strip():
        raise ValidationError("附件文件名不能为空。")
    core_attachments.check_size(filename.strip(), content)
    att = CatalogueAttachment(uuid=str(uuidlib.uuid4()), entry_id=entry.id, filename=filename.strip()[:300],
                              sha256=core_attachments.digest(content), size=len(content), content=bytes(content),
                              created_at=now(), deleted=False)
    session.add(att)
    entry.updated_at = now()
    session.flush()
    audit.record(session, att, "create")
    audit.record(session, entry, "update", note=f"附件 {att.filename}", touched=True)
    return core_attachments.info(att)


def attachments(session: Session, entry_id: int) -> list[AttachmentInfo]:
    return core_attachments.listing(session, CatalogueAttachment, CatalogueAttachment.entry_id == entry_id,
                                    CatalogueAttachment.deleted.is_(False))


def attachment_bytes(session: Session, sha256: str) -> bytes | None:
    """The bytes of an attachment with this SHA-256 (None when there is none), checked against it."""
    att = session.execute(select(CatalogueAttachment).where(
        CatalogueAttachment.sha256 == sha256).limit(1)).scalar_one_or_none()
    return None if att is None else core_attachments.read_content(att)


# -- filing to the province ----------------------------------------------------------------------------
def last_filed_at(session: Session) -> dt.datetime | None:
    value = settings.get_setting(session, FILED_SETTING)
    return dt.datetime.fromisoformat(value) if value else None  # a timestamp we stored: ISO by contract


def changes_since_filing(session: Session, *, office_id: int | None = None) -> list[ChangeInfo]:
    """Entries created, changed or deleted since the last filing (备案) to the province, oldest first."""
    marker = last_filed_at(session)
    stmt = select(CatalogueEntry.id, CatalogueEntry.index_number, CatalogueEntry.title, CatalogueEntry.deleted,
                  CatalogueEntry.created_at, CatalogueEntry.revision, CatalogueEntry.updated_at)
    if marker is not None:
        stmt = stmt.where(CatalogueEntry.updated_at > marker)
    if office_id is not None:
        stmt = stmt.where(CatalogueEntry.office_id == office_id)
    out = []
    for i, number, title, deleted, created, rev, updated in session.execute(
            stmt.order_by(CatalogueEntry.updated_at, CatalogueEntry.id)):
        if deleted:
            kind = "deleted"
        elif marker is None or created > marker:
            kind = "created"
        else:
            kind = "updated"
        if deleted and marker is not None and created > marker:
            continue  # created and deleted since the last filing: nothing to report
        out.append(ChangeInfo(i, number, title, kind, rev, updated))
    return out


def count_changes_since_filing(session: Session) -> int:
    """len(changes_since_filing(session)), counted in SQL (the settings tab shows it: at county scale the
    list is every entry until the first filing)."""
    from sqlalchemy import and_, func, not_

    marker = last_filed_at(session)
    e = CatalogueEntry
    stmt = select(func.count()).select_from(e)
    if marker is not None:
        # As changes_since_filing: changed after the marker, but not created and deleted since then.
        stmt = stmt.where(e.updated_at > marker, not_(and_(e.deleted.is_(True), e.created_at > marker)))
    return session.execute(stmt).scalar_one()


def mark_filed(session: Session, at: dt.datetime | None = None) -> dt.datetime:
    """Record that everything up to `at` (default: now) has been filed with the province."""
    at = at or now()
    settings.set_setting(session, FILED_SETTING, at.isoformat())
    return at


def count_entries(session: Session, *, include_deleted: bool = False) -> int:
    stmt = select(func.count()).select_from(CatalogueEntry)
    if not include_deleted:
        stmt = stmt.where(CatalogueEntry.deleted.is_(False))
    return session.execute(stmt).scalar_one()
