"""Unit tests of the extractor's parts: splitting, holes, aliases, definitions, ids."""

from __future__ import annotations

import re

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


def _kinds(sentence: str) -> list[tuple[str, str, str]]:
    return [(e.term, e.kind, e.text) for e in explanations(sentence)]


def test_by_this_and_that_is_leave_the_term_to_the_previous_sentence() -> None:
    assert _kinds("By this, I mean a scheme which tags every checkpoint.") == [
        ("", "by-this", "a scheme which tags every checkpoint")]
    assert _kinds("That is, the creation of accessory tools for capability increase.") == [
        ("", "that-is", "the creation of accessory tools for capability increase")]
    assert _kinds("By this, I mean the figure above.") == []  # unseen reference


def test_ie_forms_verb_short_copula_and_has() -> None:
    assert _kinds("A fair price should be the martingale (i.e. have expected change zero).")[
        -1][:2] == ("martingale", "ie-verb")
    assert _kinds("Once you start any outcome-based supervision (i.e. RL) it changes.") == [
        ("outcome-based supervision", "ie-short", "RL")]
    assert _kinds("I think minimizing model entropy is desirable (i.e. the count of weights).") == [
        ("model entropy", "ie-after", "the count of weights")]
    found = explanations("We saw that wide circuits reach lower loss per step "
                         "(i.e. have higher circuit efficiency) than narrow ones.")
    assert [(e.term, e.kind, e.cue, e.text) for e in found] == [
        ("circuit efficiency", "ie-has", "have higher", "wide circuits reach lower loss per step")]


def test_lets_call_gives_a_reverse_explanation() -> None:
    assert _kinds('The lab has more people who only read abstracts (let\'s call those '
                  '"skimmers") than people who read methods.') == [
        ("skimmers", "call", "people who only read abstracts")]


def test_such_that_item_and_parenthetical_clause() -> None:
    found = _kinds("Very cheap smoke evals, such that if a model fails them it is broken.")
    assert found[0][:2] == ("smoke evals", "such-that")
    assert _kinds("It was stable (label smoothing prevents the logits from growing), so fine.") == [
        ("label smoothing", "clause", "label smoothing prevents the logits from growing")]


def test_evaluations_are_not_definitions() -> None:
    assert _kinds("Drift tagging is something great and underrated.") == []
    assert _kinds("Drift tagging is a wonderful thing for releases.") == []
    assert _kinds("Drift tagging is a labelling scheme for checkpoints.") != []


def test_subject_terms_admit_once_mentioned_terms() -> None:
    from cards.extract.definitions import subject_terms

    assert subject_terms("In a ring-buffered optimizer, old gradients are overwritten.") == [
        "ring-buffered optimizer"]
    assert subject_terms("A cost-blind planner that ranks plans will still pick risky ones.") == [
        "cost-blind planner"]
    assert subject_terms("And methods like gradient clipping further shrink the updates.") == [
        "gradient clipping"]
    assert subject_terms("The definition of frontier AI is wide because it is legal.") == [
        "frontier AI"]
    assert subject_terms("It is possible to enforce value myopia by placing stop gradients.") == [
        "myopia"]
    assert subject_terms("Classic RSI relies on the ability to edit code.") == ["RSI"]
    assert subject_terms("The weather was fine today.") == []


def test_unseen_references_are_refused() -> None:
    from cards.extract.definitions import refers_to_unseen

    assert refers_to_unseen("Each blue line represents a possible fit (the red points).")
    assert refers_to_unseen("See the graph for the numbers.")
    assert not refers_to_unseen("Weight decay encourages spreading out weight norm.")


def test_splitter_cuts_after_a_footnote_marker() -> None:
    assert _split("It holds in training.[1] Once you start RL it changes.") == [
        "It holds in training.", "Once you start RL it changes."]


def _draft_text(text: str):
    from cards.corpus import Corpus, split_passages
    from cards.extract import draft
    return draft(Corpus(files=["x.txt"], passages=split_passages(text, "x.txt"))).cards


def test_instead_of_fragment_is_no_definition() -> None:
    cards = _draft_text("The toy net is in fact not even true feature splitting. Instead of "
                        "each unit representing two features, every unit shares half a one.\n")
    # "each unit representing two features" is a participle fragment, not a definition
    assert not any(c.id == "feature-splitting-basic" for c in cards)
    assert not any(c.concept == "feature splitting" for c in _draft_text(
        "Instead of each unit representing two features, every unit shares half a one.\n"))


def test_no_two_cards_test_the_same_fact_and_no_one_word_answers() -> None:
    from cards.decks import DeckCard, Source
    from cards.extract.drafting import _fact, _thin
    src = Source(file="f", line=1, quote="Q.", author=None)
    one = DeckCard(id="a-basic", type="basic", status="draft", concept="a",
                   front="What is a?", back="RL.", source=src)
    assert _thin(one)
    rev = DeckCard(id="a-reverse", type="basic", status="draft", concept="a",
                   front='What is the term for "x y"?', back="Skimmers", source=src)
    assert not _thin(rev)
    b1 = DeckCard(id="b-basic", type="basic", status="draft", concept="b",
                  front="What does b say?", back="The same answer.", source=src)
    b2 = DeckCard(id="c-basic", type="basic", status="draft", concept="c",
                  front="What does c say?", back="The same answer", source=src)
    assert _fact(b1) == _fact(b2)
    cards = _draft_text("Technically, a probe's loss should be the floor (i.e. have no further "
                        "gain); this is just a restatement of the probe floor rule/law of "
                        "diminishing probes.\n")
    backs = [c.back for c in cards if c.type == "basic" and "say?" in c.front]
    assert len(backs) == len(set(backs)) <= 1


def test_hyphenated_spelling_of_the_text_is_kept() -> None:
    cards = _draft_text("The probe-direction map is what fixes which directions a probe can "
                        "find.\nA probe direction map here. The probe direction map again.\n")
    assert any("{{c1::probe-direction map}}" in c.text for c in cards)


def test_splitter_starts_a_dashed_list_item_inside_a_line() -> None:
    assert _split("It stays flat. - Brittle heads: Most heads are redundant.") == [
        "It stays flat.", "Brittle heads: Most heads are redundant."]
    assert _split("The sum holds.[2]") == ["The sum holds."]


def test_label_item_with_an_argument_is_a_claim_not_a_definition() -> None:
    found = explanations("Gradient plateaus: If the loss changes a lot between checkpoints, "
                         "then the run is probably unstable.")
    assert [(e.term, e.kind) for e in found] == [("Gradient plateaus", "claim")]
    assert explanations("Brittle heads: Most heads in a wide layer are redundant anyway.")[0].kind \
        == "claim"
    assert not any(e.kind == "label" for e in explanations(
        "Brittle heads: Most heads in a wide layer are redundant anyway."))
    cards = _draft_text("Brittle heads: Most heads in a wide layer are redundant, so pruning "
                        "one of them does not change the output much.\n")
    assert cards[0].front == "What is claimed about brittle heads?"  # no author shown


def test_conditionals_name_terms_in_condition_or_outcome() -> None:
    from cards.extract.definitions import conditional_terms
    assert conditional_terms("The general form is: if your forecasts satisfy the calibration "
                             "identity, the error should equal the sum.") == [
        "calibration identity"]
    assert conditional_terms("If you assume small independent updates, your estimate should "
                             "look like Gaussian drift at a large scale.") == ["Gaussian drift"]
    assert conditional_terms("If the data is complicated enough, OOD transfer will be poor.") \
        == ["OOD transfer"]
    assert conditional_terms("If it works, the probe will be fine.") == []


def test_generic_you_is_allowed_in_conditionals_but_not_dialogue() -> None:
    import re as _re

    from cards.extract.drafting import shape_text
    pattern = _re.compile("Gaussian drift")
    text = shape_text("Now, about noise: if you assume small independent updates, your "
                      "estimate should look like Gaussian drift at a large scale.",
                      "conditional", None, pattern)
    assert text == ("If you assume small independent updates, your estimate should look "
                    "like Gaussian drift at a large scale.")
    assert shape_text("If you said that updates are small, your estimate should look like "
                      "Gaussian drift.", "conditional", None, pattern) is None
    owned = shape_text("I claim: if your data is rich enough, Gaussian drift will be rare.",
                       "conditional", "Ana Ruiz", pattern)
    assert owned is not None and owned.startswith("According to Ana Ruiz, if your data")


def test_contrast_objects_and_such_that_backs() -> None:
    from cards.extract.definitions import contrast_objects
    assert contrast_objects("Spot checks only ever provide anecdotal evidence and rarely if "
                            "ever provide coverage guarantees.") == ["anecdotal evidence"]
    assert contrast_objects("Spot checks provide evidence.") == []
    cards = _draft_text("- Very cheap smoke evals, such that if a model fails them it is "
                        "almost certainly broken.\n")
    assert cards[0].back.startswith("Very cheap ones, such that")
    assert "smoke" not in cards[0].back


def test_effect_contrasts_quoted_names_growth_and_lets_you() -> None:
    from cards.extract.definitions import conditional_terms, contrast_objects
    assert contrast_objects("Adding retrieval doesn't improve held-out loss but does improve "
                            "answer quality.") == ["held-out loss"]
    assert contrast_objects("Warm starts let you narrow the mixture of personas before "
                            "reading the input.") == ["mixture of personas"]
    assert contrast_objects("This lets you do it.") == []
    assert conditional_terms("As the size of the hypothesis space grows, more hypotheses "
                             "will fit any dataset.") == ["hypothesis space"]
    found = explanations('We mean having it "match what its grader rewards" (i.e. "grader '
                         'fit" or "the scoring problem" in Ruiz\'s terms).')
    assert [(e.term, e.text, e.kind) for e in found] == [
        ("grader fit", "match what its grader rewards", "ie-quoted")]


def test_contrast_back_keeps_the_consequence_clause() -> None:
    from cards.extract.drafting import with_consequence

    sentence = ("But part of the trouble with tangles is that there are more signals than "
                "channels, which means no readout recovers them all.")
    expl = "there are more signals than channels"
    assert with_consequence(sentence, expl) == (
        "There are more signals than channels, which means no readout recovers them all.")
    long = sentence.replace("them all", "them all " + "and more " * 20)
    assert with_consequence(long, expl) == "There are more signals than channels."


def test_distinct_from_is_kept_only_when_it_names_the_other_term() -> None:
    text = ("You use it interchangeably with \"sharding\". But the challenge of tangling is "
            "that there are more signals than the layer has channels, which means no "
            "readout recovers them. This is distinct from the case where one signal is "
            "copied for error correction.\nSharding is a layout where one tensor is split "
            "across many devices.\n")
    cards = _draft_text(text)
    contrast = next(c for c in cards if c.id == "tangling-vs-sharding")
    assert "which means no readout recovers them" in contrast.back
    assert "distinct from" not in contrast.back
    assert not any(c.id == "tangling-basic" for c in cards)  # same fact, one card
    named = _draft_text(text.replace("the case where one signal is copied for error "
                                     "correction", "sharding, where one tensor is split"))
    contrast = next(c for c in named if c.id == "tangling-vs-sharding")
    assert "this is distinct from sharding" in contrast.back


def test_claim_with_a_default_keeps_the_but_that_qualifies_it() -> None:
    cards = _draft_text("- Loose seams: Most seams in a wide net are slack, so by default a "
                        "small tug does not move the knot much. But if you tug along the "
                        "main cord, the knot moves a lot!\n")
    back = cards[0].back
    assert back.startswith("Most seams") and back.endswith("the knot moves a lot!")
    long = _draft_text("- Loose seams: Most seams in a very wide and very deep fishing net "
                       "are slack and tangled, so by default a small tug on any one of them "
                       "does not move the knot much. But if you tug along the main cord of "
                       "the net, then this will indeed move the knot a lot!\n")
    assert long[0].back.startswith("By default a small tug")  # the reason goes, the point stays


def test_reverse_cards_refuse_unresolved_pronouns() -> None:
    from cards.extract.drafting import unresolved_pronoun

    assert unresolved_pronoun("do what its user wants")
    assert not unresolved_pronoun("get an AI that does what a human wants it to do")
    assert not unresolved_pronoun("people trying to build aligned superintelligence")
    cards = _draft_text('We want having it "match what its grader rewards" (i.e. "grader '
                        'fit" or "the scoring problem").\n')
    assert not any(c.id.endswith("-reverse") for c in cards)


def test_appositive_label_definition_and_named_principles() -> None:
    found = explanations("I understand the lantern to be what you keep after pruning - a "
                         "small net whose outputs match the teacher on the core tasks whose "
                         "answers are short and easy for a grader to check by hand.")
    assert found[0].text == ("what you keep after pruning - a small net whose outputs "
                             "match the teacher on the core tasks")
    found = explanations("Loose end: Probe decay is when a probe stops tracking its feature.")
    assert [(e.term, e.kind) for e in found] == [("Probe decay", "is-a")]
    cards = _draft_text("The Wobble principle is the rule that every probe is checked "
                        "after each update.\n")
    assert cards[0].front == "What is the Wobble principle?"


def test_ie_verb_front_and_back() -> None:
    cards = _draft_text("The error over time should be the equilibrant (i.e. have zero slope "
                        "over any window); this is a restatement of the stable-error law.\n")
    basic = next(c for c in cards if c.id == "equilibrant-basic")
    assert basic.front == "What is an equilibrant, as the text uses it?"
    assert basic.back == "Something that has zero slope over any window."


def test_cloze_text_carries_no_attribution() -> None:
    from cards.corpus import Corpus, split_passages
    from cards.extract import draft

    text = ("All of Ana Ruiz's Comments + Replies\n\nI claim: if your data is rich enough, "
            "by default, probe drift will be small.\n")
    cards = draft(Corpus(files=["x.txt"], passages=split_passages(text, "x.txt"))).cards
    cloze = [c for c in cards if c.type == "cloze"]
    assert cloze and cloze[0].text.startswith("If your data is rich enough")
    assert cloze[0].source.author == "Ana Ruiz"


def test_short_relation_cloze_is_refused_next_to_a_basic_card() -> None:
    cards = _draft_text("This makes the idea of warm FLOP tempting: add a multiplier for "
                        "better optimisers. Warm FLOPs depend on the benchmark.\n")
    assert not any(c.type == "cloze" and "depend on the benchmark" in c.text for c in cards)



# --- round 7: shapes and refusals found by the held-out audit (tests/data/heldout/) ---

def _explained(sentence: str) -> dict[str, tuple[str, str]]:
    return {e.term: (e.text, e.kind) for e in explanations(sentence)}


def test_means_with_a_gerund_or_that_clause_explains() -> None:
    got = _explained("Frobnication means heating the sample slowly until the crystals align.")
    assert got["Frobnication"][0].startswith("heating the sample")
    got = _explained("Being robust means that the output hardly changes when the input is noisy.")
    assert got["robust"][1] == "means"


def test_term_closing_a_clause_before_a_colon_is_explained() -> None:
    got = _explained("The trick that saved us was gradient checkpointing: you recompute "
                     "activations in the backward pass instead of storing them.")
    assert got["gradient checkpointing"][0].startswith("you recompute")
    assert not _explained("A claim is credible if it is costly to fake: a bird with a long "
                          "tail must be healthy.")  # "costly to fake" is no name


def test_appositive_after_a_dash_explains() -> None:
    got = _explained("The usual remedy is a Tobin tax - a small tax on every currency "
                     "trade that discourages speculation.")
    assert got["Tobin tax"][0].startswith("a small tax on every currency trade")


def test_lower_case_list_labels_explain_but_headings_do_not() -> None:
    got = _explained("Niche construction: organisms change their own environment and so "
                     "change the selection pressures on them.")
    assert "Niche construction" in got
    assert not _explained("Short version: at the start the curvature is high and steps "
                          "overshoot badly.")


def test_empty_role_explanations_are_refused() -> None:
    assert not _explained("Sugar taxes are the textbook example.")
    got = _explained("The hinge loss is the other common choice: you pay the margin "
                     "violation for every misclassified point.")
    assert got["hinge loss"][0].startswith("you pay the margin")


def test_short_definitions_keep_because_and_drop_trailing_fragments() -> None:
    got = _explained("Free riding is when someone enjoys a benefit because others paid for "
                     "it, like a neighbour watching your fireworks.")
    assert got["Free riding"][0] == "when someone enjoys a benefit because others paid for it"
    got = _explained("Exit criteria are the exact conditions under which a trial stops "
                     "early, written so that nobody can move them later.")
    assert got["Exit criteria"][0] == "the exact conditions under which a trial stops early"


def test_above_and_below_with_an_object_are_not_page_references() -> None:
    from cards.extract.definitions import refers_to_unseen
    assert not refers_to_unseen("Below it, doubling the batch halves the steps; above it, not.")
    assert refers_to_unseen("The curve shown above rises.")
    assert refers_to_unseen("As discussed above, it rises.")


def _one_concept_deck(text: str):
    from pathlib import Path
    from tempfile import TemporaryDirectory

    from cards.corpus import read_corpus
    from cards.extract import draft
    with TemporaryDirectory() as tmp:
        (Path(tmp) / "page.txt").write_text(text, "utf-8")
        return draft(read_corpus(Path(tmp), "t")).cards


def test_fronts_take_the_article_plural_and_capitals_of_the_text() -> None:
    cards = _one_concept_deck(
        "The Gini coefficient is a number between zero and one that measures how unequal "
        "incomes are.\n\nExit criteria are the exact conditions under which a trial stops.\n\n"
        "Okun's law is the observation that unemployment falls when output grows fast.\n\n"
        "Red Queen dynamics: in an arms race, a species has to keep adapting to stay put.\n")
    fronts = {c.front for c in cards}
    assert "What is the Gini coefficient?" in fronts
    assert "What are exit criteria?" in fronts
    assert any("Okun's law" in f for f in fronts)
    assert "What are Red Queen dynamics?" in fronts


def test_a_verdict_is_no_cloze() -> None:
    cards = _one_concept_deck("Kin selection does most of the work in these models.\n")
    assert not [c for c in cards if c.type == "cloze"]


# --- round 8: shapes from the second held-out set (invented sentences, not its text) ---

def _card_for(cards, concept: str):
    return next((c for c in cards if concept_key(c.concept.split(" (")[0]) == concept), None)


def test_term_in_one_sentence_explanation_in_the_next() -> None:
    cards = _draft_text(
        "Some words people use here.\n\n"
        "Take pebble voting. The idea is that every member drops a stone into the jar of the "
        "option they favour and the fullest jar wins.\n\n"
        "You mean a quorum clock? That's when the meeting only starts once enough members "
        "have signed in on the board.\n\n"
        "1. Ledger pruning. It removes every entry older than a year so the book stays short "
        "enough to audit.\n\n"
        "I think ballot fatigue is the biggest risk for a small club. It's what happens when "
        "members stop voting because there are too many questions.\n\n"
        "You mean that? That's a good point about the whole thing.\n")
    pebble = _card_for(cards, "pebble voting")
    assert pebble and pebble.back.startswith("Every member drops a stone")
    assert "Take pebble voting." in pebble.source.quote
    clock = _card_for(cards, "quorum clock")
    assert clock and clock.front == "What is a quorum clock?" and clock.back.startswith("When")
    pruning = _card_for(cards, "ledger pruning")
    assert pruning and pruning.front == "What does ledger pruning do?"
    assert pruning.back.startswith("It removes every entry")
    fatigue = _card_for(cards, "ballot fatigue")
    assert fatigue and fatigue.back.startswith("What happens when members stop voting")
    assert not any("good point" in (c.back or "") for c in cards)


def test_usually_called_names_its_subject() -> None:
    assert not has_math_hole("The number you start from is usually called the anchor value.")
    assert has_math_hole("The expected value of is equal to the mean.")
    found = explanations("The number you start from is usually called the anchor value, and "
                         "it matters.")
    assert [(e.term, e.text, e.kind) for e in found] == [
        ("anchor value", "The number you start from", "called")]


def test_which_aside_then_colon_and_one_where() -> None:
    found = explanations("A frost audit, which few teams bother with, deserves a sentence: "
                         "it's a review of every cold-storage unit before the winter starts.")
    assert found and found[0].term == "frost audit"
    assert found[0].text.startswith("a review of every cold-storage unit")
    found = explanations("A split ballot is one where each voter may divide their single vote "
                         "between two options.")
    assert found and found[0].term == "split ballot" and found[0].text.startswith("one where")
    found = explanations("Tidal pruning: the claim is that gardens kept near the sea need "
                         "cutting back twice as often.")
    assert found and found[0].kind == "of-is" and found[0].cue == "claim"
    assert found[0].text.startswith("gardens kept near the sea")


def test_subject_verbs_and_evaluative_mostly() -> None:
    from cards.extract.definitions import subject_terms
    assert subject_terms("Frost banking removes heat from the soil so that roots survive "
                         "the first hard night.") == ["Frost banking"]
    assert subject_terms("A relay ledger sends each entry to two auditors before it is "
                         "final.") == ["relay ledger"]
    cards = _draft_text("Microkernels are mostly an old idea applied on purpose, which is why "
                        "they go badly.\n")
    assert not cards


def test_backs_keep_the_key_clause_and_drop_weak_openings() -> None:
    from cards.extract.drafting import short_back
    back = short_back("you pick a set of past cases that resemble the one you're predicting, "
                      "look at how they turned out, and use that frequency as your starting "
                      "estimate before adjusting for specifics")
    assert back.endswith("use that frequency as your starting estimate.")
    back = short_back("it mixes different kinds of problems within one session instead of "
                      "practising one kind in a block, which helps you learn to tell which "
                      "method a problem needs")
    assert back.endswith("in a block.")
    found = explanations("Reverse auction is the one that runs backwards: sellers bid the "
                         "price down until only one of them is left standing.")
    assert found and found[0].text.startswith("sellers bid the price down")
    found = explanations("A soft deadline is a date that feels binding in the moment but "
                         "can be moved, as most people learn.")
    assert found and found[0].text.endswith("but can be moved")


def test_fronts_get_articles_agreement_and_procedure_questions() -> None:
    cards = _draft_text(
        "The usual answer is a Fennick tax - a tax set equal to the damage a ship does to "
        "the harbour.\n\n"
        "- Blue Lagoon dynamics: in a closed harbour, every boat has to keep moving just to "
        "keep its mooring where it was.\n\n"
        "The trick was drift reckoning: you take the last known position, add the speed times "
        "the hours, and mark that as your guess.\n\n"
        "- Harbour advantage: you should moor where you give up least, not where the water "
        "is deepest.\n\n"
        "Take Noble's puzzle. The idea is that two captains each think the other will give "
        "way first.\n")
    fronts = {c.concept: c.front for c in cards if c.type == "basic"}
    assert fronts.get("Fennick tax") == "What is a Fennick tax?"
    assert fronts.get("Blue Lagoon dynamics") == "What are Blue Lagoon dynamics?"
    assert fronts.get("drift reckoning") == "How does drift reckoning work?"
    advantage = _card_for(cards, "harbour advantage")
    assert advantage and advantage.front == "What does harbour advantage say you should do?"
    assert advantage.back.startswith("Moor where you give up least")
    assert fronts.get("Noble's puzzle") == "What is Noble's puzzle?"


# --- articles on fronts: how the text itself introduces the term (invented sentences) ---

def _basic_front(cards, concept: str) -> str | None:
    card = _card_for(cards, concept)
    return card.front if card is not None and card.type == "basic" else None


def test_a_label_name_takes_a_when_the_text_counts_its_head() -> None:
    # "1. X." is a label (no article evidence); "a winning move", "moves": count noun
    cards = _draft_text(
        "1. Forcing move. It leaves the other player exactly one reply that does not lose "
        "material at once. Every player looks for a winning move.\n")
    assert _basic_front(cards, "forcing move") == "What does a forcing move do?"


def test_the_x_of_takes_the() -> None:
    cards = _draft_text(
        "The drift margin of a harbour is the distance a moored boat may swing before it "
        "touches its neighbour.\n")
    assert _basic_front(cards, "drift margin") == "What is the drift margin?"


def test_the_article_comes_from_mentions_in_running_prose() -> None:
    cards = _draft_text(
        "Engineers worry about the quorum deficit when half the cluster sleeps.\n\n"
        "Quorum deficit: the number of extra votes a cluster needs before it may commit "
        "a write.\n")
    assert _basic_front(cards, "quorum deficit") == "What is the quorum deficit?"


def test_called_the_x_takes_the() -> None:
    cards = _draft_text(
        "The feeling that you know a route because you have read the map twice is usually "
        "called the illusion of mastery.\n")
    assert _basic_front(cards, "illusion of mastery") == "What is the illusion of mastery?"


def test_mass_nouns_and_bare_names_take_no_article() -> None:
    cards = _draft_text(
        "I think minimizing tidal entropy is desirable here.\n\n"
        "Tidal entropy is the spread of arrival times a harbour sees over one season.\n")
    assert _basic_front(cards, "tidal entropy") == "What is tidal entropy?"


def test_an_by_sound_and_agreement_with_plurals() -> None:
    from cards.extract.drafting import indefinite
    assert [indefinite(w) for w in ("orbit", "unit", "hour", "European", "LLM", "RL agent",
                                    "bus", "one-off", "umbrella")] == [
        "an", "a", "an", "a", "an", "an", "a", "a", "an"]
    cards = _draft_text(
        "An orbit ledger is a record of every pass a satellite makes over one station.\n\n"
        "Drift tables are the lists sailors keep of how far each current pushes a boat.\n")
    assert _basic_front(cards, "orbit ledger") == "What is an orbit ledger?"
    assert _basic_front(cards, "drift table") == "What are drift tables?"


def test_the_defining_sentence_wins_when_mentions_disagree() -> None:
    cards = _draft_text(
        "Sailors argue about keel bias all the time, and keel bias comes up in every race.\n\n"
        "The keel bias is the pull a boat shows to one side when its keel is slightly "
        "bent.\n")
    assert _basic_front(cards, "keel bias") == "What is the keel bias?"


def test_a_proper_first_word_keeps_its_capital_and_plural_abbreviations_agree() -> None:
    cards = _draft_text(
        "2. Tarrow equilibrium. A Tarrow equilibrium is a split of the catch such that no "
        "boat gains by fishing another bank.\n\n"
        "- Use SLOs (service level objectives) and check them every week.\n")
    assert _basic_front(cards, "tarrow equilibrium") == "What is a Tarrow equilibrium?"
    assert any(c.front == "What do SLOs stand for?" for c in cards)


def test_hedged_opinions_make_no_cloze_but_hedged_definitions_do() -> None:
    from cards.extract.drafting import _hedged_opinion
    opinion = "The tide table overstates neap ranges."
    m = re.search("tide table", opinion)
    assert _hedged_opinion(opinion, "I think " + opinion[0].lower() + opinion[1:], m)
    assert not _hedged_opinion(opinion, opinion, m)
    definition = "A tide table is a list of predicted high and low waters."
    m = re.search("tide table", definition)
    assert not _hedged_opinion(definition, "I believe " + definition[0].lower()
                               + definition[1:], m)


def test_backs_keep_one_idea_and_no_dangling_pronoun() -> None:
    from cards.extract.drafting import _dangling_object, _one_idea
    assert _one_idea("The habit of rounding every estimate up, and the harbour master "
                     "is the one who decides.") == "The habit of rounding every estimate up."
    assert _one_idea("The error of ignoring the lag: skippers read the table.") == (
        "The error of ignoring the lag.")
    assert _one_idea("Salt and fresh water.") == "Salt and fresh water."
    assert _dangling_object("The error of ignoring it.")
    assert not _dangling_object("The delay a gauge records before it resets.")


def test_participle_fragments_and_obvious_typos() -> None:
    from cards.extract.definitions import participle_fragment
    from cards.extract.sentences import has_obvious_typo
    assert participle_fragment("each head representing >1 feature")
    assert participle_fragment("a unit shared by two layers")
    assert not participle_fragment("each head is one feature")
    assert not participle_fragment("something cheap")
    assert has_obvious_typo("It's the loss basin an parameter map that matter.")
    assert has_obvious_typo("Then the the map is flat.")
    assert has_obvious_typo("A idea is cheap.")
    assert not has_obvious_typo("An hour and a unit and an LLM and a one-off and an idea.")
    assert not has_obvious_typo("The map that that basin gives had had no gaps.")
    cards = _draft_text("It's the quiet basin an tide map that are responsible for most of "
                        "the drift in a long voyage.\n")
    assert not any("an tide" in c.text for c in cards)


def test_alias_asides_and_means_after_a_lead() -> None:
    from cards.extract.definitions import alias_pairs
    assert alias_pairs("The tide clock (also known as tidal dial) shows the hours left.") == [
        ("tide clock", "tidal dial")]
    assert alias_pairs("A tide clock, a.k.a. tidal dial, shows the hours left.") == [
        ("tide clock", "tidal dial")]
    assert alias_pairs("The tide clock (also shown on the wall) is old.") == []
    found = explanations("The tide clock (also called tidal dial) means reading the hours "
                         "left before high water.")
    assert [(e.term, e.kind) for e in found] == [("tide clock", "means")]
    found = explanations("In harbour pilotage, slack drift means how far a moored hull "
                         "swings when the tide turns.")
    assert [(e.term, e.kind) for e in found] == [("slack drift", "means")]
    found = explanations("Pilots read charts, while the tide rule means checking the "
                         "moon before every departure.")
    assert [(e.term, e.text) for e in found] == [
        ("tide rule", "checking the moon before every departure")]
