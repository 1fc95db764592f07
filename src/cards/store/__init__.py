"""Storage: the connections, the repositories, migrations, the SQLModel tables.

Only the collection layer uses it. Importing it imports neither SQLAlchemy nor
SQLModel: the table classes (`CardRow`, ...) load when first named, so a command that
only reads never imports the ORM (see `store.tx`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from cards.store.engine import Store

if TYPE_CHECKING:
    from cards.store.models import CardRow, DeckRow, ReviewRow, ScheduleRow, SettingRow

__all__ = ["CardRow", "DeckRow", "ReviewRow", "ScheduleRow", "SettingRow", "Store", "open_store"]

_ROWS = frozenset({"CardRow", "DeckRow", "ReviewRow", "ScheduleRow", "SettingRow"})


def __getattr__(name: str) -> Any:
    """The table classes, imported (with SQLModel) when first asked for."""
    if name in _ROWS:
        from cards.store import models

        return getattr(models, name)
    raise AttributeError(f"module 'cards.store' has no attribute {name!r}")


def open_store(where: Path | str, *, writable: bool = True, create: bool = True) -> Store:
    """The store of a collection file (a path) or of one on a PostgreSQL server (a
    `postgresql://` URL); psycopg is imported only for the latter."""
    if isinstance(where, str):
        from cards.store.postgres.engine import PostgresStore

        return PostgresStore(where, writable=writable, create=create)
    return Store(where, writable=writable, create=create)
