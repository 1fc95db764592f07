"""`?`: every key, by screen, and what the six grades mean."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from cards.tui.format import GRADE_MEANINGS

KEYS: dict[str, list[tuple[str, str]]] = {
    "Everywhere": [("?", "this help"), ("Ctrl+P", "command palette: every action by name"),
                   ("Ctrl+Q", "quit")],
    "Home": [("Enter", "review the highlighted deck"), ("c", "cram (practice, schedule kept)"),
             ("d", "drafts inbox"), ("a", "add a card"), ("/", "browse and search"),
             ("t", "stats"), ("i", "import the bundled deck (drafts or study)"), ("q", "quit")],
    "Review": [("Space, Enter", "show the answer; once shown, Good"),
               ("0-5", "grade (see below; 1-4 with answer_keys anki)"),
               ("u", "undo the last answer, bury or suspension"),
               ("s", "source: the quote in its context"),
               ("e", "edit the card"), ("!", "suspend the card"),
               ("b", "bury until tomorrow"), ("q, Esc", "end with a summary")],
    "Drafts": [("a", "accept (becomes a new card)"), ("e", "edit, then accept"),
               ("r", "reject for good"), ("u", "undo the last decision (this session)"),
               ("s", "source: the quote in its context"), ("← →", "previous / next draft"),
               ("q, Esc", "back home")],
    "Browse": [("type", "search at once (the box has focus)"),
               ("Enter, ↓, Tab", "from the search box to the list"),
               ("/", "back to the search box"), ("o / O", "change sort / reverse it"),
               ("Enter", "open: edit, suspend, delete"), ("m", "more rows"),
               ("Space / *", "mark a card / every match"),
               ("b", "act on the marked cards"), ("u", "undo the last bulk action"),
               ("T", "the trash (r restores a card)")],
    "Add / edit": [("Ctrl+S", "save"), ("Ctrl+K", "turn the selection into a cloze"),
                   ("Esc", "cancel")],
}


def help_content() -> Content:
    parts: list[Content] = []
    for section, keys in KEYS.items():
        parts.append(Content.styled(section, "bold $accent"))
        parts += [Content.assemble((f"  {key:<14}", "bold"), text) for key, text in keys]
        parts.append(Content(""))
    parts.append(Content.styled("Grades (SM-2)", "bold $accent"))
    parts += [Content.assemble((f"  {grade:<14}", "bold"), meaning)
              for grade, meaning in GRADE_MEANINGS.items()]
    parts.append(Content.styled(
        "  Below 4, a card comes back later in the same session until you know it.", "dim"))
    return Content("\n").join(parts)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(help_content(), markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#help-box").border_title = "Keys"
