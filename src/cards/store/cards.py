"""Cards: their content, status and deck, and the listing with scheduling summaries.

Returns `CardView` / `CardListItem` (`cards.views`); a card's review items (schedule
rows) are created and kept in step with its cloze deletions here, in the same
transaction as the content that implies them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from cards.cloze import item_ordinals
from cards.decks import DeckCard
from cards.store.folding import PLAIN_FIELDS, folded_of_json
from cards.store.rows import CARD_COLUMNS, CARD_WIDTH, card_view, deck_names
from cards.store.search import Plan, SearchContext
from cards.store.tx import Repository, Tx
from cards.study_state import state_of
from cards.views import CardListItem, CardView
from cards.vocabulary import CardStatus

if TYPE_CHECKING:
    from sqlmodel import Session

_DECK_NAME = "SELECT name FROM deck WHERE id = ?"
_CARD_VIEW = (f"SELECT {CARD_COLUMNS}, d.name FROM card c LEFT JOIN deck d ON d.id = c.deck_id"
              " WHERE c.id = ?")
_DELETED = str(CardStatus.DELETED)
#: The columns a card's content sets (`content_values`), in this order.
CONTENT_COLUMNS = ("type", "front", "back", "text", "extra", "concept", "tags", "source_file",
                   "source_line", "source_quote", "source_author", "folded")
_INSERT = (f"INSERT INTO card (id, deck_id, seq, status, created_at, modified_at,"
           f" {', '.join(CONTENT_COLUMNS)})"
           f" VALUES ({', '.join(['?'] * (6 + len(CONTENT_COLUMNS)))})")
_NEW_ITEM = "INSERT INTO schedule (card_id, ord) VALUES (?, ?)"
#: A card's stored columns that `update` and `set_status` may change.
_EDITABLE = ("deck_id", *CONTENT_COLUMNS, "status", "deleted_from", "deleted_at",
             "modified_at")
_EDITABLE_ROW = f"SELECT {', '.join(_EDITABLE)} FROM card WHERE id = ?"
_TRASH_COLUMNS = f"{CARD_COLUMNS}, c.deleted_at, c.deleted_from"

#: The orders a listing can be sorted in (`CardQuery.order`).
ORDERS = ("seq", "due", "lapses", "deck", "state", "text", "modified")


def content_values(card: DeckCard) -> dict[str, Any]:
    """A card's content (not its id, status or deck) as its `CONTENT_COLUMNS`, the
    folded search text included."""
    src = card.source
    values: dict[str, Any] = {
        "type": str(card.type), "front": card.front, "back": card.back, "text": card.text,
        "extra": card.extra, "concept": card.concept,
        "tags": json.dumps(list(card.tags), ensure_ascii=False),
        "source_file": src.file if src else None, "source_line": src.line if src else None,
        "source_quote": src.quote if src else None,
        "source_author": src.author if src else None}
    values["folded"] = folded_of_json(*(values[f] if f != "id" else card.id
                                        for f in PLAIN_FIELDS), values["tags"]) or ""
    return values


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


#: A listing of at most this many cards reads the page's ids from the search rows
#: first, then the listing of those alone (a longer one reads the listing directly).
PAGE_BY_IDS = 1000


def plan(text: str | None, context: SearchContext | None, tx: Tx) -> Plan:
    """A search (`store.search`) as SQL over the search rows (alias `s`), its
    parameters converted for the engine: the decks it names resolved and the text
    index read once. SearchError if it does not parse."""
    from cards.store.search import Sources, parse, plan_search

    index = None
    if not tx.postgres:
        from cards.store.sqlite.fts import TrigramIndex

        index = TrigramIndex(tx.run)
    unfolded = tx.one("SELECT 1 FROM card_search WHERE body IS NULL LIMIT 1") is not None
    found = plan_search(parse(text or ""), context or _context(date.today()),
                        Sources(deck_names(tx), tx.words(), index, unfolded))
    return replace(found, params=list(tx.params(found.params)))


@dataclass(frozen=True, slots=True)
class TrashedCard:
    """A card in the trash: what `cards trash` lists."""

    card: CardView
    deleted_at: datetime | None
    deleted_from: str


def _marks(n: int) -> str:
    return ", ".join("?" * n) or "NULL"


class CardRepository(Repository):
    def __init__(self, tx: Tx | Session) -> None:
        super().__init__(tx)
        #: Deck names read in this transaction, held so that naming a card's deck again
        #: costs no query.
        self._decks: dict[int, str] = {}

    # ------------------------------------------------------------- reading
    def _deck_name(self, deck_id: int) -> str:
        name = self._decks.get(deck_id)
        if name is None:
            found = self._tx.one(_DECK_NAME, (deck_id,))
            name = self._decks[deck_id] = found[0] if found is not None else "?"
        return name

    def get(self, card_id: str, *, deleted: bool = False) -> CardView | None:
        """The card, or None if there is none (or it is deleted, unless `deleted`).

        One driver statement, no ORM row: every answer starts here."""
        found = self._tx.one(_CARD_VIEW, (card_id,))
        if found is None or (found[11] == CardStatus.DELETED and not deleted):
            return None
        if found[CARD_WIDTH] is not None:  # the deck's name, joined: no second statement
            self._decks[found[1]] = found[CARD_WIDTH]
        return card_view(self._tx, found, self._deck_name)

    def exists(self, card_id: str) -> bool:
        """Whether the id is taken, by any card (a deleted one too)."""
        return self._tx.one("SELECT 1 FROM card WHERE id = ?", (card_id,)) is not None

    def next_seq(self) -> int:
        """The place of the next card added (new cards are studied in this order)."""
        return int(self._tx.value("SELECT max(seq) FROM card") or 0) + 1

    # ------------------------------------------------------------- searching
    def count(self, text: str | None = None, context: SearchContext | None = None,
              found: Plan | None = None) -> int:
        """Cards that are not deleted, or those of them matching the search `text` as
        `find` does: Browse shows this total while it loads a page at a time."""
        found = found or plan(text, context, self._tx)
        return int(self._tx.value(
            f"SELECT count(*) FROM card_search s WHERE s.status != ? AND ({found.condition})",
            [_DELETED, *found.params]))

    def matching_ids(self, text: str, context: SearchContext | None = None) -> list[str]:
        """The ids of the cards (not deleted) a search matches, in deck order."""
        return self._ids(plan(text, context, self._tx), None, 0, descending=False,
                         walk=False)

    def page_and_total(self, found: Plan, limit: int, offset: int = 0, *,
                       descending: bool = False) -> tuple[list[str], int]:
        """A page of the ids `found` matches, in deck order, and how many it matches.

        The rows an index picks (a rare word, is:due, rated:) are read once for both,
        kept in a materialized CTE. Otherwise the total is counted first (a read of
        every row), and the page is then either a walk of the cards in deck order
        that stops at the page's end, when the matches are dense enough for the walk
        to stop early (at least four pages of them), or one more read of every row and
        a sort, when a walk would look every row up (a rare field word: 0.1 s)."""
        if found.driven:
            rows = self._tx.run(
                "WITH matched AS MATERIALIZED (SELECT s.seq, s.card_id FROM card_search s"
                f" WHERE s.status != ? AND ({found.condition}))"
                " SELECT card_id, (SELECT count(*) FROM matched) FROM matched"
                f" ORDER BY seq{' DESC' if descending else ''} LIMIT ? OFFSET ?",
                [_DELETED, *found.params, limit, offset]).fetchall()
            if rows:
                return [str(r[0]) for r in rows], int(rows[0][1])
            return [], self.count(found=found) if offset else 0
        total = self.count(found=found)
        walk = total >= 4 * (offset + limit)
        return self._ids(found, limit, offset, descending=descending, walk=walk), total

    def _ids(self, found: Plan, limit: int | None, offset: int, *, descending: bool,
             walk: bool) -> list[str]:
        """The ids `found` matches in deck order; `walk`: down the deck-order index
        (else every row is read, then sorted)."""
        seq = "s.seq" if walk else self._tx.words().not_indexed("s.seq")
        sql = (f"SELECT s.card_id FROM card_search s WHERE s.status != ? AND"
               f" ({found.condition}) ORDER BY {seq}{' DESC' if descending else ''}")
        params = [_DELETED, *found.params]
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return [str(r[0]) for r in self._tx.run(sql, params)]

    # ------------------------------------------------------------- writing
    def insert(self, card: DeckCard, deck_id: int, seq: int, now: datetime) -> CardView:
        """Add a card and its review items."""
        tx = self._tx
        values = content_values(card)
        at = tx.time_param(now)
        tx.write(_INSERT, (card.id, deck_id, seq, str(card.status), at, at,
                           *(values[c] for c in CONTENT_COLUMNS)))
        tx.write_many(_NEW_ITEM, [(card.id, o) for o in item_ordinals(card.type, card.text)])
        view = self.get(card.id, deleted=True)
        assert view is not None
        return view

    def _change(self, card_id: str, wanted: dict[str, Any]) -> None:
        """Write the columns of `wanted` that differ from the stored row, and only
        those, as the ORM did: a content column named in an UPDATE makes the v8 trigger
        look at `folded`, so an unchanged one must not be named."""
        tx = self._tx
        row = tx.one(_EDITABLE_ROW, (card_id,))
        assert row is not None, card_id
        stored = dict(zip(_EDITABLE, row, strict=True))
        changed = {c: v for c, v in wanted.items() if tx.param(v) != _comparable(tx, c, stored[c])}
        if changed:
            sets = ", ".join(f"{c} = ?" for c in changed)
            tx.write(f"UPDATE card SET {sets} WHERE id = ?",
                     (*tx.params(changed.values()), card_id))

    def update(self, card_id: str, card: DeckCard, deck_id: int, now: datetime) -> CardView:
        """Replace a card's content and deck; its items follow its deletions."""
        self._change(card_id, {"deck_id": deck_id, **content_values(card), "modified_at": now})
        self.sync_items(card_id, card.type, card.text)
        view = self.get(card_id, deleted=True)
        assert view is not None
        return view

    def sync_items(self, card_id: str, type_: str, text: str) -> None:
        """Keep one schedule row per review item after the cloze deletions change."""
        tx = self._tx
        wanted = set(item_ordinals(type_, text))
        have = {o for (o,) in tx.run("SELECT ord FROM schedule WHERE card_id = ?", (card_id,))}
        tx.write_many(_NEW_ITEM, [(card_id, o) for o in sorted(wanted - have)])
        gone = sorted(have - wanted)
        if gone:
            tx.write(f"DELETE FROM schedule WHERE card_id = ? AND ord IN ({_marks(len(gone))})",
                     (card_id, *gone))

    def set_status(
        self, card_id: str, status: str, *, tags: Sequence[str] | None = None,
        modified_at: datetime | None = None,
    ) -> CardView:
        """Change a card's status (and, given, its tags and modification time)."""
        tx = self._tx
        row = tx.one("SELECT status, modified_at FROM card WHERE id = ?", (card_id,))
        assert row is not None, card_id
        old_status, old_modified = row
        wanted: dict[str, Any] = {}
        if status == CardStatus.DELETED and old_status != CardStatus.DELETED:
            wanted |= {"deleted_from": old_status,
                       "deleted_at": modified_at or tx.time(old_modified)}
        elif status != CardStatus.DELETED:
            wanted |= {"deleted_from": None, "deleted_at": None}
        wanted["status"] = str(status)
        if tags is not None:
            wanted["tags"] = json.dumps(list(tags))
        if modified_at is not None:
            wanted["modified_at"] = modified_at
        self._change(card_id, wanted)
        view = self.get(card_id, deleted=True)
        assert view is not None
        return view

    # ------------------------------------------------------------- the trash
    def _trashed(self, row: Sequence[Any]) -> TrashedCard:
        deleted_at, deleted_from = row[CARD_WIDTH:]
        return TrashedCard(card_view(self._tx, row, self._deck_name),
                           self._tx.time(deleted_at), deleted_from or "")

    def trashed(self, card_id: str) -> TrashedCard | None:
        """The card if it is in the trash (deleted, and the trash not emptied since)."""
        row = self._tx.one(f"SELECT {_TRASH_COLUMNS} FROM card c WHERE c.id = ?", (card_id,))
        if row is None or row[11] != CardStatus.DELETED or row[-1] is None:
            return None
        return self._trashed(row)

    def trash(self) -> list[TrashedCard]:
        """Every card in the trash, the most recently deleted first."""
        rows = self._tx.run(
            f"SELECT {_TRASH_COLUMNS} FROM card c WHERE c.status = ?"
            " AND c.deleted_from IS NOT NULL ORDER BY c.deleted_at DESC, c.seq",
            (_DELETED,)).fetchall()
        return [self._trashed(r) for r in rows]

    def empty_trash(self) -> int:
        """End every card in the trash: its content is erased and it can no longer be
        restored. The card row stays (with its id, so an import never brings it back)
        and so does its review history (append-only); its schedule rows go."""
        tx = self._tx
        ids = [card_id for (card_id,) in tx.run(
            "SELECT id FROM card WHERE status = ? AND deleted_from IS NOT NULL", (_DELETED,))]
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = _marks(len(chunk))
            tx.write(f"DELETE FROM schedule WHERE card_id IN ({marks})", chunk)
            tx.write("UPDATE card SET front = '', back = '', text = '', extra = '', concept = '',"
                     " tags = '[]', source_file = NULL, source_line = NULL, source_quote = NULL,"
                     f" source_author = NULL, deleted_from = NULL WHERE id IN ({marks})", chunk)
        return len(ids)

    # ------------------------------------------------------------- listing
    def find(self, query: CardQuery, today: date) -> list[CardListItem]:
        """Cards with a scheduling summary: for `cards list` and the Browse screen.
        ValueError for an order not in `ORDERS`.

        A page in deck order (Browse's default) is two short reads: its ids from the
        search rows (an index walk in that order, or the few rows a search's index
        names), then the listing of those ids alone."""
        return self._found(query, today, with_total=False)[0]

    def search(self, query: CardQuery, today: date) -> tuple[list[CardListItem], int]:
        """`find`, and how many cards the query matches in all (Browse's total; the
        trash is not counted), from one plan: a search's index is read once for both."""
        return self._found(query, today, with_total=True)

    def _found(self, query: CardQuery, today: date, *,
               with_total: bool) -> tuple[list[CardListItem], int]:
        found = plan(query.text, query.context or _context(today), self._tx)
        if self._by_ids(query):
            assert query.limit is not None
            ids, total = self.page_and_total(found, query.limit, query.offset,
                                             descending=query.descending)
            page = CardQuery(ids=ids, descending=query.descending)
            return (self._listing(page, today, None) if ids else []), total
        listed = self._listing(query, today, found if query.text else None)
        total = self.count(found=found) if with_total and not query.trash else len(listed)
        return listed, total

    @staticmethod
    def _by_ids(query: CardQuery) -> bool:
        return (query.order == "seq" and query.limit is not None
                and query.limit <= PAGE_BY_IDS and not query.trash and query.deck is None
                and not query.statuses and query.ids is None)

    def _listing(self, query: CardQuery, today: date, found: Plan | None
                 ) -> list[CardListItem]:
        """The listing itself: cards joined to their decks and items, `found` (a
        search's plan) picking them."""
        orders = {"seq": "c.seq", "due": "first_due", "lapses": "lapses", "deck": "deck_name",
                  "state": "c.status", "modified": "c.modified_at",
                  "text": "lower(c.front || c.text)"}
        if query.order not in orders:
            raise ValueError(f"cannot sort by {query.order!r} (use {', '.join(orders)})")
        tx = self._tx
        where, params = self._find_where(query, found)
        # The deck's name as an aggregate: PostgreSQL takes only the card's own columns
        # (its key is grouped) bare; a join's column must be grouped or aggregated.
        sql = (f"SELECT {CARD_COLUMNS}, min(d.name) AS deck_name, min(s.due) AS first_due,"
               " coalesce(sum(s.lapses), 0) AS lapses, coalesce(min(s.repetitions), 0) AS reps,"
               " max(s.buried_until) AS buried, sum(CAST(s.due IS NULL AS INTEGER)) AS unseen"
               " FROM card c JOIN deck d ON d.id = c.deck_id"
               " LEFT OUTER JOIN schedule s ON s.card_id = c.id"
               f" WHERE {where} GROUP BY c.id"
               f" ORDER BY {orders[query.order]}{' DESC' if query.descending else ''}, c.seq")
        if query.limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [query.limit, query.offset]
        day = tx.day
        out = []
        for row in tx.run(sql, params).fetchall():
            deck_name, due, lapse_sum, min_reps, buried, unseen = row[CARD_WIDTH:]
            due, buried = day(due), day(buried)
            card = card_view(tx, row, _named(deck_name))
            out.append(CardListItem(
                card=card, state=state_of(card.status, None if unseen else due, int(min_reps),
                                          buried, today),
                due=due, lapses=int(lapse_sum), repetitions=int(min_reps)))
        return out

    def _find_where(self, query: CardQuery, found: Plan | None) -> tuple[str, list[Any]]:
        """The WHERE clause of `find` and its parameters."""
        if query.trash:
            parts, params = ["c.status = ?", "c.deleted_from IS NOT NULL"], [_DELETED]
        else:
            parts, params = ["c.status != ?"], [_DELETED]
        if query.deck is not None:  # the deck and its children (`deck::...`)
            parts.append(f"(d.name = ? OR {self._tx.words().position('d.name', '?')} = 1)")
            params += [query.deck, f"{query.deck}::"]
        if query.statuses:
            parts.append(f"c.status IN ({_marks(len(query.statuses))})")
            params += [str(s) for s in query.statuses]
        if query.ids is not None:
            parts.append(f"c.id IN ({_marks(len(query.ids))})")
            params += list(query.ids)
        if found is not None:
            parts.append(f"c.id IN (SELECT s.card_id FROM card_search s WHERE {found.condition})")
            params += found.params
        return " AND ".join(parts), params


def _named(name: str) -> Callable[[int], str]:
    """A deck-name lookup that always gives `name` (a listing reads it with the row)."""
    return lambda _deck_id: name


def _comparable(tx: Tx, column: str, stored: Any) -> Any:
    """A stored value as `Tx.param` writes it, to tell a change from a rewrite."""
    if column in ("deleted_at", "modified_at") and stored is not None:
        return tx.param(tx.time(stored))
    return stored
