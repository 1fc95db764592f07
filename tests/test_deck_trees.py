"""Deck trees (issue 13): `::` makes a hierarchy; a parent reviews its children, its
counts roll up on Home, and daily limits apply per deck and to the parent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import DataTable

from cards.collection import Collection
from cards.tui.app import CardsApp
from cards.tui.screens.home import HomeScreen
from cards.tui.screens.review import ReviewScreen
from conftest import Clock
from tui_helpers import settle, sync


def fill(col: Collection) -> None:
    for deck, n in (("lang::french", 3), ("lang::french::verbs", 2), ("lang::german", 4),
                    ("physics", 2)):
        for i in range(n):
            col.add_card(deck=deck, front=f"{deck} {i}", back="b")


def test_a_parent_reviews_its_children_within_its_and_their_limits(col: Collection) -> None:
    fill(col)
    assert {i.card.deck for i in col.due("lang")} == {
        "lang::french", "lang::french::verbs", "lang::german"}
    assert len(col.due("lang")) == 9 and len(col.due("lang::french")) == 5
    col.set_deck_limit("lang::german", "new_per_day", 1)  # a child's own limit holds
    assert len(col.due("lang")) == 6
    col.set_setting("new_per_day", "4")  # 'lang' has no row: the collection's limit caps it
    assert len(col.due("lang")) == 4
    col.set_setting("new_per_day", "20")
    col.set_deck_limit("lang::french", "new_per_day", 2)  # a real parent's limit caps its tree
    assert len(col.due("lang::french")) == 2
    col.answer(col.due("lang::french")[0].key, 4)
    assert len(col.due("lang::french")) == 1  # the answer in the tree counts for the parent


def test_cli_deck_options_find_the_children(cli: Any) -> None:
    for deck in ("lang::french", "lang::german", "physics"):
        cli("add", "--front", f"{deck} q", "--back", "a", "--deck", deck)
    listed = cli("list", "--deck", "lang")
    assert listed.code == 0 and listed.err.startswith("2 cards"), listed.err
    assert len(cli("due", "--deck", "lang").out.splitlines()) == 2
    assert cli("list", "--deck", "lan").code == 3  # a prefix is not a parent


def test_deck_tree_rolls_up_counts(col: Collection) -> None:
    fill(col)
    col.add_card(deck="lang::german", front="a draft", back="b", status="draft")
    tree = {n.name: n for n in col.deck_tree()}
    assert list(tree) == ["lang", "lang::french", "lang::french::verbs", "lang::german",
                          "physics"]
    assert (tree["lang"].new, tree["lang"].drafts, tree["lang"].accepted) == (9, 1, 9)
    assert tree["lang"].depth == 0 and tree["lang::french::verbs"].depth == 2
    assert tree["lang::french"].new == 5 and tree["lang::french"].children
    assert tree["lang::french::verbs"].label == "verbs" and not tree["physics"].children


@sync
async def test_home_shows_the_tree_and_enter_on_a_parent_reviews_its_children(
        db_path: Path, clock: Clock) -> None:
    with Collection.open(db_path, now=clock) as col:
        col.set_setting("timezone", "UTC")
        fill(col)
    app = CardsApp(db_path, now=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one("#decks", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert [r[0] for r in rows] == ["All decks", "lang", "  french", "    verbs",
                                        "  german", "physics"]
        assert rows[1][1:] == ["9", "0", "0", "9"] and rows[2][1] == "5"
        await pilot.press("down")  # from All decks to lang
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        decks = {i.card.deck for i in app.screen.session.queue}
        assert decks == {"lang::french", "lang::french::verbs", "lang::german"}
        assert app.screen.session.total == 9
