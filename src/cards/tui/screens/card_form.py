"""Add or edit a card: basic (front/back) or cloze (text with {{c1::...}}).

Validation is the service layer's: whatever `add_card`/`edit_card` refuses is shown
inline under the form, in the user's words, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Footer, Input, Label, Static, Tab, Tabs, TextArea

from cards.cloze import cloze_ordinals, deletion_overlapping
from cards.collection import DEFAULT_DECK, CardView
from cards.errors import CardsError
from cards.textsafe import one_line, visible
from cards.tui import safe
from cards.vocabulary import CardType

if TYPE_CHECKING:
    from cards.tui.app import CardsApp


class FormTextArea(TextArea):
    """A text field where Ctrl+A selects everything, as in every other editor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+a", "select_all", "Select all", show=False),
    ]


class FormInput(Input):
    """A one-line field where Ctrl+A selects everything."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+a", "select_all", "Select all", show=False),
    ]


#: Words in a refusal -> the field it is about (checked in order).
ERROR_FIELDS = (("cloze", "text"), ("deletion", "text"), ("front", "front"),
                ("back", "back"), ("deck", "deck"), ("tag", "tags"), ("extra", "extra"),
                ("text", "text"))


def error_field(message: str, cloze: bool) -> str | None:
    """Which field a refusal is about, if its words say so."""
    lowered = message.lower()
    for word, name in ERROR_FIELDS:
        if word in lowered and (name != "text" or cloze) and (
                name not in ("front", "back") or not cloze):
            return name
    return None


def friendly(message: str) -> str:
    """'the front is empty' -> 'The front is empty'."""
    return message[:1].upper() + message[1:]


class CardFormScreen(Screen[CardView | None]):
    """Dismisses with the saved card, or None if cancelled.

    Adding keeps the form open, as Anki's Add dialog does: after Ctrl+S the text
    fields are cleared (deck, tags and type stay) for the next card, and Esc closes
    it, dismissing with the last card added. Esc on unsaved text asks first.
    """

    app: CardsApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("ctrl+k", "cloze", "Cloze selection", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, card: CardView | None = None, *, deck: str | None = None,
                 accept: bool = False) -> None:
        """`card` to edit it; otherwise a new card in `deck`. `accept` for drafts."""
        super().__init__()
        self.card = card
        self.deck = card.deck if card else deck
        self.accept = accept
        self.added: list[CardView] = []
        self._clean: dict[str, object] = {}
        #: Field -> (the text as stored, as shown). A field shows its text made visible
        #: (`cards.textsafe`), never raw escapes; left as shown, it saves what was stored.
        self._loaded: dict[str, tuple[str, str]] = {}

    @property
    def is_cloze(self) -> bool:
        return self.query_one("#kind", Tabs).active == "cloze"

    def compose(self) -> ComposeResult:
        card = self.card
        cloze = card is not None and card.type == CardType.CLOZE
        decks = self.app.collection.deck_names()
        deck = self.deck or (decks[0] if decks else DEFAULT_DECK)
        # One fixed line above the form for what happened (an error or "Added"):
        # it never pushes the fields or the buttons down.
        with Horizontal(id="form-message"):
            yield Static(markup=False, id="form-error")
            yield Static(markup=False, id="form-note")
        with VerticalScroll(id="form"):
            yield Static(markup=False, id="form-title")
            yield Tabs(Tab("Basic", id="basic"), Tab("Cloze", id="cloze"),
                       active="cloze" if cloze else "basic", id="kind")
            with Horizontal(id="form-top"):
                yield Label("Deck")
                yield FormInput(self._load("deck", deck, one_line), id="deck", compact=True,
                                suggester=SuggestFromList([one_line(d) for d in decks]))
                yield Label("Tags")
                yield FormInput(self._load("tags", " ".join(card.tags) if card else "", one_line),
                                id="tags", compact=True, placeholder="space separated")
            yield Label("Front", classes="basic-only")
            yield self._area("front", self._load("front", card.front if card else ""),
                             "basic-only")
            yield Label("Back", classes="basic-only")
            yield self._area("back", self._load("back", card.back if card else ""), "basic-only")
            yield Label("Text — hide words as {{c1::answer}}, or select them and press Ctrl+K",
                        classes="cloze-only")
            yield self._area("text", self._load("text", card.text if card else ""), "cloze-only")
            yield Label("Extra (optional): a note shown under the answer", id="extra-label")
            yield self._area("extra", self._load("extra", card.extra if card else ""),
                             "-filled" if card and card.extra else "")
            with Horizontal(id="form-buttons"):
                yield Button(self._save_label(), variant="primary", id="save", compact=True)
                yield Button("Cancel (Esc)", id="cancel", compact=True)
        yield Footer(compact=True)

    def _load(self, name: str, stored: str, show: Callable[[str], str] = visible) -> str:
        """What field `name` shows for `stored`; remembered so saving can tell."""
        shown = show(stored)
        self._loaded[name] = (stored, shown)
        return shown

    def _typed(self, name: str, value: str) -> str:
        """The field's value to save: what was stored if the field still shows it
        unchanged (placeholders and all), else what is in it now."""
        stored, shown = self._loaded.get(name, (value, value))
        return stored if value == shown else value

    @staticmethod
    def _area(name: str, text: str, classes: str = "") -> TextArea:
        return FormTextArea(text, id=name, classes=classes, soft_wrap=True, compact=True,
                        tab_behavior="focus")

    def _save_label(self) -> str:
        if self.accept:
            return "Save and accept (Ctrl+S)"
        return "Save (Ctrl+S)" if self.card else "Add (Ctrl+S)"

    def on_mount(self) -> None:
        if self.card is None:
            title = "Add a card"
        elif self.accept:
            title = "Edit the draft, then accept it"
        else:
            title = f"Edit card {one_line(self.card.id)}"
        self.query_one("#form-title", Static).update(Content.styled(title, "bold $accent"))
        self._show_kind()
        self._focus_first()
        self._clean = self._texts()

    def _focus_first(self) -> None:
        self.query_one("#text" if self.is_cloze else "#front", TextArea).focus()

    def _texts(self) -> dict[str, object]:
        """Every field as typed, whichever card type is showing."""
        return {"deck": self.query_one("#deck", Input).value,
                "tags": self.query_one("#tags", Input).value,
                **{name: self.query_one(f"#{name}", TextArea).text
                   for name in ("front", "back", "text", "extra")}}

    @property
    def is_dirty(self) -> bool:
        """Whether the card text differs from what was last loaded or saved."""
        now, clean = self._texts(), self._clean
        return any(str(now[k]).strip() != str(clean.get(k, "")).strip()
                   for k in ("front", "back", "text", "extra")) or (
            self.card is not None and any(now[k] != clean.get(k) for k in ("deck", "tags")))

    @on(Tabs.TabActivated, "#kind")
    def _kind_changed(self) -> None:
        if self.is_mounted:
            self._show_kind()

    def _show_kind(self) -> None:
        self.set_class(self.is_cloze, "-cloze")
        self.set_class(not self.is_cloze, "-basic")
        self._show_conversion()

    @property
    def kind(self) -> str:
        return "cloze" if self.is_cloze else "basic"

    def _show_conversion(self) -> None:
        """Editing a card under the other tab converts it on save: say what that means."""
        note = self.query_one("#form-note", Static)
        if self.card is None:
            return
        if self.kind == self.card.type:
            note.update(Content(""))
            return
        self._clear_error()
        note.display = True
        note.update(Content.assemble(
            (f"Saving makes this a {self.kind} card", "bold $warning"),
            ": its answers so far stay in its history, and its new review "
            + ("items (one per deletion) start" if self.kind == "cloze" else "item starts")
            + " as new"))

    # ------------------------------------------------------------ actions
    def _value(self, name: str) -> str:
        return self._typed(name, self.query_one(f"#{name}", TextArea).text).strip()

    def fields(self) -> dict[str, object]:
        """What the form holds, as `add_card`/`edit_card` keywords."""
        cloze = self.is_cloze
        return {
            "deck": self._typed("deck", self.query_one("#deck", Input).value).strip(),
            "front": "" if cloze else self._value("front"),
            "back": "" if cloze else self._value("back"),
            "text": self._value("text") if cloze else "",
            "extra": self._value("extra"),
            "tags": self._typed("tags", self.query_one("#tags", Input).value).split(),
            # Editing: the tab showing is the type to save (a switch converts the card).
            **({"card_type": self.kind} if self.card is not None else {}),
        }

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        collection = self.app.collection
        fields = self.fields()
        try:
            if self.card is None:
                saved = collection.add_card(**fields)  # type: ignore[arg-type]
            else:
                saved = collection.edit_card(self.card.id, **fields)  # type: ignore[arg-type]
                if self.accept:
                    saved = collection.accept(self.card.id)[0]
        except CardsError as exc:
            self.show_error(friendly(exc.message))
            return
        if self.card is not None:
            self.dismiss(saved)
            return
        self.added.append(saved)
        self._clear_for_next(saved)

    def _clear_for_next(self, saved: CardView) -> None:
        """Anki's Add stays open: empty the text fields, keep deck, tags and type."""
        for name in ("front", "back", "text", "extra"):
            self.query_one(f"#{name}", TextArea).clear()
        self._clear_error()
        self.query_one("#form-note", Static).display = True
        # Cards added to this deck in this form, not to every deck the form has seen.
        count = sum(1 for card in self.added if card.deck == saved.deck)
        note = Content.assemble(
            ("Added", "bold $success"), " to ", safe.line(saved.deck),
            f" ({count} so far)" if count > 1 else "",
            " — add another or Esc to close")
        self.query_one("#form-note", Static).update(note)
        self.query_one("#form-title", Static).update(Content.assemble(
            ("Add a card", "bold $accent"), ("  ", ""), safe.line(saved.summary[:50], "dim")))
        self._clean = self._texts()
        self._focus_first()
        self.app.say(f"Added to {saved.deck}: {saved.summary[:60]}", timeout=3)

    @on(TextArea.Changed, "#extra")
    def _extra_changed(self, event: TextArea.Changed) -> None:
        event.text_area.set_class(bool(event.text_area.text.strip()), "-filled")

    def show_error(self, message: str) -> None:
        """The refusal in the fixed line at the top; the field it names is marked and
        focused, so the fix is one keystroke away."""
        self._clear_error()
        error = self.query_one("#form-error", Static)
        error.update(safe.text(message))
        error.add_class("-shown")
        self.query_one("#form-note", Static).display = False
        name = error_field(message, self.is_cloze)
        if name is not None:
            field = self.query_one(f"#{name}")
            field.add_class("-invalid")
            field.focus()

    def _clear_error(self) -> None:
        error = self.query_one("#form-error", Static)
        error.update(Content(""))
        error.remove_class("-shown")
        for field in self.query(".-invalid"):
            field.remove_class("-invalid")

    @on(TextArea.Changed)
    @on(Input.Changed)
    def _field_changed(self, event: TextArea.Changed | Input.Changed) -> None:
        widget = event.text_area if isinstance(event, TextArea.Changed) else event.input
        widget.remove_class("-invalid")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if not self.is_dirty:
            self._close()
            return
        from cards.tui.screens.confirm import ConfirmScreen

        what = "changes to this card" if self.card else "this unsaved card"
        self.app.push_screen(ConfirmScreen(f"Discard {what}?"), self._discard_answered)

    def _discard_answered(self, discard: bool | None) -> None:
        if discard:
            self._close()

    def _close(self) -> None:
        self.dismiss(self.added[-1] if self.added else None)

    def action_cloze(self) -> None:
        """Wrap the selection in the cloze text with the next {{cN::...}}.

        Text already in a deletion is refused (wrapping it would nest one deletion in
        another), and the selection is cleared afterwards, so a second Ctrl+K on the
        same words cannot wrap them again.
        """
        area = self.query_one("#text", TextArea)
        if not self.is_cloze or not area.selected_text:
            self.app.say("Switch to Cloze and select the words to hide", timeout=3)
            return
        # every document a TextArea holds is a Document, which maps a location to an
        # index; the attribute is typed on its base class, which lacks the method
        start, end = sorted(area.document.get_index_from_location(at)  # type: ignore[attr-defined]
                            for at in area.selection)
        inside = deletion_overlapping(area.text, start, end)
        if inside is not None:
            self.app.say(f"That text is already part of deletion c{inside}: select words "
                         "outside it (deletions cannot nest)", severity="warning", timeout=4)
            return
        number = max(cloze_ordinals(area.text), default=0) + 1
        result = area.replace(f"{{{{c{number}::{area.selected_text}}}}}", *area.selection)
        area.move_cursor(result.end_location)
