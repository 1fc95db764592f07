"""Queries behind the collection's reviewing: today's answers, due items, pending repeats.

Each takes an open session and returns plain keys or rows. Several are shaped for
SQLite's planner on a collection without ANALYZE statistics (users' files have none);
the docstrings say why, with the figures measured at 100,000 cards.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, literal_column
from sqlmodel import Session, col, select

from cards.store.models import CardRow, ReviewRow, ScheduleRow


def done_today_by_deck(
    session: Session, since: datetime, until: datetime
) -> dict[int, tuple[int, int]]:
    """(new items introduced, reviews of seen items) in [since, until), per deck, in one
    pass. The end bound matters after the clock was set back: answers dated later than
    today are not today's."""
    is_new = col(ReviewRow.due_before).is_(None)
    rows = session.exec(
        select(CardRow.deck_id, is_new, func.count())
        .join(CardRow, col(CardRow.id) == ReviewRow.card_id)
        .where(ReviewRow.kind == "review", ReviewRow.reviewed_at >= since,
               ReviewRow.reviewed_at < until)
        .group_by(CardRow.deck_id, is_new)
    ).all()
    done: dict[int, tuple[int, int]] = {}
    for deck_id, new, count in rows:
        new_n, rev_n = done.get(deck_id, (0, 0))
        done[deck_id] = (new_n + count, rev_n) if new else (new_n, rev_n + count)
    return done


def items_per_deck(session: Session) -> dict[int, int]:
    """Review items of accepted (active or suspended) cards, per deck id."""
    rows = session.exec(
        select(CardRow.deck_id, func.count()).select_from(ScheduleRow)
        .join(CardRow, col(CardRow.id) == ScheduleRow.card_id)
        .where(col(CardRow.status).in_(("active", "suspended")))
        .group_by(CardRow.deck_id)).all()
    return {int(deck_id): int(count) for deck_id, count in rows}


def active_items(deck_id: int | None, today: date) -> Any:
    """Schedule and card rows of studyable items: active cards, not buried past today."""
    query = (
        select(ScheduleRow, CardRow)
        .join(CardRow, col(CardRow.id) == ScheduleRow.card_id)
        .where(CardRow.status == "active")
        .where(col(ScheduleRow.buried_until).is_(None) | (ScheduleRow.buried_until <= today))
    )
    if deck_id is not None:
        query = query.where(CardRow.deck_id == deck_id)
    return query


def count_items(
    session: Session, deck_id: int, today: date, *, new: bool, cap: int | None = None
) -> int:
    """Due (or new) items of a deck, counted up to `cap`.

    Summaries show at most what today's limit allows, so they pass the limit as
    `cap`: counting every new item of a 20,000-card deck took 50 ms per query.
    """
    query = (
        select(ScheduleRow.card_id)
        .join(CardRow, col(CardRow.id) == ScheduleRow.card_id)
        .where(CardRow.status == "active")
        .where(col(ScheduleRow.buried_until).is_(None) | (ScheduleRow.buried_until <= today))
    )
    query = (query.where(CardRow.deck_id == deck_id, unseen()) if new else
             query.where(in_deck_via_due(deck_id), ScheduleRow.due <= today))
    if cap is not None:
        query = query.limit(cap)
    return session.exec(select(func.count()).select_from(query.subquery())).one()


def last_grades(
    session: Session, since: datetime, until: datetime, card_id: str | None = None,
    ord_: int | None = None,
) -> dict[tuple[str, int], int]:
    """The latest scheduled-or-repeat grade of each item answered in [since, until), in
    the order of those latest answers (one item only, if `card_id` and `ord_` are given).
    A failure dated after `until` (the clock was set back since) is not today's."""
    stmt = (select(ReviewRow.card_id, ReviewRow.ord, ReviewRow.grade)
            .where(col(ReviewRow.kind).in_(("review", "repeat")),
                   ReviewRow.reviewed_at >= since, ReviewRow.reviewed_at < until)
            .order_by(ReviewRow.id))
    if card_id is not None:
        stmt = stmt.where(ReviewRow.card_id == card_id, ReviewRow.ord == ord_)
    last: dict[tuple[str, int], int] = {}
    for cid, o, grade in session.exec(stmt).all():
        last.pop((cid, o), None)  # keep the order of the latest answers
        last[(cid, o)] = grade
    return last


def due_review_keys(
    session: Session, due_items: Any, quotas: dict[int, int], limit: int | None
) -> list[tuple[Any, ...]]:
    """Due review keys, oldest first, at most `quotas[deck]` per deck and `limit` in all.

    One walk down ix_schedule_due for all decks, stopping once the quotas or the
    limit are met: a query per deck cost a walk through the other decks' backlog
    each time.
    """
    wanted = {deck_id: quota for deck_id, quota in quotas.items() if quota > 0}
    total = sum(wanted.values())
    if limit is not None:
        total = min(total, limit)
    if not total:
        return []
    stmt = (due_items.add_columns(CardRow.deck_id)
            .where((CardRow.deck_id + 0).in_(list(wanted)))
            .order_by(ScheduleRow.due, CardRow.seq, ScheduleRow.ord)
            .execution_options(yield_per=256))
    out: list[tuple[Any, ...]] = []
    result = session.exec(stmt)
    for row in result:
        if wanted[row[4]] > 0:
            wanted[row[4]] -= 1
            out.append(tuple(row[:4]))
            if len(out) == total:
                break
    result.close()
    return out


def item_rows(
    session: Session, keys: Sequence[tuple[str, int]]
) -> dict[tuple[str, int], tuple[ScheduleRow, CardRow]]:
    """Schedule and card rows for (card id, ord) keys, loaded in chunks."""
    wanted = set(keys)
    ids = sorted({card_id for card_id, _ord in keys})
    found: dict[tuple[str, int], tuple[ScheduleRow, CardRow]] = {}
    for start in range(0, len(ids), 500):
        for sched, card in session.exec(
            select(ScheduleRow, CardRow).join(CardRow, col(CardRow.id) == ScheduleRow.card_id)
            .where(col(ScheduleRow.card_id).in_(ids[start:start + 500]))
        ).all():
            if (sched.card_id, sched.ord) in wanted:
                found[(sched.card_id, sched.ord)] = (sched, card)
    return found


def in_deck_via_due(deck_id: int) -> Any:
    """`card.deck_id = ?` written so that SQLite cannot answer it from ix_card_deck_status.

    For due items the cheap path is ix_schedule_due (today's backlog, a few hundred
    rows). A collection file has no ANALYZE statistics, and without them SQLite walked
    every card of the deck instead: 45 ms per deck at 20,000 cards, against 3 ms.
    """
    return (CardRow.deck_id + 0) == deck_id


def unseen() -> Any:
    """`due IS NULL` (a new item), marked as the common case for SQLite's planner.

    Without the hint SQLite looks new items up through ix_schedule_due, which holds
    every new item of every deck, then sorts them all: 0.3 s per deck at 100,000
    cards. Marked likely, the term is checked per row while the deck's cards are
    walked in seq order, and the walk stops at the limit (1 ms).
    """
    return func.likelihood(col(ScheduleRow.due).is_(None), literal_column("0.9"))
