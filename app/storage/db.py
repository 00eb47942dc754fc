"""The database handle: engine set-up (SQLite pragmas or PostgreSQL), units of work, migrations on open."""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from app import paths
from app.errors import StorageError

if TYPE_CHECKING:
    from sqlalchemy.engine import URL, Connection, Engine
    from sqlalchemy.orm import Session, sessionmaker
    from sqlalchemy.pool import PoolProxiedConnection

# SQLAlchemy is imported when an engine or a session is first wanted, not with this module: importing it
# (~0.3 s) was the largest part of the window's cold start, and opening a SQLite database that is already
# at head needs only the standard sqlite3 module (Database.open, raw_read).

log = logging.getLogger(__name__)

_T = TypeVar("_T")

BUSY_TIMEOUT_MS = 15_000


def normalize_url(url_or_path: str | os.PathLike[str] | None) -> str:
    """A SQLAlchemy URL from a path, a URL or None (the default file in the user data dir)."""
    if url_or_path is None:
        env = os.environ.get("GONGKAI_DB")
        url_or_path = env if env else paths.default_db_path()
    text = str(url_or_path)
    if "://" in text:
        if text.startswith(("postgresql://", "postgres://")):
            text = "postgresql+psycopg://" + text.split("://", 1)[1]
        return text
    return "sqlite:///" + str(Path(text).expanduser().resolve())


CACHE_KIB = 64 * 1024


def _sqlite_on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    # Autocommit at the driver level: SQLAlchemy's "begin" event below issues BEGIN itself, so we
    # control deferred (readers) versus IMMEDIATE (writers) transactions.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = FULL")
    cur.execute("PRAGMA foreign_keys = ON")
    # A county database is gigabytes with a dozen indexes per big table: SQLite's default 2 MB page
    # cache makes bulk inserts and index scans re-read pages (bench/run.py: an indexed insert of 100,000
    # applications ~1.5× faster with 64 MB). The cache fills only as pages are used.
    cur.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    cur.close()


def describe_storage_error(exc: BaseException, where: str) -> str:
    """A Chinese sentence naming the file and the likely cause of a storage failure."""
    from app.storage import damage

    text = str(getattr(exc, "orig", exc)).lower()
    if "locked" in text or "busy" in text:
        cause = "数据库正被其他程序占用（已锁定），请稍后重试或关闭其他正在使用它的程序"
    elif "readonly" in text or "read-only" in text or "permission" in text:
        cause = "文件为只读或没有写入权限"
    elif "disk is full" in text or "no space" in text or "full" in text:
        cause = "磁盘空间已满"
    elif damage.is_corruption(exc):
        cause = "文件已损坏或不是本程序的数据库"
    elif "unable to open" in text or "no such file" in text:
        cause = "文件无法打开（路径不存在或无权访问）"
    elif "connection" in text or "could not connect" in text or "timeout" in text:
        cause = "无法连接数据库服务器"
    else:
        cause = "数据库错误：" + str(getattr(exc, "orig", exc)).splitlines()[0][:200]
    return f"数据库“{where}”无法使用：{cause}。"


def _database_errors() -> tuple[type[BaseException], ...]:
    """The driver and SQLAlchemy errors that become a StorageError. Evaluated when an exception is being
    matched: a SQLAlchemy error can only have been raised if SQLAlchemy has been imported by then."""
    sa_exc = sys.modules.get("sqlalchemy.exc")
    return (sqlite3.Error, sa_exc.DBAPIError) if sa_exc is not None else (sqlite3.Error,)


def _split_url(url: str) -> tuple[bool, str | None] | None:
    """(is SQLite, SQLite database path) of a plain URL without SQLAlchemy; None: let make_url decide."""
    scheme, sep, rest = url.partition("://")
    if not sep or any(c in url for c in "?#%@"):
        return None
    if scheme.split("+", 1)[0] != "sqlite":
        return (False, None)
    if not rest.startswith("/"):  # sqlite:// (memory) or a host part: unusual, the full parser
        return None
    return (True, rest[1:] or None)


class Database:
    """One database (SQLite file or PostgreSQL URL) with a write engine and a read engine."""

    read_only_reason: str | None = None  # set by open() when the file can only be read (a full disk)

    def __init__(self, url: str) -> None:
        self.url = url
        self._lazy_lock = threading.RLock()  # engines and session makers are made once, on first use
        parsed = _split_url(url)
        if parsed is None:
            parsed = (self.sa_url.get_backend_name() == "sqlite", self.sa_url.database)
        self.is_sqlite, database = parsed
        self.path: Path | None = Path(database) if self.is_sqlite and database else None
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)

    def _lazy(self, name: str, make: Callable[[], _T]) -> _T:
        value: _T | None = self.__dict__.get(name)
        if value is None:
            with self._lazy_lock:
                value = self.__dict__.get(name)
                if value is None:
                    value = self.__dict__[name] = make()
        return value

    @property
    def sa_url(self) -> URL:
        def make() -> URL:
            from sqlalchemy.engine import make_url

            return make_url(self.url)

        return self._lazy("_sa_url", make)

    @property
    def engine(self) -> Engine:
        """The write engine (on SQLite its transactions begin IMMEDIATE)."""
        def make() -> Engine:
            if self.is_sqlite:
                return self._sqlite_engine(immediate=True)
            from sqlalchemy import create_engine

            return create_engine(self.url, pool_pre_ping=True, future=True)

        return self._lazy("_engine", make)

    @property
    def read_engine(self) -> Engine:
        """The read engine: a plain BEGIN on SQLite; the write engine on PostgreSQL."""
        return self._lazy("_read_engine",
                          lambda: self._sqlite_engine(immediate=False) if self.is_sqlite else self.engine)

    @property
    def _writer(self) -> sessionmaker[Session]:
        def make() -> sessionmaker[Session]:
            from sqlalchemy.orm import sessionmaker

            return sessionmaker(self.engine, expire_on_commit=False)

        return self._lazy("_writer_maker", make)

    @property
    def _reader(self) -> sessionmaker[Session]:
        def make() -> sessionmaker[Session]:
            from sqlalchemy.orm import sessionmaker

            return sessionmaker(self.read_engine, expire_on_commit=False)

        return self._lazy("_reader_maker", make)

    # -- engines -------------------------------------------------------------------------------
    def _sqlite_engine(self, *, immediate: bool) -> Engine:
        from sqlalchemy import create_engine, event

        if self.read_only_reason:
            # The file as it is, without the WAL index SQLite would have to create (a full disk has no
            # room for it): safe because no writer can start on a full disk with no WAL file.
            path = self.path
            engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(
                f"file:{path}?immutable=1", uri=True, check_same_thread=False, isolation_level=None))
            return engine
        engine = create_engine(
            self.url,
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        )
        event.listen(engine, "connect", _sqlite_on_connect)
        from app.storage import background

        background.install(engine)  # statements a helper thread runs inside the unit of work

        @event.listens_for(engine, "begin")
        def _begin(conn: Connection) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine

    def _is_sqlite_file(self) -> bool:
        return self.path is not None and str(self.path) != ":memory:"

    @contextlib.contextmanager
    def raw_read(self) -> Iterator[sqlite3.Connection | PoolProxiedConnection]:
        """A plain DB-API connection for a few instant reads (start-up checks) before SQLAlchemy is
        loaded: the standard sqlite3 module on a SQLite file, the read engine's pooled connection
        otherwise. Read only; use a cursor (the SQL must suit both drivers). Driver errors become a
        StorageError, as in read_session."""
        conn: sqlite3.Connection | PoolProxiedConnection
        try:
            if self._is_sqlite_file():
                conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
                conn.execute("PRAGMA query_only = ON")
            else:
                conn = self.read_engine.raw_connection()
        except self._driver_errors() as exc:
            raise StorageError(describe_storage_error(exc, self.display_name)) from exc
        try:
            yield conn
        except self._driver_errors() as exc:
            raise StorageError(describe_storage_error(exc, self.display_name)) from exc
        finally:
            conn.close()

    def _driver_errors(self) -> tuple[type[BaseException], ...]:
        """_database_errors() and, once the read engine exists, its DB-API module's own errors (a raw
        connection's errors are not wrapped by SQLAlchemy)."""
        dbapi = getattr(getattr(self.__dict__.get("_read_engine"), "dialect", None), "dbapi", None)
        return _database_errors() + ((dbapi.Error,) if dbapi is not None else ())

    @property
    def target(self) -> str:
        """What `--db` takes to open this database again: the SQLite path or the URL."""
        return str(self.path) if self.path is not None else self.url

    @property
    def display_name(self) -> str:
        if self.path is not None:
            return str(self.path)
        return self.sa_url.render_as_string(hide_password=True)

    # -- opening ----------------------------------------------------------------------------------
    @classmethod
    def open(cls, url_or_path: str | os.PathLike[str] | None = None, *, migrate: bool = True, backup: bool = True) -> Database:
        """Open a database, back it up and bring its schema to the program's version."""
        db = cls(normalize_url(url_or_path))
        new_file = db.path is not None and not db.path.exists()
        try:
            if db.path is not None and db.path.exists():
                db.check_readable()
                db.read_only_reason = _full_disk_reason(db.path)
            # A full disk: the file is read as it is (no migration, no backup) and writes are refused.
            if not db.read_only_reason and migrate and not db._sqlite_at_head():
                from app.storage import migrate as migrate_mod

                # the backup, the refusal of a newer database, alembic
                migrate_mod.upgrade(db, before_change=db._backup_before_upgrade if backup else None)
        except StorageError:
            db.dispose()
            raise
        except _database_errors() as exc:
            db.dispose()
            raise StorageError(describe_storage_error(exc, db.display_name)) from exc
        if db.path is not None:
            _restrict_permissions(db.path)
        if new_file and db.path is not None and db.path.exists():
            # A new database where an old one was: the old one's audit anchors are set aside (kept,
            # renamed); they would otherwise read as the new chain's deleted past (docs/security.md).
            from app.storage import anchors

            anchors.retire(anchors.key_for(anchors.sqlite_target(db.path)), "new-database")
        return db

    def _backup_before_upgrade(self, current_revision: str) -> Path:
        from app.storage import backup

        return backup.automatic_backup(self, reason=f"upgrade-{current_revision}")

    def _sqlite_at_head(self) -> bool:
        """True when the SQLite file's alembic_version is the single head of the version files, decided
        with sqlite3 alone (neither SQLAlchemy nor alembic imported). False sends Database.open down
        migrate.upgrade, which decides everything else (new file, older schema, newer database)."""
        if self.path is None or not self._is_sqlite_file() or not self.path.exists():
            return False
        from app.storage.migrate import fast_head

        head = fast_head()
        if head is None:
            return False
        try:
            # Autocommit and a plain SELECT: not blocked by (and not blocking) another program's writer.
            conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            try:
                rows = [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
            finally:
                conn.close()
        except sqlite3.Error:
            return False  # no such table, or unreadable: upgrade() reports it as before
        return rows == [head]

    def check_readable(self) -> None:
        """Fail early with a clear message when the file is not a SQLite database."""
        assert self.path is not None
        with open(self.path, "rb") as fh:
            head = fh.read(16)
        if head and head != b"SQLite format 3\x00":
            raise StorageError(f"数据库“{self.path}”无法使用：文件已损坏或不是本程序的数据库。")

    def dispose(self) -> None:
        """Close the engines' pooled connections (engines never made need nothing), once the background
        checkpoints of big commits (app.storage.checkpoint) are done."""
        from app.storage import checkpoint

        checkpoint.wait()
        engine, read_engine = self.__dict__.get("_engine"), self.__dict__.get("_read_engine")
        if engine is not None:
            engine.dispose()
        if read_engine is not None and read_engine is not engine:
            read_engine.dispose()

    # -- units of work ------------------------------------------------------------------------------
    @contextlib.contextmanager
    def session(self, operator: str | None = None) -> Iterator[Session]:
        """A write unit of work: commit at the end, roll back on any exception."""
        if self.read_only_reason:
            raise StorageError(f"数据库“{self.display_name}”现在只能查看：{self.read_only_reason}。")
        if self.path is not None:
            from app.storage import damage

            found = damage.problem(self.path)
            if found:
                from app.storage.backup import list_backups

                raise StorageError(damage.refusal(self.path, found, list_backups()))
        s = self._writer()
        from sqlalchemy.exc import DatabaseError, OperationalError  # loaded with the session maker

        s.info["operator"] = operator or default_operator()
        try:
            yield s
            s.commit()
        except (OperationalError, DatabaseError) as exc:
            s.rollback()
            if self.path is not None:
                from app.storage import damage

                if damage.is_corruption(exc):  # from now on every write is refused (issue 18 item 5)
                    from app.storage.backup import list_backups

                    found = describe_storage_error(exc, self.display_name)
                    damage.mark(self.path, found)
                    raise StorageError(damage.refusal(self.path, found, list_backups())) from exc
            if not isinstance(exc, OperationalError):
                raise
            raise StorageError(describe_storage_error(exc, self.display_name)) from exc
        except BaseException:
            s.rollback()
            raise
        finally:
            s.close()

    @contextlib.contextmanager
    def read_session(self) -> Iterator[Session]:
        """A read-only unit of work (never commits)."""
        s = self._reader()
        from sqlalchemy.exc import OperationalError  # loaded with the session maker

        s.info["operator"] = default_operator()
        try:
            yield s
        except OperationalError as exc:
            raise StorageError(describe_storage_error(exc, self.display_name)) from exc
        finally:
            s.close()  # releases the connection (its transaction is rolled back); objects stay readable


def default_operator() -> str:
    name = os.environ.get("GONGKAI_OPERATOR")
    if name:
        return name
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment nor the password database
        return "未知操作员"


FULL_DISK_BYTES = 1 << 20  # less free space than this: SQLite cannot even create its WAL index


def _full_disk_reason(path: Path) -> str | None:
    """Why the SQLite file can only be read, or None: its disk is full and it has no WAL file (a write
    could not create one, and a normal connection would fail creating the index)."""
    import shutil

    if Path(str(path) + "-wal").exists():
        return None
    try:
        free = shutil.disk_usage(path.parent).free
    except OSError:
        return None
    if free >= FULL_DISK_BYTES:
        return None
    return ("磁盘空间已满，无法保存任何修改；仍可查看、导出，并可备份到其他磁盘（gongkai backup --out 其他磁盘上的文件）。"
            "请先清理磁盘空间")


def _restrict_permissions(path: Path) -> None:
    """The register holds personal data: on POSIX the file and its WAL are readable by the user only."""
    if os.name != "posix":
        return
    for p in (path, Path(str(path) + "-wal"), Path(str(path) + "-shm")):
        try:
            if p.exists():
                os.chmod(p, 0o600)
        except OSError:
            log.warning("cannot restrict permissions of %s", p)
