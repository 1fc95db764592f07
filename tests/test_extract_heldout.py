"""Generalisation: the deck drafted from held-out pages the extractor was never tuned on.

tests/data/heldout/ holds three pages written in the scraped LessWrong format on topics
other than the seeds' (forecasting, economics/biology, training dynamics);
labels.toml was written before the extractor was run on them.  Floors sit a little under
the measured values (docs/extractor.md, round 7).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from cards.corpus import file_text, read_corpus
from cards.extract import Draft, draft
from cards.extract.aliases import concept_key
from cards.extract.sentences import has_math_hole

DATA = Path(__file__).parent / "data"
# (folder, precision floor, recall floor): floors a little under the measured values
# heldout2's floor was 0.78 while read_corpus also read the folder's labels.toml as text;
# deck and label TOML files are no longer corpus (issue 9 item 3).
SETS = {"heldout": (0.8, 0.5), "heldout2": (0.8, 0.77)}
CHROME = re.compile(r"Load More|Sorted by|\(read more\)|Wiki Contributions|\[\d+\]|- \^|"
                    r"https?://|\u00a0|All of .*'s Comments|Answer by|Asked by|\bPosts\b")


@pytest.fixture(scope="module", params=sorted(SETS))
def heldout(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def drafted(heldout: str) -> Draft:
    return draft(read_corpus(DATA / heldout, heldout), deck=heldout)


@pytest.fixture(scope="module")
def labels(heldout: str) -> list[dict]:
    return tomllib.loads((DATA / heldout / "labels.toml").read_text("utf-8"))["concept"]


def _keys(label: dict) -> set[str]:
    return {concept_key(n) for n in [label["name"], *label.get("aliases", [])]}


def _label_of(concept: str, labels: list[dict]) -> dict | None:
    # "CDT (causal decision theory)" names its concept twice, as the seeds test allows
    keys = {concept_key(p) for p in re.split(r" \(|\)", concept) if p.strip()}
    return next((lab for lab in labels if keys & _keys(lab)), None)


def test_recall_and_precision_on_heldout_pages(drafted: Draft, labels: list[dict],
                                               heldout: str) -> None:
    names = sorted({card.concept for card in drafted.cards})
    found = {concept_key(lab["name"]) for n in names if (lab := _label_of(n, labels))}
    correct = [n for n in names if _label_of(n, labels)]
    recall, precision = len(found) / len(labels), len(correct) / len(names)
    print(f"{heldout} recall {recall:.2f} ({len(found)}/{len(labels)}), "
          f"precision {precision:.2f} ({len(correct)}/{len(names)})")
    min_precision, min_recall = SETS[heldout]
    assert precision >= min_precision
    assert recall >= min_recall


def test_heldout_cards_say_what_the_labels_expect(drafted: Draft, labels: list[dict]) -> None:
    for card in drafted.cards:
        label = _label_of(card.concept, labels)
        if label is None:
            continue
        shown = " ".join(filter(None, [card.front, card.back, card.text]))
        for word in label.get("expect", []):
            assert word.lower() in shown.lower() or word.lower() in card.source.quote.lower(), (
                card.concept, word)


def test_no_chrome_markers_or_math_holes_in_heldout_cards(drafted: Draft) -> None:
    assert drafted.cards
    for card in drafted.cards:
        for text in filter(None, [card.front, card.back, card.text, card.source.quote]):
            assert not CHROME.search(text), text
            assert not has_math_hole(text), text
        assert card.source.file.endswith(".txt")  # the labels file drafts nothing


def test_heldout_quotes_are_exact_substrings_at_their_line(drafted: Draft) -> None:
    for card in drafted.cards:
        lines = file_text(DATA / card.source.file).split("\n")
        assert card.source.quote in lines[card.source.line - 1], card.id


def test_heldout_attribution_is_never_wrong(drafted: Draft, labels: list[dict]) -> None:
    for card in drafted.cards:
        label = _label_of(card.concept, labels)
        if label is None or card.source.author is None or not label["author"]:
            continue
        # an unsigned card is allowed where the layout leaves the writer unclear; where the
        # label names the writer, a named author must be that one
        assert card.source.author == label["author"], (card.concept, card.source.author)


def test_heldout_fronts_never_give_the_answer_away(drafted: Draft) -> None:
    for card in drafted.cards:
        if card.type == "basic" and card.back and len(card.back.split()) > 2:
            assert card.back.rstrip(".").lower() not in (card.front or "").lower()
        if card.type == "cloze":
            assert "{{c1::" in card.text
