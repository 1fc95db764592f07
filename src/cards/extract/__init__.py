"""Draft cards from a corpus: blocks -> sentences -> findings -> concepts -> cards.

Concept finding (this package) and card writing (``cards.extract.writing``) meet at
``FoundConcept``.  The pipeline is plain Python plus wordfreq's English frequency table,
so it runs offline and deterministically.  See docs/extractor.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cards.corpus import Corpus
from cards.corpus.blocks import Block, OffsetMap
from cards.decks import DeckCard
from cards.extract.finding import find_all, opening_findings, opening_index
from cards.extract.findings import FoundConcept
from cards.extract.ranking import budget, concepts_of
from cards.extract.sentences import sentences_of
from cards.extract.writing.ids import card_id, deck_slug, slug

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
    """The corpus's blocks; a corpus read line by line gives one paragraph per passage."""
    blocks = getattr(corpus, "blocks", None)
    if blocks:
        return list(blocks)
    file_of = _relative_files(corpus)
    return [Block(file=file_of(p.file), kind="paragraph", text=p.text,
                  offsets=OffsetMap((0,), (p.line,), (p.start,)), author=p.author)
            for p in corpus.passages]


def _relative_files(corpus: Corpus):  # type: ignore[no-untyped-def]
    """Passages carry the displayed path; blocks carry the path inside the folder."""
    prefix = getattr(corpus, "root", None)

    def relative(shown: str) -> str:
        if prefix and shown.startswith(prefix.rstrip("/") + "/"):
            return shown[len(prefix.rstrip("/")) + 1:]
        return shown
    return relative


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


def draft_blocks(blocks: Sequence[Block], max_cards: int | None = None,
                 deck: str | None = None, folder: str | None = None) -> Draft:
    """Draft cards from blocks: the strongest concepts that get a card, up to the
    concept budget of the text's length, and at most MAX_CARDS_PER_10K cards."""
    candidates, n_sentences, words = find_concepts(blocks)
    cards = _write(candidates, None, folder)
    by_concept: dict[str, list[DeckCard]] = {}
    keys = sorted(((slug(c.key) + "-", c.key) for c in candidates), key=lambda k: -len(k[0]))
    for card in cards:
        owner = next((key for prefix, key in keys if card.id.startswith(prefix)), None)
        if owner is not None:
            by_concept.setdefault(owner, []).append(card)
    cap = max(3, round(words / 10_000 * MAX_CARDS_PER_10K))
    limit = min(cap, max_cards) if max_cards is not None else cap
    kept: list[FoundConcept] = []
    chosen: list[DeckCard] = []
    for concept in candidates:
        got = by_concept.get(concept.key)
        if not got or len(kept) >= budget(words) or len(chosen) + len(got) > limit:
            continue
        kept.append(concept)
        chosen.extend(got)
    order = {id(card): i for i, card in enumerate(cards)}
    chosen.sort(key=lambda card: order[id(card)])
    if deck is not None:
        for card in chosen:
            card.id = card_id(deck, card.id)
    return Draft(cards=chosen, concepts=kept, passages=len(blocks), sentences=n_sentences,
                 words=words)


def draft(corpus: Corpus, max_cards: int | None = None, deck: str | None = None) -> Draft:
    """Draft cards for the concepts of a corpus (``cards draft``).

    ``deck`` is the name the deck is written under; every card id is prefixed with its slug
    (``seeds.superposition-basic``) so cards drafted from another corpus never take over
    this deck's cards.
    """
    return draft_blocks(blocks_of(corpus), max_cards=max_cards, deck=deck,
                        folder=getattr(corpus, "root", None))


def _write(concepts: list[FoundConcept], deck: str | None,
           folder: str | None) -> list[DeckCard]:
    from cards.extract.writing import write_cards

    return write_cards(concepts, deck=deck, folder=folder)
