"""The one rule for a card's or a review item's study state (new, learning, review...).

The rule is data: an ordered list of (condition, state) pairs over four facts of an
item (its card's `status`, its `due` day, its `repetitions`, its `buried_until` day),
the first condition that holds deciding. Python evaluates it here (`state_of`); the
store compiles the same list into an SQL ``CASE`` (`cards.store.state_sql`),
so a count in SQL and a state shown from Python can never disagree. A test checks
the two on generated rows.

A card's state is its least-learned item's: pass the card's status, None as `due`
if any item is new (else the earliest due day), the lowest `repetitions`, and the
latest `buried_until`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cards.vocabulary import CardStatus, StudyState

#: The facts the rule reads, by name (the columns the SQL form maps them to).
FACTS = ("status", "due", "repetitions", "buried_until")


@dataclass(frozen=True, slots=True)
class IsNull:
    """The fact has no value (an item never answered has no due day)."""

    fact: str


@dataclass(frozen=True, slots=True)
class Equals:
    fact: str
    value: object


@dataclass(frozen=True, slots=True)
class NotEquals:
    fact: str
    value: object


@dataclass(frozen=True, slots=True)
class AfterToday:
    """The fact is a day after the study day the state is asked for."""

    fact: str


@dataclass(frozen=True, slots=True)
class FactValue:
    """An outcome that is the fact's own value (a card that is not active is in the
    state named by its status)."""

    fact: str


Condition = IsNull | Equals | NotEquals | AfterToday
Outcome = StudyState | FactValue

#: An item never answered: the condition `ItemState.is_new` and the rule share.
UNSEEN = IsNull("due")

#: The rule, first match wins; `OTHERWISE` when none holds.
RULE: tuple[tuple[Condition, Outcome], ...] = (
    (NotEquals("status", CardStatus.ACTIVE), FactValue("status")),
    (AfterToday("buried_until"), StudyState.BURIED),
    (UNSEEN, StudyState.NEW),
    (Equals("repetitions", 0), StudyState.LEARNING),
)
OTHERWISE = StudyState.REVIEW


def holds(condition: Condition, value: object, today: date | None = None) -> bool:
    """Whether `condition` holds of its fact's `value` (on study day `today`)."""
    if isinstance(condition, IsNull):
        return value is None
    if isinstance(condition, Equals):
        return value == condition.value
    if isinstance(condition, NotEquals):
        return value != condition.value
    if today is None:
        raise ValueError("AfterToday needs the study day")
    return value is not None and value > today  # type: ignore[operator]


def state_of(
    status: str, due: date | None, repetitions: int, buried_until: date | None, today: date
) -> str:
    """The state `RULE` gives an item (or a card, see the module docstring) on `today`.

    A `StudyState` for every status a card can be shown with; a deleted card's items
    (never listed) would get "deleted".
    """
    facts = {"status": status, "due": due, "repetitions": repetitions,
             "buried_until": buried_until}
    for condition, outcome in RULE:
        if holds(condition, facts[condition.fact], today):
            if isinstance(outcome, FactValue):
                value = str(facts[outcome.fact])
                return StudyState(value) if value in _STATE_WORDS else value
            return outcome
    return OTHERWISE


_STATE_WORDS = frozenset(StudyState)
