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
    spans: list[tuple[str, int, int, int, str]] = field(default_factory=list)
    quotes: dict[str, list[str]] = field(default_factory=dict)
    concept: str = ""
    """The concept whose cards are being written (``begin``)."""
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Each concept's names, folded: one contained in another is the same idea."""

    def begin(self, concept: str, names: tuple[str, ...] = ()) -> None:
        """Cards from now on are for ``concept``, called ``names``."""
        self.concept = concept
        self.names[concept] = tuple(norm(n) for n in (concept, *names) if norm(n))

    def _same_idea(self, other: str) -> bool:
        """True if one concept's name is the other's with a generic head added
        ("Nelder-Mead" and "Nelder-Mead algorithms"), not a different idea ("risk" and
        "empirical risk")."""
        mine, theirs = self.names.get(self.concept, ()), self.names.get(other, ())
        for a in mine:
            for b in theirs:
                short, long = sorted((a.split(), b.split()), key=len)
                if long[:len(short)] == short and all(w in GENERIC_HEADS
                                                      for w in long[len(short):]):
                    return True
                if len(short) == 1 and long[:1] == short and len(long) == 2 and \
                        _MODIFIER_RE.match(short[0]):
                    return True  # "associated" and "associated variables"
        return False

    def sentence_used(self, finding: Finding, cloze: bool = False) -> bool:
        """True if a card already quotes (part of) this finding's sentence for this
        concept, or ``CARDS_PER_SENTENCE`` cards do: one sentence that names two concepts
        ("the leftmost element is called the operator, and the others are called
        operands") may give the second a question card, never a cloze (a cloze shows the
        sentence, and the first card's answer with it), and never two cards on one
        concept."""
        users = list(self.quotes.get(norm(finding.quote), []))
        file, line = finding.block.file, finding.block.line
        users += [c for f, b, s, e, c in self.spans
                  if f == file and b == line and s < finding.end and finding.start < e]
        if cloze and users:
            return True  # a cloze shows the sentence, and with it the other card's answer
        if self.concept in users or len(set(users)) >= CARDS_PER_SENTENCE or any(
                self._same_idea(u) for u in users):
            return True  # "Nelder-Mead" after "Nelder-Mead algorithms": the same idea
        # a second concept may share the sentence only where the sentence names it too
        return bool(users) and not _NAMES_IT_RE.search(finding.shape)

    def duplicate(self, front: str, answer: str) -> bool:
        """True if the front or the answer is already on a card."""
        return norm(front) in self.fronts or (bool(norm(answer)) and norm(answer) in
                                              self.answers)

    def add(self, finding: Finding, front: str, answer: str) -> None:
        self.fronts.add(norm(front))
        if norm(answer):
            self.answers.add(norm(answer))
        self.spans.append((finding.block.file, finding.block.line, finding.start,
                           finding.end, self.concept))
        self.quotes.setdefault(norm(finding.quote), []).append(self.concept)

    def forget(self, finding: Finding, front: str, answer: str) -> None:
        """Undo ``add`` for a card that was written and then not kept."""
        self.fronts.discard(norm(front))
        self.answers.discard(norm(answer))
        span = (finding.block.file, finding.block.line, finding.start, finding.end,
                self.concept)
        if span in self.spans:
            self.spans.remove(span)
        users = self.quotes.get(norm(finding.quote), [])
        if self.concept in users:
            users.remove(self.concept)


#: Words that add nothing to a name they follow ("Nelder-Mead algorithms").
GENERIC_HEADS = frozenset({"algorithm", "algorithms", "method", "methods", "approach",
                           "approaches", "technique", "techniques", "procedure", "procedures",
                           "process", "concept", "idea", "rule", "rules", "principle", "model",
                           "models", "theory", "problem", "effect", "function", "functions"})
#: A word that modifies a noun ("associated", "categorical"): alone it names the same
#: idea as with its noun.
_MODIFIER_RE = re.compile(r"^[a-z]+(?:ed|al|ic|ous|ive|able|ible|ary)$")
#: Cards (of different concepts) one sentence may give at most.
CARDS_PER_SENTENCE = 2
#: Shapes that say the sentence names or defines its term (not a quote mark or a
#: repetition): the only ones a second concept may use a sentence by.
_NAMES_IT_RE = re.compile(r"call|known|named|(?<!repeated-)term|marked-(?:emphasis|strong)|"
                          r"entry-|is-a|refers|means|x-ie|appositive|gloss|"
                          r"explanation-\(the-x\)|being|restates|dash-activity")

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
