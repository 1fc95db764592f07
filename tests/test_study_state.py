"""The study-state rule is defined once (`cards.study_state.RULE`): the SQL the store
generates from it names every row as the Python form does, on a real SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import delete, select

from cards.collection import Collection
from cards.store import CardRow, DeckRow, ScheduleRow
from cards.store.state_sql import state_case
from cards.study_state import state_of
from cards.vocabulary import CardStatus, StudyState
from tests.conftest import FIXED_NOW

TODAY = date(2026, 3, 7)
days = st.none() | st.integers(-3, 3).map(lambda n: TODAY + timedelta(days=n))
item = st.tuples(st.sampled_from(list(CardStatus)), days, st.integers(0, 3), days)



@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Collection]:
    """One collection file for all examples (hypothesis refuses per-test fixtures)."""
    path = tmp_path_factory.mktemp("study-state") / "collection.db"
    with Collection.open(path, now=lambda: FIXED_NOW) as col_:
        yield col_


def _store(
    collection: Collection, rows: list[tuple[CardStatus, date | None, int, date | None]]
) -> None:
    with collection.store.write() as session:
        session.exec(delete(ScheduleRow))  # type: ignore[call-overload]
        session.exec(delete(CardRow))  # type: ignore[call-overload]
        deck = session.exec(select(DeckRow)).first()
        if deck is None:
            deck = DeckRow(name="d", created_at=FIXED_NOW)
            session.add(deck)
            session.flush()
        assert deck.id is not None
        for n, (status, due, reps, buried) in enumerate(rows):
            session.add(CardRow(id=f"c{n}", deck_id=deck.id, seq=n, type="basic", front="f",
                                back="b", status=status, created_at=FIXED_NOW,
                                modified_at=FIXED_NOW))
            session.flush()
            session.add(ScheduleRow(card_id=f"c{n}", ord=0, repetitions=reps, due=due,
                                    buried_until=buried))


COLUMNS = {"status": "c.status", "due": "s.due", "repetitions": "s.repetitions",
           "buried_until": "s.buried_until"}


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(item, min_size=1, max_size=12), today=days.filter(lambda d: d is not None))
def test_sql_and_python_name_every_item_alike(
    collection: Collection, rows: list[tuple[CardStatus, date | None, int, date | None]],
    today: date,
) -> None:
    _store(collection, rows)
    with collection.store.reading() as repos:
        tx = repos.tx
        state, params = state_case(COLUMNS, today)
        got = dict(tx.run(f"SELECT c.id, {state} FROM card c"
                          " JOIN schedule s ON s.card_id = c.id", tx.params(params)).fetchall())
        # the form `cards stats` uses: status known, only the schedule read
        state, params = state_case({k: v for k, v in COLUMNS.items() if k != "status"}, today,
                                   known={"status": CardStatus.ACTIVE})
        active_only = dict(tx.run(f"SELECT s.card_id, {state} FROM schedule s",
                                  tx.params(params)).fetchall())
    for n, (status, due, reps, buried) in enumerate(rows):
        expected = state_of(status, due, reps, buried, today)
        assert got[f"c{n}"] == expected
        assert active_only[f"c{n}"] == state_of(CardStatus.ACTIVE, due, reps, buried, today)


def test_rule_covers_the_documented_states() -> None:
    """Each state of the README's vocabulary comes out of the rule for some item."""
    seen = {state_of(status, due, reps, buried, TODAY)
            for status in CardStatus if status != CardStatus.DELETED
            for due in (None, TODAY)
            for reps in (0, 1)
            for buried in (None, TODAY + timedelta(days=1))}
    assert seen == set(StudyState)
    assert state_of("active", None, 0, TODAY, TODAY) == "new"  # buried until today: over
    assert state_of("active", TODAY, 0, None, TODAY) == "learning"
    assert state_of("active", TODAY, 2, None, TODAY) == "review"
    assert state_of("suspended", TODAY, 2, TODAY + timedelta(days=1), TODAY) == "suspended"
