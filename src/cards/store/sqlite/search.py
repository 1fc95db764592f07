"""Case-insensitive substring search in SQLite.

SQLite's lower() folds ASCII only, so `casefold()` is registered on every connection
(`store.engine`); instr() has no wildcards to escape, unlike LIKE.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler

from cards.store import dialect


@compiles(dialect.FoldedPosition, "sqlite")
def _folded_position(element: dialect.FoldedPosition, compiler: SQLCompiler, **kw: Any) -> str:
    field, needle = dialect.arguments(element, compiler, **kw)
    return f"instr(casefold({field}), {needle})"


def _casefold(value: object) -> str | None:
    return value.casefold() if isinstance(value, str) else None


def register_functions(conn: sqlite3.Connection) -> None:
    """Add `casefold()` to a new connection (Unicode-aware, unlike lower())."""
    conn.create_function("casefold", 1, _casefold, deterministic=True)
