"""Moving decks in and out: `cards import` and `cards export toml|anki`."""

from __future__ import annotations

import os
from pathlib import Path

import click

from cards.cli.anki_cmds import import_anki_package
from cards.cli.common import collection, one_line, plural, say
from cards.errors import InvalidInputError


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path),
                metavar="PATH...")
@click.option("--accept-drafts", is_flag=True,
              help="Add drafted cards as new cards instead of into the drafts inbox "
                   "(drafts already in the collection stay there: see 'cards accept').")
def import_(paths: tuple[Path, ...], accept_drafts: bool) -> None:
    """Import deck files, or every *.toml deck in a folder. Idempotent: re-importing
    updates cards and keeps their history.

    Every file is checked first; if any is malformed, nothing is imported. An Anki
    package (.apkg or .colpkg, recognised by its content) is imported with its
    scheduling and review history; see the README for what carries over.
    """
    from cards.anki.formats import is_package  # genanki and the rest only for an import

    anki_paths = [path for path in paths if is_package(path)]
    if anki_paths:
        if len(paths) > 1:
            raise InvalidInputError("import one Anki package at a time, without deck files")
        import_anki_package(anki_paths[0])
        return
    from cards.collection.transfer import load_deck_files

    decks = load_deck_files(list(paths))  # all input checked before the collection opens
    with collection(create=True) as col:
        report = col.import_decks(decks, accept_drafts=accept_drafts)
    for backup in report.backups:
        click.echo(f"backed up the collection to {one_line(backup)} before upgrading it",
                   err=True)
    notes = [f"{report.added} added", f"{report.updated} updated", f"{report.unchanged} unchanged"]
    if report.deleted:
        notes.append(f"{plural(report.deleted, 'card')} you deleted left in the trash "
                     "('cards undelete ID' restores one)")
    if report.kept_edits:
        notes.append(f"kept {report.kept_edits} of your edits")
    if report.drafts_waiting:
        notes.append(f"{report.drafts_waiting} waiting in the drafts inbox "
                     "(triage them with 'cards accept'/'cards reject' or 'd' in the app)")
    say(f"imported {one_line(', '.join(report.decks))}: {', '.join(notes)}")


@click.group()
def export() -> None:
    """Export cards to a deck file (toml) or an Anki package (anki)."""


@export.command("toml")
@click.argument("path", type=click.Path())
@click.option("--deck", help="The deck to export (needed when there are several,"
                             " unless PATH is a folder).")
def export_toml(path: str, deck: str | None) -> None:
    """Write a deck as TOML; importing it again gives the same cards.

    PATH is a file, or a folder (an existing one, or any path ending in '/', created
    if missing) that gets one file per deck.
    """
    folder = path.endswith(("/", os.sep))
    with collection() as col:
        written = col.export_toml(Path(path), deck, folder=folder)
    for target in written:
        click.echo(f"wrote {one_line(str(target))}")


@export.command("anki")
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--deck", help="Only this deck.")
@click.option("--include-drafts", is_flag=True, help="Include cards still in the drafts inbox.")
@click.option("--include-suspended", is_flag=True,
              help="Include suspended cards; they stay suspended if Anki imports scheduling.")
@click.option("--with-scheduling", is_flag=True,
              help="Carry each card's schedule and the whole review log, so Anki continues "
                   "where cards left off (import it in Anki with 'Import any learning "
                   "progress' ticked).")
def export_anki(out: Path, deck: str | None, include_drafts: bool,
                include_suspended: bool, with_scheduling: bool) -> None:
    """Write an Anki package (OUT must end in .apkg) to study the same cards in Anki or
    on a phone.

    Importing it again after edits updates the notes in Anki instead of duplicating them.
    """
    if out.suffix.lower() != ".apkg" and not out.is_dir():  # a folder: "cannot write"
        raise click.BadParameter(
            f"an Anki package must be named *.apkg (Anki looks for that), not "
            f"{one_line(out.name)!r}: try {one_line(out.with_suffix('.apkg').name)!r}",
            param_hint="OUT")
    with collection() as col:
        summary = col.export_anki(out, deck, include_drafts=include_drafts,
                                  include_suspended=include_suspended,
                                  with_scheduling=with_scheduling)
    say(f"wrote {one_line(str(out))}: {summary}")
