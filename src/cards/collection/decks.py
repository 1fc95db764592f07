"""Decks (`col.decks`): names, per-deck daily limits, and today's counts per deck."""

from __future__ import annotations

from collections import Counter

from cards.collection.clock import StudyClock, as_utc
from cards.collection.queue import Cap
from cards.collection.repeats import waiting_repeats
from cards.collection.settings import SettingsManager, check_deck_limit
from cards.decks import validate_deck_name
from cards.errors import InvalidInputError, NotFoundError
from cards.store import Store
from cards.store.decks import DeckRecord
from cards.store.repos import Repositories
from cards.views import DeckSummary
from cards.vocabulary import CardStatus


def in_tree(name: str, root: str) -> bool:
    """Whether deck `name` is `root` or one of its children (`::` separates levels)."""
    return name == root or name.startswith(root + "::")


class DecksManager:
    def __init__(self, store: Store, clock: StudyClock, settings: SettingsManager) -> None:
        self._store = store
        self._clock = clock
        self._settings = settings

    # ------------------------------------------------ within a transaction
    def require(self, repos: Repositories, name: str) -> DeckRecord:
        """The deck named `name`; NotFoundError if there is none."""
        deck = repos.decks.find(name)
        if deck is None:
            raise NotFoundError(f"no deck named {name!r}")
        return deck

    def subtree(self, repos: Repositories, name: str) -> list[DeckRecord]:
        """The deck `name` and its children (`name::...`, any depth), by name; a parent
        named only through its children (`lang` of `lang::french`) counts too.
        NotFoundError if there is neither."""
        found = [d for d in repos.decks.all() if in_tree(d.name, name)]
        if not found:
            raise NotFoundError(f"no deck named {name!r}")
        return found

    def parent_limits(self, repos: Repositories, name: str) -> tuple[int, int]:
        """(new, reviews) per day of the deck `name` studied with its children: its own
        limits, or the collection's (for a parent that is only a prefix)."""
        deck = repos.decks.find(name)
        if deck is None:
            s = self._settings.get()
            return s.new_per_day, s.reviews_per_day
        return self.limits_of(deck)

    def caps(self, repos: Repositories, name: str) -> list[Cap]:
        """The parents' limits that cap studying deck `name` (`queue.Cap`): the deck's
        own over its tree when it has children, and each parent's over the parent's
        tree (a parent named only through its children has the collection's limits,
        as when it is studied itself)."""
        everything = repos.decks.all()
        parts = name.split("::")
        roots = ["::".join(parts[:i]) for i in range(1, len(parts))]
        if any(in_tree(d.name, name) and d.name != name for d in everything):
            roots.append(name)
        return [Cap(*self.parent_limits(repos, root),
                    decks=frozenset(d.id for d in everything if in_tree(d.name, root)))
                for root in roots]

    def ensure(self, repos: Repositories, name: str,
               description: str | None = None) -> DeckRecord:
        """The deck named `name`, made (after checking the name) if missing."""
        if repos.decks.find(name) is None:
            try:
                validate_deck_name(name)
            except ValueError as exc:
                raise InvalidInputError(str(exc)) from None
        return repos.decks.ensure(name, description, as_utc(self._clock.now()))

    def limits_of(self, deck: DeckRecord) -> tuple[int, int]:
        """(new per day, reviews per day) of a deck: its own, or the collection's."""
        s = self._settings.get()
        new = s.new_per_day if deck.new_per_day is None else deck.new_per_day
        rev = s.reviews_per_day if deck.reviews_per_day is None else deck.reviews_per_day
        return new, rev

    def buries_siblings(self, deck: DeckRecord) -> bool:
        """Whether answering in this deck buries siblings: its own setting, or the
        collection's."""
        own = deck.bury_siblings
        return bool(self._settings.get().bury_siblings if own is None else own)

    # ------------------------------------------------------------ public
    def names(self) -> list[str]:
        with self._store.reading() as repos:
            return sorted(repos.decks.names_by_id().values())

    def limits(self, name: str) -> dict[str, int | None]:
        """A deck's own daily limits; None where it follows the collection-wide one."""
        with self._store.reading() as repos:
            deck = self.require(repos, name)
            return {"new_per_day": deck.new_per_day, "reviews_per_day": deck.reviews_per_day,
                    "bury_siblings": deck.bury_siblings}

    def set_limit(self, name: str, key: str, value: int | None) -> None:
        """Set a deck's `new_per_day` or `reviews_per_day`; None returns to the default."""
        check_deck_limit(key, value)
        with self._store.writing() as repos:
            if not repos.decks.set_limit(name, key, value):
                raise NotFoundError(f"no deck named {name!r}")

    def summaries(self, *, items: bool = True) -> list[DeckSummary]:
        """Every deck with today's counts, for the home screen and `cards stats`.

        `items=False` skips counting each deck's review items (left at 0): a walk over
        every item, 0.1 s at 100,000 cards, that `cards stats` does not show.
        """
        self._settings.reload()  # another process may have run `cards config` meanwhile
        today = self._clock.today()
        bounds = self._clock.day_bounds_utc(today)
        out: list[DeckSummary] = []
        with self._store.reading() as repos:
            decks = repos.decks.all()
            done_today = repos.reviews.done_since_by_deck(*bounds)
            item_counts = repos.schedule.items_per_deck() if items else {}
            waiting = Counter(item.card.deck for item in waiting_repeats(repos, bounds, today))
            for deck in decks:
                new_limit, rev_limit = self.limits_of(deck)
                new_done, rev_done = done_today.get(deck.id, (0, 0))
                new_left, rev_left = max(0, new_limit - new_done), max(0, rev_limit - rev_done)
                counts = repos.decks.card_counts(deck.id)
                due = repos.schedule.count(deck.id, today, new=False, cap=rev_left)
                new = repos.schedule.count(deck.id, today, new=True, cap=new_left)
                out.append(DeckSummary(
                    name=deck.name, description=deck.description,
                    total=sum(v for k, v in counts.items()
                              if k not in (CardStatus.DELETED, CardStatus.REJECTED)),
                    new=min(new, new_left),
                    due=min(due, rev_left) + waiting[deck.name],
                    drafts=counts.get(CardStatus.DRAFT, 0),
                    suspended=counts.get(CardStatus.SUSPENDED, 0),
                    new_per_day=new_limit, reviews_per_day=rev_limit,
                    items=item_counts.get(deck.id, 0),
                ))
        return out
