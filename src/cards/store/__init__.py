"""Storage: SQLModel tables, the engine, migrations. Only the collection layer uses it."""

from pathlib import Path

from cards.store.engine import Store
from cards.store.models import CardRow, DeckRow, ReviewRow, ScheduleRow, SettingRow

__all__ = ["CardRow", "DeckRow", "ReviewRow", "ScheduleRow", "SettingRow", "Store", "open_store"]


def open_store(where: Path | str, *, writable: bool = True, create: bool = True) -> Store:
    """The store of a collection file (a path) or of one on a PostgreSQL server (a
    `postgresql://` URL); psycopg is imported only for the latter."""
    if isinstance(where, str):
        from cards.store.postgres.engine import PostgresStore

        return PostgresStore(where, writable=writable, create=create)
    return Store(where, writable=writable, create=create)
