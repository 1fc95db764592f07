"""The source view: the card's quote in the lines around it, with author and file:line.

This is where cards drafted from writing earn their keep: one key shows where a
fact came from. The corpus file may have moved; then the stored quote still shows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from cards.collection import SourceContext
from cards.tui import safe

#: What stands for hidden answer words, as the cloze gap does on the front.
MASK = "[...]"
#: What stands for a quote that holds the answer of a card not revealed yet.
QUOTE_MASK = "[the quote is hidden until you show the answer]"


@dataclass(frozen=True, slots=True)
class Hidden:
    """What the source view keeps out of sight while the card's answer is not shown:
    the answer's words wherever they appear, and for a basic card the quote itself
    (its answer was written from it)."""

    words: tuple[str, ...] = ()
    quote: bool = False

    @classmethod
    def answer_of(cls, card_type: str, answers: Sequence[str]) -> Hidden:
        return cls(tuple(a for a in answers if a.strip()), quote=card_type == "basic")

    def mask(self, text: str) -> str:
        """`text` with every answer word run replaced by the gap (case-insensitive)."""
        for word in sorted(self.words, key=len, reverse=True):
            text = re.sub(re.escape(word), MASK, text, flags=re.IGNORECASE)
        return text


NOTHING_HIDDEN = Hidden()


def context_content(context: SourceContext, width: int = 0,
                    hidden: Hidden = NOTHING_HIDDEN) -> Content:
    """Numbered lines, the quoted line marked and the quote itself highlighted.

    With `width`, long lines wrap under their text (a hanging indent), so the
    line numbers stay in a clean column. Card and corpus text stay literal.
    `hidden`: what must not show yet (the answer, before the card is revealed).
    """
    quote = context.source.quote or "(no quote stored)"
    stored = Content.styled(QUOTE_MASK, "italic $accent") if hidden.quote and \
        context.source.quote else safe.text(hidden.mask(quote))
    if context.refused is not None:
        return Content.assemble(
            ("source file not shown: ", "bold $error"), safe.line(context.refused), "\n",
            ("only files inside the deck's corpus folder are opened", "dim"), "\n\n",
            ("Quote: ", "bold"), stored)
    if context.path is None or not context.lines:
        return Content.assemble(("source file not available", "italic $warning"), " (",
                                safe.line(context.source.file), ")\n\n", ("Quote: ", "bold"),
                                stored)
    gutter_width = len(str(context.lines[-1][0]))
    text_width = max(20, width - gutter_width - 3) if width else 0
    first, last = quote_lines(context)
    out: list[Content] = []
    for number, text in context.lines:
        is_quote = first <= number <= last
        body = _mark_quote(text, context.source.quote, hidden) if is_quote else \
            safe.text(hidden.mask(text))
        pieces = body.wrap(text_width) if text_width and text else [body]
        for index, piece in enumerate(pieces):
            label = f"{number:>{gutter_width}}" if index == 0 else " " * gutter_width
            gutter = Content.styled(f"{label} │ ", "bold $accent" if is_quote else "dim")
            out.append(gutter + piece)
    return Content("\n").join(out)


def quote_lines(context: SourceContext) -> tuple[int, int]:
    """The file lines the quote spans from its cited line: a quote is the visible text of
    its file (markup, wraps and entities left out), so it may run over several lines."""
    line = context.source.line
    if context.path is None or not context.source.quote:
        return line, line
    from pathlib import Path

    from cards.corpus.locate import visible_lines

    try:
        found = visible_lines(Path(context.path), context.source.quote, near=line)
    except (OSError, ValueError):
        found = None
    if found is None or abs(found[0] - line) > 5:
        return line, line
    return line, max(line, found[1])


def quote_row(content: Content, context: SourceContext) -> int:
    """The row of the drawn context where the quoted line starts (to scroll it into view)."""
    if not context.lines:
        return 0
    width = len(str(context.lines[-1][0]))
    marker = f"{context.source.line:>{width}} │"
    for row, line in enumerate(content.plain.split("\n")):
        if line.startswith(marker):
            return row
    return 0


def quote_rows(content: Content, context: SourceContext) -> tuple[int, int]:
    """First and last row of the quoted line as drawn (a long line wraps over several)."""
    first = quote_row(content, context)
    if not context.lines:
        return first, first
    rows = content.plain.split("\n")
    blank = " " * len(str(context.lines[-1][0])) + " │"
    last = first
    while last + 1 < len(rows) and rows[last + 1].startswith(blank):
        last += 1
    return first, last


def scroll_target(first: int, last: int, height: int) -> int:
    """Where to scroll so the quoted rows show: two lines of context above it if
    everything fits, else as much of the quote as the view holds, from its start."""
    if height <= 0:
        return max(0, first - 2)
    top = max(0, first - 2)
    if last >= top + height:  # the end would be cut off: give up the context above
        top = max(0, min(first, last - height + 1))
    return top


def _mark_quote(text: str, quote: str, hidden: Hidden = NOTHING_HIDDEN) -> Content:
    """Highlight the quoted words in their line (the whole line if they are not found:
    the visible-text quote differs from the raw line, or spans several). A quote that
    is `hidden` shows as a placeholder, its answer words as gaps."""
    start = text.find(quote) if quote else -1
    if start < 0:
        if hidden.quote:
            return Content.styled(QUOTE_MASK, "italic $accent")
        return safe.text(hidden.mask(text), "bold")
    end = start + len(quote)
    marked = (Content.styled(QUOTE_MASK, "italic $accent") if hidden.quote else
              safe.text(hidden.mask(text[start:end]), "bold underline $accent"))
    if not hidden.quote and not hidden.words:
        return safe.spans(text, [(start, end)], "bold underline $accent")
    return Content.assemble(safe.text(hidden.mask(text[:start])), marked,
                            safe.text(hidden.mask(text[end:])))


def heading(context: SourceContext) -> Content:
    source = context.source
    who = safe.line(source.author, "bold") if source.author else Content.styled(
        "unknown author", "bold")
    return Content.assemble(who, "  ", safe.line(f"{source.file}:{source.line}", "dim"))


class SourceScreen(ModalScreen[None]):
    """A modal over the reviewer or the drafts inbox; any of Esc, s or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,s,q", "dismiss", "Close")]

    def __init__(self, context: SourceContext | None, hidden: Hidden = NOTHING_HIDDEN) -> None:
        super().__init__()
        self.context = context
        self.hidden = hidden

    def compose(self) -> ComposeResult:
        with Vertical(id="source-box"):
            yield Static(markup=False, id="source-heading")
            with VerticalScroll(id="source-scroll"):
                yield Static(markup=False, id="source-text")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.app.clear_notifications()  # a toast would cover the lines around the quote
        box = self.query_one("#source-box")
        box.border_title = "Source"
        if self.context is None:
            self.query_one("#source-text", Static).update(
                Content.styled("This card has no source: it was written by hand.", "italic"))
            return
        self.query_one("#source-heading", Static).update(heading(self.context))
        self.call_after_refresh(self._draw_context)

    def on_resize(self) -> None:
        self.call_after_refresh(self._draw_context)

    def _draw_context(self) -> None:
        if self.context is None:
            return
        text = self.query_one("#source-text", Static)
        content = context_content(self.context, text.content_region.width, self.hidden)
        text.update(content)
        first, last = quote_rows(content, self.context)
        scroll = self.query_one("#source-scroll", VerticalScroll)
        self.call_after_refresh(lambda: scroll.scroll_to(
            y=scroll_target(first, last, scroll.scrollable_content_region.height),
            animate=False))
