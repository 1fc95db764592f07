"""Draft concept cards from a corpus: sentences -> terms -> concepts -> cards.

The pipeline is plain Python plus wordfreq's English frequency table, so it runs offline,
deterministically and in well under a second on the seed corpus.  See docs/extractor.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from cards.corpus import Corpus
from cards.decks import DeckCard
from cards.extract.concepts import Concept, build_index, find_concepts
from cards.extract.drafting import draft_cards, slug
from cards.extract.sentences import sentences_of

__all__ = ["Draft", "draft"]


@dataclass(slots=True)
class Draft:
    """The outcome of drafting: the cards and the counts the CLI reports."""

    cards: list[DeckCard]
    concepts: list[Concept]
    passages: int
    sentences: int


def draft(corpus: Corpus, max_cards: int | None = None) -> Draft:
    """Draft cards for the concepts of a corpus; the strongest concepts win a card budget."""
    sentences = sentences_of(corpus.passages)
    index = build_index(sentences)
    concepts = find_concepts(sentences, index)
    cards = draft_cards(concepts, sentences)
    if max_cards is not None and len(cards) > max_cards:
        cards = _limit(cards, concepts, max_cards)
    with_cards = {card.id.rsplit("-", 1)[0] for card in cards}
    with_cards |= {card.id.split("-vs-")[0] for card in cards}
    kept = [c for c in concepts if slug(c.key) in with_cards]
    return Draft(cards=cards, concepts=kept, passages=len(corpus.passages),
                 sentences=len(sentences))


def _limit(cards: list[DeckCard], concepts: list[Concept], max_cards: int) -> list[DeckCard]:
    """Keep the cards of the highest-scoring concepts, in their original order."""
    rank = {slug(c.key): (-c.score, c.key) for c in concepts}

    def concept_rank(card: DeckCard) -> tuple[float, str]:
        base = card.id.rsplit("-", 1)[0] if "-vs-" not in card.id else card.id.split("-vs-")[0]
        return rank.get(base, (0.0, card.id))

    chosen = set(id(c) for c in sorted(cards, key=concept_rank)[:max_cards])
    return [c for c in cards if id(c) in chosen]
