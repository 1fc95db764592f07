"""Fixes from a fresh-eyes QA pass: toasts, card info, source heading, form errors,
summary wording, Browse cosmetics and Ctrl+A, each driven with Pilot at 80x24."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, TextArea
from textual.widgets._toast import Toast

from cards.tui.app import CardsApp
from cards.tui.screens.browse import BrowseScreen
from cards.tui.screens.card_detail import CardDetailScreen
from cards.tui.screens.card_form import CardFormScreen
from cards.tui.screens.drafts import DraftsScreen
from cards.tui.screens.review import ReviewScreen
from cards.tui.screens.summary import SummaryScreen
from cards.tui.widgets import GradeLegend
from tui_helpers import DECK, make_collection, settle, sync

SIZE = (80, 24)


@pytest.fixture
def db(db_path: Path, clock: object) -> Path:
    return make_collection(db_path, clock)


def footer_keys(app: CardsApp) -> set[str]:
    """The actions whose keys the footer shows right now."""
    from textual.widgets._footer import FooterKey

    return {key.action for key in app.screen.query(FooterKey) if key.display}


# ------------------------------------------------------------------ 1. toasts
@sync
async def test_import_toast_is_gone_when_the_review_opens(
        db_path: Path, clock: object, monkeypatch: pytest.MonkeyPatch) -> None:
    deck_file = db_path.with_name("bundled.toml")
    deck_file.write_text(DECK, encoding="utf-8")
    monkeypatch.setattr("cards.locations.bundled_deck", lambda: deck_file)
    app = CardsApp(db_path, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.say("a toast from home")
        await pilot.press("i", "r")  # ready to review: the session opens at once
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        # Home's toast is gone; at most the import's own message shows.
        assert all(n.message.startswith("Imported") for n in app._notifications)


@sync
async def test_a_toast_in_review_stays_above_the_legend_and_footer(
        db: Path, clock: object) -> None:
    app = CardsApp(db, review=True, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("4")  # before the reveal: a toast says to show the answer first
        await pilot.pause(0.2)
        toasts = list(app.screen.query(Toast))
        assert toasts
        legend = app.screen.query_one(GradeLegend).region
        for toast in toasts:
            assert toast.region.bottom <= legend.y  # nothing of the legend or footer hidden


@sync
async def test_drafts_decisions_do_not_stack_toasts_over_the_edit_form(
        db: Path, clock: object) -> None:
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DraftsScreen)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        assert len(app._notifications) == 1  # the latest only, not a column of them
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, CardFormScreen)
        assert not list(app._notifications)


# ------------------------------------------------------------------ 2. card info
@sync
async def test_browse_card_dialog_shows_each_items_schedule_and_latest_answers(
        db: Path, clock: object) -> None:
    app = CardsApp(db, review=True, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space", "4", "space", "2")  # lit: good; cz:c1: almost
        await pilot.pause()
        await pilot.press("q", "enter", "slash")
        await pilot.pause()
        await pilot.press(*"Paris", "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CardDetailScreen)
        info = str(app.screen.query_one("#detail-info").render())
        assert "Scheduling" in info and "c1" in info
        assert "interval 1d" in info and "ease 2.18" in info and "reps 0" in info
        assert "lapses" in info and "due +1d" in info
        assert "Latest answers" in info and "2 almost" in info and "review" in info


# ------------------------------------------------------------------ 3. source heading
@sync
async def test_drafts_source_author_and_line_stay_visible_when_the_pane_scrolls(
        db_path: Path, clock: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    filler = "A long paragraph before the quote, wrapping over several rows of the pane. " * 3
    lines = ["Title", ""] + [filler, ""] * 4 + ["The quoted line is here.", "", filler]
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "essay.txt").write_text("\n".join(lines) + "\n", "utf-8")
    deck = '''
[deck]
name = "seeds"

[[cards]]
id = "q1"
status = "draft"
front = "Where is the quote?"
back = "here"
[cards.source]
file = "seeds/essay.txt"
line = 11
author = "Felix"
quote = "The quoted line is here."
'''
    db = make_collection(db_path, clock, deck)
    monkeypatch.chdir(tmp_path)
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.pause()
        await pilot.pause()
        pane = app.screen.query_one("#draft-source")
        assert pane.scroll_y > 0  # it scrolled to the quote
        heading = app.screen.query_one("#draft-source-heading")
        assert "Felix" in str(heading.render()) and "seeds/essay.txt:11" in str(
            heading.render())
        screen_region = app.screen.region
        assert heading.region.height >= 1 and screen_region.contains_region(heading.region)
        assert heading.region.bottom <= pane.region.y  # above the scrolled lines


# ------------------------------------------------------------------ 4. form errors
@sync
async def test_add_form_error_keeps_the_buttons_in_place_and_marks_the_field(
        db: Path, clock: object) -> None:
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CardFormScreen)
        buttons = form.query_one("#form-buttons").region
        await pilot.press(*"A front", "ctrl+s")
        await pilot.pause()
        error = form.query_one("#form-error")
        assert str(error.render()) == "The back is empty"
        assert error.region.height == 1 and error.region.y < form.query_one("#front").region.y
        assert form.query_one("#form-buttons").region == buttons
        assert buttons.bottom <= SIZE[1] - 1  # above the footer
        back = form.query_one("#back", TextArea)
        assert back.has_class("-invalid") and back.has_focus
        await pilot.press("x")
        await pilot.pause()
        assert not back.has_class("-invalid")


# ------------------------------------------------------------------ 5. summary
@sync
async def test_summary_says_passed_and_what_came_back(db: Path, clock: object) -> None:
    app = CardsApp(db, review=True, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space", "3", "space", "4", "space", "5", "space", "4")
        await pilot.pause()
        await pilot.press("space", "4")  # lit comes back (graded 3) and passes
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        body = str(app.screen.query_one("#summary-body").render())
        assert "Passed first time   4 of 4 (100%)" in body
        assert "Asked again         1 answer (below 4 comes back)" in body
        assert "Correct" not in body


@sync
async def test_cram_summary_says_the_schedule_is_unchanged(db: Path, clock: object) -> None:
    app = CardsApp(db, review=True, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(4):
            await pilot.press("space", "5")
        await pilot.press("enter")
        await pilot.pause()
        app.start_review("demo", cram=True)
        await pilot.pause()
        await pilot.press("space", "4", "q")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        body = str(app.screen.query_one("#summary-body").render())
        assert "Cram ended" in str(app.screen.query_one("#summary-title").render())
        assert "Schedule            unchanged" in body and "Not crammed         3" in body
        assert "Next review" not in body and "Left for later" not in body


# ------------------------------------------------------------------ 6. cosmetics
@sync
async def test_browse_wording_cloze_text_and_narrow_empty_tags(db: Path, clock: object) -> None:
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        table = screen.query_one("#cards", DataTable)
        texts = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert "The capital of France is Paris." in texts
        assert not any("{{" in t for t in texts)
        assert table.columns["Tags"].width <= 4  # no card has a tag
        status = str(screen.query_one("#browse-status").render())
        assert "sorted by order added" in status
        await pilot.press(*"Paris")
        await pilot.pause(0.3)
        status = str(screen.query_one("#browse-status").render())
        assert "1 card matching 'Paris'" in status


@sync
async def test_review_footer_drops_reveal_once_the_answer_shows(db: Path, clock: object) -> None:
    app = CardsApp(db, review=True, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "reveal" in footer_keys(app)
        await pilot.press("space")
        await pilot.pause()
        assert "reveal" not in footer_keys(app)
        await pilot.press("4")
        await pilot.pause()
        assert "reveal" in footer_keys(app)


@sync
async def test_empty_drafts_names_the_key_the_footer_shows(db: Path, clock: object) -> None:
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("r", "r")
        await pilot.pause()
        text = str(app.screen.query_one("#drafts-empty-text").render())
        assert "press q to go back" in text and "Esc to go home" not in text
        await pilot.press("q")
        await pilot.pause()
        assert not isinstance(app.screen, DraftsScreen)


# ------------------------------------------------------------------ 7. Ctrl+A
@sync
async def test_ctrl_a_selects_all_in_form_fields(db: Path, clock: object) -> None:
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"old front", "ctrl+a", *"new")
        await pilot.pause()
        assert app.screen.query_one("#front", TextArea).text == "new"
        tags = app.screen.query_one("#tags", Input)
        tags.focus()
        await pilot.press(*"a b", "ctrl+a", "x")
        await pilot.pause()
        assert tags.value == "x"
