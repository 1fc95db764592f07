"""One card opened from Browse: read it, then edit, suspend/unsuspend or delete it."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from cards.collection import CardView
from cards.errors import CardsError
from cards.tui.screens.confirm import ConfirmScreen
from cards.tui.screens.drafts import draft_content

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
            with VerticalScroll():
                yield Static(markup=False, id="detail-text")
            yield Static(markup=False, id="detail-meta")
            # Messages show here, inside the dialog: a toast would cover its content.
            yield Static(markup=False, id="detail-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.app.clear_notifications()  # toasts from the screen below would hide the card
        self.reload()

    def say(self, message: str, *, error: bool = False) -> None:
        status = self.query_one("#detail-status", Static)
        status.update(Content.styled(message, "bold $error" if error else "$success"))

    def reload(self) -> None:
        try:
            self.card = self.app.collection.get_card(self.card_id)
        except CardsError as exc:
            self.app.say(exc.message, severity="error")
            self.dismiss()
            return
        card = self.card
        self.query_one("#detail-box").border_title = f"Card {card.id} · {card.status}"
        self.query_one("#detail-text", Static).update(draft_content(card))
        meta = f"created {card.created_at:%Y-%m-%d} · modified {card.modified_at:%Y-%m-%d}"
        self.query_one("#detail-meta", Static).update(Content.styled(meta, "dim"))

    def action_edit(self) -> None:
        if self.card is not None:
            self.app.open_edit(self.card, callback=lambda saved: saved and self.reload())

    def action_source(self) -> None:
        if self.card is not None:
            self.app.open_source(self.card)

    def action_toggle_suspend(self) -> None:
        if self.card is None:
            return
        collection = self.app.collection
        try:
            if self.card.status == "suspended":
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
            self.app.say("Deleted (its review history is kept)", timeout=3)
            self.dismiss()

        self.app.push_screen(ConfirmScreen("Delete this card?", "d"), confirmed)
