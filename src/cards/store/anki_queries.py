"""Queries behind the Anki round trip: what an import needs to find, and what it writes.

Bulk reads go in chunks of ids (SQLite's bound-parameter limit), bulk writes through
one executemany per table: an import of 10,000 notes and 100,000 answers must not
compile a statement per row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, insert, update
from sqlmodel import Session, col, select

from cards.store.models import CardRow, ReviewRow, ScheduleRow

_CHUNK = 500
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _chunks(ids: Sequence[str]) -> Iterable[list[str]]:
    for start in range(0, len(ids), _CHUNK):
        yield list(ids[start:start + _CHUNK])


def all_card_ids(session: Session) -> list[str]:
    """Every card id, to recognise the notes `cards` exported (GUID = hash of the id)."""
    return list(session.exec(select(CardRow.id)).all())


def cards_by_id(session: Session, ids: Sequence[str]) -> dict[str, CardRow]:
    found: dict[str, CardRow] = {}
    for chunk in _chunks(ids):
        for row in session.exec(select(CardRow).where(col(CardRow.id).in_(chunk))).all():
            found[row.id] = row
    return found


def schedules_by_card(session: Session, ids: Sequence[str]) -> dict[tuple[str, int], ScheduleRow]:
    found: dict[tuple[str, int], ScheduleRow] = {}
    for chunk in _chunks(ids):
        for row in session.exec(
                select(ScheduleRow).where(col(ScheduleRow.card_id).in_(chunk))).all():
            found[(row.card_id, row.ord)] = row
    return found


def answer_times_ms(session: Session, ids: Sequence[str]) -> set[tuple[str, int, int]]:
    """(card id, ord, milliseconds since the epoch) of every logged answer of these cards.

    Anki keeps answer times to the millisecond, so this is what tells a revlog row
    already in the log (imported before, or first exported from here) from a new one.
    """
    found: set[tuple[str, int, int]] = set()
    for chunk in _chunks(ids):
        for card_id, ord_, at in session.exec(
                select(ReviewRow.card_id, ReviewRow.ord, ReviewRow.reviewed_at)
                .where(col(ReviewRow.card_id).in_(chunk))).all():
            found.add((card_id, ord_, to_ms(at)))
    return found


def to_ms(moment: datetime) -> int:
    """Whole milliseconds since the epoch, exactly; a naive time (as SQLite hands it
    back) is UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment - _EPOCH) // timedelta(milliseconds=1)


def insert_rows(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """One executemany for many new rows of one table."""
    if rows:
        session.connection().execute(insert(table), rows)


def update_schedules(session: Session, rows: list[dict[str, Any]]) -> None:
    """Set the SM-2 state of many items at once; each row names card_id and ord."""
    if not rows:
        return
    table = ScheduleRow.__table__
    stmt = (update(table)
            .where(table.c.card_id == bindparam("k_card"), table.c.ord == bindparam("k_ord"))
            .values(repetitions=bindparam("repetitions"), interval=bindparam("interval"),
                    easiness=bindparam("easiness"), due=bindparam("due"),
                    lapses=bindparam("lapses"), last_review=bindparam("last_review"),
                    buried_until=bindparam("buried_until")))
    session.connection().execute(stmt, [
        {**{k: v for k, v in row.items() if k not in ("card_id", "ord")},
         "k_card": row["card_id"], "k_ord": row["ord"]} for row in rows])


def export_items(session: Session, ids: Sequence[str]) -> list[tuple[Any, ...]]:
    """(card_id, ord, repetitions, interval, easiness, due, lapses, buried_until) of these
    cards' items: plain tuples, since ORM rows cost a second per 10,000 items."""
    out: list[tuple[Any, ...]] = []
    for chunk in _chunks(ids):
        out += session.exec(select(  # type: ignore[call-overload]
            ScheduleRow.card_id, ScheduleRow.ord, ScheduleRow.repetitions, ScheduleRow.interval,
            ScheduleRow.easiness, ScheduleRow.due, ScheduleRow.lapses, ScheduleRow.buried_until,
        ).where(col(ScheduleRow.card_id).in_(chunk))).all()
    return out


def export_reviews(session: Session, ids: Sequence[str]) -> list[tuple[Any, ...]]:
    """The whole review log of these cards, oldest first, as (card_id, ord, reviewed_at,
    grade, kind, new before, interval_before, interval_after, easiness_after, duration_ms)."""
    rows: list[tuple[Any, ...]] = []
    for chunk in _chunks(ids):
        rows += session.exec(select(  # type: ignore[call-overload]
            ReviewRow.card_id, ReviewRow.ord, ReviewRow.reviewed_at, ReviewRow.grade,
            ReviewRow.kind, col(ReviewRow.due_before).is_(None), ReviewRow.interval_before,
            ReviewRow.interval_after, ReviewRow.easiness_after, ReviewRow.duration_ms,
            ReviewRow.id,
        ).where(col(ReviewRow.card_id).in_(chunk))).all()
    rows.sort(key=lambda r: (r[2], r[10]))
    return [tuple(r[:10]) for r in rows]
