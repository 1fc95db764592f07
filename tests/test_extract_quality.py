"""Quality of the deck drafted from seeds/, measured against tests/data/seeds_concepts.toml.

The labelled list was written by reading the corpus; nothing here is keyed into the
extractor.  Recall and precision floors are set below the measured values (see
docs/extractor.md) so a regression fails the test.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from cards.corpus import normalise_text, read_corpus
from cards.decks import validate_card_fields
from cards.extract import Draft, draft
from cards.extract.aliases import concept_key

LABELS = Path(__file__).parent / "data" / "seeds_concepts.toml"
CHROME = re.compile(r"Load More|Sorted by|\(read more\)|Wiki Contributions|\[\d+\]|- \^|"
                    r"https?://|\u00a0|All of .*'s Comments")


@pytest.fixture(scope="module")
def drafted() -> Draft:
    return draft(read_corpus(Path("seeds"), "seeds"))


@pytest.fixture(scope="module")
def labels() -> list[dict]:
    return tomllib.loads(LABELS.read_text("utf-8"))["concept"]


def _keys(label: dict) -> set[str]:
    return {concept_key(n) for n in [label["name"], *label.get("aliases", [])]}


def _names(concept_name: str) -> set[str]:
    """Keys of a drafted concept name, both parts of "ABBR (expansion)"."""
    parts = re.split(r"\s*[()]\s*", concept_name)
    return {concept_key(p) for p in parts if p.strip()}


def _matches(concept_name: str, label: dict) -> bool:
    return bool(_names(concept_name) & _keys(label))


def _concept_names(drafted: Draft) -> list[str]:
    return sorted({card.concept for card in drafted.cards})


def test_every_card_is_valid_and_has_a_concept(drafted: Draft) -> None:
    assert drafted.cards
    for card in drafted.cards:
        validate_card_fields(card)
        assert card.concept and card.status == "draft" and card.source is not None


def test_recall_and_precision(drafted: Draft, labels: list[dict]) -> None:
    names = _concept_names(drafted)
    found = [lab for lab in labels if any(_matches(n, lab) for n in names)]
    correct = [n for n in names if any(_matches(n, lab) for lab in labels)]
    recall = len(found) / len(labels)
    precision = len(correct) / len(names)
    print(f"recall {recall:.2f} ({len(found)}/{len(labels)}), "
          f"precision {precision:.2f} ({len(correct)}/{len(names)})")
    assert recall >= 0.46
    assert precision >= 0.97


def _cards_for(drafted: Draft, label: dict) -> list:
    return [c for c in drafted.cards if _matches(c.concept, label)]


def test_required_concepts_have_correct_cards(drafted: Draft, labels: list[dict]) -> None:
    for label in (lab for lab in labels if lab.get("required")):
        cards = _cards_for(drafted, label)
        assert cards, f"no card for {label['name']}"
        text = " ".join(f"{c.back} {c.text}" for c in cards).lower()
        for word in label["expect"]:
            assert word.lower() in text, f"{label['name']}: card does not say {word!r}"


def test_superposition_is_contrasted_with_polysemanticity(drafted: Draft) -> None:
    """The contrast card must say *how* they differ, in the text's terms."""
    cards = [c for c in drafted.cards if concept_key(c.concept) == "superposition"]
    contrast = [c for c in cards if "polysemantic" in c.front.lower()]
    assert contrast, [c.front for c in cards]
    # the cue only says the terms are confused: the front asks what X involves beyond Y
    assert contrast[0].front == "What makes superposition more than polysemanticity?"
    back = contrast[0].back
    assert "more sparse" in back and "dimensions" in back
    # the consequence clause is the point; "distinct from" error correction is not about
    # polysemanticity, so it is not on the card
    assert "no linear transformation" in back and "recovers all the features" in back
    assert "distinct from" not in back and "error correction" not in back
    assert "isn't just" not in back  # a claim that they differ is not the difference
    quote = contrast[0].source.quote
    assert 'interchangeably with "polysemanticity"' in quote  # the cue is cited too
    assert back[1:].rstrip(".") in quote  # the back's first letter is capitalised
    # one card per fact: the plain "challenge of superposition" card repeated this back
    assert not any("challenge of superposition" in c.front for c in cards)


def test_required_cards_state_the_concept(drafted: Draft) -> None:
    by_key = {}
    for card in drafted.cards:
        by_key.setdefault(concept_key(card.concept.split(" (")[0]), []).append(card)
    flop = by_key["e flop"][0]
    assert "effective FLOP" in flop.front + flop.concept
    assert "multiplier" in flop.back and "algorithmic progress" in flop.back
    assert "more performance out of a given amount of compute" in flop.back  # why
    assert not any("underlying benchmark" in c.text for c in by_key["e flop"])  # guessable
    ceoe = by_key["conservation of expected evidence"][0]
    # the defining sentence writes "a restatement of the conservation of expected evidence"
    assert ceoe.front == "What does the conservation of expected evidence say?"
    assert "martingale" in ceoe.back and "expected change zero" in ceoe.back
    rashomon = by_key["rashomon set"][0]  # the text only says two things about them
    assert rashomon.type == "basic"
    assert rashomon.front == "What does the text say about Rashomon sets?"
    assert "bigger Rashomon sets" in rashomon.back and "model classes" in rashomon.back
    assert "behave very differently" in rashomon.back


def test_aliases_are_merged(drafted: Draft) -> None:
    keys = [concept_key(n) for c in drafted.cards for n in _names(c.concept)]
    flop = [c.concept for c in drafted.cards if "flop" in c.concept.lower()]
    assert len(set(flop)) == 1, flop
    assert "e flop" in keys and "effective flop" in keys
    okr = [c.concept for c in drafted.cards if "OKR" in c.concept]
    assert okr and all("objectives and key results" in c for c in okr)


def test_no_chrome_or_markers_on_cards(drafted: Draft) -> None:
    for card in drafted.cards:
        for field in (card.front, card.back, card.text, card.extra, card.source.quote):
            assert not CHROME.search(field), (card.id, field)


def test_quotes_are_exact_substrings_of_their_line(drafted: Draft) -> None:
    for card in drafted.cards:
        lines = normalise_text(Path(card.source.file).read_text("utf-8")).split("\n")
        assert card.source.quote in lines[card.source.line - 1], card.id


def test_cards_follow_the_rules(drafted: Draft) -> None:
    fronts = [(c.front or c.text).lower() for c in drafted.cards]
    assert len(fronts) == len(set(fronts))
    for card in drafted.cards:
        body = f"{card.front} {card.back} {card.text}"
        assert not re.search(r"\b(?:I think|your post|this post)\b", body), card.id
        # a dangling opener is refused; an expletive "It is possible to" / cleft
        # "It's the X ... that are" refers to nothing outside the sentence
        assert not re.match(r"(?:This|That)\b|It\b(?!(?: is|'s) (?:possible to|the .+? that))",
                            card.text), card.id
        if card.type == "basic":  # a claim with the "But ..." that qualifies it: 45
            claim = re.search(r"(?:claimed|argue) about", card.front)
            assert len(card.back.split()) <= (45 if claim else 40), card.id
        else:
            hidden = re.findall(r"\{\{c1::(.+?)\}\}", card.text)
            visible = re.sub(r"\{\{c1::.+?\}\}", "", card.text).lower()
            assert hidden and all(h.lower() not in visible for h in hidden), card.id


def test_ids_are_unique_and_stable(drafted: Draft) -> None:
    ids = [c.id for c in drafted.cards]
    assert len(ids) == len(set(ids))
    again = draft(read_corpus(Path("seeds"), "seeds"))
    assert [c.id for c in again.cards] == ids
    for card in drafted.cards:
        assert card.id.startswith(re.sub(r"[^a-z0-9]+", "-", concept_key(
            sorted(_names(card.concept), key=len)[-1]))[:20].strip("-")[:5]) or card.id


MINI = Path(__file__).parent / "data" / "mini_corpus"


def test_an_unseen_corpus_gets_its_defined_terms_and_no_chrome() -> None:
    """A small invented page in the same style: its defined terms are drafted, and
    chrome, vote-glued headers, footnotes, URLs and math holes never reach a card."""
    result = draft(read_corpus(MINI, "mini"))
    concepts = {concept_key(n) for c in result.cards for n in _names(c.concept)}
    for term in ["gradient hoarding", "counterfactual pruning", "quiet basin", "SLOs",
                 "drift tagging", "skimmers", "smoke evals", "ring-buffered optimizer",
                 "label smoothing"]:
        assert concept_key(term) in concepts, (term, sorted(concepts))
    by_concept = {concept_key(c.concept): c for c in result.cards}
    assert by_concept["drift tagging"].back.startswith("A labelling scheme")
    assert "By this, I mean" in by_concept["drift tagging"].source.quote  # both sentences
    assert by_concept["skimmer"].back == "Skimmers"
    assert "only read abstracts" in by_concept["skimmer"].front
    fronts = {c.front for c in result.cards}
    assert "What are quiet basins?" in fronts  # the plural the text uses
    assert "What is counterfactual pruning?" in fronts  # no capital from the sentence start
    texts = " ".join(c.text + c.back for c in result.cards)
    assert "underrated" not in texts and "red line" not in texts  # argues / unseen figure
    hoarding = next(c for c in result.cards if concept_key(c.concept) == "gradient hoarding")
    assert "cached directions" in hoarding.back
    assert hoarding.source is not None and hoarding.source.author == "Mira Castellan"
    for card in result.cards:
        body = " ".join([card.front, card.back, card.text, card.source.quote])
        assert not CHROME.search(body), card.id
        assert not re.search(r"Load More|Sorted by|Tobias Wren|lumenApr|example\.org|"
                             r"variance of is|\^", body), card.id
        page = MINI / Path(card.source.file).name
        lines = normalise_text(page.read_text("utf-8")).split("\n")
        assert card.source.quote in lines[card.source.line - 1], card.id


def test_an_unseen_post_page_is_attributed_and_has_no_duplicates() -> None:
    """A post page (title, byline, body, then headed comments) in another style."""
    result = draft(read_corpus(MINI, "mini"))
    post = [c for c in result.cards if c.source.file.endswith("post.txt")]
    by_id = {c.id: c for c in post}
    collapse = by_id["probe-collapse-basic"]
    assert collapse.source.author == "Odile Brandt"
    assert collapse.front == "According to Odile Brandt, what is probe collapse?"
    # "Instead of each unit representing two features, ...": a fragment, no card
    assert "feature-splitting-basic" not in by_id
    assert by_id["probe-direction-map-cloze"].source.author == "Jonas Eke"  # 2nd paragraph
    assert not any("outcome-based" in c.concept for c in post)  # "(i.e. RL)" is too thin
    backs = [c.back for c in post if c.type == "basic"]
    assert len(backs) == len(set(backs))
    assert not any(c.source.author == "Rhea Solberg" and c.source.line != 17 for c in post)


def test_an_unseen_thread_gets_claims_conditionals_and_contrasts() -> None:
    """Round 5 shapes on an invented page: "X: If/Most ..." items, generic-"you"
    conditionals, objects set against each other; dialogue "you said" is refused."""
    result = draft(read_corpus(MINI, "mini"))
    by_id = {c.id: c for c in result.cards if c.source.file.endswith("thread.txt")}
    assert by_id["gradient-plateaus-basic"].front == (
        "What does Petra Lind argue about gradient plateaus?")
    brittle = by_id["brittle-head-basic"]
    assert brittle.back.startswith("Most heads in a wide layer")
    assert brittle.back.endswith("But if you prune the head that the readout attends to, "
                                 "the output changes a lot!")  # the point is kept
    assert brittle.back.replace("!", "") in brittle.source.quote.replace("!", "") + "."
    drift = by_id["gaussian-drift-cloze"].text
    assert drift.startswith("If you assume") and "(in the usual sense)" not in drift
    calibration = by_id["calibration-identity-cloze"]
    assert "[1]" not in calibration.source.quote and "this remark" not in calibration.text
    assert "{{c1::anecdotal evidence}} and rarely" in by_id["anecdotal-evidence-cloze"].text
    assert not any("you said" in (c.text + c.front) for c in by_id.values())
    assert by_id["held-out-loss-cloze"].text.count("{{c1::held-out loss}}") == 2
    assert "grader-fit-reverse" not in by_id  # "what its grader rewards": whose grader?
    assert "{{c1::hypothesis space}} grows" in by_id["hypothesis-space-cloze"].text
    assert by_id["mixture-of-personas-cloze"].text.startswith("Warm starts let you narrow")


def test_an_unseen_thread_gets_round_6_shapes() -> None:
    """Round 6 on the invented thread: a label whose text defines its own subject, a named
    principle, an appositive that says what a thing is, a term the text only says things
    about, and a contrast whose "distinct from" does not name the other term."""
    result = draft(read_corpus(MINI, "mini"))
    by_id = {c.id: c for c in result.cards if c.source.file.endswith("thread.txt")}
    assert not any("nested file" in c.concept.lower() for c in by_id.values())
    assert by_id["probe-drift-basic"].front == "What is probe drift?"
    assert by_id["fooble-principle-basic"].front == "What is the Fooble principle?"
    anchor = by_id["anchor-basic"].back
    assert anchor.startswith("What you keep after distillation - a small model whose outputs")
    assert "whose answers" not in anchor  # the appositive is cut at a clause boundary
    zorn = by_id["zorn-set-basic"]
    assert zorn.front == "What does Petra Lind say about Zorn sets?"
    assert "disagree sharply" in zorn.back
    contrast = by_id["entanglement-vs-redundancy"]
    assert contrast.back.endswith("which means there's no linear readout that recovers all "
                                  "the signals.")
    assert "distinct from" not in contrast.back and "entanglement-basic" not in by_id
    for card in by_id.values():
        if card.type == "cloze":
            assert not card.text.startswith("According to"), card.id



def test_an_unseen_post_with_a_header_comments_link() -> None:
    """tides.txt: the byline author owns the body; one idea per back; a pronoun resolved
    from the previous sentence's subject; a hedged opinion is no cloze."""
    result = draft(read_corpus(MINI, "mini"))
    by_id = {c.id: c for c in result.cards if c.source.file.endswith("tides.txt")}
    assert by_id["tide-lag-basic"].source.author == "Ines Moreau"
    assert not any("ignoring it" in c.back for c in by_id.values())
    surge = by_id["surge-window-basic"]
    assert surge.source.author == "Ines Moreau"
    assert surge.back == ("The stretch of hours before a storm peak when the water runs "
                          "highest.")
    assert not any("fails in shallow" in c.text for c in by_id.values())


def test_an_unseen_page_gets_alias_asides_and_means_after_a_lead() -> None:
    """forecast.txt: "X (also called Y)", "X, a.k.a. Y," merge Y into X and X is drafted from
    the rest of the sentence; "X means how ..." and "..., while X means ..."; a sentence
    with a typo ("an slack book") makes no card."""
    result = draft(read_corpus(MINI, "mini"))
    by_id = {c.id: c for c in result.cards if c.source.file.endswith("forecast.txt")}
    log = by_id["log-score-basic"]
    assert log.front == "What does the log score do?"
    assert log.back.startswith("Assigns the logarithm of the probability")
    outside = by_id["outside-view-basic"]
    assert outside.concept == "outside view" and outside.back.startswith("Predicting from")
    keys = {c.key: c.keys for c in result.concepts}
    assert "logarithmic scoring rule" in keys["log score"]
    assert "reference class forecasting" in keys["outside view"]
    assert "slack book" in keys["tide ledger"]
    assert not any("scoring rule" in k or "reference class" in k or "slack book" in k
                   for k in keys)  # one concept each
    assert by_id["resolution-basic"].back.startswith("How far your forecasts move away")
    assert by_id["inside-view-basic"].back == (
        "Reasoning from the details of your own passage plan.")
    assert not any("an slack" in c.text + c.back for c in result.cards)
