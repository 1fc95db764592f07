"""Corpus cleaning: chrome, reply headers, authors, normalisation, odd files."""

from __future__ import annotations

from pathlib import Path

from cards.corpus import header_author, is_chrome, normalise_text, read_corpus, split_passages


def test_chrome_lines_are_recognised() -> None:
    for line in ["Load More", "Sorted by", "Sorted by New", "Comments", "Posts",
                 "Wiki Contributions", "- ^", "  1. ^", "[..]"]:
        assert is_chrome(line), line
    assert not is_chrome("Comments are welcome on this idea.")


def test_reply_headers_give_the_author() -> None:
    assert header_author("4Cleo Nardo") == ("Cleo Nardo", False)
    assert header_author("1simon") == ("simon", False)
    assert header_author("Answer by veeredApr 06, 202321") == ("veered", True)
    assert header_author("2-5% is still wildly high in an absolute sense!") is None
    assert header_author("70b storing 6b bits of pure memorized info seems fine.") is None


def test_authors_from_title_and_reply_headers() -> None:
    text = ("All of Ada Lovelace's Comments + Replies\n\nFirst comment here.\n\n"
            "3Bob Smith\nA reply by Bob.\n\nBut Bob goes on.\n\nSomeone writes on.\n\n\n"
            "Back to Ada after a break.\n")
    passages = split_passages(text, "x.txt")
    assert [(p.text, p.author) for p in passages] == [
        ("First comment here.", "Ada Lovelace"),
        ("A reply by Bob.", "Bob Smith"),
        ("But Bob goes on.", "Bob Smith"),  # a connective continues the reply
        ("Someone writes on.", None),  # Bob's reply or Ada's next comment: unknown
        ("Back to Ada after a break.", "Ada Lovelace"),  # two blank lines end the item
    ]


def _authors(text: str) -> list[tuple[str, str | None]]:
    return [(p.text, p.author) for p in split_passages(text, "x.txt")]


def test_read_more_ends_a_reply_and_the_owner_writes_again() -> None:
    text = ("All of Ada Lovelace's Comments + Replies\n\n"
            "12Bob Smith\nA long reply. It goes on and... (read more)\n\n"
            "Ada's next comment.\n")
    assert _authors(text) == [("A long reply.", "Bob Smith"),
                              ("Ada's next comment.", "Ada Lovelace")]


def test_reply_continues_with_list_items_and_lower_case() -> None:
    text = ("All of Ada Lovelace's Comments + Replies\n\n7Bob Smith\nTwo reasons:\n\n"
            "  1. the first.\n  2. The second.\n\nthat is all.\n\nThanks for this post, Carl!\n")
    assert _authors(text) == [
        ("Two reasons:", "Bob Smith"), ("the first.", "Bob Smith"), ("The second.", "Bob Smith"),
        ("that is all.", "Bob Smith"), ("Thanks for this post, Carl!", "Ada Lovelace")]


def test_answer_runs_to_its_footnote_then_the_page_is_unsigned() -> None:
    text = ("Sorted by New\n\nAn unsigned comment.\n\nAnswer by lumenApr 12, 202314\n\n"
            "First paragraph.\n\nSecond paragraph.\n\n  1. ^\n\n    A footnote.\n\n"
            "Another comment.\n")
    assert _authors(text) == [
        ("An unsigned comment.", None), ("First paragraph.", "lumen"),
        ("Second paragraph.", "lumen"), ("A footnote.", "lumen"), ("Another comment.", None)]


def test_reply_on_a_page_without_owner_runs_to_the_next_header() -> None:
    text = "Posts\n2Bob Smith\nOne.\nTwo.\n5Cy Young\nThree.\n"
    assert _authors(text) == [("One.", "Bob Smith"), ("Two.", "Bob Smith"), ("Three.", "Cy Young")]


def test_retort_inside_an_item_is_unsigned() -> None:
    text = ("Grace Hopper\n\nComments\n\nA claim about compilers.\n\n"
            "I very strongly disagree with this. Compilers are fine.\n\nMy answer to that.\n")
    assert _authors(text) == [
        ("A claim about compilers.", "Grace Hopper"),
        ("I very strongly disagree with this. Compilers are fine.", None),
        ("My answer to that.", "Grace Hopper")]


def test_post_page_byline_then_headed_comments() -> None:
    text = ("Why Caches Drift\n\nby Ada Lovelace\n\nThe post body.\n\nMore of the body.\n\n"
            "Comments\n\nAn orphan line.\n\n9Bob Smith\nBob's comment.\n\nIts second part.\n")
    assert _authors(text) == [
        ("The post body.", "Ada Lovelace"), ("More of the body.", "Ada Lovelace"),
        ("An orphan line.", None), ("Bob's comment.", "Bob Smith"),
        ("Its second part.", "Bob Smith")]


def test_bare_name_first_line_is_the_owner() -> None:
    passages = split_passages("Grace Hopper\n\nComments\n\nSorted by\n\nA thought.\n", "f")
    assert [(p.text, p.author, p.line) for p in passages] == [("A thought.", "Grace Hopper", 7)]


def test_no_author_when_the_page_shows_none() -> None:
    passages = split_passages("Posts\nComments\nSome text here.\n", "f")
    assert [(p.text, p.author) for p in passages] == [("Some text here.", None)]


def test_read_more_truncation_is_cut_with_its_sentence() -> None:
    passages = split_passages("Whole sentence. Half a sent... (read more)\n", "f")
    assert passages[0].text == "Whole sentence."


def test_list_markers_are_skipped_but_text_stays_a_substring() -> None:
    passages = split_passages("  1. The first item.\n- ^\n- Dashed item.\n", "f")
    assert [p.text for p in passages] == ["The first item.", "Dashed item."]
    for p in passages:
        assert p.line_text[p.start:p.start + len(p.text)] == p.text


def test_normalisation_is_minimal() -> None:
    assert normalise_text("a\u00a0b\r\nc") == "a b\nc"


def test_seed_blocks_are_exact_substrings_and_clean() -> None:
    corpus = read_corpus(Path("seeds"), "seeds")
    assert len(corpus.files) == 5
    for block in corpus.blocks:
        line = normalise_text((Path("seeds") / block.file).read_text("utf-8")).split(
            "\n")[block.line - 1]
        assert block.text in " ".join(line.split())  # a block collapses runs of spaces
        assert not is_chrome(block.text)
        assert "(read more)" not in block.text


def test_binary_skipped_and_bad_utf8_replaced(tmp_path: Path) -> None:
    (tmp_path / "bin.dat").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 culture is a concept.\n".encode("latin-1"))
    warnings: list[str] = []
    corpus = read_corpus(tmp_path, "c", warn=warnings.append)
    assert corpus.files == ["c/latin.txt"]
    assert any("binary" in w for w in warnings)
    assert any("UTF-8" in w for w in warnings)
    assert "\ufffd" in corpus.blocks[0].text


def test_utf16_and_utf32_with_a_bom_are_decoded_with_a_warning(tmp_path: Path) -> None:
    from cards.corpus import file_text

    text = "Ledger drift is when a ledger slowly stops matching its bank.\n"
    (tmp_path / "a16.txt").write_bytes(text.encode("utf-16"))  # BOM + UTF-16
    (tmp_path / "b32.txt").write_bytes(text.encode("utf-32"))
    (tmp_path / "c16be.txt").write_bytes(b"\xfe\xff" + text.encode("utf-16-be"))
    (tmp_path / "bin.dat").write_bytes(b"\x00\x01\x02\xff\xfebinary")
    warnings: list[str] = []
    corpus = read_corpus(tmp_path, "c", warn=warnings.append)
    assert corpus.files == ["c/a16.txt", "c/b32.txt", "c/c16be.txt"]
    assert [b.text for b in corpus.blocks] == [text.strip()] * 3
    assert sum("not UTF-8" in w for w in warnings) == 3
    assert any("binary" in w for w in warnings)
    for block, name in zip(corpus.blocks, ["a16.txt", "b32.txt", "c16be.txt"], strict=True):
        lines = file_text(tmp_path / name).split("\n")  # the decoded text is the reference
        assert block.file == name and block.text in lines[block.line - 1]



def test_an_answer_to_a_replys_question_is_not_the_repliers() -> None:
    # a page without owner: an answer item holds a reply that asks a question; the next
    # paragraph (which does not visibly continue the question) is someone's answer
    text = ("Why is the sky blue?\n\nAnswer by Ann LeeMay 01, 20243\n\nRayleigh scattering.\n\n"
            "2Bob Roe\nIs this the same as Mie scattering?\n\nNo. Mie scattering is for "
            "large particles.\n\nLoad More\n")
    got = [(p.text, p.author) for p in split_passages(text, "x.txt")]
    assert ("Is this the same as Mie scattering?", "Bob Roe") in got
    assert ("No. Mie scattering is for large particles.", None) in got
    assert ("Rayleigh scattering.", "Ann Lee") in got


def test_post_header_with_a_comments_link_above_the_body() -> None:
    """Title, "by NAME", "N min read", then the header's "Comments" link and sort menu
    before the body: the body is still the byline author's, up to the first header."""
    text = ("Why Caches Drift\nby Ada Lovelace\n4 min read\n\nComments\n\nSorted by\nTop\n\n"
            "The post body.\nMore of the body.\n\n9Bob Smith\nBob's comment.\nReply\n")
    assert _authors(text) == [
        ("The post body.", "Ada Lovelace"), ("More of the body.", "Ada Lovelace"),
        ("Bob's comment.", "Bob Smith")]
