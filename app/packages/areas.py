"""The data files of a package: which area exports each one and how an incoming file is applied.

Each area owns its records (register, catalogue, negative list, ledger, calendar); this module only
adapts their interchange functions to packages. Issued annual reports and letter templates have no
interchange pair in their areas, so their records are built and applied here from the models.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import audit, privacy
from app.core.results import ImportResult
from app.errors import ValidationError
from app.storage.base import utcnow
from app.storage.models.core import Office

# Personal data left out of packages for the province (docs/spec/packages.md section 1).
PERSONAL_FIELDS = ("id_number", "phone", "address", "email", "contact_person")


@dataclass(frozen=True)
class Area:
    name: str  # data file stem: data/<name>.jsonl
    label: str  # shown to the clerk
    export: Callable[[Session, dt.datetime | None], Iterator[dict]]
    has_office: bool = True  # records carry `office`
    # The export yields every record with its keys already in sorted order (the package's JSON lines are
    # then written without sorting them again; tests/packages check the promise).
    sorted_keys: bool = False
    # Tables a big data file of this area fills: their non-unique indexes are built after the rows when
    # the file brings more rows than a table holds (app.storage.indexes).
    bulk_tables: tuple[str, ...] = ()


# -- export adapters ------------------------------------------------------------------------------------------
def _applications(session: Session, since):
    from app.register.interchange import export_records

    return export_records(session, since=since, include_office=True, with_meta=True)


def _catalogue(session: Session, since):
    from app.catalogue import export_records

    return export_records(session, since=since)


def _negative_list(session: Session, since):
    from app.negative_list import export_records

    return export_records(session, since=since)


def _ledger(session: Session, since):
    from app.ledger import export_records

    return export_records(session, since=since)


def _calendar(session: Session, since):
    from app.calendar import export_records

    return export_records(session, since=since)


def _reports(session: Session, since) -> Iterator[dict]:
    from app.storage.models.reports import AnnualReport

    codes = dict(session.execute(select(Office.id, Office.org_code)).all())
    stmt = select(AnnualReport).where(AnnualReport.status == "issued").order_by(AnnualReport.id)
    if since is not None:
        stmt = stmt.where(AnnualReport.updated_at > since)
    for r in session.execute(stmt).scalars():
        yield {"id": r.uuid, "updated_at": r.updated_at.isoformat(), "deleted": False,
               "office": codes.get(r.office_id), "year": r.year, "summary": bool(r.summary),
               "overview": r.overview, "problems": r.problems, "other_matters": r.other_matters,
               "issued_at": r.issued_at.isoformat() if r.issued_at else None, "issued_by": r.issued_by,
               "snapshot": r.snapshot}


AREAS = [
    Area("applications", "依申请公开", _applications),
    Area("catalogue", "公开目录", _catalogue, sorted_keys=True, bulk_tables=("catalogue_entry", "audit_log")),
    Area("negative_list", "负面清单", _negative_list),
    Area("ledger", "工作台账", _ledger),
    Area("calendar", "工作日历", _calendar, has_office=False),
    Area("reports", "年度报告", _reports),
]
AREA_BY_NAME = {a.name: a for a in AREAS}
# Files only the provincial platform sends (issue 8 item 5).
PROVINCE_FILES = ("calendar", "templates", "negative_list")
LABELS = {**{a.name: a.label for a in AREAS}, "templates": "文书模板与法律依据"}


mask_name = privacy.mask_name  # one masking policy for lists, exports and packages (张**)


def mask_application(rec: dict) -> dict:
    applicant = dict(rec.get("applicant") or {})
    for key in PERSONAL_FIELDS:
        applicant.pop(key, None)
    applicant["name"] = mask_name(applicant.get("name"))
    return {**rec, "applicant": applicant}


# -- apply ---------------------------------------------------------------------------------------------------
def apply(session: Session, name: str, records: list[dict], *, sender_office_id: int | None,
          from_province: bool, attachment: Callable[[str], bytes | None], context: dict | None = None) -> dict:
    """Apply one batch of one data file; returns counts. Raises UserError (the caller rolls back).
    `context`: one dict per data file, shared by its batches; pass it to finish() after the last batch."""
    if name == "applications":
        from app.register.interchange import import_records

        return import_records(session, records, office_id=sender_office_id).counts()
    if name == "catalogue":
        from app.catalogue import apply_records

        for rec in records:
            for att in rec.get("attachments") or []:
                content = attachment(str(att.get("sha256") or ""))
                if content is not None:
                    att["content_base64"] = base64.b64encode(content).decode("ascii")
        state = None
        if context is not None:
            from app.catalogue.interchange import FileState

            state = context.get("catalogue")
            if state is None:
                state = context["catalogue"] = FileState(session)
        return apply_records(session, records, office_id=None, state=state).counts()
    if name == "negative_list":
        from app.negative_list import apply_records

        return apply_records(session, records, office_id=sender_office_id).counts()
    if name == "ledger":
        from app.ledger import apply_records
        from app.reports.issued import figures_unchanged

        by_office: dict[str | None, list[dict]] = {}
        for rec in records:
            by_office.setdefault(rec.get("office"), []).append(rec)
        total = ImportResult()
        for code, group in by_office.items():
            office_id = _office_id(session, code) if code else sender_office_id
            with figures_unchanged(session, None if office_id is None else [office_id],  # issued years stay
                                   what="数据包中的工作台账记录"):
                total.add(apply_records(session, group, office_id=office_id, attachment_loader=attachment))
        return total.counts()
    if name == "calendar":
        from app.calendar import apply_records

        return apply_records(session, records, source="province").counts()
    if name == "reports":
        return _apply_reports(session, records)
    if name == "templates":
        return _apply_templates(session, records)
    raise ValidationError(f"未知的数据文件 data/{name}.jsonl。")


def finish(session: Session, name: str, context: dict) -> None:
    """After the last batch of a data file: the work its batches left for the end (the catalogue's
    search index of new entries, written in large runs, and references to entries of later batches)."""
    state = context.get("catalogue")
    if state is not None:
        state.finish()


def _office_id(session: Session, code: str) -> int:
    return session.execute(select(Office.id).where(Office.org_code == code)).scalar_one()


def _apply_reports(session: Session, records: list[dict]) -> dict:
    """Issued annual reports of other offices: stored as received (never the own office's report)."""
    from app.storage.models.reports import AnnualReport

    result = ImportResult()
    for n, rec in enumerate(records, 1):
        year = rec.get("year")
        if not isinstance(year, int) or not 2000 <= year <= 2200 or not isinstance(rec.get("office"), str):
            raise ValidationError(f"年度报告数据第{n}条缺少年份或机关代码。")
        office = session.execute(select(Office).where(Office.org_code == rec["office"])).scalar_one()
        if office.is_self:
            raise ValidationError("数据包中含有本机关自己的年度报告，已拒绝导入。")
        values = {"status": "issued", "summary": bool(rec.get("summary")),
                  "overview": str(rec.get("overview") or ""), "problems": str(rec.get("problems") or ""),
                  "other_matters": str(rec.get("other_matters") or ""),
                  "issued_at": _stamp(rec.get("issued_at")), "issued_by": _short(rec.get("issued_by")),
                  "snapshot": rec.get("snapshot") if isinstance(rec.get("snapshot"), dict) else None}
        row = session.execute(select(AnnualReport).where(
            AnnualReport.office_id == office.id, AnnualReport.year == year,
            AnnualReport.summary == values["summary"])).scalar_one_or_none()
        if row is None:
            row = AnnualReport(uuid=str(rec["id"])[:36], office_id=office.id, year=year, created_at=utcnow(),
                               **values)
            session.add(row)
            audit.record(session, row, "create", note="数据包导入")
            result.created += 1
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            audit.record(session, row, "update", note="数据包导入")
            result.updated += 1
        else:
            result.unchanged += 1
    return result.counts()


def _stamp(value) -> dt.datetime | None:
    if not value:
        return None
    try:
        t = dt.datetime.fromisoformat(str(value))  # a machine timestamp: ISO by contract
    except ValueError:
        raise ValidationError(f"时间“{str(value)[:40]}”格式无效。") from None
    return t.astimezone(dt.timezone.utc).replace(tzinfo=None) if t.tzinfo else t


def _short(value) -> str | None:
    return str(value)[:100] if value else None


def _apply_templates(session: Session, records: list[dict]) -> dict:
    """Letter wording and legal-basis entries from the province: {kind, key, text} (deleted: back to shipped)."""
    from app import letters

    result = ImportResult()
    for n, rec in enumerate(records, 1):
        kind, key, text = rec.get("kind"), rec.get("key"), rec.get("text")
        if not isinstance(kind, str) or not isinstance(key, str):
            raise ValidationError(f"文书模板数据第{n}条缺少 kind 或 key。")
        if rec.get("deleted"):
            result.deleted += letters.reset_template_override(session, kind, key)
            continue
        if not isinstance(text, str):
            raise ValidationError(f"文书模板数据第{n}条缺少文字（text）。")
        letters.save_template_override(session, kind, key, text)
        result.updated += 1
    return result.counts()
