"""Blocks of visible text: what every format reader produces and the extractor consumes.

Why a block and not a raw line: real writing wraps one paragraph over several lines,
marks its terms with emphasis or markup, and hides chrome (menus, code, comments) that
must never reach a card.  A reader turns a file into the text a person *sees*, one block
per heading, paragraph, list item, quote or callout, footnote, definition entry, caption
or table cell, keeps the inline marks as spans, and keeps an offset map from every
visible character back to the file's line and column, so each card still cites
``file:line``.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal[
    "heading", "paragraph", "list_item", "quote", "callout", "footnote", "definition",
    "caption", "table_cell",
]
"""What a block is in its document; the extractor weighs definitions and callouts
higher, and never quotes a heading as a sentence."""

SpanKind = Literal["emphasis", "strong", "code", "link", "term", "quoted"]
"""An inline mark on visible text.  ``term`` is a format's own defined-term markup
(LaTeX ``\\term{}``, a definition-list term, an HTML ``<dfn>``)."""


@dataclass(frozen=True, slots=True)
class Span:
    """An inline mark over ``Block.text[start:end]``."""

    kind: SpanKind
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Where each visible character came from, as runs of consecutive source characters.

    ``starts[k]`` is the text index where run ``k`` begins; that character sits at
    ``lines[k]`` (1-based) and ``cols[k]`` (0-based) in the file, and the following
    characters of the run follow it on the same line.  Readers add a run wherever the
    visible text jumps (a joined line break, dropped markup, a decoded entity).
    """

    starts: tuple[int, ...] = ()
    lines: tuple[int, ...] = ()
    cols: tuple[int, ...] = ()

    def position(self, index: int) -> tuple[int, int]:
        """(line, column) in the file of visible character ``index``."""
        if not self.starts:
            return (1, 0)
        k = max(bisect_right(self.starts, index) - 1, 0)
        return (self.lines[k], self.cols[k] + max(index - self.starts[k], 0))

    def line(self, index: int) -> int:
        """The 1-based file line of visible character ``index``."""
        return self.position(index)[0]


@dataclass(slots=True)
class Block:
    """One unit of visible text with its marks and its way back to the file."""

    file: str
    """The file's path relative to the corpus folder, with ``/`` separators."""
    kind: BlockKind
    text: str
    """Visible text: markup removed, hard wraps joined, whitespace collapsed."""
    offsets: OffsetMap
    spans: tuple[Span, ...] = ()
    author: str | None = None
    """Who wrote it, where the page says (a comment's header, a post's byline)."""
    heading: str | None = None
    """The visible text of the nearest enclosing section heading."""
    term: str | None = None
    """For a definition entry, glossary item or titled callout: the term it defines."""
    level: int = 0
    """Heading level (1 = top) or list nesting depth."""
    tags: tuple[str, ...] = field(default_factory=tuple)
    """Reader-specific hints (e.g. ``"admonition:note"``), for dialect rules."""
    title: str | None = None
    """The document's title (its metadata's, else its first heading): the context of a
    block that sits under no heading."""
    gaps: tuple[int, ...] = ()
    """Indices in ``text`` where an inline formula was left out ("the conditional
    distribution $P(y|x)$ does" -> a gap after "distribution"): words just before one may
    need the formula to mean what the text says."""

    def line_at(self, index: int) -> int:
        """The file line where visible character ``index`` lies."""
        return self.offsets.line(index)

    @property
    def line(self) -> int:
        """The file line where the block starts."""
        return self.offsets.line(0)
