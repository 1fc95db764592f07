"""The readers on the eight real texts of ../shared/corpora: every labelled definition's
words are visible text within five lines of its label, and boilerplate never is."""

from __future__ import annotations

import pytest

from cards.corpus import read_corpus
from tests.corpus_helpers import CORPORA, labels, plain_piece

TEXTS = {  # name -> the reader that must take it
    "turner-non-obstruction": "markdown",
    "d2l-distribution-shift": "markdown",
    "turner-modern-principles-of-economics": "markdown",
    "aristotle-poetics": "text/generic",
    "distill-building-blocks": "html",
    "sicp-elements-of-programming": "html",
    "scipy-lectures-optimization": "rst",
    "openintro-intro-to-data": "latex",
}

pytestmark = pytest.mark.skipif(not CORPORA.is_dir(), reason="../shared/corpora not present")


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_labelled_quotes_are_visible_text_near_their_line(name: str) -> None:
    corpus = read_corpus(CORPORA / "texts" / name, name)
    assert set(corpus.readers.values()) == {TEXTS[name]}
    assert corpus.warnings == []
    misses = []
    for label in labels(name):
        piece = plain_piece(str(label["definition_quote"]))
        places = [block.line_at(block.text.find(piece)) for block in corpus.blocks
                  if piece in block.text]
        if not any(abs(line - int(label["line"])) <= 5 for line in places):  # type: ignore[call-overload]
            misses.append((label["term"], label["line"], places))
    assert misses == []


def test_gutenberg_boilerplate_never_appears() -> None:
    corpus = read_corpus(CORPORA / "texts" / "aristotle-poetics", "p")
    text = "\n".join(block.text for block in corpus.blocks)
    for boilerplate in ("Project Gutenberg", "License", "eBook", "Produced by"):
        assert boilerplate not in text
    assert corpus.blocks[-1].line < 1629  # the END line


def test_markdown_comments_and_front_matter_never_appear() -> None:
    name = "turner-modern-principles-of-economics"
    corpus = read_corpus(CORPORA / "texts" / name, name)
    text = "\n".join(block.text for block in corpus.blocks)
    assert "vale off" not in text and "permalink" not in text and "lw-" not in text


def test_html_comments_code_and_math_never_appear() -> None:
    corpus = read_corpus(CORPORA / "texts" / "distill-building-blocks", "d")
    text = "\n".join(block.text for block in corpus.blocks)
    assert "principal component analysis" not in text  # a commented-out draft paragraph
    assert "grid-column" not in text and "--gray-bg" not in text  # the inline style
    sicp = read_corpus(CORPORA / "texts" / "sicp-elements-of-programming", "s")
    text = "\n".join(block.text for block in sicp.blocks)
    assert "(define (square x)" not in text and "Jump to top" not in text
    assert any(b.kind == "footnote" for b in sicp.blocks)
