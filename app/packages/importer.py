"""Importing a package: everything is verified before anything changes, then applied all or nothing.

Order of checks (docs/spec/packages.md section 3): the archive is safe to read (archive.SafeArchive), the manifest
is well formed, the sender's key is trusted and its key id matches, the signature over the exact bytes
of manifest.json is valid, the package is addressed to this office, every member is listed with the
right SHA-256, size and record count, and the sequence fits the sender's stream. Only then are records
applied, in the caller's unit of work: any error rolls the whole package back.

A package already applied is a quiet no-op. A sequence gap holds the package (stored verified) until
the missing one arrives or the clerk accepts the gap. A record changed here and at the sender since the
last package from that sender is not applied: it is kept as a conflict for the clerk to settle.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import queue
import threading
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import audit, profile
from app.core.results import COUNT_LABELS
from app.domain.identifiers import org_code_problem
from app.errors import Cancelled, ValidationError
from app.packages import offices
from app.packages.archive import DEFAULT_LIMITS, Limits, SafeArchive, read_package_file
from app.packages.areas import AREA_BY_NAME, LABELS, PROVINCE_FILES, apply, finish
from app.packages.held import hold_for_locked_year
from app.packages.manifest import Manifest
from app.packages.verify import verify
from app.reports.year_lock import YearLocked, locked_years
from app.storage import checkpoint, indexes, unit_end
from app.storage.base import utcnow
from app.storage.models.core import Office
from app.storage.models.packages import (
    IncomingPackage,
    PackageConflict,
    StreamPosition,
)

# Records applied at a time. A catalogue batch's search-index rows are written by a helper thread while
# the next batch is read and checked (app.catalogue.interchange.FileState): 20,000 records give it the
# time (bench/run.py, a million-entry package: 5,000 left the import waiting for it a fifth of the time).
BATCH = 20_000
PROGRESS_EVERY = 5000  # records between progress reports (and cancel checks)
PROVINCE = "province"
META_KEYS = ("updated_at", "revision", "version")  # bookkeeping, not content, when comparing versions


@dataclass
class ImportOutcome:
    state: str  # applied | held | duplicate
    package_id: str
    sender: str
    sender_name: str
    sequence: int
    kind: str
    counts: dict[str, dict] = field(default_factory=dict)
    conflicts: int = 0
    missing: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    also_applied: list[str] = field(default_factory=list)
    message: str = ""


def _stream(session: Session, sender: str, *, create: bool = True) -> StreamPosition:
    """The receiving stream of `sender`; without `create`, an unsaved blank one when there is none yet."""
    row = session.execute(select(StreamPosition).where(StreamPosition.direction == "in",
                                                       StreamPosition.peer == sender)).scalar_one_or_none()
    if row is None:
        row = StreamPosition(direction="in", peer=sender, last_sequence=0)
        if create:
            session.add(row)
    return row


def _read_source(source, limits: Limits) -> bytes:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    return read_package_file(source, limits)  # size and ZIP structure checked before reading


# -- import ---------------------------------------------------------------------------------------------------
def import_package(session: Session, source, *, accept_gap: bool = False, file_name: str | None = None,
                   limits: Limits = DEFAULT_LIMITS, progress=None) -> ImportOutcome:
    """Verify and apply one package (bytes or a path). See the module docstring for the rules."""
    from app.storage.bulk import collector_paused

    with collector_paused():  # a full package keeps a million records' objects alive at once
        return _import_package(session, source, accept_gap=accept_gap, file_name=file_name, limits=limits,
                               progress=progress)


def _import_package(session: Session, source, *, accept_gap: bool, file_name: str | None, limits: Limits,
                    progress) -> ImportOutcome:
    data = _read_source(source, limits)
    if file_name is None and not isinstance(source, (bytes, bytearray, memoryview)):
        file_name = Path(source).name
    sha = hashlib.sha256(data).hexdigest()
    with SafeArchive(data, limits) as ar:
        m, _trusted = verify(session, ar)
        outcome = ImportOutcome(state="applied", package_id=m.package_id, sender=m.sender_code,
                                sender_name=m.sender_name, sequence=m.sequence, kind=m.kind)
        row = session.execute(select(IncomingPackage).where(
            IncomingPackage.package_id == m.package_id)).scalar_one_or_none()
        if row is not None and row.state == "applied":
            outcome.state = "duplicate"
            outcome.message = f"该数据包（序号 {m.sequence}）已于此前导入，本次未做任何更改。"
            return outcome
        offices.check_package(session, ar, m)  # records only of offices the sender speaks for
        stream = _stream(session, m.sender_code, create=False)
        if m.sequence <= stream.last_sequence:
            raise ValidationError(f"该数据包的序号（{m.sequence}）不晚于已导入的来自“{m.sender_name or m.sender_code}”"
                                  f"的序号（{stream.last_sequence}），且编号不同，已拒绝导入。")
        if m.sequence > stream.last_sequence + 1 and not accept_gap:
            outcome.state = "held"
            outcome.missing = list(range(stream.last_sequence + 1, m.sequence))
            gap = _range_text(outcome.missing)
            outcome.message = (f"缺少来自“{m.sender_name or m.sender_code}”的序号 {gap} 的数据包；本数据包（序号 "
                               f"{m.sequence}）已暂存，待缺少的数据包导入后自动导入，或由您确认跳过缺号后导入。")
            if row is None:
                row = IncomingPackage(package_id=m.package_id, sender=m.sender_code, sender_name=m.sender_name,
                                      sequence=m.sequence, kind=m.kind, state="held", sha256=sha,
                                      file_name=(file_name or "")[:300] or None, content=data,
                                      package_created_at=m.created_at, received_at=utcnow(),
                                      summary={"missing": outcome.missing})
                session.add(row)
                audit.record(session, row, "create", note="数据包缺号暂存")
            return outcome
        stream = _stream(session, m.sender_code)
        guarded = _may_meet_year_lock(session, m)
        try:
            # A package for a locked year is held, not half applied: it is applied inside a SAVEPOINT to
            # roll back to, when it can meet a locked year at all.
            with session.begin_nested() if guarded else nullcontext():
                _apply_package(session, ar, m, outcome, progress)
        except YearLocked as locked:
            if not guarded:  # cannot happen (see _may_meet_year_lock); refused whole, never held half applied
                session.rollback()
                raise
            outcome.state = "held"
            outcome.message = hold_for_locked_year(session, m, data, sha, file_name, locked)
            return outcome
        except BaseException:
            if not guarded:
                # No SAVEPOINT to go back to: the unit of work is rolled back here, so that a refused
                # package leaves nothing of itself even for a caller that goes on and commits.
                session.rollback()
            raise
        if row is None:
            row = IncomingPackage(package_id=m.package_id, sender=m.sender_code, sender_name=m.sender_name,
                                  sequence=m.sequence, kind=m.kind, state="applied", sha256=sha,
                                  file_name=(file_name or "")[:300] or None, package_created_at=m.created_at,
                                  received_at=utcnow())
            session.add(row)
        skipped = list(range(stream.last_sequence + 1, m.sequence))
        if skipped:
            outcome.notes.append(f"已确认跳过缺少的序号 {_range_text(skipped)}。")
        row.state, row.content, row.applied_at = "applied", None, utcnow()
        row.summary = {"counts": outcome.counts, "conflicts": outcome.conflicts, "notes": outcome.notes,
                       "skipped": skipped}
        stream.last_sequence = m.sequence
        # One second past now: rows written by this import carry now (second precision), so only later
        # local edits count as "changed here since the last exchange".
        stream.applied_at = utcnow() + dt.timedelta(seconds=1)
        stream.sender_created_at = m.created
        audit.record(session, row, "update" if row.id else "create", note="数据包导入")
        audit.record(session, stream, "update" if stream.id else "create")
    outcome.message = _summary_text(outcome)
    outcome.also_applied = _release_held(session, m.sender_code, progress)
    if outcome.also_applied:
        outcome.message += f"另有 {len(outcome.also_applied)} 个暂存的后续数据包已随之导入。"
    return outcome


def _may_meet_year_lock(session: Session, m: Manifest) -> bool:
    """Whether applying the package can meet a year whose report is issued (YearLocked).

    Only then is it applied inside a SAVEPOINT. Inside one, SQLite first copies every page of the
    database that the package changes into a sub-journal, one write per page (a township's year at the
    county: ~25,000 pages, a sixth of the import; bench/run.py). A package changes only records of the
    offices its sender speaks for (offices.check_package; the importing office's own records are
    refused), and a province's package only the importing office's, so without a locked year of one of
    them nothing can be held."""
    locks = locked_years(session)
    if not locks:
        return False
    if m.sender_code == PROVINCE:
        return True
    codes = {m.sender_code} | {a.office_code for a in offices.allowed_offices(session, m.sender_code)}
    ids = set(session.execute(select(Office.id).where(Office.org_code.in_(codes))).scalars())
    return not ids.isdisjoint(locks)


def _release_held(session: Session, sender: str, progress) -> list[str]:
    """Apply held packages of this sender that now follow on without a gap."""
    applied: list[str] = []
    while True:
        stream = _stream(session, sender)
        row = session.execute(select(IncomingPackage).where(
            IncomingPackage.sender == sender, IncomingPackage.state == "held",
            IncomingPackage.sequence == stream.last_sequence + 1)).scalar_one_or_none()
        if row is None or row.content is None:
            return applied
        out = import_package(session, row.content, file_name=row.file_name, progress=progress)
        applied.append(out.package_id)
        applied.extend(out.also_applied)
        if out.also_applied:
            return applied


def accept_gap(session: Session, incoming_id: int, progress=None) -> ImportOutcome:
    """The clerk accepts that earlier packages are missing: apply a held package now."""
    row = session.get(IncomingPackage, incoming_id)
    if row is None or row.state != "held" or row.content is None:
        raise ValidationError("该数据包不在暂存状态，无需确认缺号。")
    return import_package(session, row.content, accept_gap=True, file_name=row.file_name, progress=progress)


def _range_text(numbers: list[int]) -> str:
    if not numbers:
        return ""
    return str(numbers[0]) if len(numbers) == 1 else f"{numbers[0]}–{numbers[-1]}"


def _summary_text(o: ImportOutcome) -> str:
    parts = []
    for name, c in o.counts.items():
        bits = [f"{label}{c[key]}条" for key, label in (*COUNT_LABELS, ("conflicts", "冲突")) if c.get(key)]
        if bits:
            parts.append(f"{LABELS.get(name, name)}：" + "、".join(bits))
    text = f"已导入来自“{o.sender_name or o.sender}”的数据包（序号 {o.sequence}）。" + ("；".join(parts) + "。" if parts else "")
    if o.conflicts:
        text += f"有 {o.conflicts} 条记录在双方都被修改过，已列为冲突，请在“数据交换”中处理。"
    return text


# -- applying ---------------------------------------------------------------------------------------------------
def _parse_line(raw: bytes, path: str, n: int) -> dict:
    try:
        rec = json.loads(raw)
    except (ValueError, RecursionError):
        raise ValidationError(f"数据包“{path}”第{n}行不是有效的 JSON，已拒绝导入。") from None
    if not isinstance(rec, dict) or not isinstance(rec.get("id"), str) or not rec["id"] \
            or len(rec["id"]) > 36 or not isinstance(rec.get("deleted"), bool) \
            or not isinstance(rec.get("updated_at"), str):
        raise ValidationError(f"数据包“{path}”第{n}行缺少 id、updated_at 或 deleted，已拒绝导入。")
    try:
        dt.datetime.fromisoformat(rec["updated_at"])  # a machine timestamp: ISO by contract
    except ValueError:
        raise ValidationError(f"数据包“{path}”第{n}行的 updated_at 不是有效时间，已拒绝导入。") from None
    return rec


_END = object()


def parsed_records(ar: SafeArchive, path: str, chunk: int = BATCH) -> Iterator[tuple[int, dict]]:
    """(line number, record) of a data member, read, inflated and parsed a batch ahead on a second thread.

    The thread's work (inflate, json.loads) overlaps the time the import spends inside SQLite, which
    releases the GIL while it writes rows and index pages (bench/run.py: the package import against its
    floor). An error in the thread is raised here, at the line where it happened; leaving early (an error
    while applying, a cancel) stops the thread before this returns."""
    out: queue.Queue = queue.Queue(maxsize=2)
    stop = threading.Event()

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                out.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def work() -> None:
        try:
            batch: list[tuple[int, dict]] = []
            for n, raw in enumerate(ar.lines(path), 1):
                batch.append((n, _parse_line(raw, path, n)))
                if len(batch) >= chunk:
                    if not put(batch):
                        return
                    batch = []
                    if stop.is_set():
                        return
            if batch and not put(batch):
                return
            put(_END)
        except BaseException as exc:  # handed to the importing thread, which raises it
            put(exc)

    thread = threading.Thread(target=work, name="package-parse", daemon=True)
    thread.start()
    try:
        while True:
            item = out.get()
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield from item
    finally:
        stop.set()
        thread.join()


def _naive_utc(text: str) -> dt.datetime:
    t = dt.datetime.fromisoformat(text)  # a machine timestamp: ISO by contract
    return t.astimezone(dt.timezone.utc).replace(tzinfo=None) if t.tzinfo else t


def content_of(rec: dict | None) -> dict | None:
    """A record without bookkeeping fields and attachment bytes, for comparing two versions."""
    if rec is None:
        return None
    out = {k: v for k, v in rec.items() if k not in META_KEYS}
    if isinstance(out.get("attachments"), list):
        out["attachments"] = [{k: v for k, v in a.items() if k != "content_base64"} if isinstance(a, dict) else a
                              for a in out["attachments"]]
    return out


def _ensure_offices(session: Session, codes: set[str], known: dict[str, int]) -> None:
    for code in sorted(codes - set(known)):
        problem = org_code_problem(code)
        if problem:
            raise ValidationError(f"数据包中的机关代码“{code[:40]}”无效：{problem}。")
        known[code] = profile.ensure_office(session, code).id


CACHE_KIB_PER_RECORD = 40  # SQLite page cache while a big package is applied …
CACHE_MAX_KIB = 512 << 10  # … up to 512 MiB


def _bigger_page_cache(session: Session, records: int) -> None:
    """Give SQLite a page cache in proportion to the package until the transaction ends.

    With the default 2 MiB, the indexes of a million new rows (random UUIDs, 索引号, the audit trail's
    entity index) no longer fit and every insert re-reads and spills pages (bench/run.py: a million-entry
    package). Into a big database each record changes pages all over the file: a township's year of
    2,603 records at the county changed ~27,700 pages (10 a record, 40 KiB); a smaller cache wrote part of
    them to the WAL during the import and again at the commit. The cache fills only as pages are used.
    The connection's own size comes back when the unit of work commits or rolls back."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        return
    want = min(CACHE_MAX_KIB, int(records * CACHE_KIB_PER_RECORD))
    dbapi = conn.connection.dbapi_connection
    cur = dbapi.cursor()
    old = cur.execute("PRAGMA cache_size").fetchone()[0]
    page_kib = cur.execute("PRAGMA page_size").fetchone()[0] // 1024 or 1
    if want <= (-old if old < 0 else old * page_kib):
        return
    cur.execute(f"PRAGMA cache_size = {-want}")

    def restore(_committed: bool) -> None:
        try:
            dbapi.execute(f"PRAGMA cache_size = {int(old)}")
        except Exception:
            pass

    unit_end.at_end(session, restore)


def _apply_package(session: Session, ar: SafeArchive, m: Manifest, outcome: ImportOutcome, progress) -> None:
    own = profile.own_office_row(session)
    from_province = m.sender_code == PROVINCE
    if from_province:
        sender_office_id = own.id
    else:
        sender_office_id = profile.ensure_office(session, m.sender_code, m.sender_name or None).id
    stream = _stream(session, m.sender_code)
    known = dict(session.execute(select(Office.org_code, Office.id)).all())
    total = sum(f.records or 0 for f in m.data_files())
    _bigger_page_cache(session, total)
    checkpoint.defer(session)  # the WAL is copied into the file after the commit, not inside it
    done = 0

    def attachment(sha: str) -> bytes | None:
        name = f"attachments/{sha}"
        return ar.read(name) if name in ar.members else None

    for f in m.data_files():
        name = f.path[len("data/"):-len(".jsonl")]
        if from_province and name == "applications":  # online applications (docs/spec/packages.md section 5)
            from app.packages.inbox_applications import register_online

            outcome.counts[name] = register_online(session, ar.lines(f.path), f.path, m.package_id)
            continue
        if from_province and name == "templates":  # versions, never over the office's own wording unasked
            from app.packages.releases import apply_template_release

            outcome.counts[name] = apply_template_release(session, ar.lines(f.path), f.path, m.package_id)
            continue
        if from_province and name not in PROVINCE_FILES:
            outcome.notes.append(f"省级平台数据包中的“{f.path}”不属于下发内容，已忽略。")
            continue
        if not from_province and (name not in AREA_BY_NAME or name == "calendar"):
            if f.records:
                why = "工作日历只接受省级平台下发" if name == "calendar" else "本程序不识别该数据文件"
                outcome.notes.append(f"“{f.path}”中的 {f.records} 条记录未导入（{why}）。")
            continue
        area = AREA_BY_NAME.get(name)
        has_office = area.has_office if area else False
        watch = area is not None and name != "reports" and stream.applied_at is not None
        local_changed = {r["id"]: r for r in area.export(session, stream.applied_at)} if watch else {}
        open_conflicts = {c.record_id: c for c in session.execute(select(PackageConflict).where(
            PackageConflict.entity == name, PackageConflict.state == "open")).scalars()} if area else {}
        counts: dict = {}
        batch: list[dict] = []
        context: dict = {}

        def flush(name=name, batch=batch, counts=counts, context=context) -> None:
            if batch:
                result = apply(session, name, batch, sender_office_id=sender_office_id,
                               from_province=from_province, attachment=attachment, context=context)
                for k, v in result.items():
                    counts[k] = counts.get(k, 0) + v
                batch.clear()

        # A big file into a small table: its indexes are built after the rows (app.storage.indexes).
        def rebuilding(name=name) -> None:
            if progress is not None:
                progress.update(done, total, f"正在为{LABELS.get(name, name)}建立索引…")  # noqa: B023 - the count reached when the build starts

        with indexes.deferred(session, area.bulk_tables if area else (), f.records or 0, rebuilding):
            for n, rec in parsed_records(ar, f.path):
                if from_province and has_office:
                    rec["office"] = own.org_code  # guidance from the province becomes the office's own list
                elif has_office:
                    code = rec.get("office") or m.sender_code
                    if not isinstance(code, str):
                        raise ValidationError(f"数据包“{f.path}”第{n}行的机关代码格式不对，已拒绝导入。")
                    if code == own.org_code:
                        raise ValidationError("数据包中含有本机关自己的记录，本机关的数据只能在本机修改，已拒绝导入。")
                    rec["office"] = code
                    if code not in known:
                        _ensure_offices(session, {code}, known)
                if _is_conflict(session, name, rec, m, stream, local_changed, open_conflicts):
                    counts["conflicts"] = counts.get("conflicts", 0) + 1
                    outcome.conflicts += 1
                    continue
                batch.append(rec)
                if len(batch) >= BATCH:
                    flush()
                done += 1
                if progress is not None and done % PROGRESS_EVERY == 0:
                    progress.update(done, total, f"正在导入{LABELS.get(name, name)}…")
                    if progress.cancelled:
                        raise Cancelled()
            flush()
            finish(session, name, context)
        outcome.counts[name] = counts


def _is_conflict(session: Session, name: str, rec: dict, m: Manifest, stream: StreamPosition,
                 local_changed: dict, open_conflicts: dict) -> bool:
    rid = rec["id"]
    existing = open_conflicts.get(rid)
    if existing is not None:
        existing.incoming_version, existing.package_id = content_of(rec) | {"updated_at": rec["updated_at"]}, m.package_id
        audit.record(session, existing, "update", note="冲突记录收到新版本")
        return True
    local = local_changed.get(rid)
    if local is None:
        return False
    remote_changed = stream.sender_created_at is None or _naive_utc(rec["updated_at"]) > stream.sender_created_at
    if not remote_changed or content_of(local) == content_of(rec):
        return False
    conflict = PackageConflict(entity=name, record_id=rid, package_id=m.package_id, sender=m.sender_code,
                               local_version=json.loads(json.dumps(local, default=str)),
                               incoming_version=content_of(rec) | {"updated_at": rec["updated_at"]},
                               state="open", detected_at=utcnow())
    session.add(conflict)
    audit.record(session, conflict, "create")
    open_conflicts[rid] = conflict
    return True
