"""One transaction as the repositories see it: its connection, driver-level statements
for the hot paths, and an ORM session made only when a repository needs one.

Why: an answer is a handful of one-row statements, and going through the ORM (a
`Session`, row objects, a flush, statements compiled each time) cost five times the
durable commit itself. The hot paths (answer, the item and deck look-ups it makes,
the review log's append) run driver statements instead, prepared once by the driver
(sqlite3 keeps a statement cache keyed by the SQL text); everything else keeps the
ORM, whose session is made on first use, bound to the same connection and
transaction.

Statements are written once, with `?` placeholders; on PostgreSQL they go through
SQLAlchemy's `exec_driver_sql` (`%s` placeholders), so its error wrapping and
connection invalidation keep working there. On SQLite they go straight to the
sqlite3 connection.

Mixing the two is safe: a driver statement first flushes the session's pending
changes, and one that writes expires the session's rows, so neither side reads a
stale row.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from types import ModuleType
from typing import Any

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
    """The connection of one transaction (or an existing session's), for repositories."""

    __slots__ = ("_conn", "_raw", "_session", "postgres")

    def __init__(self, conn: Connection | None = None, session: Session | None = None) -> None:
        if conn is None and session is None:
            raise ValueError("a transaction needs a connection or a session")
        self._conn = conn
        self._session = session
        self._raw: Any = None
        bind = conn if conn is not None else session.get_bind()  # type: ignore[union-attr]
        self.postgres = bind.dialect.name == "postgresql"

    @property
    def session(self) -> Session:
        """The ORM session of this transaction, made on first use."""
        if self._session is None:
            self._session = Session(bind=self._conn, expire_on_commit=False)
        return self._session

    @property
    def conn(self) -> Connection:
        if self._conn is None:
            self._conn = self.session.connection()
        return self._conn

    def _pending(self) -> None:
        session = self._session
        if session is not None and (session.new or session.dirty or session.deleted):
            session.flush()

    def run(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """A driver statement (`?` placeholders) that reads; a cursor with `fetchone`
        and `fetchall`. Values come back as the driver returns them (see `day`,
        `time`)."""
        self._pending()
        if self.postgres:
            return self.conn.exec_driver_sql(_percent(sql), tuple(params))
        raw = self._raw
        if raw is None:
            raw = self._raw = self.conn.connection.driver_connection
        return raw.execute(sql, params)

    def write(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """A driver statement that changes rows (the session's rows are reloaded)."""
        cursor = self.run(sql, params)
        if self._session is not None:
            self._session.expire_all()
        return cursor

    def finish(self) -> None:
        """Flush the session's pending changes, before the transaction commits."""
        if self._session is not None:
            self._session.flush()
            self._session.close()

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
        from cards.store.dialect import words

        return words(self.conn)  # type: ignore[no-any-return]





class Repository:
    """A repository over one transaction: driver statements through `_tx`, the ORM
    through `_session` (made on first use)."""

    def __init__(self, tx: Tx | Session) -> None:
        self._tx = tx if isinstance(tx, Tx) else Tx(session=tx)

    @property
    def _session(self) -> Session:
        return self._tx.session
__all__ = ["Repository", "Tx"]
