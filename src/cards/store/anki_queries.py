"""Queries behind the Anki round trip: what an import needs to find (it writes through
`store.staging`), and what an export reads.

Bulk reads go in chunks of ids (SQLite's bound-parameter limit), through the driver
(`Tx.run`): an import of 10,000 notes and 100,000 answers must not build an ORM row
per answer, and an export imports no ORM at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from cards.store.tx import Tx

_CHUNK = 500
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _chunks(ids: Sequence[str]) -> Iterable[list[str]]:
    for start in range(0, len(ids), _CHUNK):
        yield list(ids[start:start + _CHUNK])


def answer_times_ms(tx: Tx, ids: Sequence[str]) -> set[tuple[str, int, int]]:
    """(card id, ord, milliseconds since the epoch) of every logged answer of these cards.

    Anki keeps answer times to the millisecond, so this is what tells a revlog row
    already in the log (imported before, or first exported from here) from a new one.
    Read through the driver: 100,000 ORM-typed rows cost seconds.
    """
    found: set[tuple[str, int, int]] = set()
    for card_id, ord_, at in _driver_rows(
            tx, "SELECT card_id, ord, reviewed_at FROM review WHERE card_id IN ({ids})", ids):
        found.add((card_id, ord_, _stored_ms(at)))
    return found


def _stored_ms(stored: str | datetime) -> int:
    """Milliseconds since the epoch of a time as the driver returns it: SQLite's text
    ('YYYY-MM-DD HH:MM:SS[.ffffff]', UTC, the format SQLAlchemy writes) or a
    PostgreSQL timestamptz."""
    return to_ms(_moment(stored))


def to_ms(moment: datetime) -> int:
    """Whole milliseconds since the epoch, exactly; a naive time (as SQLite hands it
    back) is UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment - _EPOCH) // timedelta(milliseconds=1)


def _driver_rows(tx: Tx, sql: str, ids: Sequence[str]) -> list[tuple[Any, ...]]:
    """Rows of `sql` (holding one `{ids}` for an IN list) for these ids, in chunks,
    as the driver returns them: no ORM or Core row objects."""
    out: list[tuple[Any, ...]] = []
    for chunk in _chunks(ids):
        out += tx.run(sql.format(ids=", ".join(["?"] * len(chunk))), chunk).fetchall()
    return out


def _day(stored: str | date | None) -> date | None:
    """A day as the driver returns it: SQLite's text, or a PostgreSQL date."""
    if isinstance(stored, date) or stored is None:
        return stored
    return date.fromisoformat(stored) if stored else None


def _moment(stored: str | datetime) -> datetime:
    """A UTC time as the driver returns it: SQLite's text, or an aware datetime."""
    if isinstance(stored, datetime):
        return stored.astimezone(UTC) if stored.tzinfo else stored.replace(tzinfo=UTC)
    return datetime.fromisoformat(stored).replace(tzinfo=UTC)


def export_items(tx: Tx, ids: Sequence[str]) -> list[tuple[Any, ...]]:
    """(card_id, ord, repetitions, interval, easiness, due, lapses, buried_until) of these
    cards' items: plain tuples, since ORM rows cost a second per 10,000 items."""
    rows = _driver_rows(tx, "SELECT card_id, ord, repetitions, interval, easiness, due, "
                        "lapses, buried_until FROM schedule WHERE card_id IN ({ids})", ids)
    return [(c, o, r, i, e, _day(due), lapses, _day(buried))
            for c, o, r, i, e, due, lapses, buried in rows]


def export_reviews(tx: Tx, ids: Sequence[str]) -> list[tuple[Any, ...]]:
    """The whole review log of these cards, oldest first, as (card_id, ord, milliseconds
    since the epoch, grade, kind, new before, interval_before, interval_after,
    easiness_after, duration_ms).

    Read through the driver, each stored time turned straight into its millisecond:
    typed ORM rows of a 100,000-answer log took most of an export.
    """
    rows = _driver_rows(
        tx, "SELECT card_id, ord, reviewed_at, grade, kind, due_before IS NULL, "
        "interval_before, interval_after, easiness_after, duration_ms, id FROM review "
        "WHERE card_id IN ({ids})", ids)
    timed = [(c, o, _fast_ms(at), g, k, n, ib, ia, ea, d, id_)
             for c, o, at, g, k, n, ib, ia, ea, d, id_ in rows]
    timed.sort(key=lambda r: (r[2], r[10]))
    return [r[:10] for r in timed]


_NAIVE_EPOCH = datetime(1970, 1, 1)
_ONE_MS = timedelta(milliseconds=1)


def _fast_ms(stored: str | datetime) -> int:
    """`_stored_ms` without building an aware datetime for SQLite's UTC text."""
    if isinstance(stored, str):
        return (datetime.fromisoformat(stored) - _NAIVE_EPOCH) // _ONE_MS
    return _stored_ms(stored)


def export_cards(tx: Tx, statuses: Sequence[str]) -> list[tuple[Any, ...]]:
    """Every card of these statuses in collection order, for an Anki export: (id, deck
    name, type, front, back, text, extra, tags JSON, source file, source line, source
    quote, source author, status, modified_at). Driver rows: the ORM took a second
    for 10,000 cards."""
    rows = tx.run(
        "SELECT c.id, d.name, c.type, c.front, c.back, c.text, c.extra, c.tags, "
        "c.source_file, c.source_line, c.source_quote, c.source_author, c.status, "
        "c.modified_at FROM card c JOIN deck d ON d.id = c.deck_id "
        f"WHERE c.status IN ({', '.join(['?'] * len(statuses))}) ORDER BY c.seq",
        [str(s) for s in statuses]).fetchall()
    return [(*row[:13], _moment(row[13])) for row in rows]
