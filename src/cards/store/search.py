"""The search syntax, shared by Browse, `cards list --search` and the bulk commands.

A query is parsed into a small tree (`parse`), and the tree into an SQLAlchemy
expression over the card table (`compile_search`) whose every value is a bound
parameter: text typed in a search never becomes SQL.

    plain words     every field (id, front, back, text, extra, concept, tags, source),
                    case- and accent-insensitive substrings, all of them (AND)
    "a phrase"      the words together, literally ("" inside: \\" and \\\\)
    -term           not the term;  a or b: either;  ( ... ) groups
    deck:NAME       the deck and its children (deck:lang finds lang::french)
    tag:T           the tag T (or T::child), exactly, case-insensitively
    is:STATE        new, due, review, learning, suspended, buried, draft, leech
    concept:X  source:FILE  front:X  back:X  text:X   a substring of that field
    added:N  rated:N   added / answered in the last N study days (1 = today)

Plain words are folded the same way on both sides (`fold`): casefolded, accents
dropped (NFKD without combining marks). Each card keeps its folded text in
`card.folded`, written with its content, so a plain search is one `instr` per card
(about 15 ms at 100,000 cards) instead of calling a Python function on each field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, exists, false, not_, or_, select, true
from sqlmodel import col

from cards.store import dialect
from cards.store.folding import TAG_SEP, fold
from cards.store.models import CardRow, DeckRow, ReviewRow, ScheduleRow
from cards.vocabulary import CardStatus

#: At most this many terms in one query (SQLite nests an expression at most 1000 deep).
MAX_TERMS = 64
MAX_DEPTH = 16
#: `added:N` / `rated:N` take 1..MAX_DAYS.
MAX_DAYS = 36_500
STATES = ("new", "due", "review", "learning", "suspended", "buried", "draft", "leech")
FIELDS = ("deck", "tag", "is", "concept", "source", "front", "back", "text", "added", "rated")
#: The card fields a plain word looks in, in the order `folded_text` joins them.
PLAIN_FIELDS = ("id", "front", "back", "text", "extra", "concept", "source_file",
                "source_quote", "source_author")
class SearchError(ValueError):
    """A query that does not parse; its message is one line."""


# ------------------------------------------------------------------ the tree
@dataclass(frozen=True, slots=True)
class Term:
    field: str | None  # None: a plain word or phrase
    value: str


@dataclass(frozen=True, slots=True)
class Not:
    node: Node


@dataclass(frozen=True, slots=True)
class All:
    nodes: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Any_:
    nodes: tuple[Node, ...]


Node = Term | Not | All | Any_


# ------------------------------------------------------------------ parsing
@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # word, phrase, field, (, ), -, or
    value: str = ""
    field: str | None = None


def _read_quoted(query: str, start: int) -> tuple[str, int]:
    """The phrase opening at `start` (a '"'), and the index after its closing quote."""
    out: list[str] = []
    i = start + 1
    while i < len(query):
        c = query[i]
        if c == "\\" and i + 1 < len(query) and query[i + 1] in '"\\':
            out.append(query[i + 1])
            i += 2
            continue
        if c == '"':
            return "".join(out), i + 1
        out.append(c)
        i += 1
    raise SearchError("a quoted phrase is not closed (add the closing \")")


def _tokens(query: str) -> list[_Token]:
    tokens: list[_Token] = []
    depth = 0
    i = 0
    while i < len(query):
        c = query[i]
        if c.isspace():
            i += 1
        elif c == "(":
            tokens.append(_Token("("))
            depth += 1
            i += 1
        elif c == ")" and depth > 0:
            tokens.append(_Token(")"))
            depth -= 1
            i += 1
        elif c == '"':
            phrase, i = _read_quoted(query, i)
            tokens.append(_Token("phrase", phrase))
        elif c == "-" and i + 1 < len(query) and not query[i + 1].isspace():
            tokens.append(_Token("-"))
            i += 1
        else:
            i = _read_word(query, i, depth, tokens)
    return tokens


def _read_word(query: str, i: int, depth: int, tokens: list[_Token]) -> int:
    """A bare word (or `field:value`) from `i`; the index after it."""
    start = i
    while (i < len(query) and not query[i].isspace() and query[i] != '"'
           and not (query[i] == ")" and depth > 0)):
        i += 1
    word = query[start:i]
    name, sep, value = word.partition(":")
    if sep and name.lower() in FIELDS:
        if not value and i < len(query) and query[i] == '"':
            value, i = _read_quoted(query, i)
        elif not value:
            raise SearchError(f"{name}: needs a value (e.g. {name}:{_EXAMPLES[name.lower()]})")
        tokens.append(_Token("field", value, name.lower()))
    elif word.lower() == "or":
        tokens.append(_Token("or"))
    else:
        tokens.append(_Token("word", word))
    return i


_EXAMPLES = {"deck": "physics", "tag": "scaling", "is": "due", "concept": "E-FLOP",
             "source": "notes.md", "front": "word", "back": "word", "text": "word",
             "added": "7", "rated": "1"}


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.at = 0
        self.terms = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def either(self, depth: int) -> Node:
        """or_expr := all_expr ('or' all_expr)*"""
        nodes = [self.all(depth)]
        while (t := self.peek()) is not None and t.kind == "or":
            self.take()
            if self.peek() is None or self.peek().kind in ("or", ")"):  # type: ignore[union-attr]
                raise SearchError("'or' needs a term on each side")
            nodes.append(self.all(depth))
        return nodes[0] if len(nodes) == 1 else Any_(tuple(nodes))

    def all(self, depth: int) -> Node:
        """all_expr := unary+ (until 'or', ')' or the end)"""
        nodes: list[Node] = []
        while (t := self.peek()) is not None and t.kind not in ("or", ")"):
            nodes.append(self.unary(depth))
        if not nodes:
            raise SearchError("'or' needs a term on each side" if self.peek() is not None
                              else "empty search")
        return nodes[0] if len(nodes) == 1 else All(tuple(nodes))

    def unary(self, depth: int) -> Node:
        token = self.take()
        if token.kind == "-":
            if self.peek() is None or self.peek().kind in ("or", ")"):  # type: ignore[union-attr]
                raise SearchError("'-' needs a term after it")
            return Not(self.unary(depth))
        if token.kind == "(":
            if depth >= MAX_DEPTH:
                raise SearchError(f"search nested too deep (at most {MAX_DEPTH} parentheses)")
            if self.peek() is None or self.peek().kind == ")":  # type: ignore[union-attr]
                raise SearchError("empty parentheses" if self.peek() is not None
                                  else "a parenthesis is not closed")
            inner = self.either(depth + 1)
            if self.peek() is None:
                raise SearchError("a parenthesis is not closed (add ')')")
            self.take()
            return inner
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise SearchError(f"search too long (at most {MAX_TERMS} terms)")
        if token.kind == "field":
            return _field_term(token.field or "", token.value)
        return Term(None, token.value)


def _field_term(name: str, value: str) -> Term:
    if name == "is" and value.lower() not in STATES:
        raise SearchError(f"is:{value[:40]} is not a state (use one of {', '.join(STATES)})")
    if name in ("added", "rated") and (
            not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= MAX_DAYS):
            raise SearchError(f"{name}: takes a number of days 1..{MAX_DAYS:,} "
                              f"(not {value[:40]!r})")
    return Term(name, value.lower() if name == "is" else value)


def parse(query: str) -> Node | None:
    """The tree of a query; None for an empty one. SearchError (one line) if invalid."""
    tokens = _tokens(query)
    if not tokens:
        return None
    parser = _Parser(tokens)
    node = parser.either(0)
    if parser.peek() is not None:  # pragma: no cover - `either` stops only at the end
        raise SearchError("unexpected ')'")
    return node


# ------------------------------------------------------------------ compiling
@dataclass(frozen=True, slots=True)
class SearchContext:
    """What a query's meaning depends on: the study day, and when a day began."""

    today: date
    day_start: Callable[[date], datetime]


def _since(ctx: SearchContext, days: int) -> datetime:
    from datetime import timedelta

    return ctx.day_start(ctx.today - timedelta(days=days - 1))


def _contains(column: Any, needle: str) -> Any:
    """`column` (may be NULL: then as '') contains `needle`, both folded."""
    return dialect.Position(dialect.Fold(dialect.coalesced(column)), fold(needle)) > 0


def _items(*conditions: Any) -> Any:
    """The card has an item meeting `conditions`: `card.id IN (SELECT ...)`, which
    SQLite computes once per query (through ix_schedule_due where the conditions are
    on `due`), instead of a lookup per card (is:due: 460 ms -> a few ms of it)."""
    return col(CardRow.id).in_(select(col(ScheduleRow.card_id)).where(*conditions))


def _state(value: str, ctx: SearchContext) -> Any:
    """`is:VALUE` as the card's state: the least-learned item's (`study_state`)."""
    today = ctx.today
    active = col(CardRow.status) == CardStatus.ACTIVE
    if value in ("suspended", "draft"):
        return col(CardRow.status) == value
    if value == "leech":
        return dialect.Position(dialect.folded_row(), f"{TAG_SEP}leech{TAG_SEP}") > 0
    buried = _items(col(ScheduleRow.buried_until) > today)
    if value == "buried":
        return and_(active, buried)
    if value == "due":
        return and_(active, _items(col(ScheduleRow.due) <= today,
                                   col(ScheduleRow.buried_until).is_(None)
                                   | (col(ScheduleRow.buried_until) <= today)))
    unseen = _items(col(ScheduleRow.due).is_(None))
    # a card with no item at all (only a damaged collection has one) counts as new
    no_items = ~exists(select(col(ScheduleRow.card_id)).where(
        col(ScheduleRow.card_id) == CardRow.id).correlate_except(ScheduleRow.__table__))
    if value == "new":
        return and_(active, ~buried, or_(unseen, no_items))
    learning = _items(col(ScheduleRow.repetitions) == 0)
    if value == "learning":
        return and_(active, ~buried, ~unseen, learning)
    return and_(active, ~buried, ~unseen, ~learning, ~no_items)  # review


def _deck(value: str) -> Any:
    name = dialect.Fold(col(DeckRow.name))
    wanted = fold(value)
    return col(CardRow.deck_id).in_(select(col(DeckRow.id)).where(
        (name == wanted) | (dialect.Position(name, f"{wanted}::") == 1))
        .correlate_except(DeckRow.__table__))


def _term(term: Term, ctx: SearchContext) -> Any:
    row = dialect.folded_row()
    match term.field:
        case None:
            return dialect.Position(row, fold(term.value)) > 0
        case "tag":
            tag = fold(term.value)
            return or_(dialect.Position(row, f"{TAG_SEP}{tag}{TAG_SEP}") > 0,
                       dialect.Position(row, f"{TAG_SEP}{tag}::") > 0)
        case "deck":
            return _deck(term.value)
        case "is":
            return _state(term.value, ctx)
        case "concept":
            return _contains(CardRow.concept, term.value)
        case "source":
            return _contains(CardRow.source_file, term.value)
        case "front" | "back" | "text":
            return _contains(getattr(CardRow, term.field), term.value)
        case "added":
            return col(CardRow.created_at) >= _since(ctx, int(term.value))
        case _:  # rated: the answers since then, found once through ix_review_time
            return col(CardRow.id).in_(select(col(ReviewRow.card_id)).where(
                col(ReviewRow.reviewed_at) >= _since(ctx, int(term.value))))


def compile_search(node: Node | None, ctx: SearchContext) -> Any:
    """The SQL condition on `card` rows that a parsed query means (bound parameters only)."""
    if node is None:
        return true()
    if isinstance(node, Term):
        return _term(node, ctx)
    if isinstance(node, Not):
        return not_(compile_search(node.node, ctx))
    parts = [compile_search(n, ctx) for n in node.nodes]
    if isinstance(node, All):
        return and_(*parts)
    return or_(*parts) if parts else false()
