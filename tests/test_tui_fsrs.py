"""The reviewer on an FSRS deck, driven with Pilot on a real collection file: the
legend shows the intervals FSRS gives, and answering and undoing move FSRS's state."""

from __future__ import annotations

import re
import sqlite3
from datetime import timedelta
from pathlib import Path

from fsrs import Card, Rating, Scheduler

from cards.collection import Collection
from cards.tui.app import CardsApp
from cards.tui.format import GRADE_LABELS, interval
from cards.tui.widgets import GradeLegend
from tests.conftest import FIXED_NOW
from tui_helpers import ORDER, make_collection, reviews, sync

SIZE = (100, 24)


def _py_fsrs_intervals() -> dict[int, int]:
    """What py-fsrs gives a new card for each grade (0-2 Again, 3 Hard, 4 Good, 5 Easy)."""
    scheduler = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
    ratings = [Rating.Again] * 3 + [Rating.Hard, Rating.Good, Rating.Easy]
    out = {}
    for grade, rating in enumerate(ratings):
        card, _ = scheduler.review_card(Card(card_id=1), rating, FIXED_NOW)
        out[grade] = (card.due - FIXED_NOW).days
    return out


def _schedule(db: Path, card_id: str) -> tuple[object, ...]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT due, sm2_due, stability, difficulty FROM schedule "
                            "WHERE card_id = ?", (card_id,)).fetchone()
    finally:
        conn.close()


@sync
async def test_legend_shows_fsrs_intervals_and_answers_follow_them(
        db_path: Path, clock: object) -> None:
    db = make_collection(db_path, clock)
    with Collection.open(db, now=clock) as col:  # type: ignore[arg-type]
        col.schedulers.set_scheduler("fsrs", "demo")
    expected = _py_fsrs_intervals()
    assert expected[4] != 1  # FSRS's Good differs from SM-2's first interval (1 day)
    app = CardsApp(db, review=True, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        legend = str(app.screen.query_one(GradeLegend).render())
        for grade, label in GRADE_LABELS.items():
            assert f"{grade} {label} {interval(expected[grade])}" in legend
        await pilot.press("4")
        await pilot.pause()
        assert reviews(db) == [(ORDER[0], 0, 4, "review")]
        due, sm2_due, stability, _difficulty = _schedule(db, ORDER[0])
        assert due == (FIXED_NOW.date() + timedelta(days=expected[4])).isoformat()
        assert sm2_due == (FIXED_NOW.date() + timedelta(days=1)).isoformat()
        assert stability is not None
        await pilot.press("u")
        await pilot.pause()
        assert reviews(db) == []
        assert _schedule(db, ORDER[0]) == (None, None, None, None)


@sync
async def test_stats_screen_plots_the_comparison(db_path: Path, clock: object) -> None:
    """The stats screen shows `cards compare-schedulers`'s figures and both forecasts."""
    from textual_plotext import PlotextPlot

    from cards.tui.screens.stats import COMPARE_TITLE, StatsScreen

    db = make_collection(db_path, clock)
    with Collection.open(db, now=clock) as col:  # type: ignore[arg-type]
        for day in range(40):
            for item in col.due():
                col.answer(item.key, 3 + (day + item.ord) % 3)
            clock.advance(days=1)  # type: ignore[attr-defined]
        expected = col.schedulers.compare()
    assert expected.reviews > 0
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        assert screen.comparison == expected
        line = str(screen.query_one("#compare-numbers").render())
        assert (f"log loss SM-2 {expected.sm2.log_loss:.3f}, FSRS {expected.fsrs.log_loss:.3f}"
                in line)
        assert (f"RMSE (bins) SM-2 {expected.sm2.rmse_bins:.3f}, "
                f"FSRS {expected.fsrs.rmse_bins:.3f}") in line
        assert "too short a log to mean much" in line  # a few dozen answers only
        plot = screen.query_one("#compare-plot", PlotextPlot)
        # the figure as plotext draws it (title, legend, lines), its colours left out
        drawn = re.sub(r"\x1b\[[0-9;]*m", "", plot.plt.build())
        assert COMPARE_TITLE in drawn and "▞▞ SM-2" in drawn and "▞▞ FSRS" in drawn
