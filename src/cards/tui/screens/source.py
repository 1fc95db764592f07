"""The source view: the card's quote in the lines around it, with author and file:line.

This is where cards drafted from writing earn their keep: one key shows where a
fact came from. The corpus file may have moved; then the stored quote still shows.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from cards.collection import SourceContext


def context_content(context: SourceContext) -> Content:
    """Numbered lines, the quoted line highlighted; literal text throughout."""
    if context.path is None or not context.lines:
        quote = context.source.quote or "(no quote stored)"
        return Content.assemble(("source file not available", "italic $warning"),
                                f" ({context.source.file})\n\n", ("Quote: ", "bold"), quote)
    width = len(str(context.lines[-1][0]))
    out: list[Content] = []
    for number, text in context.lines:
        is_quote = number == context.source.line
        gutter = Content.styled(f"{number:>{width}} │ ", "bold $accent" if is_quote else "dim")
        body = Content(text).stylize("bold", 0) if is_quote else Content(text)
        out.append(gutter + body)
    return Content("\n").join(out)


def heading(context: SourceContext) -> Content:
    source = context.source
    who = source.author or "unknown author"
    return Content.assemble((who, "bold"), "  ", (f"{source.file}:{source.line}", "dim"))


class SourceScreen(ModalScreen[None]):
    """A modal over the reviewer or the drafts inbox; any of Esc, s or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,s,q", "dismiss", "Close")]

    def __init__(self, context: SourceContext | None) -> None:
        super().__init__()
        self.context = context

    def compose(self) -> ComposeResult:
        with Vertical(id="source-box"):
            yield Static(markup=False, id="source-heading")
            with VerticalScroll(id="source-scroll"):
                yield Static(markup=False, id="source-text")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        box = self.query_one("#source-box")
        box.border_title = "Source"
        if self.context is None:
            self.query_one("#source-text", Static).update(
                Content.styled("This card has no source: it was written by hand.", "italic"))
            return
        self.query_one("#source-heading", Static).update(heading(self.context))
        self.query_one("#source-text", Static).update(context_content(self.context))
