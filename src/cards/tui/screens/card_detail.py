"""One card opened from Browse: read it, then edit, suspend/unsuspend or delete it."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from cards.collection import CardInfo, CardView
from cards.errors import CardsError
from cards.textsafe import one_line
from cards.tui import safe
from cards.tui.format import GRADE_LABELS, interval, short_due
from cards.tui.screens.confirm import ConfirmScreen
from cards.tui.screens.drafts import draft_content
from cards.tui.widgets.grade_legend import GRADE_STYLES
from cards.vocabulary import AnswerKind, CardStatus

#: How many of the latest answers the dialog lists.
HISTORY = 10


def item_label(key: str) -> str:
    """'abc:c2' -> 'c2'; a basic card's only item -> 'card'."""
    _, sep, rest = key.rpartition(":c")
    return f"c{rest}" if sep and rest.isdigit() else "card"


def info_content(info: CardInfo, today: object) -> Content:
    """Anki's Card Info, compactly: each item's schedule, then the latest answers."""
    lines: list[Content] = [Content.styled("Scheduling", "bold $accent")]
    for item in info.items:
        s = item.state
        label = Content.styled(f"{item_label(item.key):<5}", "bold")
        if s.due is None:
            lines.append(label + Content.styled("new · not studied yet", "$success"))
            continue
        due = short_due(s.due, today)  # type: ignore[arg-type]
        text = (f"due {due} · interval {interval(s.interval)} · ease {item.easiness}"
                f" · reps {s.repetitions} · lapses {s.lapses}")
        if item.buried_until is not None:
            text += f" · buried until {item.buried_until:%-d %b}"
        lines.append(label + Content(text))
    lines.append(Content(""))
    if not info.reviews:
        lines.append(Content.styled("No answers yet", "dim"))
    else:
        shown = info.reviews[:HISTORY]
        more = len(info.reviews) - len(shown)
        title = "Latest answers" + (f" ({len(shown)} newest)" if more > 0 else "")
        lines.append(Content.styled(title, "bold $accent"))
        for r in shown:
            when = r.reviewed_at.astimezone().strftime("%Y-%m-%d %H:%M")
            grade = Content.styled(f"{r.grade} {GRADE_LABELS.get(r.grade, ''):<8}",
                                   GRADE_STYLES.get(r.grade, ""))
            after = (f"→ {interval(r.interval_after)}" if r.kind == AnswerKind.REVIEW
                     else "(schedule unchanged)")
            lines.append(Content.assemble(
                (when, "dim"), "  ", (f"{item_label(r.key):<5}", "bold"), grade,
                f" {r.kind:<6} {after}", (f"  {r.duration_ms / 1000:.1f}s", "dim")))
    return Content("\n").join(lines)

if TYPE_CHECKING:
    from cards.tui.app import CardsApp


class CardDetailScreen(ModalScreen[None]):
    """A card, literally, with the actions Browse offers on it."""

    app: CardsApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Edit"),
        Binding("exclamation_mark", "toggle_suspend", "Suspend/unsuspend", key_display="!"),
        Binding("s", "source", "Source"),
        Binding("d,delete", "delete", "Delete"),
        Binding("escape,q", "dismiss", "Close"),
    ]

    def __init__(self, card_id: str) -> None:
        super().__init__()
        self.card_id = card_id
        self.card: CardView | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="detail-box"):
            with VerticalScroll(id="detail-scroll"):
                yield Static(markup=False, id="detail-text")
                yield Static(markup=False, id="detail-info")
            yield Static(markup=False, id="detail-meta")
            # Messages show here, inside the dialog: a toast would cover its content.
            yield Static(markup=False, id="detail-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.app.clear_notifications()  # toasts from the screen below would hide the card
        self.reload()

    def say(self, message: str, *, error: bool = False) -> None:
        status = self.query_one("#detail-status", Static)
        status.update(safe.text(message, "bold $error" if error else "$success"))

    def reload(self) -> None:
        try:
            info = self.app.collection.card_info(self.card_id, history=HISTORY + 1)
        except CardsError as exc:
            self.app.say(exc.message, severity="error")
            self.dismiss()
            return
        self.card = card = info.card
        self.query_one("#detail-info", Static).update(
            info_content(info, self.app.collection.today()))
        self.query_one("#detail-box").border_title = f"Card {one_line(card.id)} · {card.status}"
        self.query_one("#detail-text", Static).update(draft_content(card))
        meta = f"created {card.created_at:%Y-%m-%d} · modified {card.modified_at:%Y-%m-%d}"
        self.query_one("#detail-meta", Static).update(Content.styled(meta, "dim"))

    def action_edit(self) -> None:
        if self.card is not None:
            self.app.open_edit(self.card, callback=self._edited)

    def _edited(self, saved: object) -> None:
        if saved:
            self.reload()

    def action_source(self) -> None:
        if self.card is not None:
            self.app.open_source(self.card)

    def action_toggle_suspend(self) -> None:
        if self.card is None:
            return
        collection = self.app.collection
        try:
            if self.card.status == CardStatus.SUSPENDED:
                collection.unsuspend(self.card.id)
                self.say("Unsuspended")
            else:
                collection.suspend(self.card.id)
                self.say("Suspended")
        except CardsError as exc:
            self.say(exc.message, error=True)
        self.reload()

    def action_delete(self) -> None:
        if self.card is None:
            return

        def confirmed(yes: bool | None) -> None:
            if not yes or self.card is None:
                return
            try:
                self.app.collection.delete(self.card.id)
            except CardsError as exc:
                self.say(exc.message, error=True)
                return
            self.app.say("Moved to the trash (T in Browse shows it, r restores)", timeout=3)
            self.dismiss()

        self.app.push_screen(ConfirmScreen("Delete this card? (it goes to the trash)", "d"),
                             confirmed)
