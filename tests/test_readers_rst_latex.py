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
