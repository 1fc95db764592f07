"""Keys typed ahead are applied in order (issue 9, item 14).

A burst is sent the way a fast typist, a paste or a script sends it: every key handed
to the driver at once, none waiting for the one before (Pilot's `press` waits after
each key, so it cannot show this).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from textual import events

from cards.tui.app import CardsApp
from cards.tui.screens.card_form import CardFormScreen
from tui_helpers import make_collection, sync

SIZE = (80, 24)
NAMES = {" ": "space", "?": "question_mark", "\t": "tab"}


@pytest.fixture
def db(db_path: Path, clock: object) -> Path:
    return make_collection(db_path, clock)


def burst(app: CardsApp, *parts: str) -> None:
    """Each part is literal text, or a key name in angle brackets: "<tab>"."""
    for part in parts:
        if part.startswith("<"):
            keys = [(part[1:-1], None)]
        else:
            keys = [(NAMES.get(c, c), c) for c in part]
        for key, char in keys:
            event = events.Key(key, char)
            event.set_sender(app)
            app._driver.send_message(event)  # type: ignore[union-attr]


async def drained(app: CardsApp, pilot: object) -> None:
    """Wait until every key sent has been applied (bounded, never a timing check)."""
    for _ in range(400):
        await pilot.pause(0.05)  # type: ignore[attr-defined]
        if app._in_flight is None and not app._typed_ahead and app.message_queue_size == 0:
            await pilot.pause()  # type: ignore[attr-defined]
            return
    raise AssertionError("the keys were never all applied")


def last_card(db: Path) -> tuple[str, str]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT front, back FROM card ORDER BY seq DESC LIMIT 1").fetchone()
    finally:
        conn.close()


@sync
async def test_a_burst_with_tab_fills_front_then_back(db: Path, clock: object) -> None:
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CardFormScreen)
        burst(app, "What is the capital of France?", "<tab>", "Paris")
        await drained(app, pilot)
        assert form.query_one("#front").text == "What is the capital of France?"  # type: ignore[attr-defined]
        assert form.query_one("#back").text == "Paris"  # type: ignore[attr-defined]


@sync
async def test_ctrl_s_in_a_burst_saves_what_was_typed_before_it(db: Path, clock: object) -> None:
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        burst(app, "Capital of Peru?", "<tab>", "Lima", "<ctrl+s>", "Next front")
        await drained(app, pilot)
        assert last_card(db) == ("Capital of Peru?", "Lima")
        form = app.screen
        assert isinstance(form, CardFormScreen)
        # The form stayed open for the next card, and what followed Ctrl+S went there.
        assert form.query_one("#front").text == "Next front"  # type: ignore[attr-defined]
        assert form.query_one("#back").text == ""  # type: ignore[attr-defined]


@sync
async def test_keys_after_a_paste_are_applied(db: Path, clock: object) -> None:
    """A paste bubbles back up from the text area; the keys after it must not wait
    for ever (seen in tmux: after a bracketed paste the form took no key at all)."""
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CardFormScreen)
        paste = events.Paste("Capital of Chile?")
        paste.set_sender(app)
        app._driver.send_message(paste)  # type: ignore[union-attr]
        burst(app, "<tab>", "Santiago", "<ctrl+s>", "Next")
        await drained(app, pilot)
        assert last_card(db) == ("Capital of Chile?", "Santiago")
        assert form.query_one("#front").text == "Next"  # type: ignore[attr-defined]
