"""A document's author from its own metadata (corpus/authors.py), read by the real readers."""

from __future__ import annotations

from pathlib import Path

from cards.corpus import read_corpus


def _authors(tmp_path: Path, name: str, text: str) -> set[str | None]:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return {b.author for b in read_corpus(tmp_path).blocks}


def test_markdown_front_matter_names_the_author(tmp_path: Path) -> None:
    text = "---\ntitle: Buffers\nauthors:\n  - Ada Byron\n---\n\nA buffer resists pH change.\n"
    assert _authors(tmp_path, "notes.md", text) == {"Ada Byron"}


def test_many_authors_are_the_first_et_al(tmp_path: Path) -> None:
    text = "---\nauthor: [Ann Lee, Bo Chen, Cy Diaz]\n---\n\nA buffer resists pH change.\n"
    assert _authors(tmp_path, "notes.md", text) == {"Ann Lee et al."}


def test_html_meta_and_distill_front_matter_name_the_authors(tmp_path: Path) -> None:
    meta = ("<!doctype html><html><head><meta name=\"author\" content=\"Ada Byron\"></head>"
            "<body><p>A buffer resists pH change.</p></body></html>")
    assert _authors(tmp_path, "a.html", meta) == {"Ada Byron"}
    distill = ("<!doctype html><html><body><d-front-matter><script type=\"text/json\">"
               "{\"authors\": [{\"author\": \"Ann Lee\"}, {\"author\": \"Bo Chen\"}]}"
               "</script></d-front-matter><p>A buffer resists pH change.</p></body></html>")
    (tmp_path / "a.html").unlink()
    assert _authors(tmp_path, "b.html", distill) == {"Ann Lee and Bo Chen"}


def test_no_metadata_or_broken_metadata_names_nobody(tmp_path: Path) -> None:
    assert _authors(tmp_path, "a.md", "---\n: [unclosed\n---\n\nA buffer resists pH.\n") == {None}
