"""Bulk actions over a search (issue 13): exactly the matched cards, one transaction,
one undo step; from the CLI and from Browse's multi-select (Pilot)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Input

from cards.collection import Collection
from cards.tui.app import CardsApp
from cards.tui.screens.browse import BrowseScreen
from cards.tui.screens.bulk import BulkScreen
from cards.tui.screens.confirm import ConfirmScreen
from conftest import assert_search_rows_in_step, content_dump, table_dump
from tui_helpers import make_collection, statuses, sync

SIZE = (100, 30)


def tags(db: Path) -> dict[str, list[str]]:
    conn = sqlite3.connect(db)
    try:
        return {i: json.loads(t) for i, t in conn.execute("SELECT id, tags FROM card")}
    finally:
        conn.close()


def fill(col: Collection, n: int = 30) -> None:
    for i in range(n):
        col.add_card(deck="lang::french" if i % 3 == 0 else "physics" if i % 3 == 1 else "lang",
                     front=f"question {i}", back=f"answer {i}", tags=[f"t{i % 4}"],
                     status="draft" if i % 5 == 0 else "active")


def _dump(db: Path, *, decks: bool = True) -> list[str]:
    """The collection's rows, less the undo steps and AUTOINCREMENT counters (an undo
    puts the cards back; it does not forget that a step or an answer existed), and
    less the decks when an action may have made one (until it is undone)."""
    skip = ("undo_step", "sqlite_sequence") + (() if decks else ('INSERT INTO "deck"',))
    return [line for line in content_dump(db) if not any(s in line for s in skip)]


def test_each_bulk_action_touches_exactly_the_matched_cards_and_one_undo_reverts(
        col: Collection, db_path: Path) -> None:
    fill(col)
    for action, search, value in [("suspend", "deck:lang -tag:t1", None),
                                  ("accept", "is:draft", None), ("reject", "deck:physics", None),
                                  ("delete", "tag:t2 or tag:t3", None), ("tag", "deck:lang", "hot"),
                                  ("untag", "question", "t0"), ("move", "tag:t1", "elsewhere")]:
        before = content_dump(db_path)
        matched = {i.card.id for i in col.find_cards(query=search)}
        result = col.bulk(action, search=search, value=value)
        assert result.matched == len(matched)
        assert set(result.touched) <= matched and result.touched
        after = {i.card.id: i.card for i in col.find_cards()}
        untouched = [line for line in _dump(db_path, decks=False)
                     if not any(t in line for t in result.touched)]
        assert untouched == [line for line in before if not any(t in line for t in (
            *result.touched, "undo_step", "sqlite_sequence", 'INSERT INTO "deck"'))]
        for card_id in result.touched:
            card = after.get(card_id)
            if action == "delete":
                assert card is None
            elif action == "tag":
                assert "hot" in card.tags  # type: ignore[union-attr]
            elif action == "untag":
                assert "t0" not in card.tags  # type: ignore[union-attr]
            elif action == "move":
                assert card.deck == "elsewhere"  # type: ignore[union-attr]
        col.undo_bulk()
        kept = [line for line in before if not any(
            s in line for s in ("undo_step", "sqlite_sequence"))]
        assert _dump(db_path) == kept, action  # the deck a move made is gone again
        assert_search_rows_in_step(col)


def test_status_actions_skip_matched_cards_they_do_not_apply_to(col: Collection) -> None:
    fill(col, 10)
    result = col.bulk("accept", search="question")
    assert result.matched == 10 and len(result.touched) == 2  # the two drafts
    again = col.bulk("accept", search="question")
    assert again.touched == () and again.step is None


def test_a_bad_search_changes_nothing(col: Collection, db_path: Path) -> None:
    fill(col, 5)
    before = table_dump(db_path)
    import pytest

    from cards.errors import InvalidInputError

    with pytest.raises(InvalidInputError):
        col.bulk("suspend", search='deck:"unclosed')
    with pytest.raises(InvalidInputError):
        col.bulk("tag", search="question", value="two words")
    assert table_dump(db_path) == before


def test_cli_bulk_says_how_many_and_cards_undo_takes_it_back(cli: Any, db_path: Path,
                                                             tmp_path: Path) -> None:
    deck = tmp_path / "seeds.toml"
    deck.write_text('[deck]\nname = "seeds"\n' + "".join(
        f'\n[[cards]]\nid = "s{i}"\nstatus = "{"draft" if i < 3 else "active"}"\n'
        f'front = "f{i}"\nback = "b{i}"\n' for i in range(5)), encoding="utf-8")
    assert cli("import", str(deck)).code == 0
    before = content_dump(db_path)
    done = cli("accept", "--search", "deck:seeds is:draft")
    assert done.code == 0 and "accepted 3 cards of 3 matching cards" in done.out, done.out
    assert all(s == "active" for s in statuses(db_path).values())
    assert cli("tag", "hot", "--search", "deck:seeds").out.startswith("tagged 5 cards")
    assert cli("answer", "s4", "4").code == 0
    undone = [cli("undo").out for _ in range(3)]  # the answer, the tags, the accept
    assert undone[0].startswith("undid grade 4") and "tag of 5 cards" in undone[1]
    assert "accept of 3 cards" in undone[2]
    assert _dump(db_path) == [line for line in before if not any(
        s in line for s in ("undo_step", "sqlite_sequence"))]
    with Collection.open(db_path) as col:
        assert_search_rows_in_step(col)
    refused = cli("suspend", "s1", "--search", "x")
    assert refused.code == 2 and refused.err.count("\n") == 1
    assert cli("move", "other", "--search", "deck:seeds").code == 0
    assert {i["deck"] for i in json.loads(cli("list", "--json").out)} == {"other"}


@sync
async def test_browse_marks_all_matches_suspends_them_and_one_undo_reverts(
        db_path: Path, clock: object) -> None:
    db = make_collection(db_path, clock)
    before = statuses(db)
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"plus", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        await pilot.press("asterisk", "b")
        await pilot.pause()
        assert isinstance(app.screen, BulkScreen)
        await pilot.press("s")
        await pilot.pause()
        after = statuses(db)
        assert {k for k in after if after[k] != before[k]} == {"b2", "b3"}
        assert after["b2"] == after["b3"] == "suspended"
        await pilot.press("u")
        await pilot.pause()
        assert statuses(db) == before


@sync
async def test_browse_space_marks_cards_then_tag_and_delete_with_a_question(
        db_path: Path, clock: object) -> None:
    db = make_collection(db_path, clock)
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", "enter")  # every card, the list focused
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        table = screen.query_one("#cards", DataTable)
        first = [str(table.coordinate_to_cell_key((r, 0)).row_key.value) for r in range(2)]
        await pilot.press("space", "space")  # marks the first two rows
        assert screen.marked == set(first)
        await pilot.press("b", "t")
        await pilot.pause()
        box = app.screen.query_one("#bulk-value", Input)
        assert box.has_focus
        await pilot.press(*"hot", "enter")
        await pilot.pause()
        assert {k for k, v in tags(db).items() if "hot" in v} == set(first)
        await pilot.press("space", "b", "d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # deleting asks first
        await pilot.press("y")
        await pilot.pause()
        assert list(statuses(db).values()).count("deleted") == 1
        await pilot.press("u", "u")  # the delete, then the tags
        await pilot.pause()
        assert "deleted" not in statuses(db).values()
        assert not any("hot" in v for v in tags(db).values())


@sync
async def test_browse_mark_all_reaches_cards_beyond_the_loaded_page(
        db_path: Path, clock: object) -> None:
    with Collection.open(db_path, now=clock) as col:  # type: ignore[arg-type]
        for i in range(230):
            col.add_card(deck="many", front=f"many {i}", back="b")
        col.add_card(deck="few", front="other", back="b")
    app = CardsApp(db_path, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"deck:many", "enter")
        await pilot.pause(0.3)
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        assert screen.query_one("#cards", DataTable).row_count == 200
        await pilot.press("asterisk", "b", "m")
        await pilot.pause()
        await pilot.press(*"moved", "enter")
        await pilot.pause()
    with Collection.open(db_path, now=clock) as col:  # type: ignore[arg-type]
        decks = {i.card.deck for i in col.find_cards(query="many")}
        assert decks == {"moved"} and col.count_cards("deck:moved") == 230
        assert col.count_cards("deck:few") == 1


def test_undoing_a_move_removes_the_deck_it_made_but_not_one_in_use(col: Collection) -> None:
    """The move to a new deck made it; its undo takes it away again, unless a card was
    put in it since (then it stays, with that card), and a move to a deck that was
    there already leaves that deck alone."""
    fill(col, 6)
    decks = set(col.deck_names())
    moved = col.bulk("move", search="tag:t1", value="brand::new")
    assert "brand::new" in col.deck_names()
    col.undo_bulk(moved.step)
    assert set(col.deck_names()) == decks
    again = col.bulk("move", search="tag:t1", value="kept")
    col.add_card(deck="kept", front="added since", back="b")
    col.undo_bulk(again.step)
    assert "kept" in col.deck_names() and col.count_cards("deck:kept") == 1
    onto = col.bulk("move", search="tag:t2", value="physics")
    col.undo_bulk(onto.step)
    assert "physics" in col.deck_names()
    first = col.bulk("move", search="tag:t1", value="step1")
    second = col.bulk("move", search="deck:step1", value="step2")
    col.undo_bulk(first.step)  # the older one first: the newer would put cards back
    assert "step1" in col.deck_names()
    col.undo_bulk(second.step)  # ... into step1, which is still there
    assert col.count_cards("deck:step1") == len(second.touched)
    assert "step2" not in col.deck_names()


@sync
async def test_browse_undo_of_a_move_takes_the_new_deck_away(db_path: Path,
                                                           clock: object) -> None:
    db = make_collection(db_path, clock)
    with Collection.open(db, now=clock) as col:  # type: ignore[arg-type]
        decks = set(col.deck_names())
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", "enter")
        await pilot.pause()
        await pilot.press("space", "b", "m")
        await pilot.pause()
        await pilot.press(*"fresh::deck", "enter")
        await pilot.pause()
        assert "fresh::deck" in app.collection.deck_names()
        await pilot.press("u")
        await pilot.pause()
        assert set(app.collection.deck_names()) == decks
