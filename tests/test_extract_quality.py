"""The deck drafted from seeds/: valid cards, traceable quotes, stable ids, no chrome."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cards.corpus import file_text, read_corpus
from cards.decks import validate_card_fields
from cards.extract import Draft, draft

CHROME = re.compile(r"Load More|Sorted by|\(read more\)|Wiki Contributions|- \^|"
                    r"All of .*'s Comments")


@pytest.fixture(scope="module")
def drafted() -> Draft:
    return draft(read_corpus(Path("seeds"), "seeds"), deck="seeds")


def test_every_card_is_valid_and_has_a_concept(drafted: Draft) -> None:
    assert drafted.cards
    for card in drafted.cards:
        validate_card_fields(card)
        assert card.concept and card.status == "draft" and card.source is not None


def test_quotes_are_the_visible_text_at_their_line(drafted: Draft) -> None:
    for card in drafted.cards:
        line = file_text(Path(card.source.file)).split("\n")[card.source.line - 1]
        assert card.source.quote.split(". ")[0][:60] in line, card.source


def test_no_chrome_on_cards(drafted: Draft) -> None:
    for card in drafted.cards:
        assert not CHROME.search(" ".join(filter(None, [card.front, card.back, card.text])))


def test_ids_are_unique_and_stable(drafted: Draft) -> None:
    ids = [c.id for c in drafted.cards]
    assert len(ids) == len(set(ids)) and all(i.startswith("seeds.") for i in ids)
    again = draft(read_corpus(Path("seeds"), "seeds"), deck="seeds")
    assert ids == [c.id for c in again.cards]
