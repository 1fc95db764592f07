"""No duplicate cards, and one sentence never gives two cards that test the same thing.

Why a ledger: cards are written concept by concept, best concept first, and each new
card is checked against what is already in the deck: the same front, the same answer,
the same cloze text, or a sentence already used (two cards mined from one sentence
test the same fact twice, which the blind review counted as a fault).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cards.extract.findings import Finding


def norm(text: str) -> str:
    """Text folded for comparison: lower case, letters and digits only."""
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


@dataclass(slots=True)
class Ledger:
    """What the deck already holds."""

    fronts: set[str] = field(default_factory=set)
    answers: set[str] = field(default_factory=set)
    spans: list[tuple[str, int, int, int]] = field(default_factory=list)
    quotes: set[str] = field(default_factory=set)

    def sentence_used(self, finding: Finding) -> bool:
        """True if a card already quotes (part of) this finding's sentence, or the same
        sentence elsewhere."""
        if norm(finding.quote) in self.quotes:
            return True
        file, line = finding.block.file, finding.block.line
        return any(f == file and b == line and s < finding.end and finding.start < e
                   for f, b, s, e in self.spans)

    def duplicate(self, front: str, answer: str) -> bool:
        """True if the front or the answer is already on a card."""
        return norm(front) in self.fronts or (bool(norm(answer)) and norm(answer) in
                                              self.answers)

    def add(self, finding: Finding, front: str, answer: str) -> None:
        self.fronts.add(norm(front))
        if norm(answer):
            self.answers.add(norm(answer))
        self.spans.append((finding.block.file, finding.block.line, finding.start,
                           finding.end))
        self.quotes.add(norm(finding.quote))

    def forget(self, finding: Finding, front: str, answer: str) -> None:
        """Undo ``add`` for a card that was written and then not kept."""
        self.fronts.discard(norm(front))
        self.answers.discard(norm(answer))
        span = (finding.block.file, finding.block.line, finding.start, finding.end)
        if span in self.spans:
            self.spans.remove(span)
        self.quotes.discard(norm(finding.quote))


_STOP = frozenset(["a", "an", "the", "of", "to", "in", "on", "for", "with", "by", "and", "or",
                   "is", "are", "be", "as", "at", "from", "that", "this", "it", "its", "c1"])
#: Share of the answer's content words that, found again in another card, make it the
#: same fact.
SAME_FACT_SHARE = 0.6


def same_fact(answer: str, other: str) -> bool:
    """True if ``other`` states most of what ``answer`` says (a cloze that restates the
    question card's back)."""
    mine = {w for w in norm(answer).split() if w not in _STOP}
    theirs = {w for w in norm(other).split() if w not in _STOP}
    return bool(mine) and len(mine & theirs) / len(mine) >= SAME_FACT_SHARE
