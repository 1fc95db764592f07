"""The Textual review app: `cards` with no subcommand, and `cards review`.

Screens call only the collection service layer (`cards.collection`) and the review
session (`cards.session`); no SQL and no scheduling rule lives here.
"""

from __future__ import annotations

__all__ = ["CardsApp"]


def __getattr__(name: str) -> object:
    # Lazy, so importing `cards.tui` for a type does not pull in Textual.
    if name == "CardsApp":
        from cards.tui.app import CardsApp

        return CardsApp
    raise AttributeError(name)
