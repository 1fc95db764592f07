"""Concept finding on invented blocks: sentences, markup, statistics, merging, selection.

Invented sentences, not corpus strings: each test builds the Blocks a reader would give
and checks what concept finding makes of them.
"""

from __future__ import annotations

from pathlib import Path

from cards.corpus.blocks import Block, OffsetMap, Span
from cards.extract import draft_blocks, find_concepts
from cards.extract.ranking import CONCEPTS_PER_10K
from cards.extract.sentences import sentences_of, split


def _block(text: str, line: int = 1, kind: str = "paragraph", spans: tuple = (),
           term: str | None = None, file: str = "notes.md") -> Block:
    return Block(file=file, kind=kind, text=text,  # type: ignore[arg-type]
                 offsets=OffsetMap((0,), (line,), (0,)), spans=spans, term=term)


def _marked(text: str, phrase: str, kind: str = "emphasis", line: int = 1) -> Block:
    at = text.index(phrase)
    return _block(text, line, spans=(Span(kind, at, at + len(phrase)),))  # type: ignore


def _terms(blocks: list[Block]) -> list[str]:
    concepts, _, _ = find_concepts(blocks)
    return [c.term.lower() for c in concepts]


def test_sentences_keep_offsets_and_skip_abbreviations() -> None:
    text = ("A catalyst, e.g. platinum, speeds up a reaction. It is not used up! "
            "Dr. Smith said so (see Fig. 2). Done.")
    spans = split(text)
    pieces = [text[s:e] for s, e in spans]
    assert pieces == ["A catalyst, e.g. platinum, speeds up a reaction.", "It is not used up!",
                      "Dr. Smith said so (see Fig. 2).", "Done."]
    block = Block("a.txt", "paragraph", text, OffsetMap((0, 49), (3, 4), (0, 0)))
    sentences = sentences_of([block])
    assert [s.line for s in sentences] == [3, 4, 4, 4]
    assert all(block.text[s.start:s.end] == s.text for s in sentences)


def test_headings_are_not_sentences() -> None:
    blocks = [_block("Catalysis", kind="heading"), _block("A catalyst speeds it up.", 2)]
    assert [s.text for s in sentences_of(blocks)] == ["A catalyst speeds it up."]


def test_plain_definitions_are_found_with_their_explanation() -> None:
    blocks = [
        _block("A catalyst is a substance that speeds up a reaction without being used up.",
               1),
        _block("The energy a reaction needs to start is called the activation energy.", 3),
        _block("By 'equilibrium' we mean the state where both directions run equally fast.",
               5),
    ]
    concepts, _, _ = find_concepts(blocks)
    by_term = {c.term.lower(): c for c in concepts}
    assert {"catalyst", "activation energy", "equilibrium"} <= set(by_term)
    assert "substance that speeds up" in by_term["catalyst"].findings[0].explanation
    assert by_term["activation energy"].findings[0].line == 3


def test_a_marked_term_at_its_first_explained_mention() -> None:
    text = "Here the yield is what fraction of the reactant ends up as product."
    block = _marked("We measure the turnover number of every enzyme we study, the rate "
                    "each site converts.", "turnover number", line=7)
    concepts, _, _ = find_concepts([_block(text), block])
    found = [c for c in concepts if c.term == "turnover number"]
    assert found and found[0].findings[0].line == 7
    assert found[0].findings[0].shape.startswith("marked-")


def test_definition_entries_and_headings_are_signals() -> None:
    blocks = [
        _block("The ability of a metal to be drawn into a wire without breaking.", 4,
               kind="definition", term="Ductility"),
        _block("Electroplating", 10, kind="heading"),
        _block("Electroplating coats one metal with a thin layer of another by "
               "electrolysis.", 12),
    ]
    terms = _terms(blocks)
    assert "ductility" in terms and "electroplating" in terms


def test_abbreviations_and_plurals_merge_into_one_concept() -> None:
    blocks = [
        _block("We count compute in effective FLOP (E-FLOP), a unit that adds a multiplier "
               "for algorithmic progress.", 1),
        _block("E-FLOPs are hard to compare across benchmarks.", 2),
        _block("Many labs report E-FLOPs now, and E-FLOP budgets keep growing.", 3),
    ]
    concepts, _, _ = find_concepts(blocks)
    flop = [c for c in concepts if "flop" in c.key]
    assert len(flop) == 1
    names = {flop[0].term, *flop[0].aliases}
    assert "E-FLOP" in names and "effective FLOP" in names


def test_everyday_words_are_not_concepts_without_evidence() -> None:
    blocks = [_block("The weather is a big reason people stay home. The weather is nice. "
                     "People like the weather in summer.", 1)]
    assert "weather" not in _terms(blocks)


def test_selection_keeps_density_and_is_deterministic() -> None:
    syllables = ["ka", "lo", "mi", "zu", "te", "ra", "vo", "ne"]
    names = [f"{a}{b}{c}tron" for a in syllables for b in syllables for c in syllables][:60]
    sentences = [f"A {name} is a device that turns one gear into motion." for name in names]
    blocks = [_block(s, i + 1) for i, s in enumerate(sentences)]
    first = draft_blocks(blocks)
    again = draft_blocks(blocks)
    words = sum(len(s.split()) for s in sentences)
    assert len(find_concepts(blocks)[0]) > len(first.concepts)
    assert 3 <= len(first.concepts) <= max(3, round(words / 10_000 * CONCEPTS_PER_10K))
    assert [c.key for c in first.concepts] == [c.key for c in again.concepts]
    assert [c.id for c in first.cards] == [c.id for c in again.cards]


def test_draft_blocks_writes_cards_citing_the_visible_text() -> None:
    blocks = [_block("A catalyst is a substance that speeds up a reaction without being "
                     "used up.", 9, file="chem/notes.md")]
    result = draft_blocks(blocks * 1, deck="chem", folder="notes")
    assert result.cards
    card = result.cards[0]
    assert card.id.startswith("chem.")
    assert card.source.line == 9 and card.source.file == "notes/chem/notes.md"
    assert card.source.quote in blocks[0].text


def test_a_marked_lead_term_is_defined_by_the_sentence_after_it() -> None:
    from cards.extract.markup import lead_signals

    text = ("Buffer solution. A mixture of a weak acid and its conjugate base that keeps the "
            "pH nearly constant.")
    lead = _block(text, kind="list_item", spans=(Span("strong", 0, 15),))  # type: ignore
    inline = _marked("The buffer solution in the flask keeps the pH nearly constant.",
                     "buffer solution", kind="strong")
    signals = list(lead_signals(sentences_of([lead, inline])))
    assert [(s.term.lower(), s.shape) for s in signals] == [("buffer solution", "entry-lead")]
    assert signals[0].sentence.text.startswith("A mixture of a weak acid")


def test_a_possessive_inside_a_name_is_plausible_but_not_at_its_end() -> None:
    from cards.extract.ranking import plausible

    assert plausible("Hess's law") and plausible("Le Chatelier's principle")
    assert not plausible("the reaction's") and not plausible("loan50DF")


def _lead_quotes(folder: Path, text: str) -> dict[str, list[str]]:
    """Each found term's entry-lead quotes, for a Markdown note of ``text``."""
    from cards.corpus import read_corpus

    (folder / "notes.md").write_text(text, encoding="utf-8")
    concepts, _n, _w = find_concepts(read_corpus(folder).blocks)
    return {c.term.lower(): [f.quote for f in c.findings if f.shape == "entry-lead"]
            for c in concepts}


def test_a_label_block_is_explained_by_the_block_below_it(tmp_path: Path) -> None:
    leads = _lead_quotes(tmp_path, (
        "# Surfaces\n\n**A glossy surface**:\n\nLight is reflected in one direction, so the "
        "surface shows sharp highlights.\n\n**A matte surface**\n\nSomething else entirely "
        "happens in a quite different room.\n"))
    assert any(q.startswith("Light is reflected") for q in leads["glossy surface"])
    assert not leads.get("matte surface")


def test_a_label_above_a_remark_is_not_defined_by_it(tmp_path: Path) -> None:
    leads = _lead_quotes(tmp_path, (
        "# Kites\n\n**A box kite**:\n\nNote that, as the wind is steady, the line "
        "stays taut all afternoon.\n\n**A delta kite**:\n\nA triangular kite with a "
        "single spar that flies in light winds.\n"))
    assert not leads.get("box kite")
    assert any(q.startswith("A triangular kite") for q in leads["delta kite"])


def test_only_the_remark_form_of_a_word_like_recall_is_a_remark(tmp_path: Path) -> None:
    defined = _lead_quotes(tmp_path, (
        "# Metrics\n\n**Sensitivity**:\n\nRecall of the relevant items, as a share of "
        "them all.\n"))
    assert defined["sensitivity"] == ["Recall of the relevant items, as a share of them all."]
    remark = _lead_quotes(tmp_path, (
        "# Metrics\n\n**Sensitivity**:\n\nRecall that the share of the relevant items is "
        "what counts.\n"))
    assert not remark.get("sensitivity")


def test_a_heading_with_a_colon_is_a_title_not_a_label() -> None:
    block = Block(file="n.md", kind="heading", text="Case study: using kites to map winds",
                  offsets=OffsetMap((0,), (1,), (0,)), level=1)
    body = Block(file="n.md", kind="paragraph", text="Kites carry small sensors aloft.",
                 offsets=OffsetMap((0,), (3,), (0,)), heading=block.text)
    concepts, _n, _w = find_concepts([block, body])
    assert not any(f.shape.startswith("label-colon") for c in concepts for f in c.findings)


def test_an_everyday_word_defined_as_that_which_is_a_concept() -> None:
    blocks = [_block("A whole is that which has a front, a middle, and a back. "
                     "The plot of a fable should be one whole, and so should a song.")]
    assert "whole" in [t.lower() for t in _terms(blocks)]
    cards = draft_blocks(blocks).cards
    assert any(c.front == "What is a whole?" for c in cards)
    # the same word used in passing is still no concept
    assert "whole" not in [t.lower() for t in _terms([_block(
        "The whole town came out to see the parade on the hill that evening.")])]


def test_a_stipulated_predicate_whose_mark_stops_before_its_symbol(tmp_path: Path) -> None:
    """"Let's say X is _safe with respect to_ $K$ when ...": the mark ends on "to", the
    symbol is part of the name, and "our" of people in general is no author's voice."""
    from cards.corpus import read_corpus
    from cards.extract import draft

    (tmp_path / "locks.md").write_text(
        "# Locks\n\nA lock guards a door against the keys that people carry around.\n\n"
        "Let’s say a lock is _safe with respect to_ $K$ when opening it never lowers our "
        "ability to keep out any key in K, compared to leaving the door bare.\n\n"
        "Most locks are safe with respect to K only for a short while.\n", encoding="utf-8")
    cards = draft(read_corpus(tmp_path, "locks")).cards
    fronts = {c.front: c.back for c in cards if c.type == "basic"}
    assert fronts.get("When is a lock said to be safe with respect to K?", "").startswith(
        "When opening it never lowers our ability to keep out any key in K"), fronts
    card = next(c for c in cards if c.front and "safe with respect to K" in c.front)
    assert card.source.line == 5 and card.source.quote.startswith("Let’s say a lock")


def test_a_label_that_heads_several_blocks_is_a_caption_not_a_term(tmp_path: Path) -> None:
    """"**A sticky dough**:" over each recipe's photo is a recurring caption: what follows
    is how that recipe fares, not what a sticky dough is.  A label used once still defines."""
    leads = _lead_quotes(tmp_path, (
        "# Breads\n\n**A sticky dough**:\n\nRye loaves rise slowly and stay dense in the "
        "middle.\n\n**A sticky dough**:\n\nSpelt loaves spread flat unless they bake in a "
        "tin.\n\n**A slack dough**:\n\nDough that holds so much water that it cannot keep its "
        "shape on the bench.\n"))
    assert "sticky dough" not in leads or not leads["sticky dough"]
    assert any(q.startswith("Dough that holds") for q in leads["slack dough"])


def test_a_thing_framed_as_a_measure_is_an_entry_only_in_a_list() -> None:
    item = "Crumb density as the weight of a slice divided by its volume"
    concepts, _n, _w = find_concepts([_block(item, kind="list_item")])
    assert any(f.shape.startswith("list-x-as-y") and "weight of a slice" in f.explanation
               for c in concepts for f in c.findings)
    concepts, _n, _w = find_concepts([_block(item + ".", kind="paragraph")])
    assert not any(f.shape.startswith("list-x-as-y") for c in concepts for f in c.findings)


def test_an_essays_definitions_name_the_work_and_a_textbooks_do_not() -> None:
    from cards.extract import draft_blocks

    def page(voice: str) -> list[Block]:
        lines = [f"{voice} baked bread every morning for years, and my kitchen smelled of it.",
                 "A levain is a starter culture that a baker keeps alive with flour and "
                 "water."] if voice == "I" else [
                 "Bakers bake bread every morning, and the kitchen smells of it.",
                 "A levain is a starter culture that a baker keeps alive with flour and "
                 "water."]
        blocks = [_block(text, line=i + 1) for i, text in enumerate(lines * 6)]
        for b in blocks:
            b.title = "Bread Notes: A Year of Baking"
        return blocks

    essay = [c for c in draft_blocks(page("I")).cards if c.concept == "levain"]
    plain = [c for c in draft_blocks(page("We")).cards if c.concept == "levain"]
    assert essay and essay[0].front == "In “Bread Notes”, what is a levain?"
    assert plain and plain[0].front == "What is a levain?"


def test_a_studys_group_entry_is_what_its_members_got() -> None:
    from cards.extract.finding import find_all

    item = _block("Mice in the fasting group received water only for two days.",
                  kind="list_item", term="Fasting group")
    found = [f for f in find_all([item], list(sentences_of([item])))
             if f.term.lower() == "fasting group"]
    assert found and "+members" in found[0].shape
    assert (found[0].relation, found[0].explanation, found[0].other) == (
        "property", "Water only for two days", "mice|received")
