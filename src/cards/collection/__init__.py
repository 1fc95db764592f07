"""The collection service layer: what the CLI and the TUI both call."""

from cards.collection.core import DEFAULT_DECK, Collection, split_key, utcnow
from cards.collection.views import (
    AnswerResult,
    CardListItem,
    CardView,
    DeckSummary,
    ImportReport,
    ItemView,
    Settings,
    SourceContext,
    Stats,
    UndoResult,
)

__all__ = [
    "DEFAULT_DECK",
    "AnswerResult",
    "CardListItem",
    "CardView",
    "Collection",
    "DeckSummary",
    "ImportReport",
    "ItemView",
    "Settings",
    "SourceContext",
    "Stats",
    "UndoResult",
    "split_key",
    "utcnow",
]
