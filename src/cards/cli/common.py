"""Helpers shared by the CLI commands: opening the collection, printing text and JSON.

Every string from a file or the database goes out through `say`, `cell`, `warn` or
`emit_json`, which pass it through the one sanitiser (`cards.textsafe`).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import click

from cards.textsafe import one_line, visible
from cards.wording import plural

__all__ = ["card_json", "cell", "collection", "describe_due", "emit_json", "item_json",
           "one_line", "plural", "say", "visible", "warn"]

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
        click.echo(f"cards: created a new collection at {visible(col.location)}", err=True)
    for backup in col.store.backups:
        click.echo(f"cards: backed up the collection to {visible(str(backup))} before "
                   "upgrading it", err=True)


def _default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


#: What json.dumps leaves raw with ensure_ascii=False but a terminal acts on: DEL, C1
#: controls, bidi controls and the Unicode line separators. (It escapes C0 itself.)
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                          "\u2028\u2029]")


def emit_json(data: Any) -> None:
    """Print data as JSON. Controls only ever occur inside JSON strings, where their
    \\uXXXX escape means the same, so the data is exact and the terminal safe."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=_default)
    sys.stdout.write(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


def say(text: str = "", *, err: bool = False) -> None:
    """Print one line built from text from files or the database: controls, newlines
    included, made visible (`textsafe.one_line`), so a name can never fake a line."""
    click.echo(one_line(text), err=err)


def warn(message: str) -> None:
    """A warning line on stderr, on one line whatever its file names hold."""
    click.echo(f"cards: warning: {one_line(message)}", err=True)


def card_json(item: CardListItem) -> dict[str, Any]:
    """A card, in the one shape `list --json` and `show --json` share (README: JSON)."""
    card = item.card
    source = None
    if card.source is not None:
        s = card.source
        source = {"file": s.file, "line": s.line, "author": s.author, "quote": s.quote}
    return {
        "id": card.id, "deck": card.deck, "type": card.type, "status": card.status,
        "state": item.state, "due": item.due, "repetitions": item.repetitions,
        "lapses": item.lapses, "concept": card.concept, "tags": list(card.tags),
        "front": card.front, "back": card.back, "text": card.text, "extra": card.extra,
        "source": source,
    }


def item_json(item: ItemView, today: date, scheduler: str = "sm2") -> dict[str, Any]:
    """A review item, in the one shape `due --json` and `show --json` share: `due` under
    the deck's `scheduler`, SM-2's state, and under FSRS its memory state."""
    memory = item.memory if scheduler == "fsrs" else None
    return {
        "key": item.key, "card_id": item.card.id, "ord": item.ord, "deck": item.card.deck,
        "type": item.card.type, "state": item.state_name(today), "repeat": item.repeat,
        "due": item.due, "question": item.question().text,
        "repetitions": item.state.repetitions, "interval": item.state.interval,
        "easiness": float(item.easiness), "lapses": item.state.lapses,
        "scheduler": scheduler,
        "fsrs": None if memory is None else {
            "stability": memory.stability, "difficulty": memory.difficulty,
            "last_review": memory.last_review},
    }


def cell(text: str, width: int = 60) -> str:
    """Text squashed to one line of at most `width` characters for a table, controls
    made visible (`textsafe.one_line`)."""
    flat = one_line(" ".join(text.split()))
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def describe_due(due: date | None, today: date) -> str:
    if due is None:
        return "new"
    days = (due - today).days
    if days <= 0:
        return f"{due.isoformat()} (today)" if days == 0 else f"{due.isoformat()} (overdue)"
    return f"{due.isoformat()} (in {plural(days, 'day')})"
