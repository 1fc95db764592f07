"""The server stopped in the middle of a review session.

Service level, command line and the app (driven with Pilot): a clear message, no
traceback; no committed answer lost; the answer that failed is not shown as recorded
(its card stays), and answering again once the server is back records it once.

These tests stop a server, so they have one of their own (not the run's shared one).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from cards.collection import Collection
from cards.errors import CardsError, ExitCode, ServerUnreachableError
from cards.session import ReviewSession
from cards.tui.app import CardsApp
from cards.tui.screens.review import ReviewScreen
from cards.views import AnswerResult
from tests import postgres_server
from tests.conftest import review_log
from tests.test_opening import cards, refused
from tui_helpers import sync

pytestmark = pytest.mark.serial


@pytest.fixture(scope="module")
def fault_server(run_id: str) -> Iterator[Any]:
    server = postgres_server.start(postgres_server.data_folder(run_id, "-faults"))
    yield server
    postgres_server.remove(server)


@pytest.fixture
def server(fault_server: Any) -> Iterator[Any]:
    """The fault tests' server, running at the start and at the end of each test."""
    postgres_server.start_again(fault_server)
    yield fault_server
    postgres_server.start_again(fault_server)


def collection_of(server: Any, n: int) -> str:
    url = postgres_server.new_database(server, "fault")
    with Collection.open(url) as col:
        col.set_setting("timezone", "UTC")
        for i in range(n):
            col.add_card(front=f"question {i}", back=f"answer {i}")
    return url


def test_a_session_survives_the_server_going_away(server: Any) -> None:
    url = collection_of(server, 4)
    with Collection.open(url) as col:
        session = col.start_session()
        done = [session.answer(4).key, session.answer(5).key]
        waiting = session.current
        assert waiting is not None
        postgres_server.stop(server)
        with pytest.raises(ServerUnreachableError, match="cannot reach the PostgreSQL server"):
            session.answer(4)
        assert session.current is not None and session.current.key == waiting.key
        with pytest.raises(CardsError, match="cannot reach"):
            col.due()
        postgres_server.start_again(server)
        assert session.answer(4).key == waiting.key  # the same card, recorded now
        done.append(waiting.key)
        done.append(session.answer(5).key)
        assert session.current is None
        log = review_log(col)
    assert [key for key, _ord, _grade, _kind in log] == done
    assert [grade for _key, _ord, grade, _kind in log] == [4, 5, 4, 5]


class LostAcknowledgement:
    """The collection, except that one answer's COMMIT succeeds but its answer never
    reaches the caller (the server went away at that moment): the caller hears the
    error `cards` gives then."""

    def __init__(self, col: Collection) -> None:
        self.col = col
        self.lose_next = True

    def __getattr__(self, name: str) -> Any:
        return getattr(self.col, name)

    def answer(self, key: str, grade: int, **kw: Any) -> AnswerResult:
        result = self.col.answer(key, grade, **kw)
        if self.lose_next:
            self.lose_next = False
            raise ServerUnreachableError("lost the connection while saving")
        return result


def test_an_answer_whose_commit_was_not_acknowledged_is_not_recorded_twice(
        server: Any) -> None:
    url = collection_of(server, 2)
    with Collection.open(url) as col:
        session = ReviewSession(LostAcknowledgement(col))  # type: ignore[arg-type]
        key = session.current.key if session.current else None
        with pytest.raises(ServerUnreachableError):
            session.answer(4)
        assert session.current is not None and session.current.key == key
        assert session.answer(4).key == key  # the retry finds the committed answer
        session.answer(5)
        log = review_log(col)
    assert len(log) == 2 and log[0][0] == key


def test_commands_while_the_server_is_down(server: Any) -> None:
    url = collection_of(server, 2)
    with Collection.open(url) as col:
        key = col.due()[0].key
    postgres_server.stop(server)
    for command in (("answer", key, "4"), ("due",), ("stats",), ("add", "--front", "f",
                                                                  "--back", "b")):
        line = refused(cards("--db", url, *command), int(ExitCode.UNREACHABLE),
                       "cannot reach the PostgreSQL server")
        assert "Traceback" not in line
    postgres_server.start_again(server)
    done = cards("--db", url, "answer", key, "4")
    assert done.returncode == 0, done.stderr
    with Collection.open(url) as col:
        assert [entry[0] for entry in review_log(col)] == [key]


@sync
async def test_the_app_shows_a_message_and_keeps_the_card(server: Any) -> None:
    url = collection_of(server, 3)
    app = CardsApp(url, review=True)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("space", "4")
        await pilot.pause()
        current = screen.session.current
        assert current is not None
        postgres_server.stop(server)
        await pilot.press("space", "5")
        await pilot.pause()
        assert app.screen is screen and screen.session.current is not None
        assert screen.session.current.key == current.key  # not shown as recorded
        messages = [n.message for n in app._notifications]
        assert any("cannot reach the PostgreSQL server" in m for m in messages), messages
        postgres_server.start_again(server)
        await pilot.press("5")
        await pilot.pause()
        assert screen.session.current is None or screen.session.current.key != current.key
        log = review_log(app.collection)
    assert app.crash is None
    assert [entry[0] for entry in log] == [log[0][0], current.key]
    assert [entry[2] for entry in log] == [4, 5]


@sync
async def test_ending_a_session_while_the_server_is_down_shows_the_summary(
        server: Any) -> None:
    from cards.tui.screens.summary import SummaryScreen

    url = collection_of(server, 2)
    app = CardsApp(url, review=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("space", "4")
        await pilot.pause()
        postgres_server.stop(server)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        body = str(app.screen.query_one("#summary-body").render())
        assert "Cards reviewed      1" in body and "unknown" in body
        postgres_server.start_again(server)
    assert app.crash is None
