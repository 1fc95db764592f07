"""The search rows and the trigram index of v12: every way a card or an item changes
keeps them in step (the app, undo, imports, another program's plain SQL), on both
engines, and an older collection gets them, after a backup, when it is upgraded.

"In step" is checked against the cards and items themselves (`assert_search_rows_in_step`
writes the rows out in Python, without the triggers' SQL) and, on SQLite, by FTS5's own
check of the index against its rows; and the searches that read them still find what
they should."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest

from cards.collection import Collection
from cards.decks import Source
from cards.store import migrations
from cards.store.folding import folded_text
from cards.store.postgres import migrations as pg_migrations
from conftest import Clock, assert_search_rows_in_step, table_dump


def ids(col: Collection, query: str) -> set[str]:
    found = {i.card.id for i in col.find_cards(query=query)}
    assert col.count_cards(query) == len(found)
    return found


def test_every_change_keeps_the_search_rows_in_step(any_col: Collection, clock: Clock) -> None:
    col = any_col
    a = col.add_card(deck="lang::french", front="Où est la gare?", back="Là-bas",
                     tags=["travel"], concept="Gare")
    b = col.add_card(deck="physics", text="{{c1::Inertia}} resists {{c2::change}}",
                     source=Source("Notes/Newton.md", 3, "a quote", "Isaac"))
    c = col.add_card(front="a draft", back="b", status="draft")
    assert_search_rows_in_step(col)
    assert ids(col, "gare") == {a.id} and ids(col, "is:new") == {a.id, b.id}
    col.edit_card(a.id, front="Où est le musée?", tags=["travel", "art"])
    col.answer(f"{b.id}:c1", 4)  # a sibling is buried too
    assert_search_rows_in_step(col)
    assert ids(col, "musee") == {a.id} and not ids(col, "gare -concept:gare")
    assert ids(col, "is:buried") == {b.id} and ids(col, "tag:art") == {a.id}
    col.undo()
    assert_search_rows_in_step(col)
    assert ids(col, "is:new") == {a.id, b.id}
    col.answer(a.id, 1)
    assert ids(col, "is:learning") == {a.id}
    col.answer(f"{b.id}:c1", 5)
    clock.advance(days=1)
    col.answer(f"{b.id}:c2", 5)  # which buries c1 until tomorrow
    assert ids(col, "is:buried") == {b.id}
    clock.advance(days=1)
    assert ids(col, "is:review") == {b.id}
    col.suspend([a.id])
    col.accept(c.id)
    col.bulk("move", search="deck:physics", value="mechanics")
    tagged = col.bulk("tag", search="is:review", value="solid")
    assert_search_rows_in_step(col)
    assert ids(col, "is:suspended") == {a.id} and ids(col, "deck:mechanics tag:solid") == {b.id}
    col.undo_bulk(tagged.step)
    col.delete(b.id)
    assert_search_rows_in_step(col)
    assert not ids(col, "inertia")
    col.undelete(b.id)
    assert ids(col, "inertia source:newton") == {b.id}
    col.delete(c.id)
    col.empty_trash()
    assert_search_rows_in_step(col)
    assert ids(col, "draft") == set()


def test_an_import_and_its_reimport_keep_the_search_rows_in_step(
        col: Collection, tmp_path: Path) -> None:
    deck = tmp_path / "d.toml"
    cards = "".join(f'\n[[cards]]\nid = "i{i}"\nfront = "Frage {i}"\nback = "Straße {i}"\n'
                    for i in range(40))
    deck.write_text(f'[deck]\nname = "imported"\n{cards}', encoding="utf-8")
    col.import_decks([deck])
    assert_search_rows_in_step(col)
    assert ids(col, "strasse 17") == {"i17"} and len(ids(col, "deck:imported")) == 40
    deck.write_text(f'[deck]\nname = "imported"\n{cards.replace("Frage 3", "Antwort 3")}',
                    encoding="utf-8")
    col.import_decks([deck])
    assert_search_rows_in_step(col)
    assert ids(col, "antwort") == {"i3", "i30", "i31", "i32", "i33", "i34", "i35", "i36",
                                   "i37", "i38", "i39"}


def test_another_programs_writes_keep_the_rows_and_the_index_in_step(
        col: Collection, db_path: Path) -> None:
    """Plain SQL, without the app's folding functions: a changed card loses its folded
    text (and so its index entry) and is still found by folding it on the fly; a card
    added or deleted that way gains or loses its search row. `cards check` folds it."""
    kept = col.add_card(front="before", back="b")
    gone = col.add_card(front="doomed", back="b")
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("UPDATE card SET front = 'Après' WHERE id = ?", (kept.id,))
    conn.execute("INSERT INTO card (id, deck_id, seq, type, front, back, created_at, "
                 "modified_at) SELECT 'raw', deck_id, 99, 'basic', 'Écrit à la main', '', "
                 "created_at, modified_at FROM card WHERE id = ?", (kept.id,))
    conn.execute("INSERT INTO schedule (card_id, ord) VALUES ('raw', 0)")
    conn.execute("DELETE FROM schedule WHERE card_id = ?", (gone.id,))
    conn.execute("DELETE FROM card WHERE id = ?", (gone.id,))
    conn.commit()
    conn.close()
    assert_search_rows_in_step(col)
    assert ids(col, "apres") == {kept.id} and ids(col, "ecrit a la") == {"raw"}
    assert ids(col, "front:ECRIT") == {"raw"} and not ids(col, "before")
    assert ids(col, "is:new") == {kept.id, "raw"} and not ids(col, "doomed")
    col.check()
    assert_search_rows_in_step(col)
    assert ids(col, "apres") == {kept.id} and ids(col, "front:ecrit") == {"raw"}


def v11_collection(path: Path) -> list[str]:
    """A collection as cards made it at schema v11, with a new, a learning, a review
    and a buried card; its table dump."""
    conn = sqlite3.connect(path)
    for version, script in enumerate(migrations.MIGRATIONS[:11], start=1):
        conn.executescript(script)
        conn.execute(f"PRAGMA user_version = {version}")
    now = "2026-01-01 00:00:00.000000"
    conn.execute("INSERT INTO deck (id, name, created_at) VALUES (1, 'Été', ?)", (now,))
    rows = [("new", "Crème", "brûlée", None, 0, None), ("learn", "q", "Straße", "2026-01-02", 0,
                                                      None),
            ("rev", "Mot", "word", "2026-01-05", 3, None),
            ("bur", "Caché", "hidden", None, 0, "2026-01-03")]
    for seq, (card_id, front, back, due, reps, buried) in enumerate(rows, start=1):
        folded = folded_text([card_id, front, back, "", "", "", None, None, None], ["t"])
        conn.execute("INSERT INTO card (id, deck_id, seq, type, front, back, tags, created_at, "
                     "modified_at, folded) VALUES (?, 1, ?, 'basic', ?, ?, '[\"t\"]', ?, ?, ?)",
                     (card_id, seq, front, back, now, now, folded))
        conn.execute("INSERT INTO schedule (card_id, ord, repetitions, due, sm2_due, "
                     "buried_until) VALUES (?, 0, ?, ?, ?, ?)", (card_id, reps, due, due, buried))
    conn.commit()
    conn.close()
    return table_dump(path)


def test_an_older_collection_gets_its_search_rows_after_a_backup(
        tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "old.db"
    before = v11_collection(path)
    clock.moment = clock.moment.replace(year=2026, month=1, day=2) + timedelta(hours=12)
    with Collection.open(path, now=clock) as col:
        [backup] = col.store.backups
        assert table_dump(backup) == before  # the untouched v11 collection
        assert_search_rows_in_step(col)
        assert ids(col, "creme") == {"new"} and ids(col, "back:strasse") == {"learn"}
        assert ids(col, "is:new") == {"new"} and ids(col, "is:learning") == {"learn"}
        assert ids(col, "is:review") == {"rev"} and ids(col, "is:buried") == {"bur"}
        assert ids(col, "deck:ete tag:t") == {"new", "learn", "rev", "bur"}
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


def test_an_older_collection_on_the_server_gets_its_search_rows(pg_url: str,
                                                                 clock: Clock) -> None:
    with psycopg.connect(pg_url) as conn, conn.cursor() as cur:
        for version in range(1, 12):
            cur.execute(pg_migrations.step(version))
        cur.execute(f"CREATE TABLE {pg_migrations.VERSION_TABLE} (version INTEGER NOT NULL)")
        cur.execute(f"INSERT INTO {pg_migrations.VERSION_TABLE} VALUES (11)")
        cur.execute("INSERT INTO deck (name, created_at) VALUES ('Été', now())")
        folded = folded_text(["c1", "Crème", "brûlée", "", "", "", None, None, None], [])
        cur.execute("INSERT INTO card (id, deck_id, seq, type, front, back, created_at, "
                    "modified_at, folded) SELECT 'c1', id, 1, 'basic', 'Crème', 'brûlée', "
                    "now(), now(), %s FROM deck", (folded,))
        cur.execute("INSERT INTO schedule (card_id, ord, repetitions, due) "
                    "VALUES ('c1', 0, 2, '2026-01-05')")
    with Collection.open(pg_url, now=clock) as col:
        assert_search_rows_in_step(col)
        assert ids(col, "deck:ete front:creme is:review") == {"c1"}


def test_a_rare_word_is_looked_up_and_a_common_one_read_from_every_row(
        col: Collection, monkeypatch: pytest.MonkeyPatch) -> None:
    """The index names candidates only when they are few (here fewer than 10), and a
    search reads it once for its page and its total; either way the answer is the
    same."""
    from cards.store.sqlite import fts

    for i in range(30):
        col.add_card(front=f"common word {i}", back="rare" if i == 7 else "b",
                     tags=["tagged"] if i < 3 else [])
    monkeypatch.setattr(fts, "ROWS", 10)
    looked_up: list[str] = []
    rows = fts.TrigramIndex.rows

    def spy(self: fts.TrigramIndex, needles: list[str], parts: list[str]) -> set[int] | None:
        found = rows(self, needles, parts)
        looked_up.append("few" if found is not None else "many")
        return found

    monkeypatch.setattr(fts.TrigramIndex, "rows", spy)
    page = col.search_cards("common rare", limit=5)
    assert [i.card.front for i in page.items] == ["common word 7"] and page.total == 1
    assert looked_up == ["many", "few"]  # "common", then "rare": once for both reads
    looked_up.clear()
    page = col.search_cards("common", limit=5)
    assert len(page.items) == 5 and page.total == 30 and looked_up == ["many"]
    looked_up.clear()
    assert col.search_cards("tag:tagged word", limit=50).total == 3
    assert looked_up == ["few"]  # three cards: the word is left to their rows
    assert col.search_cards("mo", limit=50).total == 30  # two letters: the trigrams "mo?"
    assert col.search_cards("-rare", limit=50).total == 29
    assert col.search_cards("gged", limit=50).total == 3  # in a tag
