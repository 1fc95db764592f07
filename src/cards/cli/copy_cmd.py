"""`cards copy SRC DEST`: copy a whole collection between files and servers."""

from __future__ import annotations

import click

from cards.cli.common import plural, say


@click.command("copy")
@click.argument("source")
@click.argument("dest")
def copy(source: str, dest: str) -> None:
    """Copy the collection SOURCE into DEST, each a file or a postgresql:// URL.

    Everything is copied: decks, cards, schedules, the review log and settings. DEST
    must be empty (a new file, or an empty database); it is written in one
    transaction, so a failed copy leaves it as it was.
    """
    from cards.collection.copying import copy_collection

    report = copy_collection(source, dest)
    c = report.counts
    say(f"copied {plural(c.decks, 'deck')}, {plural(c.cards, 'card')} "
        f"({plural(c.items, 'review item')}), {plural(c.reviews, 'logged answer')} and "
        f"{plural(c.settings, 'setting')} from {report.source} to {report.dest}")
