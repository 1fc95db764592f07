"""Review items' schedules: what is due, what is new, and the SM-2 state of each.

Keys are (card id, ord). The due and new walks are shaped for SQLite's planner on a
collection without statistics (the hints are in `store.sqlite`); the docstrings give
the figures measured at 100,000 cards.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from cards.scheduler import ItemState
from cards.scheduler.fsrs import Memory
from cards.store.rows import (
    CARD_COLUMNS,
    ITEM_COLUMNS,
    ITEM_WIDTH,
    card_view,
    deck_names,
    item_view,
)
from cards.store.tx import Repository, Tx
from cards.views import CardView, ItemView, item_key
from cards.vocabulary import ACCEPTED, CardStatus

if TYPE_CHECKING:
    from sqlmodel import Session

Key = tuple[str, int]
_CHUNK = 500
_ACTIVE = str(CardStatus.ACTIVE)


@dataclass(frozen=True, slots=True)
class FsrsState:
    """What an FSRS deck stores for an item: its memory (None: no FSRS history) and its
    due day (for an item without history, SM-2's)."""

    memory: Memory | None
    due: date | None


_ITEMS_OF = f"SELECT {ITEM_COLUMNS} FROM schedule s WHERE s.card_id = ? ORDER BY s.ord"
_ITEMS_OF_LOCKED = _ITEMS_OF + " FOR UPDATE"


#: A sibling a session would show by today: not buried past it, new or due.
_SHOWABLE = "(s.buried_until IS NULL OR s.buried_until <= ?) AND (s.due IS NULL OR s.due <= ?)"
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


def _marks(n: int) -> str:
    """`?, ?, ...`: the placeholders of an IN list of `n` values (`NULL` for none,
    which matches nothing)."""
    return ", ".join("?" * n) or "NULL"


#: Items of active cards not buried past the study day (parameters: status, today).
_STUDYABLE = ("FROM schedule s JOIN card c ON c.id = s.card_id"
              " WHERE c.status = ? AND (s.buried_until IS NULL OR s.buried_until <= ?)")
_ITEM_AND_CARD = f"SELECT {ITEM_COLUMNS}, {CARD_COLUMNS}"


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
        return [item_view(tx, card, row) for row in tx.run(sql, (card.id,)).fetchall()]

    def set_buried(self, card_id: str, ord_: int, until: date | None) -> None:
        """Bury an item by hand until `until` (None: unbury it)."""
        done = self._tx.write(
            "UPDATE schedule SET buried_until = ?, buried_by = NULL WHERE card_id = ? AND ord = ?",
            (self._tx.day_param(until), card_id, ord_))
        assert done.rowcount == 1, (card_id, ord_)

    # ------------------------------------------------------------ siblings
    def bury_siblings(self, card: CardView, ord_: int, by: str, today: date,
                      until: date, *, items: Sequence[ItemView]) -> list[str]:
        """Bury until `until` the siblings of item (card, ord) that a session would show
        by today (new or due): the card's other items, and the items of other active
        cards of the same concept. Returns their keys.

        The card's own items come from `items` (the answer read them all to find its
        item); the same concept's are one lookup down ix_card_concept (one query OR-ing
        both walked every item of the collection: 260 ms an answer at 100,000 cards).
        Driver statements: this runs after every answer."""
        tx = self._tx
        day = tx.day_param(today)
        # the card's own items (`items`, read by this transaction already), showable as
        # `_SHOWABLE` says: not buried past today, and new or due
        keys: list[Key] = [(card.id, i.ord) for i in items if i.ord != ord_
                           and (i.buried_until is None or i.buried_until <= today)
                           and (i.due is None or i.due <= today)]
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
        done = self._tx.write(
            "UPDATE schedule SET buried_until = NULL, buried_by = NULL"
            " WHERE buried_by = ? AND buried_until > ?", (by, self._tx.day_param(today)))
        return int(done.rowcount or 0)

    def _views(self, rows: Iterable[Sequence[Any]], names: dict[int, str]) -> list[ItemView]:
        """Items from rows of `_ITEM_AND_CARD` columns."""
        tx = self._tx

        def name(deck_id: int) -> str:
            return names.get(deck_id, "?")

        return [item_view(tx, card_view(tx, row[ITEM_WIDTH:], name), row) for row in rows]

    def buried(self, deck_id: int | None, today: date) -> list[ItemView]:
        """Items of active cards buried past today, for `cards due` (soonest first).

        The buried items are picked in a subquery, which SQLite answers with one pass
        over the schedule table (50 ms at 100,000 cards): joined directly, it walked
        the schedule's key index and looked every row up (0.3 s, every `cards due`)."""
        sql = (f"{_ITEM_AND_CARD} FROM (SELECT * FROM schedule WHERE buried_until > ?) s"
               " JOIN card c ON c.id = s.card_id WHERE c.status = ?")
        params: list[Any] = [self._tx.day_param(today), _ACTIVE]
        if deck_id is not None:
            sql += " AND c.deck_id = ?"
            params.append(deck_id)
        rows = self._tx.run(sql + " ORDER BY c.seq, s.ord", params).fetchall()
        return self._views(rows, deck_names(self._tx) if rows else {})

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
        cards = f"SELECT id FROM card WHERE deck_id IN ({_marks(len(deck_ids))})"
        params: list[Any] = list(deck_ids)
        if active:
            cards += " AND status = ?"
            params.append(_ACTIVE)
        day = self._tx.day
        return {(card_id, ord_): day(due) for card_id, ord_, due in self._tx.run(
            f"SELECT card_id, ord, sm2_due FROM schedule WHERE card_id IN ({cards})", params)}

    def write_fsrs_many(self, states: Iterable[tuple[Key, FsrsState]]) -> int:
        """Store many items' FSRS state and make its due day theirs (one executemany)."""
        tx = self._tx
        rows = []
        for (card_id, ord_), state in states:
            memory, due = state.memory, tx.day_param(state.due)
            rows.append((memory.stability if memory else None,
                         memory.difficulty if memory else None,
                         tx.time_param(memory.last_review) if memory else None,
                         due, due, card_id, ord_))
        tx.write_many("UPDATE schedule SET stability = ?, difficulty = ?, fsrs_last_review = ?,"
                      " fsrs_due = ?, due = ? WHERE card_id = ? AND ord = ?", rows)
        return len(rows)

    def use_sm2(self, deck_ids: Sequence[int]) -> None:
        """Make SM-2's due day the due day of every item of these decks (FSRS's state
        stays stored beside it)."""
        self._tx.write("UPDATE schedule SET due = sm2_due WHERE card_id IN"
                       f" (SELECT id FROM card WHERE deck_id IN ({_marks(len(deck_ids))}))",
                       list(deck_ids))

    def items(self, keys: Sequence[Key]) -> dict[Key, ItemView]:
        """The items for some keys (those that exist), loaded in chunks."""
        wanted = set(keys)
        ids = sorted({card_id for card_id, _ord in keys})
        if not ids:
            return {}
        names = deck_names(self._tx)
        found: dict[Key, ItemView] = {}
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start:start + _CHUNK]
            rows = self._tx.run(
                f"SELECT s.card_id, {ITEM_COLUMNS}, {CARD_COLUMNS} FROM schedule s"
                f" JOIN card c ON c.id = s.card_id WHERE s.card_id IN ({_marks(len(chunk))})",
                chunk).fetchall()
            picked = [row[1:] for row in rows if (row[0], row[1]) in wanted]
            for view in self._views(picked, names):
                found[(view.card.id, view.ord)] = view
        return found

    def due_review_keys(
        self, today: date, quotas: dict[int, int], limit: int | None
    ) -> list[Key]:
        """Due review keys, oldest first, at most `quotas[deck id]` per deck and `limit`
        in all.

        One walk down ix_schedule_due for all decks, stopping once the quotas or the
        limit are met: a query per deck cost a walk through the other decks' backlog
        each time. Only key columns are read, as the driver streams them: building
        views for every deck's share of the limit, most of them then cut, cost 0.1 s.
        """
        wanted = {deck_id: quota for deck_id, quota in quotas.items() if quota > 0}
        total = sum(wanted.values())
        if limit is not None:
            total = min(total, limit)
        if not total:
            return []
        tx = self._tx
        day = tx.day_param(today)
        sql = (f"SELECT s.card_id, s.ord, c.deck_id {_STUDYABLE} AND s.due <= ?"
               f" AND {tx.words().not_indexed('c.deck_id')} IN ({_marks(len(wanted))})"
               " ORDER BY s.due, c.seq, s.ord")
        out: list[Key] = []
        rows = tx.stream(sql, (_ACTIVE, day, day, *wanted))
        try:
            for card_id, ord_, deck_id in rows:
                if wanted[deck_id] > 0:
                    wanted[deck_id] -= 1
                    out.append((card_id, ord_))
                    if len(out) == total:
                        break
        finally:
            rows.close()
        return out

    def new_keys(self, quotas: dict[int, int], today: date) -> list[Key]:
        """Up to `quotas[deck id]` new items of each deck, in deck order (seq, then ord),
        all decks merged in that order."""
        tx = self._tx
        sql = (f"SELECT c.seq, s.ord, s.card_id {_STUDYABLE} AND c.deck_id = ?"
               f" AND {tx.words().likely_null('s.due')} ORDER BY c.seq, s.ord LIMIT ?")
        day = tx.day_param(today)
        found: list[tuple[int, int, str]] = []
        for deck_id, quota in quotas.items():
            if quota > 0:
                found += [tuple(r) for r in tx.run(sql, (_ACTIVE, day, deck_id, quota))]
        found.sort(key=lambda key: (key[0], key[1]))
        return [(card_id, ord_) for _seq, ord_, card_id in found]

    def cram(self, deck_id: int | None, today: date, limit: int) -> list[ItemView]:
        """Seen items that are not due, soonest first."""
        day = self._tx.day_param(today)
        sql = f"{_ITEM_AND_CARD} {_STUDYABLE} AND s.due > ?"
        params: list[Any] = [_ACTIVE, day, day]
        if deck_id is not None:
            sql += " AND c.deck_id = ?"
            params.append(deck_id)
        rows = self._tx.run(sql + " ORDER BY s.due, c.seq LIMIT ?", (*params, limit)).fetchall()
        return self._views(rows, deck_names(self._tx) if rows else {})

    # ------------------------------------------------------------- counting
    def count(self, deck_id: int, today: date, *, new: bool, cap: int | None = None) -> int:
        """Due (or new) items of a deck, counted up to `cap`.

        Summaries show at most what today's limit allows, so they pass the limit as
        `cap`: counting every new item of a 20,000-card deck took 50 ms per query.
        """
        tx = self._tx
        words = tx.words()
        day = tx.day_param(today)
        params: list[Any] = [_ACTIVE, day]
        if new:
            sql = (f"SELECT s.card_id {_STUDYABLE} AND c.deck_id = ?"
                   f" AND {words.likely_null('s.due')}")
            params.append(deck_id)
        else:
            sql = (f"SELECT s.card_id {_STUDYABLE} AND {words.not_indexed('c.deck_id')} = ?"
                   " AND s.due <= ?")
            params += [deck_id, day]
        if cap is not None:
            sql += " LIMIT ?"
            params.append(cap)
        return int(tx.value(f"SELECT count(*) FROM ({sql}) AS counted", params))

    def items_per_deck(self) -> dict[int, int]:
        """Review items of accepted (active or suspended) cards, per deck id."""
        rows = self._tx.run(
            "SELECT c.deck_id, count(*) FROM schedule s JOIN card c ON c.id = s.card_id"
            f" WHERE c.status IN ({_marks(len(ACCEPTED))}) GROUP BY c.deck_id",
            [str(status) for status in ACCEPTED])
        return {int(deck_id): int(count) for deck_id, count in rows}

    def earliest_due(self, deck_id: int | None) -> date | None:
        """The first due day of any active card's item (of one deck, if given)."""
        sql = "SELECT min(s.due) FROM schedule s JOIN card c ON c.id = s.card_id WHERE c.status = ?"
        params: list[Any] = [_ACTIVE]
        if deck_id is not None:
            sql += " AND c.deck_id = ?"
            params.append(deck_id)
        return self._tx.day(self._tx.value(sql, params))

    def has_new(self, deck_id: int | None, today: date) -> bool:
        """Whether any studyable item is new (in one deck, if given)."""
        tx = self._tx
        sql = f"SELECT s.card_id {_STUDYABLE} AND {tx.words().likely_null('s.due')}"
        params: list[Any] = [_ACTIVE, tx.day_param(today)]
        if deck_id is not None:
            sql += " AND c.deck_id = ?"
            params.append(deck_id)
        return tx.one(sql + " LIMIT 1", params) is not None
