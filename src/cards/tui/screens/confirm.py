"""A yes/no question for the few actions that cannot be taken back."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


class ConfirmScreen(ModalScreen[bool]):
    """Dismisses True on `y` (or the action's own key pressed again), False otherwise."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, again_key: str | None = None) -> None:
        super().__init__()
        self.question = question
        if again_key:
            self._bindings.bind(again_key, "answer(True)", show=False)

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(Content.assemble((self.question, "bold"), "\n\n",
                                          ("y", "bold reverse $error"), " yes    ",
                                          ("n", "bold reverse $accent"), " no"),
                         markup=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
