"""The `cards` Textual app: home, review, drafts, add/edit, browse, stats, help.

The app owns one open `Collection` and hands it to every screen; screens call only
the service layer, so the rules the CLI follows are the rules the TUI follows.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import traceback
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.message_pump import MessagePump
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen, Screen
from textual.worker import WorkerFailed

from cards.collection import CardView, Collection, ImportReport, utcnow
from cards.errors import CardsError
from cards.textsafe import one_line, visible
from cards.tui.commands import CardsCommands
from cards.tui.screens.home import HomeScreen

if TYPE_CHECKING:
    from cards.tui.screens.drafts import DraftDecision

STYLES = Path(__file__).parent / "styles"
CRASH_LOG = "tui-crash.log"  # beside the collection file: the traceback of the last crash
CLOSE_WAIT_SECONDS = 10.0  # how long closing waits for a background query to finish
#: The longest one key may hold up the next (a safety net: handling takes milliseconds).
KEY_WAIT_SECONDS = 2.0
KEY_POLL_SECONDS = 0.05


async def _handled(widget: MessagePump) -> None:
    """Return once `widget` and the ancestors a key bubbles to have handled what is
    in their queues now, or have closed (a dismissed modal never runs its queue)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + KEY_WAIT_SECONDS
    node: MessagePump | None = widget
    while node is not None and not isinstance(node, App):
        done = asyncio.Event()
        if node.call_later(done.set):
            while not done.is_set() and node.is_running and not node._closing:
                left = deadline - loop.time()
                if left <= 0:
                    return
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(done.wait(), min(KEY_POLL_SECONDS, left))
        node = node._parent


def import_message(report: ImportReport, then: str = " Press Enter to start reviewing.",
                   *, what: str = "new card") -> str:
    """'Imported 44 new cards into seeds (3 updated, kept 2 of your edits). ...'
    (`what`: "draft" when the cards went to the drafts inbox)."""
    decks = ", ".join(report.decks)
    noun = what if report.added == 1 else what + "s"
    text = f"Imported {report.added} {noun} into {decks}" if report.added else \
        f"{decks} is up to date: no new cards"
    details = []
    if report.updated:
        details.append(f"{report.updated} updated")
    if report.kept_edits:
        details.append(f"kept {report.kept_edits} of your edits")
    if details:
        text += f" ({', '.join(details)})"
    return text + "." + then


class CardsApp(App[None]):
    """`CardsApp(path_or_collection, deck=..., cram=..., review=...)`.

    With `review=True` the app opens straight on a session (what `cards review`
    does); home stays underneath, so ending the session lands there.
    """

    TITLE = "cards"
    NOTIFICATION_TIMEOUT: ClassVar[float] = 3  # info toasts are short; errors say longer
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
        #: Set when an unhandled exception ended the app: (the error, where its
        #: traceback was written or None). `run_app` turns it into one line.
        self.crash: tuple[BaseException, Path | None] | None = None
        self._readers = 0  # worker threads querying the collection right now
        self._closing = False
        self._readers_done = threading.Condition()
        #: Input events not applied yet, oldest first, and the one being applied.
        self._typed_ahead: deque[events.Key | events.Paste] = deque()
        self._in_flight: events.Key | events.Paste | None = None
        self._bubbled = False
        #: Triage decisions taken in the drafts inbox this session, newest last: `u`
        #: there takes them back even after leaving the inbox and coming back.
        self.draft_decisions: list[DraftDecision] = []

    # ------------------------------------------------------- messages
    def say(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
            timeout: float | None = None) -> None:
        """Show a toast with `message` as literal text (thread-safe).

        Messages carry user data (deck names, paths, card ids), and Textual parses a
        toast as markup by default: "[b]x[/i]" would raise MarkupError and end the app.
        Every screen calls this, never `self.notify` (`Widget.notify` always forwards
        `markup=True`, so a default on the app's `notify` would not reach screens).
        The one place toasts pass `cards.textsafe`: an escape sequence in a deck name
        or a path shows as ``^[`` instead of reaching the terminal.
        """
        super().notify(visible(message), title=one_line(title), severity=severity,
                       timeout=timeout, markup=False)

    # ------------------------------------------------------- background reads
    @property
    def closing(self) -> bool:
        """True once the app has started to close: worker threads post nothing more."""
        return self._closing

    @contextmanager
    def reading(self) -> Iterator[Collection | None]:
        """For worker threads: the collection, kept open until the block ends.

        Yields None once the app is closing. Closing waits for every open block,
        so a background query never runs on a closed collection.
        """
        with self._readers_done:
            closing = self._closing
            if not closing:
                self._readers += 1
        if closing:
            yield None
            return
        try:
            yield self.collection
        finally:
            with self._readers_done:
                self._readers -= 1
                self._readers_done.notify_all()

    # ------------------------------------------------------- input in order
    async def on_event(self, event: events.Event) -> None:
        """Apply keys and pastes strictly one after another.

        Textual forwards a key into the focused widget's own queue and reads the next
        one at once; a key no widget takes comes back to the app's queue, behind the
        keys typed after it. So in a burst (typing ahead, a paste, a script) the keys
        after a Tab went to the field Tab was leaving, and a priority Ctrl+S ran before
        the text typed ahead of it was in the field. Here the next key waits until the
        one before has been handled all the way: by a widget that took it, or by the
        app's own bindings once it bubbled back up.
        """
        if isinstance(event, events.Key | events.Paste) and not event.is_forwarded:
            if self._in_flight is not None or self._typed_ahead:
                self._typed_ahead.append(event)
                return
            await self._apply_input(event)
            return
        await super().on_event(event)
        if event is self._in_flight:
            # It bubbled back up and the app's own handlers (its bindings for a key,
            # nothing for a paste a text area took) have run: release the next one.
            await self._input_done(event)

    async def _apply_input(self, event: events.Key | events.Paste) -> None:
        self._in_flight, self._bubbled = event, False
        target = self.focused or self.screen
        await super().on_event(event)
        if event.is_forwarded:
            await _handled(target)
        if not (self._bubbled and event.is_forwarded):
            await self._input_done(event)
        # else: it is in the app's queue; `on_event` finishes it there.

    def post_message(self, message: Message) -> bool:
        if message is self._in_flight:
            self._bubbled = True  # the key came back up: the app's bindings get it next
        return super().post_message(message)

    async def _input_done(self, event: events.Key | events.Paste) -> None:
        """The key in flight is handled: apply the next typed-ahead one, in order."""
        if event is not self._in_flight:
            return
        self._in_flight = None
        if self._typed_ahead:
            # Through the queue: what handling the key asked of the app (a focus
            # change, a screen to push) runs first, as it would between two key strokes.
            self.call_later(self._apply_next)

    async def _apply_next(self) -> None:
        if self._in_flight is None and self._typed_ahead:
            await self._apply_input(self._typed_ahead.popleft())

    # ------------------------------------------------------- crashes
    def _handle_exception(self, error: Exception) -> None:
        """An unhandled exception: keep the traceback in a file, print no traceback.

        Textual has no public hook for this. It still exits with return code 1 (and
        Pilot tests still see the exception); `run_app` prints one line instead of
        the traceback Textual would print after restoring the terminal.
        """
        if self.crash is None:
            cause = error.error if isinstance(error, WorkerFailed) else error
            self.crash = (cause, self._write_crash_log(cause))
        super()._handle_exception(error)
        self._exit_renderables.clear()

    def _write_crash_log(self, error: BaseException) -> Path | None:
        path = getattr(self.collection, "path", None)
        if path is None or str(path) == ":memory:":
            return None
        log = Path(path).parent / CRASH_LOG
        try:
            log.write_text("".join(traceback.format_exception(error)), encoding="utf-8")
        except OSError:
            return None
        return log

    # ------------------------------------------------------- screens
    def push_screen(self, screen, *args, **kwargs):  # type: ignore[no-untyped-def]
        """A full screen opens clean: toasts from the screen before would cover it."""
        self._clear_toasts_for(screen)
        return super().push_screen(screen, *args, **kwargs)

    def switch_screen(self, screen):  # type: ignore[no-untyped-def]
        self._clear_toasts_for(screen)
        return super().switch_screen(screen)

    def _clear_toasts_for(self, screen: object) -> None:
        # Modals (source, card detail, confirm, help) clear what they need themselves.
        if isinstance(screen, Screen) and not isinstance(screen, ModalScreen):
            self.clear_notifications()

    def get_default_screen(self) -> Screen[None]:
        return HomeScreen()

    def on_mount(self) -> None:
        self.theme = "textual-dark"
        if self.review_on_start:
            self.start_review(self.deck, cram=self.cram)

    def on_unmount(self) -> None:
        # Thread workers cannot be stopped: wait for any query still running before
        # the collection is closed (here, or by whoever lent it to the app).
        self.workers.cancel_all()
        with self._readers_done:
            self._closing = True
            self._readers_done.wait_for(lambda: self._readers == 0,
                                        timeout=CLOSE_WAIT_SECONDS)
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
            self.say(exc.message, severity="error", timeout=6)
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

    def open_source(self, card: CardView, *, hide: Sequence[str] | None = None) -> None:
        """The source view of `card`; `hide` (the answers of a card not revealed yet)
        keeps the answer out of sight: those words masked, a basic card's quote too."""
        from cards.tui.screens.source import NOTHING_HIDDEN, Hidden, SourceScreen

        try:
            context = self.collection.source_context(card.id)
        except CardsError as exc:
            self.say(exc.message, severity="error")
            return
        hidden = NOTHING_HIDDEN if hide is None else Hidden.answer_of(card.type, hide)
        self.push_screen(SourceScreen(context, hidden))

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
        """One key from an empty collection to real cards: the deck drafted from seeds/,
        as drafts to triage or accepted to study at once (the user chooses)."""
        from cards import locations
        from cards.tui.screens.import_choice import ImportChoiceScreen

        if locations.bundled_deck() is None:  # no choice to offer
            self.say("the bundled deck is not installed", title="Could not import the "
                     "bundled deck", severity="error", timeout=8)
            return
        self.push_screen(ImportChoiceScreen(), self._import_bundled_as)

    def _import_bundled_as(self, choice: str | None) -> None:
        if choice is None:
            return
        review = choice == "review"
        try:
            report = self.collection.import_bundled(accept_drafts=review)
        except CardsError as exc:
            self.say(exc.message, title="Could not import the bundled deck",
                     severity="error", timeout=8)
            return
        # The screen first: opening a full screen clears the toasts before it.
        if review:
            self.start_review()
            self.say(import_message(report, then=""), timeout=4)
        else:
            self.open_drafts()
            self.say(import_message(report, then=" Triage them here: a accepts, e edits, "
                                    "r rejects.", what="draft"), timeout=6)

    def action_help(self) -> None:
        from cards.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())
