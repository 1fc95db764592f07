"""Home: the decks with today's counts, today's progress and the month ahead.

Counts are re-read whenever the screen comes back into view and on a slow timer,
so a `cards add` or an import in another terminal shows up without a restart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from cards.collection import DeckSummary, Stats
from cards.errors import CardsError
from cards.tui import safe
from cards.tui.format import internal_error_message, next_review
from cards.tui.widgets import ForecastSparkline
from cards.views import DeckNode

if TYPE_CHECKING:
    from cards.tui.app import CardsApp

ALL_DECKS = "\x00all"  # row key of the "All decks" row (no real deck can be named this)
REFRESH_SECONDS = 5.0
#: Under the table: New and Due are review items (Anki's cards), the others cards,
#: so Home and Browse (which lists cards) can be told apart.
COUNTS_CAPTION = "New, Due: review items (one per cloze deletion) · Drafts, Cards: cards"


@dataclass(frozen=True, slots=True)
class HomeData:
    """Everything the home screen shows, read in one go off the main thread."""

    decks: list[DeckSummary]
    stats: Stats
    forecast: list[tuple[date, int]]
    today: date
    #: The decks as a tree (`::` levels), counts rolled up (`Collection.deck_tree`).
    tree: list[DeckNode] | None = None


def accepted(deck: DeckSummary) -> int:
    """The Cards column: cards accepted for study (active or suspended), drafts apart."""
    return deck.total - deck.drafts


class HomeScreen(Screen[None]):
    """Pick a deck; start a review, cram, drafts, browse, stats or add a card."""

    app: CardsApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "review", "Review", priority=True),
        Binding("c", "cram", "Cram"),
        Binding("d", "drafts", "Drafts"),
        Binding("a", "add", "Add"),
        Binding("slash", "browse", "Browse", key_display="/"),
        Binding("t", "stats", "Stats"),
        Binding("i", "import_bundled", "Import bundled deck", show=False),
        Binding("r", "refresh", "Refresh", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    loaded: reactive[bool] = reactive(False, init=False)

    def __init__(self) -> None:
        super().__init__()
        self.decks: dict[str, DeckSummary] = {}
        #: Stamp of the latest load: a thread worker cannot be cancelled, so an
        #: older load may finish after a newer one; its result is dropped.
        self.generation = 0

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Vertical(id="home-body"):
            yield Static(markup=False, id="today")
            yield DataTable(id="decks", cursor_type="row", zebra_stripes=True)
            yield Static(COUNTS_CAPTION, markup=False, id="counts-caption")
            yield Static(markup=False, id="empty", classes="empty-state")
            yield ForecastSparkline(id="forecast")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#decks", DataTable)
        # Fixed widths: auto widths do not grow back after `clear()` and cut names.
        table.add_column("Deck", key="deck", width=36)
        for label in ("New", "Due", "Drafts", "Cards"):
            table.add_column(label, key=label.lower(), width=7)
        self.refresh_counts()
        self.set_interval(REFRESH_SECONDS, self.refresh_counts)

    def on_screen_resume(self) -> None:
        self.refresh_counts()

    # ------------------------------------------------------------ drawing
    def refresh_counts(self) -> None:
        """Re-read the decks and counts (another process may have changed them).

        The queries run in a thread: on a large collection they take a few hundred
        milliseconds, which must never delay a key press.
        """
        if self.app.screen is self:
            self.generation += 1
            self._load_counts(self.generation)

    @work(thread=True, exclusive=True, group="home-counts")
    def _load_counts(self, generation: int) -> None:
        app = self.app
        error: str | None = None
        with app.reading() as collection:
            if collection is None:  # the app is closing
                return
            try:
                summaries = collection.deck_summaries()
                data = HomeData(summaries, collection.stats(), collection.forecast(30),
                                collection.today(), collection.deck_tree(summaries))
            except CardsError as exc:
                error = exc.message
            except Exception as exc:  # a bug: one line, not the end of the app
                error = internal_error_message(exc)
        if app.closing:
            return
        if error is not None:
            app.call_from_thread(self._load_failed, generation, error)
        else:
            app.call_from_thread(self.show_counts, data, generation)

    def _load_failed(self, generation: int, message: str) -> None:
        if generation == self.generation:
            self.app.say(message, severity="error", timeout=8)

    def show_counts(self, data: HomeData, generation: int | None = None) -> None:
        """Draw `data`; a load older than the latest one (`generation`) is ignored."""
        if generation is not None and generation != self.generation:
            return
        decks, stats = data.decks, data.stats
        self.decks = {d.name: d for d in decks}
        self._fill_table(decks, data.tree)
        total_new = sum(d.new for d in decks)
        total_due = sum(d.due for d in decks)
        line = Content.assemble(
            ("Today ", "bold"), f"{stats.reviews_today} reviewed · ",
            (f"{total_due} due", "bold $warning" if total_due else ""), " · ",
            (f"{total_new} new", "bold $success" if total_new else ""),
        )
        if not total_due and not total_new and decks:
            drafts = sum(d.drafts for d in decks)
            line = line.append(f" · {next_review(stats.next_due, data.today, drafts=drafts)}")
        self.query_one("#today", Static).update(line)
        self.query_one(ForecastSparkline).show(data.forecast)
        self._show_empty_state(decks)
        self.loaded = True

    def _fill_table(self, decks: list[DeckSummary], tree: list[DeckNode] | None = None) -> None:
        table = self.query_one("#decks", DataTable)
        selected = self.selected_deck_key()
        table.clear()
        if len(decks) > 1:
            table.add_row(Content.styled("All decks", "bold"),
                          *self._counts(sum(d.new for d in decks), sum(d.due for d in decks),
                                        sum(d.drafts for d in decks),
                                        sum(accepted(d) for d in decks)),
                          key=ALL_DECKS)
        if tree is None:
            tree = [DeckNode(d.name, d.name, 0, d.new, d.due, d.drafts, accepted(d))
                    for d in decks]
        for node in tree:
            # a child is indented under its parent, showing its last level only
            label = safe.line(node.label if node.depth else node.name)
            if node.depth:
                label = Content("  " * node.depth) + label
            table.add_row(label, *self._counts(node.new, node.due, node.drafts, node.accepted),
                          key=node.name)
        if selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected))

    @staticmethod
    def _counts(new: int, due: int, drafts: int, total: int) -> list[Content]:
        return [
            Content.styled(str(new), "$success" if new else "dim"),
            Content.styled(str(due), "$warning" if due else "dim"),
            Content.styled(str(drafts), "$accent" if drafts else "dim"),
            Content(str(total)),
        ]

    def _show_empty_state(self, decks: list[DeckSummary]) -> None:
        empty = self.query_one("#empty", Static)
        is_empty = not decks or all(d.total == 0 and d.drafts == 0 for d in decks)
        self.set_class(is_empty, "-empty")
        if is_empty:
            empty.update(Content.assemble(
                ("Your collection is empty.\n\n", "bold"),
                "Press ", ("i", "bold reverse $accent"), " to import the bundled deck:\n"
                "cards drafted from the comment pages in seeds/, as drafts to triage\n"
                "in the inbox, or ready to study at once.\n\n"
                "Or press ", ("a", "bold reverse $accent"), " to add a card of your own.",
            ))

    # ------------------------------------------------------------ actions
    def selected_deck_key(self) -> str | None:
        table = self.query_one("#decks", DataTable)
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    def selected_deck(self) -> str | None:
        """The highlighted deck's name; None for 'All decks' (or no deck at all)."""
        key = self.selected_deck_key()
        return None if key in (None, ALL_DECKS) else key

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_review()

    def action_review(self) -> None:
        self.app.start_review(self.selected_deck())

    def action_cram(self) -> None:
        self.app.start_review(self.selected_deck(), cram=True)

    def action_drafts(self) -> None:
        """The highlighted deck's drafts if it has any, else every deck's."""
        deck = self.selected_deck()
        summary = self.decks.get(deck) if deck is not None else None
        if summary is not None and not summary.drafts:
            deck = None
        self.app.open_drafts(deck)

    def action_add(self) -> None:
        self.app.open_add(self.selected_deck())

    def action_browse(self) -> None:
        self.app.open_browse()

    def action_stats(self) -> None:
        self.app.open_stats()

    def action_refresh(self) -> None:
        self.refresh_counts()

    def action_import_bundled(self) -> None:
        self.app.import_bundled()
