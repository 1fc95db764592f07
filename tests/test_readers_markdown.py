"""The Markdown reader: CommonMark blocks, plugins, callouts, roles, and line mapping."""

from __future__ import annotations

from pathlib import Path

from tests.corpus_helpers import find, read_one, span_texts

DOC = """---
title: Notes
author: Someone
---
# Catalysis

A _catalyst_ is a substance that
speeds up a reaction\\_rate without
being used up[^a]. See [the guide](http://x.org) ![a long alt text here](x.png).

> [!info] Definition: Enzyme
> An **enzyme** is a protein that
> acts as a catalyst.

Activation energy
: The energy a reaction needs
  to get going.

| term | meaning |
| --- | --- |
| substrate | what an enzyme acts on |

The rate $r = k[A]$ rises with temperature, as :eqref:`eq_rate` shows.
:label:`sec_rate`

<!-- a draft sentence that is not text -->

```python
print("code is not text")
```

[^a]: A footnote that explains a detail.
"""


def _blocks(tmp_path: Path) -> list:
    blocks, warnings = read_one(tmp_path, "notes.md", DOC)
    assert warnings == []
    return blocks


def test_paragraph_joined_with_spans_escapes_and_lines(tmp_path: Path) -> None:
    blocks = _blocks(tmp_path)
    block, start = find(blocks, "A catalyst is a substance that speeds up a reaction_rate "
                                "without being used up. See the guide.")
    assert block.kind == "paragraph" and block.heading == "Catalysis"
    assert span_texts(block, "emphasis") == ["catalyst"]
    assert span_texts(block, "link") == ["the guide"]
    assert block.line_at(start) == 7
    assert block.line_at(block.text.index("without")) == 8
    assert block.line_at(block.text.index("being")) == 9


def test_callout_definition_list_table_footnote(tmp_path: Path) -> None:
    blocks = _blocks(tmp_path)
    title, _ = find(blocks, "Definition: Enzyme")
    assert title.kind == "heading" and title.line == 11
    body, _ = find(blocks, "An enzyme is a protein that acts as a catalyst.")
    assert body.kind == "callout" and body.term == "Definition: Enzyme"
    assert "callout:info" in body.tags and span_texts(body, "strong") == ["enzyme"]
    assert body.line == 12
    definition, _ = find(blocks, "The energy a reaction needs to get going.")
    assert definition.kind == "definition" and definition.term == "Activation energy"
    assert definition.line == 16
    cell, _ = find(blocks, "what an enzyme acts on")
    assert cell.kind == "table_cell" and cell.line == 21
    note, _ = find(blocks, "A footnote that explains a detail.")
    assert note.kind == "footnote" and note.line == 32


def test_math_roles_comments_code_alt_and_front_matter_are_not_text(tmp_path: Path) -> None:
    blocks = _blocks(tmp_path)
    text = "\n".join(b.text for b in blocks)
    for hidden in ("k[A]", "eq_rate", "sec_rate", "eqref", "draft sentence", "print",
                   "long alt text", "title:", "Someone"):
        assert hidden not in text, hidden
    rate, _ = find(blocks, "The rate rises with temperature, as shows.")
    assert "math" in rate.tags


def test_unterminated_fence_warns_and_the_rest_is_read(tmp_path: Path) -> None:
    doc = "Intro line.\n\n```\nsome code\n\nA later paragraph is text.\n"
    blocks, warnings = read_one(tmp_path, "f.md", doc)
    assert len(warnings) == 1 and "f.md:3" in warnings[0] and "never closed" in warnings[0]
    assert find(blocks, "A later paragraph is text.")[0].line == 6


def test_binary_file_named_md_is_skipped(tmp_path: Path) -> None:
    blocks, warnings = read_one(tmp_path, "x.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00binary")
    assert blocks == [] and len(warnings) == 1 and "binary" in warnings[0]


def test_lists_nest_and_quotes(tmp_path: Path) -> None:
    doc = "- outer item\n  - inner item\n\n> Quoted words from\n> another writer.\n"
    blocks, _ = read_one(tmp_path, "l.md", doc)
    assert [(b.kind, b.level, b.text) for b in blocks] == [
        ("list_item", 1, "outer item"), ("list_item", 2, "inner item"),
        ("quote", 0, "Quoted words from another writer.")]


def test_commas_framing_a_skipped_formula_close_up(tmp_path: Path) -> None:
    blocks, _ = read_one(tmp_path, "m.md", "Intro line.\n\nThe *tally table*, $\\mathbf{T}$,\n"
                         "is simply a grid of counts, one per pair.\n")
    block, at = find(blocks, "The tally table is simply a grid of counts")
    assert block.line_at(at) == 3
    assert block.line_at(block.text.index("grid")) == 4


def test_a_left_out_formula_is_recorded_where_it_stood(tmp_path: Path) -> None:
    blocks, _ = read_one(tmp_path, "gap.md", "The rate, i.e., the ratio $r = a/b$ "
                         "stays fixed while $S$ grows.\n")
    block = blocks[0]
    assert block.text == "The rate, i.e., the ratio stays fixed while S grows."
    # one gap, right after "the ratio"; a bare symbol ($S$) stays as its letter, no gap
    assert block.gaps == (block.text.index(" stays"),)
