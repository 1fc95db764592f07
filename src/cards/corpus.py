"""Read a folder of scraped text into clean passages that know their file, line and author.

Why line-based: the corpus is scraped web pages where every paragraph (a comment, a list
item, a quote) sits on one physical line.  Treating each non-blank line as a passage keeps
every card traceable to ``file:line`` and keeps sentence splitting from running across
paragraphs (the main failure of off-the-shelf splitters on this text).

Normalisation (the only change between the file on disk and ``Passage.line_text``):

* the file is decoded as UTF-8 (a BOM is dropped); other encodings are decoded with
  U+FFFD replacement characters and a warning;
* ``\\r\\n`` and ``\\r`` become ``\\n``;
* non-breaking and other Unicode space characters (U+00A0, U+2000-U+200A, U+202F, U+205F,
  U+3000) become a plain space.

Every quote a card carries is an exact substring of ``normalise_text(file)`` at its line.

Cleaning (nothing is rewritten, only skipped):

* page chrome lines ("Load More", "Sorted by ...", "Comments", "Posts",
  "Wiki Contributions") are dropped, and a trailing "... (read more)" truncation is cut
  off together with the unfinished sentence before it;
* reply headers with the vote count glued to the name ("4Cleo Nardo", "1simon",
  "Answer by veeredApr 06, 202321") are dropped and set the author of what follows;
* page titles naming the author ("All of X's Comments + Replies", or a bare name on the
  first line) set the author of the whole page;
* footnote marker lines ("- ^", "1. ^") and bare ellipsis lines ("[..]") are dropped;
* list markers ("- ", "1. ") are skipped by moving the passage's start column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

#: Unicode spaces replaced by a plain space (the documented normalisation).
_SPACES_RE = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")

CHROME_LINES = frozenset(
    {"load more", "comments", "posts", "wiki contributions", "sorted by", "sorted by new",
     "sorted by top", "sorted by old", "(read more)", "read more", "replies",
     "comments + replies", "[..]", "[...]", "...", "…"}
)
_SORTED_RE = re.compile(r"^sorted by\b.{0,20}$", re.IGNORECASE)
_FOOTNOTE_LINE_RE = re.compile(r"^(?:[-*•]|\d{1,2}\.)?\s*\^\s*$")
_TITLE_RE = re.compile(
    r"^All of (?P<name>.{1,60}?)['’]s? (?:Comments|Posts)(?: \+ Replies)?\s*$"
)
_ANSWER_RE = re.compile(
    r"^Answer by (?P<name>.{1,40}?)(?:[A-Z][a-z]{2} \d{1,2}, \d{4})\d{0,5}\s*$"
)
# "4Cleo Nardo", "1simon", "-3Some One": vote count glued to a short name, nothing else.
_REPLY_RE = re.compile(r"^-?\d{1,4}(?P<name>[A-Za-z][\w.'’\-]*(?: [A-Z][\w.'’\-]*){0,3})\s*$")
_BARE_NAME_RE = re.compile(r"^[A-Z][\w'’\-.]+(?: [A-Z][\w'’\-.]+){1,3}$")
_LIST_MARK_RE = re.compile(r"^\s*(?:[-*•]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")
_READ_MORE_RE = re.compile(r"\s*(?:\.\.\.|…)?\s*\(read more\)\s*$", re.IGNORECASE)
_SENTENCE_END_RE = re.compile(r"[.!?][\"”’')\]]*\s")


@dataclass(frozen=True, slots=True)
class Passage:
    """A cleaned paragraph: the text a card may quote, and where it sits in the corpus.

    ``text`` is ``line_text[start:start + len(text)]``, so any substring of ``text`` is an
    exact substring of the (normalised) file line.
    """

    file: str
    line: int
    start: int
    text: str
    line_text: str
    author: str | None = None


@dataclass(slots=True)
class Corpus:
    """Everything read from a folder: passages in file and line order, and warnings."""

    files: list[str] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def normalise_text(raw: str) -> str:
    """Apply the documented normalisation: newlines to ``\\n``, Unicode spaces to spaces."""
    return _SPACES_RE.sub(" ", raw.replace("\r\n", "\n").replace("\r", "\n"))


def decode_bytes(data: bytes, name: str, warn: Callable[[str], None]) -> str | None:
    """Decode a file's bytes; None for binary files. Non-UTF-8 is decoded with replacement."""
    head = data[:8192]
    if b"\x00" in head:
        warn(f"{name}: binary file skipped")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        warn(f"{name}: not valid UTF-8; undecodable bytes replaced with U+FFFD")
        return data.decode("utf-8", errors="replace")


def is_chrome(line: str) -> bool:
    """True for site navigation that carries no content ("Load More", "Sorted by")."""
    low = line.strip().lower()
    return low in CHROME_LINES or bool(_SORTED_RE.match(low)) or bool(
        _FOOTNOTE_LINE_RE.match(low))


def header_author(line: str) -> tuple[str, bool] | None:
    """If a line is a reply or answer header, the author's name and whether it is an answer."""
    stripped = line.strip()
    match = _ANSWER_RE.match(stripped)
    if match:
        return match.group("name").strip(), True
    match = _REPLY_RE.match(stripped)
    if match and len(stripped) <= 40:
        return match.group("name").strip(), False
    return None


def page_owner(lines: list[str]) -> str | None:
    """The author a page names in its title ("All of X's Comments", or a bare name)."""
    for line in lines[:3]:
        match = _TITLE_RE.match(line.strip())
        if match:
            return match.group("name").strip()
    first = lines[0].strip() if lines else ""
    blank_next = len(lines) < 2 or not lines[1].strip()
    if _BARE_NAME_RE.match(first) and blank_next and not is_chrome(first):
        return first
    return None


def _cut_read_more(text: str) -> str:
    """Drop a "... (read more)" truncation and the unfinished sentence before it."""
    if not _READ_MORE_RE.search(text):
        return text
    body = _READ_MORE_RE.sub("", text)
    ends = list(_SENTENCE_END_RE.finditer(body + " "))
    return body[: ends[-1].end()].rstrip() if ends else ""


def _passage(file: str, number: int, line: str, author: str | None) -> Passage | None:
    text = _cut_read_more(line).rstrip()
    mark = _LIST_MARK_RE.match(text)
    start = mark.end() if mark else len(text) - len(text.lstrip())
    body = text[start:]
    if not body or is_chrome(body):
        return None
    return Passage(file=file, line=number, start=start, text=body, line_text=line,
                   author=author)


def split_passages(text: str, file: str) -> list[Passage]:
    """Clean one file's normalised text into passages with authors."""
    lines = text.split("\n")
    owner = page_owner(lines)
    skip_first = owner is not None
    passages: list[Passage] = []
    reply_author: str | None = None
    answer_author: str | None = None
    for index, line in enumerate(lines):
        if (index == 0 and skip_first) or (index < 3 and _TITLE_RE.match(line.strip())):
            continue
        if not line.strip():
            continue
        header = header_author(line)
        if header is not None:
            name, is_answer = header
            if is_answer:
                answer_author, reply_author = name, None
            else:
                reply_author = name
            continue
        if is_chrome(line):
            continue
        author = reply_author or answer_author or owner
        passage = _passage(file, index + 1, line, author)
        if passage is not None:
            passages.append(passage)
            reply_author = None  # a reply header covers the one paragraph after it
    return passages


def _text_files(root: Path) -> list[Path]:
    """Every regular, non-hidden file under root, in a stable (sorted) order."""
    return sorted(
        p for p in root.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )


def read_corpus(root: Path, display_root: str | None = None,
                warn: Callable[[str], None] | None = None) -> Corpus:
    """Read every text file under ``root`` into passages.

    ``display_root`` is the folder as the user typed it; a card's source file is that
    joined with the path inside the folder (``seeds/002_x.txt``), so it stays meaningful
    when the deck is moved with the corpus.
    """
    corpus = Corpus()

    def _warn(message: str) -> None:
        corpus.warnings.append(message)
        if warn is not None:
            warn(message)

    prefix = (display_root if display_root is not None else str(root)).rstrip("/")
    for path in _text_files(root):
        rel = path.relative_to(root).as_posix()
        shown = f"{prefix}/{rel}" if prefix else rel
        try:
            data = path.read_bytes()
        except OSError as exc:
            _warn(f"{shown}: cannot read ({exc.strerror or exc}); skipped")
            continue
        text = decode_bytes(data, shown, _warn)
        if text is None:
            continue
        corpus.files.append(shown)
        corpus.passages.extend(split_passages(normalise_text(text), shown))
    return corpus
