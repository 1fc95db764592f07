"""Siblings (issue 13): answering one buries the others until the next study day.

Siblings are a cloze card's other deletions and cards of the same concept. On by
default, a setting per collection and per deck; cram ignores it; undo lifts it;
`cards due` says what is buried and why. The Pilot test drives the real app.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cards.collection import Collection
from cards.tui.app import CardsApp
from cards.tui.screens.review import ReviewScreen
from conftest import Clock
from tui_helpers import settle, sync

DECK = '''
[deck]
name = "geo"

[[cards]]
id = "paris"
type = "cloze"
text = "{{c1::Paris}} is the capital of {{c2::France}}."

[[cards]]
id = "eflop-basic"
concept = "E-FLOP"
front = "What is an E-FLOP?"
back = "An effective FLOP."

[[cards]]
id = "eflop-cloze"
type = "cloze"
concept = "E-FLOP"
text = "An {{c1::E-FLOP}} is an effective FLOP."

[[cards]]
id = "lone"
front = "Two plus two?"
back = "Four"
'''


def make(db: Path, clock: Clock, deck: str = DECK) -> Path:
    deck_file = db.with_name("geo.toml")
    deck_file.write_text(deck, encoding="utf-8")
    with Collection.open(db, now=clock) as col:
        col.set_setting("timezone", "UTC")
        col.import_decks([deck_file])
    return db


def due_keys(col: Collection) -> list[str]:
    return [i.key for i in col.due()]


def test_an_answer_buries_its_siblings_until_the_next_study_day(db_path: Path,
                                                                 clock: Clock) -> None:
    make(db_path, clock)
    with Collection.open(db_path, now=clock) as col:
        assert due_keys(col) == ["paris:c1", "paris:c2", "eflop-basic", "eflop-cloze:c1",
                                 "lone"]
        result = col.answer("paris:c1", 4)
        assert result.buried == ("paris:c2",)
        assert col.answer("eflop-basic", 5).buried == ("eflop-cloze:c1",)
        assert col.answer("lone", 4).buried == ()
        assert due_keys(col) == []
        buried = {i.key: i.buried_by for i in col.buried()}
        assert buried == {"paris:c2": "paris:c1", "eflop-cloze:c1": "eflop-basic"}
        clock.advance(days=1)  # back the next day (with the answered ones, due again)
        assert {"paris:c2", "eflop-cloze:c1"} <= set(due_keys(col))
        assert col.buried() == []


def test_undo_of_the_answer_lifts_the_burials_it_made(db_path: Path, clock: Clock) -> None:
    make(db_path, clock)
    with Collection.open(db_path, now=clock) as col:
        col.bury("lone")  # by hand: undo of another answer leaves it
        col.answer("paris:c1", 4)
        col.undo()
        assert due_keys(col) == ["paris:c1", "paris:c2", "eflop-basic", "eflop-cloze:c1"]
        assert [i.key for i in col.buried()] == ["lone"]


def test_the_setting_per_collection_and_per_deck(db_path: Path, clock: Clock,
                                                 cli: Any) -> None:
    make(db_path, clock)
    with Collection.open(db_path, now=clock) as col:
        col.set_setting("bury_siblings", "off")
        assert col.answer("paris:c1", 4).buried == ()
        col.set_setting("bury_siblings", "on")
        col.set_deck_limit("geo", "bury_siblings", 0)
        assert col.answer("eflop-basic", 4).buried == ()  # the deck's own: off
        col.set_deck_limit("geo", "bury_siblings", None)
        assert col.answer("lone", 4).buried == ()
    assert cli("config", "bury_siblings", "maybe").code == 4
    assert cli("config", "bury_siblings", "off", "--deck", "geo").code == 0
    shown = cli("config", "bury_siblings", "--deck", "geo").out
    assert "0 (this deck)" in shown


def test_cram_ignores_siblings(db_path: Path, clock: Clock) -> None:
    make(db_path, clock)
    with Collection.open(db_path, now=clock) as col:
        for key in ("paris:c1", "paris:c2"):
            col.set_setting("bury_siblings", "off")
            col.answer(key, 5)
        col.set_setting("bury_siblings", "on")
        clock.advance(hours=2)
        session = col.start_session(cram=True)
        keys = [i.key for i in session.queue]
        assert {"paris:c1", "paris:c2"} <= set(keys)
        while session.current is not None and session.current.key.startswith("paris"):
            session.answer(5)
        assert col.buried() == []


def test_cards_due_says_what_is_buried_and_why(db_path: Path, clock: Clock,
                                               cli: Any) -> None:
    make(db_path, clock)
    assert cli("answer", "paris:c1", "4").code == 0
    shown = cli("due")
    assert "paris:c2" not in shown.out
    assert "buried until" in shown.err and "paris:c2 (sibling of paris:c1, answered)" in shown.err


@sync
async def test_review_session_buries_siblings_and_they_return_the_next_day(
        db_path: Path, clock: Clock) -> None:
    db = make(db_path, clock)
    app = CardsApp(db, now=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")  # review the deck
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        shown = []
        while screen.session.current is not None:
            shown.append(screen.session.current.key)
            await pilot.press("space", "4")
            await pilot.pause()
        assert shown == ["paris:c1", "eflop-basic", "lone"]  # c2 and the cloze: buried
    clock.advance(days=1)
    with Collection.open(db, now=clock) as col:
        assert {"paris:c2", "eflop-cloze:c1"} <= set(due_keys(col))
