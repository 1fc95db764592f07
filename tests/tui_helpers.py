"""Shared set-up for the TUI tests: a real collection file built from a real deck file."""

from __future__ import annotations

import asyncio
import functools
import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path

from cards.collection import Collection

DECK = '''
[deck]
name = "demo"
description = "cards for the TUI tests"

[[cards]]
id = "lit"
front = "What does [bold] do? [/] [1] [A] ... [B] <b>x</b>"
back = "It stays [red]literal[/red] [/]"
[cards.source]
file = "notes/missing.txt"
line = 3
quote = "a quote that [1] cites"
author = "Ada"

[[cards]]
id = "cz"
type = "cloze"
text = "The capital of France is {{c1::Paris}}."
extra = "geography"

[[cards]]
id = "b2"
front = "Two plus two?"
back = "Four"

[[cards]]
id = "b3"
front = "Three plus three?"
back = "Six"

[[cards]]
id = "dr1"
status = "draft"
front = "Drafted front one"
back = "Drafted back one"
[cards.source]
file = "notes/missing.txt"
line = 9
quote = "drafted from here"

[[cards]]
id = "dr2"
status = "draft"
front = "Drafted front two"
back = "Drafted back two"
'''

#: The order a fresh session shows the items in (new cards, deck order).
ORDER = ["lit", "cz:c1", "b2", "b3"]


def make_collection(db_path: Path, clock: object, deck: str = DECK) -> Path:
    """Write `deck` to a TOML file beside the database and import it."""
    deck_file = db_path.with_name("demo.toml")
    deck_file.write_text(deck, encoding="utf-8")
    with Collection.open(db_path, now=clock) as collection:  # type: ignore[arg-type]
        collection.set_setting("timezone", "UTC")
        collection.import_decks([deck_file])
    return db_path


def reviews(db_path: Path) -> list[tuple[str, int, int, str]]:
    """(card_id, ord, grade, kind) of every logged answer, read with plain sqlite3."""
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(
            "SELECT card_id, ord, grade, kind FROM review ORDER BY id").fetchall()
    finally:
        conn.close()


def statuses(db_path: Path) -> dict[str, str]:
    conn = sqlite3.connect(db_path)
    try:
        return dict(conn.execute("SELECT id, status FROM card").fetchall())
    finally:
        conn.close()


def sync(test: Callable[..., Awaitable[None]]) -> Callable[..., None]:
    """Run an async Pilot test with asyncio.run (no async pytest plugin is installed)."""

    @functools.wraps(test)
    def wrapper(*args: object, **kwargs: object) -> None:
        asyncio.run(test(*args, **kwargs))

    return wrapper


async def settle(app: object, pilot: object) -> None:
    """Let background loads (the home screen's counts) finish and be drawn."""
    await pilot.pause()  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
