"""A big import writes its cards' search rows set-based (`cards.store.sqlite.bulk`):
the collection it leaves is the one the per-row triggers leave, byte for byte, and a
failure on the way leaves the collection as it was, triggers and all."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cards.collection import Collection
from cards.decks import Deck, DeckCard, Source, write_deck
from cards.store.sqlite import bulk
from conftest import Clock, assert_search_rows_in_step, table_dump

#: Text that the folding, the JSON split of the fields and the trigram index could
#: each get wrong: backslashes, quotes, the escape of the field separator written
#: out, accents, line breaks, tabs and a character outside the BMP.
TRICKY = ['back\\slash \\\\ two', 'say "hi"', 'not a \\u001f separator', 'Straße Ærø',
          'line\nbreak\ttab', 'emoji \U0001f600 ok', "it's", '{{c1::x}} in a front']


def _cards(prefix: str, n: int) -> list[DeckCard]:
    out = []
    for i in range(n):
        odd = TRICKY[i % len(TRICKY)]
        if i % 3 == 2:
            answer = odd.replace("{", "(")  # a deletion inside another would not parse
            out.append(DeckCard(id=f"{prefix}{i}", type="cloze",
                                text=f"The {{{{c1::term {i}}}}} and {{{{c2::{answer}}}}}.",
                                extra=odd, tags=["gen", f"t{i % 4}"]))
        else:
            out.append(DeckCard(
                id=f"{prefix}{i}", front=f"{odd} {i}?", back=f"Answer {odd} {i}.",
                concept=f"concept {i}", tags=["gen", "ünï"],
                source=Source(f"seeds/{i % 5}.txt", i + 1, f"quote {odd}",
                              "Ann" if i % 2 else None) if i % 2 else None,
                status="draft" if i % 7 == 0 else "active"))
    return out


def _decks(folder: Path) -> tuple[Path, Path]:
    first, second = folder / "first.toml", folder / "second.toml"
    write_deck(Deck(name="first", cards=_cards("a", 30)), first)
    changed = _cards("a", 30)
    changed[4].front = "changed \\ here"
    write_deck(Deck(name="first", cards=[*changed, *_cards("b", 50)]), second)
    return first, second


def _import_all(db: Path, decks: tuple[Path, Path], bulk_cards: int,
                monkeypatch: pytest.MonkeyPatch) -> None:
    with Collection.open(db, now=Clock()) as col:
        col.set_setting("timezone", "UTC")
        col.import_decks([decks[0]])
        monkeypatch.setattr(bulk, "BULK_CARDS", bulk_cards)
        col.import_decks([decks[1]])
        col.import_decks([decks[1]])  # nothing new
        assert_search_rows_in_step(col)


def test_a_big_import_leaves_what_the_triggers_leave(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    decks = _decks(tmp_path)
    by_rows, set_based = tmp_path / "rows.db", tmp_path / "set.db"
    _import_all(by_rows, decks, 10**9, monkeypatch)
    _import_all(set_based, decks, 1, monkeypatch)
    dump, expected = table_dump(set_based), table_dump(by_rows)
    # every row the same, in the same order; the schema the same (the two triggers
    # set aside come back last in sqlite_master)
    assert [line for line in dump if line.startswith("INSERT")] == [
        line for line in expected if line.startswith("INSERT")]
    assert sorted(dump) == sorted(expected)
    assert sum("INSERT INTO \"card_search\"" in line for line in dump) == 80
    assert sum("INSERT INTO \"card_fts_data\"" in line for line in dump) > 2
    with Collection.open(set_based) as col, Collection.open(by_rows) as other:
        for query in ("straße", "strasse", "front:\\\\", 'back:"hi"', "u001f", "tag:ünï",
                      "source:seeds/3", "is:draft", "\U0001f600", "term 41", "-gen"):
            found = [item.card.id for item in col.find_cards(query=query)]
            assert found == [item.card.id for item in other.find_cards(query=query)], query
            assert found or query == "-gen", query


def _triggers(db: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
                            " ORDER BY name").fetchall()
    finally:
        conn.close()


def test_a_big_import_that_fails_half_way_leaves_the_collection_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = _decks(tmp_path)
    db = tmp_path / "c.db"
    with Collection.open(db, now=Clock()) as col:
        col.import_decks([first])
    before, triggers = table_dump(db), _triggers(db)
    monkeypatch.setattr(bulk, "BULK_CARDS", 1)
    monkeypatch.setattr(bulk, "search_rows_after", lambda: "INSERT INTO no_such_table"
                        " SELECT ?")
    with Collection.open(db, now=Clock()) as col, pytest.raises(Exception, match="no_such"):
        col.import_decks([second])
    assert table_dump(db) == before and _triggers(db) == triggers
    monkeypatch.undo()
    monkeypatch.setattr(bulk, "BULK_CARDS", 1)
    with Collection.open(db, now=Clock()) as col:
        report = col.import_decks([second])
        assert report.added == 50
        assert_search_rows_in_step(col)
    assert _triggers(db) == triggers


def test_triggers_another_program_changed_are_left_to_do_their_work(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A trigger that is not the migrations' own is never set aside: it runs per row."""
    first, _ = _decks(tmp_path)
    db = tmp_path / "c.db"
    with Collection.open(db, now=Clock()):
        pass
    conn = sqlite3.connect(db)
    conn.executescript("""
        CREATE TABLE added_log (card_id TEXT);
        DROP TRIGGER card_search_insert;
        CREATE TRIGGER card_search_insert AFTER INSERT ON card
        BEGIN INSERT INTO added_log VALUES (NEW.id); END;""")
    conn.close()
    monkeypatch.setattr(bulk, "BULK_CARDS", 1)
    with Collection.open(db, now=Clock()) as col:
        assert col.import_decks([first]).added == 30
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT count(*) FROM added_log").fetchone() == (30,)
        assert conn.execute("SELECT count(*) FROM card_search").fetchone() == (0,)
    finally:
        conn.close()
