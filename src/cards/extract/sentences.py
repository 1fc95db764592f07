"""Split blocks of visible text into sentences, keeping offsets into ``Block.text``.

A hand-written splitter, on purpose: readers already cut a document into paragraphs,
list items and definition entries, so only in-block boundaries are left, and a short
regex with an abbreviation list finds them in milliseconds (pysbd costs ~0.6 s on the
seeds alone).  A sentence is a pair of offsets into its block's text, so a card's quote
is always the visible text and its file line comes from the block's offset map.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from cards.corpus.blocks import Block, Span

#: A sentence end: ., ! or ? (closing quotes/brackets go with it), then space, then
#: something that can open a sentence.  A footnote marker glued after the stop
#: ("process.[1] Next") belongs to neither sentence.
_BOUNDARY_RE = re.compile(
    r"(?<=[.!?])(?P<marker>\[\d{1,3}\])?[\"”’')\]]*\s+(?:[-–—] (?=[A-Z]))?"
    r"(?=[\"“'‘(\[]?[A-Za-z0-9])")
_END_MARKER_RE = re.compile(r"(?<=[.!?])\[\d{1,3}\]$")
ABBREVIATIONS = frozenset(
    {"e.g", "i.e", "eg", "ie", "etc", "vs", "dr", "mr", "mrs", "ms", "al", "cf", "w.r.t",
     "wrt", "approx", "fig", "figs", "no", "st", "jr", "sr", "inc", "ltd", "resp", "u.s", "ca",
     "eq", "eqs", "sec", "ch", "p", "pp", "vol", "viz", "prof", "ed", "cp"}
)
#: No abbreviation or list number is longer than this; looking further back only costs time.
_MAX_TOKEN = 24


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: ``block.text[start:end]``; ``index`` orders sentences corpus-wide."""

    block: Block
    start: int
    end: int
    index: int

    @property
    def text(self) -> str:
        return self.block.text[self.start:self.end]

    @property
    def line(self) -> int:
        """The file line where the sentence starts."""
        return self.block.line_at(self.start)

    def spans(self) -> list[tuple[Span, str]]:
        """The block's inline marks inside this sentence, with their visible text."""
        text = self.block.text
        return [(s, text[s.start:s.end]) for s in self.block.spans
                if s.start >= self.start and s.end <= self.end and s.end > s.start]


def _token_start(text: str, dot: int) -> int:
    start = dot
    floor = max(0, dot - _MAX_TOKEN)
    while start > floor and (text[start - 1].isalnum() or text[start - 1] in "._"):
        start -= 1
    return start


def _is_abbreviation(text: str, dot: int) -> bool:
    """True if the full stop at ``dot`` ends an abbreviation, an initial or a list number."""
    start = _token_start(text, dot)
    if start == dot:
        return False
    token = text[start:dot].lower().rstrip(".")
    if len(token) == 1 and token.isalpha():
        return _is_initial(text, start, dot)
    return token in ABBREVIATIONS or (token.isdigit() and start == 0)


_WORD_BEFORE_RE = re.compile(r"([A-Za-z]+)\W*$")
_WORD_AFTER_RE = re.compile(r"\W*([A-Za-z]+)")
#: Words that open a sentence and never follow an initial ("goal set S. The next ...").
_OPENERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "it", "we", "i",
                      "in", "if", "so", "but", "and", "then", "there", "they", "for", "as",
                      "when", "our", "its", "thus", "hence", "now", "here", "however", "note"})


def _is_initial(text: str, start: int, dot: int) -> bool:
    """A one-letter token before a stop is an initial ("J. Smith", "John F. Kennedy")
    unless it closes a clause: a lower-case word before it and a sentence opener after
    ("... for any goal set S. The conjecture says ...")."""
    before = _WORD_BEFORE_RE.search(text[max(0, start - 30):start])
    after = _WORD_AFTER_RE.match(text, dot + 1)
    if before is None or after is None:
        return True
    return not (before.group(1)[:1].islower() and after.group(1).lower() in _OPENERS)


def split(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of one block; surrounding whitespace is excluded."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY_RE.finditer(text):
        end = match.start()
        quote_end = end + len(match.group(0).rstrip().rstrip("-–—").rstrip())
        if match.group("marker"):
            quote_end = end
        if text[end - 1] == "." and _is_abbreviation(text, end - 1):
            continue
        if text[end - 1] in "?!" and end == match.start() and text[match.end():][:1].islower():
            continue  # "the good-enough? procedure": a name ending in "?", not a question
        spans.append((start, quote_end))
        start = match.end()
    if start < len(text):
        last = text.rstrip()
        marker = _END_MARKER_RE.search(last, start)
        spans.append((start, marker.start() if marker else len(last)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        if e > s:
            out.append((s, e))
    return out


#: A heading that glosses its term ("Quasi-Newton methods: approximating the Hessian on
#: the fly"): the one kind of heading that says what something is or does.
_GLOSS_HEADING_RE = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s+)?[A-Za-z][^:]{2,60}:\s+(?!(?:during|"
                               r"nothing|something|anything|everything|being)\b)[a-z]+ing\b"
                               r"[^:]{4,100}$")


def sentences_of(blocks: Iterable[Block]) -> list[Sentence]:
    """Every sentence of every block that can hold prose (headings are not sentences,
    except one that glosses its term: "Newton methods: using the Hessian")."""
    out: list[Sentence] = []
    for block in blocks:
        if block.kind == "heading":
            if _GLOSS_HEADING_RE.match(block.text):
                out.append(Sentence(block, 0, len(block.text.rstrip()), len(out)))
            continue
        for start, end in split(block.text):
            out.append(Sentence(block, start, end, len(out)))
    return out
