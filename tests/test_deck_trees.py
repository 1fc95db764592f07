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


def test_a_child_studied_directly_keeps_within_its_parents_limits(col: Collection) -> None:
    """Studying `lang::french` itself, the parents' limits still count what was
    answered today anywhere in their trees (Anki applies parent limits to the child):
    'lang' allows 3 new cards a day and 2 went in 'lang::german', so 'lang::french'
    offers 1 new card although its own limit is 20."""
    fill(col)
    col.add_card(deck="lang", front="the parent's own", back="b")
    col.set_deck_limit("lang", "new_per_day", 3)
    assert len(col.due("lang::french")) == 3  # the parent's limit alone
    for item in col.due("lang::german")[:2]:
        col.answer(item.key, 4)
    assert len(col.due("lang::french")) == 1
    assert len(col.due("lang::french::verbs")) == 1  # a grandchild, through both
    assert len(col.due("physics")) == 2  # another tree is not capped
    tree = {n.name: n for n in col.deck_tree()}
    assert tree["lang::german"].new == tree["lang::french::verbs"].new == 1


def test_reviews_of_a_child_studied_directly_keep_within_the_parents_limit(
        col: Collection, clock: Clock) -> None:
    fill(col)
    col.add_card(deck="lang", front="the parent's own", back="b")
    for deck in ("lang::french", "lang::german"):
        for item in [i for i in col.due(deck) if i.card.deck == deck][:2]:
            col.answer(item.key, 4)
    clock.advance(days=3)
    col.set_deck_limit("lang", "reviews_per_day", 3)
    german = [i for i in col.due("lang::german") if i.state.due is not None]
    assert len(german) == 2
    for item in german:
        col.answer(item.key, 4)
    reviews = [i for i in col.due("lang::french") if i.state.due is not None]
    assert len(reviews) == 1  # two of the parent's three went in german
    assert len([i for i in col.due("physics") if i.state.due is None]) == 2


def test_a_parent_with_no_deck_of_its_own_caps_its_children_by_the_collection(
        col: Collection) -> None:
    """'lang' exists only through its children: as when it is studied itself, the
    collection's limit is its limit, and answers in a sibling count against it."""
    fill(col)
    col.set_setting("new_per_day", "4")
    col.set_deck_limit("lang::french", "new_per_day", 10)
    for item in col.due("lang::german")[:3]:
        col.answer(item.key, 4)
    assert len(col.due("lang::french")) == 1


@sync
async def test_home_and_enter_on_a_child_keep_within_the_parents_limit(
        db_path: Path, clock: Clock) -> None:
    with Collection.open(db_path, now=clock) as col:
        col.set_setting("timezone", "UTC")
        fill(col)
        col.add_card(deck="lang", front="the parent's own", back="b")
        col.set_deck_limit("lang", "new_per_day", 3)
        for item in col.due("lang::german")[:2]:
            col.answer(item.key, 4)
    app = CardsApp(db_path, now=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one("#decks", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        french = next(i for i, r in enumerate(rows) if r[0].strip() == "french")
        assert rows[french][1] == "1"
        await pilot.press(*["down"] * french, "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.session.total == 1
        assert {i.card.deck for i in app.screen.session.queue} <= {
            "lang::french", "lang::french::verbs"}
