"""The SQL words of the engine behind a connection: `store.sqlite.sql` or
`store.postgres.sql`, the few pieces of SQL whose best form differs between engines
(planner hints, search functions, temporary tables, id counters).

Repositories ask their transaction (`Tx.words`); code holding an SQLAlchemy
connection of its own (the staged import, `cards copy`) asks here.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any


def words(conn: Any) -> ModuleType:
    """The SQL words module of the engine behind a connection or session."""
    if conn.dialect.name == "postgresql":
        from cards.store.postgres import sql as postgres_words

        return postgres_words
    from cards.store.sqlite import sql as sqlite_words

    return sqlite_words
