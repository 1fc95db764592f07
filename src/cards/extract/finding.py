"""Sentences -> findings: every place where the text explains a term, and by which signal.

Three kinds of evidence meet here: wording (the shape registry), markup (marked terms,
definition entries, headings) and, later in ranking, statistics.  A shape hit on a
marked term is stronger than either alone, so a mark on the same sentence and term adds
to the shape's score instead of making a second finding.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from cards.corpus.blocks import Block
from cards.extract.findings import Finding
from cards.extract.markup import entry_signals, heading_signals, mark_signals, marked_terms
from cards.extract.sentences import Sentence
from cards.extract.shapes import Context, all_hits
from cards.extract.termhood import repeated_terms

#: Score of a phrase found only by statistics (repeated, rare in English).
REPEATED_SCORE = 0.8

_HEDGE_RE = re.compile(
    r"\b(?:I|we)\s+(?:think|claim|believe|suspect|guess|consider|feel|would say|'d say|"
    r"argue|propose|expect|hope|doubt)\b|\bsomething like\b|\barguably\b|\bprobably\b|"
    r"\bit seems\b|\bseems to\b|\bin my (?:view|opinion)\b|\bI'm (?:not )?sure\b",
    re.IGNORECASE)
#: Extra weight of a finding by the kind of block it sits in.
BLOCK_WEIGHT = {"definition": 0.8, "callout": 0.5, "footnote": 0.2, "caption": 0.1,
                "table_cell": 0.2, "quote": -0.3}


_OPENING_RE = re.compile(r"^(?:(?:the|a|an)\s+)?[\"“'‘*_]?")
_COPULA_RE = re.compile(r"^[\"”'’*_]?,?\s+(?:is|are)\s+(?P<rest>.{8,})$")
_VERB_RE = re.compile(r"^[\"”'’*_]?\s+(?P<rest>[a-z]+s\s.{6,})$")


def explain_from(sentence: str, term: str) -> tuple[str, str]:
    """(relation, explanation) of a sentence that mentions ``term``: when it opens the
    sentence, "X is ..." defines it and "X <verb>s ..." says what it does; any other
    mention is a claim about it (the writer makes a cloze of the sentence)."""
    opening = _OPENING_RE.match(sentence)
    rest = sentence[opening.end() if opening else 0:]
    if rest.lower().startswith(term.lower()):
        after = rest[len(term):]
        after = re.sub(r"^(?:e?s)\b", "", after)
        copula = _COPULA_RE.match(after)
        if copula:
            return "definition", copula.group("rest")
        verb = _VERB_RE.match(after)
        if verb:
            return "property", verb.group("rest")
    return "claim", sentence


def hedged(text: str) -> bool:
    """True if the writer offers the sentence as opinion or guess."""
    return bool(_HEDGE_RE.search(text))


def _neighbours(sentences: Sequence[Sentence], i: int) -> tuple[str, str]:
    sentence = sentences[i]
    prev = sentences[i - 1] if i > 0 and sentences[i - 1].block is sentence.block else None
    nxt = (sentences[i + 1] if i + 1 < len(sentences)
           and sentences[i + 1].block is sentence.block else None)
    return (prev.text if prev else "", nxt.text if nxt else "")


def _finding(sentences: Sequence[Sentence], i: int, term: str, shape: str, score: float,
             explanation: str, relation: str = "definition", other: str | None = None,
             with_previous: bool = False, with_next: bool = False) -> Finding:
    sentence = sentences[i]
    start, end = sentence.start, sentence.end
    if with_previous and i > 0 and sentences[i - 1].block is sentence.block:
        start = sentences[i - 1].start
    if with_next and i + 1 < len(sentences) and sentences[i + 1].block is sentence.block:
        end = sentences[i + 1].end
    block = sentence.block
    text = block.text[start:end]
    return Finding(term=term, shape=shape, block=block, start=start, end=end,
                   explanation=explanation, relation=relation,  # type: ignore[arg-type]
                   hedged=hedged(text), other=other,
                   score=score + BLOCK_WEIGHT.get(block.kind, 0.0))


def find_all(blocks: Sequence[Block], sentences: Sequence[Sentence]) -> list[Finding]:
    """Every finding in corpus order (shapes first within a sentence)."""
    findings: list[Finding] = []
    by_place: dict[tuple[int, str], Finding] = {}
    for i, sentence in enumerate(sentences):
        previous, nxt = _neighbours(sentences, i)
        marks = marked_terms(sentence)
        ctx = Context(sentence.text, previous, nxt, frozenset(t.lower() for t, _ in marks))
        for registered, hit in all_hits(ctx):
            key = (i, hit.term.lower())
            if key in by_place and by_place[key].score >= registered.score:
                continue
            finding = _finding(sentences, i, hit.term, registered.name, registered.score,
                               hit.explanation, hit.relation, hit.other, hit.with_previous,
                               hit.with_next)
            by_place[key] = finding
            findings.append(finding)
    signals = [*mark_signals(sentences), *entry_signals(sentences),
               *heading_signals(blocks, sentences)]
    for signal in signals:
        i = signal.sentence.index
        key = (i, signal.term.lower())
        existing = by_place.get(key)
        if existing is not None:
            existing.score += signal.score
            existing.shape = f"{existing.shape}+{signal.shape}"
            continue
        relation, explanation = explain_from(signal.sentence.text, signal.term)
        if signal.shape.startswith("entry-"):
            relation, explanation = "definition", signal.sentence.text
        finding = _finding(sentences, i, signal.term, signal.shape, signal.score,
                           explanation, relation)
        by_place[key] = finding
        findings.append(finding)
    for term, _count, places in repeated_terms(sentences):
        for rank, sentence in enumerate(places):
            key = (sentence.index, term.lower())
            if key in by_place:
                continue
            relation, explanation = explain_from(sentence.text, term)
            finding = _finding(sentences, sentence.index, term, "repeated-term",
                               REPEATED_SCORE - 0.05 * rank, explanation, relation)
            by_place[key] = finding
            findings.append(finding)
    kept = {id(f) for f in by_place.values()}
    order = {id(s.block): s.index for s in reversed(sentences)}
    findings = [f for f in findings if id(f) in kept]
    return sorted(findings, key=lambda f: (order.get(id(f.block), 0), f.start))
