"""Shared set-up for the TUI tests: a real collection file built from a real deck file."""

from __future__ import annotations

import asyncio
import functools
import re
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


#: What the app itself writes between cells: SGR colours and cursor moves (CSI ... m/H),
#: and the synchronised-output brackets. Anything else starting with ESC came from data.
_OWN_SEQUENCES = re.compile(r"\x1b\[[0-9;?]*[mHJlh]")
#: Raw bytes that must never reach the terminal from a file or the database.
RAW_CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                          "\u2066-\u2069\u2028\u2029]")


def terminal_output(app: object) -> str:
    """What the app would write to the terminal to draw the current screen now,
    its own colour and cursor sequences taken out."""
    screen = app.screen  # type: ignore[attr-defined]
    update = screen._compositor.render_full_update()
    raw = update.render_segments(app.console)  # type: ignore[attr-defined]
    return _OWN_SEQUENCES.sub("", raw)


def screen_text(app: object) -> str:
    """The current screen as plain text, row by row."""
    screen = app.screen  # type: ignore[attr-defined]
    strips = screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)
