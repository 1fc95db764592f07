"""Many new cards at once (a big import), their search rows written set-based.

A new card gets its search row from a trigger (`card_search_insert`), and the row its
place in the trigram indexes from another (`card_fts_insert`), one card at a time. For
a big import both triggers are dropped for the one INSERT of the cards, the search
rows are written by one INSERT ... SELECT with the trigger's own expressions
(`migrations.search_rows_after`), their text indexed by one INSERT per index, and the
triggers created again from the very SQL `sqlite_master` held. At 100,000 cards the
INSERT with its triggers took 4.1-4.7 s; the four statements take 3.4-4.3 s (most of
it the JSON split of each row's fields, which both ways do).

All of it runs inside the caller's write transaction (SQLite's DDL is transactional):
a failure anywhere rolls back the cards, the rows and the dropped triggers together,
and other connections, which cannot write meanwhile, never see the triggers missing
(readers keep their snapshot; a changed schema only makes them prepare statements
again). The rows and indexes written are the ones the triggers would have written, in
the same order, so every id and every search answer is the same. (The triggers come
back last in `sqlite_master`; each is the only one of its table and event, so none
fires in another order than before.) When the triggers are
not exactly the ones the migrations wrote (changed by another program), or ids are so
high that SQLite would pick new ones at random, the cards are inserted with the
triggers in place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cards.store.migrations import CARD_FTS_INSERT, CARD_SEARCH_INSERT, search_rows_after

#: From this many new cards on, their search rows are written set-based (below, the
#: triggers do it: dropping and making them again costs a schema change).
BULK_CARDS = 1000
#: The triggers set aside, and their SQL as the migrations wrote it.
TRIGGERS = {"card_search_insert": CARD_SEARCH_INSERT, "card_fts_insert": CARD_FTS_INSERT}
#: Rowids above this are near SQLite's largest, where it picks new ones at random.
_HIGH_ROWID = 1 << 62


def insert_cards(conn: Any, insert: Callable[[], object], cards: int) -> None:
    """Run `insert` (an INSERT of `cards` new cards, on `conn`, an SQLAlchemy
    connection in a write transaction), the cards' search rows and index entries
    written as the triggers would write them."""
    if cards == 0 or cards < BULK_CARDS:
        insert()
        return
    run = conn.exec_driver_sql
    stored = dict(run("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
                      " AND name IN ('card_search_insert', 'card_fts_insert')").all())
    top = int(run("SELECT coalesce(max(rowid), 0) FROM card").scalar_one())
    rows_top = int(run("SELECT coalesce(max(id), 0) FROM card_search").scalar_one())
    if stored != TRIGGERS or max(top, rows_top) >= _HIGH_ROWID:
        insert()
        return
    # A failure on the way leaves the cards half inserted: the caller rolls the
    # transaction back, and the triggers come back with it.
    for name in TRIGGERS:
        run(f"DROP TRIGGER {name}")
    insert()
    run(search_rows_after(), (top,))
    run("INSERT INTO card_fts (rowid, body) SELECT id, body FROM card_search"
        " WHERE id > ? ORDER BY id", (rows_top,))
    run("INSERT INTO card_fts_tags (rowid, tags) SELECT id, tags FROM card_search"
        " WHERE id > ? ORDER BY id", (rows_top,))
    for sql in TRIGGERS.values():
        run(sql)
