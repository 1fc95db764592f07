"""Concurrency: a review session and 200 `cards add` on one collection at the same time.

Two real processes share a real collection file. One reviews (every answer committed
and reported); the other runs the CLI's `main` 200 times, each call opening the
collection as `cards add` does. Nothing may fail with "database is locked", and
every card and every answer must be in the file afterwards.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cards.collection import Collection

pytestmark = pytest.mark.serial

ADDS = 200

REVIEWER = r"""
import sys
from pathlib import Path
from cards.collection import Collection

col = Collection.open(sys.argv[1])
stop = Path(sys.argv[2])
grades = [4, 2, 5, 3, 4]
i = 0
while not stop.exists() or i < 50:
    session = col.start_session()
    if session.current is None:
        session = col.start_session(cram=True)
    while session.current is not None and (not stop.exists() or i < 50):
        print(session.answer(grades[i % len(grades)]).review_id, flush=True)
        i += 1
"""

ADDER = r"""
import sys
from pathlib import Path
from cards.cli import main

db, stop = sys.argv[1], Path(sys.argv[2])
failures = 0
try:
    for n in range(int(sys.argv[3])):
        try:
            main(["--db", db, "add", "--front", f"concurrent {n}", "--back", f"back {n}",
                  "--deck", "adds"])
        except SystemExit as exc:
            if exc.code:
                failures += 1
finally:
    stop.touch()
print(f"failures={failures}")
"""


def test_review_and_200_adds_share_the_collection(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    with Collection.open(db) as col:
        col.set_setting("new_per_day", "1000")
        for n in range(40):
            col.add_card(deck="study", front=f"q{n}", back=f"a{n}")
    stop = tmp_path / "adds-done"
    (tmp_path / "reviewer.py").write_text(REVIEWER)
    (tmp_path / "adder.py").write_text(ADDER)
    reviewer = subprocess.Popen(
        [sys.executable, str(tmp_path / "reviewer.py"), str(db), str(stop)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    adder = subprocess.run(
        [sys.executable, str(tmp_path / "adder.py"), str(db), str(stop), str(ADDS)],
        capture_output=True, text=True, timeout=300)
    out, err = reviewer.communicate(timeout=300)

    for text in (out, err, adder.stdout, adder.stderr):
        assert "locked" not in text.lower(), text
        assert "Traceback" not in text, text
    assert reviewer.returncode == 0, err
    assert adder.returncode == 0, adder.stderr
    assert "failures=0" in adder.stdout
    assert adder.stdout.count("added ") == ADDS

    answered = [int(line) for line in out.split()]
    assert len(answered) >= 50
    with Collection.open(db) as col:
        fronts = {item.card.front for item in col.find_cards(deck="adds")}
        assert fronts == {f"concurrent {n}" for n in range(ADDS)}
    conn = sqlite3.connect(db)
    try:
        stored = {row[0] for row in conn.execute("SELECT id FROM review")}
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()
    assert set(answered) <= stored
    assert len(stored) == len(answered)
