"""PDF: text per page with pypdf; running headers and footers dropped; hyphens repaired.

A PDF has no source lines of its own, so a PDF's lines are those of its extracted text,
page after page (``pdf_text``): that is what a card's ``file:line`` counts in, and what
the source view shows.  A line that recurs at the top or bottom of most pages (digits
aside: "Page 3") is a running header or footer and is not text.  Paragraphs end at a
blank line or at a short line that closes a sentence; a word hyphenated across a line
end is joined.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from collections import Counter
from collections.abc import Iterator

from cards.corpus.blocks import Block
from cards.corpus.readers import Document, ReadError
from cards.corpus.source import BlockBuilder, SourceText

#: PDFs larger than this are skipped (pypdf holds the whole file).
MAX_PDF_BYTES = 100 * 1024 * 1024
_DIGITS_RE = re.compile(r"\d+")
_HYPHEN_RE = re.compile(r"[A-Za-z]-$")


def extract_pages(data: bytes) -> list[str]:
    """Each page's text; ReadError for an encrypted or corrupt file."""
    from pypdf import PdfReader as PypdfReader
    from pypdf.errors import PyPdfError

    _quiet_pypdf()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a damaged file's details: ours is the one line
            reader = PypdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise ReadError("encrypted PDF (needs a password); skipped")
            return [page.extract_text() or "" for page in reader.pages]
    except ReadError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            OSError, NotImplementedError, AssertionError, RecursionError) as exc:
        raise ReadError(f"corrupt or unreadable PDF ({type(exc).__name__}); skipped") from None


def _quiet_pypdf() -> None:
    """pypdf logs what it repairs in a damaged file ("EOF marker not found"); with no
    logging set up, Python would print that raw on stderr next to our one line."""
    log = logging.getLogger("pypdf")
    if not any(isinstance(h, logging.NullHandler) for h in log.handlers):
        log.addHandler(logging.NullHandler())
        log.propagate = False


def pdf_text(pages: list[str]) -> str:
    """The text a PDF's lines are counted in: its pages' lines, a blank line between pages."""
    return "\n\n".join(page.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
                       for page in pages)


def running_lines(pages: list[list[str]]) -> set[str]:
    """Lines (digits folded) that open or close at least half of three or more pages."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        content = [line.strip() for line in lines if line.strip()]
        edge = set(content[:2] + content[-2:])
        counts.update(_DIGITS_RE.sub("#", line) for line in edge)
    return {key for key, n in counts.items() if n >= max(3, len(pages) // 2)}


class PdfReader:
    name = "pdf"
    extensions = (".pdf",)

    def sniff(self, head: bytes) -> bool:
        return head.startswith(b"%PDF-")

    def read(self, doc: Document) -> Iterator[Block]:
        if doc.size > MAX_PDF_BYTES:
            raise ReadError(f"{doc.size / 2**20:.0f} MB is over the "
                            f"{MAX_PDF_BYTES // 2**20} MB limit for PDF; skipped")
        pages = extract_pages(doc.read_bytes())
        if not any(page.strip() for page in pages):
            doc.warn(f"{doc.shown}: PDF has no text layer (scanned?); nothing read")
            return
        yield from read_pages(pages, doc.file)


def read_pages(pages: list[str], file: str) -> Iterator[Block]:
    text = pdf_text(pages)
    src = SourceText(text)
    lines = text.split("\n")
    per_page = [page.strip("\n").split("\n") for page in
                (p.replace("\r\n", "\n").replace("\r", "\n") for p in pages)]
    running = running_lines(per_page)
    width = max((len(line) for line in lines), default=0)
    builder = BlockBuilder(src)
    joined_hyphen = False
    for row, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or _DIGITS_RE.sub("#", stripped) in running or stripped.isdigit():
            if not stripped:
                block = builder.build(file, "paragraph")
                if block is not None:
                    yield block
                builder = BlockBuilder(src)
            continue
        lead = len(line) - len(line.lstrip())
        body = line.strip()
        if _HYPHEN_RE.search(body) and row + 1 < len(lines) and lines[row + 1][:1].islower():
            body = body[:-1]  # "some-" + "thing": the hyphen was the line break's
            if not joined_hyphen:
                builder.space()
            builder.add(body, src.starts[row] + lead)
            joined_hyphen = True
            continue
        if not joined_hyphen:
            builder.space()
        builder.add(body, src.starts[row] + lead)
        joined_hyphen = False
        if body[-1:] in ".!?:" and len(line) < 0.8 * width:
            block = builder.build(file, "paragraph")
            if block is not None:
                yield block
            builder = BlockBuilder(src)
    block = builder.build(file, "paragraph")
    if block is not None:
        yield block
