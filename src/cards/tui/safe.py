"""Text from files and the database as Textual `Content`, made visible first.

Every string the TUI did not write itself (card text, deck names, authors, corpus
lines, file names, error messages that quote them) reaches the screen through these
helpers, so it passes `cards.textsafe` exactly once: an ``ESC]52`` in a corpus line
shows as ``^[]52`` instead of rewriting the clipboard, U+202E as ``<U+202E>``
instead of reversing the line. `Content` (never markup) keeps brackets literal too.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

from textual.content import Content

from cards.textsafe import one_line, visible

__all__ = ["line", "spans", "text"]


def text(value: str, style: str = "") -> Content:
    """Multi-line text (a card back, a corpus line): newlines and tabs kept."""
    return Content.styled(visible(value), style) if style else Content(visible(value))


def line(value: str, style: str = "") -> Content:
    """A name, path, author or id: newlines become placeholders too, so it never
    breaks the line it is shown in."""
    return Content.styled(one_line(value), style) if style else Content(one_line(value))


def spans(value: str, marked: Iterable[tuple[int, int]], style: str) -> Content:
    """`value` with the character ranges `marked` (offsets into the raw text) styled.

    A placeholder is longer than the character it stands for, so offsets into the
    raw text do not hold in the visible one: each piece between span edges is made
    visible on its own and styled as a whole.
    """
    ranges = sorted((max(0, a), min(len(value), b)) for a, b in marked if b > a)
    edges = sorted({0, len(value), *(e for r in ranges for e in r)})
    pieces: list[Content] = []
    for start, end in pairwise(edges):
        inside = any(a <= start and end <= b for a, b in ranges)
        pieces.append(text(value[start:end], style if inside else ""))
    return Content("").join(pieces) if pieces else Content("")
