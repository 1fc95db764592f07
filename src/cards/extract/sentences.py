"""Split passages into sentences and decide which ones may become card text.

A hand-written splitter, on purpose.  Passages are already single paragraphs (one line of
the file), so only in-line boundaries are left, and a short regex with an abbreviation
list handles them in a few milliseconds for the whole seed corpus.  pysbd is more
careful but costs ~0.6 s (most of our 1 s budget); syntok merges across line breaks that
we have already split on; blingfire mis-splits list numbers.  Spans are kept as offsets so
every sentence stays an exact substring of its file line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cards.corpus import Passage

#: A sentence end; a footnote marker after it ("...process.[1] In ...") and a dash that
#: opens a list item in the same line ("... perturbations. - Sensitive directions: ...")
#: belong to neither sentence.
_BOUNDARY_RE = re.compile(
    r"(?<=[.!?])(?P<marker>\[\d{1,2}\])?[\"”’')\]]*\s+(?:- (?=[A-Z]))?"
    r"(?=[\"“'‘(\[]?[A-Z0-9])")
_END_MARKER_RE = re.compile(r"(?<=[.!?])\[\d{1,2}\]$")
_ABBREVIATIONS = frozenset(
    {"e.g", "i.e", "eg", "ie", "etc", "vs", "dr", "mr", "mrs", "ms", "al", "cf", "w.r.t",
     "wrt", "approx", "fig", "no", "st", "jr", "sr", "inc", "ltd", "resp", "u.s", "ca"}
)
_URL_RE = re.compile(r"https?://\S+|www\.\S+|\b\S+\.(?:com|org|net|io|xyz|ai)/\S*")
_FOOTNOTE_RE = re.compile(r"\[\d{1,2}\]|\[\.\.\.?\]|\s\^(?:\s|$)")
# Holes left where math was stripped: "the variance of is equal", "explain why .",
# "tokens  and", "( and setting ): .".
_HOLE_RES = (
    re.compile(r"\w\s+[.,;:)](?:\s|$)"),
    re.compile(r"\S  +\S"),
    re.compile(r"\(\s"),
    re.compile(
        r"\b(?:of|if|the|an?|than|shows?|subtract|equals?)\s+"
        r"(?:is|are|was|were|equals?|but|or|and|from|as)\b",
        re.IGNORECASE),
    # "the frequency you start from is usually called X": a relative clause ending in a
    # preposition, then a naming verb, is prose, not a stripped formula
    re.compile(
        r"\b(?:to|from|by|with|at|for)\s+(?:is|are|was|were|equals?|but|or|and|from|as)\b"
        r"(?!\s+(?:usually |often |commonly |sometimes |also )?(?:called|known as|named)\b)",
        re.IGNORECASE),
    re.compile(r"\b(?:shows?|showed|predict|predicts|find|finds)\s+(?:for|but)\b"),
    re.compile(r"[=<>≈]\s*$"),
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a passage, with its offsets in the passage text."""

    passage: Passage
    start: int
    end: int
    index: int  # position in the corpus, for a stable order
    clean: bool = False  # may be shown on a card (``is_clean``), decided once


    @property
    def text(self) -> str:
        return self.passage.text[self.start:self.end]


#: No abbreviation or list number is longer than this; looking further back only costs time.
_MAX_TOKEN = 24


def _token_start(text: str, dot: int) -> int:
    """Start of the word (letters, digits, dots) that ends at ``dot``, looking back at most
    `_MAX_TOKEN` characters so that a long line is split in linear time."""
    start = dot
    floor = max(0, dot - _MAX_TOKEN)
    while start > floor and (text[start - 1].isalnum() or text[start - 1] in "._"):
        start -= 1
    return start


def _is_abbreviation(text: str, dot: int) -> bool:
    """True if the full stop at ``dot`` ends an abbreviation or a list number, not a sentence."""
    start = _token_start(text, dot)
    if start == dot:
        return False
    token = text[start:dot].lower().rstrip(".")
    return token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()) or (
        token.isdigit() and start == 0)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of one paragraph; whitespace is not part of a span."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY_RE.finditer(text):
        end = match.start()
        quote_end = end + len(match.group(0).rstrip().removesuffix("-").rstrip())
        if match.group("marker"):
            quote_end = end  # "...in the process.[1]": the marker is not part of the quote
        if text[end - 1] == "." and _is_abbreviation(text, end - 1):
            continue
        spans.append((start, quote_end))
        start = match.end()
    if start < len(text):
        last = text.rstrip()
        marker = _END_MARKER_RE.search(last, start)
        spans.append((start, marker.start() if marker else len(last)))
    return [(s, e) for s, e in spans if e > s]


def strip_urls(text: str) -> str:
    """The text with URLs blanked (same length, so offsets still hold)."""
    return _URL_RE.sub(lambda m: " " * len(m.group(0)), text)


def sentences_of(passages: list[Passage]) -> list[Sentence]:
    """Every sentence of every passage, in corpus order."""
    out: list[Sentence] = []
    for passage in passages:
        text = passage.text
        for start, end in split_sentences(text):
            out.append(Sentence(passage, start, end, len(out), is_clean(text[start:end])))
    return out


def has_math_hole(text: str) -> bool:
    """True if a sentence lost an inline formula when the page was scraped."""
    return any(pattern.search(text) for pattern in _HOLE_RES)


def is_clean(text: str) -> bool:
    """True if a sentence may be shown on a card: complete, no URL, marker or math hole."""
    stripped = text.strip()
    if not stripped or (not stripped[0].isupper() and stripped[0] not in "\"“("):
        return False  # a continuation of the previous line, or a list fragment
    if stripped[-1] not in ".!?\"”’)" or stripped.endswith(("...", "…", "?")):
        return False
    if _URL_RE.search(stripped) or _FOOTNOTE_RE.search(stripped):
        return False
    if "\ufffd" in stripped or "[" in stripped or "|" in stripped:
        return False
    return not has_math_hole(stripped)


#: "the the", "is is": a word doubled by a typo (not "had had", "that that").
_DOUBLED_RE = re.compile(r"\b(?!(?:had|that)\b)([A-Za-z]+) \1\b", re.IGNORECASE)
#: "an parameter", "a idea": an article the next word's sound cannot take.
_BAD_ARTICLE_RE = re.compile(
    r"\b(?:[Aa]n (?=[bcdfgjklmnpqrstvwxyz][a-z])|[Aa] (?=[ai][a-z]))")


def has_obvious_typo(text: str) -> bool:
    """True if a card quoting this sentence would read wrongly: a doubled word ("the the")
    or an article before a word it cannot precede ("an parameter-function map")."""
    return bool(_DOUBLED_RE.search(text) or _BAD_ARTICLE_RE.search(text))
