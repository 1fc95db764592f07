"""The add/edit form against issue 9: nested clozes (item 5), the type switch of the
edit form (item 7) and the "Added to X (N so far)" count (item 15), with Pilot on a
real collection file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from textual.widgets import Input, Tabs, TextArea
from textual.widgets.text_area import Selection

from cards.collection import Collection
from cards.tui.app import CardsApp
from cards.tui.screens.card_form import CardFormScreen
from tui_helpers import make_collection, sync

SIZE = (80, 24)


@pytest.fixture
def db(db_path: Path, clock: object) -> Path:
    return make_collection(db_path, clock)


def notes(app: CardsApp) -> list[str]:
    return [n.message for n in app._notifications]


async def open_cloze_form(app: CardsApp, pilot: object, text: str) -> tuple[CardFormScreen,
                                                                           TextArea]:
    await pilot.press("a")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    form = app.screen
    assert isinstance(form, CardFormScreen)
    form.query_one("#kind", Tabs).active = "cloze"
    await pilot.pause()  # type: ignore[attr-defined]
    area = form.query_one("#text", TextArea)
    area.text = text
    return form, area


def cloze_texts(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [r[0] for r in conn.execute(
            "SELECT text FROM card WHERE type = 'cloze' ORDER BY seq")]
    finally:
        conn.close()


@sync
async def test_ctrl_k_twice_on_one_selection_makes_one_deletion(db: Path, clock: object) -> None:
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        _, area = await open_cloze_form(app, pilot, "Gold is Au in the table")
        area.selection = Selection((0, 8), (0, 10))  # "Au"
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert area.text == "Gold is {{c1::Au}} in the table"
        assert area.selected_text == ""  # the selection is cleared
        await pilot.press("ctrl+k")  # again: nothing is selected, nothing changes
        await pilot.pause()
        assert area.text == "Gold is {{c1::Au}} in the table"


@sync
async def test_ctrl_k_inside_a_deletion_is_refused(db: Path, clock: object) -> None:
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        _, area = await open_cloze_form(app, pilot, "Gold is {{c1::Au}} in the table")
        for start, end in [((0, 14), (0, 16)),   # "Au" inside c1
                           ((0, 5), (0, 18)),    # "is {{c1::Au}}": holds a whole deletion
                           ((0, 12), (0, 20))]:  # from inside c1 to after it
            area.selection = Selection(start, end)
            await pilot.press("ctrl+k")
            await pilot.pause()
            assert area.text == "Gold is {{c1::Au}} in the table"
            assert any("already" in n and "deletion" in n for n in notes(app))
            app.clear_notifications()


@sync
async def test_a_nested_cloze_typed_by_hand_is_not_saved(db: Path, clock: object) -> None:
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        form, _ = await open_cloze_form(app, pilot, "Gold is {{c2::{{c1::Au}}}}")
        before = cloze_texts(db)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "nested" in str(form.query_one("#form-error").render()).lower()
        assert cloze_texts(db) == before


def items_and_log(db: Path, card_id: str) -> tuple[list[tuple[int, int]], list[int]]:
    """(ord, repetitions) of each schedule row, and the ords in the review log."""
    conn = sqlite3.connect(db)
    try:
        items = conn.execute("SELECT ord, repetitions FROM schedule WHERE card_id = ? "
                             "ORDER BY ord", (card_id,)).fetchall()
        log = [r[0] for r in conn.execute(
            "SELECT ord FROM review WHERE card_id = ? ORDER BY id", (card_id,))]
        return items, log
    finally:
        conn.close()


@sync
async def test_the_edit_form_converts_a_basic_card_to_cloze(db: Path, clock: object) -> None:
    """Browse -> a basic card -> e -> Cloze tab -> a cloze -> Ctrl+S (issue 9, item 7)."""
    with Collection.open(db, now=clock) as collection:  # type: ignore[arg-type]
        collection.answer("b2", 5)
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"Two plus", "enter", "enter")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CardFormScreen) and form.card is not None
        form.query_one("#kind", Tabs).active = "cloze"
        await pilot.pause()
        # The form says what saving will do before it is done.
        assert "cloze card" in str(form.query_one("#form-note").render())
        form.query_one("#text", TextArea).text = "Two plus two is {{c1::four}}"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, CardFormScreen), form.query_one("#form-error").render()
    with Collection.open(db, now=clock) as collection:  # type: ignore[arg-type]
        card = collection.get_card("b2")
        assert (card.type, card.text, card.front, card.back) == (
            "cloze", "Two plus two is {{c1::four}}", "", "")
    items, log = items_and_log(db, "b2")
    assert items == [(1, 0)]  # the deletion is a new item
    assert log == [0]  # the basic card's answer stays in the history


@sync
async def test_the_edit_form_converts_a_cloze_card_to_basic(db: Path, clock: object) -> None:
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        with Collection.open(db, now=clock) as collection:  # type: ignore[arg-type]
            card = collection.get_card("cz")
        app.open_edit(card)
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CardFormScreen)
        form.query_one("#kind", Tabs).active = "basic"
        await pilot.pause()
        form.query_one("#front", TextArea).text = "Capital of France?"
        form.query_one("#back", TextArea).text = "Paris"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, CardFormScreen)
    items, _ = items_and_log(db, "cz")
    assert items == [(0, 0)]
    with Collection.open(db, now=clock) as collection:  # type: ignore[arg-type]
        card = collection.get_card("cz")
        assert (card.type, card.front, card.back, card.text, card.extra) == (
            "basic", "Capital of France?", "Paris", "", "geography")


@sync
async def test_added_so_far_counts_only_this_decks_cards(db: Path, clock: object) -> None:
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CardFormScreen)

        async def add(deck: str, front: str) -> str:
            form.query_one("#deck", Input).value = deck
            form.query_one("#front", TextArea).text = front
            form.query_one("#back", TextArea).text = "an answer"
            await pilot.press("ctrl+s")
            await pilot.pause()
            return str(form.query_one("#form-note").render())

        assert "so far" not in await add("demo", "First demo question")
        assert "so far" not in await add("physics", "First physics question")
        note = await add("physics", "Second physics question")
        assert "physics (2 so far)" in note
        assert "demo (2 so far)" in await add("demo", "Second demo question")
