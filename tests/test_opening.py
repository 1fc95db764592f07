"""Opening a collection from the command line: what may be created, migrated or refused.

Issue 9, items 4 and 22. Every test runs the real CLI in a subprocess on real files.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from cards.errors import ExitCode
from cards.store import migrations
from cli_run import env as cli_env
from cli_run import run_text
from tests.conftest import file_digest
from tests.test_store import make_v1

READ_COMMANDS = (("list",), ("show", "abc"), ("due",), ("stats",), ("config",),
                 ("config", "timezone"), ("export", "toml", "out.toml"),
                 ("export", "anki", "out.apkg"))
#: Commands that write but only change what is already there: no collection, no write.
EXISTING_ONLY = (("answer", "abc", "4"), ("undo",), ("edit", "abc", "--front", "x"),
                 ("suspend", "abc"), ("accept", "abc"), ("delete", "abc"))
CREATING = (("add", "--front", "f", "--back", "b"), ("config", "new_per_day", "5"))


def cards(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
          timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return run_text(*args, environ=cli_env(**(env or {})), timeout=timeout, cwd=cwd)


def refused(done: subprocess.CompletedProcess[str], code: int, words: str) -> str:
    """The one error line of a refused command, checked for code and wording."""
    lines = done.stderr.strip().splitlines()
    assert done.returncode == code, done.stderr
    assert len(lines) == 1 and lines[0].startswith("cards: error: "), done.stderr
    assert words in lines[0], lines[0]
    return lines[0]


def tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


@pytest.mark.parametrize("command", READ_COMMANDS + EXISTING_ONLY)
def test_mistyped_db_creates_nothing(tmp_path: Path, command: tuple[str, ...]) -> None:
    db = tmp_path / "nodir" / "x.db"
    done = cards("--db", str(db), *command, cwd=tmp_path)
    refused(done, int(ExitCode.IO), f"no collection at {db}")
    assert tree(tmp_path) == set()


@pytest.mark.parametrize("command", READ_COMMANDS)
def test_read_command_on_missing_file_in_existing_folder(tmp_path: Path,
                                                         command: tuple[str, ...]) -> None:
    db = tmp_path / "x.db"
    refused(cards("--db", str(db), *command, cwd=tmp_path), int(ExitCode.IO),
            "no collection at")
    assert tree(tmp_path) == set()


@pytest.mark.parametrize("command", CREATING)
def test_creating_command_says_so_once(tmp_path: Path, command: tuple[str, ...]) -> None:
    db = tmp_path / "new" / "x.db"
    first = cards("--db", str(db), *command)
    assert first.returncode == 0, first.stderr
    assert first.stderr.strip().splitlines() == [f"cards: created a new collection at {db}"]
    again = cards("--db", str(db), *command)
    assert again.returncode == 0 and again.stderr == ""
    assert cards("--db", str(db), "list").returncode == 0


def test_empty_file_is_no_collection_for_reading(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    db.touch()
    refused(cards("--db", str(db), "list"), int(ExitCode.IO), "no collection at")
    assert db.read_bytes() == b""


def test_fifo_as_db_and_as_deck_never_hangs(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for command in (("list",), ("add", "--front", "f", "--back", "b")):
        refused(cards("--db", str(fifo), *command, timeout=30), int(ExitCode.IO),
                "not a regular file")
    refused(cards("--db", str(tmp_path / "c.db"), "import", str(fifo), timeout=30),
            int(ExitCode.IO), "not a regular file")
    assert tree(tmp_path) == {"pipe"}


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_character_device_as_db_is_refused_without_a_journal(device: str) -> None:
    journal = Path(device + "-journal")
    assert not journal.exists()
    for command in (("list",), ("add", "--front", "f", "--back", "b"), ("stats",)):
        refused(cards("--db", device, *command), int(ExitCode.IO), "not a regular file")
        assert not journal.exists()
        assert not Path(device + "-wal").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a 000-permission file anyway")
def test_unreadable_db_is_an_io_error(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    assert cards("--db", str(db), "add", "--front", "f", "--back", "b").returncode == 0
    db.chmod(0)
    try:
        for command in (("list",), ("add", "--front", "f", "--back", "b")):
            refused(cards("--db", str(db), *command), int(ExitCode.IO), "permission denied")
    finally:
        db.chmod(0o600)


@pytest.mark.parametrize("version", [1, 2, 3])
def test_foreign_sqlite_file_with_a_user_version(tmp_path: Path, version: int) -> None:
    db = tmp_path / "other.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE schedule_of_trains (id INTEGER PRIMARY KEY, at TEXT)")
    conn.execute("INSERT INTO schedule_of_trains (at) VALUES ('09:00')")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    before = file_digest(db)
    for command in (("list",), ("add", "--front", "f", "--back", "b"), ("stats",)):
        refused(cards("--db", str(db), *command), int(ExitCode.DATABASE),
                "is an SQLite database but not a cards collection")
    assert file_digest(db) == before
    assert tree(tmp_path) == {"other.db"}  # no backup per command, no journal


def test_old_collection_is_migrated_only_by_a_command_that_writes(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    make_v1(db)
    before = file_digest(db)
    bad = tmp_path / "bad.toml"
    bad.write_text('[deck]\nname = "x"\n[[cards]]\nid = "a"\nfront = "q"\n')  # no back
    refused(cards("--db", str(db), "import", str(bad)), int(ExitCode.INVALID_INPUT),
            "the back is empty")
    assert file_digest(db) == before
    # Reading an old collection works (through a migrated copy) and changes nothing.
    listed = cards("--db", str(db), "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert {"v1-basic", "v1-cloze"} <= {c["id"] for c in __import__("json").loads(listed.stdout)}
    assert cards("--db", str(db), "stats").returncode == 0
    assert cards("--db", str(db), "show", "v1-basic").returncode == 0
    assert file_digest(db) == before
    assert tree(tmp_path) == {"old.db", "bad.toml"}
    # The first write upgrades it, after a backup it names.
    done = cards("--db", str(db), "add", "--front", "f", "--back", "b")
    assert done.returncode == 0, done.stderr
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("cards: backed up the collection to ") and ".v1-" in line
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    conn.close()


@pytest.mark.parametrize("url", ["mysql://user:secret@host/db", "sqlite:///x.db",
                                 "file://x.db"])
def test_database_urls_are_refused(tmp_path: Path, url: str) -> None:
    for command in (("list",), ("add", "--front", "f", "--back", "b")):
        line = refused(cards("--db", url, *command, cwd=tmp_path), int(ExitCode.USAGE),
                       "database URLs")
        assert "secret" not in line
        refused(cards(*command, cwd=tmp_path, env={"CARDS_DB": url}), int(ExitCode.USAGE),
                "database URLs")
    assert tree(tmp_path) == set()
