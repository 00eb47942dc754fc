"""The offices a trusted sender speaks for, and the check that a package carries no one else's records.

A sender may carry records of its own office and, for a county, of the offices the clerk registered under
its key (`allow_office`: its townships and departments). Before anything of a package is applied,
`check_package` reads every data file once and refuses the whole package, naming the office, when a
record claims any other office, or when a record's id is already held here for an office the sender does
not speak for (an "update" that would move another office's record). An office code not yet known here
becomes a new office only when the clerk registered it for that sender; no code is registered silently.
The importing office's own records are refused as before (app/packages/importer.py).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from app.core import audit, profile
from app.domain.identifiers import org_code_problem
from app.errors import NotFoundError, ValidationError
from app.packages.archive import SafeArchive
from app.packages.manifest import Manifest
from app.storage.base import Base, utcnow
from app.storage.models.core import Office
from app.storage.models.packages import TrustedKey, TrustedKeyOffice

PROVINCE = "province"
CHUNK = 900  # ids per lookup (SQLite's bound-parameter limit is 999 on old builds)

# The tables whose rows belong to an office, per data file: a record's id is looked up in each.
OWNED_TABLES = {
    "applications": ("application",),
    "catalogue": ("catalogue_entry",),
    "negative_list": ("negative_item",),
    "ledger": ("ledger_task", "ledger_activity", "ledger_column", "ledger_figure", "ledger_case"),
    "reports": ("annual_report",),
}


@dataclass(frozen=True)
class AllowedOffice:
    office_code: str
    office_name: str | None
    added_by: str | None


# -- the registry -------------------------------------------------------------------------------------------
def _trusted(session: Session, sender: str) -> TrustedKey:
    row = session.execute(select(TrustedKey).where(TrustedKey.org_code == sender)).scalar_one_or_none()
    if row is None:
        raise NotFoundError(f"发送方“{sender}”的公钥尚未登记为可信，请先登记公钥（gongkai keys trust）。")
    return row


def allow_office(session: Session, sender: str, office_code: str, office_name: str | None = None) -> AllowedOffice:
    """Let the trusted `sender` carry records of `office_code` (a township or department under a county)."""
    sender, office_code = (sender or "").strip(), (office_code or "").strip()
    trusted = _trusted(session, sender)
    if sender == PROVINCE:
        raise ValidationError("省级平台下发的内容都作为本机关的事项导入，无需登记下属机关。")
    problem = org_code_problem(office_code)
    if problem:
        raise ValidationError(f"机关代码“{office_code[:40]}”无效：{problem}。")
    if office_code == sender:
        raise ValidationError("发送方本机关的记录总是可以导入，无需登记。")
    if office_code == profile.own_office_row(session).org_code:
        raise ValidationError("本机关的数据只能在本机修改，不能登记为其他发送方可以代报的机关。")
    other = session.execute(select(TrustedKeyOffice).where(TrustedKeyOffice.office_code == office_code,
                                                           TrustedKeyOffice.sender != sender)).scalars().first()
    if other is not None:
        raise ValidationError(f"机关“{office_code}”已登记为由“{other.sender}”代报，一个机关只能由一个发送方代报；"
                              "如需更改，请先取消原登记（gongkai keys disallow）。")
    row = session.execute(select(TrustedKeyOffice).where(TrustedKeyOffice.sender == sender,
                                                         TrustedKeyOffice.office_code == office_code)).scalar_one_or_none()
    if row is None:
        row = TrustedKeyOffice(sender=sender, office_code=office_code, office_name=office_name,
                               added_by=session.info.get("operator"), added_at=utcnow())
        session.add(row)
        audit.record(session, row, "create", note=f"登记“{trusted.org_name or sender}”可代报的机关")
    elif office_name and office_name != row.office_name:
        row.office_name = office_name
        audit.record(session, row, "update")
    return AllowedOffice(row.office_code, row.office_name, row.added_by)


def disallow_office(session: Session, sender: str, office_code: str) -> None:
    row = session.execute(select(TrustedKeyOffice).where(TrustedKeyOffice.sender == sender,
                                                         TrustedKeyOffice.office_code == office_code)).scalar_one_or_none()
    if row is None:
        raise NotFoundError(f"“{sender}”没有登记可代报机关“{office_code}”。")
    audit.record_delete(session, row, note="取消可代报的机关")
    session.delete(row)


def allowed_offices(session: Session, sender: str) -> list[AllowedOffice]:
    rows = session.execute(select(TrustedKeyOffice).where(TrustedKeyOffice.sender == sender)
                           .order_by(TrustedKeyOffice.office_code)).scalars()
    return [AllowedOffice(r.office_code, r.office_name, r.added_by) for r in rows]


# -- the check before a package is applied ------------------------------------------------------------------
def check_package(session: Session, ar: SafeArchive, m: Manifest) -> None:
    """Refuse (ValidationError naming the office) a package carrying a record of an office its sender does
    not speak for. Reads the data files once; changes nothing."""
    if m.sender_code == PROVINCE:
        return  # guidance from the province becomes the office's own items (importer)
    allowed = {m.sender_code} | {a.office_code for a in allowed_offices(session, m.sender_code)}
    own = profile.own_office_row(session).org_code
    names = dict(session.execute(select(Office.org_code, Office.name)).all())
    allowed_ids = set(session.execute(select(Office.id).where(Office.org_code.in_(allowed))).scalars())
    sender = m.sender_name or m.sender_code
    for f in m.data_files():
        name = f.path[len("data/"):-len(".jsonl")]
        tables = OWNED_TABLES.get(name)
        if tables is None:
            continue  # not an office's records: the importer decides (calendar, unknown files)
        # An empty table holds no one's record: only the offices the lines name are checked (a first
        # package into a new database is not looked up id by id).
        tables = tuple(t for t in tables if _has_rows(session, t))
        pending: list[str] = []
        for n, raw in enumerate(ar.lines(f.path), 1):
            quick = _quick_scan(raw, ids=bool(tables))
            if quick is not None and all((c or m.sender_code) in allowed for c in quick[0]):
                pending.extend(quick[1])
                if len(pending) >= CHUNK:
                    _check_owners(session, tables, pending, allowed_ids, names, sender, f.path)
                    pending = []
                continue
            code, rid = _office_and_id(raw, f.path, n)  # the exact reading decides
            code = code or m.sender_code
            if code != own and code not in allowed:
                shown = f"“{names[code]}”（{code}）" if code in names else f"“{code[:40]}”"
                known = "" if code in names else "（本机尚未登记该机关）"
                raise ValidationError(f"数据包“{f.path}”第{n}行是机关{shown}{known}的记录，发送方“{sender}”无权代报该机关"
                                      "的数据，已拒绝导入整个数据包。如该机关确属发送方下属，请先登记"
                                      f"（gongkai keys allow --org {m.sender_code} --office 机关代码）。")
            if rid and tables:
                pending.append(rid)
            if len(pending) >= CHUNK:
                _check_owners(session, tables, pending, allowed_ids, names, sender, f.path)
                pending = []
        if pending:
            _check_owners(session, tables, pending, allowed_ids, names, sender, f.path)


# Every "office" and "id" key of a line, top level or nested, read without parsing the JSON (a package of
# a million records is read here once more before it is applied). Only lines without any backslash take
# this path: an escape could spell a key ("\u006fffice") or hide a quote; they are parsed exactly.
_OFFICE_KEYS = re.compile(rb'"office"\s*:\s*(?:null|"([^"]*)")')
_ID_KEYS = re.compile(rb'"id"\s*:\s*"([^"]{1,64})"')


def _has_rows(session: Session, table_name: str) -> bool:
    table: Table = Base.metadata.tables[table_name]
    return session.execute(select(table.c.uuid).limit(1)).first() is not None


def _quick_scan(raw: bytes, *, ids: bool = True) -> tuple[list[str | None], list[str]] | None:
    """(every office code, every id) named in the line, or None when the line needs the exact reading
    (`ids` False: the ids are not collected).
    When every code found is one the sender speaks for, so is the record's own (one of them); checking the
    nested ids too can only refuse more, never less."""
    if b"\\" in raw:
        return None
    try:
        offices = [m.group(1).decode("utf-8") if m.group(1) is not None else None for m in _OFFICE_KEYS.finditer(raw)]
        found = [m.group(1).decode("utf-8") for m in _ID_KEYS.finditer(raw)] if ids else []
    except UnicodeDecodeError:
        return None
    return offices, found


def _office_and_id(raw: bytes, path: str, n: int) -> tuple[str | None, str | None]:
    try:
        rec = json.loads(raw)
    except (ValueError, RecursionError):
        raise ValidationError(f"数据包“{path}”第{n}行不是有效的 JSON，已拒绝导入。") from None
    if not isinstance(rec, dict):
        raise ValidationError(f"数据包“{path}”第{n}行缺少 id、updated_at 或 deleted，已拒绝导入。")
    code = rec.get("office")
    if code is not None and not isinstance(code, str):
        raise ValidationError(f"数据包“{path}”第{n}行的机关代码格式不对，已拒绝导入。")
    rid = rec.get("id")
    return code or None, rid if isinstance(rid, str) else None


def _check_owners(session: Session, tables: tuple[str, ...], ids: list[str], allowed_ids: set[int],
                  names: dict[str, str], sender: str, path: str) -> None:
    """No id of the batch may already belong, here, to an office the sender does not speak for."""
    codes = None
    for table_name in tables:
        table: Table = Base.metadata.tables[table_name]
        for uuid, office_id in session.execute(select(table.c.uuid, table.c.office_id).where(table.c.uuid.in_(ids))):
            if office_id in allowed_ids:
                continue
            if codes is None:
                codes = dict(session.execute(select(Office.id, Office.org_code)).all())
            code = codes.get(office_id, "?")
            raise ValidationError(f"数据包“{path}”中的记录（id {uuid}）在本机属于机关“{names.get(code, code)}”（{code}），"
                                  f"发送方“{sender}”无权修改，已拒绝导入整个数据包。")
