"""Counts behind `cards stats` and the stats screen: items by state, what falls due,
how the scheduled answers went.

Review times are stored in UTC; grouping them by study day needs the user's time
zone, so the per-day grouping is left to the caller (against day boundaries computed
in Python) rather than done with SQLite's date functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import case
from sqlmodel import Session, col, func, select

from cards.store import dialect
from cards.store.models import CardRow, ReviewRow, ScheduleRow
from cards.store.state_sql import state_case
from cards.store.tx import Repository, Tx
from cards.vocabulary import AnswerKind, CardStatus, StudyState

#: The order `state_counts` lists states in (the JSON `items` object keeps it).
COUNT_ORDER = (StudyState.NEW, StudyState.LEARNING, StudyState.REVIEW, StudyState.BURIED,
               StudyState.SUSPENDED, StudyState.DRAFT, StudyState.REJECTED)


@dataclass(frozen=True, slots=True)
class AnswerCounts:
    """Scheduled answers since a day: all, passed (of seen items), of seen items,
    today's, and today's first answers of new items."""

    total: int
    passed: int
    seen: int
    today: int
    new_today: int


def _item_state(today: date) -> Any:
    """An item's state from its schedule row alone, as if its card were active (the
    items of cards that are not are counted apart)."""
    return state_case(
        {"due": ScheduleRow.due, "repetitions": ScheduleRow.repetitions,
         "buried_until": ScheduleRow.buried_until},
        today, known={"status": CardStatus.ACTIVE})


class StatsRepository(Repository):
    def __init__(self, tx: Tx | Session) -> None:
        super().__init__(tx)

    def state_counts(self, today: date) -> dict[str, int]:
        """Review items by state: new, learning, review, buried for active cards; the
        card's status (suspended, draft, rejected) for the others; deleted cards not at
        all.

        Joining every item to its card cost 0.3 s at 100,000 cards, so all items are
        counted from the schedule alone, and the (usually few) items of cards that are
        not active are counted through the card status index and taken off.
        """
        state = _item_state(today)
        every = dict(self._session.exec(
            select(state, func.count()).select_from(ScheduleRow).group_by(state)).all())
        inactive = self._session.exec(
            select(CardRow.status, state, func.count()).select_from(CardRow)
            .join(ScheduleRow, col(ScheduleRow.card_id) == dialect.card_id_not_driving())
            .where(CardRow.status != CardStatus.ACTIVE).group_by(CardRow.status, state)).all()
        counts = {str(k): 0 for k in COUNT_ORDER}
        for key, count in every.items():
            counts[str(key)] += int(count)
        for status, item_state, count in inactive:
            counts[str(item_state)] -= int(count)
            if status != CardStatus.DELETED:
                counts[str(status)] = counts.get(str(status), 0) + int(count)
        return counts

    def due_counts(self, today: date) -> tuple[int, int, int]:
        """Items of active cards due by today, tomorrow, and in the 6 days after."""
        week = today + timedelta(days=7)
        tomorrow = today + timedelta(days=1)
        due = col(ScheduleRow.due)
        row = self._session.exec(
            select(
                func.sum(case((due <= today, 1), else_=0)),
                func.sum(case((due == tomorrow, 1), else_=0)),
                func.sum(case(((due > today) & (due <= week), 1), else_=0)),
            ).select_from(ScheduleRow).join(CardRow, col(CardRow.id) == ScheduleRow.card_id)
            .where(CardRow.status == CardStatus.ACTIVE, due.is_not(None), due <= week)).one()
        due_today, due_tomorrow, due_week = (int(v or 0) for v in row)
        return due_today, due_tomorrow, due_week

    def answers(
        self, since: datetime, start_today: datetime, end_today: datetime
    ) -> AnswerCounts:
        """How the scheduled answers in [since, end_today) went (see `AnswerCounts`)."""
        seen = col(ReviewRow.due_before).is_not(None)
        at = col(ReviewRow.reviewed_at)
        total, passed, seen_n, today_n, new_today = self._session.exec(
            select(  # type: ignore[call-overload]
                func.count(),
                func.sum(case((seen & (col(ReviewRow.grade) >= 3), 1), else_=0)),
                func.sum(case((seen, 1), else_=0)),
                func.sum(case((at >= start_today, 1), else_=0)),
                func.sum(case(((at >= start_today) & ~seen, 1), else_=0)),
            ).where(ReviewRow.kind == AnswerKind.REVIEW, at >= since, at < end_today)).one()
        return AnswerCounts(int(total or 0), int(passed or 0), int(seen_n or 0),
                            int(today_n or 0), int(new_today or 0))

    def due_per_day(self, last: date) -> list[tuple[date, int]]:
        """Items of active cards due on each day up to `last` (overdue days included)."""
        due = col(ScheduleRow.due)
        return [(day, int(n)) for day, n in self._session.exec(
            select(due, func.count()).select_from(ScheduleRow)
            .join(CardRow, col(CardRow.id) == ScheduleRow.card_id)
            .where(CardRow.status == CardStatus.ACTIVE, due.is_not(None), due <= last)
            .group_by(due)).all() if day is not None]
