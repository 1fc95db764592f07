"""The smallest real card writer, until ``cards.extract.writing`` lands (h10-cards).

One basic card per concept: "What is X?" with the explaining words cut to 25 words, the
finding's quote and line as its source.  It exists only so concept finding can be
measured end to end; ``cards.extract.writing.write_cards`` replaces it when present.
"""

from __future__ import annotations

import re

from cards.decks import DeckCard, Source, validate_card_fields
from cards.extract.findings import FoundConcept


def write_cards(concepts: list[FoundConcept], *, deck: str | None = None,
                folder: str | None = None) -> list[DeckCard]:
    from cards.extract import card_id, slug

    cards: list[DeckCard] = []
    for concept in concepts:
        finding = concept.findings[0]
        words = re.sub(r"\s+", " ", finding.explanation).split()
        back = " ".join(words[:25]) or finding.quote
        local = f"{slug(concept.key)}-basic"
        block = finding.block
        card = DeckCard(id=card_id(deck, local) if deck else local, type="basic",
                        front=f"What is {concept.term}?", back=back[:1].upper() + back[1:],
                        status="draft", concept=concept.term)
        file = f"{folder.rstrip('/')}/{block.file}" if folder else block.file
        card.source = Source(file=file, line=finding.line, quote=finding.quote,
                             author=block.author)
        try:
            validate_card_fields(card)
        except ValueError:
            continue
        cards.append(card)
    return cards
