"""Cards: their content, status and deck, and the listing with scheduling summaries.

Returns `CardView` / `CardListItem` (`cards.views`); a card's review items (schedule
rows) are created and kept in step with its cloze deletions here, in the same
transaction as the content that implies them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Integer, cast, delete, func, update
from sqlmodel import Session, col, select

from cards.cloze import item_ordinals
from cards.decks import DeckCard, Source
from cards.store import dialect
from cards.store.folding import PLAIN_FIELDS, folded_of_json
from cards.store.models import CardRow, DeckRow, ScheduleRow
from cards.store.search import SearchContext
from cards.store.tx import Repository, Tx
from cards.study_state import state_of
from cards.views import CardListItem, CardView
from cards.vocabulary import CardStatus

_DECK_NAME = "SELECT name FROM deck WHERE id = ?"
_CARD_VIEW = ("SELECT id, deck_id, type, front, back, text, extra, concept, tags, source_file,"
              " source_line, status, source_quote, source_author, created_at, modified_at"
              " FROM card WHERE id = ?")

#: The orders a listing can be sorted in (`CardQuery.order`).
ORDERS = ("seq", "due", "lapses", "deck", "state", "text", "modified")




def copy_content(row: CardRow, card: DeckCard) -> None:
    """Write a card's content (not its id, status or deck) into its row."""
    row.type = card.type
    row.front, row.back, row.text, row.extra = card.front, card.back, card.text, card.extra
    row.concept = card.concept
    row.tags = json.dumps(list(card.tags), ensure_ascii=False)
    src = card.source
    row.source_file = src.file if src else None
    row.source_line = src.line if src else None
    row.source_quote = src.quote if src else None
    row.source_author = src.author if src else None
    row.folded = folded_row_text(row)


def folded_row_text(row: CardRow) -> str:
    """The `folded` search text of a row's current content (`store.folding`)."""
    return folded_of_json(*(getattr(row, f) for f in PLAIN_FIELDS), row.tags) or ""


@dataclass(frozen=True, slots=True)
class CardQuery:
    """What `CardRepository.find` lists: filters, order and page."""

    deck: str | None = None
    statuses: Sequence[str] | None = None
    text: str | None = None  # a search in the syntax of `store.search`
    order: str = "seq"
    descending: bool = False
    limit: int | None = None
    offset: int = 0
    #: List the trash (deleted cards that can be restored) instead of the other cards.
    trash: bool = False
    #: Only these cards (by id).
    ids: Sequence[str] | None = None
    #: The study day and day starts a search's `is:`, `added:` and `rated:` read.
    context: SearchContext | None = None


def _context(today: date) -> SearchContext:
    """A search context with UTC midnights as day starts (for callers without a clock)."""
    from datetime import UTC, time

    return SearchContext(today, lambda day: datetime.combine(day, time(), UTC))


def matching(text: str, context: SearchContext | None = None) -> Any:
    """The SQL condition of a search (`store.search`); SearchError if it does not parse."""
    from cards.store.search import compile_search, parse

    return compile_search(parse(text), context or _context(date.today()))


@dataclass(frozen=True, slots=True)
class TrashedCard:
    """A card in the trash: what `cards trash` lists."""

    card: CardView
    deleted_at: datetime | None
    deleted_from: str


class CardRepository(Repository):
    def __init__(self, tx: Tx | Session) -> None:
        super().__init__(tx)
        #: Deck names read in this transaction, held so that naming a card's deck again
        #: costs no query.
        self._decks: dict[int, str] = {}

    # ------------------------------------------------------------- reading
    def row(self, card_id: str) -> CardRow | None:
        """The table row, deleted or not (for code that changes it in place)."""
        return self._session.get(CardRow, card_id)

    def _deck_name(self, deck_id: int) -> str:
        name = self._decks.get(deck_id)
        if name is None:
            found = self._tx.run(_DECK_NAME, (deck_id,)).fetchone()
            name = self._decks[deck_id] = found[0] if found is not None else "?"
        return name

    def _view(self, row: CardRow) -> CardView:
        return CardView.from_row(row, self._deck_name(row.deck_id))

    def get(self, card_id: str, *, deleted: bool = False) -> CardView | None:
        """The card, or None if there is none (or it is deleted, unless `deleted`).

        One driver statement, no ORM row: every answer starts here."""
        found = self._tx.run(_CARD_VIEW, (card_id,)).fetchone()
        if found is None or (found[11] == CardStatus.DELETED and not deleted):
            return None
        return self._card_of(found)

    def _card_of(self, found: Sequence[Any]) -> CardView:
        """A `CardView` of a `_CARD_VIEW` row."""
        (id_, deck_id, type_, front, back, text, extra, concept, tags, src_file, src_line,
         status, src_quote, src_author, created, modified) = found
        source = (Source(src_file, src_line, src_quote or "", src_author)
                  if src_file is not None and src_line is not None else None)
        time = self._tx.time
        return CardView(id_, self._deck_name(deck_id), type_, front, back, text, extra,
                        concept, tuple(json.loads(tags)), source, status,
                        time(created), time(modified))  # type: ignore[arg-type]

    def exists(self, card_id: str) -> bool:
        """Whether the id is taken, by any card (a deleted one too)."""
        return self.row(card_id) is not None

    def next_seq(self) -> int:
        """The place of the next card added (new cards are studied in this order)."""
        return (self._session.exec(select(func.max(CardRow.seq))).one() or 0) + 1

    def count(self, text: str | None = None, context: SearchContext | None = None) -> int:
        """Cards that are not deleted, or those of them matching the search `text` as
        `find` does: Browse shows this total while it loads a page at a time."""
        stmt = select(func.count()).select_from(CardRow).where(
            CardRow.status != CardStatus.DELETED)
        if text:
            stmt = stmt.where(matching(text, context))
        return self._session.exec(stmt).one()

    def matching_ids(self, text: str, context: SearchContext | None = None) -> list[str]:
        """The ids of the cards (not deleted) a search matches, in deck order."""
        return list(self._session.exec(
            select(CardRow.id).where(CardRow.status != CardStatus.DELETED)
            .where(matching(text, context)).order_by(col(CardRow.seq))).all())

    # ------------------------------------------------------------- writing
    def insert(self, card: DeckCard, deck_id: int, seq: int, now: datetime) -> CardView:
        """Add a card and its review items."""
        row = CardRow(id=card.id, deck_id=deck_id, seq=seq, type=card.type, created_at=now,
                      modified_at=now)
        copy_content(row, card)
        row.status = card.status
        self._session.add(row)
        self._session.flush()
        for ord_ in item_ordinals(card.type, card.text):
            self._session.add(ScheduleRow(card_id=card.id, ord=ord_))
        return self._view(row)

    def update(self, card_id: str, card: DeckCard, deck_id: int, now: datetime) -> CardView:
        """Replace a card's content and deck; its items follow its deletions."""
        row = self._session.get(CardRow, card_id)
        assert row is not None
        row.deck_id = deck_id
        copy_content(row, card)
        row.modified_at = now
        self._session.add(row)
        self.sync_items(row)
        return self._view(row)

    def sync_items(self, row: CardRow) -> None:
        """Keep one schedule row per review item after the cloze deletions change."""
        wanted = set(item_ordinals(row.type, row.text))
        have = set(self._session.exec(
            select(ScheduleRow.ord).where(ScheduleRow.card_id == row.id)).all())
        for ord_ in sorted(wanted - have):
            self._session.add(ScheduleRow(card_id=row.id, ord=ord_))
        if have - wanted:
            self._session.execute(delete(ScheduleRow).where(
                col(ScheduleRow.card_id) == row.id, col(ScheduleRow.ord).in_(have - wanted)))

    def set_status(
        self, card_id: str, status: str, *, tags: Sequence[str] | None = None,
        modified_at: datetime | None = None,
    ) -> CardView:
        """Change a card's status (and, given, its tags and modification time)."""
        row = self._session.get(CardRow, card_id)
        assert row is not None
        if status == CardStatus.DELETED and row.status != CardStatus.DELETED:
            row.deleted_from, row.deleted_at = row.status, modified_at or row.modified_at
        elif status != CardStatus.DELETED:
            row.deleted_from, row.deleted_at = None, None
        row.status = status
        if tags is not None:
            row.tags = json.dumps(list(tags))
        if modified_at is not None:
            row.modified_at = modified_at
        self._session.add(row)
        return self._view(row)

    # ------------------------------------------------------------- the trash
    def trashed(self, card_id: str) -> TrashedCard | None:
        """The card if it is in the trash (deleted, and the trash not emptied since)."""
        row = self.row(card_id)
        if row is None or row.status != CardStatus.DELETED or row.deleted_from is None:
            return None
        return TrashedCard(self._view(row), row.deleted_at, row.deleted_from)

    def trash(self) -> list[TrashedCard]:
        """Every card in the trash, the most recently deleted first."""
        rows = self._session.exec(
            select(CardRow).where(CardRow.status == CardStatus.DELETED)
            .where(col(CardRow.deleted_from).is_not(None))
            .order_by(col(CardRow.deleted_at).desc(), col(CardRow.seq))).all()
        return [TrashedCard(self._view(r), r.deleted_at, r.deleted_from or "")
                for r in rows]

    def empty_trash(self) -> int:
        """End every card in the trash: its content is erased and it can no longer be
        restored. The card row stays (with its id, so an import never brings it back)
        and so does its review history (append-only); its schedule rows go."""
        ids = list(self._session.exec(
            select(CardRow.id).where(CardRow.status == CardStatus.DELETED)
            .where(col(CardRow.deleted_from).is_not(None))).all())
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            self._session.execute(delete(ScheduleRow).where(col(ScheduleRow.card_id).in_(chunk)))
            self._session.execute(
                update(CardRow).where(col(CardRow.id).in_(chunk)).values(
                    front="", back="", text="", extra="", concept="", tags="[]",
                    source_file=None, source_line=None, source_quote=None,
                    source_author=None, deleted_from=None))
        return len(ids)

    # ------------------------------------------------------------- listing
    def find(self, query: CardQuery, today: date) -> list[CardListItem]:
        """Cards with a scheduling summary: for `cards list` and the Browse screen.
        ValueError for an order not in `ORDERS`."""
        first_due = func.min(ScheduleRow.due).label("first_due")
        lapses = func.coalesce(func.sum(ScheduleRow.lapses), 0).label("lapses")
        reps = func.coalesce(func.min(ScheduleRow.repetitions), 0).label("reps")
        buried = func.max(ScheduleRow.buried_until).label("buried")
        unseen = func.sum(cast(col(ScheduleRow.due).is_(None), Integer)).label("unseen")
        # The deck's name as an aggregate: PostgreSQL takes only the card's own columns
        # (its key is grouped) bare; a join's column must be grouped or aggregated.
        deck_name = func.min(DeckRow.name).label("deck_name")
        stmt = (
            select(CardRow, deck_name, first_due, lapses, reps, buried,  # type: ignore[call-overload]
                   unseen)
            .join(DeckRow, col(DeckRow.id) == CardRow.deck_id)
            .outerjoin(ScheduleRow, col(ScheduleRow.card_id) == CardRow.id)
            .group_by(col(CardRow.id))
        )
        if query.trash:
            stmt = stmt.where(CardRow.status == CardStatus.DELETED).where(
                col(CardRow.deleted_from).is_not(None))
        else:
            stmt = stmt.where(CardRow.status != CardStatus.DELETED)
        if query.deck is not None:  # the deck and its children (`deck::...`)
            stmt = stmt.where((col(DeckRow.name) == query.deck)
                              | (dialect.Position(col(DeckRow.name), f"{query.deck}::") == 1))
        if query.statuses:
            stmt = stmt.where(col(CardRow.status).in_(query.statuses))
        if query.ids is not None:
            stmt = stmt.where(col(CardRow.id).in_(list(query.ids)))
        if query.text:
            stmt = stmt.where(matching(query.text, query.context or _context(today)))
        orders: dict[str, Any] = {
            "seq": CardRow.seq, "due": first_due, "lapses": lapses, "deck": deck_name,
            "state": CardRow.status, "modified": CardRow.modified_at,
            "text": func.lower(CardRow.front + CardRow.text),
        }
        if query.order not in orders:
            raise ValueError(f"cannot sort by {query.order!r} (use {', '.join(orders)})")
        key = orders[query.order]
        stmt = stmt.order_by(key.desc() if query.descending else key, CardRow.seq)
        if query.limit is not None:
            stmt = stmt.limit(query.limit).offset(query.offset)
        return [
            CardListItem(
                card=CardView.from_row(row, deck_name),
                state=state_of(row.status, None if unseen_n else due, min_reps, buried_until,
                               today),
                due=due, lapses=lapse_sum, repetitions=min_reps,
            )
            for row, deck_name, due, lapse_sum, min_reps, buried_until, unseen_n
            in self._session.exec(stmt).all()
        ]
