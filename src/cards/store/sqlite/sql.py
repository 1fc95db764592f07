"""How SQLite writes the pieces that differ between engines (PostgreSQL's are in
`store.postgres.sql`): the words the staged import and the driver statements use, the
planner hints a collection file without statistics needs, and the search functions
(`instr`, and the folding of `store.sqlite.functions`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
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


def insert_cards(conn: Any, insert: Callable[[], object], cards: int) -> None:
    """Run `insert`, an INSERT of `cards` new cards: a big one with their search rows
    written set-based (`store.sqlite.bulk`)."""
    from cards.store.sqlite.bulk import insert_cards

    insert_cards(conn, insert, cards)


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


# ------------------------------------------------------------ planner hints
# A collection file has no ANALYZE statistics, so SQLite's planner is steered on the
# hot queries; each hint says why, with the figures measured at 100,000 cards.
def not_indexed(expr: str) -> str:
    """`card.deck_id + 0`: an integer expression no index answers.

    It keeps SQLite from answering a deck filter from ix_card_deck_status: for due
    items the cheap path is ix_schedule_due (today's backlog, a few hundred rows);
    without statistics SQLite walked every card of the deck instead, 45 ms per deck at
    20,000 cards against 3 ms."""
    return f"{expr} + 0"


def not_driving(expr: str) -> str:
    """`(card.id || '')`: a text key that cannot drive a join from the other side.

    Cards are then scanned and only the items of the (usually few) inactive ones
    looked up; joining every item to its card cost 0.3 s at 100,000 cards."""
    return f"({expr} || '')"


def likely_null(expr: str) -> str:
    """`likelihood(due IS NULL, 0.9)`: without the hint SQLite looks new items up
    through ix_schedule_due, which holds every new item of every deck, then sorts them
    all: 0.3 s per deck at 100,000 cards. Marked likely, the term is checked per row
    while the deck's cards are walked in seq order, and the walk stops at the limit
    (1 ms)."""
    return f"likelihood({expr} IS NULL, 0.9)"


# ------------------------------------------------------------ search
def position(text: str, needle: str) -> str:
    """Where `needle` starts in `text` (1-based), 0 if absent: instr() has no wildcard
    to escape, unlike LIKE."""
    return f"instr({text}, {needle})"


def fold(expr: str) -> str:
    """Text folded as searches compare it (`store.folding.fold`, registered as
    `cards_fold` by `store.sqlite.functions`)."""
    return f"cards_fold({expr})"


def folded_row(stored: str, fields: Iterable[str]) -> str:
    """A card's folded search text: the stored one, or for a row written without it
    (by another program) the same text computed from its columns."""
    return f"coalesce({stored}, cards_folded({', '.join(fields)}))"
