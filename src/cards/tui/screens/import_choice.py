"""`i` on home: how to take in the bundled deck, as drafts to triage or ready to study.

A new user should meet both halves of the app: the drafts inbox, where drafted cards
are accepted, edited or rejected, and the reviewer. So the choice is theirs.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

Choice = Literal["drafts", "review"]


def choice_content() -> Content:
    key = "bold reverse $accent"
    return Content.assemble(
        ("Import the bundled deck", "bold"), "\n",
        ("cards drafted from the comment pages in seeds/", "dim"), "\n\n",
        ("d", key), " as drafts: triage them in the inbox\n",
        "   (accept, edit or reject each, beside its source)\n\n",
        ("r", key), " ready to review: accept them all and start now\n\n",
        ("Esc", key), " cancel")


class ImportChoiceScreen(ModalScreen[Choice | None]):
    """Dismisses "drafts" (d), "review" (r) or None (Esc)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "choose('drafts')", "As drafts"),
        Binding("r", "choose('review')", "Review now"),
        Binding("escape,q", "choose(None)", "Cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="import-box"):
            yield Static(choice_content(), markup=False)

    def action_choose(self, choice: Choice | None) -> None:
        self.dismiss(choice)
