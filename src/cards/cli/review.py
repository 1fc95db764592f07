"""`cards review` and `cards` alone: open the Textual app on the collection.

Textual is imported only when the app runs, so `cards --help` stays fast. The
collection is opened before the app starts: a bad --db fails as one line, never
as a half-drawn screen.
"""

from __future__ import annotations

import sys

import click


def require_terminal(command: str) -> None:
    """Refuse to start the app unless stdin and stdout are a terminal.

    Without one, Textual waits for input that never comes and spins (`echo | cards
    review` ran at 95% CPU for ever). Every way into the app passes here.
    """
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise click.UsageError(
            f"{command} needs a terminal (its input and output are not one); "
            "in scripts use 'cards due' and 'cards answer'")


def run_app(db: str | None, deck: str | None = None, cram: bool = False,
            review: bool = False) -> None:
    """Open the collection (errors propagate as `CardsError`) and run the app on it.

    A bug that ends the app becomes one `CardsError` line (exit code INTERNAL) naming
    the file its traceback was written to, not a traceback over the terminal.
    """
    require_terminal("cards review" if review or deck is not None or cram else "cards")
    from cards.cli.common import report_opening
    from cards.collection import Collection
    from cards.errors import CardsError, NotFoundError

    collection = Collection.open(db)
    report_opening(collection)
    try:
        if deck is not None and not any(n == deck or n.startswith(f"{deck}::")
                                        for n in collection.deck_names()):
            raise NotFoundError(f"no deck named {deck!r}")
        from cards.tui.app import CardsApp
        from cards.tui.format import internal_error_message

        app = CardsApp(collection, deck=deck, cram=cram,
                       review=review or deck is not None or cram)
        app.run()
    finally:
        collection.close()
    if app.crash is not None:
        error, log = app.crash
        where = f" (traceback in {log})" if log is not None else ""
        raise CardsError(internal_error_message(error) + where)


@click.command("review")
@click.option("--deck", "deck", default=None, help="Study only this deck.")
@click.option("--cram", is_flag=True, help="Practise cards that are not due; the schedule is kept.")
def review(deck: str | None, cram: bool) -> None:
    """Open the review app straight on a session (all decks unless --deck)."""
    db = click.get_current_context().find_root().obj["db"]
    run_app(db, deck=deck, cram=cram, review=True)
