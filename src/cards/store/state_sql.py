"""The study-state rule (`cards.study_state.RULE`) compiled into an SQL ``CASE``.

Plain SQL with `?` parameters that every engine reads alike, so every engine counts
states the way Python names them. Facts the caller already knows (say, `status` is
"active" for a query over active cards only) are passed in `known`: their conditions
are decided here and drop out of the SQL, so the ``CASE`` reads only the columns it
needs.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from cards.study_state import (
    OTHERWISE,
    RULE,
    Condition,
    Equals,
    FactValue,
    IsNull,
    NotEquals,
    Outcome,
    holds,
)


def _condition(condition: Condition, column: str, today: date) -> tuple[str, list[Any]]:
    if isinstance(condition, IsNull):
        return f"{column} IS NULL", []
    if isinstance(condition, Equals):
        return f"{column} = ?", [condition.value]
    if isinstance(condition, NotEquals):
        return f"{column} != ?", [condition.value]
    return f"({column} IS NOT NULL AND {column} > ?)", [today]


def _outcome(outcome: Outcome, columns: Mapping[str, str],
             known: Mapping[str, Any]) -> tuple[str, list[Any]]:
    if isinstance(outcome, FactValue):
        if outcome.fact in known:
            return "?", [str(known[outcome.fact])]
        return columns[outcome.fact], []
    return "?", [str(outcome)]


def state_case(
    columns: Mapping[str, str], today: date, known: Mapping[str, Any] | None = None
) -> tuple[str, list[Any]]:
    """The state of each row as an SQL expression, and its parameters in order.

    `columns` maps each fact the rule reads (`cards.study_state.FACTS`) to a column
    or SQL expression; a fact in `known` needs no column. Parameters are Python values
    (`today` a date): the caller converts them for its engine (`Tx.params`).
    """
    known = known or {}
    whens: list[str] = []
    params: list[Any] = []
    otherwise: Outcome = OTHERWISE
    for condition, outcome in RULE:
        if condition.fact in known:
            if holds(condition, known[condition.fact], today):
                otherwise = outcome  # decided: no later branch can be reached
                break
            continue
        test, test_params = _condition(condition, columns[condition.fact], today)
        then, then_params = _outcome(outcome, columns, known)
        whens.append(f"WHEN {test} THEN {then}")
        params += test_params + then_params
    last, last_params = _outcome(otherwise, columns, known)
    if not whens:
        return last, last_params
    return f"CASE {' '.join(whens)} ELSE {last} END", params + last_params
