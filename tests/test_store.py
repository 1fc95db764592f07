"""The store: migrations, file checks, WAL concurrency, append-only log, atomic failures."""

from __future__ import annotations

import sqlite3
import subprocess
import textwrap
import time
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import SQLModel

import cards.store.models  # noqa: F401  (registers the tables)
from cards.collection import Collection
from cards.errors import DatabaseError, DeckFormatError
from cards.store import migrations
from tests.cli_run import python
from tests.conftest import file_digest, table_dump

V1_SQL = Path(__file__).parent / "data" / "collection_v1.sql"


def make_v1(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(V1_SQL.read_text())
    conn.close()


def test_migrates_v1_fixture_after_backing_it_up(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    make_v1(path)
    before = table_dump(path)
    with Collection.open(path) as col:
        assert col.store.backups, "a backup must be made before migrating"
        backup = col.store.backups[0]
        assert table_dump(backup) == before  # the backup is the untouched v1 collection
        card = col.get_card("v1-basic")
        assert (card.front, card.tags, card.deck) == ("What is inertia?", ("mechanics",),
                                                      "physics")
        item = col.item("v1-basic")
        assert (item.state.repetitions, item.state.interval, item.state.due) == (
            2, 6, date(2025, 1, 10))
        assert col.get_card("v1-cloze").source.author == "Isaac"  # type: ignore[union-attr]
        col.bury("v1-cloze")  # a v2 feature works on the migrated file
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM review").fetchone()[0] == 2
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_migrated_schema_matches_the_models(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Collection.open(path).close()
    conn = sqlite3.connect(path)
    for table in SQLModel.metadata.sorted_tables:
        columns = {row[1] for row in conn.execute(f"PRAGMA table_info({table.name})")}
        assert columns == {c.name for c in table.columns}, table.name
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_newer_schema_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Collection.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    conn.close()
    digest = file_digest(path)
    with pytest.raises(DatabaseError, match="newer"):
        Collection.open(path)
    assert file_digest(path) == digest


@pytest.mark.parametrize("content", [b"hello, I am a text file\n" * 10, b"\x00" * 4096])
def test_non_database_file_is_refused_and_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(content)
    with pytest.raises(DatabaseError, match="not a cards collection"):
        Collection.open(path)
    assert path.read_bytes() == content


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER)")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="not a cards collection"):
        Collection.open(path)
    assert path.read_bytes() == before


def test_truncated_file_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    with Collection.open(path) as col:
        for n in range(50):
            col.add_card(front=f"q{n}" * 50, back="a")
    sqlite3.connect(path).execute("PRAGMA wal_checkpoint(TRUNCATE)").connection.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])
    digest = file_digest(path)
    with pytest.raises(DatabaseError, match="damaged"):
        Collection.open(path)
    assert file_digest(path) == digest


def test_review_log_is_append_only(col: Collection) -> None:
    card = col.add_card(front="q", back="a")
    col.answer(card.id, 4)
    col.answer(card.id, 5, kind="repeat")
    conn = sqlite3.connect(col.path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE review SET grade = 0")
    with pytest.raises(sqlite3.IntegrityError, match="latest"):
        conn.execute("DELETE FROM review WHERE id = (SELECT min(id) FROM review)")
    conn.close()


def test_second_process_writes_concurrently(col: Collection) -> None:
    """A writer in another process and answers here interleave without 'locked' errors.

    The child says when it has made its first write, and answers go on (as practice, so
    every one is a write) until it has finished: the two really overlap.
    """
    col.set_setting("new_per_day", "100")
    card = col.add_card(front="q", back="a")
    col.answer(card.id, 5)
    script = textwrap.dedent(f"""
        import sys
        from cards.collection import Collection
        col = Collection.open({str(col.path)!r})
        for n in range(150):
            col.add_card(front=f"other {{n}}", back="b", deck="other")
            if n == 0:
                print("started", flush=True)
        col.close()
    """)
    proc = python("-c", script)  # its own process, forked warm (`tests.cli_run.python`)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "started"
    answered = 0
    while proc.poll() is None:
        col.answer(card.id, 4, kind="cram")
        answered += 1
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "locked" not in err
    assert answered > 0
    assert len(col.find_cards(deck="other")) == 150
    conn = sqlite3.connect(col.path)
    assert conn.execute("SELECT count(*) FROM review").fetchone()[0] == answered + 1
    conn.close()


def test_failed_import_leaves_database_exactly_as_it_was(col: Collection, tmp_path: Path) -> None:
    col.add_card(front="q", back="a", deck="mine")
    good = tmp_path / "good.toml"
    good.write_text('[deck]\nname = "g"\n\n[[cards]]\nid = "g1"\nfront = "x"\nback = "y"\n')
    bad = tmp_path / "bad.toml"
    bad.write_text('[deck]\nname = "b"\n\n[[cards]]\nid = "b1"\nfront = "x"\nback = ""\n')
    before = table_dump(col.path)
    with pytest.raises(DeckFormatError, match=r"bad\.toml:4: card b1: the back is empty"):
        col.import_decks([good, bad])
    assert table_dump(col.path) == before


def _open_at_once(path: Path, processes: int = 6) -> list[subprocess.CompletedProcess[str]]:
    """Start several processes that open the same collection at the same moment."""
    start = time.time() + 2.5
    script = textwrap.dedent(f"""
        import time
        from cards.collection import Collection
        time.sleep(max(0.0, {start!r} - time.time()))  # imports done: open together
        Collection.open({str(path)!r}).close()
    """)
    procs = [python("-c", script) for _ in range(processes)]
    done = []
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        done.append(subprocess.CompletedProcess(proc.args, proc.returncode, "", err))
    return done


@pytest.mark.serial
@pytest.mark.parametrize("start", ["new", "v1"])
def test_processes_creating_or_upgrading_at_once(tmp_path: Path, start: str) -> None:
    """First use by a review session and a script at once: every process opens the file,
    each migration step runs once, and an upgrade makes exactly one backup."""
    path = tmp_path / "c.db"
    if start == "v1":
        make_v1(path)
    for done in _open_at_once(path):
        assert done.returncode == 0, done.stderr
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert len(list(tmp_path.glob("c.db.v1-*.bak"))) == (1 if start == "v1" else 0)
