"""Plain text: decoded, then handed to the first dialect that recognises it.

Small files are read whole (the comment-page dialect needs the page's first lines to know
its owner).  A file above ``STREAM_BYTES`` is decoded and read in chunks that end at a
blank line, by the generic dialect, so memory stays bounded whatever its size.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator

from cards.corpus.blocks import Block
from cards.corpus.decode import BOMS, decode_bytes, looks_binary, normalise_text
from cards.corpus.dialects import comments
from cards.corpus.dialects.generic import GenericDialect
from cards.corpus.readers import Document
from cards.corpus.source import SourceText

#: Files larger than this are streamed in chunks of about this size.
STREAM_BYTES = 4 * 1024 * 1024
_REPLACEMENT = "\ufffd".encode()


class TextReader:
    """``.txt`` and extension-less text; the dialect shows in the reader's name."""

    name = "text"
    extensions = (".txt", ".text")

    def sniff(self, head: bytes) -> bool:
        return not looks_binary(head)

    def dialect_of(self, text: str) -> str:
        return "comments" if comments.looks_like(text) else "generic"

    def read(self, doc: Document) -> Iterator[Block]:
        if doc.size > STREAM_BYTES:
            yield from self._stream(doc)
            return
        text = decode_bytes(doc.read_bytes(), doc.shown, doc.warn)
        if text is None:
            return
        yield from read_text(normalise_text(text), doc.file)

    def _stream(self, doc: Document) -> Iterator[Block]:
        dialect = GenericDialect(doc.file)
        first_line = 1
        for chunk in _chunks(doc):
            yield from dialect.feed(SourceText(chunk, first_line))
            first_line += chunk.count("\n")
            if dialect.ended:
                return


def read_text(text: str, file: str) -> Iterator[Block]:
    """The blocks of a whole normalised text, by its dialect."""
    if comments.looks_like(text):
        yield from comments.blocks(text, file)
    else:
        yield from GenericDialect(file).feed(SourceText(text))


def _chunks(doc: Document) -> Iterator[str]:
    """The file's normalised text in pieces that each end at a blank line (the last one
    wherever the file ends).  Each piece but the last ends with ``\\n`` so line numbers
    carry over."""
    with doc.path.open("rb") as handle:
        head = handle.read(8192)
        codec, skip = "utf-8-sig", 0
        for bom, name in BOMS:
            if head.startswith(bom):
                codec, skip = name, len(bom)
                doc.warn(f"{doc.shown}: not UTF-8 but {name.upper()} (byte-order mark); "
                         f"decoded as {name.upper()}")
                break
        else:
            if looks_binary(head):
                doc.warn(f"{doc.shown}: binary file skipped")
                return
        decoder = codecs.getincrementaldecoder(codec)(errors="replace")
        handle.seek(skip)
        carry, warned = "", False
        while True:
            data = handle.read(STREAM_BYTES)
            text = decoder.decode(data, final=not data)
            if not warned and codec.startswith("utf-8") and "\ufffd" in text and (
                    _REPLACEMENT not in data):
                doc.warn(f"{doc.shown}: not valid UTF-8; undecodable bytes replaced "
                         "with U+FFFD")
                warned = True
            text = carry + text
            if data and text.endswith("\r"):
                text, carry = text[:-1], "\r"  # a CRLF may straddle the chunks
            else:
                carry = ""
            text = normalise_text(text)
            if not data:
                if text:
                    yield text
                return
            cut = text.rfind("\n\n")
            if cut < 0 and len(text) > 2 * STREAM_BYTES:
                cut = text.rfind("\n") - 1  # a paragraph with no end in sight: cut a line
            if cut < 0:
                carry = text + carry
                continue
            yield text[: cut + 1]
            carry = text[cut + 1:] + carry
