"""Cards (`col.cards`): adding, editing, triage and status changes, listing.

Every rule about a card lives here (which status may follow which, what an edit may
change); the store's repositories only persist and read.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date

from cards.collection.clock import StudyClock, as_utc
from cards.collection.decks import DecksManager
from cards.collection.repeats import waiting_repeats
from cards.decks import DeckCard, Source, validate_card_fields, validate_deck_name
from cards.errors import InvalidInputError, NotFoundError
from cards.scheduler import add_days
from cards.store import Store
from cards.store.cards import CardQuery, TrashedCard
from cards.store.repos import Repositories
from cards.store.search import SearchContext
from cards.views import CardInfo, CardListItem, CardPage, CardView, ItemView
from cards.vocabulary import CardStatus, CardType

DEFAULT_DECK = "default"


def new_card_id() -> str:
    """A random, stable id for a hand-made card (never derived from its text)."""
    return uuid.uuid4().hex[:12]


def validate(card: DeckCard) -> None:
    """Refuse invalid card content (InvalidInputError)."""
    try:
        validate_card_fields(card)
    except ValueError as exc:
        raise InvalidInputError(str(exc)) from None


def check_card_content(
    *, front: str = "", back: str = "", text: str = "", extra: str = "",
    tags: Iterable[str] = (), concept: str = "", deck: str | None = None,
) -> None:
    """Refuse invalid card content (and deck name) before anything is opened or created
    (`cards add` on a fresh path must not leave an empty collection behind when it
    refuses)."""
    if deck is not None:
        try:
            validate_deck_name(deck)
        except ValueError as exc:
            raise InvalidInputError(str(exc)) from None
    validate(DeckCard(
        id="x", type=CardType.CLOZE if text else CardType.BASIC, front=front, back=back,
        text=text, extra=extra, concept=concept, tags=list(tags)))


def split_key(key: str) -> tuple[str, int | None]:
    """``abc:c2`` -> ("abc", 2); ``abc`` -> ("abc", None)."""
    card_id, sep, rest = key.rpartition(":c")
    if sep and rest.isascii() and rest.isdigit():
        return card_id, int(rest)
    return key, None


#: Status changes: (the status it makes, the statuses it may start from).
TRANSITIONS: dict[str, tuple[CardStatus, tuple[CardStatus, ...]]] = {
    "suspend": (CardStatus.SUSPENDED, (CardStatus.ACTIVE, CardStatus.SUSPENDED)),
    "unsuspend": (CardStatus.ACTIVE, (CardStatus.SUSPENDED, CardStatus.ACTIVE)),
    "accept": (CardStatus.ACTIVE, (CardStatus.DRAFT, CardStatus.REJECTED, CardStatus.ACTIVE)),
    "restore_draft": (CardStatus.DRAFT,
                      (CardStatus.REJECTED, CardStatus.ACTIVE, CardStatus.DRAFT)),
    "reject": (CardStatus.REJECTED, (CardStatus.DRAFT, CardStatus.REJECTED)),
    "delete": (CardStatus.DELETED, (CardStatus.DRAFT, CardStatus.ACTIVE,
                                    CardStatus.SUSPENDED, CardStatus.REJECTED)),
}


class CardsManager:
    def __init__(self, store: Store, clock: StudyClock, decks: DecksManager) -> None:
        self._store = store
        self._clock = clock
        self._decks = decks
        #: Called when an edit moves a card to another deck, inside that transaction:
        #: the collection makes the card's items follow the new deck's scheduler.
        self.on_move: Callable[[Repositories, CardView], None] | None = None

    # ------------------------------------------------ within a transaction
    def require(self, repos: Repositories, card_id: str) -> CardView:
        """The card (not deleted); NotFoundError if there is none."""
        card = repos.cards.get(card_id)
        if card is None:
            raise NotFoundError(f"no card with id {card_id!r}")
        return card

    def require_item(self, repos: Repositories, key: str, *, lock: bool = False) -> ItemView:
        """The review item `key` names (``ID`` or ``ID:cN``); with `lock`, its card's
        schedule rows are locked for the rest of the write transaction."""
        return self.require_items(repos, key, lock=lock)[0]

    def require_items(self, repos: Repositories, key: str, *,
                      lock: bool = False) -> tuple[ItemView, list[ItemView]]:
        """The item `key` names and all its card's items (by ord), read in one
        statement: an answer needs the others to bury them."""
        card_id, ord_ = split_key(key)
        card = self.require(repos, card_id)
        items = repos.schedule.items_of(card, lock=lock)
        if ord_ is None:
            if len(items) != 1:
                keys = ", ".join(f"{card_id}:c{i.ord}" for i in items)
                raise InvalidInputError(f"card {card_id} has several deletions: name one of {keys}")
            return items[0], items
        for item in items:
            if item.ord == ord_:
                return item, items
        raise NotFoundError(f"card {card_id} has no deletion c{ord_}")

    # ------------------------------------------------------------ adding
    def add(
        self, *, deck: str = DEFAULT_DECK, front: str = "", back: str = "", text: str = "",
        extra: str = "", tags: Iterable[str] = (), concept: str = "",
        source: Source | None = None, status: str = CardStatus.ACTIVE,
        card_id: str | None = None,
    ) -> CardView:
        """Add one card (basic if `front`/`back`, cloze if `text`). Refuses bad content."""
        card = DeckCard(
            id=card_id or new_card_id(), type=CardType.CLOZE if text else CardType.BASIC,
            front=front, back=back, text=text, extra=extra, concept=concept,
            tags=list(dict.fromkeys(tags)), source=source, status=status,
        )
        validate(card)
        if not deck.strip():
            raise InvalidInputError("the deck name is empty")
        with self._store.writing() as repos:
            if repos.cards.exists(card.id):
                raise InvalidInputError(f"a card with id {card.id!r} already exists")
            deck_row = self._decks.ensure(repos, deck.strip())
            assert deck_row.id is not None
            return repos.cards.insert(card, deck_row.id, repos.cards.next_seq(),
                                      as_utc(self._clock.now()))

    # ------------------------------------------------------------ reading
    def get(self, card_id: str) -> CardView:
        with self._store.reading() as repos:
            return self.require(repos, card_id)

    def item(self, key: str) -> ItemView:
        with self._store.reading() as repos:
            return self.require_item(repos, key)

    def search_context(self) -> SearchContext:
        """Today and the day starts of this collection's clock, for `is:`/`added:`/`rated:`."""
        return SearchContext(self._clock.today(), self._clock.day_start_utc)

    def count(self, query: str | None = None) -> int:
        """How many cards there are, or match `query` as in `find`."""
        context = self.search_context()
        with self._store.reading() as repos:
            try:
                return repos.cards.count(query, context)
            except ValueError as exc:
                raise InvalidInputError(str(exc)) from None

    def matching_ids(self, query: str) -> list[str]:
        """The cards a search matches (InvalidInputError if it does not parse)."""
        context = self.search_context()
        with self._store.reading() as repos:
            try:
                return repos.cards.matching_ids(query, context)
            except ValueError as exc:
                raise InvalidInputError(str(exc)) from None

    def find(
        self, *, deck: str | None = None, statuses: Sequence[str] | None = None,
        query: str | None = None, order: str = "seq", descending: bool = False,
        limit: int | None = None, offset: int = 0, trash: bool = False,
    ) -> list[CardListItem]:
        """Cards with a scheduling summary: for `cards list` and the Browse screen
        (`trash`: the deleted cards that can still be restored, instead).

        `query` is a search (`store.search`: words, deck:, tag:, is:, -, or...).
        `order` is one of seq, due, lapses, deck, state, text, modified.
        """
        today = self._clock.today()
        wanted = CardQuery(deck=deck, statuses=statuses, text=query, order=order,
                           descending=descending, limit=limit, offset=offset, trash=trash,
                           context=self.search_context())
        with self._store.reading() as repos:
            try:
                return repos.cards.find(wanted, today)
            except ValueError as exc:
                raise InvalidInputError(str(exc)) from None

    def search(self, query: str | None = None, *, order: str = "seq",
               descending: bool = False, limit: int | None = None, offset: int = 0,
               trash: bool = False) -> CardPage:
        """A page of `find` and the number of cards the search matches in all (what
        Browse shows), planned once: a search's index is read once for both. The
        trash's total is the page's length."""
        today = self._clock.today()
        wanted = CardQuery(text=query, order=order, descending=descending, limit=limit,
                           offset=offset, trash=trash, context=self.search_context())
        with self._store.reading() as repos:
            try:
                items, total = repos.cards.search(wanted, today)
            except ValueError as exc:
                raise InvalidInputError(str(exc)) from None
        return CardPage(items, total)

    def listing(self, card_ids: Sequence[str]) -> list[CardListItem]:
        """These cards (not deleted) with their scheduling summaries, in deck order."""
        wanted = CardQuery(ids=card_ids)
        with self._store.reading() as repos:
            return repos.cards.find(wanted, self._clock.today())

    def drafts(self, deck: str | None = None) -> list[CardView]:
        return [item.card for item in self.find(deck=deck, statuses=(CardStatus.DRAFT,))]

    def info(self, card_id: str, history: int = 20) -> CardInfo:
        """A card with the state of each of its review items and its latest answers."""
        today = self._clock.today()
        with self._store.reading() as repos:
            view = self.require(repos, card_id)
            items = repos.schedule.items_of(view)
            waiting = {item.ord for item in waiting_repeats(
                repos, self._clock.day_bounds_utc(today), today) if item.card.id == card_id}
            reviews = repos.reviews.history(card_id, history)
        listing = self.listing([card_id])[0]
        return CardInfo(
            listing=listing,
            items=tuple(replace(item, repeat=item.ord in waiting) for item in items),
            reviews=tuple(reviews),
        )

    # ------------------------------------------------------------ changing
    def edit(
        self, card_id: str, *, front: str | None = None, back: str | None = None,
        text: str | None = None, extra: str | None = None, concept: str | None = None,
        tags: Iterable[str] | None = None, deck: str | None = None,
        card_type: str | None = None,
    ) -> CardView:
        """Change a card's content; its id, and so its history, stay.

        `card_type` converts a basic card to cloze or back (Anki's "Change Note Type"): the
        fields of the old type are cleared unless given, the review log stays with the
        card, and the items of the new type (ord 0, or one per deletion) start new,
        since a review of the front/back question says nothing about a deletion.
        """
        with self._store.writing() as repos:
            current = self.require(repos, card_id)
            before = current.to_deck_card()
            changes: dict[str, object] = {k: v for k, v in {
                "front": front, "back": back, "text": text, "extra": extra, "concept": concept,
            }.items() if v is not None}
            if card_type is not None and card_type != before.type:
                cleared = {"front": "", "back": ""} if card_type == "cloze" else {"text": ""}
                changes = {**cleared, **changes, "type": card_type}
            if tags is not None:
                changes["tags"] = list(dict.fromkeys(tags))
            edited = replace(before, **changes)  # type: ignore[arg-type]
            validate(edited)
            target = self._decks.ensure(repos, deck) if deck is not None else None
            moved = target is not None and target.name != current.deck
            if edited == before and not moved:
                return current  # nothing changed: keep modified_at
            deck_id = (target.id if target is not None
                       else self._decks.require(repos, current.deck).id)
            assert deck_id is not None
            card = repos.cards.update(card_id, edited, deck_id, as_utc(self._clock.now()))
            if moved and self.on_move is not None:
                self.on_move(repos, card)
            return card

    def change_status(self, card_ids: str | Sequence[str], action: str) -> list[CardView]:
        """Apply one of `TRANSITIONS` to cards in one transaction: all of them, or (on
        error) none."""
        status, allowed_from = TRANSITIONS[action]
        ids = [card_ids] if isinstance(card_ids, str) else list(card_ids)
        now = as_utc(self._clock.now())
        views = []
        with self._store.writing() as repos:
            for card_id in ids:
                card = self.require(repos, card_id)
                if card.status not in allowed_from:
                    raise InvalidInputError(
                        f"card {card_id} is {card.status}; cannot make it {status}")
                if card.status != status:
                    card = repos.cards.set_status(card_id, status, modified_at=now)
                views.append(card)
        return views

    # ------------------------------------------------------------ the trash
    def undelete(self, card_ids: str | Sequence[str]) -> list[CardView]:
        """Take cards out of the trash with the status they had; all or none."""
        ids = [card_ids] if isinstance(card_ids, str) else list(card_ids)
        now = as_utc(self._clock.now())
        views = []
        with self._store.writing() as repos:
            for card_id in ids:
                trashed = repos.cards.trashed(card_id)
                if trashed is None:
                    live = repos.cards.get(card_id)
                    raise (InvalidInputError(f"card {card_id} is not in the trash "
                                             f"(it is {live.status})") if live is not None
                           else NotFoundError(f"no card with id {card_id!r} in the trash"))
                views.append(repos.cards.set_status(card_id, trashed.deleted_from,
                                                    modified_at=now))
        return views

    def trash(self) -> list[TrashedCard]:
        """The cards in the trash, the most recently deleted first."""
        with self._store.reading() as repos:
            return repos.cards.trash()

    def empty_trash(self) -> int:
        """End the cards in the trash (their history stays); how many there were."""
        with self._store.writing() as repos:
            return repos.cards.empty_trash()

    def bury(self, key: str) -> date:
        """Hide a review item until tomorrow's study day."""
        tomorrow = add_days(self._clock.today(), 1)
        with self._store.writing() as repos:
            item = self.require_item(repos, key)
            repos.schedule.set_buried(item.card.id, item.ord, tomorrow)
        return tomorrow

    def unbury(self, key: str) -> None:
        """Take back `bury`: the review item is due again as it was."""
        with self._store.writing() as repos:
            item = self.require_item(repos, key)
            repos.schedule.set_buried(item.card.id, item.ord, None)
