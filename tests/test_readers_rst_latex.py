"""The reStructuredText and LaTeX readers on small invented documents."""

from __future__ import annotations

from pathlib import Path

from tests.corpus_helpers import find, read_one, span_texts

RST = """Catalysis
=========

A *catalyst* is a substance that
speeds up a reaction, see :func:`~chem.rates.speed` and :math:`k_1`.

.. note::

   Enzymes are the catalysts of
   living cells.

.. code-block:: python

   print("code is not text")

>>> 1 + 1
2

**Activation energy**: the energy a
reaction needs to start.

.. list-table::

   * - substrate
     - what an enzyme acts on

.. autofunction:: chem.rates.speed
"""


def test_rst_blocks_roles_directives_and_lines(tmp_path: Path) -> None:
    blocks, warnings = read_one(tmp_path, "c.rst", RST)
    assert warnings == []
    block, start = find(blocks, "A catalyst is a substance that speeds up a reaction, see "
                                "speed and.")
    assert block.line_at(start) == 4 and block.line_at(block.text.index("speeds")) == 5
    assert span_texts(block, "emphasis") == ["catalyst"] and block.heading == "Catalysis"
    note, _ = find(blocks, "Enzymes are the catalysts of living cells.")
    assert note.kind == "callout" and note.line == 9
    bold, _ = find(blocks, "Activation energy: the energy a reaction needs to start.")
    assert span_texts(bold, "strong") == ["Activation energy"] and bold.line == 19
    cell, _ = find(blocks, "what an enzyme acts on")
    assert cell.kind == "table_cell"
    text = "\n".join(b.text for b in blocks)
    assert "print" not in text and "1 + 1" not in text and "k_1" not in text


TEX = r"""\documentclass{book}
\newcommand{\mymacro}[1]{#1}
\begin{document}
\section{Catalysis}
% A commented-out sentence that is not text.
A \term{catalyst} is a substance that speeds up a reaction\index{catalyst}
without being used up.\footnote{Enzymes are biological catalysts.} Its rate is
$k = 2$ per second, \emph{roughly}, and \mymacro{custom text} stays.

\begin{itemize}
\item first point
\item second point
\end{itemize}
\begin{description}
\item[Substrate] what an enzyme acts on
\end{description}
\begin{onebox}{A box}
\termsub{Activation energy}{activation energy} is the energy a reaction needs.
\end{onebox}
\end{document}
"""


def test_latex_terms_footnotes_comments_math_and_lines(tmp_path: Path) -> None:
    blocks, warnings = read_one(tmp_path, "c.tex", TEX)
    assert warnings == []
    block, start = find(blocks, "A catalyst is a substance that speeds up a reaction without "
                                "being used up. Its rate is per second, roughly, and custom "
                                "text stays.")
    assert block.line_at(start) == 6 and block.line_at(block.text.index("without")) == 7
    assert span_texts(block, "term") == ["catalyst"] and "math" in block.tags
    assert block.heading == "Catalysis"
    note, _ = find(blocks, "Enzymes are biological catalysts.")
    assert note.kind == "footnote" and note.line == 7
    assert [b.text for b in blocks if b.kind == "list_item"] == ["first point",
                                                                  "second point"]
    entry, _ = find(blocks, "what an enzyme acts on")
    assert entry.kind == "definition" and entry.term == "Substrate"
    boxed, _ = find(blocks, "Activation energy is the energy a reaction needs.")
    assert span_texts(boxed, "term") == ["Activation energy"] and boxed.line == 18
    text = "\n".join(b.text for b in blocks)
    assert "commented-out" not in text and "k = 2" not in text


def _rst_book(sections: int) -> str:
    """An invented reST book: titled sections with wrapped paragraphs, a definition
    list, a note, a literal block and a reference to a target in the last section."""
    parts = []
    for n in range(1, sections + 1):
        parts.append(f"Chapter {n}\n{'=' * 12}\n\nA *term{n}* is an idea of chapter {n},\n"
                     f"wrapped over two lines, see `the index`_.\n\nTerm{n} entry\n"
                     f"   What the entry says about {n}.\n\n.. note::\n\n   Note {n} says\n"
                     f"   something.\n\n::\n\n   code {n} is not text\n\nSub {n}\n{'-' * 8}\n\n"
                     f"Last words of {n}.\n")
    parts.append(".. _the index: https://example.org/\n")
    return "\n".join(parts)


def test_rst_big_file_read_in_chunks_reads_as_whole(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from cards.corpus.readers import rst

    text = _rst_book(30)
    whole = list(rst.read_rst(text, "b.rst"))
    monkeypatch.setattr(rst, "CHUNK_CHARS", 700)
    monkeypatch.setattr(rst.chunks, "__defaults__", (700,))
    pieces = rst.chunks(text)
    assert len(pieces) >= 10
    assert all(p.startswith("Chapter ") for p, _ in pieces)  # cut at top-level titles
    assert "".join(p for p, _ in pieces) == text  # nothing lost, nothing doubled
    chunked = list(rst.read_rst(text, "b.rst"))
    assert [(b.text, b.kind, b.line, b.heading, b.spans) for b in chunked] == [
        (b.text, b.kind, b.line, b.heading, b.spans) for b in whole]
    lines = text.split("\n")
    for block in chunked:  # every block starts where the file has its first word
        row, col = block.offsets.position(0)
        assert lines[row - 1][col:].startswith(block.text.split()[0].strip("*"))
    texts = [b.text for b in chunked]
    assert "A term30 is an idea of chapter 30, wrapped over two lines, see the index." in texts
    assert not any("code" in t for t in texts)


def test_rst_chunks_cut_at_a_margin_line_when_there_is_no_title() -> None:
    from cards.corpus.readers import rst

    text = "".join(f"Paragraph {n} has\n   an indented\n   literal\n\n" if n % 2 else
                   f"Paragraph {n} is plain\ntext.\n\n" for n in range(200))
    pieces = rst.chunks(text, 500)
    assert len(pieces) > 5 and "".join(p for p, _ in pieces) == text
    for piece, first_line in pieces:
        assert piece.startswith("Paragraph ")  # never inside an indented construct
        assert text.split("\n")[first_line - 1] == piece.split("\n")[0]


TRICKY_TEX = r"""\documentclass{article}
\begin{document}
\section*{Starred title}
Plain words, with punctuation: (a) and (b); x/y = z.\emph x and \textbf{bold}
text -- a dash --- and ``quotes'' and `single' ones~here.
\begin{description}
\item[Term one] first entry
\item [Term two]second entry
\end{description}
Math $a+b=c$ stays out, 100\% sure \& done.
\end{document}
"""


def test_latex_run_tokens_change_no_node() -> None:
    from pylatexenc import latexwalker as lw

    from cards.corpus.readers import latex

    for text in (TRICKY_TEX, TEX):
        fast = latex._Walker(text, latex_context=latex._context(), tolerant_parsing=True)
        plain = lw.LatexWalker(text, latex_context=latex._context(), tolerant_parsing=True)
        assert _chars_joined(fast) == _chars_joined(plain)
    blocks = latex.read_latex(TRICKY_TEX, "t.tex")
    texts = [b.text for b in blocks]
    assert "Starred title" in texts
    assert any(t.startswith("Plain words, with punctuation: (a) and (b); x/y = z.x and bold "
                            "text – a dash — and “quotes” and `single' ones here.") for t in texts)
    assert [b.term for b in blocks if b.kind == "definition"] == ["Term one", "Term two"]


def _chars_joined(walker) -> list[tuple[str, object]]:  # type: ignore[no-untyped-def]
    """The walker's node tree, flattened: kind, name, position and length of each node
    (and the characters of a character node), so two walkers can be compared."""
    nodes, _, _ = walker.get_latex_nodes(pos=0)
    out: list[tuple[str, object]] = []

    def visit(node) -> None:  # type: ignore[no-untyped-def]
        if node is None:
            return
        kind = type(node).__name__
        if kind == "LatexCharsNode":
            out.append((kind, (node.chars, node.pos, node.len)))
            return
        out.append((kind, (getattr(node, "macroname", None),
                           getattr(node, "environmentname", None), node.pos, node.len)))
        for child in getattr(node, "nodelist", None) or []:
            visit(child)
        argd = getattr(node, "nodeargd", None)
        for arg in (argd.argnlist if argd is not None and argd.argnlist else []):
            visit(arg)

    for node in nodes:
        visit(node)
    return out


def test_latex_indexthis_shows_its_first_argument_only(tmp_path: Path) -> None:
    blocks, _ = read_one(tmp_path, "c.tex", "Intro.\n\n\\indexthis{Histograms}{histogram} are "
                         "one type of graph.\n")
    block, at = find(blocks, "Histograms are one type of graph.")
    assert "histogram}" not in block.text and "Histogramshistogram" not in block.text
    assert block.line_at(at) == 3
