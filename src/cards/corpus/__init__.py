"""Read a folder of writing into Blocks of visible text, one reader per format.

``read_corpus`` walks the folder (regular files only, no hidden files, no symlink loops,
never the drafter's own output), picks a reader per file by extension and content
(``cards.corpus.readers``), and collects the blocks, each file's reader and one warning
line per file it could not read.  ``iter_corpus`` does the same file by file, so a large
corpus never sits in memory twice.

The old line passages of the scraped comment pages (``Corpus.passages``) are still filled
for text files until the extractor has moved to blocks.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cards.corpus.blocks import Block, OffsetMap, Span
from cards.corpus.decode import decode_bytes, file_text, looks_binary, normalise_text
from cards.corpus.dialects.comments import (
    CHROME_LINES,
    Passage,
    header_author,
    is_chrome,
    page_owner,
    post_author,
    split_passages,
)
from cards.corpus.locate import locate, visible_lines
from cards.corpus.readers import Document, ReadError, choose
from cards.locations import name_control_problem
from cards.textsafe import one_line

__all__ = [
    "CHROME_LINES", "Block", "Corpus", "FileRead", "OffsetMap", "Passage", "Span",
    "decode_bytes", "file_text", "header_author", "is_chrome", "iter_corpus", "locate",
    "normalise_text", "page_owner", "post_author", "read_corpus", "split_passages",
    "visible_lines",
]

Warn = Callable[[str], None]

#: Folders a drafter writes into and never reads back (issue 9 item 3).
OUTPUT_DIRS = frozenset({"decks"})
#: The deck file format the drafter writes.
DECK_SUFFIX = ".toml"


@dataclass(slots=True)
class FileRead:
    """One file's outcome: its name, the reader that took it, its blocks and warnings."""

    file: str  # path inside the corpus folder
    shown: str  # the path as the user sees it
    reader: str | None  # None: skipped
    blocks: list[Block] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Corpus:
    """Everything read from a folder: blocks in file and document order, and warnings."""

    files: list[str] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    readers: dict[str, str] = field(default_factory=dict)  # shown file -> reader name
    root: str = ""  # the folder as the user typed it; a block's shown file is root/file


def corpus_files(root: Path, skip: Callable[[Path], bool] | None = None,
                 warn: Warn | None = None) -> Iterator[Path]:
    """Every regular, non-hidden file under ``root``, in a stable (sorted) order.

    Symlinked folders are followed once: a link back into a folder already walked (a loop)
    is reported and not entered.  The drafter's output folder (``decks/`` at the top) and
    deck files it wrote are never corpus.
    """
    seen: set[tuple[int, int]] = set()

    def walk(folder: Path, depth: int) -> Iterator[Path]:
        try:
            info = folder.stat()
        except OSError:
            return
        key = (info.st_dev, info.st_ino)
        if key in seen:
            if warn is not None:
                warn(f"{_shown(root, folder)}: symbolic link loop; not followed")
            return
        seen.add(key)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            if warn is not None:
                warn(f"{_shown(root, folder)}: cannot list ({exc.strerror or exc}); skipped")
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            if skip is not None and skip(path):
                continue
            try:
                is_dir = entry.is_dir()
                is_file = entry.is_file()
            except OSError:
                continue
            if is_dir:
                if depth == 0 and entry.name in OUTPUT_DIRS:
                    continue
                yield from walk(path, depth + 1)
            elif is_file:
                yield path
            elif entry.is_symlink() and warn is not None:
                warn(f"{_shown(root, path)}: broken symbolic link; skipped")

    yield from walk(root, 0)


def _shown(root: Path, path: Path) -> str:
    try:
        rel = path.relative_to(root).as_posix()
    except ValueError:
        rel = str(path)
    return one_line(rel)


def _is_deck(path: Path) -> bool:
    """A deck file the drafter writes (TOML with a [[cards]] table)."""
    if path.suffix.lower() != DECK_SUFFIX:
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(65536)
    except OSError:
        return False
    return b"[[cards]]" in head or b"[deck]" in head


def read_file(path: Path, rel: str, shown: str, warn: Warn) -> FileRead:
    """Read one file with the reader its extension and content choose."""
    result = FileRead(file=rel, shown=shown, reader=None)
    label = one_line(shown)

    def note(message: str) -> None:
        result.warnings.append(message)
        warn(message)

    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8192)
    except OSError as exc:
        note(f"{label}: cannot read ({exc.strerror or exc}); skipped")
        return result
    reader = choose(path, head)
    if reader is None and looks_binary(head):
        note(f"{label}: binary file skipped")
        return result
    if reader is None:
        note(f"{label}: no reader for {one_line(path.suffix) or 'this'} files; skipped")
        return result
    doc = Document(path=path, file=rel, shown=label, warn=note, size=size)
    try:
        blocks = list(reader.read(doc))
    except ReadError as exc:
        note(f"{label}: {exc}")
        return result
    except OSError as exc:
        note(f"{label}: cannot read ({exc.strerror or exc}); skipped")
        return result
    except (ValueError, RecursionError, MemoryError) as exc:
        note(f"{label}: unreadable {reader.name} ({type(exc).__name__}); skipped")
        return result
    if any(m.endswith("binary file skipped") for m in result.warnings):
        return result
    result.reader = _reader_name(reader, blocks)
    result.blocks = blocks
    if reader.name == "text" and size <= (4 << 20):
        result.passages = _passages(path, shown)
    return result


def _reader_name(reader: object, blocks: list[Block]) -> str:
    name = getattr(reader, "name", "?")
    if name == "text":
        comments = bool(blocks) and "dialect:comments" in blocks[0].tags
        return "text/comments" if comments else "text/generic"
    return name


def _passages(path: Path, shown: str) -> list[Passage]:
    """The old line passages (until the extractor reads blocks)."""
    text = decode_bytes(path.read_bytes(), shown, lambda _m: None)
    return split_passages(normalise_text(text), shown) if text is not None else []


def iter_corpus(root: Path, display_root: str | None = None, warn: Warn | None = None,
                skip: Callable[[Path], bool] | None = None) -> Iterator[FileRead]:
    """Read the folder file by file (see ``read_corpus``)."""
    sink = warn if warn is not None else (lambda _m: None)
    prefix = (display_root if display_root is not None else str(root)).rstrip("/")

    def skipped(path: Path) -> bool:
        return _is_deck(path) or (skip is not None and skip(path))

    for path in corpus_files(root, skipped, sink):
        rel = path.relative_to(root).as_posix()
        shown = f"{prefix}/{rel}" if prefix else rel
        problem = name_control_problem(rel)
        if problem is not None:  # a card could not cite it: said, not dropped silently
            message = f"{one_line(shown)}: {problem}; skipped"
            sink(message)
            yield FileRead(file=rel, shown=shown, reader=None, warnings=[message])
            continue
        yield read_file(path, rel, shown, sink)


def read_corpus(root: Path, display_root: str | None = None,
                warn: Warn | None = None, skip: Callable[[Path], bool] | None = None,
                progress: Callable[[FileRead], None] | None = None) -> Corpus:
    """Read every file under ``root`` that a reader takes into blocks.

    ``display_root`` is the folder as the user typed it; a card's source file is that
    joined with the path inside the folder (``seeds/002_x.txt``), so it stays meaningful
    when the deck is moved with the corpus.  ``skip`` leaves out more paths (the deck
    file being written); ``progress`` is called after each file.
    """
    corpus = Corpus(root=(display_root if display_root is not None else str(root)))

    def _warn(message: str) -> None:
        corpus.warnings.append(message)
        if warn is not None:
            warn(message)

    for result in iter_corpus(root, display_root, _warn, skip):
        if result.reader is not None:
            corpus.files.append(result.shown)
            corpus.readers[result.shown] = result.reader
            corpus.blocks.extend(result.blocks)
            corpus.passages.extend(result.passages)
        if progress is not None:
            progress(result)
    return corpus
