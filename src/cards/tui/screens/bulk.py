"""The bulk-action menu of Browse: one key picks what happens to the marked cards.

Tag, untag and move ask for their word in a box; the screen returns (action, value)
and Browse runs it as one bulk action (`Collection.bulk`), one undo step.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

#: key -> (action, label, what its box asks for, or None).
CHOICES: dict[str, tuple[str, str, str | None]] = {
    "s": ("suspend", "suspend", None),
    "n": ("unsuspend", "unsuspend", None),
    "a": ("accept", "accept drafts", None),
    "r": ("reject", "reject drafts", None),
    "d": ("delete", "delete (to the trash)", None),
    "t": ("tag", "add a tag", "tag to add"),
    "x": ("untag", "remove a tag", "tag to remove"),
    "m": ("move", "move to a deck", "deck to move to"),
}

Choice = tuple[str, str | None]


class BulkScreen(ModalScreen[Choice | None]):
    """Dismisses (action, value) or None (Esc)."""

    #: Nothing has focus at first (the box is disabled until an action asks for a
    #: word), so the letter keys choose.
    AUTO_FOCUS = None

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(key, f"choose('{key}')", label, show=False)
          for key, (_, label, _) in CHOICES.items()),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count
        self.pending: str | None = None  # the action whose value the box asks for

    def compose(self) -> ComposeResult:
        with Vertical(id="bulk-box"):
            lines = [Content.styled(f"{self.count:,} {'card' if self.count == 1 else 'cards'}"
                                    " marked: what to do?", "bold"), Content("")]
            lines += [Content.assemble((f" {key} ", "bold reverse $accent"), f" {label}")
                      for key, (_, label, _) in CHOICES.items()]
            lines.append(Content.styled("Esc cancels", "dim"))
            yield Static(Content("\n").join(lines), markup=False, id="bulk-menu")
            yield Input(id="bulk-value", compact=True, disabled=True)

    def on_mount(self) -> None:
        self.query_one("#bulk-value", Input).display = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the box has focus, letters are typed into it."""
        return action == "cancel" or self.pending is None

    def action_choose(self, key: str) -> None:
        action, _, asks = CHOICES[key]
        if asks is None:
            self.dismiss((action, None))
            return
        self.pending = action
        box = self.query_one("#bulk-value", Input)
        box.placeholder = f"{asks}, then Enter"
        box.display = True
        box.disabled = False
        box.focus()

    @on(Input.Submitted, "#bulk-value")
    def _submitted(self, event: Input.Submitted) -> None:
        if self.pending is not None and event.value.strip():
            self.dismiss((self.pending, event.value.strip()))

    def action_cancel(self) -> None:
        self.dismiss(None)
