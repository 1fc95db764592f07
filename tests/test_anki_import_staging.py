"""Big Anki imports and other writers (issue 9, item 24, for .apkg and .colpkg).

An Anki import reads and maps the package, and plans and stages its rows, outside
SQLite's write lock; it takes the lock only for one short swap (`cards.store.staging`,
as deck imports do). So a process answering cards in a loop while a package of
100,000 revlog rows is imported has none of its answers refused (with a busy timeout
a third of the CLI's) or lost, and the import is still all or nothing.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from anki_builders import build_big_package  # skips without `anki`
from cards.collection import Collection, anki_import
from cli_run import env, run_cards
from test_import_staging import ANSWERER, _dump, _study_collection

NOTES, REVLOG = 1500, 100_000


@pytest.fixture(scope="module")
def big_package(built_once: Callable[[str, Callable[[Path], Path]], Path]) -> Path:
    """Built once per run, whichever worker asks first (it takes seconds); tests only
    read it."""
    return built_once("big-apkg", lambda folder: build_big_package(
        folder, notes=NOTES, revlog_rows=REVLOG))


def _counts(db: Path) -> tuple[int, int]:
    conn = sqlite3.connect(db)
    try:
        cards = conn.execute("SELECT count(*) FROM card WHERE id LIKE 'anki-%'").fetchone()[0]
        reviews = conn.execute("SELECT count(*) FROM review WHERE kind = 'imported'"
                               ).fetchone()[0]
        return cards, reviews
    finally:
        conn.close()


@pytest.mark.serial
def test_answers_during_a_big_package_import_are_neither_refused_nor_lost(
        tmp_path: Path, big_package: Path) -> None:
    db = tmp_path / "shared.db"
    keys = _study_collection(db)
    stop = tmp_path / "stop"
    (tmp_path / "answerer.py").write_text(ANSWERER)
    answerer = subprocess.Popen(
        [sys.executable, str(tmp_path / "answerer.py"), str(db), str(stop), *keys],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env())
    try:
        assert answerer.stdout is not None
        assert answerer.stdout.readline().strip() == "ready"
        started = datetime.now(UTC)
        importer = subprocess.run(
            [sys.executable, "-m", "cards", "--db", str(db), "import", str(big_package)],
            capture_output=True, text=True, env=env(), timeout=600, check=False)
        ended = datetime.now(UTC)
    finally:
        stop.touch()
    out, err = answerer.communicate(timeout=120)
    assert importer.returncode == 0, importer.stderr
    assert answerer.returncode == 0, err
    assert "failed=0" in out, (out, err)
    done = int(out.split("done=")[1].split()[0])
    cards, reviews = _counts(db)
    assert reviews == REVLOG and cards > NOTES
    with Collection.open(db) as col:
        answers = [r for key in keys for r in col.card_info(key, history=10_000).reviews]
        during = [r for r in answers if started <= r.reviewed_at <= ended]
        # not lost: every answer the other process gave is in the log, and each
        # card's schedule is the one its latest scheduled answer left (the later ones
        # are practice: the card is no longer due)
        assert len(answers) == done
        for key in keys:
            scheduled = [r for r in col.card_info(key, history=10_000).reviews
                         if r.kind == "review"]
            if scheduled:
                latest = max(scheduled, key=lambda r: r.reviewed_at)
                item = col.item(key)
                assert item.last_review == latest.reviewed_at
                assert item.state.due == latest.due_after
    assert during, "no answer was given while the import ran"


@pytest.mark.early
def test_a_failure_in_the_swap_leaves_the_collection_as_it_was(
        tmp_path: Path, big_package: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The swap fails after it has moved every staged row (as a full disk would at
    its last statement): nothing of the package stays."""
    db = tmp_path / "c.db"
    _study_collection(db)
    before_dump, before_bytes = _dump(db), db.read_bytes()

    def failing(*_args: object) -> None:
        with sqlite3.connect(db) as other:  # the rows are there, uncommitted
            assert other.execute("SELECT count(*) FROM card").fetchone()[0] == 20
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(anki_import, "_follow_schedulers", failing)
    with Collection.open(db) as col, pytest.raises(OSError):
        col.import_anki(big_package)
    assert _dump(db) == before_dump
    assert db.read_bytes() == before_bytes


@pytest.mark.early
def test_imported_times_are_stored_as_the_collection_stores_them(
        tmp_path: Path, big_package: Path) -> None:
    """SQLite's text format for a time, as every other write stores it; imported rows
    once carried a '+00:00' of their own (the generic type's processor, not SQLite's)."""
    db = tmp_path / "c.db"
    run = run_cards(db, "import", str(big_package), timeout=300)
    assert run.code == 0, run.stderr
    with Collection.open(db) as col:
        col.answer(col.find_cards()[0].card.id, 4)
    conn = sqlite3.connect(db)
    try:
        for table, column in (("review", "reviewed_at"), ("schedule", "last_review"),
                              ("card", "created_at"), ("card", "modified_at")):
            odd = conn.execute(f"SELECT count(*) FROM {table} WHERE {column} LIKE '%+%'"
                               ).fetchone()[0]
            assert odd == 0, (table, column)
        shapes = {len(v) for (v,) in conn.execute("SELECT reviewed_at FROM review")}
        assert shapes == {len("2026-01-01 00:00:00.000000")}
    finally:
        conn.close()
