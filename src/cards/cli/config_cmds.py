"""`cards config`: show or change settings, collection-wide or per deck."""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING

import click

from cards.cli.common import collection, one_line
from cards.errors import InvalidInputError

if TYPE_CHECKING:
    from cards.collection import Collection
    from cards.collection.schedulers import SwitchReport


DECK_KEYS = ("new_per_day", "reviews_per_day", "scheduler", "bury_siblings")


@click.command(context_settings={"ignore_unknown_options": True})
@click.argument("key", required=False)
@click.argument("value", required=False)
@click.option("--deck", help="Show or set new_per_day / reviews_per_day / scheduler / "
                             "bury_siblings for this deck only (VALUE 'default' returns to "
                             "the collection's).")
def config(key: str | None, value: str | None, deck: str | None) -> None:
    """Show settings, show KEY, or set KEY to VALUE.

    Keys: timezone (an IANA name such as Europe/London, or 'local'), day_starts_at
    (hour 0..23, default 4), new_per_day (20), reviews_per_day (200), leech_threshold
    (8; 0 turns leech detection off), scheduler (sm2 or fsrs; switching replays the
    review log), desired_retention (FSRS, 0.7..0.99, default 0.9), maximum_interval
    (FSRS, days 1..36,500), bury_siblings (on: answering a card buries its siblings
    until the next study day; off), answer_keys (sm2: keys 0-5; anki: 1 Again, 2 Hard,
    3 Good, 4 Easy give SM-2 grades 1, 3, 4, 5).
    """
    if deck is not None and key is not None and key not in DECK_KEYS:
        raise InvalidInputError(f"only {' and '.join(DECK_KEYS)} can be set per deck, not {key}")
    with collection(create=value is not None) as col:
        if value is None:
            _show(col, key, deck)
            return
        if key == "scheduler":
            report = col.schedulers.set_scheduler(value, deck)
            _say_switch(report)
        elif deck is None:
            col.set_setting(key, value)  # type: ignore[arg-type]
        elif value == "default":
            col.set_deck_limit(deck, key, None)  # type: ignore[arg-type]
        elif key == "bury_siblings":
            from cards.collection.settings import switch

            try:
                col.set_deck_limit(deck, key, switch(key, value))
            except ValueError as exc:
                raise InvalidInputError(str(exc)) from None
        elif value.isascii() and value.isdigit():
            col.set_deck_limit(deck, key, int(value))  # type: ignore[arg-type]
        else:
            raise InvalidInputError(f"{key} must be a whole number or 'default', not {value!r}")
    click.echo(one_line(f"{deck + ': ' if deck else ''}{key} = {value}"))


def _say_switch(report: SwitchReport) -> None:
    """One line on stderr: which decks now follow which scheduler, what was replayed."""
    if report.scheduler == "fsrs" and report.decks:
        click.echo(one_line(
            f"{', '.join(report.decks)}: FSRS schedules computed from {report.answers:,} "
            f"answers for {report.items:,} items"), err=True)
    elif report.decks:
        click.echo(one_line(f"{', '.join(report.decks)}: SM-2's schedules back in use "
                            f"({report.items:,} items)"), err=True)


def _show(col: Collection, key: str | None, deck: str | None) -> None:
    """Print every setting (or one), with a deck's own limits where --deck is given."""
    settings = col.settings()
    values = {f.name: getattr(settings, f.name) for f in fields(settings)}
    if key is not None and key not in values:
        raise InvalidInputError(f"unknown setting {key!r} (known: {', '.join(values)})")
    own: dict[str, object] = {}
    if deck is not None:
        own = {**col.deck_limits(deck), "scheduler": col.schedulers.own_scheduler(deck)}
    for name, current in values.items():
        if key is not None and name != key:
            continue
        if deck is not None and name in DECK_KEYS:
            mine = own[name]
            shown = f"{current} (collection default)" if mine is None else f"{mine} (this deck)"
            click.echo(one_line(f"{deck}: {name} = {shown}"))
        elif deck is None or key is not None:
            click.echo(one_line(f"{name} = {current}"))
