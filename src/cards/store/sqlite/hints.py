"""Planner hints for SQLite on a collection without ANALYZE statistics (users' files
have none): how `store.dialect`'s constructs are written for SQLite.

Each hint says why, with the figures measured at 100,000 cards.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler

from cards.store import dialect


@compiles(dialect.NotIndexed, "sqlite")
def _not_indexed(element: dialect.NotIndexed, compiler: SQLCompiler, **kw: Any) -> str:
    """`card.deck_id + 0` / `card.id || ''`: an expression no index answers.

    `deck_id + 0` keeps SQLite from answering a deck filter from ix_card_deck_status:
    for due items the cheap path is ix_schedule_due (today's backlog, a few hundred
    rows); without statistics SQLite walked every card of the deck instead, 45 ms per
    deck at 20,000 cards against 3 ms. `card.id || ''` keeps it from driving a
    card-schedule join from the schedule side (every item, then a lookup of its card):
    cards are scanned and only the items of the (usually few) inactive ones looked up;
    joining every item to its card cost 0.3 s at 100,000 cards.
    """
    [expr] = dialect.arguments(element, compiler, **kw)
    return f"{expr} + 0" if isinstance(element.type, Integer) else f"({expr} || '')"


@compiles(dialect.LikelyNull, "sqlite")
def _likely_null(element: dialect.LikelyNull, compiler: SQLCompiler, **kw: Any) -> str:
    """`likelihood(due IS NULL, 0.9)`: without the hint SQLite looks new items up
    through ix_schedule_due, which holds every new item of every deck, then sorts them
    all: 0.3 s per deck at 100,000 cards. Marked likely, the term is checked per row
    while the deck's cards are walked in seq order, and the walk stops at the limit
    (1 ms)."""
    [expr] = dialect.arguments(element, compiler, **kw)
    return f"likelihood({expr} IS NULL, 0.9)"
