"""Answer keys (issue 13): `answer_keys = sm2 | anki`, and Space/Enter after reveal = Good.

Pilot drives the real review screen; the grades are read back from the review log.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cards.collection import Collection
from cards.tui.app import CardsApp
from cards.tui.screens.review import ReviewScreen
from cards.tui.widgets import GradeLegend
from tui_helpers import ORDER, make_collection, reviews, settle, sync


async def _review(app: CardsApp, pilot: Any, keys: list[list[str]]) -> None:
    await settle(app, pilot)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, ReviewScreen)
    for press in keys:
        await pilot.press(*press)
        await pilot.pause()


@sync
async def test_anki_keys_map_1_to_4_onto_sm2_grades_1_3_4_5(db_path: Path,
                                                            clock: object) -> None:
    db = make_collection(db_path, clock)
    with Collection.open(db, now=clock) as col:  # type: ignore[arg-type]
        col.set_setting("answer_keys", "anki")
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=(100, 24)) as pilot:
        # 0 and 5 are no Anki buttons: nothing is recorded for them
        await _review(app, pilot, [["space", "0", "5"]])
        legend = str(app.screen.query_one(GradeLegend).render())
        assert "again" in legend and "easy" in legend and "Space good" in legend
        assert "blackout" not in legend
        await _review_rest(pilot, [["3"], ["2"], ["4"]])
    # lit: 3 Good -> 4; cz: 2 Hard -> 3; b2: 4 Easy -> 5 (a grade below 4 repeats)
    assert [(k, g) for k, _o, g, kind in reviews(db) if kind == "review"] == [
        ("lit", 4), ("cz", 3), ("b2", 5)]


async def _review_rest(pilot: Any, keys: list[list[str]]) -> None:
    for press in keys:
        await pilot.press(*press)
        await pilot.pause()
        await pilot.press("space")  # reveal the next card
        await pilot.pause()


@sync
async def test_space_or_enter_after_reveal_is_good_in_both_schemes(db_path: Path,
                                                                    clock: object) -> None:
    db = make_collection(db_path, clock)
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=(100, 24)) as pilot:
        await _review(app, pilot, [["space", "space"], ["enter", "enter"], ["space", "1"]])
    got = [(k, g) for k, _o, g, kind in reviews(db)]
    assert got == [("lit", 4), ("cz", 4), ("b2", 1)]  # sm2: 1 is SM-2's 1 ("wrong")
    assert ORDER[:3] == ["lit", "cz:c1", "b2"]


def test_the_setting_is_checked(cli: Any) -> None:
    cli("add", "--front", "q", "--back", "a")
    assert cli("config", "answer_keys", "anki").code == 0
    assert "answer_keys = anki" in cli("config", "answer_keys").out
    bad = cli("config", "answer_keys", "qwerty")
    assert bad.code == 4 and "sm2 or anki" in bad.err
