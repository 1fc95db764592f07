"""Browse: every card in a searchable, sortable table; open one to edit, suspend or delete.

Sorting and searching are the service layer's (`search_cards`), a page at a time,
so a collection of 100,000 cards stays as quick as one of 100.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Input, Static

from cards.cloze import cloze_ordinals, render_cloze
from cards.collection import CardListItem, CardView
from cards.errors import CardsError
from cards.textsafe import one_line
from cards.tui import safe
from cards.tui.format import short_due, squeeze
from cards.vocabulary import CardType, StudyState

if TYPE_CHECKING:
    from cards.tui.app import CardsApp

PAGE = 200
#: Table column -> find_cards order.
COLUMNS: dict[str, str] = {
    "Text": "text", "Deck": "deck", "Tags": "seq", "State": "state", "Due": "due",
    "Lapses": "lapses",
}
SORTS = ("seq", "text", "deck", "state", "due", "lapses", "modified")
#: How the status line names each sort.
SORT_NAMES = {"seq": "order added", "text": "text", "deck": "deck", "state": "state",
              "due": "due day", "lapses": "lapses", "modified": "last modified"}
#: Fixed column widths; Tags shrinks to its header when no card shown has a tag.
WIDTHS = {"Deck": 8, "Tags": 8, "State": 9, "Due": 6, "Lapses": 6}
EMPTY_TAGS_WIDTH = 4
STATE_STYLES: dict[str, str] = {StudyState.NEW: "$success", StudyState.REVIEW: "",
                StudyState.LEARNING: "$warning", StudyState.SUSPENDED: "dim",
                StudyState.DRAFT: "$accent", StudyState.BURIED: "dim",
                StudyState.REJECTED: "dim strike"}


#: Keys that are letters: live only while the table has focus, so typing a search
#: never runs them.
TABLE_ONLY = ("cycle_sort", "reverse_sort", "more", "focus_search", "toggle_trash",
              "toggle_mark", "mark_all", "bulk", "undo_bulk")
#: Actions on marked cards, not offered in the trash.
MARKING = ("toggle_mark", "mark_all", "bulk")
MARK = "● "


def list_text(card: CardView) -> str:
    """What the Text column shows: a cloze card's text with its answers in place."""
    if card.type == CardType.CLOZE:
        ordinals = cloze_ordinals(card.text)
        if ordinals:
            return render_cloze(card.text, ordinals[0], reveal=True).text
    return card.summary


class BrowseScreen(Screen[None]):
    """Opens with the search box focused: type to search at once. Enter, Down or Tab
    go to the table, where `o`/`O` sort, Enter opens, `m` loads more and `/` searches."""

    app: CardsApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Search", key_display="/"),
        Binding("down", "focus_table", "To the list", key_display="↓"),
        Binding("o", "cycle_sort", "Sort"),
        Binding("O", "reverse_sort", "Reverse", key_display="O"),
        Binding("m", "more", "More rows"),
        Binding("space", "toggle_mark", "Mark", key_display="Space"),
        Binding("asterisk", "mark_all", "Mark all", key_display="*"),
        Binding("b", "bulk", "Act on marked"),
        Binding("u", "undo_bulk", "Undo"),
        Binding("T", "toggle_trash", "Trash", key_display="T"),
        Binding("r", "restore", "Restore"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.order = "seq"
        self.descending = False
        self.items: dict[str, CardListItem] = {}
        self._debounce: Timer | None = None
        self._more = False
        self.total = 0  # cards the search matches, all of them (the table holds a page)
        #: Showing the trash (deleted cards, `r` restores one) instead of the cards.
        self.trash = False
        #: Cards marked for a bulk action; `all_marked`: every card the search matches.
        self.marked: set[str] = set()
        self.all_marked = False
        #: This screen's bulk actions, newest last: `u` takes the last one back.
        self.steps: list[tuple[int, str]] = []

    def compose(self) -> ComposeResult:
        yield Input(placeholder="/ search: words, \"a phrase\", deck:, tag:, is:due, -not, or…",
                    id="search", compact=True)
        yield DataTable(id="cards", cursor_type="row", zebra_stripes=True)
        yield Static(markup=False, id="browse-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._tags_width = 0
        self.load()
        self.query_one("#search", Input).focus()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.load(keep_cursor=True)

    # ------------------------------------------------------------ loading
    @property
    def search_text(self) -> str:
        return self.query_one("#search", Input).value.strip()

    def load(self, *, keep_cursor: bool = False, append: bool = False) -> None:
        """(Re)fill the table from `search_cards` with the current search and sort."""
        table = self.query_one("#cards", DataTable)
        offset = len(self.items) if append else 0
        try:
            # The first page comes with the real total (not "200+"), from one plan of
            # the search; further pages need no total.
            collection, text = self.app.collection, self.search_text or None
            if append:
                rows = collection.find_cards(
                    query=text, order=self.order, descending=self.descending,
                    limit=PAGE + 1, offset=offset, trash=self.trash)
            else:
                found = collection.search_cards(
                    text, order=self.order, descending=self.descending, limit=PAGE + 1,
                    trash=self.trash)
                rows, self.total = found.items, found.total
        except CardsError as exc:
            # a search being typed often does not parse yet: say why where it is typed
            self.query_one("#browse-status", Static).update(
                safe.line(exc.message, "bold $error"))
            return
        self._more = len(rows) > PAGE
        rows = rows[:PAGE]
        if self.trash and not append:
            self.total = len(rows)
        cursor = table.cursor_row
        if not append:
            table.clear()
            self.items = {}
        if not append:
            self._set_columns(any(item.card.tags for item in rows))
        today = self.app.collection.today()
        for item in rows:
            self.items[item.card.id] = item
            table.add_row(*self._cells(item, today), key=item.card.id)
        if keep_cursor and table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))
        self._draw_status()

    def _set_columns(self, tags: bool) -> None:
        """Sized so all six columns, their padding (2 each) and the scrollbar (2) fit
        the width; the text column takes what is left, and the room of an empty Tags."""
        width = WIDTHS["Tags"] if tags else EMPTY_TAGS_WIDTH
        if width == self._tags_width:
            return
        self._tags_width = width
        table = self.query_one("#cards", DataTable)
        table.clear(columns=True)
        fixed = sum(WIDTHS.values()) - WIDTHS["Tags"] + width + 2 * 6 + 2
        table.add_column("Text", key="Text", width=max(20, self.app.size.width - fixed))
        for name, size in WIDTHS.items():
            table.add_column(name, key=name, width=width if name == "Tags" else size)

    def _cells(self, item: CardListItem, today: object) -> list[Content]:
        card = item.card
        return [
            self._text_cell(card),
            safe.line(card.deck),
            safe.line(" ".join(card.tags)),
            Content.styled(item.state, STATE_STYLES.get(item.state, "")),
            Content(short_due(item.due, today)),  # type: ignore[arg-type]
            Content(str(item.lapses) if item.lapses else ""),
        ]

    def _is_marked(self, card_id: str) -> bool:
        return self.all_marked or card_id in self.marked

    def _text_cell(self, card: CardView) -> Content:
        text = Content(squeeze(list_text(card), 120))
        if self._is_marked(card.id):
            return Content.styled(MARK, "bold $accent") + text
        return text

    @property
    def _searching(self) -> bool:
        return self.query_one("#search", Input).has_focus

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Letter keys act only from the table; the footer shows what works where."""
        if action in TABLE_ONLY:
            return not self._searching
        if action == "focus_table":
            return self._searching
        if action == "restore":
            return self.trash and not self._searching
        if action in MARKING:
            return not self.trash and not self._searching
        if action == "undo_bulk":
            return bool(self.steps) and not self._searching
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()
        if self.is_mounted:
            self._draw_status()

    def on_descendant_blur(self) -> None:
        self.refresh_bindings()

    def _draw_status(self) -> None:
        arrow = "↓" if self.descending else "↑"
        shown, total = len(self.items), max(self.total, len(self.items))
        more = f" · {shown:,} shown, m for more" if self._more else ""
        found = f"{total:,} {'card' if total == 1 else 'cards'}"
        if self.trash:
            found = f"Trash: {found} (r restores, T back to the cards)"
        marked = total if self.all_marked else len(self.marked)
        if marked and not self.trash:
            found += f" · {marked:,} marked (b acts on them)"
        if self.search_text:
            found += f" matching {one_line(repr(self.search_text))}"
        hint = (" · Enter or ↓ to the list" if self._searching
                else " · Enter opens a card · o sorts · / searches")
        order = SORT_NAMES.get(self.order, self.order)
        self.query_one("#browse-status", Static).update(Content.assemble(
            found, f" · sorted by {order} {arrow}{more}", (hint, "dim")))

    # ------------------------------------------------------------ events
    @on(Input.Changed, "#search")
    def _search_changed(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._clear_marks()  # "all marked" meant all matches of the old search
        self._debounce = self.set_timer(0.15, self.load)

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.load()
        self.query_one("#cards", DataTable).focus()

    @on(DataTable.HeaderSelected, "#cards")
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        order = COLUMNS.get(str(event.column_key.value), "seq")
        self.descending = not self.descending if order == self.order else False
        self.order = order
        self.load()

    @on(DataTable.RowSelected, "#cards")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        item = self.items.get(str(event.row_key.value))
        if item is not None and self.trash:
            self.action_restore()
        elif item is not None:
            from cards.tui.screens.card_detail import CardDetailScreen

            self.app.push_screen(CardDetailScreen(item.card.id))

    # ------------------------------------------------------------ actions
    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_focus_table(self) -> None:
        self.query_one("#cards", DataTable).focus()

    def action_cycle_sort(self) -> None:
        self.order = SORTS[(SORTS.index(self.order) + 1) % len(SORTS)]
        self.descending = False
        self.load()

    def action_reverse_sort(self) -> None:
        self.descending = not self.descending
        self.load()

    def action_more(self) -> None:
        if self._more:
            self.load(append=True, keep_cursor=True)

    # ------------------------------------------------------------ marking
    def _cursor_id(self) -> str | None:
        table = self.query_one("#cards", DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def _redraw_marks(self) -> None:
        table = self.query_one("#cards", DataTable)
        for card_id, item in self.items.items():
            table.update_cell(card_id, "Text", self._text_cell(item.card))
        self._draw_status()

    def action_toggle_mark(self) -> None:
        """Mark or unmark the card under the cursor, then move down (as Anki's Space)."""
        card_id = self._cursor_id()
        if card_id is None:
            return
        if self.all_marked:  # unmarking one of "all": the rest stay marked, by id
            self.all_marked = False
            self.marked = set(self.items)
        self.marked ^= {card_id}
        table = self.query_one("#cards", DataTable)
        table.update_cell(card_id, "Text", self._text_cell(self.items[card_id].card))
        table.action_cursor_down()
        self._draw_status()

    def action_mark_all(self) -> None:
        """Mark every card the search matches (all pages), or unmark them all."""
        self.all_marked = not (self.all_marked or self.marked)
        self.marked = set()
        self._redraw_marks()

    def _clear_marks(self) -> None:
        self.all_marked = False
        self.marked = set()

    def action_bulk(self) -> None:
        """Ask what to do with the marked cards (or the one under the cursor)."""
        from cards.tui.screens.bulk import BulkScreen

        cursor = self._cursor_id()
        count = self.total if self.all_marked else len(self.marked) or (1 if cursor else 0)
        if not count:
            return
        self.app.push_screen(BulkScreen(count), self._bulk_chosen)

    def _bulk_chosen(self, choice: tuple[str, str | None] | None) -> None:
        if choice is None:
            return
        action, value = choice
        if action == "delete":
            from cards.tui.screens.confirm import ConfirmScreen

            count = self.total if self.all_marked else len(self.marked) or 1
            self.app.push_screen(
                ConfirmScreen(f"Delete {count:,} {'card' if count == 1 else 'cards'}? "
                              "(they go to the trash)", "d"),
                lambda yes: self._run_bulk(action, value) if yes else None)
            return
        self._run_bulk(action, value)

    def _run_bulk(self, action: str, value: str | None) -> None:
        """One bulk action over the marks: all matches by the search itself, so cards
        beyond the loaded page are included."""
        from cards.collection.bulk import ACTIONS

        collection = self.app.collection
        try:
            if self.all_marked:
                result = collection.bulk(action, search=self.search_text or "", value=value)
            else:
                ids = sorted(self.marked) or [self._cursor_id() or ""]
                result = collection.bulk(action, ids=ids, value=value)
        except CardsError as exc:
            self.app.say(exc.message, severity="error")
            return
        if result.step is not None:
            self.steps.append((result.step, action))
        n = len(result.touched)
        self.app.say(f"{ACTIONS[action].capitalize()}: {n:,} {'card' if n == 1 else 'cards'}"
                     f" of {result.matched:,}" + (" · u undoes" if n else ""), timeout=3)
        self._clear_marks()
        self.refresh_bindings()
        self.load(keep_cursor=True)

    def action_undo_bulk(self) -> None:
        """Take back this screen's latest bulk action, as one step."""
        if not self.steps:
            return
        step, action = self.steps.pop()
        try:
            done = self.app.collection.undo_bulk(step)
        except CardsError as exc:
            self.app.say(exc.message, severity="error")
            return
        self.app.say(f"Undone: {action} of {done.cards:,} "
                     f"{'card' if done.cards == 1 else 'cards'}", timeout=3)
        self.refresh_bindings()
        self.load(keep_cursor=True)

    def action_toggle_trash(self) -> None:
        """Show the trash (deleted cards that can be restored), or the cards again."""
        self.trash = not self.trash
        self._clear_marks()
        self.refresh_bindings()
        self.load()

    def action_restore(self) -> None:
        """Restore the card under the cursor from the trash, with its history."""
        table = self.query_one("#cards", DataTable)
        if not self.trash or not table.row_count:
            return
        card_id = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        try:
            restored = self.app.collection.undelete(card_id)
        except CardsError as exc:
            self.app.say(exc.message, severity="error")
            return
        self.app.say(f"Restored {one_line(card_id)} ({restored[0].status})", timeout=3)
        self.load(keep_cursor=True)

    def action_back(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_focus and search.value:
            search.value = ""
            return
        self.app.pop_screen()
