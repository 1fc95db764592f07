"""Format readers behind one small interface, and the registry that picks one per file.

A reader turns one file into Blocks of visible text (see ``cards.corpus.blocks``).  Adding
a format means one module here with a ``Reader`` and one line in ``READERS``: the reader
names the extensions it takes and, for files whose extension says nothing, how to know
its content.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from cards.corpus.blocks import Block
from cards.corpus.decode import Warn

#: Files larger than this are skipped by readers that must hold a whole parse tree.
MAX_TREE_BYTES = 20 * 1024 * 1024


class ReadError(Exception):
    """A file a reader cannot read (corrupt, encrypted, too large); the message is the
    one line the user sees after the file's name."""


@dataclass(slots=True)
class Document:
    """What a reader is given: the file, its name as blocks carry it, and a warning sink."""

    path: Path
    file: str  # the path inside the corpus folder, ``/``-separated
    shown: str  # the path as the user sees it in messages
    warn: Warn
    size: int = 0

    def read_bytes(self) -> bytes:
        return self.path.read_bytes()


def tree_text(doc: Document, format_name: str) -> str | None:
    """The whole file as normalised text for a reader that parses it into a tree, or None
    if it does not decode (``decode_bytes`` has warned); ReadError for a file over
    ``MAX_TREE_BYTES``, which a tree parser would hold whole in memory."""
    from cards.corpus.decode import decode_bytes, normalise_text

    if doc.size > MAX_TREE_BYTES:
        raise ReadError(f"{doc.size / 2**20:.0f} MB is over the "
                        f"{MAX_TREE_BYTES // 2**20} MB limit for {format_name}; skipped")
    raw = decode_bytes(doc.read_bytes(), doc.shown, doc.warn)
    return None if raw is None else normalise_text(raw)


class Reader(Protocol):
    """One format: its name (shown in ``cards draft``'s report), the extensions it takes,
    a content sniffer for files with no telling extension, and the reading itself."""

    name: str
    extensions: tuple[str, ...]

    def sniff(self, head: bytes) -> bool:
        """True if the first bytes of an extension-less file are this format."""
        ...

    def read(self, doc: Document) -> Iterator[Block]:
        """The file's blocks in document order; raises ReadError for a file it cannot
        read; calls ``doc.warn`` for a problem it can read past."""
        ...


def _readers() -> list[Reader]:
    from importlib import import_module

    found: list[Reader] = []
    # order matters for sniffing: the most specific signatures first, plain text last
    for module, cls in (("pdf", "PdfReader"), ("html", "HtmlReader"),
                        ("latex", "LatexReader"), ("rst", "RstReader"),
                        ("markdown", "MarkdownReader"), ("text", "TextReader")):
        try:
            found.append(getattr(import_module(f"cards.corpus.readers.{module}"), cls)())
        except ModuleNotFoundError as exc:
            if exc.name != f"cards.corpus.readers.{module}":
                raise
    return found


_CACHE: list[Reader] = []


def readers() -> list[Reader]:
    """Every reader, built once."""
    if not _CACHE:
        _CACHE.extend(_readers())
    return _CACHE


def choose(path: Path, head: bytes) -> Reader | None:
    """The reader for a file: by its extension, else by its first bytes (an extension-less
    file of none of the formats is read as plain text); None if no reader takes it."""
    suffix = path.suffix.lower() if _EXTENSION_RE.match(path.suffix) else ""
    for reader in readers():
        if suffix in reader.extensions:
            return reader
    if suffix:
        return None
    for reader in readers():
        if reader.sniff(head):
            return reader
    return None


#: What counts as an extension ("notes.md"); "Dr. Who" or "draft.2" has none.
_EXTENSION_RE = re.compile(r"^\.[A-Za-z][A-Za-z0-9]{0,7}$")
