"""The views the service layer hands out, under their old home (they live in
`cards.views`, below the store, so repositories can return them)."""

from cards.views import (
    STATES,
    AnswerResult,
    CardInfo,
    CardListItem,
    CardView,
    DeckSummary,
    ImportReport,
    ItemView,
    ReviewView,
    Settings,
    SourceContext,
    Stats,
    UndoResult,
    item_key,
)

__all__ = [
    "STATES",
    "AnswerResult",
    "CardInfo",
    "CardListItem",
    "CardView",
    "DeckSummary",
    "ImportReport",
    "ItemView",
    "ReviewView",
    "Settings",
    "SourceContext",
    "Stats",
    "UndoResult",
    "item_key",
]
