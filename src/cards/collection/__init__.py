"""The collection service layer: what the CLI and the TUI both call."""

from cards.collection.core import (
    DEFAULT_DECK,
    Collection,
    check_card_content,
    split_key,
    utcnow,
)
from cards.collection.views import (
    AnswerResult,
    CardInfo,
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
    "CardInfo",
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
    "check_card_content",
    "split_key",
    "utcnow",
]
