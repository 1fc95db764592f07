"""Database faults: damaged, foreign, read-only and full collections, through the real CLI.

Each case runs `cards` as a subprocess and expects one clear line on stderr, the
documented exit code (5, DATABASE), and the collection file byte-for-byte as it was.

The read-only and disk-full cases need a small filesystem of their own: they mount a
tmpfs (a read-only remount, or one of 4 MiB filled nearly to the brim). We run as
root here, where chmod does not stop writes, so a mount is the honest way; where
mounting is not allowed the two tests skip and say why.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from cards.collection import Collection
from cards.errors import ExitCode
from cli_run import run_text

DATABASE = int(ExitCode.DATABASE)


def cards(*args: str) -> subprocess.CompletedProcess[str]:
    return run_text(*args)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_refused(done: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    lines = done.stderr.strip().splitlines()
    assert done.returncode == code, done.stderr
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("cards: error: "), done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    low = lines[0].lower()
    assert any(w in low for w in words), lines[0]


def make_collection(path: Path, cards_n: int = 200) -> Path:
    """A real collection with enough cards to span many pages, WAL checkpointed away."""
    with Collection.open(path) as col:
        col.set_setting("new_per_day", "1000")
        for n in range(cards_n):
            col.add_card(front=f"question {n} " + "x" * 200, back=f"answer {n}")
        for item in col.due(limit=20):
            col.answer(item.key, 4)
    assert not Path(f"{path}-wal").exists()
    return path


COMMANDS = (("list",), ("add", "--front", "f", "--back", "b"), ("stats",), ("due",))


def _check_all_commands(db: Path, *words: str) -> None:
    before = digest(db)
    for command in COMMANDS:
        assert_refused(cards("--db", str(db), *command), DATABASE, *words)
        assert digest(db) == before, f"{command} changed the file"


def test_truncated_file(tmp_path: Path) -> None:
    db = make_collection(tmp_path / "c.db")
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2 + 100])
    _check_all_commands(db, "damaged", "truncated")


def test_corrupt_pages(tmp_path: Path) -> None:
    db = make_collection(tmp_path / "c.db")
    data = bytearray(db.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    rng = random.Random(5)
    for start in range(page, len(data), page):  # every page but the first (the schema)
        data[start:start + page] = rng.randbytes(page)
    db.write_bytes(bytes(data))
    _check_all_commands(db, "damaged", "malformed")


def test_non_sqlite_file(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my shopping list\n" * 500)
    _check_all_commands(notes, "not a cards collection")


def test_sqlite_database_of_another_program(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    _check_all_commands(other, "not a cards collection")


@pytest.fixture()
def small_fs(tmp_path: Path) -> Iterator[Path]:
    """A 4 MiB tmpfs of our own (skips where mount is not permitted)."""
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("needs root and mount(8) for a filesystem of its own")
    mount = tmp_path / "mnt"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_read_only_location(small_fs: Path) -> None:
    db = make_collection(small_fs / "c.db", cards_n=20)
    before = digest(db)
    subprocess.run(["mount", "-o", "remount,ro", str(small_fs)], check=True)
    assert_refused(cards("--db", str(db), "add", "--front", "f", "--back", "b"), DATABASE,
                   "writable", "read-only")
    assert_refused(cards("--db", str(small_fs / "new.db"), "list"), int(ExitCode.IO),
                   "no collection at")
    assert_refused(cards("--db", str(small_fs / "new.db"), "add", "--front", "f", "--back",
                         "b"), DATABASE, "writable", "read-only")
    assert not (small_fs / "new.db").exists()
    assert digest(db) == before


def test_disk_full(small_fs: Path, tmp_path: Path) -> None:
    db = make_collection(small_fs / "c.db", cards_n=20)
    free = shutil.disk_usage(small_fs).free
    (small_fs / "filler").write_bytes(b"\0" * max(0, free - 64 * 1024))
    deck = tmp_path / "big.toml"
    deck.write_text("[deck]\nname = \"big\"\n" + "".join(
        f'[[cards]]\nid = "big-{n}"\nfront = "front {n} {"y" * 300}"\nback = "b"\n'
        for n in range(2000)))
    before = digest(db)
    assert_refused(cards("--db", str(db), "import", str(deck)), DATABASE, "full")
    assert digest(db) == before
    (small_fs / "filler").unlink()
    with Collection.open(db) as col:
        assert col.count_cards() == 20
