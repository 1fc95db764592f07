"""The few SQL pieces whose best form differs between engines, as portable constructs.

Repositories build portable SQLAlchemy and take these pieces from here. Each piece
is a small SQL construct that every engine renders its own way: SQLite's planner
hints and case-folded search are compiled by `store.sqlite`, PostgreSQL's forms by
`store.postgres` (both register their rules when this module is imported), and an
engine with no rule of its own gets the plain SQL below. So one statement object
serves both engines, and SQLite's statements stay exactly what they were.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Integer, func, or_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import col

from cards.store.models import CardRow, ScheduleRow


class NotIndexed(FunctionElement[Any]):
    """An expression an index must not answer: SQLite's planner, which has no
    statistics on a collection file, is steered away from a bad index with it."""

    name = "not_indexed"
    inherit_cache = True

    def __init__(self, expr: Any) -> None:
        super().__init__(expr)
        self.type = expr.type


class LikelyNull(FunctionElement[Any]):
    """`expr IS NULL`, marked as the common case where the engine takes such a hint.
    (Untyped, as a function call is: typed boolean, SQLite would get `... = 1`.)"""

    name = "likely_null"
    inherit_cache = True


class FoldedPosition(FunctionElement[int]):
    """Where `needle` (already case-folded) starts in `field` case-folded; 0 if it is
    not there."""

    name = "folded_position"
    inherit_cache = True
    type = Integer()


class Fold(FunctionElement[str]):
    """Text folded as searches compare it (`store.folding.fold`: casefolded, accents
    dropped). SQLite calls the registered Python function; the plain form lowers."""

    name = "fold"
    inherit_cache = True


class Position(FunctionElement[int]):
    """Where `needle` starts in `text` (1-based), 0 if it is not there: a literal
    substring test with no wildcard to escape (SQLite's instr, PostgreSQL's strpos)."""

    name = "position_of"
    inherit_cache = True
    type = Integer()


class FoldedRow(FunctionElement[str]):
    """A card's folded search text: the stored `card.folded`, or, for a row written
    without it (by another program), the same text computed from its columns."""

    name = "folded_row"
    inherit_cache = True


def arguments(element: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> list[str]:
    """The construct's arguments, rendered by `compiler` (for the engines' rules)."""
    return [compiler.process(clause, **kw) for clause in element.clauses]


@compiles(NotIndexed)
def _plain(element: NotIndexed, compiler: SQLCompiler, **kw: Any) -> str:
    return arguments(element, compiler, **kw)[0]


@compiles(LikelyNull)
def _is_null(element: LikelyNull, compiler: SQLCompiler, **kw: Any) -> str:
    return f"{arguments(element, compiler, **kw)[0]} IS NULL"


@compiles(FoldedPosition)
def _position_lower(element: FoldedPosition, compiler: SQLCompiler, **kw: Any) -> str:
    field, needle = arguments(element, compiler, **kw)
    return f"strpos(lower({field}), {needle})"


@compiles(Fold)
def _fold_lower(element: Fold, compiler: SQLCompiler, **kw: Any) -> str:
    return f"lower({arguments(element, compiler, **kw)[0]})"


@compiles(Position)
def _strpos(element: Position, compiler: SQLCompiler, **kw: Any) -> str:
    text, needle = arguments(element, compiler, **kw)
    return f"strpos({text}, {needle})"


@compiles(FoldedRow)
def _folded_row_lower(element: FoldedRow, compiler: SQLCompiler, **kw: Any) -> str:
    stored, *fields = arguments(element, compiler, **kw)
    return f"coalesce({stored}, lower(concat_ws(' ', {', '.join(fields)})))"


# ------------------------------------------------------------- the pieces
def in_deck_via_due(deck_id: int) -> Any:
    """`card.deck_id = ?` that the due-date index, not the deck index, should answer
    (see `store.sqlite.hints`)."""
    return NotIndexed(CardRow.__table__.c.deck_id) == deck_id


def deck_id_not_indexed() -> Any:
    """`card.deck_id` as an expression no index answers (the due walk goes down the
    due-date index for all decks at once and filters each row)."""
    return NotIndexed(CardRow.__table__.c.deck_id)


def unseen() -> Any:
    """`schedule.due IS NULL` (a new item), marked as the common case."""
    return LikelyNull(col(ScheduleRow.due))


def card_id_not_driving() -> Any:
    """`card.id`, kept from driving a card-schedule join from the schedule side."""
    return NotIndexed(CardRow.__table__.c.id)


def coalesced(column: Any) -> Any:
    """A nullable text column read as '' when NULL (so a negated test keeps the row)."""
    return func.coalesce(column, "")


def folded_row() -> Any:
    """The card's folded search text (see `FoldedRow`)."""
    from cards.store.folding import PLAIN_FIELDS

    table = CardRow.__table__
    return FoldedRow(table.c.folded, *(table.c[f] for f in PLAIN_FIELDS), table.c.tags)


def contains_folded(fields: Iterable[Any], needle: str) -> Any:
    """Any of `fields` contains `needle`, compared case-insensitively."""
    folded = needle.casefold()
    return or_(*(FoldedPosition(f, folded) > 0 for f in fields))


# The engines' rules: imported for their registrations (neither imports a driver).
from cards.store.postgres import sql as _postgres_sql  # noqa: E402
from cards.store.sqlite import hints as _sqlite_hints  # noqa: E402,F401
from cards.store.sqlite import search as _sqlite_search  # noqa: E402,F401


def words(conn: Any) -> Any:
    """The SQL words module (`store.sqlite.sql` or `store.postgres.sql`) of the engine
    behind a connection or session, for statements written as text."""
    if conn.dialect.name == "postgresql":
        return _postgres_sql
    return _sqlite_words


from cards.store.sqlite import sql as _sqlite_words  # noqa: E402
