"""Case- and accent-insensitive substring search in SQLite.

SQLite's lower() folds ASCII only, so `casefold()`, `cards_fold()` (the search folding,
`store.folding.fold`) and `cards_folded()` (a card's whole folded text, for a row
written without its `folded` column) are registered on every connection
(`store.engine`) and on the one that migrates; instr() has no wildcards to escape,
unlike LIKE.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler

from cards.store import dialect
from cards.store.folding import PLAIN_FIELDS, fold, folded_of_json


@compiles(dialect.FoldedPosition, "sqlite")
def _folded_position(element: dialect.FoldedPosition, compiler: SQLCompiler, **kw: Any) -> str:
    field, needle = dialect.arguments(element, compiler, **kw)
    return f"instr(casefold({field}), {needle})"


@compiles(dialect.Fold, "sqlite")
def _fold(element: dialect.Fold, compiler: SQLCompiler, **kw: Any) -> str:
    return f"cards_fold({dialect.arguments(element, compiler, **kw)[0]})"


@compiles(dialect.Position, "sqlite")
def _instr(element: dialect.Position, compiler: SQLCompiler, **kw: Any) -> str:
    text, needle = dialect.arguments(element, compiler, **kw)
    return f"instr({text}, {needle})"


@compiles(dialect.FoldedRow, "sqlite")
def _folded_row(element: dialect.FoldedRow, compiler: SQLCompiler, **kw: Any) -> str:
    stored, *fields = dialect.arguments(element, compiler, **kw)
    return f"coalesce({stored}, cards_folded({', '.join(fields)}))"


def _fold_value(value: object) -> str | None:
    return fold(value) if isinstance(value, str) else None


def _casefold(value: object) -> str | None:
    return value.casefold() if isinstance(value, str) else None


def register_functions(conn: sqlite3.Connection) -> None:
    """Add `casefold()` to a new connection (Unicode-aware, unlike lower())."""
    conn.create_function("casefold", 1, _casefold, deterministic=True)
    conn.create_function("cards_fold", 1, _fold_value, deterministic=True)
    conn.create_function("cards_folded", len(PLAIN_FIELDS) + 1, folded_of_json,
                         deterministic=True)
