"""Card writing rules (issue 10 §3), each on invented sentences, refusals included."""

from __future__ import annotations

import re

import pytest

from cards.corpus.blocks import Block, OffsetMap, Span
from cards.decks import CLOZE_RE, DeckCard
from cards.extract.findings import Finding, FoundConcept, Relation
from cards.extract.writing import artefacts, limit_cards, write_cards
from cards.extract.writing.backs import make_back, words
from cards.extract.writing.cloze import make_cloze
from cards.extract.writing.explained import explained_cloze
from cards.extract.writing.fronts import ask
from cards.extract.writing.hedges import unhedge


def finding(text: str, term: str, explanation: str, relation: Relation = "definition", *,
            hedged: bool = False, author: str | None = None, other: str | None = None,
            sentence: str | None = None, line: int = 7, file: str = "notes.md") -> Finding:
    block = Block(file=file, kind="paragraph", text=text,
                  offsets=OffsetMap((0,), (line,), (0,)), author=author)
    start = text.find(sentence) if sentence else 0
    end = start + len(sentence) if sentence else len(text)
    return Finding(term=term, shape="test", block=block, start=start, end=end,
                   explanation=explanation, relation=relation, hedged=hedged, other=other)


def concept(term: str, *findings: Finding, aliases: tuple[str, ...] = (),
            score: float = 1.0) -> FoundConcept:
    return FoundConcept(key=term.lower(), term=term, aliases=aliases,
                        findings=list(findings), score=score)


CATALYST = concept(
    "catalyst",
    finding("A catalyst is a substance that speeds up a reaction without being used up.",
            "catalyst", "a substance that speeds up a reaction without being used up"),
    finding("Every catalyst lowers the activation energy that a reaction must overcome.",
            "catalyst", "lowers the activation energy that a reaction must overcome",
            "property", file="more.md"),
)


# --- one concept, one or two cards, clean ids -------------------------------------------

def test_a_definition_gives_a_question_card_and_another_sentence_a_cloze() -> None:
    cards = write_cards([CATALYST], deck="Chem Notes", folder="chem")
    assert [c.id for c in cards] == ["chem-notes.catalyst-basic", "chem-notes.catalyst-cloze"]
    basic, cloze = cards
    assert basic.front == "What is a catalyst?"
    assert basic.back == "A substance that speeds up a reaction without being used up."
    assert basic.source is not None and basic.source.file == "chem/notes.md"
    assert basic.source.line == 7
    assert basic.source.quote.startswith("A catalyst is")
    assert cloze.text == ("Every {{c1::catalyst}} lowers the activation energy that a "
                          "reaction must overcome.")
    assert all(c.status == "draft" for c in cards)


def test_ids_come_from_the_concept_not_the_card_text() -> None:
    reworded = concept(
        "catalyst",
        finding("A catalyst is a compound that makes a reaction go faster and survives it.",
                "catalyst", "a compound that makes a reaction go faster and survives it"))
    assert write_cards([reworded], deck="chem")[0].id == write_cards([CATALYST],
                                                                    deck="chem")[0].id


def test_at_most_two_cards_per_concept() -> None:
    many = concept("isotope", *[
        finding(f"An isotope is {fact}.", "isotope", fact, file=f"f{n}.md")
        for n, fact in enumerate(("a form of an element with extra neutrons in its nucleus",
                                  "the reason one element can have several atomic masses",
                                  "what a mass spectrometer tells apart by weight",
                                  "a variant that may decay and give off radiation"))])
    assert len(write_cards([many])) == 2


# --- atomic backs ---------------------------------------------------------------------

def test_a_long_back_is_cut_at_a_clause_boundary() -> None:
    back = make_back("the temperature at which a liquid turns into a gas at a given pressure, "
                     "which is why water boils at a lower temperature on a high mountain "
                     "than it does at sea level")
    assert back == "The temperature at which a liquid turns into a gas at a given pressure."


def test_a_long_back_with_no_clause_boundary_is_refused() -> None:
    assert make_back("the very long and winding list of all the many small things that a "
                     "careful chemist checks on every single bottle of every reagent in the "
                     "whole laboratory store") is None


def test_a_back_never_ends_mid_phrase() -> None:
    back = make_back("a mixture of two liquids that do not dissolve in each other, such as "
                     "oil and water, shaken together until droplets of one float in the other")
    assert back is not None and words(back) <= 20
    assert not re.search(r"\b(?:of|the|a|and|such|as|in)\.$", back)


def test_an_example_after_the_definition_is_dropped() -> None:
    back = make_back("a substance that accepts protons, for example ammonia in water")
    assert back == "A substance that accepts protons."


# --- self-contained -------------------------------------------------------------------

@pytest.mark.parametrize("explanation", [
    "this but applied to gases",
    "it, only in reverse",
    "much more stable in practice",
    "the same as the one shown above",
    "like the reaction in Figure 3",
])
def test_a_back_leaning_on_unseen_text_is_refused(explanation: str) -> None:
    assert make_back(explanation) is None


def test_a_back_with_a_relative_that_is_kept() -> None:
    assert make_back("a learned model that is itself an optimizer") == (
        "A learned model that is itself an optimizer.")


@pytest.mark.parametrize("explanation", ["very important", "a good idea", "useful"])
def test_a_verdict_is_not_an_explanation(explanation: str) -> None:
    assert make_back(explanation) is None


def test_a_back_that_names_the_term_is_refused() -> None:
    assert make_back("the thing a catalyst does", ["catalyst"]) is None


# --- artefacts --------------------------------------------------------------------------

@pytest.mark.parametrize("text, problem", [
    ("the variance2 of the estimate", "glued note number"),
    ("the end of the reaction.3The next step", "glued note number"),
    ("the modelThe next paragraph", "missing space"),
    ("the sum of and", "math hole"),
    ("the value of is positive", "math hole"),
    ("a ratio (of mass to volume", "unbalanced brackets"),
    ('a so-called "ideal gas', "half quote"),
    ("a <em>noble</em> gas", "markup"),
    ("see [the table](table.html) here", "markup"),
    ("the energy $E = mc^2$ released", "markup"),
    ("an \\term{ion} with charge", "markup"),
])
def test_artefacts_are_found(text: str, problem: str) -> None:
    assert problem in artefacts.problems(artefacts.repair(text))


def test_harmless_artefacts_are_repaired() -> None:
    assert artefacts.clean("a snake\\_case name &amp; its  value") == (
        "a snake_case name & its value")
    assert artefacts.clean('"a charged atom') == "a charged atom"


@pytest.mark.parametrize("text", ["JavaScript runs in the browser",
                                  "an iPhone app", "the pH of the solution",
                                  "a well-known on-policy method"])
def test_names_and_hyphens_are_not_artefacts(text: str) -> None:
    assert artefacts.problems(text) == []


def test_a_card_from_a_sentence_with_artefacts_is_refused() -> None:
    broken = concept("molarity", finding(
        "Molarity is the number of moles of solute per litre of solution.4Next we see",
        "molarity", "the number of moles of solute per litre of solution.4Next we see"))
    assert write_cards([broken]) == []


# --- hedges ---------------------------------------------------------------------------

def test_a_hedged_definition_is_attributed_to_the_author() -> None:
    hedged = concept("mesa-optimizer", finding(
        "I think a mesa-optimizer is something like a learned model that is itself an "
        "optimizer.", "mesa-optimizer",
        "something like a learned model that is itself an optimizer",
        hedged=True, author="Ada Byron"))
    card = write_cards([hedged])[0]
    assert card.front == "According to Ada Byron, what is a mesa-optimizer?"
    assert card.back.startswith("Something like")


def test_a_hedged_claim_without_author_says_the_authors_propose() -> None:
    claim = finding("We claim that tidal locking slows the rotation of every small moon.",
                    "tidal locking", "slows the rotation of every small moon", "claim",
                    hedged=True)
    text = make_cloze(claim, ["tidal locking"])
    assert text == ("The text proposes that {{c1::tidal locking}} slows the rotation of "
                    "every small moon.")


def test_a_hedge_is_noticed_even_when_the_finder_missed_it() -> None:
    stance = unhedge("In my view, sulfur bridges are the reason rubber stays elastic.")
    assert stance.hedged and stance.text.startswith("Sulfur bridges")
    assert unhedge("Quartz is, I think, the commonest mineral in sand.").hedged


def test_a_hedged_claim_with_first_person_left_is_refused() -> None:
    claim = finding("I claim that tidal locking is why our moon shows us one face.",
                    "tidal locking", "why our moon shows us one face", "claim", hedged=True)
    assert make_cloze(claim, ["tidal locking"]) is None


# --- fronts ---------------------------------------------------------------------------

def test_fronts_follow_the_relation() -> None:
    depends = finding("The boiling point depends on the pressure above the liquid.",
                      "boiling point", "depends on the pressure above the liquid", "property")
    reduces = finding("A buffer reduces the change in pH when an acid is added.",
                      "buffer", "reduces the change in pH when an acid is added", "property")
    purpose = finding("A burette is used to add a liquid drop by drop.", "burette",
                      "used to add a liquid drop by drop", "purpose")
    contrast = finding("Unlike a mixture, a compound has a fixed ratio of elements.",
                       "compound", "has a fixed ratio of elements", "contrast",
                       other="a mixture")
    assert ask(depends, "the boiling point").front == "What does the boiling point depend on?"
    assert ask(depends, "the boiling point").answer == "the pressure above the liquid"
    assert ask(reduces, "a buffer").front == "What does a buffer reduce?"
    assert ask(purpose, "a burette").front == "What is a burette used for?"
    assert ask(purpose, "a burette").answer == "To add a liquid drop by drop"
    assert ask(contrast, "a compound").front == "How does a compound differ from a mixture?"


def test_plural_names_agree() -> None:
    plural = finding("Noble gases rarely form compounds with other elements.", "noble gases",
                     "rarely form compounds with other elements", "property")
    cards = write_cards([concept("noble gases", plural)])
    assert all("does" not in (c.front or "") for c in cards)


def test_no_front_is_ever_vague() -> None:
    odd = finding("Entropy keeps going, whatever one tries.", "entropy",
                  "keeps going, whatever one tries", "property")
    cards = write_cards([concept("entropy", odd)])
    assert all("say about" not in c.front for c in cards)


def test_the_front_does_not_give_the_answer_away() -> None:
    circular = concept("acid rain", finding(
        "Acid rain is rain that is acid.", "acid rain", "rain that is acid"))
    assert [c for c in write_cards([circular]) if c.type == "basic"] == []


def test_articles_follow_the_text() -> None:
    bare = concept("entropy", finding(
        "Entropy is a measure of how many arrangements a system can take.", "entropy",
        "a measure of how many arrangements a system can take"))
    named = concept("Le Chatelier principle", finding(
        "The Le Chatelier principle says a system at equilibrium shifts to undo a change.",
        "Le Chatelier principle", "a system at equilibrium shifts to undo a change"))
    assert write_cards([bare])[0].front == "What is entropy?"
    assert write_cards([named])[0].front == "What is the Le Chatelier principle?"


# --- cloze ----------------------------------------------------------------------------

def test_a_cloze_hides_every_mention_and_alias_of_the_term_only() -> None:
    f = finding("Electronegativity (EN) measures how strongly an atom pulls shared "
                "electrons, and EN rises across a period.", "electronegativity",
                "measures how strongly an atom pulls shared electrons", "property")
    text = make_cloze(f, ["electronegativity", "EN"])
    assert text is not None
    assert [m.group(2) for m in CLOZE_RE.finditer(text)] == [
        "Electronegativity", "EN", "EN"]
    assert "measures how strongly" in text


@pytest.mark.parametrize("term", ["the", "thing", "is", "model is"])
def test_a_cloze_never_hides_a_generic_word_or_a_verb(term: str) -> None:
    f = finding("The thing is that a model is only as good as the data it learns from.",
                term, "x", "property")
    assert make_cloze(f, [term]) is None


@pytest.mark.parametrize("sentence", [
    "Titration finds concentration.",                       # under 8 words
    "This is why titration needs a careful hand and a very clean burette.",  # dangling
    "Does titration really need a careful hand and a clean burette?",       # a question
    " ".join(["Titration"] + ["step"] * 45) + ".",          # over 40 words
])
def test_a_cloze_sentence_must_stand_alone_in_8_to_40_words(sentence: str) -> None:
    assert make_cloze(finding(sentence, "titration", "x", "property"), ["titration"]) is None


# --- duplicates -----------------------------------------------------------------------

def test_one_sentence_never_gives_two_cards_on_one_concept() -> None:
    sentence = "A solvent is the substance in which a solute dissolves to form a solution."
    solvent = concept("solvent", finding(sentence, "solvent",
                                         "the substance in which a solute dissolves to form "
                                         "a solution"),
                      finding(sentence, "solvent", "what a solute dissolves in", "property"))
    solute = concept("solute", finding(sentence, "solute", "what dissolves in a solvent",
                                       "claim"))
    cards = write_cards([solvent, solute])
    quotes = [c.source.quote for c in cards if c.source]
    assert len(quotes) == len(set(quotes)) == 1  # the solute is only mentioned there


def test_a_sentence_naming_two_concepts_gives_the_second_a_question_never_a_cloze() -> None:
    sentence = ("The first substance in the flask is called the solvent, and the others are "
                "called solutes.")
    first = finding(sentence, "solvent", "the first substance in the flask")
    other = finding(sentence, "solutes", "the other substances in the flask")
    other.shape = "is-called-x"
    cards = write_cards([concept("solvent", first), concept("solutes", other)])
    assert sorted(c.concept for c in cards) == ["solutes", "solvent"]
    assert all(c.type == "basic" for c in cards)
    only_named = finding(sentence, "solutes", "x", "claim")
    only_named.shape = "is-called-x"
    cards = write_cards([concept("solvent", first), concept("solutes", only_named)])
    assert [c.concept for c in cards] == ["solvent"]  # its cloze would show the solvent's


def test_no_two_cards_share_a_front_or_an_answer() -> None:
    a = concept("alkali metal", finding(
        "An alkali metal is an element of group one of the periodic table.", "alkali metal",
        "an element of group one of the periodic table"))
    b = concept("alkali metals", finding(
        "Alkali metal: an element of group one of the periodic table.", "alkali metal",
        "an element of group one of the periodic table", file="b.md"))
    cards = write_cards([a, b])
    assert len({(c.front, c.back) for c in cards}) == len(cards)
    assert len({c.back for c in cards if c.back}) == len([c for c in cards if c.back])


def test_an_acronym_card_only_when_the_text_says_nothing_more() -> None:
    stands = finding("Nuclear magnetic resonance (NMR) is used across chemistry.",
                     "nuclear magnetic resonance", "x", "abbreviation", other="NMR")
    explains = finding("NMR reveals which atoms neighbour each other in a molecule.", "NMR",
                       "reveals which atoms neighbour each other in a molecule", "property",
                       file="b.md")
    used = finding("Can NMR tell the two isomers of butane apart at all?", "NMR",
                   "x", "claim", file="c.md")
    only = write_cards([concept("NMR", stands, used)])
    assert [(c.front, c.back) for c in only] == [
        ("What does NMR stand for?", "Nuclear magnetic resonance.")]
    assert write_cards([concept("NMR", stands)]) == []  # spelled out once, in passing
    both = write_cards([concept("NMR", stands, explains)])
    assert all("stand for" not in (c.front or "") for c in both) and both


# --- the card limit ---------------------------------------------------------------------

def test_max_cards_keeps_the_strongest_concepts() -> None:
    weak = concept("solute", finding("A solute is the substance that dissolves in a solvent.",
                                     "solute", "the substance that dissolves in a solvent",
                                     file="s.md"), score=0.1)
    strong = concept("catalyst", *CATALYST.findings, score=9.0)
    cards = write_cards([weak, strong])
    kept = limit_cards(cards, [weak, strong], 2)
    assert [c.concept for c in kept] == ["catalyst", "catalyst"]


# --- what a definition's back must be -------------------------------------------------

@pytest.mark.parametrize("explanation", [
    "because the solvent evaporates first",           # a reason, not what it is
    "the solution also changes colour at that point",  # a sentence about something else
    "a set of tools that answers such questions",     # "such" with nothing before it
    '"Royal Society",',                               # a name, not an explanation
    "20px 0 40px;",                                   # code
    "a work in progress",                             # an idiom
])
def test_a_definition_back_must_define(explanation: str) -> None:
    assert make_back(explanation, ["buffer zone"], definition=True) is None


def test_a_sentence_with_its_own_subject_is_no_definition() -> None:
    assert make_back("most gases in a sealed flask are near equilibrium", ["flask gas"],
                     definition=True) is None
    assert make_back("most gases in a sealed flask", ["flask gas"], definition=True) == (
        "Most gases in a sealed flask.")


def test_an_aside_pointing_elsewhere_is_dropped() -> None:
    assert make_back("a diffuse kind of solubility, as I'll discuss later") == (
        "A diffuse kind of solubility.")


# --- a cloze is about its term ----------------------------------------------------------

def test_a_cloze_needs_a_sentence_about_the_term() -> None:
    passing = finding("The way a chemist gets a reliable result in a crowded lab is by "
                      "checking every sample twice with titration.", "titration", "x",
                      "property")
    assert make_cloze(passing, ["titration"]) is None
    named = finding("There is a whole method of analysis, called titration, that measures "
                    "an unknown concentration with a known one.", "titration", "x")
    assert make_cloze(named, ["titration"]) == (
        "There is a whole method of analysis, called {{c1::titration}}, that measures an "
        "unknown concentration with a known one.")


def test_a_cloze_whose_answer_stays_visible_is_refused() -> None:
    compound = finding("Bigrams are pairs of tokens, and skip-bigrams let one token sit "
                       "between the two.", "bigram", "x", "definition")
    spelled = finding("Ideal gas: the gas is ideal when its particles never attract each "
                      "other at all.", "ideal gas", "x", "definition")
    assert make_cloze(compound, ["bigram"]) is None
    assert make_cloze(spelled, ["ideal gas"]) is None


@pytest.mark.parametrize("term", ["doesn't", "Insofar", "Algorithmic", "Essentially"])
def test_a_cloze_never_hides_a_function_word_or_a_lone_adjective(term: str) -> None:
    f = finding(f"{term} progress in the lab can speed up every later step of the work.",
                term, "x", "property")
    assert make_cloze(f, [term]) is None


def test_a_name_that_is_no_concept_gets_no_card() -> None:
    junk = concept("Hypothetical examples include", finding(
        "Hypothetical examples include: faster pumps, better seals, cheaper valves.",
        "Hypothetical examples include", "faster pumps, better seals, cheaper valves"))
    page = concept("example in the post", finding(
        "The example in the post is a titration of a weak acid by a strong base.",
        "example in the post", "a titration of a weak acid by a strong base"))
    assert write_cards([junk, page]) == []


def test_a_situation_the_text_then_names_is_answered_with_when() -> None:
    named = concept("flash boiling", finding(
        "Sometimes a liquid under pressure boils at once when the pressure drops. This is "
        "called flash boiling.", "flash boiling",
        "Sometimes a liquid under pressure boils at once when the pressure drops."))
    card = write_cards([named])[0]
    assert card.front == "What is flash boiling?"
    assert card.back == "When a liquid under pressure boils at once when the pressure drops."


@pytest.mark.parametrize("sentence", [
    "OpenAI released a chemistry model on the Friday before the long weekend.",   # a firm
    "When the lab opened, titration was still done by hand in every single room.",  # past
    "(Though as for all similar titrations, the main cost will be the glassware.)",
    "Particularly for titration, the cost of a careful chemist is worth paying.",
])
def test_a_cloze_needs_the_term_as_subject_of_a_present_predicate(sentence: str) -> None:
    term = "OpenAI" if sentence.startswith("OpenAI") else "titration"
    assert make_cloze(finding(sentence, term, "x", "property"), [term]) is None


def test_a_cloze_on_a_sentence_that_explains_its_subject() -> None:
    f = finding("In a weak acid, the dissociation constant measures how far the acid "
                "splits into ions.", "dissociation constant", "x", "property")
    assert make_cloze(f, ["dissociation constant"]) == (
        "In a weak acid, the {{c1::dissociation constant}} measures how far the acid "
        "splits into ions.")


def test_an_abbreviation_sentence_that_defines_gives_a_definition() -> None:
    f = finding("The molar mass (MM) is the mass of one mole of a substance.", "molar mass",
                "x", "abbreviation", other="MM")
    cards = write_cards([concept("molar mass", f, aliases=("MM",))])
    assert [(c.front, c.back) for c in cards][:1] == [
        ("What is the molar mass?", "The mass of one mole of a substance.")]
    assert cards[0].concept == "MM (molar mass)"


@pytest.mark.parametrize("explanation", [
    "all that extends from",                 # a wrapped line cut it
    "a change by which the flask",           # fine so far ...
    "especially useful when the flask is cold",
    "stupidly simple",
    "which flask does the acid go into?",
    "makes these channels visible",
])
def test_backs_that_stop_mid_phrase_or_judge_or_ask_are_refused(explanation: str) -> None:
    back = make_back(explanation, ["flask test"], definition=True)
    if explanation == "a change by which the flask":
        assert back == "A change by which the flask."  # ends on a noun: complete
    else:
        assert back is None


@pytest.mark.parametrize("term", ["number of samples", "two variables", "observational",
                                  "lot of snow shovels", "refined in every case"])
def test_names_that_are_no_concept(term: str) -> None:
    f = finding(f"The {term} is a measure of how many flasks a chemist fills in a day.",
                term, "a measure of how many flasks a chemist fills in a day")
    assert write_cards([concept(term, f)]) == []


def test_title_case_common_words_are_lowered_and_proper_names_kept() -> None:
    metaphor = concept("Metaphor", finding(
        "Metaphor is the application of a strange name to a thing by transference.",
        "Metaphor", "the application of a strange name to a thing by transference"))
    hero = concept("Orestes", finding(
        "Orestes is the hero who avenges his father in the old plays.", "Orestes",
        "the hero who avenges his father in the old plays"))
    assert write_cards([metaphor])[0].front == "What is metaphor?"
    assert write_cards([hero])[0].front == "What is Orestes?"


def test_a_cloze_that_restates_the_question_card_is_not_added() -> None:
    risk = concept(
        "molar volume",
        finding("The molar volume is the volume one mole of a gas takes up.", "molar volume",
                "the volume one mole of a gas takes up"),
        finding("Molar volume is the volume that one mole of a gas takes up at a given "
                "temperature.", "molar volume", "x", file="b.md"))
    assert [c.type for c in write_cards([risk])] == ["basic"]


@pytest.mark.parametrize("explanation, back", [
    ("that which reveals a hidden flaw in the glass",
     "That which reveals a hidden flaw in the glass."),
    ("for instance, to heat the flask slowly", "To heat the flask slowly."),
    ("a weak form of distillation!", "A weak form of distillation."),
    ("beakers, while the test set holds only flasks", None),   # second idea, one word left
    ("the appropriate method here because acids burn", None),  # "here"
    ("the precise opposite of what the chemist said", None),
    ("remote from commonness than the lengthening of words", None),
    ("most chemists agree", None),
])
def test_back_repairs_and_refusals(explanation: str, back: str | None) -> None:
    assert make_back(explanation, ["glass test"], definition=True) == back


@pytest.mark.parametrize("term", ["determines tax incidence", "Subtitle",
                                  "content changes gradually", "special weak point",
                                  "incidents and the plot"])
def test_more_names_that_are_no_concept(term: str) -> None:
    f = finding(f"The {term} is a measure of how many flasks a chemist fills in a day.",
                term, "a measure of how many flasks a chemist fills in a day")
    assert write_cards([concept(term, f)]) == []


def test_a_bare_verb_gloss_is_no_definition() -> None:
    # "Something that has a charge of zero" was judged too vague (blind review r11)
    assert make_back("have a charge of zero", ["neutral atom"], definition=True) is None
    assert make_back("a few steps away from boiling", ["hot flask"], definition=True) == (
        "A few steps away from boiling.")


def test_a_back_opening_with_a_verb_does_not_define() -> None:
    assert make_back("overfits in the same way a bigger flask does", ["flask fit"],
                     definition=True) is None
    assert make_back("glasses of a kind that resists heat", ["hard glass"],
                     definition=True) == "Glasses of a kind that resists heat."


def test_a_reason_the_text_then_names_is_not_a_situation() -> None:
    named = concept("flash boiling", finding(
        "Because the chemists had no better word. They call this flash boiling.",
        "flash boiling", "Because the chemists had no better word."))
    assert [c for c in write_cards([named]) if c.type == "basic"] == []


def test_a_possessive_his_is_not_a_naming_is() -> None:
    f = finding("There has been a lot of advice on the bench, e.g. the written advice for "
                "his NMR students and a recent lab note.", "NMR", "x", "property")
    assert make_cloze(f, ["NMR"]) is None


@pytest.mark.parametrize("explanation", ["a reasonable assumption to make",
                                         "much harder to fix in the lab"])
def test_verdicts_and_bare_comparatives_are_refused(explanation: str) -> None:
    assert make_back(explanation, ["label drift"], definition=True) is None


def test_a_verb_gloss_on_another_phrase_is_refused() -> None:
    f = finding("Good circuits reach a lower loss per parameter (i.e. have higher "
                "efficiency).", "parameter", "have higher efficiency")
    ok = finding("The sequence should be the martingale (i.e. have expected change zero).",
                 "martingale", "have expected change zero")
    assert write_cards([concept("parameter", f)]) == []
    assert not any(c.back and c.back.startswith("Something that")
                   for c in write_cards([concept("martingale", ok)]))


def test_a_prediction_is_no_cloze() -> None:
    f = finding("Catalysts will only get cheaper because platinum keeps getting cheaper.",
                "catalyst", "x", "claim")
    assert make_cloze(f, ["catalyst"]) is None


# --- explained clozes: the term wherever the explaining sentence puts it ---------------

def marked_finding(text: str, term: str, sentence: str | None = None,
                   shape: str = "marked-emphasis") -> Finding:
    f = finding(text, term, text, "claim", sentence=sentence)
    f.shape = shape
    return f


def test_an_explaining_sentence_gives_a_cloze_where_the_term_sits_mid_sentence() -> None:
    f = marked_finding("Thus, chemists also meet the related problem of passivation, which "
                       "arises when a metal grows a thin inert oxide film.", "passivation")
    made = explained_cloze(f, ["passivation"], marked=True)
    assert made is not None
    # the lead-in that only introduces the term goes: the clause says what it is
    assert made[0] == "{{c1::Passivation}} arises when a metal grows a thin inert oxide film."


def test_a_naming_sentence_that_points_back_is_made_general() -> None:
    f = marked_finding("Such reactions that release heat to their surroundings are called "
                       "exothermic reactions.", "exothermic reactions", shape="is-called-x")
    made = explained_cloze(f, ["exothermic reactions"])
    assert made is not None
    assert made[0].startswith("Reactions that release heat")
    assert "{{c1::exothermic reactions}}" in made[0]


def test_a_sentence_leaning_on_the_one_before_brings_it_along() -> None:
    text = ("A metal left in moist air slowly loses electrons to oxygen. "
            "This slow loss is what chemists call corrosion of the metal.")
    f = marked_finding(text, "corrosion", sentence="This slow loss is what chemists call "
                       "corrosion of the metal.", shape="we-call-this-x")
    made = explained_cloze(f, ["corrosion"])
    assert made is not None
    text_made, quoted = made
    assert quoted.start == 0 and quoted.quote.startswith("A metal left")
    assert "{{c1::corrosion}}" in text_made


@pytest.mark.parametrize("text", [
    "as far as the lab is concerned, a buffer keeps the solution's pH nearly constant.",
    "You mix the acid into water and then you notice that the buffer holds the pH steady.",
    "The remarks on the buffer in 1.2.1 explain why the pH of blood barely moves at all.",
])
def test_fragments_stories_and_cross_references_give_no_cloze(text: str) -> None:
    assert explained_cloze(marked_finding(text, "buffer"), ["buffer"], marked=True) is None


def test_a_term_the_sentence_only_passes_through_is_not_the_gap() -> None:
    f = finding("Every student in the lab measured the boiling point of the solvent twice "
                "before lunch.", "boiling point", "x", "claim")
    f.shape = "repeated-term+heading-section"
    assert explained_cloze(f, ["boiling point"]) is None


def test_a_lone_adjective_names_the_noun_it_classifies() -> None:
    f = finding("The boiling-point variable is said to be continuous because it can take "
                "any value in a range.", "continuous", "x", "definition")
    f.shape = "is-called-x"
    cards = write_cards([concept("continuous", f)])
    assert cards and cards[0].concept == "continuous variable"


def test_nouns_ending_in_ly_are_names_and_adverbs_are_not() -> None:
    from cards.extract.writing.names import is_name

    assert is_name("law of supply") and is_name("anomaly")
    assert not is_name("slightly more elastic curve") and not is_name("concretely")


@pytest.mark.parametrize("term", ["better kind", "thereby attained", "main claim",
                                  "key point to notice", "Smith paints faces well"])
def test_phrases_with_no_noun_head_are_no_names(term: str) -> None:
    from cards.extract.writing.names import is_name

    assert not is_name(term)


def test_a_hole_left_by_skipped_math_is_closed_or_refused() -> None:
    hole = marked_finding("The rate matrix, , is simply a square matrix whose rows sum to "
                          "zero in every chemical network.", "rate matrix", shape="x-is-a")
    made = explained_cloze(hole, ["rate matrix"], marked=True)
    assert made is not None and made[0].startswith("The {{c1::rate matrix}} is simply")
    lost = marked_finding("Titration, which is measuring the acid in, is a practical method "
                          "for every chemistry lab.", "titration")
    assert explained_cloze(lost, ["titration"], marked=True) is None


def test_a_price_is_not_math_and_a_back_may_end_on_more() -> None:
    assert artefacts.problems("Stores raise the price of salt from $4 to $30 in a storm.") == []
    assert artefacts.problems("The variance of $x$ grows.") != []
    back = make_back("chemists buy more reagent if you pay them more; the supply curve rises",
                     ["law of reagents"], definition=False)
    assert back == "Chemists buy more reagent if you pay them more."


def test_a_label_whose_explanation_points_elsewhere_gives_no_cloze() -> None:
    f = marked_finding("Local minima in titration: Same explanation as with buffer capacity "
                       "in the lab.", "local minima in titration", shape="label-colon")
    assert explained_cloze(f, ["local minima in titration"], marked=True) is None


def test_judgements_are_no_names_and_a_law_of_takes_the() -> None:
    from cards.extract.writing.names import is_name

    assert not is_name("right") and not is_name("Interesting")
    f = finding("The law of mass action is a rule that rates follow concentrations.",
                "law of mass action", "a rule that rates follow concentrations")
    assert write_cards([concept("law of mass action", f)])[0].front == (
        "What is the law of mass action?")
    assert make_back("the flask tests above are toys for class", ["flask"]) is None


def test_a_cloze_whose_visible_words_hint_at_the_gap_is_refused() -> None:
    from cards.extract.writing.cloze import hints

    assert hints("The  is an abstraction of a procedure.", ["procedural abstraction"])
    assert hints("A  makes only paperclip production.", ["paperclipper"])
    assert not hints("Reactions that release heat are called .", ["exothermic reactions"])


def test_an_everyday_word_is_a_gap_only_where_the_text_names_it() -> None:
    plain = marked_finding("And then bang, the whole careful plan of the chemist falls "
                           "apart in one afternoon.", "bang", shape="x-dash-gloss")
    assert explained_cloze(plain, ["bang"], marked=True) is None
    named = marked_finding("A sudden loud noise from a reaction vessel is called a bang by "
                           "every chemist.", "bang", shape="is-called-x")
    assert explained_cloze(named, ["bang"], marked=True) is not None


@pytest.mark.parametrize("text", ["Figure: The buffer keeps the pH steady in the flask.",
                                  "- the buffer keeps the pH steady in the flask"])
def test_captions_labels_and_bullets_are_leftovers(text: str) -> None:
    assert "markup" in artefacts.problems(text)


def test_such_a_singular_is_not_made_general() -> None:
    f = marked_finding("Such a flask is called a volumetric flask in every lab we know.",
                       "volumetric flask", shape="is-called-x")
    assert explained_cloze(f, ["volumetric flask"]) is None


# --- trimming a cloze to the term's own clause, and the reader's guide ------------------

def test_a_naming_sentence_drops_the_writers_tail_and_aside() -> None:
    text = ("A solvent in the flask has a very special role in the reaction, in that it "
            "does not matter which solvent the chemist picks for the first stage. Such a "
            "liquid is called an inert medium (more precisely a spectator medium, since we "
            "will see later that it can react), and we say that the reaction tolerates it.")
    f = marked_finding(text, "inert medium", sentence=text[text.find("Such"):],
                       shape="is-called-x")
    made = explained_cloze(f, ["inert medium"])
    assert made is not None
    assert made[0].endswith("Such a liquid is called an {{c1::inert medium}}.")
    assert "we say" not in made[0] and "since we" not in made[0]


def test_a_tail_that_gives_the_answer_away_is_cut() -> None:
    text = ("While the temperature of the bath may change, the pressure does not. "
            "Chemists call this isobaric heating because the pressure is isobaric throughout.")
    f = marked_finding(text, "isobaric heating", shape="we-call-this-x")
    made = explained_cloze(f, ["isobaric heating"])
    assert made is not None
    assert made[0].endswith("Chemists call this {{c1::isobaric heating}}.")


def test_a_subject_pointing_at_examples_is_made_general() -> None:
    f = marked_finding("Mixtures such as these, formed by dissolving one solid evenly in a "
                       "liquid at room temperature, are called solutions.", "solutions",
                       shape="is-called-x")
    made = explained_cloze(f, ["solutions"])
    assert made is not None
    assert made[0] == ("Mixtures formed by dissolving one solid evenly in a liquid at room "
                       "temperature are called {{c1::solutions}}.")


def test_a_comparison_with_an_unseen_case_keeps_the_noun_and_its_quality() -> None:
    f = marked_finding("A much more subtle situation arises when the enzyme decays slowly "
                       "(also known as senescence) and the cell does not replace it.",
                       "senescence", shape="x-called-appositive")
    made = explained_cloze(f, ["senescence"])
    assert made is not None
    assert made[0].startswith("A subtle situation arises when the enzyme decays slowly")


@pytest.mark.parametrize("text", [
    "Imagine that you are standing in a lab and the buffer keeps the pH of the beaker steady.",
    "We will learn about the buffer, a solution that keeps the pH nearly constant, next week.",
    "Some typical issues are these: Some labs keep a buffer that holds the pH steady all day.",
])
def test_the_writer_guiding_the_reader_gives_no_cloze(text: str) -> None:
    assert explained_cloze(marked_finding(text, "buffer"), ["buffer"], marked=True) is None
    assert make_cloze(marked_finding(text, "buffer"), ["buffer"], marked=True) is None


def test_a_list_item_continuing_its_lead_is_a_cloze_of_its_own() -> None:
    block = Block(file="notes.md", kind="list_item",
                  text="noble gases, which react with almost nothing under normal conditions,",
                  offsets=OffsetMap((0,), (3,), (0,)))
    f = Finding(term="noble gases", shape="marked-strong", block=block, start=0,
                end=len(block.text), explanation=block.text, relation="claim")
    assert make_cloze(f, ["noble gases"], marked=True) == (
        "{{c1::Noble gases}}, which react with almost nothing under normal conditions.")


# --- backs: people in general may be "we"; the authors at work may not -----------------

def test_a_back_may_speak_of_people_in_general() -> None:
    back = make_back("a policy whose actual effect is aligned with what we want", ["safe policy"])
    assert back == "A policy whose actual effect is aligned with what we want."


@pytest.mark.parametrize("explanation", [
    "the quantity we will see in the next chapter",
    "what we call the reaction rate in our model",
    "that in virtue of which we ascribe certain qualities to the agents",
    "avoid heating by keeping the flask in an ice bath",
    "find a solvent which leads to a clean separation",
    "where k is the constant of the reaction",
    "needs more solvent and gives a less pure product",
])
def test_backs_in_the_authors_voice_instructions_and_fragments_are_refused(
        explanation: str) -> None:
    assert make_back(explanation, ["catalyst"], definition=True) is None


def test_a_definition_of_a_kind_of_thing_keeps_its_noun() -> None:
    import cards.extract.shapes.glosses  # noqa: F401  (registers the shape)
    from cards.extract.shapes import REGISTRY, Context

    shape = REGISTRY["marked-modifier-noun-that"]
    hits = list(shape.find(Context("We also saw many \"amphoteric\" oxides that react with "
                                   "both acids and bases.", marked=frozenset({"amphoteric"}))))
    assert [h.term for h in hits] == ["amphoteric oxides"]
    assert make_back(hits[0].explanation, ["amphoteric oxides"], definition=True) == (
        "Oxides that react with both acids and bases.")


def test_a_possession_is_no_name() -> None:
    from cards.extract.writing.names import is_name

    assert not is_name("network's substrate")
    assert is_name("Newton's method")


def test_one_that_in_a_definition_names_the_kind_of_thing() -> None:
    assert make_back("one that nobody reads while grading the exam", ["scratch sheet"],
                     definition=True) == "A sheet that nobody reads while grading the exam."


def test_a_reduced_relative_clause_still_defines() -> None:
    back = make_back("the amount of heat it would take to melt the sample at room pressure",
                     ["latent heat"], definition=True)
    assert back == "The amount of heat it would take to melt the sample at room pressure."
    assert make_back("the sample is melted at room pressure", ["latent heat"],
                     definition=True) is None


def test_a_long_definition_is_cut_before_its_contrast() -> None:
    back = make_back("a mixture of two liquids of a similar kind, not, however, in the strict "
                     "sense of the word a solution, the emulsion being merely a subdivision",
                     ["blend"], definition=True)
    assert back == "A mixture of two liquids of a similar kind."


def test_such_before_a_named_idea_is_dropped() -> None:
    back = make_back("one in which the change is accompanied by such Titration, or by both",
                     ["complex assay"], definition=True)
    assert back == "An assay in which the change is accompanied by Titration, or by both."


# --- symbols, the authors' own work, example lists ---------------------------------------

@pytest.mark.parametrize("text", [
    "A buffer is neutral with respect to S, as are most salts.",
    "The rate is where k is the constant of the reaction.",
])
def test_a_stray_one_letter_symbol_is_an_artefact(text: str) -> None:
    assert "symbol" in artefacts.problems(text)


def test_a_letter_of_the_concepts_own_name_is_no_stray_symbol() -> None:
    assert "symbol" not in artefacts.problems("Vitamin C keeps the type I collagen stable.")
    assert make_back("you guess K labels, and are right if any of them is correct",
                     ["top-K accuracy"], definition=False) is not None
    assert make_back("you guess K labels, and are right if any of them is correct",
                     ["recall"], definition=False) is None


@pytest.mark.parametrize("text", [
    "Side reactions are a separate concern, as our theoretical analysis assumes a pure buffer.",
    "Tris, Hepes, Mops, or Pipes are some of the cases of a buffer in the lab, all common.",
])
def test_the_authors_work_and_example_lists_give_no_cloze(text: str) -> None:
    assert make_cloze(marked_finding(text, "buffer"), ["buffer"], marked=True) is None
    assert explained_cloze(marked_finding(text, "buffer"), ["buffer"], marked=True) is None


def test_a_quotation_introduced_by_its_source_is_attributed_to_it() -> None:
    text = ("Acme Labs: “We define the yield as the share of the reagent that ends up in "
            "the product.”")
    f = finding(text, "yield", "the share of the reagent that ends up in the product")
    cards = write_cards([concept("yield", f)])
    assert cards and cards[0].front == "According to Acme Labs, what is the yield?"


def test_an_everyday_name_gets_its_section_as_context() -> None:
    from cards.extract.writing.fronts import in_context

    assert in_context("What is the scope?", "the scope", "1.1.8 Local Names") == (
        "In the context of local names, what is the scope?")
    assert in_context("What is the scope?", "the scope", "Summary") == "What is the scope?"
    assert in_context("What is the scope?", "the scope", "Scope of names") == (
        "What is the scope?")
    assert in_context("What is a zwitterion?", "a zwitterion", "Local Names") == (
        "What is a zwitterion?")


def test_a_term_and_the_question_it_answers_ask_for_the_question() -> None:
    f = finding("Mass balancing answers: how much of each reagent ended up in the product?",
                "mass balancing", "How much of each reagent ended up in the product?",
                "question")
    cards = write_cards([concept("mass balancing", f)])
    assert [(c.front, c.back) for c in cards][:1] == [
        ("What question does mass balancing answer?",
         "How much of each reagent ended up in the product?")]


def test_a_vague_definition_spelled_out_by_the_next_sentence_answers_with_it() -> None:
    text = ("Salting out describes the converse problem. Here, we assume that the salt "
            "concentration can rise while the protein's charge stays fixed.")
    f = finding(text, "salting out", "the converse problem",
                sentence="Salting out describes the converse problem.")
    cards = write_cards([concept("salting out", f)])
    assert cards and cards[0].front == "What is salting out?"
    assert cards[0].back == ("When the salt concentration can rise while the protein's charge "
                             "stays fixed.")
    assert cards[0].source is not None and cards[0].source.quote == text


def test_a_label_followed_by_advice_asks_what_the_approach_aims_to_do() -> None:
    f = finding("Slow cooling: avoid cracking by lowering the kiln's heat a little each hour.",
                "slow cooling", "avoid cracking by lowering the kiln's heat a little each hour")
    f.shape = "label-colon"
    cards = write_cards([concept("slow cooling", f)])
    assert cards and (cards[0].front, cards[0].back) == (
        "What does slow cooling aim to do?",
        "To avoid cracking by lowering the kiln's heat a little each hour.")


def test_a_gloss_ends_where_its_sentence_goes_on() -> None:
    import cards.extract.shapes.glosses  # noqa: F401  (registers the shape)
    from cards.extract.shapes import REGISTRY, Context

    hits = list(REGISTRY["x-ie"].find(Context(
        "While the flow may vary, the rate constant, i.e., the speed of the slow step does "
        "not change.")))
    assert [(h.term, h.explanation) for h in hits] == [("rate constant",
                                                        "the speed of the slow step")]
    whose = list(REGISTRY["x-ie"].find(Context(
        "Each test is a probe, i.e., an electrode whose voltage is read every second.")))
    assert [h.explanation for h in whose] == ["an electrode whose voltage is read every second"]


def test_a_cross_reference_whose_target_was_skipped_is_dropped() -> None:
    assert make_back("a special case of the ideal gas law (see ) for one mole", ["x"],
                     definition=True) == "A special case of the ideal gas law for one mole."


def test_the_writers_sense_of_an_adjective_is_asked_as_what_is_meant() -> None:
    f = finding("By ornamental, I mean added for beauty rather than for strength.", "ornamental",
                "added for beauty rather than for strength")
    f.shape = "by-x-we-mean"
    cards = write_cards([concept("ornamental", f)])
    assert cards and cards[0].front == "What is meant by “ornamental”?"


def test_a_relative_clause_back_names_the_kind_of_thing() -> None:
    assert make_back("In which the solid passes straight into a gas", ["sublimation process"],
                     definition=True) == "A process in which the solid passes straight into a gas."


def test_another_of_a_list_becomes_one_of_its_kind_and_membership_is_no_definition() -> None:
    f = finding("Another common error is a parallax error, where the eye is not level with "
                "the scale.", "parallax error", "x", "claim")
    f.shape = "marked-term"
    assert make_cloze(f, ["parallax error"], marked=True) == (
        "A common error is a {{c1::parallax error}}, where the eye is not level with the "
        "scale.")
    assert make_back("one of two colors used on the chart", ["dots"], definition=True) is None


def test_such_questions_answered_by_a_method_stand_alone() -> None:
    assert make_back("a set of methods that answers such questions by weighing each sample",
                     ["gravimetry"], definition=True) == (
        "A set of methods that answers questions by weighing each sample.")


@pytest.mark.parametrize("text", [
    "Following a convention known as the buffer rule, in which each acid is paired with a base.",
    "Indeed, as far as the titration is concerned, pH is not quite a unit but rather a value "
    "of the acidity, a so-called acidity value.",
])
def test_participle_fragments_and_stems_in_sight_give_no_cloze(text: str) -> None:
    term = "buffer rule" if "buffer" in text else "acidity value"
    assert make_cloze(marked_finding(text, term), [term], marked=True) is None


def test_a_contrast_with_a_sibling_is_cut_and_a_long_stem_is_no_hint() -> None:
    f = finding("The control group received a sugar pill, while the treatment group received "
                "the drug itself every day.", "control group", "x", "claim")
    assert make_cloze(f, ["control group"]) is None  # too short once the sibling is cut
    g = finding("Electronegativity measures how strongly an atom pulls shared electrons.",
                "electronegativity", "x", "property")
    assert make_cloze(g, ["electronegativity"]) is not None


def test_a_code_name_the_card_does_not_explain_is_refused() -> None:
    text = "Yield depends on both the reagent's purity, and on tmp_k measured at the start."
    block = Block(file="n.md", kind="paragraph", text=text,
                  offsets=OffsetMap((0,), (1,), (0,)),
                  spans=(Span("code", text.find("tmp_k"), text.find("tmp_k") + 5),))
    f = Finding(term="yield", shape="marked-emphasis", block=block, start=0, end=len(text),
                explanation=text, relation="claim")
    assert make_cloze(f, ["yield"], marked=True) is None
    assert artefacts.unexplained_code(["define"], "the define form", ["x"]) is False


@pytest.mark.parametrize(("sentence", "front", "back"), [
    ("Spectroscopy helps us answer what the sample is made of.",
     "What does spectroscopy help us answer?", "What the sample is made of."),
    ("Le Chatelier's rule dictates that a system shifts to oppose any change imposed on it.",
     "What does Le Chatelier's rule dictate?",
     "A system shifts to oppose any change imposed on it."),
    ("Titration measures the concentration of an acid in a solution.",
     "What does titration measure?", "The concentration of an acid in a solution."),
])
def test_what_a_thing_does_is_asked_by_its_verb(sentence: str, front: str, back: str) -> None:
    term = sentence.split(" helps")[0].split(" dictates")[0].split(" measures")[0]
    explanation = sentence[len(term) + 1:].rstrip(".")
    f = finding(sentence, term, explanation[:1].upper() + explanation[1:], "property")
    cards = write_cards([concept(term, f)])
    assert cards and (cards[0].front, cards[0].back) == (front, back)


def test_a_plural_noun_or_an_adverb_after_the_term_asks_nothing() -> None:
    f = finding("Buffers laws are partially to thank for the stable pH.", "buffers",
                "laws are partially to thank for the stable pH", "property")
    assert all("do?" not in (c.front or "") for c in write_cards([concept("buffers", f)]))


def test_a_modifier_names_its_head_noun_first_and_a_sentences_colon_is_no_label() -> None:
    text = ("This acid seems to be a hybrid: it is a strong acid but its second proton "
            "stays bound. An acid with these properties is called a diprotic acid, while a "
            "regular strong acid without this second proton is called a monoprotic acid.")
    f = marked_finding(text, "diprotic", sentence=text[text.find("An acid"):],
                       shape="marked-term")
    made = explained_cloze(f, ["diprotic acid", "diprotic"], marked=True)
    assert made is not None
    assert made[0].endswith("An acid with these properties is called a {{c1::diprotic acid}}.")


@pytest.mark.parametrize("text", [
    "We will present interfaces that keep the amount of reagent in each buffer human-scale.",
    "Rather than asking about one atom, we instead ask whether the buffer holds the pH at all.",
])
def test_the_authors_plans_and_questions_give_no_cloze(text: str) -> None:
    assert make_cloze(marked_finding(text, "buffer"), ["buffer"], marked=True) is None


def test_a_bare_acronym_and_an_estimate_give_no_cloze() -> None:
    f = finding("ACME essentially does a limited form of titration and of gravimetry.", "ACME",
                "x", "claim")
    assert make_cloze(f, ["ACME"], marked=True) is None
    g = finding("There is maybe a 2-5% chance that the lab causes a thermal runaway next year.",
                "thermal runaway", "x", "claim")
    assert make_cloze(g, ["thermal runaway"], marked=True) is None


def test_an_example_after_a_prepositions_noun_is_of_the_whole_phrase() -> None:
    import cards.extract.shapes.glosses  # noqa: F401  (registers the shape)
    from cards.extract.shapes import REGISTRY, Context

    hits = list(REGISTRY["x-(e.g.)"].find(Context(
        "This is done by tracking the scaling of reaction rates (e.g. the time to half "
        "conversion).")))
    assert hits == []


def test_a_long_activity_is_no_name() -> None:
    from cards.extract.writing.names import is_name

    assert not is_name("enforcing strict dosing and calibration")
    assert is_name("learning rate schedule") and is_name("distillation column")


def test_a_shared_sentence_is_not_reused_for_the_same_idea_under_a_longer_name() -> None:
    sentence = ("The Kjeldahl methods are called digestion methods because they digest the "
                "sample in hot acid first.")
    a = finding(sentence, "Kjeldahl methods", "x", "claim")
    a.shape = "is-called-x"
    b = finding(sentence, "Kjeldahl", "x", "claim")
    b.shape = "is-called-x"
    cards = write_cards([concept("Kjeldahl methods", a), concept("Kjeldahl", b)])
    assert len([c for c in cards if c.source and c.source.quote == sentence]) <= 1


@pytest.mark.parametrize("text", [
    "In fact, the treatment of buffers is one of the trickiest aspects of any titration.",
])
def test_a_verdict_as_the_predicate_gives_no_cloze(text: str) -> None:
    assert make_cloze(marked_finding(text, "treatment of buffers"), ["treatment of buffers"],
                      marked=True) is None


def test_a_mention_of_a_word_is_no_name() -> None:
    from cards.extract.writing.names import is_name

    assert not is_name("word predicate") and is_name("predicate")


def test_a_term_that_modifies_a_generic_head_is_no_gap() -> None:
    f = finding("Gradient methods need the Jacobian of the function at every single step.",
                "gradient", "x", "claim")
    assert make_cloze(f, ["gradient"], marked=True) is None


def test_a_card_from_a_comment_names_the_commenter() -> None:
    text = "A buffer is a solution that resists changes in pH when acid is added."
    block = Block(file="thread.txt", kind="paragraph", text=text,
                  offsets=OffsetMap((0,), (3,), (0,)), author="Ada Byron",
                  tags=("dialect:comments",))
    f = Finding(term="buffer", shape="x-is-a", block=block, start=0, end=len(text),
                explanation="a solution that resists changes in pH when acid is added")
    cards = write_cards([concept("buffer", f)])
    assert cards and cards[0].front == "According to Ada Byron, what is a buffer?"


def test_a_short_acronym_gets_its_section_or_the_documents_title_as_context() -> None:
    from cards.extract.writing.fronts import in_context

    assert in_context("What does AU stand for?", "attainable utility",
                      "Non-obstruction: the AI does not hamper") == (
        "In the context of non-obstruction, what does AU stand for?")


def test_a_document_without_a_heading_above_a_block_gives_its_title(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from cards.corpus import read_corpus

    (tmp_path / "a.md").write_text("---\ntitle: Buffers in the Lab\n---\n\nA buffer resists "
                                   "pH change.\n\n# Acids\n\nAn acid donates protons.\n",
                                   encoding="utf-8")
    (tmp_path / "b.md").write_text("# Salts\n\nA salt is ionic.\n", encoding="utf-8")
    blocks = read_corpus(tmp_path).blocks
    assert {b.file: b.title for b in blocks} == {"a.md": "Buffers in the Lab", "b.md": "Salts"}


def test_a_back_is_cut_before_an_artefact_it_would_not_show() -> None:
    # the cut drops the example after the colon, and with it the stray letters
    back = make_back("A short unit of sound, made of a stop and a vowel: for GR without A "
                     "is a unit, as also with A,--GRA.", ["morpheme"], definition=True)
    assert back == "A short unit of sound, made of a stop and a vowel."


def test_a_double_hyphen_between_words_is_a_dash_and_a_cut() -> None:
    back = make_back("One with a multiplicity of plots--as if, for instance, you were to "
                     "make a play out of a whole saga.", ["epic structure"], definition=True)
    assert back == "A structure with a multiplicity of plots."


def test_a_word_ending_in_able_used_with_an_article_is_a_noun() -> None:
    text = "A Morphable is a sound unit composed of a stop and a vowel."
    cards = write_cards([concept("Morphable", finding(
        text, "Morphable", "a sound unit composed of a stop and a vowel"))])
    assert cards and cards[0].back == "A sound unit composed of a stop and a vowel."
    lone = "The result is morphable and it composes easily with a stop and a vowel."
    assert not write_cards([concept("morphable", finding(lone, "morphable", lone, "claim"))])


def test_braced_transliterations_are_no_terms_and_no_card_text() -> None:
    from cards.extract.sentences import Sentence
    from cards.extract.termhood import repeated_terms
    assert "transliteration" in artefacts.problems(
        "The word {sigma iota gamma upsilon nu}, 'lance,' is a current term.")
    texts = [f"Here {{omicron upsilon lambda}} stands for a word number {n}." for n in range(5)]
    blocks = [Block(file="a.txt", kind="paragraph", text=t,
                    offsets=OffsetMap((0,), (n + 1,), (0,))) for n, t in enumerate(texts)]
    sentences = [Sentence(block=b, start=0, end=len(b.text), index=n)
                 for n, b in enumerate(blocks)]
    assert not any("omicron" in term for term, _n, _p in repeated_terms(sentences))


def test_a_method_named_after_a_person_is_a_name() -> None:
    from cards.extract.writing.names import is_name

    assert is_name("Newton methods") and is_name("quasi-Newton methods")
    assert not is_name("other methods")


def test_a_named_conjecture_asks_what_it_says_and_drops_the_quotes() -> None:
    text = ("The lunch habit conjecture says, “office lunches tend to come from habit more "
            "than hunger”; so menus matter less than clocks.")
    f = finding(text, "lunch habit conjecture",
                "“office lunches tend to come from habit more than hunger”; so menus matter "
                "less than clocks.", "property")
    f.shape = "law-states"
    cards = write_cards([concept("lunch habit conjecture", f)])
    assert cards and cards[0].front == "What does the lunch habit conjecture say?"
    assert cards[0].back == "Office lunches tend to come from habit more than hunger."


def test_a_function_like_thing_that_takes_and_returns_says_what_it_does() -> None:
    f = finding("The planner has a route function, which takes in a start and returns a path "
                "to the goal.", "route function",
                "Takes in a start and returns a path to the goal.", "property")
    prompt = ask(f, "a route function")
    assert prompt is not None and prompt.front == "What does a route function do?"


def test_either_after_a_negation_ends_a_back() -> None:
    back = make_back("The robot lets us stop it, and it doesn't trick us either.",
                     ["tameness"], definition=False)
    assert back == "The robot lets us stop it, and it doesn't trick us either."
    assert make_back("Each sample goes to one of two buckets, either", ["bucketing"]) is None


def test_a_cloze_drops_a_semicolon_clause_that_leaves_the_term() -> None:
    text = "Tameness is a property of whole policies, not of states; color is another matter."
    cloze = make_cloze(finding(text, "Tameness", text, "definition"), ["Tameness"])
    assert cloze == "{{c1::Tameness}} is a property of whole policies, not of states."


def test_a_back_that_only_restates_the_name_is_refused() -> None:
    assert make_back("an abstraction of a procedure", ["procedural abstraction"],
                     definition=True) is None
    assert make_back("a recipe for a tool that others complete", ["tool schema"],
                     definition=True) == "A recipe for a tool that others complete."


def test_a_name_given_under_a_condition_asks_when_it_applies() -> None:
    text = "When the cooks keep the diners unaware of the recipe, the meal is said to be secret."
    f = finding(text, "secret", "When the cooks keep the diners unaware of the recipe",
                other="the meal|said to be")
    f.shape = "is-called-x"
    prompt = ask(f, "secret")
    assert prompt is not None and prompt.front == "When is a meal said to be secret?"
    assert make_back(prompt.answer, ["secret"]) == (
        "When the cooks keep the diners unaware of the recipe.")


def test_a_comparison_aside_is_dropped_and_never_leaves_an_open_end() -> None:
    back = make_back("a setup where the cooks who serve the diners are, just like the diners, "
                     "unaware of which dish holds the new spice or the old one",
                     ["blind tasting"], definition=True)
    assert back == ("A setup where the cooks who serve the diners are unaware of which dish "
                    "holds the new spice or the old one.")


def test_a_gloss_holding_what_is_keeps_its_clause_and_defines() -> None:
    back = make_back("the faculty of saying what is fitting in given circumstances",
                     ["Tact"], definition=True)
    assert back == "The faculty of saying what is fitting in given circumstances."
    assert make_back("required wherever a claim is proved", ["Tact"], definition=True) is None


def test_an_everyday_word_capitalised_inside_its_sentence_counts_as_marked() -> None:
    from cards.extract.ranking import score

    text = "Third in order is Care, that is, the faculty of saying what is fitting."
    marked = finding(text, "Care", "the faculty of saying what is fitting")
    marked.shape, marked.score = "x-ie", 1.6
    plain = finding("Care, that is, the faculty of saying what is fitting.", "Care",
                    "the faculty of saying what is fitting")
    plain.shape, plain.score = "x-ie", 1.6
    assert score([marked], 1) > score([plain], 1)


def test_a_kind_the_writer_names_asks_when_the_thing_is_so_called() -> None:
    text = ("A song which is short and even in the sense above, I call Plain, when the tune "
            "moves without a change of key.")
    f = finding(text, "Plain song", "when the tune moves without a change of key.",
                other="a song|called")
    f.shape = "thing-i-call-x-when"
    cards = write_cards([concept("Plain song", f)])
    assert cards and cards[0].front == "When is a song called plain?"
    assert cards[0].back == "When the tune moves without a change of key."


def test_named_instances_listed_before_a_term_give_no_card() -> None:
    text = "Whist, Bridge, or Poker are some of the cases in trick-taking games."
    f = finding(text, "trick-taking games", "Whist, Bridge, or Poker", "example")
    f.shape = "list-are-examples-of-x"
    # an open list has no one answer to ask for, and a list of names is no fact to cloze
    assert write_cards([concept("trick-taking games", f)]) == []


def test_a_back_saying_what_is_called_is_no_definition() -> None:
    assert make_back("what is called a lurking factor, which is tied to both variables",
                     ["sun time"], definition=True) is None


def test_a_modifier_and_its_noun_on_one_sentence_are_one_idea() -> None:
    text = "When two towns share one road, they are called linked towns."
    a = finding(text, "linked", text, "claim")
    a.shape = "marked-term"
    b = finding(text, "linked towns", "When two towns share one road",
                other="towns|called")
    b.shape = "is-called-x"
    cards = write_cards([concept("linked", a), concept("linked towns", b)])
    assert len([c for c in cards if c.source and c.source.quote == text]) <= 1


def test_a_name_given_after_a_verb_is_no_definition_of_the_name() -> None:
    from cards.extract.shapes import REGISTRY, Context

    hits = list(REGISTRY["x-called-appositive"].run(Context(
        "The rows hold records, called entries, which list one sale each.")))
    assert hits and hits[0].relation == "claim"
    hits = list(REGISTRY["x-called-appositive"].run(Context(
        "There is a whole branch of study, called tallying, that counts sales.")))
    assert hits and hits[0].relation == "definition"
    assert hits[0].explanation == "a whole branch of study that counts sales."


def test_what_brings_a_term_about_is_asked_with_the_active_verb() -> None:
    text = "It moves neither; for rust is caused by moisture acting on bare iron."
    f = finding(text, "rust", "moisture acting on bare iron", "property", other="caused")
    f.shape = "x-is-caused-by"
    prompt = ask(f, "rust")
    assert prompt is not None and prompt.front == "What causes rust?"
    assert make_back(prompt.answer, ["rust"]) == "Moisture acting on bare iron."


def test_a_later_clause_holding_a_dangling_reference_is_cut_off() -> None:
    back = make_back("When it can hold many separate colours, and it is sensible to mix "
                     "those colours on a palette", ["blendable paint"], definition=True)
    assert back == "When it can hold many separate colours."
    assert make_back("These colours mix on a palette", ["blendable paint"]) is None
    # a list comma is no clause boundary: the whole back goes, not half a list
    assert make_back("It is used to add, subtract, or mix those values on a shelf",
                     ["shelf paint"]) is None


def test_an_aspect_of_something_is_no_concept_name() -> None:
    text = "The goal of methods is to keep every tile of the floor flat and level."
    cards = write_cards([concept("goal of methods", finding(
        text, "goal of methods", "to keep every tile of the floor flat and level"))])
    assert cards == []


def test_a_list_label_capital_is_not_kept_on_the_front() -> None:
    text = "A layer of bark laid over the beds that keeps moisture in the soil."
    f = finding(text, "Mulching", text)
    f.shape = "entry-definition"
    cards = write_cards([concept("Mulching", f)])
    assert cards and cards[0].front == "What is mulching?"


def test_a_first_person_view_without_a_named_author_is_the_authors() -> None:
    text = "I think of “thrift” as “the habit of spending less than one earns each month.”"
    f = finding(text, "thrift", "the habit of spending less than one earns each month",
                hedged=True)
    cards = write_cards([concept("thrift", f)])
    assert cards and cards[0].front == "According to the author, what is thrift?"


def test_a_free_relative_can_say_what_a_thing_is() -> None:
    assert make_back("what you get after drying the clay in an oven", ["bisque"],
                     definition=True) == "What you get after drying the clay in an oven."
    assert make_back("what makes the clay hard", ["bisque"], definition=True) is None


def _shape_card(shape: str, text: str) -> DeckCard:
    """The first card written from what the registered shape finds in ``text``."""
    from cards.extract.shapes import REGISTRY, Context

    hit = next(iter(REGISTRY[shape].run(Context(text))))
    f = finding(text, hit.term, hit.explanation, hit.relation, other=hit.other)
    f.shape = shape
    return write_cards([concept(hit.term, f)])[0]


def test_a_recipe_asks_how_the_thing_is_made() -> None:
    card = _shape_card("to-make-x-we", "To make a seed tray, we fill every cell with compost "
                       "and press one seed into its middle.")
    assert card.front == "How is a seed tray made?"
    assert card.back == "Fill every cell with compost and press one seed into its middle."


def test_real_and_true_name_ideas_only_before_a_noun_of_their_own() -> None:
    from cards.extract.writing.names import is_name

    assert is_name("real wage") and is_name("true positive")
    assert not is_name("real problem") and not is_name("true mode of reading")


def test_a_phrase_the_text_names_in_parentheses_is_not_hedged_by_its_sentence() -> None:
    text = ("The mistake seems to be price blindness—looking at the number on the tag (the "
            "sticker price), instead of at what the money buys.")
    f = finding(text, "sticker price", "the number on the tag", hedged=True)
    f.shape = "explanation-(the-x)"
    card = write_cards([concept("sticker price", f)])[0]
    assert card.front == "What is the sticker price?"
    assert card.back == "The number on the tag."


def test_a_label_naming_a_claim_asks_what_it_means() -> None:
    text = ("Warm pockets: The lake keeps heat along its sheltered bays, and releases those "
            "stores at night.")
    f = finding(text, "Warm pockets", "The lake keeps heat along its sheltered bays, and "
                "releases those stores at night")
    f.shape = "label-colon"
    card = write_cards([concept("Warm pockets", f)])[0]
    assert card.front == "What is meant by warm pockets?"
    assert card.back == "The lake keeps heat along its sheltered bays."
    # a condition is no claim a label can mean
    g = finding("Cold snaps: If the wind turns north, the bays freeze within a day.",
                "Cold snaps", "If the wind turns north, the bays freeze within a day")
    g.shape = "label-colon"
    assert write_cards([concept("Cold snaps", g)]) == []


def test_a_participle_after_the_name_asks_what_it_does() -> None:
    text = "where g is the gauge reading measuring how full the tank is after each trip."
    f = finding(text, "gauge reading", 'measuring "how full" the tank is after each trip',
                "property")
    f.shape = "where-symbol-is-the-x"
    card = write_cards([concept("gauge reading", f)])[0]
    assert card.front == "What does the gauge reading measure?"
    assert card.back == '"how full" the tank is after each trip.'


def test_a_curly_quote_pair_at_the_start_of_a_back_is_kept() -> None:
    assert artefacts.repair("“how full” the tank is") == "“how full” the tank is"
    assert artefacts.repair("“how full the tank is") == "how full the tank is"


def test_a_quoted_quip_is_no_cloze() -> None:
    text = "In the words of Ada Byron, “Dense notation causes cramps of the eyes.”"
    assert make_cloze(finding(text, "dense notation", text, "claim"),
                      ["dense notation"]) is None


def test_a_program_identifier_gets_no_cloze() -> None:
    text = "Fill-tank, on the other hand, shows how a loop needs no special construct."
    f = finding(text, "fill-tank", text, "claim")
    f.block.spans = (Span("code", 0, 9),)
    assert write_cards([concept("fill-tank", f)]) == []


def test_one_aspect_of_a_concept_is_asked_as_one() -> None:
    card = _shape_card("aspect-of-x-is", "But part of the challenge of tidal locking is that "
                       "the moon loses spin faster than it gains heat.")
    assert card.front == "What is one challenge of tidal locking?"
    assert card.back == "The moon loses spin faster than it gains heat."


def test_a_back_ending_in_a_quoted_word_gets_its_full_stop() -> None:
    assert make_back('a store with more "rooms" than "doors"', ["warehouse"]) == (
        'A store with more "rooms" than "doors".')


@pytest.mark.parametrize("sentence", [
    "The shaded dot represents Lake County, which has a rainfall of 31.3 inches a year.",
    "On the left are the dry farms (red) and on the right are the irrigated farms (blue).",
    "The rainfall variable is said to be continuous.",
    "Because the number of wells is a count, it is discrete.",
])
def test_a_figure_reading_or_a_fact_about_the_example_is_no_cloze(sentence: str) -> None:
    term = {"T": "shaded dot", "O": "irrigated farms", "R": "continuous"}.get(sentence[0],
                                                                          "discrete")
    assert make_cloze(finding(sentence, term, sentence, "claim"), [term], True) is None


def test_a_condition_on_any_such_thing_still_defines() -> None:
    from cards.extract.writing.cloze import finish_cloze

    text = "If a token is not bound, we say that it is free."
    gapped = "If a token is not bound, we say that it is {{c1::free}}."
    assert finish_cloze(gapped, finding(text, "free", text, "claim"), ["free"], False) == gapped
    other = "Because the token is not bound, it is {{c1::free}}."
    assert finish_cloze(other, finding(text, "free", text, "claim"), ["free"], False) is None


def test_a_similar_instance_leans_on_the_one_before() -> None:
    text = "A similar instance is the 'song of the loom' in the Tales of Ovid."
    assert make_cloze(finding(text, "song of the loom", text, "claim"),
                      ["song of the loom"], True) is None


def test_a_recommendation_is_no_cloze() -> None:
    text = "Birdnet and Xeno-canto are great resources for learning bird songs."
    assert make_cloze(finding(text, "Birdnet and Xeno-canto", text, "claim"),
                      ["Birdnet and Xeno-canto"], True) is None


def test_a_kind_of_the_term_left_in_view_sinks_a_double_gap() -> None:
    from cards.extract.writing.cloze import finish_cloze

    text = "Simple crop rotation is probably the most intuitive form of crop rotation."
    gapped = ("Simple {{c1::crop rotation}} is probably the most intuitive form of "
              "{{c1::crop rotation}}.")
    assert finish_cloze(gapped, finding(text, "crop rotation", text, "claim"),
                        ["crop rotation"], False) is None


def test_an_open_list_of_examples_is_not_asked_for() -> None:
    text = "Chess, Go, Draughts, or Shogi are some of the cases in board-game search."
    f = finding(text, "board-game search", "Chess, Go, Draughts, or Shogi", "example")
    f.shape = "list-are-examples-of-x"
    assert ask(f, "board-game search") is None


def test_an_edit_note_gives_no_question_card() -> None:
    text = ("(EDITED to add: Or maybe the claim is, if you do it on a 'dry' bed (i.e. one "
            "that you never water), then the roots grow deeper.)")
    f = finding(text, "dry bed", "one that you never water")
    assert write_cards([concept("dry bed", f)]) == []


def test_a_claim_a_label_names_is_never_cut_short() -> None:
    text = ("Quiet hours: Most birds in the wide coastal marsh sleep at noon, so by default a "
            "long walk at midday sees very few of them at all.")
    f = finding(text, "Quiet hours", "Most birds in the wide coastal marsh sleep at noon, so by "
                "default a long walk at midday sees very few of them at all")
    f.shape = "label-colon"
    assert write_cards([concept("Quiet hours", f)]) == []


def test_a_view_on_a_comment_page_without_a_name_is_the_commenters() -> None:
    text = "I think a dry bed is a plot that is never watered after planting."
    f = finding(text, "dry bed", "a plot that is never watered after planting", hedged=True)
    f.block.tags = ("dialect:comments",)
    card = write_cards([concept("dry bed", f)])[0]
    assert card.front == "According to the commenter, what is a dry bed?"


def test_a_short_back_that_ends_at_a_left_out_formula_is_refused() -> None:
    text = "Here the tide function, i.e., the height ratio does not change."
    f = finding(text, "tide function", "the height ratio")
    f.block.gaps = (text.index(" does"),)
    assert not [c for c in write_cards([concept("tide function", f)]) if c.type == "basic"]
    f.block.gaps = ()
    assert write_cards([concept("tide function", f)])[0].back == "The height ratio."


def test_a_long_sentence_loses_its_leading_contrast_clause_for_a_cloze() -> None:
    """"While in most kitchens we ..., in a tasting menu we only ...": over 40 words, the
    contrast clause (with its stray symbol n) goes and the setting clause is the cloze."""
    text = ("While in most kitchens we plan a whole meal around n courses that each fill the "
            "plate with several sides (e.g., a roast with vegetables), in a tasting menu we "
            "only have a few small bites to show each idea, i.e., a handful of plates that "
            "we can serve.")
    assert words(text) > 40
    cloze = make_cloze(finding(text, "tasting menu", "x", "claim"), ["tasting menu"])
    assert cloze == ("In a {{c1::tasting menu}} we only have a few small bites to show each "
                     "idea, i.e., a handful of plates that we can serve.")


def test_i_e_and_what_anyone_can_do_are_not_the_authors_voice() -> None:
    from cards.extract.writing.hedges import personal

    assert not personal("A finite number of arms, i.e., the actions that we can take.")
    assert not personal("It never lowers our ability to reach any goal.")
    assert personal("I think it lowers the ability to reach any goal.")
    assert personal("We take the derivative of our loss.")


def test_an_edit_note_gives_a_card_only_from_a_gloss_at_its_term() -> None:
    from dataclasses import replace

    text = ("(EDITED to add: Or maybe the point is, if you bake on a 'cold' stone (i.e. one "
            "that was never warmed by the oven), then the crust stays pale?)")
    gloss = replace(finding(text, "cold stone", "one that was never warmed by the oven"),
                    shape="x-ie")
    cards = write_cards([concept("cold stone", gloss)])
    assert [c.back for c in cards if c.type == "basic"] == [
        "A stone that was never warmed by the oven."]
    claim = replace(finding("(EDIT: A pale crust is a crust that was baked on a cold stone "
                            "for the whole time.)", "pale crust",
                            "a crust that was baked on a cold stone for the whole time"),
                    shape="x-is-a")
    assert not [c for c in write_cards([concept("pale crust", claim)]) if c.type == "basic"]


def test_an_unsigned_comments_plain_definition_is_stated_as_fact() -> None:
    """No name on the page: "According to the commenter" would name nobody, so a plain
    definition stands as it is; a coinage in the first person is still the commenter's."""
    text = "A buffer is a solution that resists changes in pH when acid is added."
    f = finding(text, "buffer", "a solution that resists changes in pH when acid is added")
    f.block.tags = ("dialect:comments",)
    assert write_cards([concept("buffer", f)])[0].front == "What is a buffer?"
    coined = "By a dry bed, I mean a plot that is never watered after planting."
    g = finding(coined, "dry bed", "a plot that is never watered after planting")
    g.block.tags = ("dialect:comments",)
    assert write_cards([concept("dry bed", g)])[0].front == (
        "According to the commenter, what is a dry bed?")


@pytest.mark.parametrize("sentence", [
    "Bakers often call such loaves boules, rounds, or country loaves.",
    "Bakers often call such loaves rounds, boules, or country loaves.",
    "Loaves in the test batch received a longer proof and an egg wash.",
    "Loaves in the test batch did not receive any egg wash at all.",
    "To check if there really is a crumb structure worth keeping, bakers slice a few loaves.",
])
def test_no_cloze_on_one_of_several_answers_a_past_event_or_a_bare_existence(
        sentence: str) -> None:
    term = next(t for t in ("boules", "test batch", "crumb structure") if t in sentence)
    assert make_cloze(finding(sentence, term, "x", "claim"), [term], marked=True) is None


def test_a_gloss_after_or_is_no_list_of_alternatives() -> None:
    f = finding("Each cell in the grid is a pixel, or the smallest dot a screen can light.",
                "pixel", "x", "claim")
    assert make_cloze(f, ["pixel"], marked=True) == (
        "Each cell in the grid is a {{c1::pixel}}, or the smallest dot a screen can light.")


def test_an_elliptical_clause_dangles_and_an_open_list_is_no_example() -> None:
    from cards.extract.writing.backs import dangling

    assert dangling("In fact, we can, and some bakers use what's called a poolish.")
    assert not dangling("Some bakers use what's called a poolish.")
    f = finding("Visual transforms (e.g. brightness, contrast, etc.) are applied.",
                "visual transforms", "brightness, contrast, etc.", "example")
    assert ask(f, "visual transforms") is None


def test_a_passive_after_the_copula_says_what_is_done_not_what_it_is() -> None:
    from cards.extract.finding import explain_from

    assert explain_from("Loaves are first divided into small and large batches.",
                        "Loaves")[0] == "claim"
    assert explain_from("Loaves are used in exactly the same way as rolls.", "Loaves")[0] == (
        "definition")


def test_an_attributed_cloze_lowers_a_one_word_gap_and_keeps_to_40_words() -> None:
    from cards.extract.writing.cloze import _lower_gap, finish_cloze

    assert _lower_gap("{{c1::Gradients}} flow back.") == "{{c1::gradients}} flow back."
    text = ("{{c1::Gradients}} flow through the attention links, so each earlier layer is "
            "tuned not just to improve the next guess, but also to produce values that are "
            "useful for later columns to look at when they make their own guesses.")
    f = finding(text.replace("{{c1::", "").replace("}}", ""), "gradients", "x", "claim",
                author="Ada Byron")
    f.block.tags = ("dialect:comments",)
    assert words(text) <= 40 < words("According to Ada Byron, " + text)
    assert finish_cloze(text, f, ["gradients"], hedged=True) is None


def test_what_a_studys_group_got_is_asked_as_a_fact_of_that_study() -> None:
    from cards.extract.finding import members_got

    assert members_got("Loaves in the test batch received a longer proof.", "test batch") is None
    assert members_got("Mice in the fasting group received water only.", "fasting group") == (
        "mice", "received", "water only")
    assert members_got("Mice in the fasting group did not receive food.", "fasting group") is None
    text = "Fasting group. Mice in the fasting group received water only for two days."
    f = finding(text, "Fasting group", "water only for two days", "property",
                sentence="Mice in the fasting group received water only for two days.",
                other="mice|received")
    f.shape = "entry-lead+members"
    f.block.heading = "Case study: fasting and memory in mice"
    card = write_cards([concept("Fasting group", f)])[0]
    assert (card.front, card.back) == (
        "In the study “Fasting and memory in mice”, what did the mice in the fasting group "
        "receive?", "Water only for two days.")

def test_an_abbreviated_act_and_a_simple_mechanism_get_their_own_questions() -> None:
    act = finding("A baker double proofs (DP) if they let the dough rise twice before shaping.",
                  "double proofs", "If they let the dough rise twice before shaping",
                  "property", other="baker|DP")
    act.shape = "x-abbreviated-act-if"
    card = write_cards([concept("double proofs", act)])[0]
    assert (card.front, card.back) == ("When does a baker double proof (DP)?",
                                       "If they let the dough rise twice before shaping.")
    text = ("Sourdough leavening is surprisingly simple. The wild yeast in the starter eats "
            "flour and gives off gas that lifts the dough.")
    how = finding(text, "sourdough leavening", "The wild yeast in the starter eats flour and "
                  "gives off gas that lifts the dough.", "property")
    how.shape = "x-is-simple-then-explain"
    card = write_cards([concept("sourdough leavening", how)])[0]
    assert card.front == "How does sourdough leavening work?"
    assert card.back.startswith("The wild yeast in the starter eats flour")


def test_a_definition_later_in_the_text_beats_a_passing_gloss_before_it() -> None:
    passing = finding("In the trial, the first group receives a dummy (fake treatment) and the "
                      "second group receives the drug.", "dummy", "x", "claim")
    passing.shape = "marked-term"
    defining = finding("A fake treatment is called a dummy.", "dummy", "A fake treatment",
                       line=40)
    defining.shape = "is-called-x"
    cards = write_cards([concept("dummy", passing, defining)])
    assert (cards[0].front, cards[0].back) == ("What is a dummy?", "A fake treatment.")
    assert cards[0].source is not None and cards[0].source.line == 40


def test_a_restated_law_is_asked_for_what_it_states() -> None:
    text = ("Technically, the average of many fair draws should settle near the expected "
            "value; this is just a restatement of the law of large numbers.")
    f = finding(text, "law of large numbers", "Technically, the average of many fair draws "
                "should settle near the expected value", "property")
    f.shape = "this-restates-x"
    card = write_cards([concept("law of large numbers", f)])[0]
    assert re.fullmatch(r"What does (?:the )?law of large numbers state\?", card.front or "")
    assert card.back == "The average of many fair draws should settle near the expected value."


def test_a_trailing_in_before_a_skipped_equation_reference_is_dropped() -> None:
    from cards.extract.writing import _without_reference_hole

    text = "Risk pooling, which is sharing the losses of many in , is a practical strategy."
    f = finding(text, "risk pooling", "sharing the losses of many in")
    assert _without_reference_hole("Sharing the losses of many in", f) == (
        "Sharing the losses of many")
    whole = finding("Risk pooling, which is sharing the losses of many in a town, works.",
                    "risk pooling", "sharing the losses of many in")
    assert _without_reference_hole("Sharing the losses of many in", whole) == (
        "Sharing the losses of many in")


def test_a_bare_genus_is_no_definition_and_the_naming_sentence_makes_the_cloze() -> None:
    from cards.extract.writing.backs import defines

    assert not defines("A clever trick", ["memoization"])
    assert not defines("A technique", ["memoization"])
    assert defines("A technique that stores the results of earlier calls", ["memoization"])
    f = finding("If you are ready to do a bit of coding, many slow recursive programs can be "
                "made fast using a clever trick known as memoization.", "memoization",
                "a clever trick")
    assert make_cloze(f, ["memoization"]) == (
        "Many slow recursive programs can be made fast using a clever trick known as "
        "{{c1::memoization}}.")


def test_the_writers_pick_or_half_a_named_trick_is_no_gap() -> None:
    from cards.extract.writing.cloze import finish_cloze

    praise = finding("A great kitchen habit is the mise en place for weeknight cooking.",
                     "mise en place", "x", "claim")
    assert finish_cloze("A great kitchen habit is the {{c1::mise en place}} for weeknight "
                        "cooking.", praise, ["mise en place"], hedged=False) is None
    from cards.extract.writing.cloze import part_of_compound

    text = "The fold trick keeps the dough airy while it rises overnight."
    assert part_of_compound(text, re.search("fold", text))  # type: ignore[arg-type]


def test_each_of_a_set_the_text_showed_leans_on_what_came_before() -> None:
    from cards.extract.writing.explained import _leans_back

    assert _leans_back("Each panel shows a different kind of bread using a style of photo.")
    assert not _leans_back("Each cell in the grid is a pixel, or the smallest dot a screen "
                           "can light.")


def test_names_given_by_place_are_asked_for_by_place() -> None:
    text = ("When one yeast strain might feed another, we label the first strain the donor "
            "strain and the second the host strain.")
    cond = "When one yeast strain might feed another"
    first = finding(text, "donor strain", cond, other="first|strain")
    second = finding(text, "host strain", cond, other="second|strain")
    first.shape = second.shape = "we-call-the-first-x"
    first.hedged = True  # "might" sets the situation: no opinion of a writer's
    cards = write_cards([concept("donor strain", first), concept("host strain", second)])
    assert [(c.front, c.back) for c in cards] == [
        ("When one yeast strain might feed another, what is the first strain called?",
         "The donor strain."),
        ("When one yeast strain might feed another, what is the second strain called?",
         "The host strain.")]


def test_a_marked_quality_is_asked_for_what_it_takes() -> None:
    text = ("We would like each batch's crust to be \u201ccrisp\u201d\u2014to have the outer "
            "layer snap cleanly when it is pressed.")
    f = finding(text, "crisp crust", "to have the outer layer snap cleanly when it is pressed",
                "property", other="crust|crisp")
    f.shape = "x-to-be-marked-quality"
    card = write_cards([concept("crisp crust", f)])[0]
    assert (card.front, card.back) == ("What does it mean for a crust to be crisp?",
                                       "To have the outer layer snap cleanly when it is "
                                       "pressed.")


def test_a_reason_clause_that_says_what_a_term_is_defines_it() -> None:
    from cards.extract.writing.names import is_plural

    text = ("Since the tools of carving are sharp blades in motion, it follows that we must hold "
            "them firmly.")
    f = finding(text, "tools of carving", "sharp blades in motion")
    f.shape = "since-x-are-y"
    card = write_cards([concept("tools of carving", f)])[0]
    assert card.front in ("What are tools of carving?", "What are the tools of carving?")
    assert card.back == "Sharp blades in motion."
    assert is_plural("the tools of carving") and not is_plural("the law of large numbers")
    assert is_plural("means of abstraction") and not is_plural("news of the day")


def test_under_a_numbered_chapter_a_term_is_asked_in_the_works_sense() -> None:
    from cards.extract.writing.fronts import in_context

    assert in_context("What is the plot?", "the plot", "VI", "THE ART OF BAKING") == (
        "In The Art of Baking, what is the plot?")
    assert in_context("What is the plot?", "the plot", "Chapter 12", "Bread Basics") == (
        "In Bread Basics, what is the plot?")
    assert in_context("What is a sourdough starter?", "a sourdough starter", "VI",
                      "THE ART OF BAKING") == "In The Art of Baking, what is a sourdough starter?"
    assert in_context("What is baking?", "baking", "VI", "THE ART OF BAKING") == (
        "What is baking?")  # the title names it already
    assert in_context("What is the plot?", "the plot", "VI", None) == "What is the plot?"


def test_a_symbol_the_back_names_as_it_goes_is_no_stray_symbol() -> None:
    assert artefacts.problems("Takes in a recipe R and returns a loaf for that recipe.") == []
    assert artefacts.problems("Lowers the cost with respect to R.") == ["symbol"]
    assert make_back("those which crack when they are pressed", ["stale loaves"],
                     definition=True) == "Loaves which crack when they are pressed."


def test_a_proposed_name_is_asked_for_in_its_proposers_words() -> None:
    text = ("Instead of \u201cslow bread\u201d, Ann Lee suggests \u201ccold proofing\u201d: the "
            "dough rises overnight in the fridge.")
    f = finding(text, "cold proofing", "when the dough rises overnight in the fridge",
                other="Ann Lee")
    f.shape = "suggests-x-colon"
    card = write_cards([concept("cold proofing", f)])[0]
    assert (card.front, card.back) == ("According to Ann Lee, what is cold proofing?",
                                       "When the dough rises overnight in the fridge.")


def test_a_sentence_that_names_an_activity_may_give_a_second_concept_its_card() -> None:
    from dataclasses import replace

    from cards.extract.writing.dedupe import Ledger

    text = ("The usual slip is oven confusion\u2014reading the dial (the set heat) instead of "
            "the loaf.")
    first = finding(text, "set heat", "reading the dial")
    ledger = Ledger()
    ledger.begin("set heat")
    ledger.add(first, "What is the set heat?", "The reading on the dial.")
    ledger.begin("oven confusion")
    named = replace(first, term="oven confusion", shape="x-dash-activity")
    assert not ledger.sentence_used(named)
    assert ledger.sentence_used(replace(named, shape="marked-quoted"))
    assert ledger.sentence_used(replace(named, shape="repeated-term"))


def test_an_entry_that_opens_with_the_symbol_of_its_term_defines_by_it() -> None:
    assert make_back("g is below all its chords.", ["concave curve"]) == (
        "A curve that is below all its chords.")
    assert make_back("g is below all its chords.", ["concave curve"], definition=True) == (
        "A curve that is below all its chords.")
    assert make_back("A is the first loaf.", ["starter"]) != "A starter that is the first loaf."


def test_a_proof_lead_in_is_dropped_from_an_explained_cloze() -> None:
    f = finding("It can be proven that for a concave curve a local maximum is also a global "
                "maximum.", "concave curve", "x", "claim")
    f.shape = "marked-strong"
    made = explained_cloze(f, ["concave curve"], marked=True)
    assert made is not None
    assert made[0] == ("For a {{c1::concave curve}} a local maximum is also a global "
                       "maximum.")


def test_a_ranking_of_its_kind_gives_way_to_the_sentence_that_spells_it_out() -> None:
    from cards.extract.shapes.nouns import clean_term
    from cards.extract.writing.backs import defines

    assert clean_term("a simple random draw") == "simple random draw"
    assert not defines("The most basic random draw", ["simple random draw"])
    assert defines("The most basic kind of loaf", ["simple random draw"])
    text = ("The most basic random draw is called a simple random draw. This means that every "
            "ticket has an equal chance of being picked and there is no link between the "
            "tickets drawn.")
    f = finding(text, "simple random draw", "The most basic random draw",
                sentence="The most basic random draw is called a simple random draw.")
    f.shape = "is-called-x"
    card = write_cards([concept("simple random draw", f)])[0]
    assert card.front == "What is a simple random draw?"
    assert card.back is not None
    assert card.back.startswith("When every ticket has an equal chance of being picked")
    from cards.extract.writing.backs import cut

    long = ("when each loaf in the batch has an equal chance of being tested and there is no "
            "link at all between the loaves that are tested")
    assert cut(long) == "when each loaf in the batch has an equal chance of being tested"


def test_a_cloze_brings_the_sentence_that_introduced_what_it_calls_the_thing() -> None:
    text = ("We can think of each oven rack as a metal grid. Each square in the grid is a "
            "baking cell, or the space one roll needs.")
    f = finding(text, "baking cell", "x", "claim",
                sentence="Each square in the grid is a baking cell, or the space one roll "
                         "needs.")
    f.shape = "marked-term"
    cards = write_cards([concept("baking cell", f)])
    assert cards and cards[0].text == (
        "Each oven rack can be thought of as a metal grid. Each square in the grid is a "
        "{{c1::baking cell}}, or the space one roll needs.")
    assert cards[0].source is not None
    assert cards[0].source.quote.startswith("We can think of each oven rack")
    alone = finding("Each square in the grid is a baking cell, or the space one roll needs.",
                    "baking cell", "x", "claim")
    alone.shape = "marked-term"
    assert write_cards([concept("baking cell", alone)])[0].text.startswith("Each square")


def test_what_a_tool_can_be_used_to_do_is_asked_with_its_verb() -> None:
    text = "Bakers could use proofing baskets to hold the shape of a wet dough overnight."
    f = finding(text, "proofing baskets", "the shape of a wet dough overnight", "purpose",
                other="hold")
    f.shape = "use-x-to"
    card = write_cards([concept("proofing baskets", f)])[0]
    assert (card.front, card.back) == ("What can proofing baskets be used to hold?",
                                       "The shape of a wet dough overnight.")


def test_a_back_that_only_places_the_term_under_a_broader_one_asks_for_that_one() -> None:
    f = finding("Sourdough is a slow form of leavened bread.", "sourdough",
                "a slow form of leavened bread")
    card = write_cards([concept("sourdough", f)])[0]
    assert (card.front, card.back) == ("Sourdough is a slow form of what?", "Leavened bread.")


def test_a_sentence_that_spells_out_the_name_is_no_cloze_and_a_place_heading_no_context(
) -> None:
    from cards.extract.writing.fronts import in_context

    f = finding("As the name suggests, whole-grain flour keeps every part of the grain.",
                "whole-grain flour", "x", "claim")
    assert make_cloze(f, ["whole-grain flour"], marked=True) is None
    assert in_context("What is the bread?", "the bread", "Future directions") == (
        "What is the bread?")


def test_an_idea_put_as_advice_is_asked_as_the_act_it_proposes() -> None:
    from cards.extract.writing.fronts import gerund_of_advice

    assert gerund_of_advice("Add a pinch of salt to every loaf") == (
        "Adding a pinch of salt to every loaf")
    assert gerund_of_advice("Use a cooler oven") == "Using a cooler oven"
    assert gerund_of_advice("Put the dough aside") == "Putting the dough aside"
    assert gerund_of_advice("A pinch of salt in every loaf") == "A pinch of salt in every loaf"


def test_a_later_ordinal_goes_with_the_first_and_a_genus_with_modifiers_is_bare() -> None:
    from cards.extract.writing.backs import defines
    from cards.extract.writing.explained import _prepare

    assert _prepare("Most loaves rise twice. Second, and more importantly, they rest "
                    "overnight.") == "Most loaves rise twice. They rest overnight."
    assert not defines("A divide-and-conquer baking strategy", ["batch baking"])


def test_an_intensifier_after_the_backs_article_goes() -> None:
    assert make_back("an entire field of study that tests breads", ["bread science"],
                     definition=True) == "A field of study that tests breads."


def test_a_place_heading_hands_the_context_to_the_documents_title() -> None:
    from cards.extract.markup import title_term
    from cards.extract.writing.fronts import in_context

    assert in_context("What is the bread?", "the bread", "Future directions",
                      "Sour-Dough Kitchens") == (
        "In the context of sour-dough kitchens, what is the bread?")
    assert title_term("Vectors and spaces") == "Vectors and spaces"  # "V" is no numeral
    assert title_term("IV. The Plot") == "Plot"


def test_a_gloss_the_text_gives_in_passing_is_its_own_naming_whatever_the_hedge() -> None:
    from cards.extract.writing.fronts import in_context

    text = ("The usual slip seems to be oven confusion\u2014reading the dial instead of "
            "checking the loaf itself.")
    f = finding(text, "oven confusion", "reading the dial instead of checking the loaf itself",
                hedged=True)
    f.shape = "x-dash-activity"
    card = write_cards([concept("oven confusion", f)])[0]
    assert card.front == "What is oven confusion?"
    assert in_context("What is the bread?", "the bread", "Quasi-Newton methods") == (
        "In the context of Quasi-Newton methods, what is the bread?")
    assert in_context("What is the bread?", "the bread", "Making Things Human-Scale") == (
        "In the context of making things human-scale, what is the bread?")


def test_a_list_item_that_says_by_which_a_thing_works_defines_it() -> None:
    f = finding("means of leavening, by which a dense dough is made light and airy,",
                "means of leavening", "the means by which a dense dough is made light and airy")
    f.shape = "x-by-which"
    card = write_cards([concept("means of leavening", f)])[0]
    assert card.front == "What are means of leavening?"
    assert card.back == "The means by which a dense dough is made light and airy."


def test_a_comparison_with_what_came_before_keeps_its_quality() -> None:
    from cards.extract.writing.explained import _prepare

    assert _prepare("A much more subtle fault arises when the dough dries slowly.") == (
        "A subtle fault arises when the dough dries slowly.")
    assert _prepare("An even more obvious fault arises when the oven is cold.") == (
        "An obvious fault arises when the oven is cold.")


def test_a_back_that_says_why_the_named_act_is_done_is_asked_why() -> None:
    f = finding("Kneading. Bakers knead the dough for ten minutes to develop the gluten "
                "network.", "Kneading", "Bakers knead the dough for ten minutes to develop "
                "the gluten network.")
    f.shape = "label-colon"
    card = write_cards([concept("kneading", f)])[0]
    assert (card.front, card.back) == ("Why do bakers knead the dough for ten minutes?",
                                       "To develop the gluten network.")


def test_an_unsigned_commenters_stipulation_is_a_plain_definition() -> None:
    text = ("I think that slow proofing should be used for rye. By this, I mean a proofing "
            "method which keeps the dough cold overnight.")
    f = finding(text, "slow proofing", "a proofing method which keeps the dough cold "
                "overnight", hedged=True)
    f.shape = "by-this-i-mean"
    f.block.tags = ("dialect:comments",)
    card = write_cards([concept("slow proofing", f)])[0]
    assert card.front == "What is slow proofing?"


def test_an_unnamed_commenters_claim_on_an_unmarked_term_is_no_cloze() -> None:
    from cards.extract.writing.cloze import finish_cloze

    text = "In a cold oven, the crust sets before the crumb can rise at all."
    f = finding(text, "cold oven", "x", "claim")
    f.block.tags = ("dialect:comments",)
    gapped = "In a {{c1::cold oven}}, the crust sets before the crumb can rise at all."
    assert finish_cloze(gapped, f, ["cold oven"], False, marked=False) is None
    assert finish_cloze(gapped, f, ["cold oven"], False, marked=True) == (
        "According to the commenter, in a {{c1::cold oven}}, the crust sets before the "
        "crumb can rise at all.")


def test_a_gloss_that_only_swaps_the_modifier_is_a_synonym_not_a_card() -> None:
    from cards.extract.writing import _synonym

    assert _synonym("Hard-baked loaves.", "crusty loaves")
    assert not _synonym("Loaves baked until the crust is hard.", "crusty loaves")
    assert not _synonym("Hard-baked breads.", "crusty loaves")


def test_a_heading_that_only_names_the_term_hands_the_context_to_the_title() -> None:
    from cards.extract.writing.fronts import in_context

    assert in_context("What is the bread?", "the bread", "Bread and Butter",
                      "Kitchen Chemistry") == (
        "In the context of kitchen chemistry, what is the bread?")


def _shaped(text: str, term: str, explanation: str, shape: str) -> Finding:
    made = finding(text, term, explanation)
    return Finding(term=made.term, shape=shape, block=made.block, start=made.start,
                   end=made.end, explanation=made.explanation, relation=made.relation)


def test_what_we_do_in_a_setting_is_asked_as_how_and_what_we_have() -> None:
    split_ = _shaped("In a relay survey, we split the crowd into small teams of runners.",
                     "relay survey", "we split the crowd into small teams of runners",
                     "in-marked-x-we")
    prompt = ask(split_, "a relay survey")
    assert prompt is not None
    assert prompt.front == "In a relay survey, how do we split the crowd?"
    assert prompt.answer == "Into small teams of runners"
    access = _shaped("In offline tasting, we have access to every dish, which we use to "
                     "rank the cooks.", "offline tasting",
                     "we have access to every dish, which we use to rank the cooks",
                     "in-marked-x-we")
    prompt = ask(access, "offline tasting")
    assert prompt is not None
    assert prompt.front == "In offline tasting, what do we have access to?"
    assert prompt.answer == "Every dish"
    # a sentence with no act and no manner keeps the definition question
    plain = _shaped("In a sealed flask, we see nothing escape.", "sealed flask",
                    "we see nothing escape", "in-marked-x-we")
    prompt = ask(plain, "a sealed flask")
    assert prompt is not None and prompt.front == "What is a sealed flask?"


def test_a_gloss_that_says_what_a_thing_has_asks_for_that_property() -> None:
    f = _shaped("The titre should be the plateau (i.e. have expected slope zero) by then.",
                "plateau", "have expected slope zero", "x-ie")
    prompt = ask(f, "the plateau")
    assert prompt is not None
    assert prompt.front == "What property does a plateau have?"  # any plateau has it
    assert prompt.answer == "Expected slope zero"
    assert make_back(prompt.answer, ["plateau"], definition=True) == "Expected slope zero."


def test_a_tendency_asks_what_goes_with_the_term_and_an_unsigned_comment_keeps_it_plain() -> None:
    text = "Larger pastry schools often have bigger Croissant guilds."
    f = finding(text, "Croissant guilds", "Larger pastry schools", "property",
                other="often|bigger")
    f.shape = "larger-x-have-bigger-t"
    f.block.tags = ("dialect:comments",)
    card = write_cards([concept("Croissant guilds", f)])[0]
    assert card.front == ("How does the size of Croissant guilds relate to the size of "
                          "pastry schools?")
    assert card.back == "Larger pastry schools often have bigger ones."
    # the same tendency said as the writer's own belief is theirs
    mine = finding("I think larger pastry schools often have bigger Croissant guilds.",
                   "Croissant guilds", "larger pastry schools", "property", other="often|bigger")
    mine.shape = "larger-x-have-bigger-t"
    mine.block.tags = ("dialect:comments",)
    card = write_cards([concept("Croissant guilds", mine)])[0]
    assert card.front.startswith("According to the commenter, how does the size of ")


def test_what_a_part_can_do_in_a_setting_is_asked_with_the_setting_as_cue() -> None:
    f = _shaped("In a sealed reactor, control rods can absorb the spare neutrons from any "
                "fuel channel.", "sealed reactor",
                "Control rods can absorb the spare neutrons from any fuel channel.",
                "in-an-x-clause")
    prompt = ask(f, "a sealed reactor")
    assert prompt is not None
    assert prompt.front == "In a sealed reactor, what can control rods absorb?"
    assert prompt.answer == "The spare neutrons from any fuel channel"
    vague = _shaped("In a sealed reactor, we can see that nothing leaks.", "sealed reactor",
                    "We can see that nothing leaks.", "in-an-x-clause")
    assert ask(vague, "a sealed reactor") is None or "what can we" not in (
        ask(vague, "a sealed reactor").front)  # type: ignore[union-attr]


def test_a_named_method_is_asked_what_it_is_used_for() -> None:
    general = _shaped("Archimedes' method, which is a general technique for finding areas, "
                      "came first.", "Archimedes' method", "for finding areas", "x-method-for")
    prompt = ask(general, "Archimedes' method")
    assert prompt is not None
    assert (prompt.front, prompt.answer) == ("What is Archimedes' method used for?",
                                             "Finding areas")
    used = _shaped("The timer uses Verlet's method to step the heat forward.", "Verlet's method",
                   "to step the heat forward", "x-method-for")
    prompt = ask(used, "Verlet's method")
    assert prompt is not None and prompt.answer == "To step the heat forward"


def test_what_a_thing_makes_possible_is_asked_as_what_it_allows() -> None:
    f = finding("Proofing baskets allow us to hold the shape of a wet dough overnight.",
                "proofing baskets", "allow us to hold the shape of a wet dough overnight",
                "property")
    prompt = ask(f, "proofing baskets")
    assert prompt is not None
    assert prompt.front == "What do proofing baskets allow us to do?"
    assert prompt.answer == "Hold the shape of a wet dough overnight"
    lets = finding("A lame lets you score the loaf cleanly before baking.", "lame",
                   "lets you score the loaf cleanly before baking", "property")
    prompt = ask(lets, "a lame")
    assert prompt is not None and prompt.front == "What does a lame let you do?"


def test_a_whole_counted_into_its_parts_gets_a_parts_card_beside_its_definition() -> None:
    definition = finding("A sonnet is a poem of fourteen lines that turns on one argument.",
                         "sonnet", "a poem of fourteen lines that turns on one argument")
    parts = finding("Every Sonnet, therefore, must have three parts--namely, Octave, Volta, "
                    "Couplet.", "Sonnet", "Octave, Volta, Couplet", "property",
                    other="three|parts|", line=30)
    parts.shape = "n-kinds-of-x"
    cards = write_cards([concept("sonnet", definition, parts)])
    assert [c.front for c in cards] == ["What is a sonnet?",
                                        "What are the three parts of a sonnet?"]
    assert cards[1].back == "Octave, Volta, Couplet."
    assert cards[1].source is not None and cards[1].source.line == 30
    setting = finding("In baking, we deal with two kinds of elements: flour and water.",
                      "elements", "flour and water", "property", other="two|kinds|elements")
    setting.shape = "n-kinds-of-x"
    prompt = ask(setting, "elements")
    assert prompt is not None
    assert prompt.front == "In baking, what are the two kinds of elements?"


def test_an_entry_that_sets_a_scene_asks_when_and_one_that_gives_a_reason_asks_why() -> None:
    scene_reason = finding("Researchers sometimes suspect that the flour, not the yeast, slows "
                           "the rise.", "retarding", "Researchers sometimes suspect that the "
                           "flour, not the yeast, slows the rise")
    scene_reason.shape = "entry-definition"
    card = write_cards([concept("retarding", scene_reason)])[0]
    assert card.front == "When do researchers use retarding?"
    assert card.back == "When they suspect that the flour, not the yeast, slows the rise."
    reason = finding("The more loaves bakers taste, the more surely they can judge the flour.",
                     "tasting", "The more loaves bakers taste, the more surely they can judge "
                     "the flour")
    reason.shape = "entry-definition"
    card = write_cards([concept("tasting", reason)])[0]
    assert card.front == "Why is tasting important?"


def test_a_verb_left_capitalized_after_a_lost_stop_reads_as_a_relative_clause() -> None:
    assert artefacts.repair("Slow-rise SD Sits between a poolish and a biga") == (
        "Slow-rise SD, which sits between a poolish and a biga")
    # a capital that starts a name is left alone
    assert artefacts.repair("The oven Uses Gas Mark 4") == "The oven Uses Gas Mark 4"


def test_a_name_given_to_a_running_examples_things_gives_no_definition_card() -> None:
    text = ("We might try to estimate how long loaves take to rise in one bakery. All loaves "
            "baked this year represent the batch, and loaves that are picked for tasting are "
            "collectively called the tasting set.")
    sentence = ("All loaves baked this year represent the batch, and loaves that are picked "
                "for tasting are collectively called the tasting set.")
    f = finding(text, "tasting set", "loaves that are picked for tasting", sentence=sentence)
    f.shape = "is-called-x"
    assert not [c for c in write_cards([concept("tasting set", f)]) if c.type == "basic"]
    plain = finding(sentence, "tasting set", "loaves that are picked for tasting")
    plain.shape = "is-called-x"
    assert [c.type for c in write_cards([concept("tasting set", plain)])][:1] == ["basic"]


def test_a_spelled_out_name_that_goes_on_to_say_what_it_does_asks_that() -> None:
    f = finding("QFT (quick fermentation test) refines at each step an estimate of the rise.",
                "quick fermentation test", "x", "abbreviation", other="QFT")
    prompt = ask(f, "quick fermentation test")
    assert prompt is not None
    assert prompt.front == "What does QFT refine at each step?"
    assert prompt.answer == "An estimate of the rise"
    vague = finding("A long rest (LR) gives the dough a deeply felt calm.", "long rest", "x",
                    "abbreviation", other="LR")
    assert ask(vague, "a long rest") is None  # it says more, and nothing a question can ask


def test_a_how_question_whose_answer_repeats_the_setting_is_refused() -> None:
    f = _shaped("In a crumb sample, we break up the loaf into many pieces, called crumbs.",
                "crumb sample", "we break up the loaf into many pieces, called crumbs",
                "in-marked-x-we")
    prompt = ask(f, "a crumb sample")
    assert prompt is None or "how do we" not in prompt.front
