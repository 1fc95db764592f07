"""Score a drafted deck against labelled concepts, by exactly the corpora README's rules.

Shared by ``benchmarks/recall.py`` (prints the table) and the recall tests (assert the
floors).  The rules (shared/corpora/README.md, "How to score a draft"):

1. Name match: strings lower-cased, ``-`` ``_`` ``/`` ``’`` ``'`` turned into spaces,
   other punctuation dropped, whitespace collapsed; a card names a label if its term
   equals the label's term or an alias, or contains one as a whole-word phrase; a
   trailing plural ``s`` may be ignored on both sides.
2. Place match: the line on which the card's quote starts is found in the file (on
   whitespace-collapsed text, also after markup is stripped); the card is near a label
   within ±5 lines.  The start is probed with the quote's first 48, then 24, then 16
   letters and digits: a quote whose text skips an inline formula ("The confusion
   matrix, $C$, is ...") still starts where it starts; of several places, the one
   nearest the card's own line is taken.
3. A label is covered if some card names it and is near it; a card covers at most one
   label, the nearest.
"""

from __future__ import annotations

import html
import json
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

NEAR = 5
_SPACE_CHARS = re.compile(r"[-_/’']")
_PUNCT = re.compile(r"[^\w\s]")


def normalise(text: str) -> str:
    """README rule 1's normalisation."""
    text = _SPACE_CHARS.sub(" ", text.lower())
    text = _PUNCT.sub("", text)
    return " ".join(text.split())


def _fold(tokens: Iterable[str]) -> tuple[str, ...]:
    return tuple(t[:-1] if t.endswith("s") and len(t) > 1 else t for t in tokens)


def names(card_term: str, label: dict) -> bool:
    """True if a card's term names the label (its term or an alias), rule 1."""
    have = _fold(normalise(card_term).split())
    for name in [label["term"], *label.get("aliases", [])]:
        want = _fold(normalise(name).split())
        if not want:
            continue
        n = len(want)
        if any(have[i:i + n] == want for i in range(len(have) - n + 1)):
            return True
    return False


_TAG = re.compile(r"<[^>]*>")
_LATEX_CMD = re.compile(r"\\[A-Za-z]+\*?")
_MD_TARGET = re.compile(r"\]\([^)]*\)")


#: LaTeX text that is never visible: a comment, an index entry (``\index{a!b}``, the
#: second argument of ``\termsub{term}{index key}``), markup stripped before matching.
_LATEX_NOISE = re.compile(r"(?<!\\)%.*$|\\index\{(?:[^{}]|\{[^{}]*\})*\}"
                          r"|(?<=\})\{[^{}]*[!|][^{}]*(?:\{[^{}]*\}[^{}]*)*\}")


def _alnum(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


class FileIndex:
    """A file's text as letters and digits only, each mapped back to its line: the quote's
    start is searched whitespace-collapsed and markup-stripped (rule 2)."""

    def __init__(self, path: Path) -> None:
        raw = path.read_bytes().decode("utf-8", errors="replace")
        lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.plain, self.plain_lines = self._index(lines, strip=False)
        self.stripped, self.stripped_lines = self._index(lines, strip=True)

    @staticmethod
    def _index(lines: Sequence[str], strip: bool) -> tuple[str, list[int]]:
        chars: list[str] = []
        where: list[int] = []
        for number, line in enumerate(lines, start=1):
            if strip:
                line = _LATEX_NOISE.sub(" ", line)
                line = _MD_TARGET.sub("]", _LATEX_CMD.sub(" ", _TAG.sub(" ", line)))
                line = html.unescape(line)
            text = _alnum(line)
            chars.append(text)
            where.extend([number] * len(text))
        return "".join(chars), where

    def quote_line(self, quote: str, hint: int | None = None) -> int | None:
        """The line where ``quote`` starts, nearest ``hint`` if it occurs more than once."""
        target = _alnum(html.unescape(quote))
        if not target:
            return None
        for size in (48, 24, 16):
            probe = target[:size]
            for text, where in ((self.plain, self.plain_lines),
                                (self.stripped, self.stripped_lines)):
                found = []
                at = text.find(probe)
                while at != -1 and len(found) < 50:
                    found.append(where[at])
                    at = text.find(probe, at + 1)
                if found:
                    return min(found, key=lambda ln: abs(ln - hint) if hint else 0)
        return None


@dataclass
class Score:
    """One text's result."""

    name: str
    labels: int
    covered: list[str] = field(default_factory=list)
    misses: list[dict] = field(default_factory=list)
    uncovering: list[tuple[str, int | None]] = field(default_factory=list)
    """Cards covering no label: (term, quote line)."""
    unplaced: int = 0
    """Cards whose quote was not found in the file."""
    cards: int = 0

    @property
    def recall(self) -> float:
        return len(self.covered) / self.labels if self.labels else 0.0


def score_text(name: str, cards: Sequence, labels: Sequence[dict], texts: Path) -> Score:
    """Score cards (DeckCards with ``concept`` and ``source``) against one text's labels."""
    result = Score(name, len(labels), cards=len(cards))
    indexes: dict[str, FileIndex] = {}
    covered: set[int] = set()
    for card in cards:
        label_file = labels[0]["file"] if labels else ""
        path = texts / label_file
        index = indexes.setdefault(label_file, FileIndex(path))
        line = index.quote_line(card.source.quote, card.source.line) if card.source else None
        if line is None:
            result.unplaced += 1
            result.uncovering.append((card.concept or "", None))
            continue
        near = [(abs(lab["line"] - line), i) for i, lab in enumerate(labels)
                if abs(lab["line"] - line) <= NEAR and names(card.concept or "", lab)]
        if near:
            covered.add(min(near)[1])
        else:
            result.uncovering.append((card.concept or "", line))
    result.covered = [labels[i]["term"] for i in sorted(covered)]
    result.misses = [lab for i, lab in enumerate(labels) if i not in covered]
    return result


def score_names(name: str, cards: Sequence, labels: Sequence[dict]) -> Score:
    """Seeds labels have no lines: name match only, a card covering at most one label."""
    result = Score(name, len(labels), cards=len(cards))
    covered: set[int] = set()
    for card in cards:
        term = card.concept or ""
        matching = [i for i, lab in enumerate(labels) if names(term, lab)]
        exact = [i for i in matching if normalise(labels[i]["term"]) == normalise(term)]
        free = [i for i in exact + matching if i not in covered]
        if free:
            covered.add(free[0])
        elif not matching:
            result.uncovering.append((term, card.source.line if card.source else None))
    result.covered = [labels[i]["term"] for i in sorted(covered)]
    result.misses = [lab for i, lab in enumerate(labels) if i not in covered]
    return result


def corpora_labels(corpora: Path) -> dict[str, list[dict]]:
    """Each text's labels, by text name."""
    return {p.stem: json.loads(p.read_text("utf-8"))
            for p in sorted((corpora / "labels").glob("*.json"))}


def seeds_labels(path: Path) -> list[dict]:
    """tests/data/seeds_concepts.toml as label dicts (``term``, ``aliases``)."""
    concepts = tomllib.loads(path.read_text("utf-8"))["concept"]
    return [{"term": c["name"], "aliases": c.get("aliases", []), **c} for c in concepts]
