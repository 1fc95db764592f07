"""Bytes to text: the decoding and normalisation every text-based reader shares.

Normalisation (the only change between the file on disk and the text a reader sees, and
what a card's ``file:line`` counts in):

* the file is decoded as UTF-8 (a BOM is dropped); a file with a UTF-16 or UTF-32
  byte-order mark is decoded in that encoding (BOM dropped, with a warning); other
  encodings are decoded as UTF-8 with U+FFFD replacement characters and a warning;
* ``\\r\\n`` and ``\\r`` become ``\\n``;
* non-breaking and other Unicode space characters (U+00A0, U+2000-U+200A, U+202F, U+205F,
  U+3000) become a plain space.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

Warn = Callable[[str], None]

#: Unicode spaces replaced by a plain space (the documented normalisation).
_SPACES_RE = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")

#: Byte-order marks of the wide Unicode encodings, longest first (UTF-32-LE starts with
#: the UTF-16-LE mark).
BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def normalise_text(raw: str) -> str:
    """Apply the documented normalisation: newlines to ``\\n``, Unicode spaces to spaces."""
    return _SPACES_RE.sub(" ", raw.replace("\r\n", "\n").replace("\r", "\n"))


def looks_binary(head: bytes) -> bool:
    """NUL bytes in the first 8 KB of a file without a wide-Unicode byte-order mark."""
    return not any(head.startswith(bom) for bom, _ in BOMS) and b"\x00" in head[:8192]


def decode_bytes(data: bytes, name: str, warn: Warn) -> str | None:
    """Decode a file's bytes; None for binary files. Non-UTF-8 is decoded with replacement.

    A file that starts with a UTF-16 or UTF-32 byte-order mark is text in that encoding
    (its NUL bytes are not a sign of a binary): it is decoded, BOM dropped, with a warning
    that it was not UTF-8.
    """
    for bom, codec in BOMS:
        if data.startswith(bom):
            warn(f"{name}: not UTF-8 but {codec.upper()} (byte-order mark); decoded as "
                 f"{codec.upper()}")
            return data[len(bom):].decode(codec, errors="replace")
    if b"\x00" in data[:8192]:
        warn(f"{name}: binary file skipped")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        warn(f"{name}: not valid UTF-8; undecodable bytes replaced with U+FFFD")
        return data.decode("utf-8", errors="replace")


def file_text(path: Path) -> str:
    """A file's text as the corpus readers see it (decoded, then normalised): what a card's
    ``file`` at ``line`` means."""
    data = path.read_bytes()
    if data.startswith(b"%PDF-"):  # a PDF's lines are those of its extracted text
        from cards.corpus.readers import ReadError
        from cards.corpus.readers.pdf import extract_pages, pdf_text

        try:
            return normalise_text(pdf_text(extract_pages(data)))
        except ReadError:
            return ""
    text = decode_bytes(data, str(path), lambda _message: None)
    return normalise_text(text or "")
