"""Read a folder of writing into Blocks of visible text, one reader per format.

``read_corpus`` walks the folder (regular files only, no hidden files, no symlink loops,
never the drafter's own output), picks a reader per file by extension and content
(``cards.corpus.readers``), and collects the blocks, each file's reader and one warning
line per file it could not read.  ``CorpusStream`` does the same file by file, passing
each block on as it is read, so drafting a large corpus never holds it in memory.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cards.corpus.authors import with_title
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
from cards.corpus.readers import Document, Reader, ReadError, choose
from cards.locations import name_control_problem
from cards.textsafe import one_line

__all__ = [
    "CHROME_LINES", "Block", "Corpus", "CorpusStream", "FileRead", "OffsetMap", "Passage",
    "Progress", "Span",
    "decode_bytes", "file_text", "header_author", "is_chrome", "locate",
    "normalise_text", "page_owner", "post_author", "read_corpus", "split_passages",
    "visible_lines",
]

Warn = Callable[[str], None]

#: Folders a drafter writes into and never reads back (issue 9 item 3).
OUTPUT_DIRS = frozenset({"decks"})
#: The deck file format the drafter writes.
DECK_SUFFIX = ".toml"
#: A file up to this size is read whole before its blocks are passed on.
WHOLE_FILE_BYTES = 8 * 1024 * 1024


@dataclass(slots=True)
class FileRead:
    """One file's outcome: its name, the reader that took it, its blocks and warnings."""

    file: str  # path inside the corpus folder
    shown: str  # the path as the user sees it
    reader: str | None  # None: skipped
    blocks: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Corpus:
    """Everything read from a folder: blocks in file and document order, and warnings."""

    files: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    readers: dict[str, str] = field(default_factory=dict)  # shown file -> reader name
    root: str = ""  # the folder as the user typed it; a block's shown file is root/file


def corpus_files(root: Path, skip: Callable[[Path], bool] | None = None,
                 warn: Warn | None = None, shown_root: str = "") -> Iterator[Path]:
    """Every regular, non-hidden file under ``root``, in a stable (sorted) order.

    Symlinked folders are followed once: a link back into a folder already walked (a loop)
    is reported and not entered.  The drafter's output folder (``decks/`` at the top) and
    deck files it wrote are never corpus.  Warnings name paths under ``shown_root`` (the
    folder as the user typed it).
    """
    def _shown(path: Path) -> str:
        return _shown_path(root, path, shown_root)

    seen: set[tuple[int, int]] = set()

    def walk(folder: Path, depth: int) -> Iterator[Path]:
        try:
            info = folder.stat()
        except OSError:
            return
        key = (info.st_dev, info.st_ino)
        if key in seen:
            if warn is not None:
                warn(f"{_shown(folder)}: symbolic link loop; not followed")
            return
        seen.add(key)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            if warn is not None:
                warn(f"{_shown(folder)}: cannot list ({exc.strerror or exc}); skipped")
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
            except OSError as exc:
                if warn is not None:
                    warn(f"{_shown(path)}: " + (
                        "symbolic link loop; skipped" if exc.errno == errno.ELOOP else
                        f"cannot read ({exc.strerror or exc}); skipped"))
                continue
            if is_dir:
                if depth == 0 and entry.name in OUTPUT_DIRS:
                    continue
                yield from walk(path, depth + 1)
            elif is_file:
                yield path
            elif entry.is_symlink() and warn is not None:
                warn(f"{_shown(path)}: broken symbolic link; skipped")

    yield from walk(root, 0)


def _shown_path(root: Path, path: Path, shown_root: str) -> str:
    try:
        rel = path.relative_to(root).as_posix()
    except ValueError:
        rel = str(path)
    prefix = shown_root.rstrip("/")
    return one_line(f"{prefix}/{rel}" if prefix and rel != "." else prefix or rel)


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


def _open(path: Path, rel: str, label: str, note: Warn) -> tuple[Reader, Document] | None:
    """The reader for a file and what it is given, or None (with one warning line)."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8192)
    except OSError as exc:
        note(f"{label}: cannot read ({exc.strerror or exc}); skipped")
        return None
    reader = choose(path, head)
    if reader is None and looks_binary(head):
        note(f"{label}: binary file skipped")
        return None
    if reader is None:
        note(f"{label}: no reader for {one_line(path.suffix) or 'this'} files; skipped")
        return None
    return reader, Document(path=path, file=rel, shown=label, warn=note, size=size)


def _failure(label: str, reader: Reader, exc: BaseException) -> str:
    """The one line for a file its reader could not read."""
    if isinstance(exc, ReadError):
        return f"{label}: {exc}"
    if isinstance(exc, OSError):
        return f"{label}: cannot read ({exc.strerror or exc}); skipped"
    return f"{label}: unreadable {reader.name} ({type(exc).__name__}); skipped"


_READ_ERRORS = (ReadError, OSError, ValueError, RecursionError, MemoryError)


def _file_blocks(path: Path, result: FileRead, warn: Warn) -> Iterator[Block]:
    """One file's blocks, setting ``result.reader`` once the file is read.

    A file up to ``WHOLE_FILE_BYTES`` is read whole before its first block is passed on,
    so a file that fails half-way gives no block at all.  A bigger one (only plain text
    streams; the tree readers refuse such sizes) passes each block on as its reader
    makes it, so memory stays bounded; if it fails half-way, what was read stays and one
    line says where the reading stopped."""
    label = one_line(result.shown)

    def note(message: str) -> None:
        result.warnings.append(message)
        warn(message)

    opened = _open(path, result.file, label, note)
    if opened is None:
        return
    reader, doc = opened
    if doc.size <= WHOLE_FILE_BYTES:
        try:
            blocks = list(reader.read(doc))
        except _READ_ERRORS as exc:
            note(_failure(label, reader, exc))
            return
        if not any(m.endswith("binary file skipped") for m in result.warnings):
            result.reader = _reader_name(reader, blocks[:1])
            yield from with_title(blocks)
        return
    count = 0
    try:
        for block in reader.read(doc):
            if result.reader is None:
                result.reader = _reader_name(reader, [block])
            count += 1
            yield block
    except _READ_ERRORS as exc:
        if not count:  # nothing read: skipped, as a smaller file would be
            note(_failure(label, reader, exc))
            return
        reason = _failure(label, reader, exc)[len(label) + 2:]
        note(f"{label}: reading stopped after {count} passages ({reason})")
    if result.reader is None and not any(
            m.endswith("binary file skipped") for m in result.warnings):
        result.reader = _reader_name(reader, [])


def read_file(path: Path, rel: str, shown: str, warn: Warn) -> FileRead:
    """Read one file with the reader its extension and content choose."""
    result = FileRead(file=rel, shown=shown, reader=None)
    result.blocks = list(_file_blocks(path, result, warn))
    return result


def _reader_name(reader: object, blocks: list[Block]) -> str:
    name = getattr(reader, "name", "?")
    if name == "text":
        comments = bool(blocks) and "dialect:comments" in blocks[0].tags
        return "text/comments" if comments else "text/generic"
    return name


Progress = Callable[[int, int], None]
"""Called with (files read, blocks read) as a folder is read."""


class CorpusStream:
    """A folder's blocks, read file by file (and a big file block by block) as they are
    asked for, so drafting a large corpus never holds it in memory.

    Iterate it once; meanwhile it collects what ``cards draft`` reports: the files a
    reader took (``files``, in order, as the user sees them), each one's reader
    (``readers``), the warnings, and the number of blocks read.
    """

    #: Blocks between two progress calls within one file.
    PROGRESS_EVERY = 500

    def __init__(self, root: Path, display_root: str | None = None, warn: Warn | None = None,
                 skip: Callable[[Path], bool] | None = None,
                 progress: Progress | None = None) -> None:
        self.path = root
        self.root = display_root if display_root is not None else str(root)
        self.files: list[str] = []
        self.readers: dict[str, str] = {}
        self.warnings: list[str] = []
        self.block_count = 0
        self._warn = warn
        self._skip = skip
        self._progress = progress

    def warn(self, message: str) -> None:
        self.warnings.append(message)
        if self._warn is not None:
            self._warn(message)

    def __iter__(self) -> Iterator[Block]:
        prefix = self.root.rstrip("/")
        skip = self._skip

        def skipped(path: Path) -> bool:
            return _is_deck(path) or (skip is not None and skip(path))

        walk = corpus_files(self.path, skipped, self.warn, prefix)
        for done, path in enumerate(walk, start=1):
            rel = path.relative_to(self.path).as_posix()
            result = FileRead(file=rel, shown=f"{prefix}/{rel}" if prefix else rel,
                              reader=None)
            problem = name_control_problem(rel)
            if problem is not None:  # a card could not cite it: said, not dropped silently
                self.warn(f"{one_line(result.shown)}: {problem}; skipped")
                continue
            for block in _file_blocks(path, result, self.warn):
                self.block_count += 1
                if self._progress is not None and not self.block_count % self.PROGRESS_EVERY:
                    self._progress(done - 1, self.block_count)
                yield block
            if result.reader is not None:
                self.files.append(result.shown)
                self.readers[result.shown] = result.reader
            if self._progress is not None:
                self._progress(done, self.block_count)


def read_corpus(root: Path, display_root: str | None = None,
                warn: Warn | None = None, skip: Callable[[Path], bool] | None = None) -> Corpus:
    """Read every file under ``root`` that a reader takes into blocks, all in memory
    (``CorpusStream`` reads them as they are needed).

    ``display_root`` is the folder as the user typed it; a card's source file is that
    joined with the path inside the folder (``seeds/002_x.txt``), so it stays meaningful
    when the deck is moved with the corpus.  ``skip`` leaves out more paths (the deck
    file being written).
    """
    stream = CorpusStream(root, display_root, warn, skip)
    blocks = list(stream)
    return Corpus(files=stream.files, warnings=stream.warnings, blocks=blocks,
                  readers=stream.readers, root=stream.root)
