"""Safety nets: `cards backup`, `cards undelete`, `cards trash`, `cards check`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cards.cli.common import cell, collection, plural, say
from cards.errors import CardsError, ExitCode, UsageError


def _confirm(question: str, yes: bool, what: str) -> None:
    """Ask before an action that replaces or ends data; refuse without a terminal
    unless --yes was given (a script must say so explicitly)."""
    if yes:
        return
    if not sys.stdin.isatty():
        raise UsageError(f"{what} asks for a confirmation: run it in a terminal, or add --yes")
    if not click.confirm(question, default=False, err=True):
        from cards.errors import NothingToDoError

        raise NothingToDoError("not confirmed; nothing was changed")


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--list", "list_", is_flag=True, help="List the backups kept beside the collection.")
@click.option("--restore", "restore", metavar="FILE",
              help="Replace the collection by this backup (a path, or a name from --list).")
@click.option("--yes", "-y", is_flag=True, help="Restore without asking.")
def backup(path: Path | None, list_: bool, restore: str | None, yes: bool) -> None:
    """Take a consistent copy of the collection (safe while the app is open), list the
    backups, or restore one. Copy a collection this way, never with cp."""
    if sum((path is not None, list_, restore is not None)) > 1:
        raise click.UsageError("give a PATH, --list or --restore FILE, not several")
    with collection(write=restore is not None) as col:
        if list_:
            found = col.backups.list()
            for b in found:
                when = b.taken_at.astimezone().strftime("%Y-%m-%d %H:%M")
                say(f"{when}  {b.kind:<8} {b.size / 1e6:>8.2f} MB  {b.path.name}")
            say(f"{plural(len(found), 'backup')} in {col.backups.folder}", err=True)
            return
        if restore is not None:
            source = col.backups.resolve(restore)
            _confirm(f"Replace the collection at {col.path} by {source.name}?", yes,
                     "restoring a backup")
            before = col.restore(source)
            say(f"restored {source}; the collection as it was is in {before}")
            return
        made = col.backup(path)
    say(f"backed up the collection to {made}")


@click.command()
@click.argument("card_ids", nargs=-1, required=True, metavar="CARD_ID...")
def undelete(card_ids: tuple[str, ...]) -> None:
    """Restore deleted cards from the trash, with their status and review history."""
    with collection(write=True) as col:
        done = col.undelete(list(card_ids))
    for card in done:
        say(f"restored {card.id} ({card.status})")
    click.echo(f"restored {plural(len(done), 'card')} from the trash", err=True)


@click.command()
@click.option("--empty", is_flag=True, help="End the cards in the trash (after a backup).")
@click.option("--yes", "-y", is_flag=True, help="Empty without asking.")
def trash(empty: bool, yes: bool) -> None:
    """List the deleted cards that `cards undelete` can restore, or empty the trash."""
    with collection(write=empty) as col:
        found = col.trash()
        if empty:
            if not found:
                from cards.errors import NothingToDoError

                raise NothingToDoError("the trash is empty")
            _confirm(f"End the {plural(len(found), 'card')} in the trash for good?", yes,
                     "emptying the trash")
            n, made = col.empty_trash()
            kept = f"; a backup is in {made}" if made is not None else ""  # (none on a server)
            say(f"emptied the trash: {plural(n, 'card')} ended (their review history is "
                f"kept){kept}")
            return
    for t in found:
        when = t.deleted_at.astimezone().strftime("%Y-%m-%d") if t.deleted_at else "-"
        say(f"{cell(t.card.id, 128)}  {cell(t.card.deck, 12):<12} {when}  "
            f"{t.deleted_from:<9} {cell(t.card.summary)}")
    click.echo(f"{plural(len(found), 'card')} in the trash"
               + (" ('cards undelete ID' restores one)" if found else ""), err=True)


@click.command()
@click.option("--no-repair", is_flag=True, help="Only report; change nothing.")
def check(no_repair: bool) -> None:
    """Check the collection: SQLite's integrity check and the collection's own rules;
    repair what is safe to repair, after a backup. Exit 5 if a problem remains."""
    with collection(write=not no_repair) as col:
        report = col.check(repair=not no_repair)
    for line in report.integrity[:20]:
        say(f"integrity: {line}")
    for line in report.lines:
        say(f"{'repaired' if report.repaired else 'found'}: {line}")
    if report.backup is not None:
        say(f"backed up the collection to {report.backup} before repairing")
    if report.healthy:
        say("the collection is sound" if not report.lines else "the collection is sound now")
        return
    raise _Unhealthy("problems remain (see above)"
                     + ("; restore a backup ('cards backup --list')" if report.integrity else ""))


class _Unhealthy(CardsError):
    exit_code = ExitCode.DATABASE
