"""Command palette (Ctrl+P): the main actions by name, wherever you are."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from cards.tui.app import CardsApp


class CardsCommands(Provider):
    """Review, cram, drafts, add, browse, stats, import and help, found by typing."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app: CardsApp = self.app  # type: ignore[assignment]
        return [
            ("Review all decks", partial(app.start_review, None), "Study what is due now"),
            ("Cram all decks", partial(app.start_review, None, cram=True),
             "Practise seen cards that are not due; the schedule is kept"),
            ("Drafts inbox", partial(app.open_drafts, None), "Accept, edit or reject drafts"),
            ("Add a card", partial(app.open_add, None), "A basic or cloze card"),
            ("Browse cards", app.open_browse, "Search, sort, edit, suspend or delete"),
            ("Stats", app.open_stats, "Reviews per day, forecast, retention, counts"),
            ("Import the bundled deck", app.import_bundled,
             "Cards drafted from the comment pages in seeds/"),
            ("Home", app.go_home, "Back to the deck list"),
            ("Keys and grades", app.action_help, "Every key, and what 0-5 mean"),
        ]

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
