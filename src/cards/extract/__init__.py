"""Draft cards from a corpus: blocks -> sentences -> findings -> concepts -> cards.

Concept finding (this package) and card writing (``cards.extract.writing``) meet at
``FoundConcept``.  The pipeline is plain Python plus wordfreq's English frequency table,
so it runs offline and deterministically.  See docs/extractor.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from cards.corpus import Corpus
from cards.corpus.blocks import Block
from cards.decks import DeckCard
from cards.extract.finding import find_all, opening_findings, opening_index
from cards.extract.findings import FoundConcept
from cards.extract.ranking import budget, concepts_of
from cards.extract.sentences import sentences_of
from cards.extract.writing.ids import card_id, deck_slug

__all__ = ["Draft", "card_id", "deck_slug", "draft", "draft_blocks", "find_concepts"]

#: Cards per 10,000 words the deck may hold at most (issue 10: 25–80; an expert ~45–50).
MAX_CARDS_PER_10K = 80


@dataclass(slots=True)
class Draft:
    """The outcome of drafting: the cards and the counts the CLI reports."""

    cards: list[DeckCard]
    concepts: list[FoundConcept]
    passages: int
    sentences: int
    words: int = 0


def blocks_of(corpus: Corpus) -> list[Block]:
    """The corpus's blocks."""
    return list(corpus.blocks)


def find_concepts(blocks: Sequence[Block]) -> tuple[list[FoundConcept], int, int]:
    """Candidate concepts of the blocks, best first; also the sentence and word counts."""
    sentences = sentences_of(blocks)
    words = sum(len(s.text.split()) for s in sentences)
    findings = find_all(blocks, sentences)
    concepts = concepts_of(findings, sentences, words)[:4 * budget(words) + 20]
    index = opening_index(sentences)
    for concept in concepts:
        places = {(id(f.block), f.start) for f in concept.findings}
        for name in (concept.term, *concept.aliases):
            for extra in opening_findings(name, index, sentences):
                if (id(extra.block), extra.start) not in places:
                    places.add((id(extra.block), extra.start))
                    concept.findings.append(extra)
    return concepts, len(sentences), words


#: Visible text drafted at once.  A corpus up to this size is drafted in one piece (every
#: statistic sees the whole text); a bigger one window by window, keeping only each
#: window's candidate concepts and their findings, so memory stays bounded and time
#: linear whatever the corpus's size.
WINDOW_CHARS = 6_000_000
#: Findings kept per concept when windows' candidates are merged.
MAX_FINDINGS = 16


def _windows(blocks: Iterable[Block]) -> Iterator[list[Block]]:
    """The blocks in runs of about ``WINDOW_CHARS`` of text (never cut after a heading,
    whose section is its evidence)."""
    window: list[Block] = []
    size = 0
    for block in blocks:
        window.append(block)
        size += len(block.text)
        if size >= WINDOW_CHARS and block.kind != "heading":
            yield window
            window, size = [], 0
    if window:
        yield window


def _merge(into: dict[str, FoundConcept], concepts: Iterable[FoundConcept]) -> None:
    """Add one window's candidates: a concept found again keeps its best score, the
    findings of both (best first, at most ``MAX_FINDINGS``) and every alias."""
    for concept in concepts:
        have = into.get(concept.key)
        if have is None:
            concept.findings = concept.findings[:MAX_FINDINGS]
            into[concept.key] = concept
            continue
        best, other = (concept, have) if concept.score > have.score else (have, concept)
        findings = [*best.findings, *other.findings]
        best.findings = sorted(findings, key=lambda f: -f.score)[:MAX_FINDINGS]
        best.aliases = tuple(sorted({*best.aliases, *other.aliases} - {best.term},
                                    key=str.lower))
        into[concept.key] = best


def _candidates(blocks: Iterable[Block]) -> tuple[list[FoundConcept], int, int, int]:
    """(candidate concepts best first, blocks, sentences, words), window by window."""
    merged: dict[str, FoundConcept] = {}
    n_blocks = n_sentences = words = windows = 0
    only: list[FoundConcept] = []
    for window in _windows(blocks):
        found, sentences, window_words = find_concepts(window)
        n_blocks += len(window)
        n_sentences += sentences
        words += window_words
        windows += 1
        if windows == 1:
            only = found
            continue
        if windows == 2:
            _merge(merged, only)
        _merge(merged, found)
        if len(merged) > 2 * (4 * budget(words) + 20):  # drop the weakest: memory stays bounded
            ranked = sorted(merged.values(), key=lambda c: (-c.score, c.key))
            merged = {c.key: c for c in ranked[:4 * budget(words) + 20]}
    if windows <= 1:
        return only, n_blocks, n_sentences, words
    ranked = sorted(merged.values(), key=lambda c: (-c.score, c.key))
    return ranked[:4 * budget(words) + 20], n_blocks, n_sentences, words


#: First-person singular words ("I", "my", "me") per 1,000 words that make a file an
#: essay in its writer's voice: the labelled blog posts have 10 and 21, the textbooks,
#: lecture notes and Aristotle's treatise at most 2.
ESSAY_FIRST_PERSON = 5.0
_FIRST_PERSON_RE = re.compile(r"\b(?:I|I'm|I've|I'd|my|me)\b")


class _Voice:
    """Counts each file's first-person words as its blocks pass, then tags the blocks the
    candidates quote from an essay ("voice:essay"): its definitions are its writer's, and
    the card writer names the work they come from."""

    def __init__(self) -> None:
        self._first: dict[str, int] = {}
        self._words: dict[str, int] = {}

    def tally(self, blocks: Iterable[Block]) -> Iterator[Block]:
        for block in blocks:
            if "dialect:comments" not in block.tags:
                self._first[block.file] = self._first.get(block.file, 0) + len(
                    _FIRST_PERSON_RE.findall(block.text))
                self._words[block.file] = self._words.get(block.file, 0) + len(
                    block.text.split())
            yield block

    def mark_essays(self, candidates: Iterable[FoundConcept]) -> None:
        essays = {f for f, n in self._words.items()
                  if n and self._first.get(f, 0) * 1000 / n >= ESSAY_FIRST_PERSON}
        if not essays:
            return
        for concept in candidates:
            for finding in concept.findings:
                block = finding.block
                if block.file in essays and ESSAY_TAG not in block.tags:
                    block.tags = (*block.tags, ESSAY_TAG)


#: The tag of a block from an essay in its writer's voice.
ESSAY_TAG = "voice:essay"


def draft_blocks(blocks: Iterable[Block], max_cards: int | None = None,
                 deck: str | None = None, folder: str | None = None) -> Draft:
    """Draft cards from blocks: the strongest concepts that get a card, up to the
    concept budget of the text's length, and at most MAX_CARDS_PER_10K cards.

    ``blocks`` is consumed once, as it comes (a ``CorpusStream`` reads the folder while
    drafting goes on)."""
    from cards.extract.writing import CardWriter

    voice = _Voice()
    candidates, n_blocks, n_sentences, words = _candidates(voice.tally(blocks))
    voice.mark_essays(candidates)
    cap = max(3, round(words / 10_000 * MAX_CARDS_PER_10K))
    limit = min(cap, max_cards) if max_cards is not None else cap
    writer = CardWriter(folder=folder)
    kept: list[FoundConcept] = []
    chosen: list[DeckCard] = []
    for concept in candidates:
        if len(kept) >= budget(words) or len(chosen) >= limit:
            break  # every later concept would be skipped: do not write its cards
        got = writer.cards_for(concept)
        if not got or len(chosen) + len(got) > limit:
            continue
        kept.append(concept)
        chosen.extend(got)
    if deck is not None:
        for card in chosen:
            card.id = card_id(deck, card.id)
    return Draft(cards=chosen, concepts=kept, passages=n_blocks, sentences=n_sentences,
                 words=words)


def draft(corpus: Corpus | Iterable[Block], max_cards: int | None = None,
          deck: str | None = None) -> Draft:
    """Draft cards for the concepts of a corpus (``cards draft``): a ``Corpus`` read in
    memory, or any iterable of blocks (a ``CorpusStream``), consumed once.

    ``deck`` is the name the deck is written under; every card id is prefixed with its slug
    (``seeds.superposition-basic``) so cards drafted from another corpus never take over
    this deck's cards.
    """
    blocks = corpus.blocks if isinstance(corpus, Corpus) else corpus
    return draft_blocks(blocks, max_cards=max_cards, deck=deck,
                        folder=getattr(corpus, "root", None))

