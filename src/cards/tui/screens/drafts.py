"""The drafts inbox: drafted cards one by one, their source beside them.

Accept makes a draft a new card; edit-then-accept fixes it first; reject is
remembered by the collection, so re-drafting or re-importing never brings it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Static

from cards.cloze import Rendered, cloze_ordinals, render_cloze
from cards.collection import CardView
from cards.errors import CardsError
from cards.textsafe import one_line
from cards.tui import safe
from cards.tui.screens.source import (
    context_content,
    heading,
    quote_rows,
    scroll_target,
)
from cards.tui.widgets.card_face import HIGHLIGHT, literal
from cards.vocabulary import CardType

if TYPE_CHECKING:
    from cards.tui.app import CardsApp


@dataclass(frozen=True, slots=True)
class DraftDecision:
    """One triage decision the inbox can take back: the verb, the card as it was
    shown, and its place in the list."""

    verb: str
    card: CardView
    index: int


def draft_content(card: CardView) -> Content:
    """Front and back (or the cloze text with every deletion highlighted), literally."""
    if card.type == CardType.CLOZE:
        renders = [render_cloze(card.text, n, reveal=True) for n in cloze_ordinals(card.text)]
        spans = tuple(span for r in renders for span in r.highlights)
        body = literal(Rendered(renders[0].text if renders else card.text, spans), HIGHLIGHT)
    else:
        body = Content.assemble(("Q  ", "bold $accent"), safe.text(card.front), "\n\n",
                                ("A  ", "bold $accent"), safe.text(card.back))
    if card.extra:
        body = body + Content("\n\n") + safe.text(card.extra, "italic")
    meta = f"deck {card.deck}"
    if card.concept:
        meta += f" · concept {card.concept}"
    if card.tags:
        meta += " · tags " + " ".join(card.tags)
    return body + Content("\n\n") + safe.line(meta, "dim")


class DraftsScreen(Screen[None]):
    """Triage drafts: a accept, e edit then accept, r reject, ←/→ skip."""

    app: CardsApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "accept", "Accept"),
        Binding("e", "edit", "Edit + accept"),
        Binding("r", "reject", "Reject"),
        Binding("u", "undo", "Undo"),
        Binding("s", "source", "Source"),
        Binding("right,n,j", "move(1)", "Next", key_display="→"),
        Binding("left,p,k", "move(-1)", "Prev", key_display="←"),
        Binding("q,escape", "app.pop_screen", "Back"),
    ]

    index: reactive[int] = reactive(0, init=False)

    def __init__(self, deck: str | None = None) -> None:
        super().__init__()
        self.deck = deck
        self.drafts: list[CardView] = []

    @property
    def decided(self) -> list[DraftDecision]:
        """Decisions this inbox can undo, newest last: the app keeps them for the whole
        session, so leaving the inbox and coming back loses none; an inbox of one deck
        offers only that deck's."""
        return [d for d in self.app.draft_decisions
                if self.deck is None or d.card.deck == self.deck]

    def compose(self) -> ComposeResult:
        yield Static(markup=False, id="drafts-status")
        with Horizontal(id="drafts-body"):
            with VerticalScroll(id="draft-card"):
                yield Static(markup=False, id="draft-text")
            # Author and file:line stay put above the lines, which scroll to the quote.
            with Vertical(id="draft-source-box"):
                yield Static(markup=False, id="draft-source-heading")
                with VerticalScroll(id="draft-source"):
                    yield Static(markup=False, id="draft-source-text")
        with Vertical(id="drafts-empty", classes="empty-state"):
            yield Static(markup=False, id="drafts-empty-text")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#draft-card").border_title = "Draft"
        self.query_one("#draft-source-box").border_title = "Source"
        self.reload()

    def reload(self) -> None:
        """Re-read the drafts (another process may have drafted or decided some)."""
        try:
            self.drafts = self.app.collection.drafts(self.deck)
        except CardsError as exc:
            self.app.say(exc.message, severity="error")
            self.drafts = []
        self.index = min(self.index, max(0, len(self.drafts) - 1))
        self.show_draft()

    @property
    def current(self) -> CardView | None:
        return self.drafts[self.index] if self.drafts else None

    def watch_index(self, _index: int) -> None:
        self.show_draft()

    def show_draft(self) -> None:
        card = self.current
        self.set_class(card is None, "-nothing")
        where = f" in {one_line(self.deck)}" if self.deck else " · all decks"
        if card is None:
            self.query_one("#drafts-status", Static).update(Content.styled(
                f"Drafts{where}", "bold"))
            self.query_one("#drafts-empty-text", Static).update(Content.assemble(
                ("Inbox zero. ", "bold"), "No drafts are waiting",
                where if self.deck else "", ".\n\n",
                "Draft cards from your notes with ", ("cards draft", "bold"),
                ", or press ", ("q", "bold reverse $accent"), " to go back."))
            self.refresh_bindings()
            return
        self.query_one("#drafts-status", Static).update(Content.assemble(
            (f"Drafts{where}", "bold"), f"  {self.index + 1} of {len(self.drafts)}",
            ("  from deck ", "dim"), safe.line(card.deck, "bold $accent")))
        self.query_one("#draft-text", Static).update(draft_content(card))
        self._show_source(card)
        self.query_one("#draft-card", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()

    def _show_source(self, card: CardView) -> None:
        head = self.query_one("#draft-source-heading", Static)
        body = self.query_one("#draft-source-text", Static)
        try:
            context = self.app.collection.source_context(card.id, radius=4)
        except CardsError:
            context = None
        if context is None:
            head.update(Content(""))
            body.update(Content.styled("No source: written by hand.", "italic"))
            return
        head.update(heading(context))
        pane = self.query_one("#draft-source", VerticalScroll)
        pane.scroll_home(animate=False)

        def draw() -> None:
            content = context_content(context, body.content_region.width)
            body.update(content)
            first, last = quote_rows(content, context)

            def scroll() -> None:  # once the new text is laid out
                offset = body.virtual_region.y
                y = scroll_target(first, last, pane.scrollable_content_region.height)
                pane.scroll_to(y=offset + y if y else 0, animate=False)

            self.call_after_refresh(scroll)

        draw()
        if not body.content_region.width:  # first draw: wrap once the layout is known
            self.call_after_refresh(draw)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("accept", "edit", "reject", "move", "source"):
            return self.current is not None
        if action == "undo":
            return bool(self.decided)
        return True

    # ------------------------------------------------------------ actions
    def action_move(self, step: int) -> None:
        if self.drafts:
            self.index = (self.index + step) % len(self.drafts)

    def _decide(self, verb: str) -> None:
        card = self.current
        if card is None:
            return
        try:
            getattr(self.app.collection, verb)(card.id)
        except CardsError as exc:
            self.app.say(exc.message, severity="error")
            self.reload()
            return
        message = "Accepted: it is now a new card" if verb == "accept" else "Rejected"
        self._remove_current(verb)
        self._say(f"{message} — u to undo")

    def _remove_current(self, verb: str) -> None:
        self.app.draft_decisions.append(DraftDecision(verb, self.drafts[self.index], self.index))
        del self.drafts[self.index]
        if self.index >= len(self.drafts):
            self.index = max(0, len(self.drafts) - 1)
        self.show_draft()

    def action_accept(self) -> None:
        self._decide("accept")

    def action_reject(self) -> None:
        self._decide("reject")

    def action_source(self) -> None:
        """The full source view over the inbox (Esc comes back here)."""
        card = self.current
        if card is not None:
            self.app.open_source(card)

    def action_edit(self) -> None:
        card = self.current
        if card is not None:
            self.app.open_edit(card, accept=True, callback=self._edited)

    def _edited(self, card: CardView | None) -> None:
        if card is not None:
            self._remove_current("edit")
            self._say("Edited and accepted — u to undo")

    def action_undo(self) -> None:
        """Put the latest accepted or rejected draft back in the inbox, on screen."""
        if not self.decided:
            self.app.say("Nothing to undo", severity="warning", timeout=2)
            return
        decision = self.decided[-1]
        verb, card = decision.verb, decision.card
        self.app.draft_decisions.remove(decision)
        try:
            restored = self.app.collection.restore_draft(card.id)[0]
        except CardsError as exc:  # changed since, e.g. reviewed or deleted elsewhere
            self.app.say(exc.message, severity="error", timeout=5)
            self.reload()
            return
        if any(d.id == restored.id for d in self.drafts):  # re-read since: already back
            self.reload()
        else:
            self.drafts.insert(min(decision.index, len(self.drafts)), restored)
        index = next((i for i, d in enumerate(self.drafts) if d.id == restored.id), self.index)
        if self.index == index:
            self.show_draft()
        else:
            self.index = index
        what = {"accept": "Accept", "reject": "Reject"}.get(verb, "Edit and accept")
        self._say(f"{what} undone: back in the inbox")

    def _say(self, message: str) -> None:
        """One toast at a time: quick decisions would otherwise stack up a column."""
        self.app.clear_notifications()
        self.app.say(message, timeout=2)
