"""The study-state rule (`cards.study_state.RULE`) compiled into an SQL ``CASE``.

Portable SQLAlchemy, so every engine counts states the way Python names them. Facts
the caller already knows (say, `status` is "active" for a query over active cards
only) are passed in `known`: their conditions are decided here and drop out of the
SQL, so the ``CASE`` reads only the columns it needs.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import case, literal
from sqlalchemy.sql.elements import ColumnElement

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


def _condition(condition: Condition, column: Any, today: date) -> ColumnElement[bool]:
    if isinstance(condition, IsNull):
        return column.is_(None)  # type: ignore[no-any-return]
    if isinstance(condition, Equals):
        return column == condition.value  # type: ignore[no-any-return]
    if isinstance(condition, NotEquals):
        return column != condition.value  # type: ignore[no-any-return]
    return column.is_not(None) & (column > today)  # type: ignore[no-any-return]


def _outcome(outcome: Outcome, columns: Mapping[str, Any], known: Mapping[str, Any]) -> Any:
    if isinstance(outcome, FactValue):
        if outcome.fact in known:
            return literal(str(known[outcome.fact]))
        return columns[outcome.fact]
    return literal(str(outcome))


def state_case(
    columns: Mapping[str, Any], today: date, known: Mapping[str, Any] | None = None
) -> Any:
    """The state of each row as an SQL expression.

    `columns` maps each fact the rule reads (`cards.study_state.FACTS`) to a column
    or SQL expression; a fact in `known` needs no column.
    """
    known = known or {}
    whens: list[tuple[ColumnElement[bool], Any]] = []
    otherwise: Outcome = OTHERWISE
    for condition, outcome in RULE:
        if condition.fact in known:
            if holds(condition, known[condition.fact], today):
                otherwise = outcome  # decided: no later branch can be reached
                break
            continue
        whens.append((_condition(condition, columns[condition.fact], today),
                      _outcome(outcome, columns, known)))
    if not whens:
        return _outcome(otherwise, columns, known)
    return case(*whens, else_=_outcome(otherwise, columns, known))
