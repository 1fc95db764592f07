"""The search syntax, shared by Browse, `cards list --search` and the bulk commands.

A query is parsed into a small tree (`parse`), and the tree into an SQL condition
over the cards' search rows, alias `s` (`plan_search`), whose every value is a bound
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
`card.folded`, written with its content, and a search row (`card_search`, kept by the
triggers of schema v12 and v13) holds it (as its fields part and its tags part) with the
folded fields, the card's status, deck, order, creation time and state, so every term is a
test in C on one narrow row, never a Python call (but for a card another program
changed) nor a read of the items per card. Deck names are folded here, in Python, so
both engines compare them alike.

At 100,000 cards reading every row costs 10-40 ms, so a query whose words the text
index (SQLite's trigram indexes, `store.sqlite.fts`) finds in few cards reads only
those: `plan_search` asks the index once per search, for the rows that could match
(each word's and tag's rows, intersected and united as the query's AND and OR do;
negations say nothing), and hands them to the page and to the total alike. Every term
is still tested on each row, so the index only ever narrows a search.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import ModuleType
from typing import Any, Protocol

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


class TextIndex(Protocol):
    """An index of the cards' folded text that names, for a needle, a few search rows
    among which are all those holding it (more is allowed: every term is still tested
    on each row), so that a rare word costs a lookup instead of a read of every card.
    SQLite's is `store.sqlite.fts.TrigramIndex`; PostgreSQL has none."""

    def rows(self, needles: Sequence[str], parts: Sequence[str]) -> set[int] | None:
        """The search rows holding any of the folded `needles` in any of `parts`
        ("body": the fields; "tags"), or None if the index cannot narrow them (too many
        rows, a needle too short)."""

    def among(self, rows: Collection[int]) -> Sql:
        """SQL: the search row is one of `rows`, or is not in the index (not folded)."""


@dataclass(frozen=True, slots=True)
class Sources:
    """What compiling a query reads from the collection besides the query itself."""

    #: Every deck, id: name (`deck:` is resolved here, folded as the words are, so
    #: both engines compare names the same way).
    decks: Mapping[int, str]
    #: The engine's SQL words (`store.sqlite.sql` / `store.postgres.sql`).
    words: ModuleType
    index: TextIndex | None = None
    #: Whether a card lacks its folded text (changed by another program): only then
    #: is a card's text folded on the fly, in a lookup of the card per row.
    unfolded: bool = True


@dataclass(frozen=True, slots=True)
class Plan:
    """A query as an SQL condition on `card_search` rows (alias `s`), its parameters,
    and how its rows will be found."""

    condition: str
    params: list[Any]
    #: An index picks a few candidate rows (the trigram index, or the items due or the
    #: answers of `is:due` / `rated:`); otherwise every row is read.
    driven: bool


#: `is:` states that are a card's `stage` (the least learned of its items).
_STAGES = {"new": 0, "learning": 1, "review": 2}
_FIELD_COLUMNS = {"concept": "concept", "source": "source_file", "front": "front",
                  "back": "back", "text": "text"}
_LEECH = f"{TAG_SEP}leech{TAG_SEP}"


def _since(ctx: SearchContext, days: int) -> datetime:
    return ctx.day_start(ctx.today - timedelta(days=days - 1))


def _tag_needles(value: str) -> list[str]:
    """`tag:T` is the tag T or a child of it: these in the folded text (tags sit
    between separators no folded field holds)."""
    tag = fold(value)
    return [f"{TAG_SEP}{tag}{TAG_SEP}", f"{TAG_SEP}{tag}::"]


class _Compiler:
    """A parsed query as SQL on search rows for one engine (its `words`)."""

    def __init__(self, ctx: SearchContext, sources: Sources) -> None:
        self.ctx = ctx
        self.sources = sources
        words = sources.words
        # For a card changed without its folded text, the whole text folded from its
        # columns (a Python call on SQLite, only for such rows: coalesce stops at the
        # stored text), and each field folded.
        fields = _FIELD_COLUMNS.values()
        if not sources.unfolded:  # every row holds its text: the columns as they are
            self.body, self.tags, self.tagged = "s.body", "s.tags", "s.tags"
            self.fields = {name: f"s.{name}" for name in fields}
            return
        of_card = "(SELECT {} FROM card c WHERE c.id = s.card_id)"
        whole = of_card.format(words.folded_row(
            "c.folded", [f"c.{f}" for f in PLAIN_FIELDS] + ["c.tags"]))
        #: The row's folded fields (for such a card, all its text).
        self.body = f"coalesce(s.body, {whole})"
        #: The row's folded tags ('' for such a card: they are in `body` then).
        self.tags = "coalesce(s.tags, '')"
        #: The tags, or for such a card its whole text (no field holds a tag separator).
        self.tagged = f"coalesce(s.tags, {whole})"
        self.fields = {
            name: f"coalesce(s.{name}, {of_card.format(words.fold(self._or_empty(name)))})"
            for name in fields}

    @staticmethod
    def _or_empty(name: str) -> str:
        return f"coalesce(c.{name}, '')"

    def has(self, text: str, needle: str) -> Sql:
        """`text` contains `needle` (a literal substring)."""
        return f"{self.sources.words.position(text, '?')} > 0", [needle]

    def either(self, *parts: Sql) -> Sql:
        return ("(" + " OR ".join(sql for sql, _ in parts) + ")",
                [p for _, params in parts for p in params])

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
            case None:  # in a field or a tag: no needle holds a separator, none spans both
                needle = fold(term.value)
                return self.either(self.has(self.body, needle), self.has(self.tags, needle))
            case "tag":
                return self.either(*(self.has(self.tagged, n)
                                     for n in _tag_needles(term.value)))
            case "deck":
                return self.deck(term.value)
            case "is":
                return self.state(term.value)
            case "added":
                return "s.created_at >= ?", [_since(self.ctx, int(term.value))]
            case "rated":  # the answers since then, found once through ix_review_time
                return ("s.card_id IN (SELECT rv.card_id FROM review rv"
                        " WHERE rv.reviewed_at >= ?)", [_since(self.ctx, int(term.value))])
            case _:
                return self.has(self.fields[_FIELD_COLUMNS[term.field]], fold(term.value))

    def deck(self, value: str) -> Sql:
        """The deck and its children, by their folded names."""
        wanted = fold(value)
        ids = [i for i, name in self.sources.decks.items()
               if (f := fold(name)) == wanted or f.startswith(f"{wanted}::")]
        if not ids:
            return "1 = 0", []
        return f"s.deck_id IN ({', '.join('?' * len(ids))})", list(ids)

    def state(self, value: str) -> Sql:
        """`is:VALUE`: the card's state as `study_state` has it, from the search row
        (is:due from the due items, found once through ix_schedule_due)."""
        today = self.ctx.today
        active = "s.status = ?"
        if value in ("suspended", "draft"):
            return active, [value]
        if value == "leech":
            return self.has(self.tagged, _LEECH)
        buried = "(s.buried_until IS NOT NULL AND s.buried_until > ?)"
        if value == "buried":
            return f"{active} AND {buried}", [CardStatus.ACTIVE, today]
        if value == "due":
            return (f"{active} AND s.card_id IN (SELECT sd.card_id FROM schedule sd"
                    " WHERE sd.due <= ? AND (sd.buried_until IS NULL OR sd.buried_until <= ?))",
                    [CardStatus.ACTIVE, today, today])
        return (f"{active} AND NOT {buried} AND s.stage = ?",
                [CardStatus.ACTIVE, today, _STAGES[value]])


def _needles(term: Term) -> tuple[list[str], tuple[str, ...]] | None:
    """The folded texts one of which a row matching `term` holds, and the parts of the
    text they are in; None if the term is not about the text."""
    if term.field is None:
        return [fold(term.value)], ("body", "tags")
    if term.field in _FIELD_COLUMNS:
        return [fold(term.value)], ("body",)
    if term.field == "tag":
        return _tag_needles(term.value), ("tags",)
    if term.field == "is" and term.value == "leech":
        return [_LEECH], ("tags",)
    return None


#: Once the candidates are this few, the other terms of an AND are left to the rows.
_FEW = 100


def _candidates(node: Node, index: TextIndex) -> set[int] | None:
    """Rows among which are all that `node` matches (a negation says nothing of that),
    from the index; None if it cannot narrow them."""
    if isinstance(node, Term):
        needles = _needles(node)
        return index.rows(*needles) if needles is not None else None
    if isinstance(node, Not):
        return None
    if isinstance(node, Any_):
        found: set[int] = set()
        for child in node.nodes:
            rows = _candidates(child, index)
            if rows is None:
                return None
            found |= rows
        return found
    known: set[int] | None = None
    for child in node.nodes:
        rows = _candidates(child, index)
        if rows is not None:
            known = rows if known is None else known & rows
            if len(known) <= _FEW:
                break
    return known


def _driven(node: Node) -> bool:
    """Whether the rows `node` matches are all among rows an index lists (is:due,
    rated:), so that the database starts from those and reads no other row."""
    if isinstance(node, Term):
        return node.field == "rated" or (node.field == "is" and node.value == "due")
    if isinstance(node, Not):
        return False
    found = [_driven(n) for n in node.nodes]
    return any(found) if isinstance(node, All) else all(found)


def plan_search(node: Node | None, ctx: SearchContext, sources: Sources) -> Plan:
    """The SQL condition on `card_search` rows (alias `s`) that a parsed query means
    and its parameters (bound, never written into the SQL), narrowed, when the text
    index names few enough candidate rows, to those: the one place a query reads the
    index, so the page and the total of a search share one look-up."""
    if node is None:
        return Plan("1 = 1", [], False)
    condition, params = _Compiler(ctx, sources).node(node)
    index = sources.index
    rows = _candidates(node, index) if index is not None else None
    if index is not None and rows is not None:
        among, more = index.among(rows)
        return Plan(f"{among} AND ({condition})", more + params, True)
    return Plan(condition, params, _driven(node))
