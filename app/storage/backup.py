"""Online backups (automatic at start-up and daily, keeping the last N) and verified restore."""

from __future__ import annotations

import datetime as dt
import errno
import logging
import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app import paths
from app.errors import Cancelled, StorageError, ValidationError

if TYPE_CHECKING:
    from app.storage.db import Database

log = logging.getLogger(__name__)

DEFAULT_KEEP = 10
PREFIX = "gongkai-"


def _require_sqlite(db: Database) -> Path:
    if not db.is_sqlite or db.path is None:
        raise ValidationError("PostgreSQL 数据库请使用数据库服务器的备份工具（如 pg_dump）备份和恢复。")
    return db.path


# Pages copied per step of the online backup (4 MiB at SQLite's default page size): between steps the
# backup can be cancelled (closing the window must not wait for a whole-file copy at county scale).
STEP_PAGES = 1024


def backup_to(db: Database, out: str | os.PathLike[str], *, cancelled: Callable[[], bool] | None = None) -> Path:
    """Copy the live database to `out` with SQLite's online backup API (safe while in use) and check the
    copy. `cancelled`: asked between steps; when it says yes, the partial copy is removed and Cancelled
    is raised.

    The copy is taken in steps within one read transaction of the source: its snapshot stays fixed, so
    the copy is of one moment, and writes by the clerk meanwhile (WAL) neither wait nor make the backup
    start over (a stepped backup without it restarts after every write of another connection)."""
    src_path = _require_sqlite(db)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    if tmp.exists():
        tmp.unlink()
    check = cancelled or (lambda: False)
    try:
        # Owner-only from the first byte: the copy holds the register's ID numbers (issue 18 item 8).
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as exc:
        raise StorageError(f"无法写入备份文件“{out}”：{_cause(exc)}。") from exc

    def step(_status: int, _remaining: int, _total: int) -> None:
        if check():
            raise Cancelled()

    try:
        if db.read_only_reason:  # a full disk: the file as it is, no WAL index to create (app.storage.db)
            src = sqlite3.connect(f"file:{src_path}?immutable=1", uri=True, isolation_level=None)
        else:
            src = sqlite3.connect(str(src_path), timeout=15, isolation_level=None)
        try:
            src.execute("BEGIN")
            src.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot starts here
            dst = sqlite3.connect(str(tmp))
            try:
                src.backup(dst, pages=STEP_PAGES, progress=step)
                # The copy carries the live file's WAL flag; one self-contained file is what a backup
                # should be (a read-only check of a WAL file leaves -wal/-shm files beside it).
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
            src.execute("COMMIT")
        finally:
            src.close()
        verify_backup_file(tmp, cancelled=cancelled)
        head = _chain_head_of(tmp)
        os.replace(tmp, out)
    except BaseException as exc:
        # Whatever stopped it (cancel, a full disk, a damaged source, a bug), no partial copy of the
        # register is left behind.
        _remove_partial(tmp)
        if isinstance(exc, sqlite3.Error):
            raise StorageError(f"无法备份到“{out}”：{_cause(exc)}。") from exc
        if isinstance(exc, OSError):
            raise StorageError(f"无法写入备份文件“{out}”：{_cause(exc)}。") from exc
        raise
    if os.name == "posix":
        os.chmod(out, 0o600)
    from app.storage import anchors

    try:
        anchors.append(anchors.key_for(anchors.sqlite_target(src_path)), head[0], head[1], "backup", str(out))
    except StorageError as exc:  # the backup itself is made and verified; a full disk must not undo it
        log.warning("backup %s made without its audit anchor: %s", out, exc)
    return out


def _cause(exc: BaseException) -> str:
    text = str(exc).lower()
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC or "disk is full" in text or "no space" in text:
        return "磁盘空间已满，请清理磁盘或备份到另一个磁盘"
    if isinstance(exc, OSError) and exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS) or "readonly" in text:
        return "目标位置为只读或没有写入权限，请换一个位置"
    return getattr(exc, "strerror", None) or str(exc)


def _chain_head_of(path: Path) -> tuple[int, str]:
    """The audit-chain head a backup file holds (0 when its chain is empty)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone()
    finally:
        conn.close()
    return (int(row[0]), str(row[1])) if row else (0, "")


def _copy_private(src: Path, dst: Path) -> None:
    """A plain owner-only copy of a file (and its WAL, when there is one)."""
    for a, b in ((src, dst), (Path(str(src) + "-wal"), Path(str(dst) + "-wal"))):
        if a.exists():
            fd = os.open(b, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out, open(a, "rb") as inp:
                shutil.copyfileobj(inp, out, 1 << 20)


def _remove_partial(tmp: Path) -> None:
    for path in (tmp, tmp.with_name(tmp.name + "-wal"), tmp.with_name(tmp.name + "-shm")):
        path.unlink(missing_ok=True)


def verify_backup_file(path: str | os.PathLike[str], *, cancelled: Callable[[], bool] | None = None) -> str:
    """Check that a file is an intact gongkai database; return its schema revision. `cancelled` is asked
    while the integrity check runs (Cancelled is raised when it says yes)."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError(f"备份文件“{path}”不存在。")
    with open(path, "rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise ValidationError(f"文件“{path}”不是本程序的数据库备份。")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        if cancelled is not None:
            conn.set_progress_handler(lambda: 1 if cancelled() else 0, 10_000)  # 1: interrupt the check
        try:
            try:
                result = conn.execute("PRAGMA integrity_check").fetchone()[0]
            except sqlite3.OperationalError:
                if cancelled is not None and cancelled():
                    raise Cancelled() from None
                raise
            if result != "ok":
                raise ValidationError(f"备份文件“{path}”已损坏（完整性检查：{result}）。")
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if not {"alembic_version", "office", "audit_log"} <= tables:
                raise ValidationError(f"文件“{path}”不是本程序的数据库备份。")
            rev = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise ValidationError(f"备份文件“{path}”无法读取或已损坏：{exc}。") from exc
    if not rev:
        raise ValidationError(f"备份文件“{path}”缺少结构版本信息。")
    from app.storage.migrate import known_revisions

    if rev[0] not in known_revisions():
        raise ValidationError(f"备份文件“{path}”由更新版本的程序创建，本程序无法恢复它。")
    return str(rev[0])


def automatic_backup(db: Database, reason: str = "auto", keep: int | None = None, *,
                     cancelled: Callable[[], bool] | None = None) -> Path:
    """Take a backup into the user backup dir and keep only the newest `keep` automatic ones."""
    _require_sqlite(db)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    out = paths.backup_dir() / f"{PREFIX}{stamp}-{reason}.sqlite3"
    backup_to(db, out, cancelled=cancelled)
    prune(keep or DEFAULT_KEEP)
    return out


def list_backups() -> list[Path]:
    return sorted(paths.backup_dir().glob(f"{PREFIX}*.sqlite3"), key=lambda p: p.name, reverse=True)


def last_backup_time() -> dt.datetime | None:
    backups = list_backups()
    return dt.datetime.fromtimestamp(backups[0].stat().st_mtime) if backups else None


# A partial copy (and its -wal/-shm) this old was left by a backup that never finished (the program
# was killed, the PC lost power): nothing writes it any more.
STALE_PART = dt.timedelta(hours=1)


def prune(keep: int) -> None:
    """Keep the newest `keep` automatic backups; remove stale partial copies (gigabytes each)."""
    for old in list_backups()[keep:]:
        try:
            old.unlink()
        except OSError:
            log.warning("cannot remove old backup %s", old)
    cutoff = (dt.datetime.now() - STALE_PART).timestamp()
    for part in paths.backup_dir().glob(f"{PREFIX}*.sqlite3.part*"):
        try:
            if part.stat().st_mtime < cutoff:
                part.unlink()
        except OSError:
            log.warning("cannot remove a partial backup %s", part)


def daily_backup_if_due(db: Database, *, cancelled: Callable[[], bool] | None = None) -> Path | None:
    """Back up when the newest backup is older than a day (called at start-up and by the window's timer)."""
    if not db.is_sqlite:
        return None
    last = last_backup_time()
    if last is not None and dt.datetime.now() - last < dt.timedelta(days=1):
        return None
    return automatic_backup(db, reason="daily", cancelled=cancelled)


def replace_database(db: Database, source: str | os.PathLike[str]) -> Path:
    """Replace the database's content with a verified backup and migrate it; the replaced content is kept
    as a backup. Returns the path where the replaced database was saved. The audited action is
    app.core.backup.restore."""
    dest_path = _require_sqlite(db)
    source = Path(source)
    verify_backup_file(source)
    if source.resolve() == dest_path.resolve():
        raise ValidationError("不能用数据库自身进行恢复。")
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    from app.storage import damage

    if damage.problem(dest_path):
        # A damaged file cannot pass a backup's verification: it is kept as it is, under a name that
        # is never offered as a backup to restore.
        db.dispose()
        kept = paths.backup_dir() / f"{PREFIX}{stamp}-damaged.sqlite3.bad"
        _copy_private(dest_path, kept)
    else:
        kept = paths.backup_dir() / f"{PREFIX}{stamp}-before-restore.sqlite3"
        backup_to(db, kept)
    db.dispose()
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(str(dest_path), timeout=15)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        shutil.copyfile(kept, dest_path)
        raise StorageError(f"恢复失败，已保留原数据库：{exc}。") from exc
    from app.storage import damage, migrate

    damage.clear(dest_path)  # the restored content passed verify_backup_file
    migrate.upgrade(db)
    return kept
