"""How SQLite writes the words the staged import and driver-level statements use
(PostgreSQL's are in `store.postgres.sql`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

#: Where a connection's temporary tables live.
TEMP_SCHEMA = "temp"
#: Placeholder of a positional driver parameter (sqlite3).
PLACEHOLDER = "?"
#: "Not the same, NULLs compared as values".
DISTINCT = "IS NOT"
#: Whether temporary tables need a column of their own to keep insertion order
#: (SQLite's tables have a rowid).
NEEDS_ROWID = False


def insert_ignoring_duplicates(table: str, columns: str, select: str) -> str:
    """INSERT ... SELECT that skips rows whose key is already there."""
    return f"INSERT OR IGNORE INTO {table} ({columns}) {select}"


def id_counters(conn: Any, tables: Iterable[str]) -> dict[str, int]:
    """The highest id each table has given (AUTOINCREMENT's counter, else its max id)."""
    out: dict[str, int] = {}
    for table in tables:
        seq = conn.exec_driver_sql(
            "SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).scalar()
        top = conn.exec_driver_sql(f"SELECT max(id) FROM {table}").scalar()
        out[table] = max(int(seq or 0), int(top or 0))
    return out


def set_id_counters(conn: Any, counters: dict[str, int]) -> None:
    """Make each table's next id follow `counters` (a table without AUTOINCREMENT
    takes max(id) + 1 by itself)."""
    for table, value in counters.items():
        has = conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_sequence'").scalar()
        if not has:
            continue
        conn.exec_driver_sql("DELETE FROM sqlite_sequence WHERE name = ?", (table,))
        if value and _autoincrement(conn, table):
            conn.exec_driver_sql("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)",
                                 (table, value))


def _autoincrement(conn: Any, table: str) -> bool:
    sql = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).scalar()
    return "AUTOINCREMENT" in (sql or "").upper()
