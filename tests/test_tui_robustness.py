"""The TUI under hostile text, bugs and slow background loads, driven with Pilot.

User data reaches toasts (deck names, card ids, file names): it must show as
typed, never be parsed as markup. A bug must end as one line, not a traceback;
a slow home load must never overwrite a newer one or outlive the collection.
"""

from __future__ import annotations

import asyncio
import re
import threading
from pathlib import Path

import pytest

from cards.errors import CardsError, NotFoundError
from cards.tui.app import CRASH_LOG, CardsApp
from cards.tui.screens.home import HomeScreen
from cards.tui.screens.review import ReviewScreen
from cards.tui.widgets import CardFace
from tui_helpers import make_collection, reviews, settle, sync

SIZE = (80, 24)
HOSTILE = "[b]x[/i]"


@pytest.fixture
def db(db_path: Path, clock: object) -> Path:
    return make_collection(db_path, clock)


def messages(app: CardsApp) -> list[str]:
    return [n.message for n in app._notifications]


def toast_text(app: CardsApp) -> str:
    """What the toasts on screen say (Pilot draws them only with notifications=True)."""
    from textual.widgets._toast import Toast

    return " ".join(str(toast.render()) for toast in app.screen.query(Toast))


# ------------------------------------------------------------ literal toasts
@sync
async def test_a_deck_name_with_brackets_is_shown_literally(db: Path, clock: object) -> None:
    app = CardsApp(db, deck=HOSTILE, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert messages(app) == [f"no deck named {HOSTILE!r}"]
        assert HOSTILE in toast_text(app)


@sync
async def test_a_card_id_with_brackets_in_a_screen_error_is_shown_literally(
        db: Path, clock: object, monkeypatch: pytest.MonkeyPatch) -> None:
    app = CardsApp(db, review=True, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)

        def refuse() -> None:
            raise NotFoundError(f"no card {HOSTILE!r}")

        monkeypatch.setattr(screen.session, "bury_current", refuse)
        await pilot.press("b")
        await pilot.pause()
        assert messages(app)[-1] == f"no card {HOSTILE!r}"
        assert HOSTILE in toast_text(app)
        assert app.screen is screen


def test_no_screen_calls_notify_directly() -> None:
    """`Widget.notify` forwards markup=True: every toast goes through `app.say`."""
    tui = Path(__file__).parents[1] / "src" / "cards" / "tui"
    offenders = [f"{path.relative_to(tui)}:{n}"
                 for path in sorted(tui.rglob("*.py"))
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if re.search(r"\.notify\b[(,]", line) and "super().notify(" not in line]
    assert offenders == []


# ------------------------------------------------------------ edit in review
CLOZE_DECK = '''
[deck]
name = "demo"

[[cards]]
id = "cz"
type = "cloze"
text = "{{c1::Paris}} is in {{c2::France}}."

[[cards]]
id = "b2"
front = "Two plus two?"
back = "Four"
'''


@sync
async def test_an_edit_that_removes_the_current_deletion_shows_the_next_card_front_first(
        db_path: Path, clock: object) -> None:
    from textual.widgets import TextArea

    from cards.tui.screens.card_form import CardFormScreen

    make_collection(db_path, clock, CLOZE_DECK)
    app = CardsApp(db_path, review=True, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.session.current is not None
        assert screen.session.current.key == "cz:c1"
        await pilot.press("space")
        assert screen.revealed
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, CardFormScreen)
        app.screen.query_one("#text", TextArea).text = "Paris is in {{c2::France}}."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        current = screen.session.current
        assert current is not None and current.key != "cz:c1"
        assert not screen.revealed
        assert not screen.query_one(CardFace).revealed
        await pilot.press("3")  # a grade before the answer is shown does nothing
        await pilot.pause()
        assert reviews(db_path) == []
        assert messages(app)[-1] == "Show the answer first: Space or Enter"


# ------------------------------------------------------------ bugs
@sync
async def test_a_bug_in_the_home_load_is_one_literal_toast_not_a_crash(
        db: Path, clock: object, monkeypatch: pytest.MonkeyPatch) -> None:
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]

    def broken() -> None:
        raise RuntimeError(f"boom {HOSTILE}")

    monkeypatch.setattr(app.collection, "stats", broken)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert messages(app)[-1] == f"internal error (RuntimeError): boom {HOSTILE}"
        assert f"boom {HOSTILE}" in toast_text(app)
        assert app.crash is None


def test_a_crash_in_the_app_is_one_line_and_exit_code_1_with_the_traceback_in_a_file(
        db: Path, cli: object, monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(self: HomeScreen) -> None:
        raise ZeroDivisionError("a real bug")

    run = CardsApp.run
    monkeypatch.setattr("cards.cli.review.require_terminal", lambda command: None)
    monkeypatch.setattr(HomeScreen, "on_mount", crash)
    monkeypatch.setattr(CardsApp, "run",
                        lambda self, **kw: run(self, headless=True, size=SIZE))
    result = cli("review")  # type: ignore[operator]
    log = db.parent / CRASH_LOG
    assert result.code == 1
    assert result.err == (f"cards: error: internal error (ZeroDivisionError): a real bug "
                          f"(traceback in {log})\n")
    assert "Traceback" not in result.out
    text = log.read_text(encoding="utf-8")
    assert "ZeroDivisionError: a real bug" in text and "in crash" in text


def test_run_app_raises_one_cards_error_for_a_crash(
        db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from cards.cli.review import run_app

    def crash(self: HomeScreen) -> None:
        raise KeyError("oops")

    run = CardsApp.run
    monkeypatch.setattr("cards.cli.review.require_terminal", lambda command: None)
    monkeypatch.setattr(HomeScreen, "on_mount", crash)
    monkeypatch.setattr(CardsApp, "run",
                        lambda self, **kw: run(self, headless=True, size=SIZE))
    with pytest.raises(CardsError) as caught:
        run_app(str(db))
    assert caught.value.exit_code == 1
    assert caught.value.message.startswith("internal error (KeyError): 'oops' (traceback in ")
    assert "Traceback" not in capsys.readouterr().err


# ------------------------------------------------------------ background loads
@sync
async def test_an_old_home_load_that_finishes_last_is_ignored(
        db: Path, clock: object, monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.widgets import DataTable

    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one("#decks", DataTable)
        assert table.row_count == 1
        real = app.collection.deck_summaries
        release, landed = threading.Event(), threading.Event()
        slow: list[int] = []

        def summaries() -> list[object]:
            if not slow:  # the first (older) load: stale, and slow
                slow.append(threading.get_ident())
                release.wait(5)
                return []
            return list(real())

        post = app.call_from_thread

        def call_from_thread(callback: object, *args: object, **kwargs: object) -> object:
            try:
                return post(callback, *args, **kwargs)  # type: ignore[arg-type]
            finally:
                if slow and threading.get_ident() == slow[0]:
                    landed.set()

        monkeypatch.setattr(app.collection, "deck_summaries", summaries)
        monkeypatch.setattr(app, "call_from_thread", call_from_thread)
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("r")
        await settle(app, pilot)
        assert table.row_count == 1
        release.set()
        await asyncio.to_thread(landed.wait, 5)
        await pilot.pause()
        assert slow and landed.is_set()
        assert table.row_count == 1  # the older, empty result was dropped


@sync
async def test_closing_waits_for_a_home_load_before_closing_the_collection(
        db: Path, clock: object, monkeypatch: pytest.MonkeyPatch) -> None:
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    release, finished = threading.Event(), threading.Event()
    events: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        real, close = app.collection.deck_summaries, app.collection.close

        def summaries() -> list[object]:
            release.wait(5)
            try:
                return list(real())
            finally:
                events.append("query done")
                finished.set()

        def closing() -> None:
            events.append("close")
            close()

        monkeypatch.setattr(app.collection, "deck_summaries", summaries)
        monkeypatch.setattr(app.collection, "close", closing)
        await pilot.press("r")
        await pilot.pause()
        threading.Timer(0.3, release.set).start()
        # Leaving the block exits the app while the load is still running.
    assert await asyncio.to_thread(finished.wait, 5)
    assert events == ["query done", "close"]
