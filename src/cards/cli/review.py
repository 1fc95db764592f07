"""`cards review` and `cards` alone: open the Textual app on the collection.

Textual is imported only when the app runs, so `cards --help` stays fast. The
collection is opened before the app starts: a bad --db fails as one line, never
as a half-drawn screen.
"""

from __future__ import annotations

import click


def run_app(db: str | None, deck: str | None = None, cram: bool = False,
            review: bool = False) -> None:
    """Open the collection (errors propagate as `CardsError`) and run the app on it."""
    from cards.collection import Collection
    from cards.errors import NotFoundError

    collection = Collection.open(db)
    try:
        if deck is not None and deck not in collection.deck_names():
            raise NotFoundError(f"no deck named {deck!r}")
        from cards.tui.app import CardsApp

        CardsApp(collection, deck=deck, cram=cram, review=review or deck is not None
                 or cram).run()
    finally:
        collection.close()


@click.command("review")
@click.option("--deck", "deck", default=None, help="Study only this deck.")
@click.option("--cram", is_flag=True, help="Practise cards that are not due; the schedule is kept.")
def review(deck: str | None, cram: bool) -> None:
    """Open the review app straight on a session (all decks unless --deck)."""
    db = click.get_current_context().find_root().obj["db"]
    run_app(db, deck=deck, cram=cram, review=True)
