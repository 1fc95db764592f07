"""The search syntax, shared by Browse, `cards list --search` and the bulk commands.

A query is parsed into a small tree (`parse`), and the tree into an SQL condition
over the card table, alias `c` (`compile_search`), whose every value is a bound
parameter: text typed in a search never becomes SQL. The few pieces whose best form
differs between engines (instr/strpos, the folding) come from the engine's words
(`store.sqlite.sql`, `store.postgres.sql`).

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
from datetime import date, datetime, timedelta
from types import ModuleType
from typing import Any

from cards.store.folding import TAG_SEP, fold
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


#: An SQL condition and its parameters (Python values, converted by `Tx.params`).
Sql = tuple[str, list[Any]]


def _since(ctx: SearchContext, days: int) -> datetime:
    return ctx.day_start(ctx.today - timedelta(days=days - 1))


class _Compiler:
    """A parsed query as SQL for one engine (its `words`)."""

    def __init__(self, ctx: SearchContext, words: ModuleType) -> None:
        self.ctx = ctx
        self.words = words
        self.row = words.folded_row(
            "c.folded", [f"c.{f}" for f in PLAIN_FIELDS] + ["c.tags"])

    def has(self, text: str, needle: str) -> Sql:
        """`text` contains `needle` (a literal substring)."""
        return f"{self.words.position(text, '?')} > 0", [needle]

    def contains(self, column: str, needle: str) -> Sql:
        """`column` (may be NULL: then as '') contains `needle`, both folded.

        The card's folded text holds every such field, so a card whose folded text
        lacks the needle cannot match: that test, in C, goes first, and the field is
        folded (a Python call on SQLite) only for the cards that pass it (the engine
        stops an AND at its first false term)."""
        folded = fold(needle)
        in_row, row_params = self.has(self.row, folded)
        field = self.words.fold(f"coalesce({column}, ?)")
        return (f"{in_row} AND {self.words.position(field, '?')} > 0",
                [*row_params, "", folded])

    def node(self, node: Node) -> Sql:
        if isinstance(node, Term):
            return self.term(node)
        if isinstance(node, Not):
            inner, params = self.node(node.node)
            return f"NOT ({inner})", params
        parts = [self.node(n) for n in node.nodes]
        joiner = " AND " if isinstance(node, All) else " OR "
        if not parts:
            return ("1 = 1" if isinstance(node, All) else "1 = 0"), []
        return (joiner.join(f"({sql})" for sql, _ in parts),
                [p for _, params in parts for p in params])

    def term(self, term: Term) -> Sql:
        match term.field:
            case None:
                return self.has(self.row, fold(term.value))
            case "tag":
                tag = fold(term.value)
                whole, a = self.has(self.row, f"{TAG_SEP}{tag}{TAG_SEP}")
                child, b = self.has(self.row, f"{TAG_SEP}{tag}::")
                return f"({whole} OR {child})", a + b
            case "deck":
                return self.deck(term.value)
            case "is":
                return self.state(term.value)
            case "concept":
                return self.contains("c.concept", term.value)
            case "source":
                return self.contains("c.source_file", term.value)
            case "front" | "back" | "text":
                return self.contains(f"c.{term.field}", term.value)
            case "added":
                return "c.created_at >= ?", [_since(self.ctx, int(term.value))]
            case _:  # rated: the answers since then, found once through ix_review_time
                return ("c.id IN (SELECT rv.card_id FROM review rv WHERE rv.reviewed_at >= ?)",
                        [_since(self.ctx, int(term.value))])

    def deck(self, value: str) -> Sql:
        name = self.words.fold("dd.name")
        wanted = fold(value)
        return (f"c.deck_id IN (SELECT dd.id FROM deck dd WHERE {name} = ?"
                f" OR {self.words.position(name, '?')} = 1)", [wanted, f"{wanted}::"])

    def state(self, value: str) -> Sql:
        """`is:VALUE` as the card's state: the least-learned item's (`study_state`).

        Each item test is `c.id [NOT] IN (SELECT ...)`, which the engine computes once
        per query (through ix_schedule_due where the test is on `due`), instead of a
        lookup per card (is:due: 460 ms -> a few ms of it)."""
        today = self.ctx.today
        active = "c.status = ?"
        if value in ("suspended", "draft"):
            return active, [value]
        if value == "leech":
            return self.has(self.row, f"{TAG_SEP}leech{TAG_SEP}")
        buried = "SELECT sb.card_id FROM schedule sb WHERE sb.buried_until > ?"
        if value == "buried":
            return f"{active} AND c.id IN ({buried})", [CardStatus.ACTIVE, today]
        if value == "due":
            return (f"{active} AND c.id IN (SELECT sd.card_id FROM schedule sd"
                    " WHERE sd.due <= ? AND (sd.buried_until IS NULL OR sd.buried_until <= ?))",
                    [CardStatus.ACTIVE, today, today])
        unseen = "SELECT su.card_id FROM schedule su WHERE su.due IS NULL"
        # a card with no item at all (only a damaged collection has one) counts as new;
        # NOT IN over every item's card, built once (a lookup per card cost 0.1 s)
        no_items = "c.id NOT IN (SELECT si.card_id FROM schedule si)"
        not_buried = f"{active} AND c.id NOT IN ({buried})"
        if value == "new":
            return (f"{not_buried} AND (c.id IN ({unseen}) OR {no_items})",
                    [CardStatus.ACTIVE, today])
        learning = "SELECT sl.card_id FROM schedule sl WHERE sl.repetitions = 0"
        if value == "learning":
            return (f"{not_buried} AND c.id NOT IN ({unseen}) AND c.id IN ({learning})",
                    [CardStatus.ACTIVE, today])
        return (f"{not_buried} AND c.id NOT IN ({unseen}) AND c.id NOT IN ({learning})"
                " AND c.id IN (SELECT si.card_id FROM schedule si)",
                [CardStatus.ACTIVE, today])  # review: seen, passed, has items


def compile_search(node: Node | None, ctx: SearchContext, words: ModuleType) -> Sql:
    """The SQL condition on `card` rows (alias `c`) that a parsed query means, and its
    parameters (bound, never written into the SQL)."""
    if node is None:
        return "1 = 1", []
    return _Compiler(ctx, words).node(node)
