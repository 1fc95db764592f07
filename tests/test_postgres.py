"""PostgreSQL as a second engine: opening, schema, the append-only log, `cards copy`.

Every test runs against a real server the tests start themselves
(`tests.postgres_server`); the collection-level behaviour on both engines is in
`test_collection.py` (its `col` runs on each) and at the end of this file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import psycopg
import pytest

from cards.collection import Collection
from cards.collection.copying import copy_collection
from cards.errors import ExitCode, InvalidInputError
from cards.store import migrations
from cards.store.postgres import migrations as pg_migrations
from cli_run import run_text
from tests.conftest import Clock, dump, review_log
from tests.test_opening import cards, refused
from tui_helpers import sync

# ------------------------------------------------------------------ schema

_SQLITE_TYPES = {"INTEGER": "integer", "TEXT": "text", "DATETIME": "timestamp",
                 "DATE": "date", "BOOLEAN": "boolean", "REAL": "float", "BLOB": "bytes",
                 "VARCHAR": "text", "FLOAT": "float"}
_PG_TYPES = {"bigint": "integer", "integer": "integer", "text": "text",
             "timestamp with time zone": "timestamp", "date": "date", "boolean": "boolean",
             "double precision": "float", "bytea": "bytes", "character varying": "text"}


#: SQLite's trigram indexes of the search rows (v12: FTS5 tables, their shadow tables,
#: their vocabularies and the triggers that feed them) and its index of the fields (no
#: PostgreSQL index can hold long text) have no PostgreSQL form: the server reads the
#: search rows as its planner chooses.
SQLITE_ONLY = "card_fts"


def sqlite_schema(path: Path) -> dict[str, Any]:
    """Tables (columns: type, not null, key), indexes and triggers of a collection file,
    less SQLite's own search index (`SQLITE_ONLY`)."""
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            f"AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '{SQLITE_ONLY}%'")]
        out: dict[str, Any] = {"tables": {}, "indexes": {}, "unique": set()}
        for table in tables:
            out["tables"][table] = {
                name: (_SQLITE_TYPES[kind.split("(")[0].upper()], bool(notnull or pk), pk)
                for _cid, name, kind, notnull, _default, pk
                in conn.execute(f"PRAGMA table_info({table})")}
            for _seq, name, unique, origin, _partial in conn.execute(
                    f"PRAGMA index_list({table})"):
                cols = tuple(r[2] for r in conn.execute(f"PRAGMA index_info({name})"))
                if name.startswith(SQLITE_ONLY):
                    continue
                if origin == "c":
                    out["indexes"][name] = (table, cols, bool(unique))
                elif origin == "u":
                    out["unique"].add((table, cols))
        out["triggers"] = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' "
            f"AND name NOT LIKE '{SQLITE_ONLY}%'")}
        return out
    finally:
        conn.close()


def pg_schema(url: str) -> dict[str, Any]:
    """The same description of a collection on the server."""
    with psycopg.connect(url) as conn:
        out: dict[str, Any] = {"tables": {}, "indexes": {}, "unique": set()}
        keys = {(t, c): n for t, c, n in conn.execute(
            "SELECT tc.table_name, k.column_name, k.ordinal_position "
            "FROM information_schema.table_constraints tc JOIN "
            "information_schema.key_column_usage k USING (constraint_name, table_name) "
            "WHERE tc.constraint_type = 'PRIMARY KEY'")}
        for table, column, kind, nullable in conn.execute(
                "SELECT table_name, column_name, data_type, is_nullable FROM "
                "information_schema.columns WHERE table_schema = current_schema() "
                f"AND table_name <> '{pg_migrations.VERSION_TABLE}'"):
            out["tables"].setdefault(table, {})[column] = (
                _PG_TYPES[kind], nullable == "NO", keys.get((table, column), 0))
        for table, name, unique, cols, constraint in conn.execute(
                "SELECT t.relname, i.relname, x.indisunique, "
                "array(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY k(n, o) "
                "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.n ORDER BY k.o), "
                "EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid) "
                "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                "JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace s "
                "ON s.oid = t.relnamespace WHERE s.nspname = current_schema() "
                "AND NOT x.indisprimary"):
            if constraint:
                out["unique"].add((table, tuple(cols)))
            else:
                out["indexes"][name] = (table, tuple(cols), unique)
        out["triggers"] = {r[0] for r in conn.execute(
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")}
    return out


def test_both_engines_have_the_same_schema(db_path: Path, pg_url: str) -> None:
    """Every step of store.migrations has a PostgreSQL form, and after all of them the
    two engines hold the same tables, columns (type, NOT NULL, key), indexes and
    append-only triggers. A new SQLite step that cannot be translated, or translates
    to something else, fails here."""
    Collection.open(db_path).close()
    Collection.open(pg_url).close()
    lite, pg = sqlite_schema(db_path), pg_schema(pg_url)
    assert pg["tables"] == lite["tables"]
    assert pg["indexes"] == lite["indexes"]
    assert pg["unique"] == lite["unique"]
    assert pg["triggers"] >= lite["triggers"] == {
        "review_no_update", "review_delete_only_latest", "card_folded_stale",
        "card_search_insert", "card_search_update", "card_search_refold",
        "card_search_delete", "schedule_stage_insert", "schedule_stage_update",
        "schedule_stage_delete"}
    conn = sqlite3.connect(db_path)
    index = {r[0] for r in conn.execute(
        f"SELECT name FROM sqlite_master WHERE name LIKE '{SQLITE_ONLY}%'")}
    conn.close()
    assert {"card_fts", "card_fts_terms", "card_fts_tags", "card_fts_tags_terms",
            "card_fts_insert", "card_fts_update", "card_fts_tags_update",
            "card_fts_delete", "card_fts_fields"} <= index
    with psycopg.connect(pg_url) as conn:
        [(version,)] = conn.execute(f"SELECT version FROM {pg_migrations.VERSION_TABLE}")
    assert version == migrations.SCHEMA_VERSION


def test_every_step_has_a_postgres_form_and_sqlite_only_sql_is_never_translated() -> None:
    for version in range(1, migrations.SCHEMA_VERSION + 1):
        assert pg_migrations.step(version).strip()
    assert pg_migrations.translate(
        "ALTER TABLE schedule ADD COLUMN stability REAL;\n"
        "ALTER TABLE review ADD COLUMN flag BOOLEAN NOT NULL DEFAULT 1;") == (
        "ALTER TABLE schedule ADD COLUMN stability DOUBLE PRECISION;\n"
        "ALTER TABLE review ADD COLUMN flag BOOLEAN NOT NULL DEFAULT true;")
    for sqlite_only in ("CREATE TRIGGER t BEFORE UPDATE ON review BEGIN SELECT 1; END;",
                        "INSERT OR IGNORE INTO setting VALUES ('a', 'b');",
                        "UPDATE sqlite_sequence SET seq = 1;", "PRAGMA foreign_keys = ON;"):
        with pytest.raises(pg_migrations.Untranslatable):
            pg_migrations.translate(sqlite_only)


def test_an_older_schema_is_upgraded_in_one_transaction(pg_url: str) -> None:
    """A collection at v1 (as an older cards made it) is brought to the current
    version by the first command that writes; its rows are kept."""
    with psycopg.connect(pg_url) as conn, conn.cursor() as cur:
        cur.execute(pg_migrations.step(1))
        cur.execute(f"CREATE TABLE {pg_migrations.VERSION_TABLE} (version INTEGER NOT NULL)")
        cur.execute(f"INSERT INTO {pg_migrations.VERSION_TABLE} VALUES (1)")
        cur.execute("INSERT INTO setting VALUES ('new_per_day', '7')")
    done = cards("--db", pg_url, "stats")  # a read: refused, nothing changed
    refused(done, int(ExitCode.DATABASE), "older collection")
    with Collection.open(pg_url) as col:
        assert col.settings().new_per_day == 7
        col.add_card(front="q", back="a")
    with psycopg.connect(pg_url) as conn:
        [(version,)] = conn.execute(f"SELECT version FROM {pg_migrations.VERSION_TABLE}")
        [(buried,)] = conn.execute("SELECT count(buried_until) FROM schedule")
    assert version == migrations.SCHEMA_VERSION and buried == 0


def test_the_review_log_is_append_only_in_the_database(pg_url: str, clock: Clock) -> None:
    with Collection.open(pg_url, now=clock) as col:
        a = col.add_card(front="a", back="1")
        b = col.add_card(front="b", back="2")
        col.answer(a.id, 4)
        col.answer(b.id, 3)
    with psycopg.connect(pg_url, autocommit=True) as conn:
        for sql, words in (("UPDATE review SET grade = 5", "append-only"),
                           ("DELETE FROM review WHERE card_id = %s", "latest"),
                           ("TRUNCATE review", "append-only")):
            with pytest.raises(psycopg.errors.RaiseException, match=words):
                conn.execute(sql, (a.id,) if "%s" in sql else None)
        [(n,)] = conn.execute("SELECT count(*) FROM review")
        assert n == 2
        conn.execute("DELETE FROM review WHERE card_id = %s", (b.id,))  # the latest: undo's
        [(n,)] = conn.execute("SELECT count(*) FROM review")
        assert n == 1


# ----------------------------------------------------------------- opening

def test_a_url_opens_a_collection_from_the_command_line(pg_url: str, tmp_path: Path) -> None:
    done = cards("--db", pg_url, "add", "--front", "What is 2+2?", "--back", "4")
    assert done.returncode == 0, done.stderr
    assert "created a new collection at postgresql://" in done.stderr
    card_id = done.stdout.split()[1]
    answered = cards("answer", card_id, "4", env={"CARDS_DB": pg_url})
    assert answered.returncode == 0, answered.stderr
    shown = cards("--db", pg_url, "show", card_id)
    assert "grade 4" in shown.stdout and "What is 2+2?" in shown.stdout


def test_a_read_on_an_empty_database_creates_nothing(pg_url: str) -> None:
    refused(cards("--db", pg_url, "list"), int(ExitCode.IO), "no collection at")
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT count(*) FROM information_schema.tables "
                            "WHERE table_schema = 'public'").fetchone() == (0,)


def test_a_database_of_another_program_is_refused_and_left_alone(pg_url: str) -> None:
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE invoices (id int)")
    for command in (("list",), ("add", "--front", "f", "--back", "b")):
        refused(cards("--db", pg_url, *command), int(ExitCode.DATABASE), "not a cards collection")
    with psycopg.connect(pg_url) as conn:
        tables = {r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")}
    assert tables == {"invoices"}


def test_a_missing_database_and_a_missing_server_are_one_line_each(
        pg_server: Any, tmp_path: Path) -> None:
    missing = pg_server.get_uri("no_such_database")
    refused(cards("--db", missing, "list"), int(ExitCode.IO), "no database at")
    nowhere = f"postgresql://someone:s3cret@/cards?host={tmp_path}"
    for command in (("list",), ("add", "--front", "f", "--back", "b"), ("answer", "x", "4")):
        line = refused(cards("--db", nowhere, *command), int(ExitCode.UNREACHABLE),
                       "cannot reach the PostgreSQL server")
        assert "s3cret" not in line and "Traceback" not in line


def test_other_urls_are_still_refused(tmp_path: Path) -> None:
    refused(cards("--db", "mysql://u@h/db", "list", cwd=tmp_path), int(ExitCode.USAGE),
            "database URLs")
    refused(cards("--db", "postgresql://u@h", "list", cwd=tmp_path), int(ExitCode.USAGE),
            "names no database")


# ------------------------------------------------------------------- copy

def _stored(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row exactly as SQLite stores it (text of times included), in key order,
    with the schema and the id counters."""
    conn = sqlite3.connect(path)
    try:
        out = {"schema": conn.execute("SELECT type, name, sql FROM sqlite_master "
                                      "WHERE name NOT LIKE 'sqlite_%' ORDER BY name").fetchall(),
               "counters": conn.execute("SELECT * FROM sqlite_sequence ORDER BY name").fetchall()}
        for table, key in (("deck", "id"), ("card", "id"), ("schedule", "card_id, ord"),
                           ("review", "id"), ("setting", "key")):
            out[table] = conn.execute(f"SELECT * FROM {table} ORDER BY {key}").fetchall()
        return out
    finally:
        conn.close()


def _studied(col: Collection, clock: Clock, tmp_path: Path) -> None:
    """A collection with some of everything: decks, a cloze card, drafts, a suspended
    and a deleted card, buried items, answers of each kind, an undone one, settings."""
    col.set_setting("new_per_day", "7")
    col.import_bundled(accept_drafts=False)
    col.accept([c.id for c in col.drafts()][:12])
    cloze = col.add_card(deck="lang::fr", text="{{c1::le}} {{c2::chat}}", tags=["x"])
    col.set_deck_limit("lang::fr", "reviews_per_day", 50)
    for _ in range(3):
        for item in col.due(limit=6):
            col.answer(item.key, 2 if item.ord == 1 else 4, duration_ms=1234)
        clock.advance(days=1, microseconds=123457)
    col.answer(f"{cloze.id}:c2", 5, kind="cram")
    col.undo()
    col.bury(f"{cloze.id}:c1")
    col.suspend(col.due(limit=1)[0].card.id)
    col.delete(col.find_cards(statuses=["active"], limit=1)[0].card.id)


def test_copy_round_trip_sqlite_postgres_sqlite_gives_equal_dumps(
        tmp_path: Path, pg_url: str, clock: Clock) -> None:
    first, back = tmp_path / "first.db", tmp_path / "back.db"
    with Collection.open(first, now=clock) as col:
        _studied(col, clock, tmp_path)
        original = dump(col)
    there = copy_collection(first, pg_url)
    assert there.created and there.counts.reviews == len(original["review"]) > 10
    with Collection.open(pg_url, now=clock) as col:
        assert dump(col) == original
    copy_collection(pg_url, back)
    assert _stored(back) == _stored(first)
    with Collection.open(back, now=clock) as col, Collection.open(first, now=clock) as old:
        assert col.stats() == old.stats() and col.due() == old.due()


def test_copy_refuses_a_destination_that_holds_anything(
        tmp_path: Path, pg_url: str, clock: Clock) -> None:
    source = tmp_path / "source.db"
    with Collection.open(source, now=clock) as col:
        col.add_card(front="q", back="a")
    with Collection.open(pg_url, now=clock) as col:
        col.set_setting("timezone", "UTC")  # a setting alone makes it a collection in use
        before = dump(col)
    with pytest.raises(InvalidInputError, match="not empty"):
        copy_collection(source, pg_url)
    with Collection.open(pg_url, now=clock) as col:
        assert dump(col) == before
    with pytest.raises(InvalidInputError, match="same collection"):
        copy_collection(source, source)


def test_copy_from_the_command_line(tmp_path: Path, pg_url: str) -> None:
    source = tmp_path / "mine.db"
    assert cards("--db", str(source), "add", "--front", "q", "--back", "a").returncode == 0
    done = cards("copy", str(source), pg_url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("copied 1 deck, 1 card (1 review item), 0 logged answers")
    again = cards("copy", str(source), pg_url)
    refused(again, int(ExitCode.INVALID_INPUT), "not empty")
    missing = cards("copy", str(tmp_path / "none.db"), str(tmp_path / "out.db"))
    refused(missing, int(ExitCode.IO), "no collection at")
    assert not (tmp_path / "out.db").exists()


# ------------------------------------------- collection behaviour, both engines

def test_settings_are_typed_and_checked_on_each_engine(any_col: Collection) -> None:
    any_col.set_setting("new_per_day", "35")
    any_col.set_setting("timezone", "Europe/London")
    with pytest.raises(InvalidInputError):
        any_col.set_setting("day_starts_at", "24")
    assert any_col.reload_settings().new_per_day == 35
    assert any_col.settings().timezone == "Europe/London"
    any_col.add_card(deck="d", front="q", back="a")
    any_col.set_deck_limit("d", "new_per_day", 3)
    assert any_col.deck_limits("d") == {"new_per_day": 3, "reviews_per_day": None,
                                        "bury_siblings": None}
    [summary] = any_col.deck_summaries()
    assert (summary.new_per_day, summary.new) == (3, 1)


def test_answer_retried_after_an_unknown_outcome_is_recorded_once(any_col: Collection) -> None:
    """An answer whose commit the caller could not confirm is retried with the same
    time: the retry finds it and applies nothing twice."""
    card = any_col.add_card(front="q", back="a")
    at = any_col.now()
    first = any_col.answer(card.id, 4, answered_at=at)
    again = any_col.answer(card.id, 2, answered_at=at, retried=True)
    assert again.review_id == first.review_id and again.grade == 4
    assert len(dump(any_col)["review"]) == 1


def test_a_session_on_each_engine(any_col: Collection) -> None:
    for n in range(4):
        any_col.add_card(front=f"q{n}", back="a")
    session = any_col.start_session()
    grades = [4, 1, 5, 4, 5]
    while session.current is not None:
        session.answer(grades.pop(0))
    summary = session.summary()
    assert (summary.reviewed, summary.answers) == (4, 5)
    kinds = [r[5] for r in dump(any_col)["review"]]
    assert kinds == ["review"] * 4 + ["repeat"]


@pytest.mark.early
def test_command_line_run_on_the_server_matches_sqlite(pg_url: str, tmp_path: Path) -> None:
    """The same commands give the same output on a file and on the server."""
    outputs = []
    deck = Path(__file__).resolve().parents[1] / "decks" / "seeds.toml"
    for where in (str(tmp_path / "c.db"), pg_url):
        folder = tmp_path / f"out{len(outputs)}"
        folder.mkdir()
        steps = [("import", str(deck), "--accept-drafts"), ("due", "--limit", "3", "--json"),
                 ("list", "--search", "HOFSTÄTTER"), ("stats", "--json"),
                 ("export", "toml", "seeds.toml")]
        out = []
        for step in steps:
            done = run_text("--db", where, *step, cwd=folder)
            assert done.returncode == 0, (step, done.stderr)
            out.append(done.stdout.replace(where, "WHERE"))
        outputs.append(out)
    assert outputs[0] == outputs[1]
    assert ((tmp_path / "out0" / "seeds.toml").read_text()
            == (tmp_path / "out1" / "seeds.toml").read_text())


@sync
async def test_the_app_on_the_server(pg_url: str, tmp_path: Path, clock: Clock) -> None:
    """Home, a review, Browse and Stats on a collection on the server, as on a file."""
    from textual.widgets import DataTable

    from cards.tui.app import CardsApp
    from cards.tui.screens.browse import BrowseScreen
    from cards.tui.screens.home import HomeScreen
    from cards.tui.screens.review import ReviewScreen
    from cards.tui.screens.stats import StatsScreen
    from tui_helpers import DECK, settle

    deck = tmp_path / "demo.toml"
    deck.write_text(DECK, encoding="utf-8")
    with Collection.open(pg_url, now=clock) as col:
        col.set_setting("timezone", "UTC")
        col.import_decks([deck])
    app = CardsApp(pg_url, now=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one("#decks", DataTable)
        assert [str(c) for c in table.get_row_at(0)] == ["demo", "4", "0", "2", "4"]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("space", "5", "space", "4")
        await pilot.pause()
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("escape")  # the summary, then home
        await settle(app, pilot)
        await pilot.press("slash")
        await settle(app, pilot)
        assert isinstance(app.screen, BrowseScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        assert isinstance(app.screen, StatsScreen)
    assert app.crash is None
    with Collection.open(pg_url, now=clock) as col:
        assert [(key, grade) for key, _o, grade, _k in review_log(col)] == [("lit", 5),
                                                                              ("cz", 4)]


@pytest.mark.early
def test_trash_check_and_backup_on_the_server(pg_url: str) -> None:
    added = cards("--db", pg_url, "add", "--front", "q", "--back", "a")
    card_id = added.stdout.split()[1]
    for step in (("delete", card_id), ("undelete", card_id), ("delete", card_id),
                 ("trash", "--empty", "--yes"), ("check",)):
        done = cards("--db", pg_url, *step)
        assert done.returncode == 0, (step, done.stderr)
        assert "None" not in done.stdout
    refused(cards("--db", pg_url, "backup"), int(ExitCode.USAGE), "cards copy")
