"""The review log: append-only answers (triggers refuse changes; only undo of the
latest answer removes a row)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from cards.scheduler import ItemState
from cards.store.tx import Repository, Tx
from cards.views import ReviewView, item_key
from cards.vocabulary import SCHEDULING_KINDS, AnswerKind

if TYPE_CHECKING:
    from sqlmodel import Session


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
_LATEST = f"SELECT id, {_REVIEW_COLUMNS} FROM review ORDER BY id DESC LIMIT 1"
_KINDS = ", ".join(["?"] * len(SCHEDULING_KINDS))
_LAST_GRADES = ("SELECT card_id, ord, grade FROM review"
                f" WHERE kind IN ({_KINDS}) AND reviewed_at >= ? AND reviewed_at < ? ORDER BY id")
_DONE_BY_DECK = ("SELECT c.deck_id, r.due_before IS NULL, count(*)"
                 " FROM review r JOIN card c ON c.id = r.card_id"
                 " WHERE r.kind = ? AND r.reviewed_at >= ? AND r.reviewed_at < ?"
                 " GROUP BY c.deck_id, r.due_before IS NULL")
_HISTORY = ("SELECT card_id, ord, reviewed_at, grade, kind, interval_after, due_after,"
            " duration_ms FROM review WHERE card_id = ? ORDER BY id DESC LIMIT ?")
_LAST_REVIEW_TIME = ("SELECT max(reviewed_at) FROM review"
                     " WHERE card_id = ? AND ord = ? AND kind = ? AND id != ?")
_REVIEW_TIMES = "SELECT reviewed_at FROM review WHERE kind = ? AND reviewed_at >= ?"
_REVIEW = str(AnswerKind.REVIEW)
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
    def of(cls, row: Sequence[Any], day: Any = None) -> LoggedAnswer:
        """A logged answer from a driver row: the id, then `_REVIEW_COLUMNS`."""
        (id_, cid, o, reviewed, grade, kind, rb, ib, eb, db, lb, ra, ia, ea, da, la,
         duration, leeched) = row
        day = day or Tx.day
        return cls(id_, cid, o, _utc(reviewed), grade, kind,
                   ItemState(rb, ib, eb, day(db), lb), ItemState(ra, ia, ea, day(da), la),
                   duration, bool(leeched))


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
        row = self._tx.one(_LATEST)
        return LoggedAnswer.of(row, self._tx.day) if row is not None else None

    def logged_at(self, card_id: str, ord_: int, at: datetime) -> LoggedAnswer | None:
        """The item's answer logged at exactly `at`, if there is one (a retried answer
        finds the first attempt's row so)."""
        tx = self._tx
        row = tx.one(_LOGGED_AT, (card_id, ord_, tx.time_param(at)))
        return LoggedAnswer.of(row, tx.day) if row is not None else None

    def remove(self, review_id: int) -> None:
        """Delete one row: only undo does, of the latest (the triggers allow no other)."""
        self._tx.write("DELETE FROM review WHERE id = ?", (review_id,))

    def last_review_time(self, card_id: str, ord_: int, *, besides: int) -> datetime | None:
        """When the item was last reviewed (scheduled answers), leaving out one row."""
        return self._tx.time(self._tx.value(_LAST_REVIEW_TIME,
                                            (card_id, ord_, _REVIEW, besides)))

    def history(self, card_id: str, limit: int) -> list[ReviewView]:
        """A card's latest answers, newest first."""
        day, time = self._tx.day, self._tx.time
        return [ReviewView(item_key(cid, o), time(at), grade, kind, interval, day(due),  # type: ignore[arg-type]
                           duration)
                for cid, o, at, grade, kind, interval, due, duration
                in self._tx.run(_HISTORY, (card_id, limit)).fetchall()]

    def done_since_by_deck(
        self, since: datetime, until: datetime
    ) -> dict[int, tuple[int, int]]:
        """(new items introduced, reviews of seen items) in [since, until), per deck, in
        one pass. The end bound matters after the clock was set back: answers dated
        later than today are not today's."""
        tx = self._tx
        done: dict[int, tuple[int, int]] = {}
        for deck_id, new, count in tx.run(
                _DONE_BY_DECK, (_REVIEW, tx.time_param(since), tx.time_param(until))):
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
        tx = self._tx
        last: dict[tuple[str, int], int] = {}
        for cid, o, grade in tx.run(_LAST_GRADES, (*map(str, SCHEDULING_KINDS),
                                                   tx.time_param(since), tx.time_param(until))):
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
        where = f"r.kind IN ({', '.join(['?'] * len(kinds))})"
        params: list[object] = [str(k) for k in kinds]
        if card_id is not None:
            where += " AND r.card_id = ? AND r.ord = ?"
            params += [card_id, ord_]
        else:
            where += (" AND r.card_id IN (SELECT id FROM card WHERE deck_id IN "
                      f"({', '.join(['?'] * len(deck_ids)) or 'NULL'}))")
            params += list(deck_ids)
        rows = self._tx.run(
            "SELECT r.card_id, r.ord, r.reviewed_at, r.grade, r.kind FROM review r "
            f"WHERE {where} ORDER BY r.card_id, r.ord, r.reviewed_at, r.id", params).fetchall()
        return [Answer(c, o, _utc(at), g, k) for c, o, at, g, k in rows]

    def review_times(self, since: datetime) -> list[datetime]:
        """When each scheduled answer since `since` was given."""
        return [_utc(at) for (at,) in self._tx.run(
            _REVIEW_TIMES, (_REVIEW, self._tx.time_param(since)))]
