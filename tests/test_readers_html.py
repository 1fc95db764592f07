"""The HTML reader: main content only, notes apart from their sentence, spans, lines."""

from __future__ import annotations

from pathlib import Path

from tests.corpus_helpers import find, read_one, span_texts

PAGE = """<!doctype html>
<html><head><title>Page title</title>
<style>p { color: red; }</style>
<script>var hidden = "script text";</script>
</head>
<body>
<nav><a href="/">Home</a> <a href="/about">About us</a></nav>
<article>
<h2><span class="secnum">2.1</span><span>Catalysts</span></h2>
<p>A <dfn>catalyst</dfn> is a substance
that speeds up a reaction<d-footnote>Enzymes are the catalysts of living cells.</d-footnote>
without being used up<d-cite key="smith2020"></d-cite>. It is <em>not</em> consumed &amp; can
be <b>reused</b>.<sup>3</sup></p>
<!-- <p>A draft paragraph that nobody should see.</p> -->
<pre>def code(): return "not text"</pre>
<figure><img alt="alt words"><figcaption>A catalyst lowers barriers.</figcaption></figure>
<dl><dt>Activation energy</dt><dd>The energy a reaction
needs to start.</dd></dl>
<ul><li>first item</li><li>second <code>item</code></li></ul>
<table><tr><td>substrate</td><td>what an enzyme acts on</td></tr></table>
<p>The rate is <math><mi>k</mi><mi>A</mi></math> per second.</p>
<div id="FOOT3"><p><a href="#DOCF3"><sup>3</sup></a> A numbered footnote at the end.</p></div>
</article>
<footer>Copyright notice text</footer>
</body></html>
"""


def _blocks(tmp_path: Path) -> list:
    blocks, warnings = read_one(tmp_path, "page.html", PAGE)
    assert warnings == []
    return blocks


def test_main_content_only(tmp_path: Path) -> None:
    text = "\n".join(b.text for b in _blocks(tmp_path))
    for hidden in ("Page title", "color", "script text", "Home", "About us", "draft paragraph",
                   "not text", "alt words", "Copyright", "smith2020"):
        assert hidden not in text, hidden


def test_paragraph_with_notes_apart_spans_entities_and_lines(tmp_path: Path) -> None:
    blocks = _blocks(tmp_path)
    block, start = find(blocks, "A catalyst is a substance that speeds up a reaction without "
                                "being used up. It is not consumed & can be reused.")
    assert block.kind == "paragraph" and block.heading == "2.1 Catalysts"
    assert span_texts(block, "term") == ["catalyst"]
    assert span_texts(block, "emphasis") == ["not"] and span_texts(block, "strong") == ["reused"]
    assert block.line_at(start) == 10
    assert block.line_at(block.text.index("that speeds")) == 11
    assert block.line_at(block.text.index("without")) == 12
    assert block.line_at(block.text.index("reused")) == 13
    note, _ = find(blocks, "Enzymes are the catalysts of living cells.")
    assert note.kind == "footnote" and note.line == 11
    end, _ = find(blocks, "A numbered footnote at the end.")
    assert end.kind == "footnote" and end.text == "A numbered footnote at the end."


def test_captions_definitions_lists_cells_and_math(tmp_path: Path) -> None:
    blocks = _blocks(tmp_path)
    assert find(blocks, "A catalyst lowers barriers.")[0].kind == "caption"
    definition, _ = find(blocks, "The energy a reaction needs to start.")
    assert definition.kind == "definition" and definition.term == "Activation energy"
    assert definition.line == 17
    item, _ = find(blocks, "second item")
    assert item.kind == "list_item" and item.level == 1 and span_texts(item, "code") == ["item"]
    assert find(blocks, "what an enzyme acts on")[0].kind == "table_cell"
    assert find(blocks, "The rate is per second.")[0].line == 21


def test_truncated_html_warns_once_and_reads_what_is_there(tmp_path: Path) -> None:
    blocks, warnings = read_one(tmp_path, "cut.html",
                                "<html><body><p>A full sentence here.</p><p>Half a sen")
    assert len(warnings) == 1 and "truncated" in warnings[0]
    assert find(blocks, "A full sentence here.")[0].line == 1


def test_html_over_the_size_limit_is_skipped_with_one_line(tmp_path: Path,
                                                           monkeypatch) -> None:
    from cards.corpus import readers

    monkeypatch.setattr(readers, "MAX_TREE_BYTES", 1000)  # the one limit every tree reader reads
    blocks, warnings = read_one(tmp_path, "big.html", "<p>" + "word " * 1000 + "</p>")
    assert blocks == [] and len(warnings) == 1 and "limit" in warnings[0]


def test_extensionless_html_is_sniffed(tmp_path: Path) -> None:
    blocks, _ = read_one(tmp_path, "page", "<!DOCTYPE html><p>Sniffed <i>text</i>.</p>")
    assert [b.text for b in blocks] == ["Sniffed text."]
