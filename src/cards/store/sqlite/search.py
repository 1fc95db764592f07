"""Case-insensitive substring search in SQLite.

SQLite's lower() folds ASCII only, so `casefold()` is registered on every connection
(`store.engine`); instr() has no wildcards to escape, unlike LIKE.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, or_


def contains_folded(fields: Iterable[Any], needle: str) -> Any:
    """Any of `fields` contains `needle`, compared casefolded."""
    folded = needle.casefold()
    return or_(*(func.instr(func.casefold(f), folded) > 0 for f in fields))


def _casefold(value: object) -> str | None:
    return value.casefold() if isinstance(value, str) else None


def register_functions(conn: sqlite3.Connection) -> None:
    """Add `casefold()` to a new connection (Unicode-aware, unlike lower())."""
    conn.create_function("casefold", 1, _casefold, deterministic=True)
