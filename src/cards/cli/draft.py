"""`cards draft`: draft a deck of concept cards from a folder of text."""

from __future__ import annotations

from pathlib import Path

import click


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

    from cards.cli.draft_progress import per_file_report, read_with_progress
    from cards.decks import Deck
    from cards.errors import NotFoundError, NothingToDoError, StorageIOError
    from cards.extract import draft as draft_corpus
    from cards.redraft import kept_message, save_draft
    from cards.textsafe import one_line

    started = time.perf_counter()
    root = Path(corpus_dir)
    if not root.is_dir():
        raise NotFoundError(f"no such folder: {corpus_dir}")
    name = root.resolve().name or "deck"
    target = Path(out) if out else Path("decks") / f"{name}.toml"

    def warn(message: str) -> None:
        click.echo(f"cards: warning: {message}", err=True)

    corpus = read_with_progress(root, corpus_dir.rstrip("/") or corpus_dir, target)
    if not corpus.files:
        raise NothingToDoError(f"no readable text files in {corpus_dir}; nothing drafted")
    result = draft_corpus(corpus, max_cards=max_cards, deck=name)
    if not result.cards:
        raise NothingToDoError(
            f"no concepts found in {corpus_dir} ({len(corpus.blocks)} passages); "
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
        f"Drafted {len(result.cards)} cards for {len(result.concepts)} concepts from "
        f"{len(corpus.files)} files ({len(corpus.blocks)} passages) in {elapsed:.2f} s "
        f"-> {target}"
    )
    for line in per_file_report(corpus, result.cards):
        click.echo(line)
