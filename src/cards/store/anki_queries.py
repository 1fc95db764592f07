"""Queries behind the Anki round trip: what an import needs to find (it writes through
`store.staging`), and what an export reads.

Bulk reads go in chunks of ids (SQLite's bound-parameter limit), through the driver
(`Tx.run`): an import of 10,000 notes and 100,000 answers must not build an ORM row
per answer, and an export imports no ORM at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class RevlogMapping:
    """How a logged answer becomes a revlog row (the Anki side says): the button of each
    grade, the revlog type of each (kind, new before), the type of any other, and the
    largest number a revlog column holds."""

    ease: Mapping[int, int]
    types: Mapping[tuple[str, bool], int]
    other_type: int
    cap: int

    def columns(self) -> tuple[str, list[Any]]:
        """The revlog values as SQL over `review`, and their parameters: ease, ivl,
        lastIvl, factor, time, type."""
        ease = " ".join("WHEN ? THEN ?" for _ in self.ease)
        types = " ".join(f"WHEN kind = ? AND due_before IS {'' if new else 'NOT '}NULL THEN ?"
                         for _kind, new in self.types)
        sql = (f"CASE grade {ease} END, "
               "CASE WHEN interval_after > ? THEN ? ELSE interval_after END, "
               "CASE WHEN interval_before > ? THEN ? ELSE interval_before END, "
               "easiness_after * 10, "
               "CASE WHEN duration_ms < 0 THEN 0 WHEN duration_ms > ? THEN ? "
               "ELSE duration_ms END, "
               f"CASE {types} ELSE ? END")
        params: list[Any] = [v for pair in self.ease.items() for v in pair]
        params += [self.cap] * 6
        params += [v for (kind, _new), t in self.types.items() for v in (kind, t)]
        return sql, [*params, self.other_type]


def export_reviews(tx: Tx, ids: Sequence[str],
                   mapping: RevlogMapping) -> dict[str, list[tuple[Any, ...]]]:
    """The whole review log of these cards as revlog values, card by card, each card's
    answers oldest first (by time, then log id): (ord, milliseconds since the epoch,
    log id, ease, ivl, lastIvl, factor, time, type).

    Read through the driver, the values computed by the engine (`RevlogMapping`) and
    each stored time turned straight into its millisecond: typed ORM rows of a
    100,000-answer log took most of an export, and a Python step per value most of
    what was left.
    """
    values, params = mapping.columns()
    by_card: dict[str, list[tuple[Any, ...]]] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start:start + _CHUNK])
        for c, o, at, id_, ease, ivl, last, factor, spent, kind in tx.run(
                f"SELECT card_id, ord, reviewed_at, id, {values} FROM review"
                f" WHERE card_id IN ({', '.join(['?'] * len(chunk))})", [*params, *chunk]):
            answers = by_card.get(c)
            if answers is None:
                answers = by_card[c] = []
            answers.append((o, _fast_ms(at), id_, ease, ivl, last, factor, spent, kind))
    for answers in by_card.values():
        answers.sort(key=_time_then_id)
    return by_card


def _time_then_id(answer: tuple[Any, ...]) -> tuple[int, int]:
    return answer[1], answer[2]


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
