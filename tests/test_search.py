"""The search syntax (issue 13), checked against a plain Python filter.

Queries are generated as trees, written out as text the way a user would type them,
and run through the real collection (parse -> SQL with bound parameters -> SQLite);
the same tree is evaluated in Python over the same cards, read back with plain
sqlite3. The two must agree exactly. Hostile text (quotes, %, _, backslashes, SQL
words, 10,000 characters) must give results or one clean parse error, never a crash.
"""

from __future__ import annotations

import functools
import json
import sqlite3
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cards.collection import Collection
from cards.errors import InvalidInputError
from conftest import FIXED_NOW, Clock, table_dump

#: Characters card text and queries are drawn from: letters that fold (accents, ß,
#: capitals), and everything SQL or a parser might trip on.
ALPHABET = "abcAB éÉèßü%_\\\"'();:-*?.,|=\t"
WORDS = ["café", "CAFE", "Cafe", "100%", "a_b", "back\\slash", 'say "hi"', "o'clock",
         "DROP TABLE card", "OR 1=1", "--", "or", "deck:lang", "%_", "ß", "straße", "x"]
DECKS = ["lang", "lang::french", "lang::french::verbs", "Language", "physics", "p%_\\"]
TAGS = ["food", "phys::mech", "phys", "leech", "Café", "a_b", "100%"]


@functools.cache  # the reference folds the same few hundred texts for every query
def fold(text: str) -> str:
    """What "case- and accent-insensitive" means, written out for the reference."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    base = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return base.translate({ord(c): " " for c in "\x1c\x1d\x1e\x1f"})


# ------------------------------------------------------------- the collection
def build(col: Collection, clock: Clock, texts: list[tuple[str, str, str]]) -> None:
    """Cards over every deck, tag and state: new, learning, review, due, buried,
    suspended, drafts, deleted, answered today and days ago, added on several days."""
    for i, (front, back, extra) in enumerate(texts):
        clock.moment = FIXED_NOW - timedelta(days=(i * 3) % 10)
        deck = DECKS[i % len(DECKS)]
        tags = [TAGS[i % len(TAGS)]] + ([TAGS[(i + 2) % len(TAGS)]] if i % 3 == 0 else [])
        if i % 4 == 3:
            card = col.add_card(deck=deck, text=f"{front} {{{{c1::{back}}}}} and "
                                f"{{{{c2::{extra.strip() or 'z'}}}}}", extra=extra, tags=tags,
                                concept=f"concept {front}")
        else:
            card = col.add_card(deck=deck, front=front, back=back, extra=extra, tags=tags,
                                concept=f"concept {back}")
        keys = [f"{card.id}:c1", f"{card.id}:c2"] if i % 4 == 3 else [card.id]
        if i % 5 == 1:
            col.answer(keys[0], 4)  # review, due in a day or more
        elif i % 5 == 2:
            col.answer(keys[0], 1)  # learning
        elif i % 7 == 0:
            col.answer(keys[0], 5)
            col.bury(keys[-1])
    clock.moment = FIXED_NOW
    ids = [c.card.id for c in col.find_cards()]
    col.suspend(ids[4::9])
    col.delete(ids[6::11])
    draft = col.add_card(front="drafted café", back="draft back", status="draft", tags=["d"])
    col.bury(ids[1])
    clock.advance(days=3)  # now some reviews are due, the cards buried before are back
    for card_id in ids[1:3]:
        for item in col.card_info(card_id).items if col.get_card(card_id).status == "active" \
                else ():
            col.bury(item.key)  # buried today, until tomorrow
    assert draft


@dataclass(frozen=True)
class Card:
    id: str
    deck: str
    status: str
    fields: dict[str, str]
    tags: list[str]
    created: datetime
    items: list[tuple[int, str | None, int, str | None]]  # ord, due, reps, buried_until
    rated: list[datetime]


def cards_of(db: Path) -> list[Card]:
    """Every card that is not deleted, read with plain sqlite3."""
    conn = sqlite3.connect(db)
    try:
        items: dict[str, list[Any]] = {}
        for row in conn.execute("SELECT card_id, ord, due, repetitions, buried_until "
                                "FROM schedule"):
            items.setdefault(row[0], []).append(row[1:])
        rated: dict[str, list[datetime]] = {}
        for card_id, at in conn.execute("SELECT card_id, reviewed_at FROM review"):
            rated.setdefault(card_id, []).append(_time(at))
        out = []
        for row in conn.execute(
                "SELECT c.id, d.name, c.status, c.front, c.back, c.text, c.extra, c.concept, "
                "c.source_file, c.source_quote, c.source_author, c.tags, c.created_at "
                "FROM card c JOIN deck d ON d.id = c.deck_id WHERE c.status <> 'deleted'"):
            names = ("front", "back", "text", "extra", "concept", "source_file",
                     "source_quote", "source_author")
            out.append(Card(row[0], row[1], row[2], dict(zip(names, [v or "" for v in row[3:11]],
                                                             strict=True)),
                            json.loads(row[11]), _time(row[12]), items.get(row[0], []),
                            rated.get(row[0], [])))
        return out
    finally:
        conn.close()


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# ------------------------------------------------------------- the reference
@dataclass(frozen=True)
class T:
    field: str | None
    value: str


@dataclass(frozen=True)
class Neg:
    node: Any


@dataclass(frozen=True)
class And:
    nodes: tuple[Any, ...]


@dataclass(frozen=True)
class Or:
    nodes: tuple[Any, ...]


def state(card: Card, today: date) -> str:
    if card.status != "active":
        return card.status
    if any(b is not None and date.fromisoformat(b) > today for *_, b in card.items):
        return "buried"
    if not card.items or any(due is None for _, due, _, _ in card.items):
        return "new"
    return "learning" if min(reps for _, _, reps, _ in card.items) == 0 else "review"


def is_(card: Card, value: str, today: date) -> bool:
    if value == "leech":
        return any(fold(t) == "leech" for t in card.tags)
    if value == "due":
        return card.status == "active" and any(
            due is not None and date.fromisoformat(due) <= today
            and (b is None or date.fromisoformat(b) <= today) for _, due, _, b in card.items)
    return state(card, today) == value


def since(days: int, today: date) -> datetime:
    # the test collection's zone is UTC and its day starts at 4 am
    return datetime.combine(today - timedelta(days=days - 1), datetime.min.time(),
                            UTC) + timedelta(hours=4)


def matches(node: Any, card: Card, today: date) -> bool:
    if isinstance(node, Neg):
        return not matches(node.node, card, today)
    if isinstance(node, And):
        return all(matches(n, card, today) for n in node.nodes)
    if isinstance(node, Or):
        return any(matches(n, card, today) for n in node.nodes)
    value, f = node.value, node.field
    if f is None:
        texts = [card.id, *card.fields.values(), *card.tags]
        return any(fold(value) in fold(t) for t in texts)
    if f == "tag":
        return any(fold(t) == fold(value) or fold(t).startswith(fold(value) + "::")
                   for t in card.tags)
    if f == "deck":
        return fold(card.deck) == fold(value) or fold(card.deck).startswith(fold(value) + "::")
    if f == "is":
        return is_(card, value, today)
    if f in ("added", "rated"):
        cutoff = since(int(value), today)
        return (card.created >= cutoff if f == "added"
                else any(at >= cutoff for at in card.rated))
    column = {"concept": "concept", "source": "source_file", "front": "front",
              "back": "back", "text": "text"}[f]
    return fold(value) in fold(card.fields[column])


# ------------------------------------------------------------- writing queries
def quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def needs_quotes(value: str) -> bool:
    return (not value or any(c.isspace() or c in '"()' for c in value)
            or value.startswith("-") or value.lower() == "or" or ":" in value)


def render(node: Any) -> str:
    if isinstance(node, Neg):
        return "-" + render(node.node)
    if isinstance(node, And):
        return "(" + " ".join(render(n) for n in node.nodes) + ")"
    if isinstance(node, Or):
        return "(" + " or ".join(render(n) for n in node.nodes) + ")"
    value = quoted(node.value) if needs_quotes(node.value) else node.value
    return value if node.field is None else f"{node.field}:{value}"


text_values = st.one_of(st.sampled_from(WORDS), st.text(ALPHABET, min_size=1, max_size=6))
terms = st.one_of(
    st.builds(T, st.none(), text_values),
    st.builds(T, st.sampled_from(["concept", "source", "front", "back", "text"]), text_values),
    st.builds(T, st.just("deck"), st.sampled_from([*DECKS, "LANG", "lang::FRENCH", "lan"])),
    st.builds(T, st.just("tag"), st.sampled_from([*TAGS, "PHYS", "cafe", "mech"])),
    st.builds(T, st.just("is"), st.sampled_from(
        ["new", "due", "review", "learning", "suspended", "buried", "draft", "leech"])),
    st.builds(T, st.sampled_from(["added", "rated"]), st.integers(1, 12).map(str)),
)
trees = st.recursive(terms, lambda inner: st.one_of(
    st.builds(Neg, inner),
    st.builds(And, st.lists(inner, min_size=2, max_size=3).map(tuple)),
    st.builds(Or, st.lists(inner, min_size=2, max_size=3).map(tuple))), max_leaves=8)

BASE_TEXTS = [(w, WORDS[(i + 3) % len(WORDS)], WORDS[(i + 7) % len(WORDS)])
              for i, w in enumerate(WORDS * 2)]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Clock]:
    db = tmp_path_factory.mktemp("search") / "collection.db"
    clock = Clock()
    with Collection.open(db, now=clock) as col:
        col.set_setting("timezone", "UTC")
        build(col, clock, BASE_TEXTS)
    return db, clock


@pytest.fixture(scope="module")
def built_cards(built: tuple[Path, Clock]) -> list[Card]:
    """`cards_of` the built collection, read once: every test here opens it read-only."""
    return cards_of(built[0])


def test_the_collection_has_every_state(built: tuple[Path, Clock]) -> None:
    """So that the generated queries can tell a wrong state from a right one."""
    db, clock = built
    with Collection.open(db, now=clock, writable=False) as col:
        total = col.count_cards()
        for value in ("new", "due", "review", "learning", "suspended", "buried", "draft",
                      "leech"):
            assert 0 < col.count_cards(f"is:{value}") < total, value
        for days in ("4", "9"):
            assert 0 < col.count_cards(f"added:{days}") < total
            assert 0 < col.count_cards(f"rated:{days}") < total


def check_query(col: Collection, cards: list[Card], tree: Any) -> None:
    text = render(tree)
    today = col.today()
    found = {i.card.id for i in col.find_cards(query=text)}
    expected = {c.id for c in cards if matches(tree, c, today)}
    assert found == expected, text
    assert col.count_cards(text) == len(expected)


@pytest.fixture(params=["index", "scan"])
def way(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each search two ways: narrowed by the trigram index (a small collection's every
    word is rare enough), and with the index refusing every query (as for a common
    word at 100,000 cards), so every row is read."""
    if request.param == "scan":
        from cards.store.sqlite import fts

        monkeypatch.setattr(fts, "ROWS", 0)
    return str(request.param)


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@pytest.mark.early
@given(tree=trees)
def test_search_equals_a_python_filter(built: tuple[Path, Clock], built_cards: list[Card],
                                      way: str, tree: Any) -> None:
    db, clock = built
    with Collection.open(db, now=clock, writable=False) as col:
        check_query(col, built_cards, tree)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.tuples(text_values, text_values, st.text(ALPHABET, max_size=5)),
                      min_size=4, max_size=12), query_trees=st.lists(trees, min_size=5,
                                                                     max_size=5))
def test_search_equals_a_python_filter_over_generated_cards(
        tmp_path_factory: pytest.TempPathFactory, way: str, texts: list[tuple[str, str, str]],
        query_trees: list[Any]) -> None:
    texts = [(f or "f", b or "b", e) for f, b, e in texts]
    texts = [(f if f.strip() else "f", b if b.strip() else "b", e) for f, b, e in texts]
    db = tmp_path_factory.mktemp("gen") / "collection.db"
    clock = Clock()
    with Collection.open(db, now=clock) as col:
        col.set_setting("timezone", "UTC")
        build(col, clock, texts)
        cards = cards_of(db)
        for tree in query_trees:
            check_query(col, cards, tree)


def test_examples_from_the_readme(built: tuple[Path, Clock]) -> None:
    db, clock = built
    with Collection.open(db, now=clock, writable=False) as col:
        def ids(q: str) -> set[str]:
            return {i.card.id for i in col.find_cards(query=q)}

        lang = ids("deck:lang")
        assert lang and lang == ids("deck:lang::french") | ids("deck:lang -deck:lang::french")
        assert ids("deck:lang::french") >= ids("deck:lang::french::verbs")
        assert ids("deck:Language").isdisjoint(lang)  # a prefix is not a parent
        assert ids("cafe") == ids("CAFÉ") == ids("Café")  # case and accents
        assert ids("tag:phys") >= ids("tag:phys::mech")
        assert ids("is:draft") and all(
            i.card.status == "draft" for i in col.find_cards(query="is:draft"))
        assert ids("100%") <= ids("100") and ids("a_b") != ids("ab") | ids("a_b")
        assert ids("-is:new") == ids("") - ids("is:new")
        assert ids("café or straße") == ids("café") | ids("strasse")


HOSTILE = ['"', '""', "'", "%", "_", "\\", "\\\\", '\\"', "%%__", "' OR '1'='1",
           "'; DROP TABLE card; --", "deck:", "is:", "is:nope", "added:x", "added:0",
           "rated:99999999999999999999", "(", ")", "(()", "a or", "or b", "-", "- -",
           "--", "-(", "NULL", "SELECT * FROM card", "tag:\x00", "\x00", "\x1f\x1e",
           "deck:\"lang", "(" * 40 + "a" + ")" * 40, " or ".join(["a"] * 100),
           "x" * 10_000, '"' + "y " * 5_000 + '"', "deck:" + "z" * 10_000,
           "%" * 10_000, "\\" * 10_000, "a " * 5_000, "(" * 5_000]


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_give_results_or_one_parse_line(built: tuple[Path, Clock],
                                                        query: str) -> None:
    db, clock = built
    before = table_dump(db)
    with Collection.open(db, now=clock, writable=False) as col:
        try:
            found = col.find_cards(query=query)
        except InvalidInputError as exc:
            assert "\n" not in exc.message and len(exc.message) < 200
        else:
            assert col.count_cards(query) == len(found)
    assert table_dump(db) == before


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(ALPHABET + "orORdeck:tag:is:", max_size=60))
def test_any_text_gives_results_or_one_parse_line(built: tuple[Path, Clock],
                                                  query: str) -> None:
    db, clock = built
    with Collection.open(db, now=clock, writable=False) as col:
        try:
            col.find_cards(query=query, limit=5)
        except InvalidInputError as exc:
            assert "\n" not in exc.message


def test_a_ten_thousand_character_phrase_is_found(col: Collection) -> None:
    long = "ab%_\\" * 2_000
    card = col.add_card(front="long", back=long)
    col.add_card(front="short", back="ab%_\\")
    assert [i.card.id for i in col.find_cards(query=quoted(long))] == [card.id]
    assert col.find_cards(query=quoted(long + "!")) == []


def test_cli_search_errors_are_one_line(cli: Any) -> None:
    cli("add", "--front", "q", "--back", "a")
    result = cli("list", "--search", 'is:"nope')
    assert result.code == 4 and result.err.count("\n") == 1, result.err
    result = cli("list", "--search", "x" * 10_000)
    assert result.code == 0 and result.err.startswith("0 cards")


def test_a_row_changed_by_another_program_is_still_found(col: Collection,
                                                         db_path: Path) -> None:
    """`folded` is cleared by a trigger when text changes without it, and searches
    fold such a row from its columns."""
    card = col.add_card(front="before", back="b")
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE card SET front = 'Après' WHERE id = ?", (card.id,))
    conn.commit()
    assert conn.execute("SELECT folded FROM card").fetchone()[0] is None
    conn.close()
    assert [i.card.id for i in col.find_cards(query="apres")] == [card.id]
    assert col.find_cards(query="before") == []


#: Accented and cased deck names and fields, with the searches that must find them
#: (folded as the words are: casefolded, accents dropped) on either engine.
ACCENTED_QUERIES = {
    "deck:ecole": {"fr1", "fr2", "de1"}, "deck:ÉCOLE::ETE": {"fr1", "fr2"},
    "deck:ecole::ete::juin": {"fr2"}, "deck:straße": {"st"}, "deck:strasse": {"st"},
    "front:creme": {"fr1"}, "back:BRÛLÉE": {"fr1"}, "text:noel": {"fr2"},
    "concept:cafe": {"de1"}, "source:resume": {"de1"}, "front:STRASSE": {"st"},
    "deck:école -front:crème": {"fr2", "de1"}, "deck:ecole back:brulee": {"fr1"},
}


def test_deck_and_field_searches_fold_accents_alike_on_both_engines(
        any_col: Collection) -> None:
    """PostgreSQL's lower() neither drops accents nor folds ß; deck names are folded in
    Python and fields read from the folded search rows, so both engines agree."""
    from cards.decks import Source

    any_col.add_card(card_id="fr1", deck="École::Été", front="Crème", back="brûlée")
    any_col.add_card(card_id="fr2", deck="École::Été::Juin", text="{{c1::Noël}} à Paris")
    any_col.add_card(card_id="de1", deck="ÉCOLE::Winter", front="q", back="a",
                     concept="Café", source=Source("Résumé.md", 1, "quote"))
    any_col.add_card(card_id="st", deck="Straße", front="Straße", back="b")
    any_col.add_card(card_id="other", deck="ecoles", front="plain", back="words")  # no child
    for query, expected in ACCENTED_QUERIES.items():
        found = {i.card.id for i in any_col.find_cards(query=query)}
        assert found == expected, query
        assert any_col.count_cards(query) == len(expected), query
        assert any_col.search_cards(query, limit=10).total == len(expected), query
