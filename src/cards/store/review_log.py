"""The review log: append-only answers (triggers refuse changes; only undo of the
latest answer removes a row)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NamedTuple

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from cards.scheduler import ItemState
from cards.store.dialect import words
from cards.store.models import CardRow, ReviewRow
from cards.store.tx import Repository, Tx
from cards.views import ReviewView, item_key
from cards.vocabulary import SCHEDULING_KINDS, AnswerKind


def _utc(stored: str | datetime) -> datetime:
    """A UTC time as the driver returns it: SQLite's text, or an aware datetime."""
    if isinstance(stored, datetime):
        return stored.astimezone(UTC) if stored.tzinfo else stored.replace(tzinfo=UTC)
    return datetime.fromisoformat(stored).replace(tzinfo=UTC)


_REVIEW_COLUMNS = ("card_id, ord, reviewed_at, grade, kind, reps_before, interval_before,"
                   " easiness_before, due_before, lapses_before, reps_after, interval_after,"
                   " easiness_after, due_after, lapses_after, duration_ms, leeched")
_APPEND = (f"INSERT INTO review ({_REVIEW_COLUMNS}) VALUES"
           f" ({', '.join(['?'] * 17)}) RETURNING id")
_LOGGED_AT = (f"SELECT id, {_REVIEW_COLUMNS} FROM review WHERE card_id = ? AND ord = ?"
              " AND reviewed_at = ? ORDER BY id DESC LIMIT 1")
_LAST_GRADE = ("SELECT grade FROM review WHERE card_id = ? AND ord = ?"
               f" AND kind IN ({', '.join(['?'] * len(SCHEDULING_KINDS))})"
               " AND reviewed_at >= ? AND reviewed_at < ? ORDER BY id DESC LIMIT 1")


class Answer(NamedTuple):
    """One logged answer, as a replay reads it."""

    card_id: str
    ord: int
    at: datetime
    grade: int
    kind: str


@dataclass(frozen=True, slots=True)
class LoggedAnswer:
    """One row of the log, as undo and history need it."""

    id: int
    card_id: str
    ord: int
    reviewed_at: datetime
    grade: int
    kind: str
    before: ItemState
    after: ItemState
    duration_ms: int
    leeched: bool

    @classmethod
    def of(cls, row: ReviewRow) -> LoggedAnswer:
        assert row.id is not None
        return cls(
            row.id, row.card_id, row.ord, row.reviewed_at, row.grade, row.kind,
            ItemState(row.reps_before, row.interval_before, row.easiness_before,
                      row.due_before, row.lapses_before),
            ItemState(row.reps_after, row.interval_after, row.easiness_after,
                      row.due_after, row.lapses_after),
            row.duration_ms, row.leeched)


class ReviewLogRepository(Repository):
    def __init__(self, tx: Tx | Session) -> None:
        super().__init__(tx)

    def append(
        self, card_id: str, ord_: int, *, at: datetime, grade: int, kind: str,
        before: ItemState, after: ItemState, duration_ms: int, leeched: bool,
    ) -> int:
        """Log one answer; its id. One driver INSERT ... RETURNING, no ORM row."""
        tx = self._tx
        day = tx.day_param
        row = tx.write(_APPEND, (
            card_id, ord_, tx.time_param(at), grade, str(kind),
            before.repetitions, before.interval, before.easiness_h, day(before.due),
            before.lapses, after.repetitions, after.interval, after.easiness_h,
            day(after.due), after.lapses, duration_ms, bool(leeched))).fetchone()
        return int(row[0])

    def latest(self) -> LoggedAnswer | None:
        """The newest row. LIMIT 1 on the rowid: O(1) however long the log (without it
        the ORM fetched every row: 18 s and 2 GB at 1,000,000 reviews)."""
        row = self._session.exec(
            select(ReviewRow).order_by(col(ReviewRow.id).desc()).limit(1)).first()
        return LoggedAnswer.of(row) if row is not None else None

    def logged_at(self, card_id: str, ord_: int, at: datetime) -> LoggedAnswer | None:
        """The item's answer logged at exactly `at`, if there is one (a retried answer
        finds the first attempt's row so)."""
        tx = self._tx
        row = tx.run(_LOGGED_AT, (card_id, ord_, tx.time_param(at))).fetchone()
        if row is None:
            return None
        (id_, cid, o, reviewed, grade, kind, rb, ib, eb, db, lb, ra, ia, ea, da, la,
         duration, leeched) = row
        return LoggedAnswer(id_, cid, o, _utc(reviewed), grade, kind,
                            ItemState(rb, ib, eb, tx.day(db), lb),
                            ItemState(ra, ia, ea, tx.day(da), la), duration, bool(leeched))

    def remove(self, review_id: int) -> None:
        """Delete one row: only undo does, of the latest (the triggers allow no other)."""
        self._session.execute(delete(ReviewRow).where(col(ReviewRow.id) == review_id))

    def last_review_time(self, card_id: str, ord_: int, *, besides: int) -> datetime | None:
        """When the item was last reviewed (scheduled answers), leaving out one row."""
        return self._session.exec(
            select(func.max(ReviewRow.reviewed_at)).where(
                ReviewRow.card_id == card_id, ReviewRow.ord == ord_,
                ReviewRow.kind == AnswerKind.REVIEW, ReviewRow.id != besides)).one()

    def history(self, card_id: str, limit: int) -> list[ReviewView]:
        """A card's latest answers, newest first."""
        rows = self._session.exec(select(ReviewRow).where(ReviewRow.card_id == card_id)
                                  .order_by(col(ReviewRow.id).desc()).limit(limit)).all()
        return [ReviewView(item_key(r.card_id, r.ord), r.reviewed_at, r.grade, r.kind,
                           r.interval_after, r.due_after, r.duration_ms) for r in rows]

    def done_since_by_deck(
        self, since: datetime, until: datetime
    ) -> dict[int, tuple[int, int]]:
        """(new items introduced, reviews of seen items) in [since, until), per deck, in
        one pass. The end bound matters after the clock was set back: answers dated
        later than today are not today's."""
        is_new = col(ReviewRow.due_before).is_(None)
        rows = self._session.exec(
            select(CardRow.deck_id, is_new, func.count())
            .join(CardRow, col(CardRow.id) == ReviewRow.card_id)
            .where(ReviewRow.kind == AnswerKind.REVIEW, col(ReviewRow.reviewed_at) >= since,
                   col(ReviewRow.reviewed_at) < until)
            .group_by(col(CardRow.deck_id), is_new)
        ).all()
        done: dict[int, tuple[int, int]] = {}
        for deck_id, new, count in rows:
            new_n, rev_n = done.get(deck_id, (0, 0))
            done[deck_id] = (new_n + count, rev_n) if new else (new_n, rev_n + count)
        return done

    def last_grades(
        self, since: datetime, until: datetime, card_id: str | None = None,
        ord_: int | None = None,
    ) -> dict[tuple[str, int], int]:
        """The latest scheduled-or-repeat grade of each item answered in [since, until),
        in the order of those latest answers (one item only, if `card_id` and `ord_`).
        A failure dated after `until` (the clock was set back since) is not today's."""
        if card_id is not None:
            return self._last_grade_of(since, until, card_id, ord_ or 0)
        stmt = (select(ReviewRow.card_id, ReviewRow.ord, ReviewRow.grade)
                .where(col(ReviewRow.kind).in_(SCHEDULING_KINDS),
                       col(ReviewRow.reviewed_at) >= since, col(ReviewRow.reviewed_at) < until)
                .order_by(col(ReviewRow.id)))
        last: dict[tuple[str, int], int] = {}
        for cid, o, grade in self._session.exec(stmt).all():
            last.pop((cid, o), None)  # keep the order of the latest answers
            last[(cid, o)] = grade
        return last

    def _last_grade_of(
        self, since: datetime, until: datetime, card_id: str, ord_: int
    ) -> dict[tuple[str, int], int]:
        """`last_grades` of one item: one driver statement (asked before every answer),
        down ix_review_item_time (only today's answers are read)."""
        tx = self._tx
        row = tx.run(_LAST_GRADE, (card_id, ord_, *map(str, SCHEDULING_KINDS), tx.time_param(since),
                                   tx.time_param(until))).fetchone()
        return {} if row is None else {(card_id, ord_): int(row[0])}

    def answers_of_decks(
        self, deck_ids: Sequence[int], kinds: Sequence[str], *, card_id: str | None = None,
        ord_: int | None = None,
    ) -> list[Answer]:
        """Every logged answer of these kinds to items of these decks' cards (or to one
        item), item by item and in the order given (time, then log id).

        Read through the driver (rows as it returns them, the times parsed here): a
        replay reads 100,000 answers, and typed Core rows cost a second of them."""
        conn = self._session.connection()
        mark = words(conn).PLACEHOLDER
        where = f"r.kind IN ({', '.join([mark] * len(kinds))})"
        params: list[object] = list(kinds)
        if card_id is not None:
            where += f" AND r.card_id = {mark} AND r.ord = {mark}"
            params += [card_id, ord_]
        else:
            where += (f" AND r.card_id IN (SELECT id FROM card WHERE deck_id IN "
                      f"({', '.join([mark] * len(deck_ids)) or 'NULL'}))")
            params += list(deck_ids)
        rows = conn.exec_driver_sql(
            "SELECT r.card_id, r.ord, r.reviewed_at, r.grade, r.kind FROM review r "
            f"WHERE {where} ORDER BY r.card_id, r.ord, r.reviewed_at, r.id",
            tuple(params)).fetchall()
        return [Answer(c, o, _utc(at), g, k) for c, o, at, g, k in rows]

    def review_times(self, since: datetime) -> list[datetime]:
        """When each scheduled answer since `since` was given."""
        return list(self._session.exec(
            select(ReviewRow.reviewed_at).where(
                ReviewRow.kind == AnswerKind.REVIEW, ReviewRow.reviewed_at >= since)).all())

