"""Planner hints for SQLite on a collection without ANALYZE statistics (users' files
have none)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, literal_column
from sqlmodel import col

from cards.store.models import CardRow, ScheduleRow


def in_deck_via_due(deck_id: int) -> Any:
    """`card.deck_id = ?` written so that SQLite cannot answer it from ix_card_deck_status.

    For due items the cheap path is ix_schedule_due (today's backlog, a few hundred
    rows). A collection file has no ANALYZE statistics, and without them SQLite walked
    every card of the deck instead: 45 ms per deck at 20,000 cards, against 3 ms.
    """
    return (CardRow.deck_id + 0) == deck_id


def deck_id_not_indexed() -> Any:
    """`card.deck_id` as an expression no index answers (`deck_id + 0`): the due walk
    goes down ix_schedule_due for all decks at once and filters each row."""
    return CardRow.deck_id + 0


def unseen() -> Any:
    """`due IS NULL` (a new item), marked as the common case for SQLite's planner.

    Without the hint SQLite looks new items up through ix_schedule_due, which holds
    every new item of every deck, then sorts them all: 0.3 s per deck at 100,000
    cards. Marked likely, the term is checked per row while the deck's cards are
    walked in seq order, and the walk stops at the limit (1 ms).
    """
    return func.likelihood(col(ScheduleRow.due).is_(None), literal_column("0.9"))


def card_id_not_driving() -> Any:
    """`card.id || ''`: keeps SQLite from driving a card-schedule join from the
    schedule side (every item, then a lookup of its card). Cards are scanned, and
    only the items of the (usually few) inactive ones are looked up: joining every
    item to its card cost 0.3 s at 100,000 cards."""
    return col(CardRow.id).concat("")
