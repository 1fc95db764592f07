"""`undo` reads O(1) rows of the review log (issue 9, item 20).

No timing here (that is for benchmarks/): the test looks at the statements undo
runs while undoing: none may read the log without a bound.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import cards.store.engine as engine
from cards.collection import Collection
from tests.conftest import Clock


def log_reads(path: Path, clock: Clock,
              monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[str]]:
    """The statements undo runs that read the review log, and those of them with
    neither a LIMIT nor an aggregate: each of those costs as much as the log is long.
    Every connection the collection opens reports what it runs (sqlite3's trace
    callback)."""
    reads: list[str] = []
    unbounded: list[str] = []

    def check(statement: str) -> None:
        text = " ".join(statement.split()).upper()
        if text.startswith("SELECT") and "FROM REVIEW" in text:
            reads.append(statement)
            if not (" LIMIT " in text or "MAX(" in text):
                unbounded.append(statement)

    plain = engine.connect

    def traced(where: Path) -> sqlite3.Connection:
        conn = plain(where)
        conn.set_trace_callback(check)
        return conn

    monkeypatch.setattr(engine, "connect", traced)
    with Collection.open(path, now=clock) as col:
        col.undo()
    return reads, unbounded


def test_undo_fetches_the_latest_review_with_a_limit(
        col: Collection, db_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    col.set_setting("new_per_day", "1000")
    for n in range(30):
        col.add_card(front=f"q{n}", back="a")
    for item in col.due():
        col.answer(item.key, 3, kind="cram")
    col.close()
    # Every statement that reads the review log during undo is bounded (LIMIT 1 or an
    # aggregate over one item's index range), so its cost cannot grow with the log.
    reads, unbounded = log_reads(db_path, clock, monkeypatch)
    assert reads  # undo reads the log (the trace sees it)
    assert unbounded == []
