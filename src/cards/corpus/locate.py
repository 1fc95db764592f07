"""Where a quote is the visible text of a corpus file: what "every quote is the visible
text at its file:line" means, for tests and for the source view.

A quote matches a block's visible text with whitespace collapsed; its line is the file
line of the block character where it starts (``Block.line_at``).  Files are read with the
same reader ``cards draft`` uses.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from cards.corpus.blocks import Block

_SPACE_RE = re.compile(r"\s+")


def _collapse(text: str) -> str:
    return _SPACE_RE.sub(" ", text).strip()


@lru_cache(maxsize=16)
def _blocks(path: str, mtime_ns: int, size: int) -> tuple[Block, ...]:
    from cards.corpus import read_file

    result = read_file(Path(path), Path(path).name, Path(path).name, lambda _m: None)
    return tuple(result.blocks)


def file_blocks(path: Path) -> tuple[Block, ...]:
    """The blocks ``cards draft`` reads from one file (cached while the file is unchanged)."""
    info = path.stat()
    return _blocks(str(path), info.st_mtime_ns, info.st_size)


def quote_spans(path: Path, quote: str) -> list[tuple[int, int]]:
    """(first line, last line) of each place where ``quote`` is visible text of the file."""
    needle = _collapse(quote)
    if not needle:
        return []
    found: list[tuple[int, int]] = []
    for block in file_blocks(path):
        start = block.text.find(needle)
        while start >= 0:
            found.append((block.line_at(start), block.line_at(start + len(needle) - 1)))
            start = block.text.find(needle, start + 1)
    return found


def locate(path: Path, quote: str) -> list[int]:
    """The file lines where ``quote`` starts as visible text (empty if it is not there)."""
    return [first for first, _ in quote_spans(path, quote)]


def visible_lines(path: Path, quote: str, near: int) -> tuple[int, int] | None:
    """The lines the quote spans at its place nearest to line ``near`` (None if absent)."""
    spans = quote_spans(path, quote)
    if not spans:
        return None
    return min(spans, key=lambda span: (abs(span[0] - near), span[0]))
