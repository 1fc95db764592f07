"""The reviewer: front, reveal, grade, next — with undo, source, edit, suspend, bury.

Every grade goes through `ReviewSession.answer`, which commits it to the database
before returning; only then is the next card drawn, so killing the terminal at any
moment loses no answer that was on screen as given.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, ProgressBar, Static
from textual.widgets._footer import FooterKey

from cards import answer_keys
from cards.collection import CardView, ItemView
from cards.errors import CardsError
from cards.session import ReviewSession
from cards.tui import safe
from cards.tui.format import due_phrase
from cards.tui.widgets import CardFace, GradeLegend
from cards.vocabulary import AnswerKind

if TYPE_CHECKING:
    from cards.tui.app import CardsApp


#: Under a card taller than the screen, while some of it is below the fold.
MORE_BELOW = Content.assemble(("▼ more below", "bold $accent"), ("  ↓ / PgDn scroll", "dim"))

UNDONE = {"answer": "Answer undone", "bury": "Bury undone", "suspend": "Suspension undone"}


def answer_words(item: ItemView) -> list[str]:
    """What the front hides: a cloze deletion's answer, or a basic card's back."""
    answer = item.answer()
    if not answer.highlights:
        return [answer.text]
    return [answer.text[start:end] for start, end in answer.highlights]


class ReviewScreen(Screen[None]):
    """One study session. `q`/Escape ends it with a summary."""

    app: CardsApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "reveal", "Reveal"),
        Binding("enter", "reveal", "Show answer", show=False),
        *(Binding(str(g), f"grade({g})", f"Grade {g}", show=False) for g in range(6)),
        Binding("u", "undo", "Undo"),
        Binding("s", "source", "Source"),
        Binding("e", "edit", "Edit"),
        Binding("exclamation_mark", "suspend", "Suspend", key_display="!"),
        Binding("b", "bury", "Bury"),
        Binding("c", "cram", "Cram", show=False),
        Binding("q,escape", "end", "End"),
        # A card longer than the screen scrolls from the keyboard, not only the wheel.
        Binding("down,j", "scroll_card('down')", "Scroll", show=False),
        Binding("up,k", "scroll_card('up')", "Scroll", show=False),
        Binding("pagedown", "scroll_card('page_down')", "Scroll", show=False),
        Binding("pageup", "scroll_card('page_up')", "Scroll", show=False),
    ]

    revealed: reactive[bool] = reactive(False, init=False)

    def __init__(self, session: ReviewSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        with Horizontal(id="review-top"):
            yield Static(markup=False, id="review-status")
            yield ProgressBar(total=max(1, self.session.total), show_eta=False,
                              show_percentage=False, id="progress")
            yield Static(markup=False, id="review-count")
        with Vertical(id="review-body"):
            yield CardFace(id="card")
            yield Static(MORE_BELOW, markup=False, id="more-below")
            yield Static(markup=False, id="review-empty", classes="empty-state")
        yield GradeLegend(id="legend")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.show_current()

    def on_card_face_overflow(self, event: CardFace.Overflow) -> None:
        """'▼ more below' while part of the card is out of sight (a long card at 80x24:
        the answer must never hide below the fold without a sign)."""
        self.query_one("#more-below").display = event.more_below

    # ------------------------------------------------------------ drawing
    def show_current(self) -> None:
        """Draw the session's current card, front first (or the empty state)."""
        item = self.session.current
        if self.has_class("-nothing") != (item is None):
            self.set_class(item is None, "-nothing")
            self.refresh_bindings()
        self.revealed = False
        self.query_one(CardFace).show(item, revealed=False)
        self._draw_status()
        if item is None:
            self._draw_empty()
            return
        self.query_one(GradeLegend).show_front()

    def _draw_status(self) -> None:
        session = self.session
        mode = "Cram" if session.cram else "Review"
        deck = safe.line(session.deck) if session.deck else Content("all decks")
        status = Content.assemble((mode, "bold"), " · ", deck)
        if session.is_repeat:
            status = status.append(Content.styled("  ↻ again", "bold $warning"))
        self.query_one("#review-status", Static).update(status)
        bar = self.query_one(ProgressBar)
        bar.update(total=max(1, session.total), progress=session.finished)
        left = len(session.queue)
        self.query_one("#review-count", Static).update(
            Content(f"{session.finished}/{session.total} · {left} left"))

    def _draw_empty(self) -> None:
        collection = self.app.collection
        session = self.session
        if session.cram:
            text = Content.assemble(("Nothing to cram here.\n\n", "bold"),
                                    "Cram reviews cards you have already seen that are not due.")
        else:
            when = due_phrase(collection.next_due_day(session.deck), collection.today())
            text = Content.assemble(("Nothing is due right now. ", "bold"), "🎉\n\n",
                                    f"Next review: {when}.\n\n", "Press ",
                                    ("c", "bold reverse $accent"),
                                    " to cram (practice without changing the schedule), or ",
                                    ("Esc", "bold reverse $accent"), " to go home.")
        self.query_one("#review-empty", Static).update(text)
        self.query_one(GradeLegend).update(Content(""))
        self.refresh_bindings()

    def watch_revealed(self, revealed: bool) -> None:
        face = self.query_one(CardFace)
        face.revealed = revealed
        if revealed:
            self.call_after_refresh(face.bring_answer_into_view)
        # "space Reveal" leaves the footer once done. Hiding its key is cheap; a
        # refresh_bindings would rebuild the footer twice per card (most of a key's time).
        for key in self.query(FooterKey):
            if key.action == "reveal":
                key.display = not revealed
        if revealed and self.session.current is not None:
            try:
                # Asked now, not when the card was drawn: another process may have
                # answered it meanwhile, and then a grade here is practice.
                practice = self.session.current_kind() != AnswerKind.REVIEW
                intervals = self.session.preview()
            except CardsError:
                practice, intervals = self.session.cram or self.session.is_repeat, None
            self.query_one(GradeLegend).show_grades(intervals, practice=practice,
                                                    scheme=self.answer_keys)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide keys that do nothing right now, so the footer lists only live ones.

        Only "is there a card" counts: re-checking on every reveal would rebuild the
        footer twice per card, which is most of a key press's time (`watch_revealed`
        hides the Reveal key instead).
        """
        has_card = self.session.current is not None
        if action in ("reveal", "source", "edit", "suspend", "bury"):
            return has_card
        if action == "cram":
            return not has_card and not self.session.cram
        return True

    # ------------------------------------------------------------ actions
    @property
    def answer_keys(self) -> str:
        """The key scheme in use (`answer_keys` setting: sm2 or anki)."""
        try:
            return self.app.collection.settings().answer_keys
        except CardsError:
            return answer_keys.DEFAULT

    def action_reveal(self) -> None:
        """Space / Enter: show the answer; once it shows, grade Good (as in Anki)."""
        if self.session.current is None:
            return
        if self.revealed:
            self._grade(answer_keys.GOOD)
            return
        self.revealed = True

    def action_grade(self, key: int) -> None:
        """A number key: the grade it gives under the `answer_keys` scheme."""
        if self.session.current is None:
            return
        if not self.revealed:
            self.app.say("Show the answer first: Space or Enter", timeout=2)
            return
        grade = answer_keys.grade_for(self.answer_keys, key)
        if grade is None:
            keys = ", ".join(str(k) for k in answer_keys.SCHEMES[self.answer_keys])
            self.app.say(f"Grade with {keys} (answer_keys = {self.answer_keys})", timeout=2)
            return
        self._grade(grade)

    def _grade(self, grade: int) -> None:
        try:
            self.session.answer(grade)
        except CardsError as exc:
            self.app.say(exc.message, severity="error", timeout=6)
            return
        self._next()

    def _next(self) -> None:
        if self.session.current is None and self.session.answers:
            self.action_end()
        else:
            self.show_current()

    def action_scroll_card(self, how: str) -> None:
        getattr(self.query_one(CardFace), f"scroll_{how}")(animate=False)

    def action_undo(self) -> None:
        """Take back the session's latest action: an answer, a bury or a suspension."""
        what = self.session.last_action
        try:
            self.session.undo()
        except CardsError as exc:
            self.app.say(exc.message, severity="warning", timeout=4)
            return
        self.app.say(UNDONE.get(what or "", "Undone"), timeout=2)
        self.show_current()

    def action_source(self) -> None:
        """The source; before the reveal its answer stays hidden there too."""
        item = self.session.current
        if item is not None:
            self.app.open_source(item.card, hide=None if self.revealed else answer_words(item))

    def action_edit(self) -> None:
        item = self.session.current
        if item is not None:
            self.app.open_edit(item.card, callback=self._edited)

    def _edited(self, card: CardView | None) -> None:
        if card is None:
            return
        before = self.session.current
        self.session.refresh_current()
        after = self.session.current
        if after is None:
            self._next()
        elif before is None or after.key != before.key:
            # The edit removed this cloze deletion: the next card starts front first.
            self.show_current()
        else:
            self.query_one(CardFace).show(after, revealed=self.revealed)

    def action_suspend(self) -> None:
        item = self.session.current
        if item is None:
            return
        try:
            self.session.suspend_current()
        except CardsError as exc:
            self.app.say(exc.message, severity="error")
            return
        self.app.say("Suspended · u undoes (or unsuspend it in Browse)", timeout=3)
        self._next()

    def action_bury(self) -> None:
        if self.session.current is None:
            return
        try:
            self.session.bury_current()
        except CardsError as exc:
            self.app.say(exc.message, severity="error")
            return
        self.app.say("Buried until tomorrow · u undoes", timeout=2)
        self._next()

    def action_cram(self) -> None:
        self.app.start_review(self.session.deck, cram=True, replace=True)

    def action_end(self) -> None:
        """End the session: a summary if anything was answered, else straight home."""
        if self.session.answers:
            from cards.tui.screens.summary import SummaryScreen

            self.app.switch_screen(SummaryScreen(self.session))
        else:
            self.app.pop_screen()
