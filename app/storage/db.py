"""The database handle: engine set-up (SQLite pragmas or PostgreSQL), units of work, migrations on open."""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app import paths
from app.errors import StorageError

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 15_000


def normalize_url(url_or_path: str | os.PathLike | None) -> str:
    """A SQLAlchemy URL from a path, a URL or None (the default file in the user data dir)."""
    if url_or_path is None:
        env = os.environ.get("GONGKAI_DB")
        url_or_path = env if env else paths.default_db_path()
    text = str(url_or_path)
    if "://" in text:
        if text.startswith("postgresql://") or text.startswith("postgres://"):
            text = "postgresql+psycopg://" + text.split("://", 1)[1]
        return text
    return "sqlite:///" + str(Path(text).expanduser().resolve())


CACHE_KIB = 64 * 1024


def _sqlite_on_connect(dbapi_conn, _record) -> None:
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
    text = str(getattr(exc, "orig", exc)).lower()
    if "locked" in text or "busy" in text:
        cause = "数据库正被其他程序占用（已锁定），请稍后重试或关闭其他正在使用它的程序"
    elif "readonly" in text or "read-only" in text or "permission" in text:
        cause = "文件为只读或没有写入权限"
    elif "disk is full" in text or "no space" in text or "full" in text:
        cause = "磁盘空间已满"
    elif "malformed" in text or "not a database" in text or "corrupt" in text:
        cause = "文件已损坏或不是本程序的数据库"
    elif "unable to open" in text or "no such file" in text:
        cause = "文件无法打开（路径不存在或无权访问）"
    elif "connection" in text or "could not connect" in text or "timeout" in text:
        cause = "无法连接数据库服务器"
    else:
        cause = "数据库错误：" + str(getattr(exc, "orig", exc)).splitlines()[0][:200]
    return f"数据库“{where}”无法使用：{cause}。"


class Database:
    """One database (SQLite file or PostgreSQL URL) with a write engine and a read engine."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.sa_url = make_url(url)
        self.is_sqlite = self.sa_url.get_backend_name() == "sqlite"
        self.path: Path | None = Path(self.sa_url.database) if self.is_sqlite and self.sa_url.database else None
        if self.is_sqlite:
            if self.path is not None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.engine = self._sqlite_engine(immediate=True)
            self.read_engine = self._sqlite_engine(immediate=False)
        else:
            self.engine = create_engine(url, pool_pre_ping=True, future=True)
            self.read_engine = self.engine
        self._writer = sessionmaker(self.engine, expire_on_commit=False)
        self._reader = sessionmaker(self.read_engine, expire_on_commit=False)

    # -- engines -------------------------------------------------------------------------------
    def _sqlite_engine(self, *, immediate: bool) -> Engine:
        engine = create_engine(
            self.url,
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        )
        event.listen(engine, "connect", _sqlite_on_connect)

        @event.listens_for(engine, "begin")
        def _begin(conn) -> None:  # noqa: ANN001
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine

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
    def open(cls, url_or_path=None, *, migrate: bool = True, backup: bool = True) -> "Database":
        """Open a database, back it up and bring its schema to the program's version."""
        db = cls(normalize_url(url_or_path))
        try:
            if db.path is not None and db.path.exists():
                db.check_readable()
            if migrate:
                from app.storage import migrate as migrate_mod

                migrate_mod.upgrade(db, backup=backup)
        except StorageError:
            db.dispose()
            raise
        except (DBAPIError, sqlite3.Error) as exc:
            db.dispose()
            raise StorageError(describe_storage_error(exc, db.display_name)) from exc
        if db.path is not None:
            _restrict_permissions(db.path)
        return db

    def check_readable(self) -> None:
        """Fail early with a clear message when the file is not a SQLite database."""
        assert self.path is not None
        with open(self.path, "rb") as fh:
            head = fh.read(16)
        if head and head != b"SQLite format 3\x00":
            raise StorageError(f"数据库“{self.path}”无法使用：文件已损坏或不是本程序的数据库。")

    def dispose(self) -> None:
        self.engine.dispose()
        if self.read_engine is not self.engine:
            self.read_engine.dispose()

    # -- units of work ------------------------------------------------------------------------------
    @contextlib.contextmanager
    def session(self, operator: str | None = None) -> Iterator[Session]:
        """A write unit of work: commit at the end, roll back on any exception."""
        s = self._writer()
        s.info["operator"] = operator or default_operator()
        try:
            yield s
            s.commit()
        except OperationalError as exc:
            s.rollback()
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
    try:
        import getpass

        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name on this system
        return "未知操作员"


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
