"""The answer path's driver statements (`store.tx`): what they write is what the ORM
reads, on both engines, and driver statements and ORM rows see each other's changes
inside one transaction."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlmodel import select

import cards.store.engine as engine
from cards.collection import Collection
from cards.errors import InvalidInputError
from cards.scheduler import ItemState
from cards.store.models import CardRow, ReviewRow, ScheduleRow
from cards.vocabulary import AnswerKind
from tests.conftest import Clock


def _review_rows(col: Collection) -> list[ReviewRow]:
    with col.store.read() as session:
        return list(session.exec(select(ReviewRow).order_by(ReviewRow.id)).all())


def test_a_logged_answer_reads_back_through_the_orm(any_col: Collection) -> None:
    card = any_col.add_card(front="q", back="a")
    result = any_col.answer(card.id, 4, duration_ms=1234)
    [row] = _review_rows(any_col)
    assert row.id == result.review_id
    assert (row.card_id, row.ord, row.grade, row.kind) == (card.id, 0, 4, AnswerKind.REVIEW)
    assert row.reviewed_at.astimezone(UTC) == any_col.now()
    assert (row.reps_before, row.interval_before, row.due_before) == (0, 0, None)
    assert (row.reps_after, row.interval_after, row.easiness_after, row.due_after) == (
        result.after.repetitions, result.after.interval, result.after.easiness_h,
        result.after.due)
    assert (row.duration_ms, row.leeched) == (1234, False)
    with any_col.store.read() as session:
        sched = session.get(ScheduleRow, (card.id, 0))
    assert sched is not None
    assert (sched.repetitions, sched.interval, sched.due, sched.sm2_due) == (
        result.after.repetitions, result.after.interval, result.after.due, result.after.due)
    assert sched.last_review is not None and sched.last_review.astimezone(UTC) == any_col.now()
    assert any_col.item(card.id).state == result.after


def test_a_retry_finds_its_first_attempt_whatever_the_time_looks_like(
    any_col: Collection,
) -> None:
    """The retry compares the stored time with the one given: whole seconds, and a time
    given in another zone, are the same instant written the same way."""
    first_card = any_col.add_card(front="q1", back="a")
    second_card = any_col.add_card(front="q2", back="a")
    whole = datetime(2026, 3, 7, 9, 30, tzinfo=UTC)
    zoned = datetime(2026, 3, 7, 11, 30, 0, 250, tzinfo=timezone(timedelta(hours=2)))
    for card, at in ((first_card, whole), (second_card, zoned)):
        first = any_col.answer(card.id, 5, answered_at=at)
        again = any_col.answer(card.id, 1, answered_at=at, retried=True)
        assert (again.review_id, again.grade) == (first.review_id, 5)
    assert [r.grade for r in _review_rows(any_col)] == [5, 5]


def test_a_failure_today_makes_the_next_answer_a_repeat_after_a_long_history(
    any_col: Collection, clock: Clock,
) -> None:
    """The last grade of today is found among many older answers (ix_review_item_time
    reads only today's), and yesterday's failure does not count."""
    card = any_col.add_card(front="q", back="a")
    for _day in range(12):
        any_col.answer(card.id, 5, kind="cram")
        clock.advance(days=1)
    any_col.answer(card.id, 1, kind="review")
    assert any_col.answer_kind(card.id) == AnswerKind.REPEAT
    assert any_col.answer(card.id, 3).kind == AnswerKind.REPEAT
    clock.advance(days=1)
    assert any_col.answer_kind(card.id) != AnswerKind.REPEAT


def test_driver_statements_and_orm_rows_see_each_other_in_one_transaction(
    any_col: Collection,
) -> None:
    card = any_col.add_card(front="q", back="a")
    before = any_col.item(card.id)
    with any_col.store.writing() as repos:
        row = repos.session.get(CardRow, card.id)
        sched = repos.session.get(ScheduleRow, (card.id, 0))
        assert row is not None and sched is not None and sched.repetitions == 0
        row.front = "changed, not flushed"
        seen = repos.cards.get(card.id)  # a driver read: the ORM change is flushed first
        assert seen is not None and seen.front == "changed, not flushed"
        later = ItemState(3, 6, 250, before.card.created_at.date(), 0)
        assert repos.schedule.write_state(card.id, 0, later, None)
        assert sched.repetitions == 3  # the ORM row was reloaded after the driver write
        assert not repos.schedule.write_state("no-such-card", 0, later, None)
    assert any_col.get_card(card.id).front == "changed, not flushed"
    assert any_col.item(card.id).state.repetitions == 3


def test_a_failed_answer_leaves_nothing_behind(any_col: Collection) -> None:
    """An answer that is refused inside its transaction writes nothing (the driver
    statements roll back with it)."""
    card = any_col.add_card(front="q", back="a")
    any_col.suspend(card.id)
    with pytest.raises(InvalidInputError, match="suspended"):
        any_col.answer(card.id, 4)
    assert _review_rows(any_col) == []
    assert any_col.item(card.id).state.repetitions == 0


def test_an_answer_reads_its_card_deck_and_items_once(
        col: Collection, db_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every statement is a round trip on the hot path: the card comes with its deck's
    name, the deck row is read once for both the scheduler and the burying rule, and
    the card's own other items come from the read that found the item."""
    col.add_card(front="q", back="a", concept="tides")
    col.add_card(front="q2", back="a2", concept="tides")
    col.add_card(text="The {{c1::moon}} pulls the {{c2::sea}}.")
    keys = [item.key for item in col.due()]
    col.close()
    statements: list[str] = []
    plain = engine.connect

    def traced(where: Path) -> sqlite3.Connection:
        conn = plain(where)
        conn.set_trace_callback(lambda s: statements.append(" ".join(s.split()).upper()))
        return conn

    monkeypatch.setattr(engine, "connect", traced)
    with Collection.open(db_path, now=clock) as again:
        for key in keys[:1] + [k for k in keys if k.endswith(":c1")]:
            statements.clear()
            result = again.answer(key, 4)
            reads = [s for s in statements if s.startswith("SELECT")]
            assert sum(" FROM DECK " in s or s.endswith(" FROM DECK") for s in reads) == 1
            assert sum(" FROM CARD C " in s and "WHERE C.ID =" in s for s in reads) == 1
            assert sum(s.startswith("SELECT S.ORD FROM SCHEDULE") for s in reads) == 0
            assert result.buried  # the sibling (same concept, or the other deletion)
