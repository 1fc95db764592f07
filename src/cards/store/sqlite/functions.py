"""The SQL functions SQLite lacks for case- and accent-insensitive search.

SQLite's lower() folds ASCII only, so `casefold()`, `cards_fold()` (the search folding,
`store.folding.fold`) and `cards_folded()` (a card's whole folded text, for a row
written without its `folded` column) are registered on every connection
(`store.sqlite.connections`) and on the one that migrates; instr() has no wildcards
to escape, unlike LIKE.
"""

from __future__ import annotations

import sqlite3

from cards.store.folding import PLAIN_FIELDS, fold, folded_of_json


def _fold_value(value: object) -> str | None:
    return fold(value) if isinstance(value, str) else None


def _casefold(value: object) -> str | None:
    return value.casefold() if isinstance(value, str) else None


def register_functions(conn: sqlite3.Connection) -> None:
    """Add `casefold()`, `cards_fold()` and `cards_folded()` to a new connection."""
    conn.create_function("casefold", 1, _casefold, deterministic=True)
    conn.create_function("cards_fold", 1, _fold_value, deterministic=True)
    conn.create_function("cards_folded", len(PLAIN_FIELDS) + 1, folded_of_json,
                         deterministic=True)
