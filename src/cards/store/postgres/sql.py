"""How PostgreSQL writes the pieces that differ between engines (SQLite's are in
`store.sqlite.sql`): the words the staged import and the driver statements use, the
planner hints (none: the server keeps statistics, so each expression stays as it
is), and the search functions (`strpos`, and `lower` for folding).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

#: Where a session's temporary tables live.
TEMP_SCHEMA = "pg_temp"
#: Placeholder of a positional driver parameter (psycopg).
PLACEHOLDER = "%s"
#: "Not the same, NULLs compared as values".
DISTINCT = "IS DISTINCT FROM"


def insert_ignoring_duplicates(table: str, columns: str, select: str) -> str:
    """INSERT ... SELECT that skips rows whose key is already there."""
    return f"INSERT INTO {table} ({columns}) {select} ON CONFLICT DO NOTHING"


#: Temporary tables get a `rowid` identity column: staged rows are applied in the
#: order they were staged (seq numbers, log ids), as SQLite's rowid keeps it.
NEEDS_ROWID = True


def insert_cards(conn: Any, insert: Callable[[], object], cards: int) -> None:
    """Run `insert`, an INSERT of `cards` new cards: their search rows come from the
    triggers, row by row (setting a trigger aside here would lock the card table
    against readers until the commit)."""
    insert()


def id_counters(conn: Any, tables: Iterable[str]) -> dict[str, int]:
    """The highest id each table's identity sequence has given (or its max id)."""
    out: dict[str, int] = {}
    for table in tables:
        seq = conn.exec_driver_sql(
            f"SELECT CASE WHEN is_called THEN last_value ELSE 0 END "
            f"FROM {_sequence(conn, table)}").scalar()
        top = conn.exec_driver_sql(f"SELECT max(id) FROM {table}").scalar()
        out[table] = max(int(seq or 0), int(top or 0))
    return out


def set_id_counters(conn: Any, counters: dict[str, int]) -> None:
    """Make each table's next id follow `counters`."""
    for table, value in counters.items():
        conn.exec_driver_sql(
            f"SELECT setval('{_sequence(conn, table)}', %s, %s)",
            (max(value, 1), value > 0))


def _sequence(conn: Any, table: str) -> str:
    name = conn.exec_driver_sql(
        "SELECT pg_get_serial_sequence(%s, 'id')", (table,)).scalar()
    return str(name)


# ------------------------------------------------------------ planner hints
# The server keeps statistics: no hint is needed, each expression stays as it is.
def not_indexed(expr: str) -> str:
    return expr


def not_driving(expr: str) -> str:
    return expr


def likely_null(expr: str) -> str:
    return f"{expr} IS NULL"


# ------------------------------------------------------------ search
def position(text: str, needle: str) -> str:
    """Where `needle` starts in `text` (1-based), 0 if absent."""
    return f"strpos({text}, {needle})"


def fold(expr: str) -> str:
    """Text folded as searches compare it: lower() (the needle is folded in Python)."""
    return f"lower({expr})"


def folded_row(stored: str, fields: Iterable[str]) -> str:
    """A card's folded search text: the stored one, or its columns lowered."""
    return f"coalesce({stored}, lower(concat_ws(' ', {', '.join(fields)})))"
