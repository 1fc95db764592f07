"""What only SQLite needs: planner hints and the case-insensitive search it lacks.

A collection file has no ANALYZE statistics, so SQLite's planner must be steered on
the hot queries; each hint says why, with the figures measured at 100,000 cards.
Repositories build portable SQLAlchemy and take these few pieces from here, so a
second engine (`store/postgres/`) supplies its own versions of the same functions.
"""

from cards.store.sqlite.hints import (
    card_id_not_driving,
    deck_id_not_indexed,
    in_deck_via_due,
    unseen,
)
from cards.store.sqlite.search import contains_folded

__all__ = [
    "card_id_not_driving",
    "contains_folded",
    "deck_id_not_indexed",
    "in_deck_via_due",
    "unseen",
]
