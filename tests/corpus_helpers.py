"""Helpers for reader tests: write a small document and read its blocks back."""

from __future__ import annotations

import json
import re
from pathlib import Path

from cards.corpus import Block, read_corpus

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"


def read_one(tmp_path: Path, name: str, content: str | bytes) -> tuple[list[Block], list[str]]:
    """Write one file in a fresh folder and read it; (blocks, warnings)."""
    folder = tmp_path / "corpus"
    folder.mkdir(exist_ok=True)
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    corpus = read_corpus(folder, "corpus")
    return corpus.blocks, corpus.warnings


def find(blocks: list[Block], words: str) -> tuple[Block, int]:
    """The block holding ``words`` as visible text and where they start."""
    for block in blocks:
        index = block.text.find(words)
        if index >= 0:
            return block, index
    raise AssertionError(f"{words!r} is not visible text of any block")


def span_texts(block: Block, kind: str) -> list[str]:
    return [block.text[s.start:s.end] for s in block.spans if s.kind == kind]


_MARKUP_RE = re.compile(
    r"<[^>]*>|\\[a-zA-Z]+\*?|:[a-z]+:`[^`]*`|[*_`$\\{}\[\]~]|\([^)]*\)|&#?\w+;|^\s*(?:[-:]|\d+\.)\s+")


def plain_piece(quote: str) -> str:
    """The longest stretch of a label's raw quote that has no markup in it: text that
    must appear verbatim in the visible text."""
    pieces = [" ".join(p.split()) for p in _MARKUP_RE.split(quote)]
    return max(pieces, key=len)


def labels(name: str) -> list[dict[str, object]]:
    return json.loads((CORPORA / "labels" / f"{name}.json").read_text(encoding="utf-8"))
