"""The generic dialect of plain text: paragraphs between blank lines, hard wraps joined.

Project Gutenberg files carry a header up to ``*** START OF ...`` and a licence from
``*** END OF ...`` on; both are boilerplate and are dropped.  A one-line paragraph that
reads as a title (short, no closing punctuation, capitals or a chapter number) is a
heading; lines opening with a list marker are list items.  The dialect keeps state across
calls so a big file can be fed to it in chunks that end at a blank line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from cards.corpus.blocks import Block, BlockKind
from cards.corpus.source import BlockBuilder, SourceText

_GUTENBERG_START_RE = re.compile(r"^\*{3}\s*START OF (?:THIS|THE) PROJECT GUTENBERG", re.I)
_GUTENBERG_END_RE = re.compile(
    r"^(?:\*{3}\s*END OF (?:THIS|THE) PROJECT GUTENBERG|End of (?:the )?Project Gutenberg)",
    re.I)
_PRODUCED_RE = re.compile(r"^(?:Produced by|E-text prepared by|Transcribed by)\b", re.I)
_LIST_RE = re.compile(r"^\s*(?:[-*•]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s+")
_HEADING_RE = re.compile(
    r"^(?:(?:CHAPTER|BOOK|PART|SECTION|Chapter|Book|Part|Section)\s+[\dIVXLC]+\b.*"
    r"|[IVXLC]{1,7}\.?|\d{1,3}\.?(?:\s.*)?)$")


def looks_like(text: str) -> bool:
    """Every text is generic text."""
    return True


@dataclass(slots=True)
class GenericDialect:
    """Blocks of one plain-text file, fed whole or in blank-line-ended chunks."""

    file: str
    gutenberg: bool = False  # a START line was seen: the header so far was boilerplate
    ended: bool = False  # an END line was seen: the rest is the licence
    heading: str | None = None
    unwrapped: bool | None = None  # one paragraph per line (decided on the first chunk)

    def feed(self, src: SourceText) -> Iterator[Block]:
        text = src.text
        lines = text.split("\n")
        if not self.gutenberg and src.first_line == 1:
            start = next((k for k, line in enumerate(lines[:400])
                          if _GUTENBERG_START_RE.match(line)), None)
            if start is not None:
                self.gutenberg = True
                lines[: start + 1] = [""] * (start + 1)
        if self.unwrapped is None:
            self.unwrapped = _unwrapped(lines)
        paragraph: list[int] = []
        for index, line in enumerate([*lines, ""]):
            if self.ended:
                break
            if index < len(lines) and _GUTENBERG_END_RE.match(line):
                self.ended = True
            if index < len(lines) and line.strip() and not self.ended:
                paragraph.append(index)
                if not self.unwrapped:
                    continue
            if paragraph:
                yield from self._paragraph(src, lines, paragraph)
                paragraph = []

    def _paragraph(self, src: SourceText, lines: list[str], rows: list[int]) -> Iterator[Block]:
        if self.gutenberg and _PRODUCED_RE.match(lines[rows[0]].strip()):
            return
        groups: list[list[int]] = []
        for row in rows:  # a list marker starts an item of its own
            if not groups or _LIST_RE.match(lines[row]):
                groups.append([row])
            else:
                groups[-1].append(row)
        for group in groups:
            mark = _LIST_RE.match(lines[group[0]])
            builder = BlockBuilder(src)
            for n, row in enumerate(group):
                skip = mark.end() if n == 0 and mark else 0
                builder.space()
                builder.add(lines[row][skip:], src.starts[row] + skip)
            kind: BlockKind = "list_item" if mark else (
                "heading" if len(group) == 1 and len(rows) == 1 and _is_title(builder.text)
                else "paragraph")
            block = builder.build(self.file, kind, heading=self.heading,
                                  level=1 if kind != "paragraph" else 0)
            if block is None:
                continue
            if kind == "heading":
                self.heading = block.text
            yield block


def _unwrapped(lines: list[str]) -> bool:
    """True if the text is not hard-wrapped: many lines are longer than any wrap width."""
    sized = [len(line) for line in lines[:5000] if line.strip()]
    return bool(sized) and sum(n > 110 for n in sized) > 0.3 * len(sized)


def _is_title(text: str) -> bool:
    """A short line that is not a sentence: capitals, or a chapter number."""
    if len(text) > 80 or (text[-1:] in ".,;:!?\"'”’)" and not _HEADING_RE.match(text)):
        return False
    letters = [c for c in text if c.isalpha()]
    words = [w for w in text.split() if w[:1].isalpha()]
    title_case = 1 <= len(words) <= 8 and all(
        w[0].isupper() or w.lower() in _SMALL_WORDS for w in words) and words[0][0].isupper()
    return bool(_HEADING_RE.match(text)) or title_case or (
        len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.8 * len(letters))


_SMALL_WORDS = frozenset({"a", "an", "and", "the", "of", "in", "on", "to", "for", "or",
                          "with", "by", "at", "from", "as", "vs"})
