"""Migration backups are whole or absent (issue 9, item 21).

A backup is written under a temporary name, flushed, and renamed to `.bak`: a full
disk leaves nothing behind, and a copy killed half-way never looks like a backup.
"""

from __future__ import annotations

import random
import shutil
import signal
import sqlite3
import textwrap
import time
from pathlib import Path

from cards.errors import ExitCode
from tests.cli_run import python
from tests.conftest import table_dump
from tests.test_db_faults import small_fs  # noqa: F401  (fixture)
from tests.test_opening import cards, refused, tree
from tests.test_store import make_v1


def make_big_v1(path: Path, megabytes: int) -> Path:
    """A v1 collection padded with card text, so copying it takes a while."""
    make_v1(path)
    conn = sqlite3.connect(path)
    pad = "x" * 4000
    conn.executemany(
        "INSERT INTO card (id, deck_id, seq, type, front, back, created_at, modified_at)"
        " VALUES (?, 1, ?, 'basic', ?, 'b', '2025-01-01', '2025-01-01')",
        [(f"pad-{n}", 100 + n, pad) for n in range(megabytes * 250)])
    conn.commit()
    conn.close()
    return path


def test_full_disk_leaves_no_partial_backup(small_fs: Path) -> None:  # noqa: F811
    db = make_big_v1(small_fs / "old.db", megabytes=1)
    before = table_dump(db)
    free = shutil.disk_usage(small_fs).free
    (small_fs / "filler").write_bytes(b"\0" * max(0, free - db.stat().st_size // 2))
    for _attempt in range(3):
        done = cards("--db", str(db), "add", "--front", "f", "--back", "b")
        refused(done, int(ExitCode.DATABASE), "full")
        assert tree(small_fs) == {"old.db", "filler"}, "a partial backup was left behind"
    (small_fs / "filler").unlink()
    assert table_dump(db) == before
    done = cards("--db", str(db), "add", "--front", "f", "--back", "b")
    assert done.returncode == 0, done.stderr
    [bak] = [p for p in small_fs.iterdir() if p.name.endswith(".bak")]
    assert table_dump(bak) == before


CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from cards.store import migrations
    path = Path(sys.argv[1])
    while True:
        migrations.backup(path, 1)
        print("done", flush=True)
""")


def test_a_killed_backup_never_leaves_a_broken_bak(tmp_path: Path) -> None:
    """Kill a process that makes backup after backup at random moments: every file
    named .bak is a whole copy, and none has a hot journal beside it."""
    db = make_big_v1(tmp_path / "old.db", megabytes=8)
    expected = table_dump(db)
    rng = random.Random(9)
    for _round in range(6):
        child = python("-c", CHILD, str(db))  # its own process, forked warm
        assert child.stdout is not None
        assert child.stdout.readline() == "done\n"  # one whole copy, then kill mid-way
        time.sleep(rng.uniform(0.0, 0.05))
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=30)
        names = {p.name for p in tmp_path.iterdir()}
        assert not any(n.endswith(".bak-journal") for n in names), names
        backups = sorted(tmp_path.glob("*.bak"))
        assert backups
        for bak in backups:
            conn = sqlite3.connect(f"{bak.as_uri()}?mode=ro", uri=True)
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            conn.close()
        assert table_dump(backups[-1]) == expected
        for bak in backups:  # keep the folder small for the next round
            bak.unlink()
            for side in ("-wal", "-shm"):
                Path(f"{bak}{side}").unlink(missing_ok=True)
    # Leftovers of a killed copy are cleared by the next backup.
    from cards.store import migrations

    made = migrations.backup(db, 1)
    assert not list(tmp_path.glob(f"*{migrations.PARTIAL}*"))
    assert table_dump(made) == expected
