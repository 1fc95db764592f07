"""`cards draft`: draft a deck of concept cards from a folder of text."""

from __future__ import annotations

from pathlib import Path

import click


def corpus_label(root: Path, typed: str) -> str:
    """The folder name cards cite their files under: as typed when that is a relative
    path that stays where it is (``seeds``, ``notes/2026``), else the path from the
    current folder, else the folder's own name. A source file must never be absolute or
    climb with ``..`` (`locations.source_path_problem`), or importing the deck fails."""
    import os

    from cards.locations import source_path_problem

    label = typed.rstrip("/") or typed
    if source_path_problem(f"{label}/x") is None:
        return label
    relative = os.path.relpath(root.resolve(), Path.cwd().resolve())
    if source_path_problem(f"{relative}/x") is None:
        return relative
    return root.resolve().name or "corpus"


@click.command()
@click.argument("corpus_dir", default="seeds", required=False,
                type=click.Path(file_okay=False, path_type=str))
@click.option("-o", "--out", "out", type=click.Path(dir_okay=False, path_type=str),
              help="Deck file to write (default: decks/<folder name>.toml).")
@click.option("--max-cards", type=click.IntRange(min=1), default=None,
              help="Keep at most N cards (the strongest concepts win).")
def draft(corpus_dir: str, out: str | None, max_cards: int | None) -> None:
    """Draft concept cards from every text file in CORPUS_DIR (default: seeds).

    Each card cites the file, line, author and exact sentence it came from. The deck is
    written with status "draft"; `cards import` puts it in the drafts inbox.
    """
    import time

    from cards.cli.common import one_line, plural, warn
    from cards.cli.draft_progress import per_file_report, reading
    from cards.decks import Deck
    from cards.errors import NotFoundError, NothingToDoError, StorageIOError
    from cards.extract import draft as draft_corpus
    from cards.redraft import kept_message, save_draft

    started = time.perf_counter()
    root = Path(corpus_dir)
    if not root.is_dir():
        raise NotFoundError(f"no such folder: {corpus_dir}")
    name = root.resolve().name or "deck"
    target = Path(out) if out else Path("decks") / f"{name}.toml"

    with reading(root, corpus_label(root, corpus_dir), target) as corpus:
        result = draft_corpus(corpus, max_cards=max_cards, deck=name)  # reads as it drafts
    if not corpus.files:
        raise NothingToDoError(f"no readable text files in {corpus_dir}; nothing drafted")
    if not result.cards:
        raise NothingToDoError(
            f"no concepts found in {corpus_dir} ({corpus.block_count} passages); "
            "nothing drafted")
    deck = Deck(name=name, description=f"Drafted from {corpus_dir.rstrip('/')}/",
                cards=result.cards)
    try:
        _, report = save_draft(deck, target)
    except OSError as exc:
        raise StorageIOError(f"cannot write {one_line(str(target))}: "
                             f"{exc.strerror or exc}") from None
    if report is not None and (report.backed_up or report.user_work):
        warn(kept_message(report, target))
    elapsed = time.perf_counter() - started
    click.echo(
        f"Drafted {plural(len(result.cards), 'card')} for "
        f"{plural(len(result.concepts), 'concept')} from {plural(len(corpus.files), 'file')} "
        f"({plural(corpus.block_count, 'passage')}) in {elapsed:.2f} s "
        f"-> {one_line(str(target))}"
    )
    for line in per_file_report(corpus, result.cards):
        click.echo(line)
