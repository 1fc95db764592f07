"""Markup signals: what the writer's own formatting says is a term.

A writer marks the term they are defining: italics or bold at its first explained
mention, a format's defined-term markup (LaTeX ``\\term``, a definition-list term,
``<dfn>``), a "Definition: X" callout or glossary entry, or a heading whose section then
explains it.  These signals are independent of the wording, so they carry over to texts
whose sentences no shape knows.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from cards.corpus.blocks import Block
from cards.extract.sentences import Sentence
from cards.extract.shapes.nouns import clean_term

#: A marked phrase counts as explained when its sentence holds one of these cues.
_CUE_RE = re.compile(
    r"\b(?:is|are|was|were|called|call|calls|means?|meant|refers?|known|describes?|"
    r"denotes?|defined|define|consists?|represents?|corresponds?|we say|i\.e|namely|"
    r"that is|measures?|captures?|occurs?|arises?|happens?|term|name|mean|so-called)\b|"
    r"\b(?:that|this|it|there)['’]s\b|[:(—–]",
    re.IGNORECASE)
#: Mark kinds and how much each says "this is the term being defined".
MARK_WEIGHT = {"term": 3.0, "strong": 1.8, "emphasis": 1.6, "quoted": 1.2, "code": 0.6}
_NOT_TITLES = re.compile(
    r"\b(?:definitions?|notes?|summary|examples?|warning|tip|info|important|exercises?|"
    r"references?|contents|introduction|conclusions?|appendix|acknowledg\w*|discussion|"
    r"overview|further reading|footnotes?|see also|solutions?|questions?|answers?|"
    r"guided practice|example|review)\b", re.IGNORECASE)
_NUMBERING = re.compile(r"^(?:(?:chapter|section|part|lecture)\s+)?(?:\d+|[IVXivx]+(?=[.\s:]|$))"
                        r"(?:\.\d+)*\.?\s*|^[A-Z]\.\s+")


@dataclass(frozen=True, slots=True)
class Signal:
    """A marked term at a sentence: which mark, and how strong."""

    term: str
    sentence: Sentence
    shape: str
    score: float


_QUOTED_RE = re.compile(r"(?<!\w)[\"“‘'](?P<q>[A-Za-z][^\"“”‘’'\n]{1,48}?)[\"”’'](?!\w)")


#: A symbol right after a mark: "_non-obstructive with respect to_ $S$".
_SYMBOL_AFTER_RE = re.compile(r"\s+([A-Za-z][A-Za-z0-9]?)\b")


def _with_symbol(sentence: Sentence, end: int, text: str) -> str | None:
    """A mark that stops on "to"/"of" before the symbol it is about: the term with it."""
    words = text.split()
    if len(words) < 2 or words[-1].lower() not in ("to", "of", "on", "in", "for"):
        return None
    symbol = _SYMBOL_AFTER_RE.match(sentence.block.text, end)
    return clean_term(f"{text} {symbol.group(1)}") if symbol else None


def marked_terms(sentence: Sentence) -> list[tuple[str, str]]:
    """(term, mark kind) for each mark in the sentence that can be a term; in text a
    reader gave no quote marks for, a phrase in quotation marks counts as quoted."""
    out: list[tuple[str, str]] = []
    quoted = False
    for span, text in sentence.spans():
        if span.kind == "link":
            continue
        quoted = quoted or span.kind == "quoted"
        term = clean_term(text) or _with_symbol(sentence, span.end, text)
        if term is not None:
            out.append((term, span.kind))
    if not quoted:
        for match in _QUOTED_RE.finditer(sentence.text):
            term = clean_term(match.group("q"))
            if term is not None:
                out.append((term, "quoted"))
    return out


def mark_signals(sentences: Sequence[Sentence]) -> Iterator[Signal]:
    """A marked term at its first mention whose sentence explains something."""
    seen: set[str] = set()
    for sentence in sentences:
        marks = marked_terms(sentence)
        if not marks:
            continue
        explains = bool(_CUE_RE.search(sentence.text))
        for term, kind in marks:
            key = term.lower()
            if key in seen:
                continue
            seen.add(key)
            if kind == "code" and not explains:
                continue
            weight = MARK_WEIGHT.get(kind, 1.0)
            if not explains:
                weight -= 1.0
            if weight > 0:
                yield Signal(term, sentence, f"marked-{kind}", weight)


def title_term(text: str) -> str | None:
    """The term a heading or callout title names, or None ("Key Definitions", "Notes")."""
    stripped = _NUMBERING.sub("", text.strip()).strip(" :.*_")
    stripped = re.sub(r"\s*[:(—–].*$", "", stripped)
    if not stripped or _NOT_TITLES.search(stripped):
        return None
    term = clean_term(stripped)
    if term is None or len(term.split()) > 4:
        return None
    return term


def entry_signals(sentences: Sequence[Sentence]) -> Iterator[Signal]:
    """Definition-list entries, glossary items and titled callouts: ``Block.term``."""
    done: set[int] = set()
    for sentence in sentences:
        block = sentence.block
        if id(block) in done or not block.term or block.kind not in (
                "definition", "callout", "quote", "list_item", "paragraph", "table_cell"):
            continue
        done.add(id(block))
        term = title_term(block.term) if block.kind != "definition" else clean_term(block.term)
        if term is not None:
            score = 3.2 if block.kind == "definition" else 2.2
            yield Signal(term, sentence, f"entry-{block.kind}", score)


#: What may follow a lead term besides its definition: a stop, a colon or a dash.
_LEAD_TAIL_RE = re.compile(r"^[\s*_]*[.:—–-]?\s*$")


#: A sentence that opens as a remark about something else ("Note that, as the
#: approximation is exact, the method is fast") or as how something else fares on the
#: labelled case ("On a exactly quadratic function, BFGS is not as fast ..."): a label
#: above it is a caption of an example or a figure, not a term this sentence defines.
_REMARK_RE = re.compile(r"^[\s*_]*(?:(?:Note|Notice|Remember|Recall)(?: that\b|:)|See\b"
                        r"|Here\b|As (?:can be seen|we|shown|expected)\b"
                        r"|On (?:an?|the|this|such)\b|Compared (?:to|with)\b|Unlike\b)")


#: Blocks that may carry a label block's explanation: its table cell, list or paragraph.
_EXPLAINING_KINDS = frozenset({"table_cell", "list_item", "paragraph", "definition"})


def _label_block(sentence: Sentence, nxt: Sentence) -> bool:
    """True if the sentence is a whole block that only labels what comes next ("**A convex
    function**:" in one table cell, its properties in the cell or list below)."""
    block, below = sentence.block, nxt.block
    return (sentence.end >= len(block.text.rstrip()) and block.text.rstrip().endswith(":")
            and below.kind in _EXPLAINING_KINDS and nxt.start <= 3
            and block.file == below.file and 0 <= below.line - block.line <= 3)


def lead_signals(sentences: Sequence[Sentence]) -> Iterator[Signal]:
    """A marked term that is a sentence of its own at the head of a list item or paragraph
    ("**Control group.** Patients in the control group received ..."): the sentence after
    it, in the same block, is its definition.  A block that is only such a label and a
    colon ("**A smooth function**:") is explained by the block just below it, unless the
    same label heads several blocks: "**An ill-conditioned quadratic function:**" over
    each method's figure is a recurring caption, and what follows is about the method."""
    found: list[tuple[str, Sentence, bool]] = []
    for i, sentence in enumerate(sentences[:-1]):
        nxt = sentences[i + 1]
        term = _lead_term(sentence, nxt)
        if term is not None:
            found.append((term, nxt, nxt.block is not sentence.block))
    captions = Counter(term.lower() for term, _nxt, across in found if across)
    for term, nxt, across in found:
        if not (across and captions[term.lower()] > 1) and not _REMARK_RE.match(nxt.text):
            yield Signal(term, nxt, "entry-lead", 2.8)


def _lead_term(sentence: Sentence, nxt: Sentence) -> str | None:
    """The marked label that ``sentence`` is, if ``nxt`` may hold its definition."""
    if sentence.start > 3 or (nxt.block is not sentence.block
                              and not _label_block(sentence, nxt)):
        return None
    marks = [(span, text) for span, text in sentence.spans()
             if span.kind in ("term", "strong", "emphasis")]
    if not marks:
        return None
    span, text = marks[0]
    before = sentence.block.text[sentence.start:span.start]
    after = sentence.block.text[span.end:sentence.end]
    if before.strip(" *_") or not _LEAD_TAIL_RE.match(after):
        return None
    return clean_term(text)


def heading_signals(blocks: Sequence[Block], sentences: Sequence[Sentence],
                    window: int = 4) -> Iterator[Signal]:
    """A heading whose section's first sentences mention its term."""
    first_of: dict[int, int] = {}
    for sentence in sentences:
        first_of.setdefault(id(sentence.block), sentence.index)
    position = 0
    for number, block in enumerate(blocks):
        if block.kind != "heading":
            continue
        term = title_term(block.text)
        if term is None:
            continue
        start = None
        for later in blocks[number + 1:number + 6]:
            if later.kind == "heading":
                break
            if id(later) in first_of:
                start = first_of[id(later)]
                break
        if start is None:
            continue
        position = start
        low = term.lower()
        stem = low[:-1] if low.endswith("s") and len(low) > 4 else low
        for sentence in sentences[position:position + window]:
            if stem in sentence.text.lower():
                yield Signal(term, sentence, "heading-section", 1.6)
                break
