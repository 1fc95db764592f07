"""Nothing raw reaches the terminal from the TUI (issue 9, item 16).

Corpus lines and database text carrying terminal escapes (clipboard OSC 52, window
title OSC 0, clear screen CSI 2J), carriage returns and bidi overrides are drawn as
visible placeholders on every screen that shows them. The check reads what the app
would write to the terminal for the whole screen, not only one widget.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cards.tui.app import CardsApp
from cards.tui.screens.browse import BrowseScreen
from cards.tui.screens.card_detail import CardDetailScreen
from cards.tui.screens.drafts import DraftsScreen
from cards.tui.screens.home import HomeScreen
from cards.tui.screens.review import ReviewScreen
from cards.tui.screens.source import SourceScreen
from tui_helpers import RAW_CONTROLS, make_collection, screen_text, settle, sync, terminal_output

SIZE = (100, 30)
ESC = "\x1b"

DECK = '''
[deck]
name = "evil"

[[cards]]
id = "e1"
front = "harmless"
back = "plain back"
extra = "plain extra"
[cards.source]
file = "notes/evil.txt"
line = 5
quote = "The quoted fact"
author = "Ada"

[[cards]]
id = "d1"
status = "draft"
front = "draft front"
back = "draft back"
[cards.source]
file = "notes/evil.txt"
line = 5
quote = "The quoted fact"
author = "Ada"
'''

CORPUS = "\n".join([
    "line one",
    f"clip {ESC}]52;c;aGVsbG8={ESC}\\ end",
    f"title {ESC}]0;pwned{ESC}\\ end",
    f"clear {ESC}[2J end",
    "The quoted fact is here,\r a carriage return.",
    "bidi \u202e txet",
    "line seven",
]) + "\n"

POISON = {
    "front": f"harmless\rEVIL {ESC}]0;title{ESC}\\",
    "back": "back \u202e kcab",
    "extra": f"extra {ESC}[31mred \x85 c1",
    "source_author": "Ada\nquote: fake",
}
#: Only on the draft: the edit form has no concept field to put it right.
CONCEPT = f"concept {ESC}[2J"


@pytest.fixture
def db(db_path: Path, clock: object) -> Path:
    """A deck whose corpus file holds escapes, and whose cards the database poisons
    afterwards (the deck reader refuses such text; another writer may not)."""
    notes = db_path.parent / "notes"
    notes.mkdir()
    (notes / "evil.txt").write_text(CORPUS, encoding="utf-8", newline="")
    make_collection(db_path, clock, DECK)
    conn = sqlite3.connect(db_path)
    with conn:
        sets = ", ".join(f"{name} = ?" for name in POISON)
        conn.execute(f"UPDATE card SET {sets}", tuple(POISON.values()))
        conn.execute("UPDATE card SET concept = ? WHERE id = 'd1'", (CONCEPT,))
        conn.execute("UPDATE deck SET name = ?", ("evil\u202ekced",))
    conn.close()
    return db_path


def assert_clean(app: CardsApp) -> str:
    """No raw control byte in the terminal output; returns the screen's text."""
    out = terminal_output(app)
    raw = sorted({f"U+{ord(c):04X}" for c in RAW_CONTROLS.findall(out)})
    assert not raw, f"raw control characters reach the terminal: {raw}"
    return screen_text(app)


@sync
async def test_review_and_source_view_show_placeholders(db: Path, clock: object) -> None:
    app = CardsApp(db, review=True, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        text = assert_clean(app)
        assert "harmless^MEVIL ^[]0;title^[\\" in text
        await pilot.press("space")
        await pilot.pause()
        text = assert_clean(app)
        assert "back <U+202E> kcab" in text and "extra ^[[31mred <U+0085> c1" in text
        assert "Ada^Jquote: fake" in text
        await pilot.press("s")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen)
        text = assert_clean(app)
        for shown in ("clip ^[]52;c;aGVsbG8=^[\\ end", "title ^[]0;pwned^[\\ end",
                      "clear ^[[2J end", "bidi <U+202E> txet", "Ada^Jquote: fake"):
            assert shown in text


@sync
async def test_drafts_browse_detail_and_home_show_placeholders(db: Path, clock: object) -> None:
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "evil<U+202E>kced" in assert_clean(app)
        await pilot.press("d")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, DraftsScreen)
        text = assert_clean(app)
        assert "harmless^MEVIL" in text and "clear ^[[2J end" in text
        assert "concept ^[[2J" in text
        await pilot.press("escape")
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        text = assert_clean(app)
        # One table line: the carriage return is white space there, the rest shows.
        assert "harmless EVIL ^[]0;title^[\\" in text and "evil<U+2" in text
        await pilot.press("enter")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CardDetailScreen)
        assert "back <U+202E> kcab" in assert_clean(app)


@sync
async def test_a_toast_with_escapes_is_drawn_with_placeholders(db: Path, clock: object) -> None:
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        app.say(f"deck {ESC}]0;pwned{ESC}\\ saved\r", timeout=30)
        await pilot.pause(0.2)
        text = assert_clean(app)
        assert "deck ^[]0;pwned^[\\ saved^M" in text


@sync
async def test_the_edit_form_shows_placeholders_and_never_saves_them_unasked(
        db: Path, clock: object) -> None:
    """The fields show placeholders. A field left alone means the stored text, which
    the service refuses (it holds control characters) with an inline message; a
    field the user changed is saved as typed."""
    app = CardsApp(db, review=True, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        text = assert_clean(app)
        assert "harmless^MEVIL ^[]0;title^[\\" in text
        assert "back <U+202E> kcab" in text
        form = app.screen
        form.query_one("#back").text = "a new back"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert form.is_current
        error = str(form.query_one("#form-error").render())
        assert "control character" in error
        assert form.query_one("#front").has_class("-invalid")
        form.query_one("#front").text = "harmless now"  # type: ignore[attr-defined]
        form.query_one("#extra").text = ""  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
    conn = sqlite3.connect(db)
    row = conn.execute("SELECT front, back, extra FROM card WHERE id = 'e1'").fetchone()
    conn.close()
    assert row == ("harmless now", "a new back", "")
