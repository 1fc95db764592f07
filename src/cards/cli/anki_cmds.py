"""`cards import FILE.apkg`: the Anki side of the import command, and its summary."""

from __future__ import annotations

from pathlib import Path

import click

from cards.cli.common import collection
from cards.textsafe import one_line


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def import_anki_package(path: Path) -> None:
    """Import one Anki package and print what it did: counts first, then what was skipped."""
    from cards.locations import regular_file

    regular_file(path, "package file")  # before the collection is opened or created
    with collection(create=True) as col:
        report = col.import_anki(path)
    for backup in report.backups:
        click.echo(f"backed up the collection to {one_line(backup)} before upgrading it",
                   err=True)
    decks = ", ".join(one_line(d) for d in report.decks) or "no decks"
    parts = [_plural(report.notes, "note"),
             f"{_plural(report.cards_added, 'card')} added",
             f"{report.cards_updated} updated",
             f"{_plural(report.reviews_added, 'review row')} added"]
    if report.reviews_known:
        parts.append(f"{report.reviews_known} already in the log")
    if report.media_copied:
        parts.append(f"{_plural(report.media_copied, 'media file')} copied to "
                     f"{one_line(report.media_folder or '')}")
    click.echo(f"imported {one_line(str(path))}: {', '.join(parts)} "
               f"({_plural(len(report.decks), 'deck')}: {decks})")
    if report.kept_newer_schedules:
        click.echo(f"  kept {_plural(report.kept_newer_schedules, 'schedule')} studied here "
                   "since the package was made")
    if report.kept_edits:
        click.echo(f"  kept {_plural(report.kept_edits, 'edit')} made here since the last import")
    for why, count in report.skipped:
        click.echo(f"  skipped {count} {one_line(why)}")
