"""Helpers shared by the CLI commands: opening the collection, printing JSON."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from cards.collection import CardListItem, Collection, ItemView


@contextmanager
def collection(*, write: bool = False, create: bool = False) -> Iterator[Collection]:
    """The collection named by --db / $CARDS_DB / the data folder, closed afterwards.

    Only a command that writes (`write=True`) may upgrade an old collection, and only
    one that can start a collection (`create=True`: add, import, config) may create
    it; both say so on stderr. Any other command refuses a path that holds no
    collection ("no collection at PATH", exit 6), so a mistyped --db creates nothing.
    """
    from cards.collection import Collection

    ctx = click.get_current_context()
    root = ctx.find_root()
    db = (root.obj or {}).get("db")
    col = Collection.open(db, writable=write or create, create=create)
    report_opening(col)
    try:
        yield col
    finally:
        col.close()


def report_opening(col: Collection) -> None:
    """One line on stderr when opening created the collection or backed it up."""
    from cards.textsafe import visible

    if col.created:
        click.echo(f"cards: created a new collection at {visible(str(col.path))}", err=True)
    for backup in col.store.backups:
        click.echo(f"cards: backed up the collection to {visible(str(backup))} before "
                   "upgrading it", err=True)


def _default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def emit_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=_default)
    sys.stdout.write("\n")


def card_json(item: CardListItem) -> dict[str, Any]:
    card = item.card
    data: dict[str, Any] = {
        "id": card.id, "deck": card.deck, "type": card.type, "status": card.status,
        "state": item.state, "due": item.due, "lapses": item.lapses, "concept": card.concept,
        "tags": list(card.tags),
    }
    if card.type == "basic":
        data |= {"front": card.front, "back": card.back}
    else:
        data |= {"text": card.text, "extra": card.extra}
    if card.source is not None:
        s = card.source
        data["source"] = {"file": s.file, "line": s.line, "author": s.author, "quote": s.quote}
    return data


def item_json(item: ItemView) -> dict[str, Any]:
    return {
        "key": item.key, "card_id": item.card.id, "deck": item.card.deck,
        "type": item.card.type, "state": "new" if item.state.is_new else "review",
        "due": item.state.due, "question": item.question().text,
        "repetitions": item.state.repetitions, "interval": item.state.interval,
        "easiness": str(item.easiness), "lapses": item.state.lapses,
    }


def one_line(text: str, width: int = 60) -> str:
    """Squash text to one line for tables."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def describe_due(due: date | None, today: date) -> str:
    if due is None:
        return "new"
    days = (due - today).days
    if days <= 0:
        return f"{due.isoformat()} (today)" if days == 0 else f"{due.isoformat()} (overdue)"
    return f"{due.isoformat()} (in {days} day{'s' if days != 1 else ''})"
