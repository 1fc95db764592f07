"""A file's decoded text and the builder that turns its pieces into Blocks.

Why one builder for every format: each reader finds the visible text its library gives it
(a markdown-it token, a docutils node, an lxml text node, a pylatexenc node) and where
that text sits in the file; the builder collapses whitespace, records the inline spans,
and keeps the offset map short (one run per stretch of consecutive source characters on
one line), so ``Block.line_at`` is exact wherever a reader knows the position.

Where a library does not say where its text came from (markdown-it's inline tokens,
docutils' text nodes, lxml's text), ``SourceText.align`` finds each visible word in the
file near where the reader says the text begins: exact for words that appear verbatim,
and at worst the previous word's position for a word the file spells differently (an
entity, an escape).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from cards.corpus.blocks import Block, BlockKind, OffsetMap, Span, SpanKind

_WORDS_RE = re.compile(r"\S+")
def _single_spaced(text: str) -> bool:
    return "  " not in text and text.isprintable()


_CLOSERS = frozenset(".,;:!?)]}”’")
_PIECES_RE = re.compile(r"\S+|\s+")
#: How far ahead of the cursor a visible word is searched for in the file.
ALIGN_WINDOW = 4000


class SourceText:
    """A file's normalised text, with line starts for offset -> (line, column)."""

    __slots__ = ("first_line", "starts", "text")

    def __init__(self, text: str, first_line: int = 1) -> None:
        self.text = text
        self.first_line = first_line
        """The file line of ``text``'s first line (a chunk of a big file starts later)."""
        starts = [0]
        find = text.find
        pos = find("\n")
        while pos >= 0:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self.starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        """(1-based file line, 0-based column) of character ``offset``."""
        k = bisect_right(self.starts, offset) - 1
        return self.first_line + k, offset - self.starts[k]

    def line_offset(self, line: int) -> int:
        """The offset where 1-based file ``line`` starts (clamped to the text)."""
        k = min(max(line - self.first_line, 0), len(self.starts) - 1)
        return self.starts[k]

    def line_count(self) -> int:
        return len(self.starts)


@dataclass(slots=True)
class BlockBuilder:
    """Collects one block's visible text, spans and offset runs."""

    src: SourceText
    parts: list[str] = field(default_factory=list)
    length: int = 0
    run_starts: list[int] = field(default_factory=list)
    run_offsets: list[int] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    _open: list[tuple[SpanKind, int]] = field(default_factory=list)
    _last_end: int = -1  # file offset just after the last visible character added
    _space: bool = False  # a space is owed before the next word
    _dropped: bool = False  # something invisible (math, a mark) was left out just before
    gaps: list[int] = field(default_factory=list)  # text indices where a formula was left out

    def _run(self, offset: int) -> None:
        """Start a run at the current text index unless ``offset`` continues the last one."""
        if self.run_starts:
            expected = self.run_offsets[-1] + (self.length - self.run_starts[-1])
            if offset == expected and self.src.text.find("\n", self._last_end, offset) < 0:
                return
        self.run_starts.append(self.length)
        self.run_offsets.append(offset)

    def _emit(self, word: str, offset: int) -> None:
        if self._dropped and word[:1] == "," and self.parts and self.parts[-1].endswith(","):
            # "The matrix, $C$, is": the commas framed what was dropped -> "The matrix is"
            self.parts[-1] = self.parts[-1][:-1]
            self.length -= 1
            self._last_end -= 1
            word, offset = word[1:], offset + 1
            self._dropped = False
            if not word:
                return
        if self._space and self.length and not (self._dropped and word[0] in _CLOSERS):
            self.parts.append(" ")
            self.length += 1
        self._space = self._dropped = False
        self._run(offset)
        self.parts.append(word)
        self.length += len(word)
        self._last_end = offset + len(word)

    def dropped(self, formula: bool = False) -> None:
        """Something invisible was left out here (math, a reference mark): a space before
        it is not owed to a closing punctuation mark after it ("see [1]." -> "see.").
        A left-out ``formula`` is also recorded as one of the block's gaps."""
        self._dropped = True
        if formula and self.length and (not self.gaps or self.gaps[-1] != self.length):
            self.gaps.append(self.length)

    def space(self) -> None:
        """A word break (a collapsed run of whitespace, a soft line break)."""
        self._space = True

    def add(self, text: str, offset: int) -> None:
        """Visible text that the file holds verbatim at ``offset`` (whitespace collapsed).
        A hard-wrapped text is added line by line, each line one run when it can be."""
        if "\n" not in text:
            self._add_line(text, offset)
            return
        at = 0
        for line in text.split("\n"):
            if at:
                self._space = True
            self._add_line(line, offset + at)
            at += len(line) + 1

    def _add_line(self, text: str, offset: int) -> None:
        stripped = text.strip()
        if stripped and _single_spaced(stripped):  # the common case: one run at once
            lead = len(text) - len(text.lstrip())
            self._space = self._space or lead > 0
            self._emit(stripped, offset + lead)
            self._space = len(stripped) + lead < len(text)
            return
        for match in _PIECES_RE.finditer(text):
            piece = match.group()
            if piece[0].isspace():
                self._space = True
            else:
                self._emit(piece, offset + match.start())

    def add_at(self, text: str, offset: int) -> None:
        """Visible text that does not appear verbatim (a decoded entity, a symbol): every
        word is placed at ``offset``."""
        for match in _PIECES_RE.finditer(text):
            piece = match.group()
            if piece[0].isspace():
                self._space = True
            else:
                self._emit(piece, offset)
                self.run_starts.append(self.length)  # what follows starts a new run
                self.run_offsets.append(offset)

    def align(self, text: str, cursor: int, window: int = ALIGN_WINDOW) -> int:
        """Add visible ``text`` whose words lie in the file from ``cursor`` on, finding each
        word there; returns the cursor after the last word found.  A hard-wrapped text is
        found line by line (each line whole when the file has it verbatim)."""
        if "\n" in text:
            for n, line in enumerate(text.split("\n")):
                if n:
                    self._space = True
                cursor = self._align_line(line, cursor, window)
            return cursor
        return self._align_line(text, cursor, window)

    def _align_line(self, text: str, cursor: int, window: int) -> int:
        if text[:1].isspace():
            self._space = True
        find = self.src.text.find
        stripped = text.strip()
        if stripped and _single_spaced(stripped):  # found whole: one run at once
            pos = find(stripped, cursor, cursor + window + len(stripped))
            if pos >= 0:
                self._emit(stripped, pos)
                self._space = self._space or text[-1:].isspace()
                return pos + len(stripped)
        for match in _WORDS_RE.finditer(text):
            word = match.group()
            pos = find(word, cursor, cursor + window + len(word))
            if match.start() and text[match.start() - 1].isspace():
                self._space = True
            if pos >= 0:
                self._emit(word, pos)
                cursor = pos + len(word)
            else:
                self.add_at(word, min(cursor, max(len(self.src.text) - 1, 0)))
        if text[-1:].isspace():
            self._space = True
        return cursor

    def open(self, kind: SpanKind) -> None:
        """Start an inline mark at the next visible character."""
        start = self.length + (1 if self._space and self.length else 0)
        self._open.append((kind, start))

    def close(self, kind: SpanKind) -> None:
        """End the innermost open mark of ``kind``."""
        for k in range(len(self._open) - 1, -1, -1):
            if self._open[k][0] == kind:
                _, start = self._open.pop(k)
                if self.length > start:
                    self.spans.append(Span(kind, start, self.length))
                return

    @property
    def empty(self) -> bool:
        return self.length == 0

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def offsets(self) -> OffsetMap:
        lines: list[int] = []
        cols: list[int] = []
        for offset in self.run_offsets:
            line, col = self.src.position(offset)
            lines.append(line)
            cols.append(col)
        return OffsetMap(tuple(self.run_starts), tuple(lines), tuple(cols))

    def build(self, file: str, kind: BlockKind, **extra: object) -> Block | None:
        """The block, or None if nothing visible was added."""
        if not self.length:
            return None
        while self._open:
            self.close(self._open[-1][0])
        return Block(file=file, kind=kind, text=self.text, offsets=self.offsets(),
                     spans=tuple(sorted(self.spans, key=lambda s: (s.start, -s.end))),
                     gaps=tuple(g for g in self.gaps if g <= self.length),
                     **extra)  # type: ignore[arg-type]
