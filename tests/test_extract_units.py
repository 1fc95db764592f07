"""Unit tests of the extractor's parts: splitting, holes, aliases, definitions, ids."""

from __future__ import annotations

from cards.extract.aliases import concept_key, is_abbreviation_of
from cards.extract.definitions import abbreviations, explanations
from cards.extract.drafting import card_text, slug
from cards.extract.sentences import has_math_hole, is_clean, split_sentences


def _split(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_splitter_respects_abbreviations() -> None:
    assert _split("We use e.g. SGD here. It works. Dr. Shah said so.") == [
        "We use e.g. SGD here.", "It works.", "Dr. Shah said so."]


def test_math_holes_are_detected() -> None:
    assert has_math_hole("For a martingale, the variance of is equal to the sum.")
    assert has_math_hole("The mistaken argument was an attempt to explain why .")
    assert has_math_hole("Choose some tokens  and a fixed :")
    assert not has_math_hole("The variance of the process is equal to the sum.")


def test_unclean_sentences() -> None:
    assert not is_clean("See https://arxiv.org/abs/1 for more.")
    assert not is_clean("The ratio is high, respectively[1].")
    assert not is_clean("continues from the previous line.")
    assert is_clean("Superposition is not polysemanticity.")


def test_alias_keys_merge_spellings() -> None:
    assert concept_key("E-FLOPs") == concept_key("E-FLOP") == "e flop"
    assert concept_key("Effective-FLOP") == concept_key("effective FLOPs")
    assert concept_key("Rashomon sets") == concept_key("Rashomon set")
    assert is_abbreviation_of("E-FLOP", "effective FLOP")
    assert is_abbreviation_of("OKRs", "objectives and key results")
    assert not is_abbreviation_of("E-FLOP", "expected value")


def test_abbreviation_pairs() -> None:
    assert abbreviations("Use OKRs (objectives and key results) often.") == [
        ("OKRs", "objectives and key results")]
    assert abbreviations("honest, helpful, and harmless (HHH).") == [
        ("HHH", "honest, helpful, and harmless")]


def test_definition_patterns() -> None:
    found = explanations("We define widget loss as the loss left after all widgets are fit.")
    assert [(e.term, e.kind) for e in found] == [("widget loss", "define")]
    found = explanations("Top-K accuracy = you guess K labels and win if any is right.")
    assert found[0].term == "Top-K accuracy"
    found = explanations("The key challenge of frobnication is that no basis recovers the parts.")
    assert found[0].term == "frobnication"
    assert found[0].text.startswith("no basis")


def test_card_text_strips_hedges_and_refuses_dangling_references() -> None:
    assert card_text("I think that gradient noise is a form of regularisation here.") == (
        "Gradient noise is a form of regularisation here.")
    assert card_text("This is why the method works so well in practice.") is None
    assert card_text("Your post makes the point about gradient noise well.") is None


def test_ids_come_from_keys() -> None:
    assert slug("conservation of expected evidence") == "conservation-of-expected-evidence"
    assert slug("μ decomposition") == "decomposition"


def test_first_person_claims_are_attributed_not_dropped() -> None:
    assert card_text("I think that gradient noise is a form of regularisation here.",
                     "Ada Byron") == (
        "According to Ada Byron, gradient noise is a form of regularisation here.")


def test_frequencies_match_wordfreq() -> None:
    from wordfreq import zipf_frequency

    from cards.extract.wordfreqs import prime, zipf

    words = ["the", "martingale", "polysemanticity", "evidence", "don't"]
    prime(words)
    assert [zipf(w) for w in words] == [zipf_frequency(w, "en") for w in words]
