"""Draft concept cards from a corpus: sentences -> terms -> concepts -> cards.

The pipeline is plain Python plus wordfreq's English frequency table, so it runs offline,
deterministically and in well under a second on the seed corpus.  See docs/extractor.md.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from cards.corpus import Corpus
from cards.decks import DeckCard
from cards.extract.concepts import Concept, build_index, find_concepts
from cards.extract.drafting import draft_cards, slug
from cards.extract.sentences import sentences_of

__all__ = ["Draft", "card_id", "deck_slug", "draft"]

#: Longest id the deck format accepts (``^[A-Za-z0-9][A-Za-z0-9_.\-]{0,127}$``).
MAX_ID = 128
#: Longest deck slug kept in front of the concept part of an id.
MAX_DECK_SLUG = 40


@dataclass(slots=True)
class Draft:
    """The outcome of drafting: the cards and the counts the CLI reports."""

    cards: list[DeckCard]
    concepts: list[Concept]
    passages: int
    sentences: int


def _shorten(text: str, limit: int) -> str:
    """Cut an id part to ``limit`` characters, deterministically: a short hash of the whole
    part replaces the tail, so two long parts that share a prefix stay distinct."""
    if len(text) <= limit:
        return text
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return f"{text[:limit - 9].rstrip('-.')}-{digest}"


def deck_slug(deck: str) -> str:
    """The id prefix of a deck: its name folded to ``[a-z0-9-]`` ("My Notes" -> "my-notes")."""
    return _shorten(slug(deck) if slug(deck) != "concept" else "deck", MAX_DECK_SLUG)


def card_id(deck: str, local: str) -> str:
    """``<deck-slug>.<concept-slug>-<kind>``, at most MAX_ID characters.

    The id comes from the deck name and the concept key and card kind only (never from card
    text), so re-drafting the same folder into the same deck gives the same ids, and two
    decks never share one.
    """
    prefix = deck_slug(deck)
    return f"{prefix}.{_shorten(local, MAX_ID - len(prefix) - 1)}"


def draft(corpus: Corpus, max_cards: int | None = None, deck: str | None = None) -> Draft:
    """Draft cards for the concepts of a corpus; the strongest concepts win a card budget.

    ``deck`` is the name the deck is written under; every card id is prefixed with its slug
    (``seeds.superposition-basic``) so cards drafted from another corpus never take over
    this deck's cards.  Without it ids are the bare ``<concept-slug>-<kind>`` (library use;
    ``cards draft`` always passes the deck name).
    """
    sentences = sentences_of(corpus.passages)
    index = build_index(sentences)
    concepts = find_concepts(sentences, index)
    cards = draft_cards(concepts, sentences)
    if max_cards is not None and len(cards) > max_cards:
        cards = _limit(cards, concepts, max_cards)
    with_cards = {card.id.rsplit("-", 1)[0] for card in cards}
    with_cards |= {card.id.split("-vs-")[0] for card in cards}
    kept = [c for c in concepts if slug(c.key) in with_cards]
    if deck is not None:
        for card in cards:
            card.id = card_id(deck, card.id)
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
