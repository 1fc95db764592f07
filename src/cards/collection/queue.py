"""Building today's review queue, as a sequence of named stages (Anki's queue
builder in small):

1. `quotas`: what each deck's daily limits still allow today;
2. `due_reviews`: due items, oldest first, within the review quotas;
3. `new_items`: new items in deck order, within the new quotas and the room left;
4. `repeats`: items failed earlier today awaiting their rule-7 repeat;
5. `merge`: repeats first, then reviews, then new items, each once, cut to the limit;
6. `load`: the chosen items as views, repeats marked.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from cards.collection.repeats import Key, key_of, waiting_repeats
from cards.store.decks import DeckRecord
from cards.store.repos import Repositories
from cards.views import ItemView

#: The stages in order; `build` runs them so.
STAGES = ("quotas", "due_reviews", "new_items", "repeats", "merge", "load")


@dataclass(frozen=True, slots=True)
class Cap:
    """A parent deck's daily limits and the decks they count answers in (its tree)."""

    new: int
    reviews: int
    decks: frozenset[int]


@dataclass(slots=True)
class QueuePlan:
    """What the stages pass along."""

    decks: list[DeckRecord]
    limits: dict[int, tuple[int, int]]  # deck id: (new per day, reviews per day)
    today: date
    day_bounds: tuple[datetime, datetime]  # today's [start, end), in UTC
    limit: int | None
    #: The limits above each deck's own that cap this queue, as in Anki: studying a deck
    #: with children, that deck's (new, reviews) per day cap its whole tree; studying
    #: any deck under a parent, each parent's cap it too, less what was answered today
    #: anywhere under that parent (each child keeps its own limits as well).
    caps: list[Cap] = field(default_factory=list)
    parent_left: tuple[int, int] | None = None  # (reviews, new) the caps still allow
    quotas: dict[int, tuple[int, int]] = field(default_factory=dict)  # (reviews, new) left
    reviews: list[Key] = field(default_factory=list)
    new: list[Key] = field(default_factory=list)
    repeats: list[Key] = field(default_factory=list)
    chosen: list[Key] = field(default_factory=list)
    items: list[ItemView] = field(default_factory=list)


def quotas(repos: Repositories, plan: QueuePlan) -> None:
    done_today = repos.reviews.done_since_by_deck(*plan.day_bounds)
    for deck in plan.decks:
        new_limit, rev_limit = plan.limits[deck.id]
        new_done, rev_done = done_today.get(deck.id, (0, 0))
        rev_left = max(0, rev_limit - rev_done)
        new_left = max(0, new_limit - new_done)
        if plan.limit is not None:
            rev_left, new_left = min(rev_left, plan.limit), min(new_left, plan.limit)
        plan.quotas[deck.id] = (rev_left, new_left)
    for cap in plan.caps:
        new_done = sum(n for d, (n, _r) in done_today.items() if d in cap.decks)
        rev_done = sum(r for d, (_n, r) in done_today.items() if d in cap.decks)
        left = (max(0, cap.reviews - rev_done), max(0, cap.new - new_done))
        if plan.parent_left is not None:
            left = (min(left[0], plan.parent_left[0]), min(left[1], plan.parent_left[1]))
        plan.parent_left = left


def due_reviews(repos: Repositories, plan: QueuePlan) -> None:
    plan.reviews = repos.schedule.due_review_keys(
        plan.today, {d: q[0] for d, q in plan.quotas.items()}, plan.limit)
    if plan.parent_left is not None:
        plan.reviews = plan.reviews[:plan.parent_left[0]]


def new_items(repos: Repositories, plan: QueuePlan) -> None:
    room = None if plan.limit is None else plan.limit - len(plan.reviews)
    wanted = {deck_id: new_left if room is None else min(new_left, room)
              for deck_id, (_rev_left, new_left) in plan.quotas.items()}
    plan.new = repos.schedule.new_keys(wanted, plan.today)
    if plan.parent_left is not None:
        plan.new = plan.new[:plan.parent_left[1]]


def repeats(repos: Repositories, plan: QueuePlan) -> None:
    names = {deck.name for deck in plan.decks}
    plan.repeats = [key_of(item) for item in waiting_repeats(repos, plan.day_bounds, plan.today)
                    if item.card.deck in names]


def merge(_repos: Repositories, plan: QueuePlan) -> None:
    waiting = set(plan.repeats)
    plan.chosen = plan.repeats + [key for key in plan.reviews + plan.new if key not in waiting]
    if plan.limit is not None:
        plan.chosen = plan.chosen[:plan.limit]


def load(repos: Repositories, plan: QueuePlan) -> None:
    found = repos.schedule.items(plan.chosen)
    waiting = set(plan.repeats)
    plan.items = [replace(found[key], repeat=True) if key in waiting else found[key]
                  for key in plan.chosen if key in found]


_RUN = {"quotas": quotas, "due_reviews": due_reviews, "new_items": new_items,
        "repeats": repeats, "merge": merge, "load": load}


def build(repos: Repositories, plan: QueuePlan) -> list[ItemView]:
    """Run every stage, in order, in one read transaction."""
    for stage in STAGES:
        _RUN[stage](repos, plan)
    return plan.items
