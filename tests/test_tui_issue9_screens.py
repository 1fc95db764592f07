"""Issue 9 on the screens: the drafts inbox against the README (item 13), the delete
confirmation (item 12) and the small texts of home, browse and review (item 15), with
Pilot on a real collection file."""

from __future__ import annotations

from pathlib import Path

import pytest

from cards.tui.app import CardsApp
from cards.tui.screens.drafts import DraftsScreen
from cards.tui.screens.help import HelpScreen, help_content
from cards.tui.screens.home import HomeScreen
from cards.tui.screens.source import SourceScreen
from tui_helpers import make_collection, screen_text, settle, statuses, sync

SIZE = (80, 24)


@pytest.fixture
def db(db_path: Path, clock: object) -> Path:
    return make_collection(db_path, clock)


def drafts_help() -> list[str]:
    """The lines of the help screen's Drafts section."""
    lines = help_content().plain.split("\n")
    start = lines.index("Drafts")
    end = lines.index("", start)
    return lines[start + 1:end]


@sync
async def test_s_in_the_drafts_inbox_shows_the_source_and_esc_comes_back(
        db: Path, clock: object) -> None:
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("d")
        await pilot.pause()
        inbox = app.screen
        assert isinstance(inbox, DraftsScreen)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen)
        assert app.screen.context is not None
        assert app.screen.context.source.quote == "drafted from here"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is inbox  # Esc closed the source, not the inbox


def test_the_help_screens_drafts_section_lists_every_inbox_key() -> None:
    keys = {line.split()[0] for line in drafts_help()}
    assert {"a", "e", "r", "u", "s"} <= keys
    from cards.tui.screens.drafts import DraftsScreen as Screen

    bound = {key for binding in Screen.BINDINGS for key in binding.key.split(",")}  # type: ignore[union-attr]
    assert {"a", "e", "r", "u", "s"} <= bound


@sync
async def test_drafts_undo_survives_leaving_and_reentering_the_inbox(
        db: Path, clock: object) -> None:
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("r")  # reject dr1
        await pilot.pause()
        await pilot.press("a")  # accept dr2
        await pilot.pause()
        assert statuses(db)["dr1"] == "rejected" and statuses(db)["dr2"] == "active"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DraftsScreen)
        await pilot.press("u")  # the accept, newest first
        await pilot.pause()
        assert statuses(db)["dr2"] == "draft"
        assert "Drafted front two" in str(app.screen.query_one("#draft-text").render())
        await pilot.press("u")
        await pilot.pause()
        assert statuses(db)["dr1"] == "draft"
        assert "2" in str(app.screen.query_one("#drafts-status").render())
        await pilot.press("u")  # nothing left: says so, changes nothing
        await pilot.pause()
        assert (statuses(db)["dr1"], statuses(db)["dr2"]) == ("draft", "draft")
        assert isinstance(app.screen, DraftsScreen)


@sync
async def test_help_from_the_inbox_names_u(db: Path, clock: object) -> None:
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=(80, 60)) as pilot:
        await settle(app, pilot)
        await pilot.press("d", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "undo the last decision" in screen_text(app)
