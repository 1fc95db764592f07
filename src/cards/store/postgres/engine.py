"""A collection on a PostgreSQL server, through SQLAlchemy and psycopg.

The same `Store` interface as a collection file (`store.engine`), so every
repository, manager, command and screen runs unchanged on it. How the transactions
are made, and why:

- Every write transaction takes the collection's write lock first, a transaction-level
  advisory lock (`pg_advisory_xact_lock`), as a write on SQLite starts with `BEGIN
  IMMEDIATE`: writers from any number of machines take turns, each sees everything
  committed before it, and the rules that read before they write (the next card's
  place, "only the latest answer can be undone") hold as they do on SQLite. Writes
  are short (an answer is a few statements), so the turn is brief. An answer also
  locks its item's schedule row (`SELECT ... FOR UPDATE`) before reading the state it
  updates.
- A read transaction is REPEATABLE READ: the several queries of one read (a queue,
  the stats) see one snapshot, as an SQLite read transaction does; it never waits.
- The server's clock plays no part: times are written by the client, in UTC
  (TIMESTAMPTZ; the session's time zone is UTC).
- A server that cannot be reached gives one `ServerUnreachableError` line (exit 8)
  after at most `CONNECT_TIMEOUT_S`, and a pooled connection is checked before use,
  so the first command after the server comes back works.

The database must exist (`createdb`); the first command that writes creates the
schema in it, as it creates a collection file. A database holding other tables is
refused, never changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlmodel import Session, create_engine

from cards.errors import (
    CardsError,
    DatabaseError,
    ServerUnreachableError,
    StorageIOError,
    UsageError,
)
from cards.store import migrations
from cards.store.engine import BUSY_TIMEOUT_S, CORE_TABLES, Store
from cards.store.postgres import migrations as pg_migrations
from cards.store.repos import Repositories
from cards.store.tx import Tx

#: The URL schemes taken as a PostgreSQL collection.
SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
#: How long to wait for a server before saying it cannot be reached.
CONNECT_TIMEOUT_S = 5
#: The write lock's key (advisory locks belong to one database: one per collection).
WRITE_LOCK_KEY = 0x63617264  # "card"
#: A session idle inside a transaction this long (a machine gone to sleep mid-write)
#: is ended by the server, so it cannot hold the write lock for ever.
IDLE_IN_TRANSACTION_MS = 60_000


def is_url(text: str) -> bool:
    """Whether `text` names a PostgreSQL collection (`postgresql://...`)."""
    return text.partition("://")[0].lower() in SCHEMES and "://" in text


def parse_url(text: str) -> URL:
    """The SQLAlchemy URL (psycopg driver) of a `postgresql://USER@HOST/DB` location."""
    try:
        url = make_url(text)
    except ArgumentError:
        raise UsageError("--db: not a valid postgresql:// URL "
                         "(postgresql://USER@HOST/DATABASE)") from None
    if not url.database:
        raise UsageError("--db: the postgresql:// URL names no database "
                         "(postgresql://USER@HOST/DATABASE)")
    return url.set(drivername="postgresql+psycopg")


def display(url: URL) -> str:
    """The URL as messages show it: never the password."""
    from urllib.parse import unquote

    shown = URL.create("postgresql", username=url.username, host=url.host, port=url.port,
                       database=url.database, query=url.query)
    return unquote(shown.render_as_string(hide_password=False))


def _connect_args() -> dict[str, Any]:
    options = (f"-c lock_timeout={int(BUSY_TIMEOUT_S * 1000)} -c TimeZone=UTC "
               f"-c idle_in_transaction_session_timeout={IDLE_IN_TRANSACTION_MS}")
    return {"connect_timeout": CONNECT_TIMEOUT_S, "options": options,
            "application_name": "cards", "keepalives": 1, "keepalives_idle": 10,
            "keepalives_interval": 5, "keepalives_count": 3}


def make_engine(url: URL) -> Engine:
    """An engine whose transactions begin as the module docstring explains."""
    try:
        import psycopg  # noqa: F401  (SQLAlchemy's dialect loads it; checked here to say so)
    except ImportError:
        raise UsageError("a postgresql:// collection needs the psycopg driver: "
                         "pip install 'cards[postgres]'") from None
    engine = create_engine(url, pool_pre_ping=True, pool_size=2,
                           connect_args=_connect_args())

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if conn.info.get("begin") == "BEGIN IMMEDIATE":  # a write: take the lock
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")
        else:
            conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")

    return engine


def describe(exc: BaseException, where: str) -> CardsError:
    """The one-line error of a failure talking to the server."""
    orig = getattr(exc, "orig", None) or exc
    text = " ".join(str(orig).split()) or type(orig).__name__
    low = text.lower()
    lost = ("connection" in low or "server closed" in low or "terminating" in low
            or "could not receive" in low or "could not send" in low
            or "timeout expired" in low or "shutting down" in low)
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        lost = True
    if "does not exist" in low and "database" in low:
        return StorageIOError(f"no database at {where}: create it first (createdb)")
    if "password authentication failed" in low or "no password supplied" in low:
        return DatabaseError(f"the server refused the login to {where} ({text})")
    if "lock timeout" in low or "canceling statement due to lock" in low:
        return DatabaseError(f"{where} is busy: another machine holds a long write "
                             "lock on it; try again")
    if lost:
        return ServerUnreachableError(
            f"cannot reach the PostgreSQL server of {where} ({_reason(text)}); "
            "nothing was changed: try again when it is back")
    return DatabaseError(f"database error on {where}: {text}")


def _reason(text: str) -> str:
    """The heart of the driver's message: libpq names the socket or address, then says
    what failed ("... failed: Connection refused Is the server running ..."), and the
    last "failed:" part is what a user needs."""
    reason = text.rsplit("failed: ", 1)[-1]
    for tail in (" Is the server running", "\n"):
        reason = reason.split(tail, 1)[0]
    return reason.strip()[:200] or "no answer"


class PostgresStore(Store):
    """A collection in a PostgreSQL database (see the module docstring): transactions
    on SQLAlchemy's pooled connections."""

    @property
    def driver_errors(self) -> tuple[type[BaseException], ...]:
        return (SQLAlchemyError, OSError)

    def __init__(self, url: str, *, writable: bool = True, create: bool = True) -> None:
        self.url = parse_url(url)
        self.path = Path(self.url.database or "")
        self.writable = writable
        self.created = False
        self.backups: list[Path] = []
        self.engine = make_engine(self.url)
        try:
            self._prepare(create)
        except BaseException:
            self.engine.dispose()
            raise

    @property
    def location(self) -> str:
        return display(self.url)

    # A server's database is not a file: it is copied with `cards copy` or pg_dump.
    file_backups = False

    def backup_to(self, target: Path) -> Path:
        raise UsageError(f"{self.location} is on a PostgreSQL server: copy it with "
                         "'cards copy URL FILE' or pg_dump, not 'cards backup'")

    def restore_from(self, source: Path) -> None:
        raise UsageError(f"{self.location} is on a PostgreSQL server: restore with "
                         "'cards copy FILE URL' into an empty database")

    def integrity(self) -> list[str]:
        """PostgreSQL checks its pages itself; only the collection's rules are checked."""
        return []

    @property
    def media_dir(self) -> Path:
        """Media of a collection on a server stay on this machine, in the data folder."""
        from cards.locations import data_dir

        host = self.url.host or "local"
        return data_dir() / "media" / f"{host}-{self.url.port or 5432}-{self.url.database}"

    def database_error(self, exc: BaseException) -> CardsError:
        return describe(exc, self.location)

    def commit_error(self, exc: BaseException) -> CardsError:
        """A COMMIT whose answer never came: the server may have committed it before
        the connection went, so "nothing was changed" cannot be said."""
        error = describe(exc, self.location)
        if isinstance(error, ServerUnreachableError):
            return ServerUnreachableError(
                f"lost the connection to the PostgreSQL server of {self.location} while "
                "saving; the change may or may not have been saved: check when the "
                "server is back (a review session retries its answer safely)")
        return error

    # ------------------------------------------------------------ transactions
    @contextmanager
    def _session(self, begin: str, conn: Connection | None = None) -> Iterator[Session]:
        try:
            with self.engine.connect() if conn is None else nullcontext(conn) as held:
                held.info["begin"] = begin
                try:
                    with Session(bind=held, expire_on_commit=False) as session:
                        yield session
                        try:
                            session.commit()
                        except self.driver_errors as exc:
                            raise self.commit_error(exc) from None
                finally:
                    held.info.pop("begin", None)
        except CardsError:
            raise
        except self.driver_errors as exc:
            raise self.database_error(exc) from None

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                yield conn
        except CardsError:
            raise
        except self.driver_errors as exc:
            raise self.database_error(exc) from None

    def read_on(self, conn: Connection) -> AbstractContextManager[Session]:
        return self._session("BEGIN", conn)

    def write_on(self, conn: Connection) -> AbstractContextManager[Session]:
        if not self.writable:
            raise RuntimeError("a write on a collection opened for reading only")
        return self._session("BEGIN IMMEDIATE", conn)

    @contextmanager
    def _transaction(self, begin: str) -> Iterator[Repositories]:
        try:
            with self.engine.connect() as conn:
                conn.info["begin"] = begin
                try:
                    trans = conn.begin()
                    tx = Tx(conn)
                    try:
                        yield Repositories(tx)
                        tx.finish()
                    except BaseException:
                        trans.rollback()
                        raise
                    finally:
                        tx.close()
                    try:
                        trans.commit()
                    except self.driver_errors as exc:
                        raise self.commit_error(exc) from None
                finally:
                    conn.info.pop("begin", None)
        except CardsError:
            raise
        except self.driver_errors as exc:
            raise self.database_error(exc) from None

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------ schema
    def _prepare(self, create: bool) -> None:
        """Check the database holds a collection (or may become one) and bring its
        schema up to date; only a writable store creates or upgrades."""
        with self.connection() as conn:
            version, tables = self._version(conn)
            conn.rollback()
            self._check(version, tables)
            if version == migrations.SCHEMA_VERSION:
                return
            if version == 0 and not (self.writable and create):
                raise StorageIOError(f"no collection at {self.location}")
            if not self.writable:
                raise DatabaseError(
                    f"{self.location} holds an older collection (schema v{version}); a "
                    "command that writes (such as 'cards config') upgrades it first")
            self._upgrade(conn)

    def _upgrade(self, conn: Connection) -> None:
        with self.write_on(conn) as session:
            held = session.connection()
            version, tables = self._version(held)  # again, under the lock
            self._check(version, tables)
            if version < migrations.SCHEMA_VERSION:
                cursor = held.connection.cursor()
                pg_migrations.apply(_executor(cursor), version)
                self.created = version == 0

    @staticmethod
    def _version(conn: Connection) -> tuple[int, frozenset[str]]:
        tables = frozenset(conn.exec_driver_sql(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema()").scalars())
        if pg_migrations.VERSION_TABLE not in tables:
            return 0, tables
        version = conn.exec_driver_sql(
            f"SELECT max(version) FROM {pg_migrations.VERSION_TABLE}").scalar_one()
        return int(version or 0), tables

    def _check(self, version: int, tables: frozenset[str]) -> None:
        if version > migrations.SCHEMA_VERSION:
            raise DatabaseError(
                f"{self.location} was written by a newer cards (schema v{version}; this "
                f"version reads up to v{migrations.SCHEMA_VERSION}); upgrade cards to open it")
        if (version == 0 and tables) or (version > 0 and not tables >= CORE_TABLES):
            raise DatabaseError(f"{self.location} is a PostgreSQL database but not a cards "
                                "collection (it holds other tables); name an empty database")


def _executor(cursor: Any) -> Callable[[str], object]:
    """Run one script (several statements, no parameters) on the raw driver cursor."""
    def run(script: str) -> object:
        return cursor.execute(script)
    return run
