"""`cards config`: show or change settings, collection-wide or per deck."""

from __future__ import annotations

from dataclasses import fields

import click

from cards.cli.common import collection
from cards.errors import InvalidInputError


@click.command()
@click.argument("key", required=False)
@click.argument("value", required=False)
@click.option("--deck", help="Set new_per_day or reviews_per_day for this deck only "
                             "(VALUE 'default' returns to the collection-wide limit).")
def config(key: str | None, value: str | None, deck: str | None) -> None:
    """Show settings, or set KEY to VALUE.

    Keys: timezone (an IANA name such as Europe/London, or 'local'), day_starts_at
    (hour 0..23, default 4), new_per_day (20), reviews_per_day (200), leech_threshold (8).
    """
    with collection() as col:
        if key is None:
            settings = col.settings()
            for field in fields(settings):
                click.echo(f"{field.name} = {getattr(settings, field.name)}")
            return
        if value is None:
            raise InvalidInputError(f"give a value for {key}")
        if deck is None:
            col.set_setting(key, value)
        elif value == "default":
            col.set_deck_limit(deck, key, None)
        elif value.isdigit():
            col.set_deck_limit(deck, key, int(value))
        else:
            raise InvalidInputError(f"{key} must be a whole number or 'default', not {value!r}")
    click.echo(f"{deck + ': ' if deck else ''}{key} = {value}")
