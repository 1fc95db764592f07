"""Crash safety: SIGKILL a reviewing process at random moments, many times.

A review session runs in a child process on a real collection file and prints the id
of each answer after `Collection.answer` has returned (that is, after the commit). We
kill it with SIGKILL at a random point, then check that every reported answer is in
the review log, that the collection opens, and that SQLite's integrity check passes.
The same file is reused across runs, so each run also recovers from the last kill.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from cards.collection import Collection
from cli_run import python

pytestmark = pytest.mark.serial

RUNS = 30

# The child: answer forever (due cards, then practice rounds), one id per line.
CHILD = r"""
import sys
from cards.collection import Collection

col = Collection.open(sys.argv[1])
grades = [5, 4, 2, 3, 4, 1, 5, 0, 4]
i = 0
while True:
    session = col.start_session()
    if session.current is None:
        session = col.start_session(cram=True)
    while session.current is not None:
        result = session.answer(grades[i % len(grades)])
        i += 1
        print(result.review_id, flush=True)
"""


@pytest.fixture()
def collection_file(tmp_path: Path) -> Path:
    path = tmp_path / "crash.db"
    with Collection.open(path) as col:
        col.set_setting("new_per_day", "1000")
        for n in range(60):
            if n % 3:
                col.add_card(front=f"question {n}", back=f"answer {n}")
            else:
                col.add_card(text=f"cloze {{{{c1::{n}}}}} and {{{{c2::more {n}}}}}")
    return path


def _run_and_kill(path: Path, script: Path, rng: random.Random) -> list[int]:
    """Start the child, wait for its first answer, let it run a random while, SIGKILL it.
    The child is a process of its own, forked from an interpreter that has imported
    `cards` (`cli_run.python`): 30 starts without 30 times the imports."""
    child = python(str(script), str(path))
    assert child.stdout is not None
    first = child.stdout.readline()  # the session is up and committing
    time.sleep(rng.uniform(0.0, 0.4))
    os.kill(child.pid, signal.SIGKILL)
    rest, err = child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL, err
    assert "Traceback" not in err, err
    return [int(line) for line in (first + rest).split()]


def _check(path: Path, reported: list[int]) -> None:
    with Collection.open(path) as col:  # recovers the WAL the kill left behind
        assert col.count_cards() == 60
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = {row[0] for row in conn.execute("SELECT id FROM review")}
    finally:
        conn.close()
    missing = set(reported) - stored
    assert not missing, f"committed answers lost after SIGKILL: {sorted(missing)}"


def test_sigkill_never_loses_a_committed_answer(collection_file: Path, tmp_path: Path) -> None:
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    rng = random.Random(6)
    total = 0
    for _ in range(RUNS):
        reported = _run_and_kill(collection_file, script, rng)
        assert reported, "the child reported no answer before it was killed"
        _check(collection_file, reported)
        total += len(reported)
    assert total >= RUNS
