"""`cards draft`'s reading part: a progress bar on a terminal, and the per-file report.

The corpus is read as it is drafted (``CorpusStream``), so the bar (files read, passages
found) runs for the whole draft.  It goes to stderr only when stderr is a terminal, so a
piped or scripted run prints nothing but its warnings and its summary line.  Warnings
printed while the bar runs go above it.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from cards.corpus import Corpus, CorpusStream, Progress
from cards.decks import DeckCard
from cards.textsafe import one_line


@contextmanager
def _bar() -> Iterator[tuple[Progress, Callable[[str], None]] | None]:
    """A live bar on stderr (None when stderr is not a terminal)."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress as Bar
    from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True, markup=False, highlight=False)
    columns = (SpinnerColumn(), TextColumn("drafting: {task.completed} files read, "
                                           "{task.fields[passages]} passages"),
               TimeElapsedColumn())
    with Bar(*columns, console=console, transient=True) as progress:
        task = progress.add_task("read", total=None, passages=0)

        def step(files: int, passages: int) -> None:
            progress.update(task, completed=files, passages=passages)

        def say(message: str) -> None:
            progress.console.print(message, markup=False, highlight=False)

        yield step, say


@contextmanager
def reading(root: Path, shown: str, target: Path) -> Iterator[CorpusStream]:
    """The corpus folder as a stream of blocks, never the deck file being written;
    warnings on stderr, and the bar running until the block ends."""
    try:
        target_path = target.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symbolic link loop
        target_path = target

    def is_target(path: Path) -> bool:
        try:
            return path.resolve() == target_path
        except (OSError, RuntimeError):  # a link loop is never the deck being written
            return False

    with _bar() as bar:
        say = bar[1] if bar else (lambda line: click.echo(line, err=True))

        def warn(message: str) -> None:
            say(f"cards: warning: {one_line(message)}")

        yield CorpusStream(root, shown, warn=warn, skip=is_target,
                           progress=bar[0] if bar else None)


def per_file_report(corpus: Corpus | CorpusStream, cards: list[DeckCard]) -> list[str]:
    """One line per file read: the reader that took it and the cards drafted from it."""
    drafted = Counter(card.source.file for card in cards if card.source is not None)
    width = max((len(one_line(f)) for f in corpus.files), default=0)
    lines = []
    for file in corpus.files:
        n = drafted.get(file, 0)
        lines.append(f"  {one_line(file):<{width}}  {corpus.readers.get(file, '?'):<13} "
                     f"{n} card{'s' if n != 1 else ''}")
    return lines
