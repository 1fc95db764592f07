"""Sentence splitting inside blocks (extract/sentences.py), on invented text."""

from __future__ import annotations

from cards.extract.sentences import split


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split(text)]


def test_a_name_ending_in_a_question_mark_does_not_end_the_sentence() -> None:
    text = "As far as the ready? check is concerned, it only reads the flag. Is it set? Yes."
    assert _sentences(text) == ["As far as the ready? check is concerned, it only reads the "
                                "flag.", "Is it set?", "Yes."]


def test_abbreviations_and_initials_do_not_end_sentences() -> None:
    text = "Acids (e.g. vinegar) taste sour. J. Smith measured it. The end."
    assert _sentences(text) == ["Acids (e.g. vinegar) taste sour.", "J. Smith measured it.",
                                "The end."]


def test_a_heading_is_a_sentence_only_when_it_glosses_its_term() -> None:
    from cards.corpus.blocks import Block, OffsetMap
    from cards.extract.sentences import sentences_of

    def heading(text: str) -> Block:
        return Block(file="n.md", kind="heading", text=text, offsets=OffsetMap((0,), (1,), (0,)))

    glossing = heading("Slow cooling: lowering the kiln's heat a little each hour")
    plain = heading("Slow cooling")
    label = heading("Summary: what we saw")
    assert [s.text for s in sentences_of([glossing, plain, label])] == [glossing.text]
