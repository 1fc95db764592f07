"""The plain-text reader: the comment-page dialect (the seeds) and the generic dialect."""

from __future__ import annotations

from pathlib import Path

from cards.corpus import read_corpus
from tests.corpus_helpers import find, read_one


def test_generic_text_joins_hard_wrapped_paragraphs(tmp_path: Path) -> None:
    text = ("A Short Guide\n\nA catalyst is a substance that\nspeeds up a reaction without\n"
            "being used up.\n\nEnzymes are catalysts made\nby living cells.\n")
    blocks, _ = read_one(tmp_path, "notes.txt", text)
    assert [b.kind for b in blocks] == ["heading", "paragraph", "paragraph"]
    block, start = find(blocks, "speeds up a reaction without being used up.")
    assert block.line_at(start) == 4 and block.line == 3
    assert block.line_at(block.text.index("being")) == 5
    assert block.heading == "A Short Guide"


def test_gutenberg_header_and_licence_are_dropped_and_crlf_counts_lines(
        tmp_path: Path) -> None:
    text = ("The Project Gutenberg EBook of Things\r\n\r\nThis eBook is for the use of "
            "anyone.\r\n\r\n*** START OF THIS PROJECT GUTENBERG EBOOK THINGS ***\r\n\r\n"
            "Produced by A Volunteer\r\n\r\nBy a 'plot' I mean the\r\narrangement of the "
            "incidents.\r\n\r\n*** END OF THIS PROJECT GUTENBERG EBOOK THINGS ***\r\n\r\n"
            "You may copy it, give it away or re-use it under the terms of the licence.\r\n")
    blocks, _ = read_one(tmp_path, "book.txt", text)
    assert [b.text for b in blocks] == [
        "By a 'plot' I mean the arrangement of the incidents."]
    assert blocks[0].line == 9 and blocks[0].line_at(blocks[0].text.index("arrangement")) == 10


def test_unwrapped_text_is_one_paragraph_per_line(tmp_path: Path) -> None:
    long = "word " * 30
    text = f"First {long}ends.\nSecond {long}ends.\nThird {long}ends.\n"
    blocks, _ = read_one(tmp_path, "flat.txt", text)
    assert [b.line for b in blocks] == [1, 2, 3]


def test_list_markers_start_items(tmp_path: Path) -> None:
    blocks, _ = read_one(tmp_path, "l.txt", "Reasons:\n- the first one\n- the second\n  goes on\n")
    assert [(b.kind, b.text) for b in blocks] == [
        ("paragraph", "Reasons:"), ("list_item", "the first one"),
        ("list_item", "the second goes on")]


def test_comment_pages_keep_authors_and_drop_chrome(tmp_path: Path) -> None:
    text = ("All of Ada Lovelace's Comments + Replies\n\nFirst comment here.\n\n"
            "3Bob Smith\nA reply by Bob.\n\nLoad More\n")
    blocks, _ = read_one(tmp_path, "page.txt", text)
    assert [(b.text, b.author, b.line) for b in blocks] == [
        ("First comment here.", "Ada Lovelace", 3), ("A reply by Bob.", "Bob Smith", 6)]
    assert all("dialect:comments" in b.tags for b in blocks)


def test_seed_pages_read_as_their_passages() -> None:
    from cards.corpus import file_text, split_passages

    seeds = Path(__file__).resolve().parents[1] / "seeds"
    corpus = read_corpus(seeds, "seeds")
    passages = [p for path in sorted(seeds.glob("*.txt"))
                for p in split_passages(file_text(path), path.name)]
    assert len(corpus.blocks) == len(passages) > 100
    for block, passage in zip(corpus.blocks, passages, strict=True):
        assert (block.file, block.text, block.line, block.author) == (
            passage.file, " ".join(passage.text.split()), passage.line, passage.author)


def test_big_text_streams_in_chunks_with_right_lines(tmp_path: Path, monkeypatch) -> None:
    from cards.corpus.readers import text as text_reader

    monkeypatch.setattr(text_reader, "STREAM_BYTES", 1000)
    paragraphs = [f"Paragraph number {n} says\nsomething short.\n" for n in range(300)]
    blocks, _ = read_one(tmp_path, "big.txt", "\n".join(paragraphs))
    assert len(blocks) == 300
    assert [b.line for b in blocks[:3]] == [1, 4, 7] and blocks[-1].line == 3 * 299 + 1
    assert blocks[-1].text == "Paragraph number 299 says something short."


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    blocks, warnings = read_one(tmp_path, "w.txt",
                                "\ufeffA wide file\nis still text.\n".encode("utf-16-le"))
    assert [b.text for b in blocks] == ["A wide file is still text."]
    assert any("UTF-16-LE" in w for w in warnings)
