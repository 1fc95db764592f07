"""The connections of an open collection file: plain `sqlite3` connections, pooled.

Why not SQLAlchemy's engine: importing SQLAlchemy and SQLModel cost a read-only
command most of its run (0.9 s, where Python starts in 0.2 s), and the hot paths run
driver statements anyway. A connection is wrapped in an SQLAlchemy connection only
when a cold path needs the ORM (`orm_connection`), on the same driver connection and
so in the same transaction.

Each connection is set up as `store.engine`'s docstring explains (WAL, busy timeout,
synchronous=FULL, foreign keys, a memory map, the search functions). Transactions
are begun by the store itself (`BEGIN` / `BEGIN IMMEDIATE`): the driver never
begins one on its own (isolation_level None).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cards.store.sqlite.functions import register_functions

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

#: Idle connections kept for reuse (a few threads of the TUI at most use the store).
POOL_SIZE = 5


def configure(conn: sqlite3.Connection, busy_timeout_s: float, mmap_bytes: int) -> None:
    """Set up a new connection (see the module docstring)."""
    conn.isolation_level = None  # we issue BEGIN ourselves
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute(f"PRAGMA busy_timeout={int(busy_timeout_s * 1000)}")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute(f"PRAGMA mmap_size={mmap_bytes}")
    register_functions(conn)


def is_open(conn: sqlite3.Connection) -> bool:
    """Whether the connection can still be used (an invalidated one was closed)."""
    try:
        conn.total_changes  # noqa: B018  (raises on a closed connection)
    except sqlite3.ProgrammingError:
        return False
    return True


class Pool:
    """Connections made by `connect`, handed out one per transaction and reused.

    With `shared`, every checkout gets that one connection (an in-memory copy of an
    older collection, read through one connection as SQLAlchemy's StaticPool did).
    """

    def __init__(self, connect: Callable[[], sqlite3.Connection],
                 shared: sqlite3.Connection | None = None) -> None:
        self._connect = connect
        self._shared = shared
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        #: The SQLAlchemy engine wrapping each connection, made when the ORM is needed.
        self._engines: dict[sqlite3.Connection, Engine] = {}

    @property
    def shared(self) -> sqlite3.Connection | None:
        """The one connection every checkout gets, if the pool has one."""
        return self._shared

    def checkout(self) -> sqlite3.Connection:
        if self._shared is not None:
            return self._shared
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return self._connect()

    def checkin(self, conn: sqlite3.Connection) -> None:
        """Take a connection back; one left in a transaction (by a failure) is rolled
        back, one that was closed (invalidated) is forgotten."""
        if conn is self._shared:
            return
        if not is_open(conn):
            self._forget(conn)
            return
        if conn.in_transaction:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                self._close(conn)
                return
        with self._lock:
            if len(self._idle) < POOL_SIZE:
                self._idle.append(conn)
                return
        self._close(conn)

    def orm_connection(self, conn: sqlite3.Connection) -> Connection:
        """An SQLAlchemy connection over `conn` (its current transaction included): for
        the cold paths that use the ORM. SQLAlchemy sees the driver connection through
        `StoreHeld`, whose commit and rollback do nothing, so the store's own BEGIN and
        COMMIT stay the transaction's, whatever SQLAlchemy does on its side (it rolls
        back on first connect and on every return to its pool)."""
        engine = self._engines.get(conn)
        if engine is None:
            from sqlalchemy.pool import StaticPool
            from sqlmodel import create_engine

            held = StoreHeld(conn)
            engine = create_engine("sqlite://", creator=lambda: held, poolclass=StaticPool)
            self._engines[conn] = engine
        return engine.connect()

    @staticmethod
    def driver_of(conn: Any) -> sqlite3.Connection:
        """The `sqlite3` connection behind an SQLAlchemy connection of `orm_connection`."""
        held = conn.connection.driver_connection
        return held.raw if isinstance(held, StoreHeld) else held

    def _forget(self, conn: sqlite3.Connection) -> None:
        engine = self._engines.pop(conn, None)
        if engine is not None:
            engine.dispose(close=False)  # the connection is closed (or kept) by the pool

    def _close(self, conn: sqlite3.Connection) -> None:
        self._forget(conn)
        conn.close()

    def dispose(self) -> None:
        """Close the idle connections (those in use are closed when taken back)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            self._close(conn)

    def close(self) -> None:
        self.dispose()
        if self._shared is not None:
            self._forget(self._shared)


class StoreHeld:
    """A `sqlite3` connection as SQLAlchemy is given it: everything passes through but
    `commit` and `rollback`, which do nothing (the store ends its transactions with
    COMMIT and ROLLBACK statements of its own). `close` closes the connection (only an
    invalidation does: the pool then forgets it)."""

    __slots__ = ("raw",)

    def __init__(self, raw: sqlite3.Connection) -> None:
        self.raw = raw

    def commit(self) -> None:
        """The store commits (see the class docstring)."""

    def rollback(self) -> None:
        """The store rolls back (see the class docstring)."""

    def close(self) -> None:
        self.raw.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


def driver_errors() -> tuple[type[BaseException], ...]:
    """What a failing statement raises: sqlite3's errors, and SQLAlchemy's wrapping of
    them once the ORM has been used (SQLAlchemy is never imported to find out)."""
    import sys

    exc: Any = sys.modules.get("sqlalchemy.exc")
    if exc is None:
        return (sqlite3.Error,)
    return (sqlite3.Error, exc.DBAPIError)


__all__ = ["POOL_SIZE", "Pool", "StoreHeld", "configure", "driver_errors", "is_open"]
