"""FSRS as pure functions over py-fsrs (the `fsrs` package, MIT).

Every FSRS step is py-fsrs's own `Scheduler.review_card`, never a copy of its
formulas, so a card's state here is exactly what py-fsrs computes over the same
history. How `cards` configures it, and why:

1. Grades map onto FSRS's four ratings: 0-2 Again, 3 Hard, 4 Good, 5 Easy (the same
   buttons the Anki round trip uses).
2. No learning or relearning steps, and no fuzz. `cards` schedules whole study days
   and brings failed cards back within the session itself (SM-2's rule 7), so minute
   steps have no place; without fuzz every interval follows from the history alone,
   which makes switching schedulers (a replay of the log) deterministic.
3. With no steps, every answered card is in py-fsrs's Review state, so its memory is
   fully described by stability, difficulty and the time of its last review.
4. The interval of an answer is py-fsrs's due minus the review time, in whole days;
   the due *day* is the study day of the answer plus that interval, as for SM-2.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fsrs import Card, Rating, Scheduler

    #: The ratings of grades 0..5.
    RATINGS: tuple[Rating, ...]
    #: py-fsrs's default parameters.
    PARAMETERS: tuple[float, ...]

DEFAULT_RETENTION = 0.9
MAX_INTERVAL = 36_500
#: A card id for py-fsrs's Card: without one it sleeps a millisecond to make one up.
_CARD_ID = 1


@lru_cache(maxsize=1)
def _library() -> dict[str, Any]:
    """py-fsrs's names, imported on first use: a collection that never schedules with
    FSRS (and every command that only reads) does not pay for importing it."""
    from fsrs import Rating
    from fsrs.scheduler import DEFAULT_PARAMETERS

    return {"RATINGS": (Rating.Again, Rating.Again, Rating.Again, Rating.Hard, Rating.Good,
                        Rating.Easy),
            "PARAMETERS": tuple(DEFAULT_PARAMETERS)}


def __getattr__(name: str) -> Any:
    """`RATINGS` and `PARAMETERS`, from py-fsrs when first asked for."""
    if name in ("RATINGS", "PARAMETERS"):
        return _library()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _default_parameters() -> tuple[float, ...]:
    return _library()["PARAMETERS"]  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class FsrsConfig:
    """What an FSRS schedule depends on besides the history (py-fsrs's default
    parameters unless given)."""

    parameters: tuple[float, ...] = field(default_factory=_default_parameters)
    desired_retention: float = DEFAULT_RETENTION
    maximum_interval: int = MAX_INTERVAL


@dataclass(frozen=True, slots=True)
class Memory:
    """An answered item's FSRS memory state (py-fsrs's Card in its Review state)."""

    stability: float
    difficulty: float
    last_review: datetime  # aware UTC


def rating(grade: int) -> Rating:
    """FSRS's rating for a grade 0..5."""
    return _library()["RATINGS"][grade]  # type: ignore[no-any-return]


@lru_cache(maxsize=16)
def scheduler(config: FsrsConfig) -> Scheduler:
    """The py-fsrs scheduler for a configuration (see the module docstring)."""
    from fsrs import Scheduler

    return Scheduler(parameters=config.parameters, desired_retention=config.desired_retention,
                     learning_steps=(), relearning_steps=(),
                     maximum_interval=config.maximum_interval, enable_fuzzing=False)


def check_parameters(parameters: Sequence[float]) -> tuple[float, ...]:
    """The parameters as a tuple, or ValueError naming what py-fsrs refuses."""
    from fsrs import Scheduler

    values = tuple(float(p) for p in parameters)
    Scheduler(parameters=values)
    return values


def _card(memory: Memory | None) -> Card:
    from fsrs import Card, State

    if memory is None:
        return Card(card_id=_CARD_ID, state=State.Learning, step=0)
    return Card(card_id=_CARD_ID, state=State.Review, step=None, stability=memory.stability,
                difficulty=memory.difficulty, last_review=memory.last_review)


def review(
    memory: Memory | None, grade: int, at: datetime, config: FsrsConfig
) -> tuple[Memory, int]:
    """One answer: py-fsrs's `review_card` on the item's state (None: never answered);
    the new state and the interval in days."""
    moment = at.astimezone(UTC)
    card, _log = scheduler(config).review_card(_card(memory), rating(grade), moment)
    assert card.stability is not None and card.difficulty is not None
    return Memory(card.stability, card.difficulty, moment), (card.due - moment).days


def replay(
    history: Iterable[tuple[datetime, int]], config: FsrsConfig
) -> tuple[Memory, int] | None:
    """The state and last interval after answers (time, grade) in the order given;
    None if there are none. The same steps as `review`, one after the other, with
    py-fsrs's card handed from step to step (a replay runs 100,000 of them)."""
    review_card = scheduler(config).review_card
    ratings = _library()["RATINGS"]
    card = _card(None)
    moment: datetime | None = None
    for at, grade in history:
        moment = at if at.tzinfo is UTC else at.astimezone(UTC)
        card, _log = review_card(card, ratings[grade], moment)
    if moment is None:
        return None
    assert card.stability is not None and card.difficulty is not None
    return Memory(card.stability, card.difficulty, moment), (card.due - moment).days


def retrievability(memory: Memory | None, at: datetime, config: FsrsConfig) -> float:
    """FSRS's predicted chance of recall at `at` (0 for an item never answered)."""
    if memory is None:
        return 0.0
    return float(scheduler(config).get_card_retrievability(_card(memory), at.astimezone(UTC)))


def preview_intervals(memory: Memory | None, at: datetime, config: FsrsConfig) -> dict[int, int]:
    """The interval in days each grade 0..5 would give now: the reviewer's legend."""
    return {grade: review(memory, grade, at, config)[1] for grade in range(6)}
