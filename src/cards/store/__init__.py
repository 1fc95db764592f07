"""Storage: SQLModel tables, the engine, migrations. Only the collection layer uses it."""

from cards.store.engine import Store
from cards.store.models import CardRow, DeckRow, ReviewRow, ScheduleRow, SettingRow

__all__ = ["CardRow", "DeckRow", "ReviewRow", "ScheduleRow", "SettingRow", "Store"]
