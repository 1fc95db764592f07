"""Big imports that never starve other writers: stage outside the write lock, then swap.

A 50,000-card import used to hold SQLite's write lock for seconds (building rows,
hashing content, binding parameters), so an answer given meanwhile in another
process waited past its busy timeout and failed. Now an import:

1. reads what it needs in a read transaction (no lock: writers carry on);
2. computes every change in Python, and writes the new rows into TEMP tables of its
   own connection (`Stage.add`): SQLite locks the temp database only, never the
   collection, and SQLAlchemy converts the values there, outside the lock;
3. takes the write lock (`BEGIN IMMEDIATE`) for one short transaction that first
   checks that nothing it planned from has changed since step 1 (`Stage.conflicts`:
   each card it updates still has the version it read, each card it adds is still
   absent, each item it reschedules still has the last review it read), then moves
   the staged rows into the collection with a few set-based statements in SQLite's C
   code (`Stage.apply`). On a conflict nothing is written and the import plans again.

So the import stays all or nothing (one write transaction, or none), and the lock is
held for the swap alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Identity,
    Integer,
    MetaData,
    String,
    Table,
    select,
    text,
)
from sqlalchemy.engine import Connection

from cards.store.dialect import words
from cards.store.models import CardRow, DeckRow, ReviewRow, ScheduleRow

_CHUNK = 500
_CARD = CardRow.__table__
_SCHEDULE = ScheduleRow.__table__
_REVIEW = ReviewRow.__table__
_DECK = DeckRow.__table__
#: What a card's version is made of: any change to a card row moves one of these
#: (every edit, status change and import sets modified_at).
VERSION_COLUMNS = ("deck_id", "status", "modified_at", "imported_hash")
#: Card columns an update sets (all but the key, deck, order and creation time).
UPDATED_COLUMNS = tuple(c.name for c in _CARD.columns
                        if c.name not in ("id", "deck_id", "seq", "created_at"))
#: Schedule columns a reschedule sets.
SCHEDULE_COLUMNS = ("repetitions", "interval", "easiness", "due", "lapses", "last_review",
                    "buried_until", "sm2_due")


STAGE_TABLES = ("stage_new_card", "stage_card_update", "stage_new_item", "stage_dropped_item",
                "stage_item_update", "stage_review", "stage_deck")


def _chunks(ids: Sequence[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(ids), _CHUNK):
        yield list(ids[start:start + _CHUNK])


def card_rows(conn: Connection, ids: Sequence[str]) -> dict[str, Any]:
    """Full card rows (SQLAlchemy Core rows, read by attribute) of these ids."""
    found: dict[str, Any] = {}
    if conn.execute(select(_CARD.c.id).limit(1)).first() is None:
        return found  # a new collection: 200 look-ups of 500 ids each spared
    for chunk in _chunks(ids):
        for row in conn.execute(select(_CARD).where(_CARD.c.id.in_(chunk))):
            found[row.id] = row
    return found


def item_rows(conn: Connection, ids: Sequence[str]) -> dict[tuple[str, int], Any]:
    """Schedule rows of these cards' items, by (card id, ord)."""
    found: dict[tuple[str, int], Any] = {}
    for chunk in _chunks(ids):
        for row in conn.execute(select(_SCHEDULE).where(_SCHEDULE.c.card_id.in_(chunk))):
            found[(row.card_id, row.ord)] = row
    return found


def _converted(values: Sequence[Any], process: Any) -> list[Any]:
    """`process` applied to each value; once per distinct value when they repeat."""
    distinct = set(values)
    if len(distinct) * 2 > len(values):
        return [process(v) for v in values]
    done = {v: process(v) for v in distinct}
    return [done[v] for v in values]


def card_ids(conn: Connection) -> list[str]:
    """Every card id in the collection."""
    return list(conn.execute(select(_CARD.c.id)).scalars())


def deck_ids(conn: Connection) -> dict[str, int]:
    return {name: id_ for id_, name in conn.execute(select(_DECK.c.id, _DECK.c.name))}


def version(row: Any) -> dict[str, Any]:
    """The version columns of a card row, to stage beside an update."""
    return {f"old_{name}": getattr(row, name) for name in VERSION_COLUMNS}


class Stage:
    """TEMP tables on one connection holding an import's changes until `apply`."""

    def __init__(self, conn: Connection, *, create: bool = True) -> None:
        self.conn = conn
        self.sql = words(conn)
        meta = MetaData()
        temp: dict[str, Any] = {"prefixes": ["TEMPORARY"]}
        order = ([Column("rowid", BigInteger, Identity())] if self.sql.NEEDS_ROWID else [])

        def like(table: Table, name: str, *extra: Column[Any]) -> Table:
            cols = [Column(c.name, c.type) for c in table.columns]
            return Table(name, meta, *cols, *extra, *[c.copy() for c in order], **temp)

        versions = [Column(f"old_{c}", _CARD.c[c].type) for c in VERSION_COLUMNS]
        self.new_cards = like(_CARD, "stage_new_card", Column("deck_name", String),
                              Column("seq_offset", Integer))
        self.new_cards.c.deck_id.nullable = True
        self.card_updates = like(_CARD, "stage_card_update", *versions)
        self.new_items = like(_SCHEDULE, "stage_new_item")
        self.dropped_items = Table("stage_dropped_item", meta, Column("card_id", String),
                                   Column("ord", Integer), **temp)
        self.item_updates = like(_SCHEDULE, "stage_item_update",
                                 Column("old_last_review", _SCHEDULE.c.last_review.type))
        self.reviews = like(_REVIEW, "stage_review")
        #: Rows staged so far, by table.
        self.staged: Counter[str] = Counter()
        self.decks = Table("stage_deck", meta, Column("name", String),
                           Column("description", String), Column("source_dir", String),
                           Column("created_at", _DECK.c.created_at.type),
                           *[c.copy() for c in order], **temp)
        if create:
            self.drop_all(conn)
            for table in meta.sorted_tables:
                table.create(conn)

    def add(self, table: Table, rows: list[dict[str, Any]]) -> None:
        """Stage rows given as dicts, every one naming the same columns (see `add_rows`)."""
        if rows:
            names = list(rows[0])
            self.add_rows(table, names, [tuple(row[n] for n in names) for row in rows])

    def add_rows(self, table: Table, names: Sequence[str], rows: Sequence[tuple[Any, ...]]
                 ) -> None:
        """Stage rows of values in the order of `names`: one driver executemany, each
        value converted by its column type's own bind processor (so it is stored exactly
        as SQLAlchemy stores it), column by column, each distinct value once where
        values repeat (dates, the import's one time). Core's per-row handling took most
        of staging 100,000 review rows."""
        if not rows:
            return
        self.staged[table.name] += len(rows)
        mark = self.sql.PLACEHOLDER
        sql = (f"INSERT INTO {self.sql.TEMP_SCHEMA}.{table.name} ({', '.join(names)}) "
               f"VALUES ({', '.join([mark] * len(names))})")
        dialect = self.conn.dialect
        # the dialect's own type (SQLite's DATETIME writes its text format; the generic
        # type would leave the driver to write str(datetime), with "+00:00")
        processors = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
                      for name in names]
        if not any(processors):
            self.conn.exec_driver_sql(sql, list(rows))
            return
        columns: list[Any] = list(zip(*rows, strict=True))
        for i, process in enumerate(processors):
            if process is not None:
                columns[i] = _converted(columns[i], process)
        self.conn.exec_driver_sql(sql, list(zip(*columns, strict=True)))

    def param(self, value: Any) -> Any:
        """A value as the driver takes it for this engine (a time as SQLAlchemy's type
        writes it on SQLite; see `Tx.param`), for rows given to `add_ready`."""
        from cards.store.tx import Tx

        return Tx(self.conn).param(value)

    def add_ready(self, table: Table, names: Sequence[str],
                  rows: Sequence[tuple[Any, ...]], same: Sequence[int | None] = ()) -> None:
        """Stage rows of values in the order of `names`, every value already as the
        driver takes it (`param`): one executemany, nothing converted. `same` are the
        values of the last columns named, the same in every row (and not in `rows`):
        integers or None, written into the statement as literals, so the driver binds
        only what differs (for new items, 2 values a row instead of 9)."""
        if rows:
            self.staged[table.name] += len(rows)
            mark = self.sql.PLACEHOLDER
            literals = ["NULL" if v is None else str(int(v)) for v in same]
            marks = [mark] * (len(names) - len(literals))
            self.conn.exec_driver_sql(
                f"INSERT INTO {self.sql.TEMP_SCHEMA}.{table.name} ({', '.join(names)}) "
                f"VALUES ({', '.join(marks + literals)})", list(rows))

    @staticmethod
    def drop_all(conn: Connection) -> None:
        """Drop the staging tables (a pooled connection outlives the import)."""
        temp = words(conn).TEMP_SCHEMA
        for name in STAGE_TABLES:
            conn.execute(text(f"DROP TABLE IF EXISTS {temp}.{name}"))

    def conflicts(self) -> int:
        """How many staged changes were planned from rows that have changed since."""
        temp, differs = self.sql.TEMP_SCHEMA, self.sql.DISTINCT
        changed = " OR ".join(f"c.{name} {differs} s.old_{name}" for name in VERSION_COLUMNS)
        sql = f"""
            SELECT (SELECT count(*) FROM {temp}.stage_new_card s JOIN card c ON c.id = s.id)
                 + (SELECT count(*) FROM {temp}.stage_card_update s LEFT JOIN card c
                    ON c.id = s.id WHERE c.id IS NULL OR {changed})
                 + (SELECT count(*) FROM {temp}.stage_item_update s LEFT JOIN schedule x
                    ON x.card_id = s.card_id AND x.ord = s.ord
                    WHERE x.card_id IS NULL OR x.last_review {differs} s.old_last_review)"""
        return int(self.conn.execute(text(sql)).scalar_one())

    def apply(self) -> None:
        """Move every staged change into the collection (inside the write transaction)."""
        conn, temp = self.conn, self.sql.TEMP_SCHEMA
        conn.execute(text(
            "INSERT INTO deck (name, description, created_at) SELECT name, "
            f"coalesce(min(description), ''), min(created_at) FROM {temp}.stage_deck "
            "WHERE name NOT IN (SELECT name FROM deck) GROUP BY name ORDER BY min(rowid)"))
        conn.execute(text(
            "UPDATE deck SET description = coalesce(s.description, deck.description), "
            "source_dir = coalesce(s.source_dir, deck.source_dir) "
            f"FROM {temp}.stage_deck s WHERE deck.name = s.name"))
        base = conn.execute(text("SELECT coalesce(max(seq), 0) FROM card")).scalar_one()
        columns = [c.name for c in _CARD.columns]
        chosen = ", ".join("d.id" if c == "deck_id" else
                           ":base + s.seq_offset" if c == "seq" else f"s.{c}" for c in columns)
        insert = text(
            f"INSERT INTO card ({', '.join(columns)}) SELECT {chosen} "
            f"FROM {temp}.stage_new_card s JOIN deck d ON d.name = s.deck_name "
            "ORDER BY s.rowid")
        self.sql.insert_cards(conn, lambda: conn.execute(insert, {"base": base}),
                              self.staged[self.new_cards.name])
        sets = ", ".join(f"{c} = s.{c}" for c in UPDATED_COLUMNS)
        conn.execute(text(
            f"UPDATE card SET {sets} FROM {temp}.stage_card_update s WHERE card.id = s.id"))
        conn.execute(text(
            f"DELETE FROM schedule WHERE EXISTS (SELECT 1 FROM {temp}.stage_dropped_item s "
            "WHERE s.card_id = schedule.card_id AND s.ord = schedule.ord)"))
        items = ", ".join(c.name for c in _SCHEDULE.columns)
        conn.execute(text(self.sql.insert_ignoring_duplicates(
            "schedule", items, f"SELECT {items} FROM {temp}.stage_new_item")))
        sets = ", ".join(f"{c} = s.{c}" for c in SCHEDULE_COLUMNS)
        conn.execute(text(
            f"UPDATE schedule SET {sets} FROM {temp}.stage_item_update s "
            "WHERE schedule.card_id = s.card_id AND schedule.ord = s.ord"))
        logged = ", ".join(c.name for c in _REVIEW.columns if c.name != "id")
        conn.execute(text(
            f"INSERT INTO review ({logged}) SELECT {logged} FROM {temp}.stage_review "
            "ORDER BY rowid"))
