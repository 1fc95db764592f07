"""The reviewer, driven with Pilot on a real collection file.

Each answer is checked in the database straight after its key press has been
handled, with a separate sqlite3 connection: what the screen shows is what was saved.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cards.tui.app import CardsApp
from cards.tui.screens.home import HomeScreen
from cards.tui.screens.review import ReviewScreen
from cards.tui.screens.source import SourceScreen
from cards.tui.screens.summary import SummaryScreen
from cards.tui.widgets import CardFace, GradeLegend
from tui_helpers import ORDER, make_collection, reviews, sync

SIZE = (80, 24)


@pytest.fixture
def db(db_path: Path, clock: object) -> Path:
    return make_collection(db_path, clock)


def current_key(app: CardsApp) -> str | None:
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    item = screen.session.current
    return item.key if item else None


def question_text(app: CardsApp) -> str:
    return str(app.screen.query_one(CardFace).query_one("#question").render())


@sync
async def test_full_session_every_answer_saved_when_its_key_is_handled(
        db: Path, clock: object) -> None:
    app = CardsApp(db, review=True, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert [current_key(app)] == ORDER[:1]
        for done, (key, grade) in enumerate(zip(ORDER, [4, 5, 4, 5], strict=True), start=1):
            assert current_key(app) == key
            await pilot.press("space")
            await pilot.press(str(grade))
            await pilot.pause()
            logged = reviews(db)
            assert len(logged) == done
            card_id, _, got_grade, kind = logged[-1]
            assert (card_id, got_grade, kind) == (key.split(":")[0], grade, "review")
        assert isinstance(app.screen, SummaryScreen)
        body = str(app.screen.query_one("#summary-body").render())
        assert "Cards reviewed      4" in body
        assert "100%" in body
        assert "Next review" in body and "tomorrow" in body
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    # A second, independent connection sees the schedule moved on.
    import sqlite3

    conn = sqlite3.connect(db)
    due = conn.execute("SELECT count(*) FROM schedule WHERE due IS NOT NULL").fetchone()[0]
    conn.close()
    assert due == 4


@sync
async def test_grade_keys_do_nothing_before_the_answer_is_shown(db: Path, clock: object) -> None:
    app = CardsApp(db, review=True, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        face = app.screen.query_one(CardFace)
        assert not face.revealed
        assert "Space" in str(app.screen.query_one(GradeLegend).render())
        await pilot.press("4")
        await pilot.pause()
        assert reviews(db) == []
        assert current_key(app) == ORDER[0]
        await pilot.press("enter")  # Enter reveals too
        await pilot.pause()
        assert face.revealed
        legend = str(app.screen.query_one(GradeLegend).render())
        assert "0 blackout" in legend and "5 perfect" in legend and "1d" in legend
        answer = str(face.query_one("#answer").render())
        assert answer == "It stays [red]literal[/red] [/]"


@sync
async def test_undo_takes_back_the_answer_and_shows_the_card_again(
        db: Path, clock: object) -> None:
    app = CardsApp(db, review=True, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "4")
        await pilot.pause()
        assert len(reviews(db)) == 1
        assert current_key(app) == ORDER[1]
        await pilot.press("u")
        await pilot.pause()
        assert reviews(db) == []
        assert current_key(app) == ORDER[0]
        assert not app.screen.query_one(CardFace).revealed
        await pilot.press("space", "5")
        await pilot.pause()
        assert [r[2] for r in reviews(db)] == [5]


@sync
async def test_failed_card_comes_back_in_the_same_session(db: Path, clock: object) -> None:
    app = CardsApp(db, review=True, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "1")  # fail the first card
        await pilot.pause()
        seen = []
        while isinstance(app.screen, ReviewScreen) and current_key(app) != ORDER[0]:
            seen.append(current_key(app))
            await pilot.press("space", "4")
            await pilot.pause()
        assert seen == ORDER[1:4]  # three other cards come between
        assert isinstance(app.screen, ReviewScreen) and app.screen.session.is_repeat
        assert "again" in str(app.screen.query_one("#review-status").render())
        await pilot.press("space", "4")
        await pilot.pause()
        kinds = [(r[0], r[3]) for r in reviews(db)]
        assert kinds[0] == ("lit", "review") and kinds[-1] == ("lit", "repeat")
        assert isinstance(app.screen, SummaryScreen)


def progress(app: CardsApp) -> tuple[int, int, int]:
    """(done, total, left) as the screen shows them, checked against the session."""
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    text = str(screen.query_one("#review-count").render())
    done_total, left = text.split(" · ")
    done, total = (int(n) for n in done_total.split("/"))
    session = screen.session
    assert (done, total, int(left.split()[0])) == (
        session.finished, session.total, len(session.queue))
    return done, total, int(left.split()[0])


@sync
async def test_progress_adds_up_after_suspend_and_bury(db: Path, clock: object) -> None:
    """A suspended or buried card leaves the session: done + left == total throughout."""
    app = CardsApp(db, review=True, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert progress(app) == (0, 4, 4)
        await pilot.press("space", "4")  # lit done
        await pilot.pause()
        assert progress(app) == (1, 4, 3)
        await pilot.press("space", "1")  # cz failed: it comes back, still to do
        await pilot.pause()
        assert progress(app) == (1, 4, 3)
        assert current_key(app) == "b2"
        await pilot.press("exclamation_mark")  # suspend b2: the session shrinks
        await pilot.pause()
        assert progress(app) == (1, 3, 2)
        await pilot.press("space", "4")  # b3 done; the failed cz is next
        await pilot.pause()
        assert progress(app) == (2, 3, 1)
        assert current_key(app) == "cz:c1" and app.screen.session.is_repeat
        session = app.screen.session
        await pilot.press("b")  # burying a repeating card does not count it as done
        await pilot.pause()
        assert (session.finished, session.total, len(session.queue)) == (2, 2, 0)
        assert isinstance(app.screen, SummaryScreen)
    assert [(r[0], r[3]) for r in reviews(db)] == [
        ("lit", "review"), ("cz", "review"), ("b3", "review")]


def buried_until(db: Path, card_id: str) -> str | None:
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT buried_until FROM schedule WHERE card_id = ?", (card_id,)).fetchone()[0]
    finally:
        conn.close()


def last_note(app: CardsApp) -> str:
    return [n.message for n in app._notifications][-1]


@sync
async def test_undo_takes_back_bury_and_suspend_newest_first(db: Path, clock: object) -> None:
    """`u` undoes the last action (answer, bury or suspension), not an earlier answer."""
    from tui_helpers import statuses

    app = CardsApp(db, review=True, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "4")  # lit done
        await pilot.press("space", "1")  # cz failed: queue b2, b3, cz (repeat)
        await pilot.pause()
        session = app.screen.session
        assert [i.key for i in session.queue] == ["b2", "b3", "cz:c1"]
        assert progress(app) == (1, 4, 3)

        await pilot.press("b")  # bury b2 ...
        await pilot.pause()
        assert buried_until(db, "b2") is not None
        assert progress(app) == (1, 3, 2)
        await pilot.press("u")  # ... and take it back: not the cz answer
        await pilot.pause()
        assert last_note(app) == "Bury undone"
        assert buried_until(db, "b2") is None
        assert len(reviews(db)) == 2
        assert [i.key for i in session.queue] == ["b2", "b3", "cz:c1"]
        assert progress(app) == (1, 4, 3)

        await pilot.press("exclamation_mark")  # suspend b2 ...
        await pilot.pause()
        assert statuses(db)["b2"] == "suspended"
        assert progress(app) == (1, 3, 2)
        await pilot.press("u")  # ... and take it back
        await pilot.pause()
        assert last_note(app) == "Suspension undone"
        assert statuses(db)["b2"] == "active"
        assert [i.key for i in session.queue] == ["b2", "b3", "cz:c1"]
        assert progress(app) == (1, 4, 3)
        assert not app.screen.query_one(CardFace).revealed

        await pilot.press("u")  # now the answers, newest first
        await pilot.pause()
        assert last_note(app) == "Answer undone"
        assert [r[0] for r in reviews(db)] == ["lit"]
        assert [i.key for i in session.queue] == ["cz:c1", "b2", "b3"]
        assert progress(app) == (1, 4, 3)
        await pilot.press("u")
        await pilot.pause()
        assert reviews(db) == [] and progress(app) == (0, 4, 4)
        await pilot.press("u")
        await pilot.pause()
        assert last_note(app) == "nothing to undo in this session"


@sync
async def test_undo_of_burying_a_repeat_keeps_it_a_repeat(db: Path, clock: object) -> None:
    app = CardsApp(db, review=True, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "1")  # lit failed: b2... then lit again
        for _ in range(3):
            await pilot.press("space", "4")
        await pilot.pause()
        session = app.screen.session
        assert current_key(app) == "lit" and session.is_repeat
        assert progress(app) == (3, 4, 1)
        await pilot.press("b")  # the session ends: summary
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert buried_until(db, "lit") is not None
        await pilot.press("u")  # from the summary too
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert buried_until(db, "lit") is None
        assert current_key(app) == "lit" and app.screen.session.is_repeat
        assert progress(app) == (3, 4, 1)


@sync
async def test_failed_card_opens_the_next_session_the_same_day_as_a_repeat(
        db: Path, clock: object) -> None:
    app = CardsApp(db, review=True, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "4")  # lit passed
        await pilot.press("space", "2")  # cz failed
        await pilot.pause()
        await pilot.press("q")  # end the session before its repeat comes round
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
    clock.advance(hours=2)  # type: ignore[attr-defined]
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # home: review
        await pilot.pause()
        assert current_key(app) == "cz:c1"  # the failed card first
        assert app.screen.session.is_repeat
        assert "again" in str(app.screen.query_one("#review-status").render())
        assert progress(app) == (0, 3, 3)  # cz again, then b2 and b3
        await pilot.press("space")
        await pilot.pause()
        legend = str(app.screen.query_one(GradeLegend).render())
        assert "1d" not in legend  # a repeat leaves the schedule alone
        await pilot.press("5")
        await pilot.pause()
        assert reviews(db)[-1] == ("cz", 1, 5, "repeat")
        assert progress(app) == (1, 3, 2) and current_key(app) == "b2"


@sync
async def test_markup_looking_text_is_shown_literally(db: Path, clock: object) -> None:
    app = CardsApp(db, review=True, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        question = app.screen.query_one(CardFace).query_one("#question").render()
        assert str(question) == "What does [bold] do? [/] [1] [A] ... [B] <b>x</b>"
        assert list(question.spans) == []  # nothing was styled by "[bold]"
        await pilot.press("space")
        await pilot.pause()
        source = str(app.screen.query_one(CardFace).query_one("#source-line").render())
        assert source == "— Ada, notes/missing.txt:3"
        # And on screen, characters and all:
        screenshot = app.export_screenshot()
        assert "[bold]" in screenshot and "[A]&#160;...&#160;[B]" in screenshot


@sync
async def test_cloze_front_hides_and_back_highlights(db: Path, clock: object) -> None:
    app = CardsApp(db, review=True, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "4")
        await pilot.pause()
        assert current_key(app) == "cz:c1"
        assert question_text(app) == "The capital of France is [...]."
        await pilot.press("space")
        await pilot.pause()
        shown = app.screen.query_one(CardFace).query_one("#question").render()
        assert str(shown) == "The capital of France is Paris."
        start = len("The capital of France is ")
        assert [(s.start, s.end) for s in shown.spans] == [(start, start + len("Paris"))]


@sync
async def test_source_view_says_when_the_file_is_missing(db: Path, clock: object) -> None:
    app = CardsApp(db, review=True, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "s")  # revealed: the stored quote shows (else hidden)
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen)
        text = str(app.screen.query_one("#source-text").render())
        assert "source file not available" in text
        assert "a quote that [1] cites" in text
        heading = str(app.screen.query_one("#source-heading").render())
        assert "Ada" in heading and "notes/missing.txt:3" in heading
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)


@sync
async def test_source_view_shows_the_quote_in_context(
        db_path: Path, clock: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "notes"
    corpus.mkdir()
    (corpus / "essay.txt").write_text("".join(f"line {n}\n" for n in range(1, 11)) , "utf-8")
    deck = '''
[deck]
name = "src"

[[cards]]
id = "s1"
front = "Q"
back = "A"
[cards.source]
file = "notes/essay.txt"
line = 5
quote = "line 5"
author = "Bo"
'''
    db = make_collection(db_path, clock, deck)
    monkeypatch.chdir(tmp_path)
    app = CardsApp(db, review=True, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "s")  # revealed: the quote shows (else it is hidden)
        await pilot.pause()
        text = str(app.screen.query_one("#source-text").render())
        assert "5 │ line 5" in text and "2 │ line 2" in text and "8 │ line 8" in text
        assert "not available" not in text


@sync
async def test_bury_and_suspend_move_on_and_are_saved(db: Path, clock: object) -> None:
    from tui_helpers import statuses

    app = CardsApp(db, review=True, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert statuses(db)["lit"] == "suspended"
        assert current_key(app) == ORDER[1]
        await pilot.press("b")
        await pilot.pause()
        assert current_key(app) == ORDER[2]
    import sqlite3

    conn = sqlite3.connect(db)
    buried = conn.execute("SELECT buried_until FROM schedule WHERE card_id='cz'").fetchone()[0]
    conn.close()
    assert buried == "2026-03-08"


@sync
async def test_edit_in_place_updates_the_card_on_screen(db: Path, clock: object) -> None:
    from textual.widgets import TextArea

    from cards.tui.screens.card_form import CardFormScreen

    app = CardsApp(db, review=True, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, CardFormScreen)
        app.screen.query_one("#front", TextArea).text = "A [new] front"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert question_text(app) == "A [new] front"


@sync
async def test_escape_ends_with_a_summary_and_nothing_due_says_when(
        db: Path, clock: object) -> None:
    app = CardsApp(db, review=True, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "4")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        body = str(app.screen.query_one("#summary-body").render())
        assert "Cards reviewed      1" in body and "Left for later" in body
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    # Everything answered: the reviewer says when the next card is due.
    app = CardsApp(db, review=True, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        for _ in ORDER[1:]:
            await pilot.press("space", "5")
        await pilot.press("enter")
        await pilot.pause()
        app.start_review()
        await pilot.pause()
        empty = str(app.screen.query_one("#review-empty").render())
        assert "Nothing is due right now" in empty
        assert "tomorrow (Sun 8 Mar)" in empty


@sync
async def test_cram_logs_practice_without_moving_the_schedule(db: Path, clock: object) -> None:
    import sqlite3

    app = CardsApp(db, review=True, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        for _ in ORDER:
            await pilot.press("space", "5")
        await pilot.pause()
    conn = sqlite3.connect(db)
    before = conn.execute("SELECT card_id, ord, due FROM schedule ORDER BY 1, 2").fetchall()
    conn.close()
    app = CardsApp(db, cram=True, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and app.screen.session.cram
        await pilot.press("space")
        await pilot.pause()
        assert "schedule unchanged" in str(app.screen.query_one(GradeLegend).render())
        await pilot.press("3")
        await pilot.pause()
    assert reviews(db)[-1][3] == "cram"
    conn = sqlite3.connect(db)
    after = conn.execute("SELECT card_id, ord, due FROM schedule ORDER BY 1, 2").fetchall()
    conn.close()
    assert after == before
