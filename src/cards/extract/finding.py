"""Sentences -> findings: every place where the text explains a term, and by which signal.

Three kinds of evidence meet here: wording (the shape registry), markup (marked terms,
definition entries, headings) and, later in ranking, statistics.  A shape hit on a
marked term is stronger than either alone, so a mark on the same sentence and term adds
to the shape's score instead of making a second finding.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from cards.corpus.blocks import Block
from cards.extract.findings import Finding
from cards.extract.markup import (
    entry_signals,
    heading_signals,
    lead_signals,
    mark_signals,
    marked_terms,
)
from cards.extract.sentences import Sentence
from cards.extract.shapes import Context, all_hits
from cards.extract.termhood import repeated_terms

#: Shape findings kept per term (the first ones; ranking and the writer need a few).
MAX_PER_TERM = 12
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


#: A passive after the copula says what is done to the term, not what it is.
_PASSIVE_RE = re.compile(r"^(?:(?:first|then|often|usually|always|never|also|later|"
                         r"randomly|\w+ly)\s+)?(?:(?!used\b)[a-z]+ed|given|taken|chosen|drawn|split|"
                         r"put|set|kept|made|seen|shown|known|built)\s+(?:in|into|by|to|from|"
                         r"with|on|at|between|among|across|over|as)\b")


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
        if copula and not _PASSIVE_RE.match(copula.group("rest")):
            return "definition", copula.group("rest")
        if copula:
            return "claim", sentence  # "Patients are first divided into ...": done to it
        verb = _VERB_RE.match(after)
        if verb:
            return "property", verb.group("rest")
    return "claim", sentence


_MEMBERS_RE = r"^(?P<who>[A-Z][a-z]+)\s+in\s+the\s+TERM\s+(?P<pred>(?:(?:did not|didn't)\s+)?" \
    r"(?:received?|got|get|were given|are given|were assigned|are assigned|took|take)\b.{6,})$"


def members_got(sentence: str, term: str) -> tuple[str, str, str] | None:
    """(members, verb, what) of "Patients in the treatment group received a stent and
    medical management": what one study's group got.  Blind reviews r12 and r13 judged
    it bad as the group's definition ("What is the treatment group? The patients who
    received a stent ..."), so the card asks what the group got, in its study."""
    if not re.search(r"\b(?:group|groups|arm|arms|cohort|cohorts)$", term, re.IGNORECASE):
        return None
    match = re.match(_MEMBERS_RE.replace("TERM", re.escape(term)), sentence.rstrip("."),
                     re.IGNORECASE)
    if match is None:
        return None
    verb, _, what = match.group("pred").partition(" ")
    if verb.lower() in ("did", "didn't", "were", "are") or not what:
        return None  # "did not receive", "were given": no one thing they got
    return match.group("who").lower(), verb.lower(), what


def hedged(text: str) -> bool:
    """True if the writer offers the sentence as opinion or guess."""
    return bool(_HEDGE_RE.search(text))


def _neighbours(sentences: Sequence[Sentence], i: int) -> tuple[str, str]:
    sentence = sentences[i]
    prev = sentences[i - 1] if i > 0 and sentences[i - 1].block is sentence.block else None
    nxt = (sentences[i + 1] if i + 1 < len(sentences)
           and sentences[i + 1].block is sentence.block else None)
    return (prev.text if prev else "", nxt.text if nxt else "")


_LEAD_IN_RE = re.compile(
    r"^(?:(?:here|now|so|thus|then|first|formally|in other words|that is|again|recall that),?"
    r"\s+)?(?:(?:we|i|one)\s+(?:can\s+|will\s+|often\s+)?(?:assume|note|say|know|see|find|"
    r"observe|mean|recall|suppose|imagine|argue|think|claim)\s+(?:that\s+)?)?",
    re.IGNORECASE)


def tidy(explanation: str) -> str:
    """The explaining words without a lead-in that only frames them ("Here, we assume
    that ..."), so a back states the content."""
    text = _LEAD_IN_RE.sub("", explanation.strip(), count=1)
    return text[:1].upper() + text[1:] if text and text is not explanation else text


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
    explained = tidy(explanation) if relation != "claim" else explanation
    return Finding(term=term, shape=shape, block=block, start=start, end=end,
                   explanation=explained, relation=relation,  # type: ignore[arg-type]
                   hedged=hedged(text), other=other,
                   score=score + BLOCK_WEIGHT.get(block.kind, 0.0))


#: Shapes that read a heading's "Topic: subtitle" as a term and its explanation.
_NOT_IN_HEADINGS = frozenset({"label-colon", "x-colon-clause"})
#: Shapes that read a list item as an entry: only a list item is one.
_ONLY_IN_ITEMS = frozenset({"list-x-as-y"})


def find_all(blocks: Sequence[Block], sentences: Sequence[Sentence]) -> list[Finding]:
    """Every finding in corpus order (shapes first within a sentence)."""
    findings: list[Finding] = []
    alone_places: list[Finding] = []
    seen_hits: dict[tuple[str, str, str, frozenset[str]], list] = {}
    per_term: Counter[str] = Counter()
    by_place: dict[tuple[int, str], Finding] = {}
    for i, sentence in enumerate(sentences):
        previous, nxt = _neighbours(sentences, i)
        marks = marked_terms(sentence)
        ctx = Context(sentence.text, previous, nxt, frozenset(t.lower() for t, _ in marks))
        memo = (ctx.text, ctx.previous, ctx.next, ctx.marked)
        hits = seen_hits.get(memo)
        if hits is None:
            hits = seen_hits[memo] = list(all_hits(ctx))
        for registered, hit in hits:
            if registered.name in _NOT_IN_HEADINGS and sentence.block.kind == "heading":
                continue  # "Case study: using stents ...": a title, not a label and its gloss
            if registered.name in _ONLY_IN_ITEMS and sentence.block.kind != "list_item":
                continue  # "Bread as a staple ...": in running text, a phrase, not an entry
            per_term[hit.term.lower()] += 1
            if per_term[hit.term.lower()] > MAX_PER_TERM:
                continue  # ranking reads the best few; a term found everywhere is found
            key = (i, hit.term.lower())
            if key in by_place and by_place[key].score >= registered.score:
                continue
            finding = _finding(sentences, i, hit.term, registered.name, registered.score,
                               hit.explanation, hit.relation, hit.other, hit.with_previous,
                               hit.with_next)
            by_place[key] = finding
            findings.append(finding)
            if hit.with_previous or hit.with_next:
                # the naming sentence alone, for a cloze ("Statisticians call this X ...")
                alone = _finding(sentences, i, hit.term, registered.name,
                                 registered.score - 0.5, sentence.text, "claim")
                alone.shape += ":alone"
                alone_places.append(alone)
    signals = [*mark_signals(sentences), *entry_signals(sentences), *lead_signals(sentences),
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
        shape, other = signal.shape, None
        if signal.shape.startswith("entry-"):
            relation = "definition"
            explanation = signal.sentence.text
            got = members_got(signal.sentence.text, signal.term)
            if got is not None:  # what one study's group got: a fact of that study
                relation, explanation = "property", got[2]
                shape, other = f"{signal.shape}+members", f"{got[0]}|{got[1]}"
        finding = _finding(sentences, i, signal.term, shape, signal.score,
                           explanation, relation)
        finding.other = other
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
    kept = {id(f) for f in by_place.values()} | {id(f) for f in alone_places}
    findings.extend(alone_places)
    order = {id(s.block): s.index for s in reversed(sentences)}
    findings = [f for f in findings if id(f) in kept]
    return sorted(findings, key=lambda f: (order.get(id(f.block), 0), f.start))


#: Sentences kept per opening phrase in the index (the writer needs only a few).
_OPENING_PLACES = 4
_ARTICLE_WORDS = frozenset({"the", "a", "an"})
_WORD_RE = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*")


def _fold_word(word: str) -> str:
    word = word.replace("-", " ")
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def opening_index(sentences: Sequence[Sentence]) -> dict[str, list[Sentence]]:
    """Sentences by the phrase (1–4 words, plural folded, after an article) they open
    with: where the text says what a term is or does, in one pass over the sentences."""
    index: dict[str, list[Sentence]] = {}
    for sentence in sentences:
        words = _WORD_RE.findall(sentence.text[:80].lower())
        if words and words[0] in _ARTICLE_WORDS:
            words = words[1:]
        for n in range(1, min(4, len(words)) + 1):
            key = " ".join(_fold_word(w) for w in words[:n]).replace("-", " ")
            places = index.setdefault(key, [])
            if len(places) < _OPENING_PLACES:
                places.append(sentence)
    return index


def opening_findings(term: str, index: dict[str, list[Sentence]],
                     sentences: Sequence[Sentence]) -> list[Finding]:
    """Findings for the sentences that open with ``term`` and say what it is or does."""
    words = _WORD_RE.findall(term.lower().replace("-", " "))
    key = " ".join(_fold_word(w) for w in words)
    out = []
    for sentence in index.get(key, []):
        relation, explanation = explain_from(sentence.text, term)
        if relation == "claim":
            continue
        out.append(_finding(sentences, sentence.index, term, "term-opens", 0.9, explanation,
                            relation))
    return out
