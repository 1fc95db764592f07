"""Who wrote a document, where the file itself says so.

Why: a card that states an opinion must say whose it is ("According to Chris Olah, ...").
A comment page names each comment's author (its dialect sets ``Block.author``); an
article names its authors once, in its metadata: Markdown front matter (``author`` or
``authors``), an HTML ``<meta name="author">`` or ``citation_author``, a Distill
``<d-front-matter>`` JSON block.  This module reads only those fields, with PyYAML, the
JSON module and lxml, and never guesses from prose.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

import yaml
from lxml import etree

from cards.corpus.blocks import Block

#: A front matter block at the very start of a Markdown file.
_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(?P<body>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
#: More authors than this are "NAME et al." on a card.
MAX_NAMED = 2


def markdown_title(text: str) -> str | None:
    """The title in a Markdown file's YAML front matter, if any."""
    data = _front_matter(text)
    title = data.get("title") if data else None
    return " ".join(title.split())[:200] if isinstance(title, str) and title.strip() else None


def _front_matter(text: str) -> dict[str, object] | None:
    match = _FRONT_MATTER_RE.match(text)
    if match is None:
        return None
    try:
        data = yaml.safe_load(match.group("body"))
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) else None


def with_title(blocks: list[Block], title: str | None = None) -> list[Block]:
    """The blocks of one document, each carrying its title: ``title`` (from metadata) or
    the text of its first heading."""
    if title is None:
        title = next((b.text for b in blocks if b.kind == "heading" and b.text.strip()), None)
    if title is None:
        return blocks
    return [b if b.title else replace(b, title=title) for b in blocks]


def markdown_author(text: str) -> str | None:
    """The author(s) named in a Markdown file's YAML front matter, if any."""
    data = _front_matter(text)
    if data is None:
        return None
    return _joined(_names(data.get("authors", data.get("author"))))


def html_author(root: etree._Element) -> str | None:
    """The author(s) an HTML page names in its metadata, if any."""
    names: list[str] = []
    for meta in root.iter("meta"):
        if (meta.get("name") or "").lower() in ("author", "citation_author", "dc.creator"):
            names.extend(_names(meta.get("content")))
    if not names:
        for front in root.iter("d-front-matter"):
            try:
                data = json.loads("".join(front.itertext()))
            except ValueError:
                continue
            if isinstance(data, dict):
                names.extend(_names(data.get("authors", data.get("author"))))
    return _joined(names)


def _names(value: object) -> list[str]:
    """Author names out of a string, a list of strings, or a list of records."""
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, dict):
        return _names(value.get("name", value.get("author")))
    if isinstance(value, list):
        return [name for item in value for name in _names(item)]
    return []


def _joined(names: list[str]) -> str | None:
    clean = [" ".join(n.split())[:80] for n in names if n.strip()]
    if not clean:
        return None
    if len(clean) > MAX_NAMED:
        return f"{clean[0]} et al."
    return " and ".join(clean)


def with_author(blocks: Iterable[Block], author: str | None) -> Iterator[Block]:
    """The blocks, each without an author of its own given the document's."""
    for block in blocks:
        yield block if author is None or block.author else replace(block, author=author)
