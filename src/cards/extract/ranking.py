"""Findings -> concepts: merge aliases, score, deduplicate, and select by density.

Selection is by density, not volume: an expert writes about 45–50 cards per 10,000
words and the card writer makes one or two cards per concept, so about
``CONCEPTS_PER_10K`` concepts per 10,000 words are kept, strongest first, and never one
whose best evidence is weak.  Recall bought with volume does not count.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from cards.extract.aliases import concept_key
from cards.extract.findings import Finding, FoundConcept
from cards.extract.sentences import Sentence
from cards.extract.termhood import mention_key, mentions, rarity, technicality

#: Concepts kept per 10,000 words of text (the writer adds 1–2 cards each).
CONCEPTS_PER_10K = 70
#: A concept whose score is below this is never kept, whatever the budget.
MIN_SCORE = 2.2
#: At least this many concepts from a text with any (a short note still gets its terms).
MIN_CONCEPTS = 3
#: Words that are never concepts on their own, however they are marked or phrased.
GENERIC = frozenset([
    "example", "examples", "problem", "problems", "result", "results", "idea", "ideas", "question",
    "questions", "answer", "answers", "way", "ways", "thing", "things", "point", "points", "paper",
    "post", "section", "chapter", "figure", "table", "note", "notes", "approach", "part", "parts",
    "case", "study", "reason", "reasons", "goal", "goals", "fact", "facts", "issue", "issues",
    "step", "steps", "value", "values", "type", "types", "kind", "kinds", "form", "forms",
    "number", "numbers", "amount", "level", "levels", "area", "areas", "data", "set", "sets",
    "list", "lists", "term", "terms", "word", "words", "name", "names", "sense", "view", "model",
    "models", "method", "methods", "function", "functions", "system", "systems", "process", "work",
    "time", "times", "people", "person", "man", "men", "one", "others", "rest", "lot", "end",
    "beginning", "same", "other", "first", "second", "third", "next", "last", "key", "main",
    "basic", "simple", "general", "whole", "following", "above", "below"
])
#: Shapes that fire on many sentences that are not definitions: weak alone.
LOOSE = ("x-is-a", "x-refers-to", "label-colon", "x-ie", "x-(gloss)", "x-which-is",
         "x-dash-gloss", "explanation-(the-x)", "x-called-appositive", "marked-quoted",
         "marked-code", "heading-section", "we-say-x")


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        while self.parent.get(key, key) != key:
            key = self.parent[key]
        return key

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _is_loose(finding: Finding) -> bool:
    return all(part in LOOSE for part in finding.shape.split("+"))


def group(findings: Sequence[Finding]) -> dict[str, list[Finding]]:
    """Findings by concept: one key per spelling family, abbreviations joined."""
    union = _Union()
    for finding in findings:
        key = concept_key(finding.term)
        union.find(key)
        if finding.relation == "abbreviation" and finding.other:
            union.join(key, concept_key(finding.other))
    groups: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        if concept_key(finding.term):
            groups[union.find(concept_key(finding.term))].append(finding)
    return groups


def _name(members: list[Finding]) -> tuple[str, tuple[str, ...]]:
    """The name a front uses (the best finding's spelling, expansion before abbreviation)
    and every other spelling the text gives."""
    surfaces: Counter[str] = Counter()
    abbreviations: set[str] = set()
    for finding in members:
        surfaces[finding.term] += 1
        if finding.relation == "abbreviation" and finding.other:
            abbreviations.add(finding.other)
    long_forms = [s for s in surfaces if s not in abbreviations] or list(surfaces)
    best = max(members, key=lambda f: f.score)
    name = best.term if best.term in long_forms else max(long_forms, key=surfaces.__getitem__)
    if name.isupper() or (name[:1].isupper() and not name[1:2].isupper()):
        lowered = [s for s in long_forms if s.lower() == name.lower() and s != name]
        if lowered and not name.isupper():
            name = lowered[0]
    aliases = sorted({s for s in surfaces if s != name} | abbreviations, key=str.lower)
    return name, tuple(aliases)


def _capitalised_inside(finding: Finding) -> bool:
    """True if an everyday word is capitalised inside its sentence ("Third in order is
    Thought, that is, ..."): plain text's way of marking a term it defines."""
    term = finding.term
    if not (term[:1].isupper() and term[1:].islower()):
        return False
    at = finding.quote.find(term)
    before = finding.quote[:at].rstrip(" \"“‘'(")
    return at > 0 and bool(before) and not before.endswith((".", "!", "?", ":", ";", "—"))


def score(members: list[Finding], count: int) -> float:
    """How sure we are that the text explains this concept."""
    ranked = sorted(members, key=lambda f: -f.score)
    best = ranked[0]
    total = best.score + min(1.0, 0.15 * sum(f.score for f in ranked[1:4]))
    total += min(1.5, 0.5 * math.log2(1 + count))
    total += technicality(best.term)
    if len(best.term.split()) >= 2:
        total += 0.3
    if all(_is_loose(f) for f in members) and len(best.term.split()) == 1 \
            and rarity(best.term) >= 4.3 and not any(_capitalised_inside(f) for f in members):
        total -= 1.5
    if all(f.hedged for f in members):
        total -= 0.5
    if all(f.shape in STATISTICAL for f in members):
        total -= STATISTICS_ONLY_PENALTY  # repeated, but nowhere marked or explained
    return total


#: Shapes that only say a phrase is frequent and rare in English, not that it is explained.
STATISTICAL = ("repeated-term", "term-opens")
STATISTICS_ONLY_PENALTY = 0.8
_IDENTIFIER_RE = re.compile(r"[a-z][A-Z]|[A-Za-z]\d|\d[A-Za-z]{2}|^\W")
#: A possessive at the end ("the model's") is no name; inside one ("Newton's method") it is.
_POSSESSIVE_END_RE = re.compile(r"['’]s$")


def plausible(name: str) -> bool:
    """Not a code identifier ("loan50DF", "medianHH"), a possessive or a markup token."""
    if _POSSESSIVE_END_RE.search(name):
        return False
    return not any(_IDENTIFIER_RE.search(w) for w in name.split()) or name.isupper()


#: "A whole is that which has a beginning, a middle, and an end": a definition in form,
#: which makes even an everyday word a term of the text.
_THAT_WHICH_RE = re.compile(r"^(?:that|those|one|ones) (?:which|who|that)\b", re.IGNORECASE)


def _defined_outright(members: Sequence[Finding]) -> bool:
    """True if some place defines the word in the classical form "X is that which ..."."""
    return any(f.shape.startswith("x-is-a") and _THAT_WHICH_RE.match(f.explanation.strip())
               for f in members)


def concepts_of(findings: Sequence[Finding], sentences: Sequence[Sentence],
                words: int) -> list[FoundConcept]:
    """The candidate concepts, best first, each with its findings best first; the
    caller keeps the first ``budget(words)`` of those that get a card."""
    groups = group(findings)
    counts = mentions(sentences, {f.term for f in findings})
    found: list[FoundConcept] = []
    for key, members in groups.items():
        name, aliases = _name(members)
        if (key in GENERIC or name.lower() in GENERIC) and not _defined_outright(members):
            continue
        if not plausible(name):
            continue
        count = max(counts.get(mention_key(s), 0) for s in (name, *aliases))
        members.sort(key=lambda f: (-f.score, f.block.line, f.start))
        found.append(FoundConcept(key=key, term=name, aliases=aliases, findings=members,
                                  score=score(members, count)))
    found.sort(key=lambda c: (-c.score, c.key))
    return [c for c in found if c.score >= MIN_SCORE]


def budget(words: int) -> int:
    """How many concepts a text of ``words`` words gets."""
    return max(MIN_CONCEPTS, round(words / 10_000 * CONCEPTS_PER_10K))
