"""The session against the database: what another process did to a card on screen,
and what the summary counts as a first-time pass."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cards.collection import Collection
from cards.tui.app import CardsApp
from cards.tui.screens.review import ReviewScreen
from cards.tui.screens.summary import SummaryScreen
from cards.tui.widgets import GradeLegend
from tui_helpers import make_collection, reviews, sync

SIZE = (80, 24)


@pytest.fixture
def db(db_path: Path, clock: object) -> Path:
    return make_collection(db_path, clock)


def schedule(db: Path, card_id: str) -> tuple[int, int, str | None]:
    """(repetitions, lapses, due) of a card's first item, read with plain sqlite3."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT repetitions, lapses, due FROM schedule WHERE card_id = ?",
                            (card_id,)).fetchone()
    finally:
        conn.close()


def current_key(app: CardsApp) -> str | None:
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    item = screen.session.current
    return item.key if item else None


@sync
async def test_a_card_answered_elsewhere_is_graded_as_cards_answer_would(
        db: Path, clock: object) -> None:
    """`cards answer lit 5` from another connection while lit is on screen, then 2 in
    the TUI: practice (what `cards answer lit 2` logs now), not a second review."""
    app = CardsApp(db, review=True, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert current_key(app) == "lit"
        with Collection.open(db, now=clock) as other:  # type: ignore[arg-type]
            assert other.answer("lit", 5).kind == "review"  # what `cards answer` calls
        after_cli = schedule(db, "lit")
        await pilot.press("space")
        await pilot.pause()
        legend = str(app.screen.query_one(GradeLegend).render())
        assert "schedule unchanged" in legend  # the grades preview says so too
        await pilot.press("2")
        await pilot.pause()
    assert reviews(db) == [("lit", 0, 5, "review"), ("lit", 0, 2, "cram")]
    assert schedule(db, "lit") == after_cli  # no lapse, no new due day


@sync
async def test_a_card_failed_elsewhere_is_a_repeat_in_the_tui(db: Path, clock: object) -> None:
    app = CardsApp(db, review=True, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        with Collection.open(db, now=clock) as other:  # type: ignore[arg-type]
            other.answer("lit", 1)
        after_cli = schedule(db, "lit")
        await pilot.press("space", "4")
        await pilot.pause()
    assert reviews(db) == [("lit", 0, 1, "review"), ("lit", 0, 4, "repeat")]
    assert schedule(db, "lit") == after_cli


@sync
async def test_a_session_of_only_a_repeat_passes_nothing_first_time(
        db: Path, clock: object) -> None:
    app = CardsApp(db, review=True, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "1")  # lit failed; end before it comes back
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    with Collection.open(db, now=clock) as other:  # type: ignore[arg-type]
        for key in ("cz:c1", "b2", "b3"):
            other.answer(key, 5)
    clock.advance(hours=1)  # type: ignore[attr-defined]
    app = CardsApp(db, review=True, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert current_key(app) == "lit" and app.screen.session.is_repeat
        await pilot.press("space", "4")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        body = str(app.screen.query_one("#summary-body").render())
        assert "Cards reviewed      1" in body
        assert "100%" not in body and "1 of 1" not in body
        assert "Passed first time   —" in body


@sync
async def test_first_time_passes_leave_out_repeats_but_count_the_rest(
        db: Path, clock: object) -> None:
    app = CardsApp(db, review=True, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "1")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    clock.advance(hours=1)  # type: ignore[attr-defined]
    app = CardsApp(db, review=True, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        # lit (a repeat) passes, cz fails, b2 and b3 pass: 2 of the 3 first tries.
        await pilot.press("space", "4", "space", "2", "space", "5", "space", "5")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        body = str(app.screen.query_one("#summary-body").render())
        assert "Cards reviewed      4" in body
        assert "Passed first time   2 of 3 (67%)" in body
