"""One transaction as the repositories see it: driver statements, and an ORM session
made only when a repository needs one.

Why: an answer is a handful of one-row statements, and going through the ORM (a
`Session`, row objects, a flush, statements compiled each time) cost five times the
durable commit itself; and a command that only reads (`cards due`, `list`, `stats`)
spent most of its run importing SQLAlchemy and SQLModel (0.9 s on a slow machine,
where Python itself starts in 0.2 s). So repositories run driver statements, prepared
once by the driver (sqlite3 keeps a statement cache keyed by the SQL text), and the
few cold paths that still use the ORM get a session on first use, bound to the same
connection and transaction.

On SQLite a transaction is a plain `sqlite3` connection (`store.sqlite.connections`),
and nothing here imports SQLAlchemy until a repository asks for `session`. On
PostgreSQL it is an SQLAlchemy connection: statements are written once, with `?`
placeholders, and go through its `exec_driver_sql` (`%s` placeholders), so its error
wrapping and connection invalidation keep working there.

Mixing the two is safe: a driver statement first flushes the session's pending
changes, and one that writes expires the session's rows, so neither side reads a
stale row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite3

    from sqlalchemy.engine import Connection
    from sqlmodel import Session

#: Driver statements with `%s` placeholders, by their `?` text (PostgreSQL).
_PERCENT: dict[str, str] = {}


def _percent(sql: str) -> str:
    converted = _PERCENT.get(sql)
    if converted is None:
        converted = _PERCENT[sql] = sql.replace("?", "%s")
    return converted


class Tx:
    """The connection of one transaction, for repositories.

    Made from a `sqlite3` connection the store has begun a transaction on (`raw`, with
    `bind` to wrap it in an SQLAlchemy connection should the ORM be needed), from an
    SQLAlchemy connection (`conn`), or from an ORM session of the caller's.
    """

    __slots__ = ("_bind", "_conn", "_made", "_raw", "_session", "postgres")

    def __init__(self, conn: Connection | None = None, session: Session | None = None, *,
                 raw: sqlite3.Connection | None = None,
                 bind: Callable[[], Connection] | None = None) -> None:
        if conn is None and session is None and raw is None:
            raise ValueError("a transaction needs a connection or a session")
        self._conn = conn
        self._session = session
        self._raw: Any = raw
        self._bind = bind
        #: What `close` ends: the session and connection made here, not those given.
        self._made: list[Any] = []
        if raw is not None:
            self.postgres = False
        else:
            held = conn if conn is not None else session.get_bind()  # type: ignore[union-attr]
            self.postgres = held.dialect.name == "postgresql"

    @property
    def session(self) -> Session:
        """The ORM session of this transaction, made on first use (SQLAlchemy and
        SQLModel are imported then, and only then)."""
        if self._session is None:
            from sqlmodel import Session

            self._session = Session(bind=self.conn, expire_on_commit=False)
            self._made.append(self._session)
        return self._session

    @property
    def conn(self) -> Connection:
        """The transaction's SQLAlchemy connection (made over the driver's on first use)."""
        if self._conn is None:
            if self._bind is not None:
                self._conn = self._bind()
                self._made.append(self._conn)
            else:
                self._conn = self.session.connection()
        return self._conn

    def _pending(self) -> None:
        session = self._session
        if session is not None and (session.new or session.dirty or session.deleted):
            session.flush()

    def _driver(self) -> Any:
        raw = self._raw
        if raw is None:
            raw = self._raw = self.conn.connection.driver_connection
        return raw

    def run(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """A driver statement (`?` placeholders) that reads; a cursor with `fetchone`,
        `fetchall` and `rowcount`, iterable. Values come back as the driver returns
        them (see `day`, `time`); parameters go in as they are (see `param`)."""
        self._pending()
        if self.postgres:
            return self.conn.exec_driver_sql(_percent(sql), tuple(params))
        return self._driver().execute(sql, params)

    def stream(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """`run` for a read that may stop early: the rows come as the walk finds them
        (a server cursor on PostgreSQL), and `close()` ends it."""
        self._pending()
        if self.postgres:
            return self.conn.exec_driver_sql(_percent(sql), tuple(params),
                                             execution_options={"yield_per": 256})
        return self._driver().execute(sql, params)

    def write(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """A driver statement that changes rows (the session's rows are reloaded)."""
        cursor = self.run(sql, params)
        if self._session is not None:
            self._session.expire_all()
        return cursor

    def write_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """One driver statement run for each row of parameters (executemany)."""
        self._pending()
        if self.postgres:
            batch = [tuple(r) for r in rows]
            if batch:
                self.conn.exec_driver_sql(_percent(sql), batch)
        else:
            self._driver().executemany(sql, rows)
        if self._session is not None:
            self._session.expire_all()

    def one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        """The first row of a driver statement, or None."""
        row = self.run(sql, params).fetchone()
        return None if row is None else tuple(row)

    def value(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The first column of the first row (None without a row)."""
        row = self.run(sql, params).fetchone()
        return None if row is None else row[0]

    def finish(self) -> None:
        """Flush the session's pending changes, before the transaction commits."""
        if self._session is not None:
            self._session.flush()

    def close(self) -> None:
        """End the session and connection made here (after the commit or rollback:
        closing them earlier would roll the driver's transaction back)."""
        while self._made:
            self._made.pop().close()

    # ------------------------------------------------------------- values
    def time_param(self, at: datetime | None) -> Any:
        """A UTC time as a parameter: SQLite holds the text SQLAlchemy writes (naive UTC,
        microseconds), PostgreSQL a TIMESTAMPTZ."""
        if at is None or self.postgres:
            return at
        if at.tzinfo is not None:
            at = at.astimezone(UTC)
        return (f"{at.year:04d}-{at.month:02d}-{at.day:02d} {at.hour:02d}:{at.minute:02d}:"
                f"{at.second:02d}.{at.microsecond:06d}")

    def day_param(self, day: date | None) -> Any:
        """A study day as a parameter (SQLite: ISO text)."""
        if day is None or self.postgres:
            return day
        return day.isoformat()

    def param(self, value: Any) -> Any:
        """Any parameter: a time or a day as `time_param` / `day_param` store it, a
        named word (a `StrEnum`) as its text, any other value as it is."""
        if isinstance(value, str):
            return value if type(value) is str else str(value)
        if isinstance(value, datetime):
            return self.time_param(value)
        if isinstance(value, date):
            return self.day_param(value)
        return value

    def params(self, values: Iterable[Any]) -> tuple[Any, ...]:
        return tuple(self.param(v) for v in values)

    @staticmethod
    def time(stored: Any) -> datetime | None:
        """A stored UTC time as an aware datetime (SQLite's text, or the server's)."""
        if stored is None:
            return None
        if isinstance(stored, datetime):
            return stored.astimezone(UTC) if stored.tzinfo else stored.replace(tzinfo=UTC)
        return datetime.fromisoformat(stored).replace(tzinfo=UTC)

    @staticmethod
    def day(stored: Any) -> date | None:
        if stored is None or isinstance(stored, date):
            return stored
        return date.fromisoformat(stored)

    def words(self) -> ModuleType:
        """The engine's SQL words (`store.sqlite.sql` / `store.postgres.sql`)."""
        if self.postgres:
            from cards.store.postgres import sql as postgres_words

            return postgres_words
        from cards.store.sqlite import sql as sqlite_words

        return sqlite_words


class Repository:
    """A repository over one transaction: driver statements through `_tx`, the ORM
    through `_session` (made on first use)."""

    def __init__(self, tx: Tx | Session) -> None:
        self._tx = tx if isinstance(tx, Tx) else Tx(session=tx)

    @property
    def _session(self) -> Session:
        return self._tx.session


__all__ = ["Repository", "Tx"]
