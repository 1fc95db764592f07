"""The end of a session: how many, how well, how long, and when to come back."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from cards.errors import CardsError
from cards.session import ReviewSession
from cards.tui.format import due_phrase, duration, percent

if TYPE_CHECKING:
    from cards.tui.app import CardsApp


class SummaryScreen(Screen[None]):
    """Shown when a session ends; `u` still takes back the last answer."""

    app: CardsApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,escape", "home", "Home"),
        Binding("u", "undo", "Undo"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, session: ReviewSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="summary-box"):
            yield Static(markup=False, id="summary-title")
            yield Static(markup=False, id="summary-body")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        summary = self.session.summary()
        done = self.session.current is None
        title = "Session complete" if done else "Session ended"
        self.query_one("#summary-title", Static).update(Content.styled(title, "bold $accent"))
        today = self.app.collection.today()
        repeats = summary.answers - summary.reviewed
        cram = self.session.cram
        if cram:
            title = "Cram complete" if done else "Cram ended"
            self.query_one("#summary-title", Static).update(
                Content.styled(title, "bold $accent"))
        # SessionSummary.correct counts first tries graded 3 or more (SM-2's pass);
        # grades below 4 still come back this session (rule 7), so say both. A repeat
        # of a card failed earlier today is no first try: it is left out of both sides.
        passed = (f"{summary.correct} of {summary.first_tries} "
                  f"({percent(summary.share_correct)})" if summary.first_tries else "—")
        rows = [
            ("Cards reviewed", f"{summary.reviewed}"),
            ("Passed first time", passed + "  (graded 3+)"),
        ]
        if repeats > 0:
            noun = "answer" if repeats == 1 else "answers"
            rows.append(("Asked again", f"{repeats} {noun} (below 4 comes back)"))
        rows.append(("Time spent", duration(summary.elapsed)))
        if cram:
            rows.append(("Schedule", "unchanged (cram is practice)"))
            if not done:
                rows.append(("Not crammed", str(len(self.session.queue))))
        else:
            rows.append(("Next review", "unknown (the collection cannot be read now)"
                         if summary.next_due_error else due_phrase(summary.next_due, today)))
            if not done:
                rows.append(("Left for later", str(len(self.session.queue))))
        body = Content("\n").join(
            Content.assemble((f"{label:<20}", "dim"), (value, "bold")) for label, value in rows)
        self.query_one("#summary-body", Static).update(body)

    def action_home(self) -> None:
        self.app.pop_screen()

    def action_undo(self) -> None:
        from cards.tui.screens.review import ReviewScreen

        try:
            self.session.undo()
        except CardsError as exc:
            self.app.say(exc.message, severity="warning")
            return
        self.app.switch_screen(ReviewScreen(self.session))
