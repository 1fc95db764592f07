"""Driver rows as views: the column lists the repositories select, and the one
reading of each into a `CardView` / `ItemView` (`cards.views`).

Why: the ORM built a row object per card and item and then a view of it; a listing
or a queue reads hundreds of rows, and the read-only commands must not import the
ORM at all (`store.tx`). Each list is written once here, with the table alias its
queries use (`c` for card, `s` for schedule), and its reader unpacks the same order.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from cards.decks import Source
from cards.scheduler import ItemState
from cards.scheduler.fsrs import Memory
from cards.store.tx import Tx
from cards.views import CardView, ItemView

#: A card's columns for a `CardView` (table alias `c`), in `card_view`'s order.
CARD_COLUMNS = ("c.id, c.deck_id, c.type, c.front, c.back, c.text, c.extra, c.concept,"
                " c.tags, c.source_file, c.source_line, c.status, c.source_quote,"
                " c.source_author, c.created_at, c.modified_at")
#: How many columns `CARD_COLUMNS` holds.
CARD_WIDTH = 16
#: An item's columns for an `ItemView` (table alias `s`), in `item_view`'s order.
ITEM_COLUMNS = ("s.ord, s.repetitions, s.interval, s.easiness, s.due, s.lapses,"
                " s.last_review, s.buried_until, s.sm2_due, s.stability, s.difficulty,"
                " s.fsrs_due, s.fsrs_last_review, s.buried_by")
ITEM_WIDTH = 14


def card_view(tx: Tx, row: Sequence[Any], deck_name: Callable[[int], str]) -> CardView:
    """A `CardView` of the `CARD_COLUMNS` of a row (`deck_name` names its deck id)."""
    (id_, deck_id, type_, front, back, text, extra, concept, tags, src_file, src_line,
     status, src_quote, src_author, created, modified) = row[:CARD_WIDTH]
    source = (Source(src_file, src_line, src_quote or "", src_author)
              if src_file is not None and src_line is not None else None)
    time = tx.time
    return CardView(id_, deck_name(deck_id), type_, front, back, text, extra, concept,
                    tuple(json.loads(tags)), source, status,
                    time(created), time(modified))  # type: ignore[arg-type]


def item_view(tx: Tx, card: CardView, row: Sequence[Any], *, repeat: bool = False) -> ItemView:
    """An `ItemView` of `card` from the `ITEM_COLUMNS` of a row."""
    (o, reps, interval, easiness, due, lapses, last, buried, sm2_due, stability, difficulty,
     fsrs_due, fsrs_last, buried_by) = row[:ITEM_WIDTH]
    day, time = tx.day, tx.time
    memory = (Memory(stability, difficulty, time(fsrs_last))  # type: ignore[arg-type]
              if stability is not None and difficulty is not None and fsrs_last is not None
              else None)
    return ItemView(card, o, ItemState(reps, interval, easiness, day(sm2_due), lapses),
                    time(last), day(buried), repeat, day(due), memory, day(fsrs_due),
                    buried_by)


def deck_names(tx: Tx) -> dict[int, str]:
    """Every deck's name by id (a queue or a listing names a few decks many times)."""
    return {int(deck_id): name for deck_id, name in tx.run("SELECT id, name FROM deck")}


__all__ = ["CARD_COLUMNS", "CARD_WIDTH", "ITEM_COLUMNS", "ITEM_WIDTH", "card_view",
           "deck_names", "item_view"]
