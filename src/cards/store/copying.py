"""Copying every row of a collection into another, on the same engine or the other.

Rows are read in key order through SQLAlchemy Core and written with one executemany
per batch, so values convert through each column's type on both sides (a time is
the same UTC instant, a flag the same boolean, on SQLite and PostgreSQL) and memory
stays bounded however long the review log. Ids are kept (reviews, decks), and so is
each table's id counter, so an id that was used once (an undone answer's) is never
given again on the copy either.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.engine import Connection

from cards.store.dialect import words
from cards.store.models import CardRow, DeckRow, ReviewRow, ScheduleRow, SettingRow

#: Parents before children, so foreign keys hold at every insert.
TABLES: tuple[Table, ...] = (DeckRow.__table__, CardRow.__table__, ScheduleRow.__table__,
                             ReviewRow.__table__, SettingRow.__table__)
#: Tables whose integer key the database assigns from a counter.
COUNTED = ("deck", "review")
BATCH = 2000


@dataclass(frozen=True, slots=True)
class CopyCounts:
    """Rows copied per table."""

    decks: int
    cards: int
    items: int
    reviews: int
    settings: int


def row_counts(conn: Connection) -> dict[str, int]:
    """How many rows each table of a collection holds."""
    return {t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
            for t in TABLES}


def _batches(conn: Connection, table: Table) -> Iterator[list[dict[str, Any]]]:
    result = conn.execution_options(yield_per=BATCH).execute(
        select(table).order_by(*table.primary_key.columns))
    for part in result.mappings().partitions(BATCH):
        yield [dict(row) for row in part]


def copy_rows(source: Connection, dest: Connection) -> CopyCounts:
    """Insert every row of `source`'s collection into `dest`'s (an empty one, inside
    the caller's write transaction), then carry the id counters over."""
    copied: dict[str, int] = {}
    for table in TABLES:
        copied[table.name] = 0
        for rows in _batches(source, table):
            dest.execute(insert(table), rows)
            copied[table.name] += len(rows)
    counters = words(source).id_counters(source, COUNTED)
    words(dest).set_id_counters(dest, counters)
    return CopyCounts(copied["deck"], copied["card"], copied["schedule"], copied["review"],
                      copied["setting"])
