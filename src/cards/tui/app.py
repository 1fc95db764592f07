"""The `cards` Textual app: home, review, drafts, add/edit, browse, stats, help.

The app owns one open `Collection` and hands it to every screen; screens call only
the service layer, so the rules the CLI follows are the rules the TUI follows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from cards.collection import CardView, Collection, ImportReport
from cards.collection.core import utcnow
from cards.errors import CardsError
from cards.tui.commands import CardsCommands
from cards.tui.screens.home import HomeScreen

STYLES = Path(__file__).parent / "styles"


def import_message(report: ImportReport) -> str:
    """'Imported 44 new cards into seeds (3 updated, kept 2 of your edits). ...'"""
    decks = ", ".join(report.decks)
    noun = "card" if report.added == 1 else "cards"
    text = f"Imported {report.added} new {noun} into {decks}" if report.added else \
        f"{decks} is up to date: no new cards"
    details = []
    if report.updated:
        details.append(f"{report.updated} updated")
    if report.kept_edits:
        details.append(f"kept {report.kept_edits} of your edits")
    if details:
        text += f" ({', '.join(details)})"
    return text + ". Press Enter to start reviewing."


class CardsApp(App[None]):
    """`CardsApp(path_or_collection, deck=..., cram=..., review=...)`.

    With `review=True` the app opens straight on a session (what `cards review`
    does); home stays underneath, so ending the session lands there.
    """

    TITLE = "cards"
    CSS_PATH: ClassVar = sorted(STYLES.glob("*.tcss"))
    COMMANDS: ClassVar = App.COMMANDS | {CardsCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", key_display="?"),
    ]

    def __init__(
        self, collection: str | Path | Collection | None = None, *, deck: str | None = None,
        cram: bool = False, review: bool = False, now: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__()
        if isinstance(collection, Collection):
            self.collection, self._owns = collection, False
        else:
            self.collection = Collection.open(collection, now=now or utcnow)
            self._owns = True
        self.deck = deck
        self.cram = cram
        self.review_on_start = review or cram or deck is not None

    def get_default_screen(self) -> Screen[None]:
        return HomeScreen()

    def on_mount(self) -> None:
        self.theme = "textual-dark"
        if self.review_on_start:
            self.start_review(self.deck, cram=self.cram)

    def on_unmount(self) -> None:
        if self._owns:
            self.collection.close()

    # ------------------------------------------------------- navigation
    def start_review(self, deck: str | None = None, *, cram: bool = False,
                     replace: bool = False) -> None:
        """Open a session on `deck` (None: all decks); errors become a notification."""
        from cards.tui.screens.review import ReviewScreen

        try:
            session = self.collection.start_session(deck, cram=cram)
        except CardsError as exc:
            self.notify(exc.message, severity="error", timeout=6)
            return
        screen = ReviewScreen(session)
        if replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def open_drafts(self, deck: str | None = None) -> None:
        from cards.tui.screens.drafts import DraftsScreen

        self.push_screen(DraftsScreen(deck))

    def open_add(self, deck: str | None = None) -> None:
        from cards.tui.screens.card_form import CardFormScreen

        # The form stays open for the next card and says "Added" itself each time.
        self.push_screen(CardFormScreen(deck=deck))

    def open_edit(self, card: CardView, *, accept: bool = False,
                  callback: Callable[[CardView | None], object] | None = None) -> None:
        from cards.tui.screens.card_form import CardFormScreen

        self.push_screen(CardFormScreen(card, accept=accept), callback)

    def open_source(self, card: CardView) -> None:
        from cards.tui.screens.source import SourceScreen

        try:
            context = self.collection.source_context(card.id)
        except CardsError as exc:
            self.notify(exc.message, severity="error")
            return
        self.push_screen(SourceScreen(context))

    def open_browse(self) -> None:
        from cards.tui.screens.browse import BrowseScreen

        self.push_screen(BrowseScreen())

    def open_stats(self) -> None:
        from cards.tui.screens.stats import StatsScreen

        self.push_screen(StatsScreen())

    def go_home(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def import_bundled(self) -> None:
        """One key from an empty collection to real cards: the deck drafted from seeds/."""
        try:
            report = self.collection.import_bundled()
        except CardsError as exc:
            self.notify(exc.message, title="Could not import the bundled deck",
                        severity="error", timeout=8, markup=False)
            return
        self.notify(import_message(report), timeout=6, markup=False)
        if isinstance(self.screen, HomeScreen):
            self.screen.refresh_counts()

    def action_help(self) -> None:
        from cards.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())
