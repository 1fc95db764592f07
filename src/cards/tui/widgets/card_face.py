"""A card's question and answer, shown literally.

Card text comes from a corpus full of square brackets ("[1]", "[A] ... [B]",
"[bold]"), so it must never reach a markup parser: it is wrapped in a `Content`
object built from plain text, and cloze spans are styled by offset.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Rule, Static

from cards.cloze import Rendered
from cards.collection import ItemView
from cards.tui import safe
from cards.vocabulary import CardType

#: How the revealed cloze answer (and the [...] gap) stands out.
HIGHLIGHT = "bold reverse $accent"
GAP = "bold $accent"


def literal(text: str | Rendered, style: str = "") -> Content:
    """Plain text as Content, made visible (`cards.tui.safe`), with any highlight
    spans of a `Rendered` styled."""
    if isinstance(text, str):
        return safe.text(text)
    return safe.spans(text.text, text.highlights, style or HIGHLIGHT)


def source_line(item: ItemView) -> Content:
    """'— Author, file:line' under the answer, or nothing for a hand-made card."""
    source = item.card.source
    if source is None:
        return Content("")
    who = f"{source.author}, " if source.author else ""
    return safe.line(f"— {who}{source.file}:{source.line}")


class CardFace(VerticalScroll):
    """The front, then (once revealed) the back, extra notes and source.

    Scrolls when a card is longer than the screen, so 80x24 stays usable.
    """

    revealed: reactive[bool] = reactive(False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.item: ItemView | None = None
        self.can_focus = False
        self._told = False  # the last Overflow posted

    def compose(self) -> ComposeResult:
        yield Static(markup=False, id="question", classes="card-text")
        yield Rule(line_style="solid", id="divider")
        yield Static(markup=False, id="answer", classes="card-text")
        yield Static(markup=False, id="extra")
        yield Static(markup=False, id="source-line")

    def show(self, item: ItemView | None, *, revealed: bool = False) -> None:
        """Put a card on the face (front only unless `revealed`)."""
        self.item = item
        self.revealed = revealed
        self._paint()
        self.scroll_home(animate=False)
        self._overflow_may_change()

    def watch_revealed(self, _revealed: bool) -> None:
        self._paint()
        self._overflow_may_change()

    def _paint(self) -> None:
        if not self.is_mounted:
            return
        item = self.item
        question = self.query_one("#question", Static)
        answer = self.query_one("#answer", Static)
        extra = self.query_one("#extra", Static)
        source = self.query_one("#source-line", Static)
        if item is None:
            for widget in (question, answer, extra, source):
                widget.update(Content(""))
            return
        # Inline display/style changes, not CSS classes: toggling a class re-applies
        # the stylesheet to the whole subtree, which costs milliseconds per card.
        is_cloze = item.card.type == CardType.CLOZE
        revealed = self.revealed
        divider = self.query_one("#divider", Rule)
        divider.display = revealed and not is_cloze
        question.styles.text_style = "none" if is_cloze else "bold"
        if is_cloze and revealed:
            # A cloze back is the whole sentence again, with the answer highlighted.
            question.update(literal(item.answer(), HIGHLIGHT))
        else:
            question.update(literal(item.question(), GAP))
        answer.display = revealed and not is_cloze
        if answer.display:
            answer.update(literal(item.answer(), HIGHLIGHT))
        extra.display = revealed and bool(item.card.extra.strip())
        if extra.display:
            extra.update(safe.text(item.card.extra))
        source.display = revealed and item.card.source is not None
        if source.display:
            source.update(source_line(item))

    def on_mount(self) -> None:
        self._paint()

    class Overflow(Message):
        """Whether part of the card is below the fold now (posted when that changes)."""

        def __init__(self, more_below: bool) -> None:
            super().__init__()
            self.more_below = more_below

    @property
    def more_below(self) -> bool:
        """Whether part of the card is below the fold (the review screen says so)."""
        return self.scroll_y < self.max_scroll_y

    def _check_overflow(self) -> None:
        """Once the layout has settled (a size and its content update one after the
        other, so a check in between sees a stale pair), tell the screen."""
        more = self.is_mounted and self.display and self.item is not None and self.more_below
        if more != self._told:
            self._told = more
            self.post_message(self.Overflow(more))

    def _overflow_may_change(self) -> None:
        self.call_after_refresh(self._check_overflow)

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._overflow_may_change()

    def watch_virtual_size(self) -> None:
        self._overflow_may_change()

    def on_resize(self) -> None:
        self._overflow_may_change()

    def bring_answer_into_view(self) -> None:
        """After revealing a basic card whose answer starts below the fold, scroll it
        up to the divider, as Anki scrolls to the answer: the question was read."""
        divider = self.query_one("#divider", Rule)
        if not (self.revealed and divider.display):
            return
        top = divider.virtual_region.y - self.scroll_y
        if top + divider.outer_size.height + 1 > self.scrollable_content_region.height:
            self.scroll_to(y=divider.virtual_region.y, animate=False)
