"""Review items' schedules: what is due, what is new, and the SM-2 state of each.

Keys are (card id, ord). The due and new walks are shaped for SQLite's planner on a
collection without statistics (the hints are in `store.sqlite`); the docstrings give
the figures measured at 100,000 cards.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, func, update
from sqlmodel import Session, col, select

from cards.scheduler import ItemState
from cards.scheduler.fsrs import Memory
from cards.store import dialect
from cards.store.models import CardRow, DeckRow, ScheduleRow
from cards.store.tx import Repository, Tx
from cards.views import CardView, ItemView, item_key
from cards.vocabulary import ACCEPTED, CardStatus

Key = tuple[str, int]
_CHUNK = 500
_TABLE = ScheduleRow.__table__


@dataclass(frozen=True, slots=True)
class FsrsState:
    """What an FSRS deck stores for an item: its memory (None: no FSRS history) and its
    due day (for an item without history, SM-2's)."""

    memory: Memory | None
    due: date | None


_ITEMS_OF = ("SELECT ord, repetitions, interval, easiness, due, lapses, last_review, buried_until,"
             " sm2_due, stability, difficulty, fsrs_due, fsrs_last_review, buried_by"
             " FROM schedule WHERE card_id = ? ORDER BY ord")
_ITEMS_OF_LOCKED = _ITEMS_OF + " FOR UPDATE"


#: A sibling a session would show by today: not buried past it, new or due.
_SHOWABLE = "(s.buried_until IS NULL OR s.buried_until <= ?) AND (s.due IS NULL OR s.due <= ?)"
_OTHER_ORDS = f"SELECT s.ord FROM schedule s WHERE s.card_id = ? AND s.ord != ? AND {_SHOWABLE}"
_SAME_CONCEPT = ("SELECT s.card_id, s.ord FROM schedule s WHERE s.card_id IN"
                 " (SELECT c.id FROM card c WHERE c.concept = ? AND c.id != ? AND c.status = ?)"
                 f" AND {_SHOWABLE}")
_BURY = "UPDATE schedule SET buried_until = ?, buried_by = ? WHERE card_id = ? AND ord = ?"

_WRITE_STATE: dict[tuple[bool, bool], str] = {}


def _write_state_sql(fsrs: bool, unbury: bool) -> str:
    """The UPDATE of `write_state`: SM-2's state and the item's due day (SM-2's, or
    with `fsrs` FSRS's and its memory state), and with `unbury` no burial."""
    sql = _WRITE_STATE.get((fsrs, unbury))
    if sql is None:
        sets = ["repetitions = ?", "interval = ?", "easiness = ?", "lapses = ?", "sm2_due = ?",
                "last_review = ?", "due = ?"]
        if fsrs:
            sets += ["stability = ?", "difficulty = ?", "fsrs_last_review = ?", "fsrs_due = ?"]
        if unbury:
            sets += ["buried_until = NULL", "buried_by = NULL"]
        sql = _WRITE_STATE[(fsrs, unbury)] = (
            f"UPDATE schedule SET {', '.join(sets)} WHERE card_id = ? AND ord = ?")
    return sql


def _deck_cards(deck_ids: Sequence[int]) -> Any:
    return select(CardRow.id).where(col(CardRow.deck_id).in_(list(deck_ids)))


def _studyable(query: Any, today: date) -> Any:
    """Only items of active cards, not buried past `today`."""
    return (query.join(CardRow, col(CardRow.id) == ScheduleRow.card_id)
            .where(CardRow.status == CardStatus.ACTIVE)
            .where(col(ScheduleRow.buried_until).is_(None)
                   | (col(ScheduleRow.buried_until) <= today)))


class ScheduleRepository(Repository):
    def __init__(self, tx: Tx | Session) -> None:
        super().__init__(tx)

    # ------------------------------------------------------------ one item
    def items_of(self, card: CardView, *, lock: bool = False) -> list[ItemView]:
        """A card's review items, by ord. With `lock`, their rows stay locked until the
        transaction ends (`SELECT ... FOR UPDATE` on a server; a write on SQLite holds
        the whole file already, and the clause is not written there).

        One driver statement, no ORM rows: every answer reads its item here."""
        tx = self._tx
        sql = _ITEMS_OF_LOCKED if lock and tx.postgres else _ITEMS_OF
        day, time = tx.day, tx.time
        return [ItemView(card, o, ItemState(reps, interval, easiness, day(sm2_due), lapses),
                         time(last), day(buried), False, day(due),
                         Memory(stability, difficulty, time(fsrs_last))  # type: ignore[arg-type]
                         if stability is not None and difficulty is not None
                         and fsrs_last is not None else None,
                         day(fsrs_due), buried_by)
                for (o, reps, interval, easiness, due, lapses, last, buried, sm2_due,
                     stability, difficulty, fsrs_due, fsrs_last, buried_by)
                in tx.run(sql, (card.id,)).fetchall()]

    def _row(self, card_id: str, ord_: int) -> ScheduleRow:
        row = self._session.get(ScheduleRow, (card_id, ord_))
        assert row is not None, (card_id, ord_)
        return row

    def set_buried(self, card_id: str, ord_: int, until: date | None) -> None:
        row = self._row(card_id, ord_)
        row.buried_until, row.buried_by = until, None
        self._session.add(row)

    # ------------------------------------------------------------ siblings
    def bury_siblings(self, card: CardView, ord_: int, by: str, today: date,
                      until: date) -> list[str]:
        """Bury until `until` the siblings of item (card, ord) that a session would show
        by today (new or due): the card's other items, and the items of other active
        cards of the same concept. Returns their keys.

        Two lookups, each down an index (the schedule's key; ix_card_concept): one
        query OR-ing the two walked every item of the collection (260 ms an answer
        at 100,000 cards). Driver statements: this runs after every answer."""
        tx = self._tx
        day = tx.day_param(today)
        keys: list[Key] = [(card.id, o) for (o,) in tx.run(
            _OTHER_ORDS, (card.id, ord_, day, day)).fetchall()]
        if card.concept.strip():
            keys += [(c, o) for c, o in tx.run(
                _SAME_CONCEPT, (card.concept, card.id, str(CardStatus.ACTIVE), day, day)
            ).fetchall()]
        later = tx.day_param(until)
        for card_id, sibling in keys:
            tx.write(_BURY, (later, by, card_id, sibling))
        return [item_key(card_id, sibling) for card_id, sibling in keys]

    def unbury_buried_by(self, by: str, today: date) -> int:
        """Lift the burials an answer to `by` made that still hold (undo of it)."""
        result = self._session.execute(
            update(ScheduleRow).where(col(ScheduleRow.buried_by) == by,
                                      col(ScheduleRow.buried_until) > today)
            .values(buried_until=None, buried_by=None))
        return int(getattr(result, "rowcount", 0) or 0)

    def buried(self, deck_id: int | None, today: date) -> list[ItemView]:
        """Items of active cards buried past today, for `cards due` (soonest first)."""
        stmt = (select(ScheduleRow, CardRow, DeckRow.name)
                .join(CardRow, col(CardRow.id) == ScheduleRow.card_id)
                .join(DeckRow, col(DeckRow.id) == CardRow.deck_id)
                .where(CardRow.status == CardStatus.ACTIVE,
                       col(ScheduleRow.buried_until) > today))
        if deck_id is not None:
            stmt = stmt.where(CardRow.deck_id == deck_id)
        rows = self._session.exec(stmt.order_by(col(CardRow.seq), col(ScheduleRow.ord))).all()
        return [ItemView.from_rows(CardView.from_row(card, name), sched)
                for sched, card, name in rows]

    def write_state(
        self, card_id: str, ord_: int, state: ItemState, last_review: datetime | None, *,
        unbury: bool = False, fsrs: FsrsState | None = None,
    ) -> bool:
        """Store an item's SM-2 state, and with `fsrs` (an FSRS deck) its FSRS state,
        whose due day is then the item's; False if the item is gone (an edit removed it).

        One driver UPDATE (of the statements in `_write_state_sql`)."""
        tx = self._tx
        sm2_due = tx.day_param(state.due)
        params: list[Any] = [state.repetitions, state.interval, state.easiness_h,
                             state.lapses, sm2_due, tx.time_param(last_review)]
        if fsrs is not None:
            memory = fsrs.memory
            due = tx.day_param(fsrs.due)
            params += [due, memory.stability if memory else None,
                       memory.difficulty if memory else None,
                       tx.time_param(memory.last_review) if memory else None, due]
        else:
            params.append(sm2_due)
        cursor = tx.write(_write_state_sql(fsrs is not None, unbury), (*params, card_id, ord_))
        return bool(cursor.rowcount)

    # ------------------------------------------------------------ many items
    def sm2_dues(
        self, deck_ids: Sequence[int], *, active: bool = False
    ) -> dict[Key, date | None]:
        """SM-2's due day of every item of these decks' cards (any status, or with
        `active` only those of active cards)."""
        cards = _deck_cards(deck_ids)
        if active:
            cards = cards.where(CardRow.status == CardStatus.ACTIVE)
        rows = self._session.exec(
            select(ScheduleRow.card_id, ScheduleRow.ord, col(ScheduleRow.sm2_due))
            .where(col(ScheduleRow.card_id).in_(cards))).all()
        return {(card_id, ord_): due for card_id, ord_, due in rows}

    def write_fsrs_many(self, states: Iterable[tuple[Key, FsrsState]]) -> int:
        """Store many items' FSRS state and make its due day theirs (one executemany)."""
        stmt = (update(_TABLE)
                .where(_TABLE.c.card_id == bindparam("k_card"), _TABLE.c.ord == bindparam("k_ord"))
                .values(stability=bindparam("s"), difficulty=bindparam("d"),
                        fsrs_last_review=bindparam("last"), fsrs_due=bindparam("due_"),
                        due=bindparam("due_")))
        rows = [{"k_card": card_id, "k_ord": ord_, "due_": state.due,
                 "s": state.memory.stability if state.memory else None,
                 "d": state.memory.difficulty if state.memory else None,
                 "last": state.memory.last_review if state.memory else None}
                for (card_id, ord_), state in states]
        if rows:
            self._session.connection().execute(stmt, rows)
        return len(rows)

    def use_sm2(self, deck_ids: Sequence[int]) -> None:
        """Make SM-2's due day the due day of every item of these decks (FSRS's state
        stays stored beside it)."""
        self._session.connection().execute(
            update(_TABLE).where(_TABLE.c.card_id.in_(_deck_cards(deck_ids)))
            .values(due=_TABLE.c.sm2_due))

    def items(self, keys: Sequence[Key]) -> dict[Key, ItemView]:
        """The items for some keys (those that exist), loaded in chunks."""
        wanted = set(keys)
        ids = sorted({card_id for card_id, _ord in keys})
        names = {d.id: d.name for d in self._session.exec(select(DeckRow)).all()}
        found: dict[Key, ItemView] = {}
        for start in range(0, len(ids), _CHUNK):
            for sched, card in self._session.exec(
                select(ScheduleRow, CardRow)
                .join(CardRow, col(CardRow.id) == ScheduleRow.card_id)
                .where(col(ScheduleRow.card_id).in_(ids[start:start + _CHUNK]))
            ).all():
                if (sched.card_id, sched.ord) in wanted:
                    view = CardView.from_row(card, names.get(card.deck_id, "?"))
                    found[(sched.card_id, sched.ord)] = ItemView.from_rows(view, sched)
        return found

    def due_review_keys(
        self, today: date, quotas: dict[int, int], limit: int | None
    ) -> list[Key]:
        """Due review keys, oldest first, at most `quotas[deck id]` per deck and `limit`
        in all.

        One walk down ix_schedule_due for all decks, stopping once the quotas or the
        limit are met: a query per deck cost a walk through the other decks' backlog
        each time. Only key columns are read: building ORM objects for every deck's
        share of the limit, most of them then cut, cost 0.1 s.
        """
        wanted = {deck_id: quota for deck_id, quota in quotas.items() if quota > 0}
        total = sum(wanted.values())
        if limit is not None:
            total = min(total, limit)
        if not total:
            return []
        stmt = (_studyable(select(ScheduleRow.card_id, ScheduleRow.ord, CardRow.deck_id)
                           .select_from(ScheduleRow), today)
                .where(col(ScheduleRow.due) <= today)
                .where(dialect.deck_id_not_indexed().in_(list(wanted)))
                .order_by(ScheduleRow.due, CardRow.seq, ScheduleRow.ord)
                .execution_options(yield_per=256))
        out: list[Key] = []
        result = self._session.exec(stmt)
        for card_id, ord_, deck_id in result:
            if wanted[deck_id] > 0:
                wanted[deck_id] -= 1
                out.append((card_id, ord_))
                if len(out) == total:
                    break
        result.close()
        return out

    def new_keys(self, quotas: dict[int, int], today: date) -> list[Key]:
        """Up to `quotas[deck id]` new items of each deck, in deck order (seq, then ord),
        all decks merged in that order."""
        found: list[tuple[int, int, str]] = []
        for deck_id, quota in quotas.items():
            if quota > 0:
                found += self._session.exec(
                    _studyable(select(CardRow.seq, ScheduleRow.ord, ScheduleRow.card_id)
                               .select_from(ScheduleRow), today)
                    .where(CardRow.deck_id == deck_id, dialect.unseen())
                    .order_by(CardRow.seq, ScheduleRow.ord).limit(quota)).all()
        found.sort(key=lambda key: (key[0], key[1]))
        return [(card_id, ord_) for _seq, ord_, card_id in found]

    def cram(self, deck_id: int | None, today: date, limit: int) -> list[ItemView]:
        """Seen items that are not due, soonest first."""
        names = {d.id: d.name for d in self._session.exec(select(DeckRow)).all()}
        query = _studyable(select(ScheduleRow, CardRow), today).where(col(ScheduleRow.due) > today)
        if deck_id is not None:
            query = query.where(CardRow.deck_id == deck_id)
        rows = self._session.exec(query.order_by(ScheduleRow.due, CardRow.seq)
                                  .limit(limit)).all()
        return [ItemView.from_rows(CardView.from_row(c, names[c.deck_id]), s) for s, c in rows]

    # ------------------------------------------------------------- counting
    def count(self, deck_id: int, today: date, *, new: bool, cap: int | None = None) -> int:
        """Due (or new) items of a deck, counted up to `cap`.

        Summaries show at most what today's limit allows, so they pass the limit as
        `cap`: counting every new item of a 20,000-card deck took 50 ms per query.
        """
        query = _studyable(select(ScheduleRow.card_id), today)
        query = (query.where(CardRow.deck_id == deck_id, dialect.unseen()) if new else
                 query.where(dialect.in_deck_via_due(deck_id), col(ScheduleRow.due) <= today))
        if cap is not None:
            query = query.limit(cap)
        return self._session.exec(select(func.count()).select_from(query.subquery())).one()

    def items_per_deck(self) -> dict[int, int]:
        """Review items of accepted (active or suspended) cards, per deck id."""
        rows = self._session.exec(
            select(CardRow.deck_id, func.count()).select_from(ScheduleRow)
            .join(CardRow, col(CardRow.id) == ScheduleRow.card_id)
            .where(col(CardRow.status).in_(ACCEPTED))
            .group_by(col(CardRow.deck_id))).all()
        return {int(deck_id): int(count) for deck_id, count in rows}

    def earliest_due(self, deck_id: int | None) -> date | None:
        """The first due day of any active card's item (of one deck, if given)."""
        first = (select(func.min(ScheduleRow.due))
                 .join(CardRow, col(CardRow.id) == ScheduleRow.card_id)
                 .where(CardRow.status == CardStatus.ACTIVE))
        if deck_id is not None:
            first = first.where(CardRow.deck_id == deck_id)
        return self._session.exec(first).one()

    def has_new(self, deck_id: int | None, today: date) -> bool:
        """Whether any studyable item is new (in one deck, if given)."""
        query = _studyable(select(ScheduleRow.card_id), today).where(dialect.unseen())
        if deck_id is not None:
            query = query.where(CardRow.deck_id == deck_id)
        return self._session.exec(query.limit(1)).first() is not None
