"""A review item's scheduling state and the pure transition an answer makes.

Kept apart from storage in the manner of Anki's scheduler states: the service layer
loads an `ItemState`, calls `answer`, and stores what comes back.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from cards.scheduler.days import add_days
from cards.scheduler.sm2 import INITIAL_EASINESS_H, is_failure, sm2_h
from cards.study_state import UNSEEN, holds

DEFAULT_LEECH_THRESHOLD = 8


@dataclass(frozen=True, slots=True)
class ItemState:
    """Everything SM-2 needs to know about one review item."""

    repetitions: int = 0
    interval: int = 0
    easiness_h: int = INITIAL_EASINESS_H
    due: date | None = None
    lapses: int = 0

    @property
    def is_new(self) -> bool:
        """Never answered: the rule's `UNSEEN` condition (`cards.study_state`)."""
        return holds(UNSEEN, self.due)


@dataclass(frozen=True, slots=True)
class Transition:
    """The outcome of one scheduled answer."""

    after: ItemState
    became_leech: bool


def answer(
    state: ItemState, quality: int, today: date, leech_threshold: int = DEFAULT_LEECH_THRESHOLD
) -> Transition:
    """Apply one graded answer given on `today`: new SM-2 state, due day and lapses.

    Every failure (q < 3) counts as a lapse; a failure at or past the leech threshold
    marks the item a leech (the caller suspends and tags the card, unless it already
    carries the leech tag: a leech the user chose to keep studying is not re-suspended).
    """
    reps, interval, ease = sm2_h(state.repetitions, state.interval, state.easiness_h, quality)
    failed = is_failure(quality)
    lapses = state.lapses + (1 if failed else 0)
    after = replace(
        state, repetitions=reps, interval=interval, easiness_h=ease,
        due=add_days(today, interval), lapses=lapses,
    )
    # ">=": a threshold lowered below a card's lapses still catches it at its next failure.
    became_leech = failed and leech_threshold > 0 and lapses >= leech_threshold
    return Transition(after=after, became_leech=became_leech)


def preview_intervals(state: ItemState) -> dict[int, int]:
    """The interval in days that each grade 0..5 would give: the reviewer's legend."""
    return {q: sm2_h(state.repetitions, state.interval, state.easiness_h, q)[1] for q in range(6)}
