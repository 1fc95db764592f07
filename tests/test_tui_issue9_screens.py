"""Issue 9 on the screens: the drafts inbox against the README (item 13), the delete
confirmation (item 12) and the small texts of home, browse and review (item 15), with
Pilot on a real collection file."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from cards.collection import Collection
from cards.tui.app import CardsApp
from cards.tui.screens.drafts import DraftsScreen
from cards.tui.screens.help import HelpScreen, help_content
from cards.tui.screens.home import HomeScreen
from cards.tui.screens.source import SourceScreen
from tui_helpers import DECK, make_collection, screen_text, settle, statuses, sync

SIZE = (80, 24)


@pytest.fixture
def db(db_path: Path, clock: object) -> Path:
    return make_collection(db_path, clock)


def home_rows(app: CardsApp) -> list[list[str]]:
    table = app.screen.query_one("#decks", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


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


@sync
async def test_home_says_which_counts_are_items_and_which_cards(
        db: Path, clock: object) -> None:
    with Collection.open(db, now=clock) as collection:  # type: ignore[arg-type]
        collection.add_card(deck="demo", text="{{c1::One}}, {{c2::two}} and {{c3::three}}")
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        # 5 cards; 7 review items (the new cloze card makes three), all new.
        assert home_rows(app) == [["demo", "7", "0", "2", "5"]]
        text = screen_text(app)
        assert "New, Due: review items (one per cloze deletion) · Drafts, Cards: cards" in text


@sync
async def test_home_with_nothing_scheduled_says_so_in_words(db_path: Path, clock: object) -> None:
    deck = DECK.replace('id = "lit"', 'id = "lit"\nstatus = "draft"')
    for card in ("cz", "b2", "b3"):
        deck = deck.replace(f'id = "{card}"', f'id = "{card}"\nstatus = "draft"')
    make_collection(db_path, clock, deck)
    app = CardsApp(db_path, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        today = str(app.screen.query_one("#today").render())
        assert "next review nothing" not in today
        assert "nothing scheduled yet: press d to triage the drafts" in today


def many_cards(db: Path, clock: object, count: int) -> None:
    with Collection.open(db, now=clock) as collection:  # type: ignore[arg-type]
        for n in range(count):
            collection.add_card(deck="bulk", front=f"Bulk question number {n}",
                                back="an answer", tags=["bulk", "tagged"])


@sync
async def test_browse_says_the_real_total_and_keeps_the_lapses_header(
        db: Path, clock: object) -> None:
    many_cards(db, clock, 250)  # with the demo deck's 6: more than a page of 200
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        status = str(app.screen.query_one("#browse-status").render())
        assert "256 cards" in status and "200 shown" in status and "+" not in status
        header = next(row for row in screen_text(app).split("\n") if "Text" in row)
        assert header.rstrip().endswith("Lapses"), header  # not cut by the scrollbar
        await pilot.press(*"Bulk")
        await pilot.pause(0.4)
        status = str(app.screen.query_one("#browse-status").render())
        assert "250 cards matching 'Bulk'" in status
        await pilot.press("enter", "m")
        await pilot.pause()
        status = str(app.screen.query_one("#browse-status").render())
        assert "250 cards matching" in status and "m for more" not in status


LONG_DECK = '''
[deck]
name = "long"

[[cards]]
id = "long1"
front = "A question long enough to fill the screen:\\n{question}"
back = "FIRST ANSWER LINE\\n{answer}\\nLAST ANSWER LINE"
'''


@sync
async def test_revealing_a_long_card_at_80x24_shows_there_is_more(
        db_path: Path, clock: object) -> None:
    deck = LONG_DECK.format(question="\\n".join(f"question line {n}" for n in range(14)),
                            answer="\\n".join(f"answer line {n}" for n in range(30)))
    make_collection(db_path, clock, deck)
    app = CardsApp(db_path, review=True, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        more = app.screen.query_one("#more-below")
        assert not more.display  # the front fits
        await pilot.press("space")
        await pilot.pause()
        await pilot.pause()
        text = screen_text(app)
        assert "FIRST ANSWER LINE" in text  # scrolled to the answer, as Anki does
        assert more.display and "more below" in text
        for _ in range(6):
            await pilot.press("pagedown")
        await pilot.pause()
        text = screen_text(app)
        assert "LAST ANSWER LINE" in text and "more below" not in text
        assert not more.display


SOURCED_DECK = '''
[deck]
name = "geo"

[[cards]]
id = "fr"
type = "cloze"
text = "The capital of France is {{c1::Paris}}."
[cards.source]
file = "notes/geo.txt"
line = 2
quote = "The capital of France is Paris, on the Seine."

[[cards]]
id = "pe"
front = "What is the capital of Peru?"
back = "Lima"
[cards.source]
file = "notes/geo.txt"
line = 4
quote = "Peru's capital is Lima, founded in 1535."
'''
GEO = ("Some places.\nThe capital of France is Paris, on the Seine.\nParis is big.\n"
       "Peru's capital is Lima, founded in 1535.\nThe end.\n")


async def source_text(app: CardsApp, pilot: object) -> str:
    await pilot.press("s")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, SourceScreen)
    text = str(app.screen.query_one("#source-text").render())
    await pilot.press("escape")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    return text


@sync
async def test_the_source_hides_the_answer_until_the_card_is_revealed(
        db_path: Path, clock: object) -> None:
    (db_path.parent / "notes").mkdir()
    (db_path.parent / "notes" / "geo.txt").write_text(GEO, encoding="utf-8")
    make_collection(db_path, clock, SOURCED_DECK)
    app = CardsApp(db_path, review=True, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = await source_text(app, pilot)  # the cloze card, front showing
        assert "Paris" not in before and "paris" not in before.lower()
        assert "The capital of France is [...], on the Seine." in before
        await pilot.press("space")
        await pilot.pause()
        after = await source_text(app, pilot)
        assert "The capital of France is Paris, on the Seine." in after
        await pilot.press("5")
        await pilot.pause()
        before = await source_text(app, pilot)  # the basic card: its quote is the answer
        assert "Lima" not in before and "hidden until you show the answer" in before
        assert "Some places." in before  # the lines around it still show
        await pilot.press("space")
        await pilot.pause()
        assert "Peru's capital is Lima" in await source_text(app, pilot)


@sync
async def test_i_on_an_empty_collection_offers_the_drafts_inbox_too(
        db_path: Path, clock: object, monkeypatch: pytest.MonkeyPatch) -> None:
    deck_file = db_path.with_name("bundled.toml")
    deck_file.write_text(DECK.replace('id = "b2"', 'id = "b2"\nstatus = "draft"'),
                         encoding="utf-8")
    monkeypatch.setattr("cards.locations.bundled_deck", lambda: deck_file)
    app = CardsApp(db_path, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("i")
        await pilot.pause()
        text = screen_text(app)
        assert "as drafts" in text and "ready to review" in text
        await pilot.press("d")
        await settle(app, pilot)
        assert isinstance(app.screen, DraftsScreen)  # the inbox, with the drafts in it
        assert "1 of 3" in str(app.screen.query_one("#drafts-status").render())
        assert statuses(db_path)["dr1"] == "draft" and statuses(db_path)["b2"] == "draft"
        await pilot.press("a")  # triage starts at once
        await pilot.pause()
        assert "2" in str(app.screen.query_one("#drafts-status").render())


@sync
async def test_i_then_escape_imports_nothing(
        db_path: Path, clock: object, monkeypatch: pytest.MonkeyPatch) -> None:
    deck_file = db_path.with_name("bundled.toml")
    deck_file.write_text(DECK, encoding="utf-8")
    monkeypatch.setattr("cards.locations.bundled_deck", lambda: deck_file)
    app = CardsApp(db_path, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("i", "escape")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Your collection is empty" in str(app.screen.query_one("#empty").render())
