"""Home, drafts inbox, add-card form, browse, help and the command palette, with Pilot."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Tabs, TextArea

from cards.collection import Collection
from cards.tui.app import CardsApp
from cards.tui.screens.browse import BrowseScreen
from cards.tui.screens.card_detail import CardDetailScreen
from cards.tui.screens.card_form import CardFormScreen
from cards.tui.screens.confirm import ConfirmScreen
from cards.tui.screens.drafts import DraftsScreen
from cards.tui.screens.help import HelpScreen
from cards.tui.screens.home import HomeScreen
from cards.tui.screens.review import ReviewScreen
from tui_helpers import DECK, make_collection, settle, statuses, sync

SIZE = (80, 24)


@pytest.fixture
def db(db_path: Path, clock: object) -> Path:
    return make_collection(db_path, clock)


def notes(app: CardsApp) -> list[str]:
    return [n.message for n in app._notifications]


def home_rows(app: CardsApp) -> list[list[str]]:
    table = app.screen.query_one("#decks", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


@sync
async def test_home_lists_decks_with_counts_and_starts_a_review(db: Path, clock: object) -> None:
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        # New counts review items (lit, cz:c1, b2, b3), Cards the accepted cards
        # (the same four here); the two drafts are in their own column.
        assert home_rows(app) == [["demo", "4", "0", "2", "4"]]
        assert "4 new" in str(app.screen.query_one("#today").render())
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.session.deck == "demo"
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen) and home_rows(app)[0][1] == "4"


@sync
async def test_home_sees_cards_added_by_another_process(db: Path, clock: object) -> None:
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        with Collection.open(db, now=clock) as other:  # type: ignore[arg-type]
            other.add_card(deck="demo", front="Added elsewhere", back="yes")
            other.add_card(deck="other", front="New deck", back="yes")
        app.screen.refresh_counts()  # what the timer and returning home do
        await settle(app, pilot)
        rows = home_rows(app)
        assert rows[0][0] == "All decks"
        assert ["demo", "5", "0", "2", "5"] in rows and ["other", "1", "0", "0", "1"] in rows


@sync
async def test_drafts_accept_and_reject_are_saved(db: Path, clock: object) -> None:
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DraftsScreen)
        assert "1 of 2" in str(app.screen.query_one("#drafts-status").render())
        assert "Drafted front one" in str(app.screen.query_one("#draft-text").render())
        assert "not available" in str(app.screen.query_one("#draft-source-text").render())
        await pilot.press("a")
        await pilot.pause()
        assert statuses(db)["dr1"] == "active"
        assert "Drafted front two" in str(app.screen.query_one("#draft-text").render())
        await pilot.press("r")
        await pilot.pause()
        assert statuses(db)["dr2"] == "rejected"
        assert "Inbox zero" in str(app.screen.query_one("#drafts-empty-text").render())
    # The rejection is remembered: importing the same deck again keeps it rejected.
    with Collection.open(db, now=clock) as collection:  # type: ignore[arg-type]
        collection.import_decks([db.with_name("demo.toml")])
    assert statuses(db)["dr2"] == "rejected"


HHH_QUOTE = ("Usually I understand the mask to be what you get after fine-tuning - a simulator"
             " whose distribution over text is shaped like what we would expect from some"
             " character like the the well-aligned chat-bot whose replies are honest,"
             " helpful, and harmless (HHH).")


@sync
async def test_drafts_source_pane_scrolls_to_the_quote_at_80x24(
        db_path: Path, clock: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Long lines above the quoted one wrap over many rows: the pane scrolls to the quote."""
    filler = "A long paragraph before the quote, wrapping over several rows of the pane. " * 3
    lines = ["Title", ""] + [filler, ""] * 3 + [HHH_QUOTE, "", "1simon", filler]
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "essay.txt").write_text("\n".join(lines) + "\n", "utf-8")
    deck = f'''
[deck]
name = "seeds"

[[cards]]
id = "hhh"
status = "draft"
front = "What does HHH stand for?"
back = "honest, helpful, and harmless"
[cards.source]
file = "seeds/essay.txt"
line = 9
author = "Felix"
quote = "{HHH_QUOTE}"
'''
    db = make_collection(db_path, clock, deck)
    monkeypatch.chdir(tmp_path)
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.pause()
        await pilot.pause()
        pane = app.screen.query_one("#draft-source")
        body = app.screen.query_one("#draft-source-text")
        rows = str(body.render()).split("\n")
        quoted = [i for i, row in enumerate(rows) if row.lstrip().startswith("9 │")]
        end = [i for i, row in enumerate(rows) if "(HHH)" in row]
        assert quoted and end and end[0] >= 20  # it would be below a pane that did not scroll
        top = pane.scroll_y - body.virtual_region.y
        height = pane.scrollable_content_region.height
        assert top <= quoted[0] and end[0] < top + height


def draft_text(app: CardsApp) -> str:
    return str(app.screen.query_one("#draft-text").render())


@sync
async def test_drafts_reject_and_accept_can_be_undone(db: Path, clock: object) -> None:
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DraftsScreen)
        await pilot.press("r")
        await pilot.pause()
        assert statuses(db)["dr1"] == "rejected"
        assert any("Rejected — u to undo" in n for n in notes(app))
        assert "Drafted front two" in draft_text(app)
        await pilot.press("u")
        await pilot.pause()
        assert statuses(db)["dr1"] == "draft"  # back in the inbox, and on screen
        assert "Drafted front one" in draft_text(app)
        assert "1 of 2" in str(app.screen.query_one("#drafts-status").render())
        await pilot.press("a")
        await pilot.pause()
        assert statuses(db)["dr1"] == "active"
        await pilot.press("u")
        await pilot.pause()
        assert statuses(db)["dr1"] == "draft"
        assert "Drafted front one" in draft_text(app)
        await pilot.press("u")  # nothing left to undo: says so, changes nothing
        await pilot.pause()
        assert statuses(db)["dr1"] == "draft" and statuses(db)["dr2"] == "draft"
        await pilot.press("a", "r")
        await pilot.pause()
        assert (statuses(db)["dr1"], statuses(db)["dr2"]) == ("active", "rejected")
        assert "Inbox zero" in str(app.screen.query_one("#drafts-empty-text").render())
        await pilot.press("u", "u")  # undo works from inbox zero too, newest first
        await pilot.pause()
        assert (statuses(db)["dr1"], statuses(db)["dr2"]) == ("draft", "draft")
        assert "Drafted front one" in draft_text(app)


@sync
async def test_home_d_opens_every_deck_drafts_when_the_highlighted_deck_has_none(
        db: Path, clock: object) -> None:
    with Collection.open(db, now=clock) as other:  # type: ignore[arg-type]
        other.add_card(deck="zzz", front="No drafts here", back="yes")
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert [r[0] for r in home_rows(app)] == ["All decks", "demo", "zzz"]
        await pilot.press("down", "down")  # highlight zzz, which has no drafts
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DraftsScreen) and app.screen.deck is None
        status = str(app.screen.query_one("#drafts-status").render())
        assert "1 of 2" in status and "from deck demo" in status
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("up")  # demo has drafts: its own inbox
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DraftsScreen) and app.screen.deck == "demo"


@sync
async def test_drafts_edit_then_accept(db: Path, clock: object) -> None:
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d", "e")
        await pilot.pause()
        assert isinstance(app.screen, CardFormScreen)
        app.screen.query_one("#back", TextArea).text = "A better back"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DraftsScreen)
    with Collection.open(db, now=clock) as collection:  # type: ignore[arg-type]
        card = collection.get_card("dr1")
    assert (card.status, card.back) == ("active", "A better back")


@sync
async def test_add_card_form_validates_inline_then_adds(db: Path, clock: object) -> None:
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CardFormScreen)
        await pilot.press(*"Capital of [Peru]?")
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = form.query_one("#form-error")
        assert error.display and str(error.render()) == "The back is empty"
        assert isinstance(app.screen, CardFormScreen)
        form.query_one("#back", TextArea).text = "Lima"
        form.query_one("#tags", Input).value = "geo south-america"
        await pilot.press("ctrl+s")
        await pilot.pause()
        # Like Anki's Add dialog, the form stays open for the next card: the text
        # fields are empty, deck and tags are kept, and it says what happened.
        assert app.screen is form
        assert "Added to demo — add another or Esc to close" in str(
            form.query_one("#form-note").render())
        assert form.query_one("#front", TextArea).text == ""
        assert form.query_one("#back", TextArea).text == ""
        assert form.query_one("#tags", Input).value == "geo south-america"
        assert form.query_one("#front", TextArea).has_focus
        await pilot.press(*"Capital of Chile?", "tab", *"Santiago", "ctrl+s")
        await pilot.pause()
        assert app.screen is form and form.added[-1].front == "Capital of Chile?"
        await pilot.press("escape")  # nothing unsaved: closes at once
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    with Collection.open(db, now=clock) as collection:  # type: ignore[arg-type]
        found = collection.find_cards(query="capital of", order="seq")
    assert [(i.card.front, i.card.back, i.card.deck, i.card.tags) for i in found
            if i.card.type == "basic"] == [
        ("Capital of [Peru]?", "Lima", "demo", ("geo", "south-america")),
        ("Capital of Chile?", "Santiago", "demo", ("geo", "south-america"))]


@sync
async def test_escape_on_a_filled_add_form_asks_before_discarding(
        db: Path, clock: object) -> None:
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CardFormScreen)
        await pilot.press(*"Half-typed question")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep editing: nothing lost
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#front", TextArea).text == "Half-typed question"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    with Collection.open(db, now=clock) as collection:  # type: ignore[arg-type]
        assert collection.find_cards(query="half-typed") == []


@sync
async def test_add_cloze_card_refuses_text_without_a_deletion(db: Path, clock: object) -> None:
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        form.query_one("#kind", Tabs).active = "cloze"
        await pilot.pause()
        assert form.is_cloze and not form.query_one("#front").display
        text = form.query_one("#text", TextArea)
        text.text = "Water boils at 100 degrees."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "no deletion" in str(form.query_one("#form-error").render())
        text.focus()
        text.select_line(0)
        text.selection = text.selection.__class__((0, 15), (0, 18))  # "100"
        await pilot.press("ctrl+k")
        assert text.text == "Water boils at {{c1::100}} degrees."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and form.is_cloze and text.text == ""  # type is kept
    with Collection.open(db, now=clock) as collection:  # type: ignore[arg-type]
        assert collection.find_cards(query="boils")[0].card.type == "cloze"


@sync
async def test_empty_collection_imports_the_bundled_deck_in_one_key(
        db_path: Path, clock: object, monkeypatch: pytest.MonkeyPatch) -> None:
    deck_file = db_path.with_name("bundled.toml")
    deck_file.write_text(DECK, encoding="utf-8")
    monkeypatch.setattr("cards.locations.bundled_deck", lambda: deck_file)
    app = CardsApp(db_path, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "Your collection is empty" in str(app.screen.query_one("#empty").render())
        assert app.screen.query_one("#empty").display
        await pilot.press("i")
        await pilot.pause()
        await pilot.press("r")  # ready to review: the drafts are accepted, a session starts
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and app.screen.session.current is not None
        assert app.screen.session.total == 6
        await pilot.press("escape")
        await settle(app, pilot)
        assert home_rows(app)[0][:4] == ["demo", "6", "0", "0"]


def test_import_message_names_kept_edits() -> None:
    from cards.collection import ImportReport
    from cards.tui.app import import_message

    assert import_message(ImportReport(decks=("seeds",), added=3)) == (
        "Imported 3 new cards into seeds. Press Enter to start reviewing.")
    assert import_message(ImportReport(decks=("seeds",), updated=2, kept_edits=1)) == (
        "seeds is up to date: no new cards (2 updated, kept 1 of your edits). "
        "Press Enter to start reviewing.")


@sync
async def test_empty_collection_without_bundled_deck_says_so(
        db_path: Path, clock: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("cards.locations.bundled_deck", lambda: None)
    app = CardsApp(db_path, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        await pilot.pause()
        assert "the bundled deck is not installed" in notes(app)
        assert isinstance(app.screen, HomeScreen)


@sync
async def test_browse_searches_sorts_and_opens_a_card(db: Path, clock: object) -> None:
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        table = screen.query_one("#cards", DataTable)
        assert table.row_count == 6
        await pilot.press(*"plus", "enter")  # the search box has focus; Enter: the list
        await pilot.pause()
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == [
            "Two plus two?", "Three plus three?"]
        assert table.has_focus
        await pilot.press("O")  # reverse
        await pilot.pause()
        assert str(table.get_row_at(0)[0]) == "Three plus three?"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CardDetailScreen)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert statuses(db)["b3"] == "suspended"
        await pilot.press("d", "y")
        await pilot.pause()
        assert statuses(db)["b3"] == "deleted"
        assert isinstance(app.screen, BrowseScreen)
        assert table.row_count == 1


@sync
async def test_browse_search_as_you_type_right_after_slash(db: Path, clock: object) -> None:
    """`/` then letters: they go into the search (an `o` is a letter, not Sort)."""
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"two")
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        search = screen.query_one("#search", Input)
        assert search.has_focus
        assert search.value == "two"
        await pilot.pause(0.3)  # the search-as-you-type debounce, no Enter needed
        table = screen.query_one("#cards", DataTable)
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == [
            "Two plus two?", "Drafted front two"]
        assert (screen.order, screen.descending) == ("seq", False)  # `o` did not sort
        footer_keys = {key for key, b in screen.active_bindings.items() if b.enabled}
        assert "o" not in footer_keys and "down" in footer_keys
        await pilot.press("down", "o")  # from the list, `o` sorts
        await pilot.pause()
        assert table.has_focus and screen.order == "text"
        assert search.value == "two"
        await pilot.press("slash", *"three")  # `/` selects the old search: typing replaces it
        await pilot.pause(0.3)
        assert search.has_focus and search.value == "three"
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == [
            "Three plus three?"]


@sync
async def test_browse_shows_markup_literally(db: Path, clock: object) -> None:
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        cell = app.screen.query_one("#cards", DataTable).get_row_at(0)[0]
        assert str(cell) == "What does [bold] do? [/] [1] [A] ... [B] <b>x</b>"


@sync
async def test_help_and_command_palette(db: Path, clock: object) -> None:
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "ctrl+p")
        await pilot.pause()
        await pilot.press(*"drafts inbox")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, DraftsScreen)


@sync
async def test_stats_screen_draws(db: Path, clock: object) -> None:
    from cards.tui.screens.stats import StatsScreen

    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        numbers = str(app.screen.query_one("#stats-numbers").render())
        assert "New items" in numbers and "Draft items" in numbers


@sync
async def test_a_card_failed_today_counts_as_due_on_home_and_stats(
        db: Path, clock: object) -> None:
    """Rule 7: a card failed today awaits its repeat, so home, stats and `cards due` agree."""
    from cards.tui.screens.stats import StatsScreen

    with Collection.open(db, now=clock) as collection:  # type: ignore[arg-type]
        for key in ("lit", "cz:c1", "b2"):
            collection.answer(key, 5)
        collection.answer("b3", 1)  # failed: due again today
        assert [item.key for item in collection.due()] == ["b3"]
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "1 due" in str(app.screen.query_one("#today").render())
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        numbers = str(app.screen.query_one("#stats-numbers").render())
        assert "Due today           1" in numbers and "Next review         now" in numbers


def plot_rows(app: CardsApp, plot_id: str) -> list[str]:
    """The plot as drawn, one string per terminal row."""
    plot = app.screen.query_one(plot_id)
    lines = plot.render_lines(plot.region.reset_offset)  # type: ignore[attr-defined]
    return ["".join(segment.text for segment in line) for line in lines]


@sync
async def test_stats_day_ticks_are_regular_and_readable_at_80_columns(
        db: Path, clock: object) -> None:
    from datetime import date

    from cards.tui.screens.stats import day_ticks

    today = date(2026, 3, 7)
    days = [date.fromordinal(today.toordinal() + n) for n in range(-29, 1)]
    assert day_ticks(days, today) == ([1, 8, 15, 22, 29], ["-28d", "-21d", "-14d", "-7d", "today"])
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        for plot_id, labels in (("#reviews-plot", ["-28d", "-21d", "-14d", "-7d", "today"]),
                                ("#forecast-plot", ["today", "+7d", "+14d", "+21d", "+28d"])):
            rows = plot_rows(app, plot_id)
            axis = next(row for row in rows if "today" in row)
            assert axis.split() == labels, axis  # every label, in order, none run together


def test_review_command_refuses_a_bad_db_before_starting(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cards.cli.review import run_app
    from cards.errors import CardsError

    monkeypatch.setattr("cards.cli.review.require_terminal", lambda command: None)
    bad = tmp_path / "not-a-db.db"
    bad.write_text("this is not sqlite", encoding="utf-8")
    with pytest.raises(CardsError):
        run_app(str(bad))


def test_review_command_refuses_an_unknown_deck(db: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from cards.cli.review import run_app
    from cards.errors import NotFoundError

    monkeypatch.setattr("cards.cli.review.require_terminal", lambda command: None)
    with pytest.raises(NotFoundError, match="no deck named 'nope'"):
        run_app(str(db), deck="nope")
