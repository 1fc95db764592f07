"""Big imports and other writers (issue 9, item 24).

An import plans and stages its rows outside SQLite's write lock and takes the lock
only for a short swap (`cards.store.staging`). So answers given in another process
while a 20,000-card deck is imported all succeed, even with a short busy timeout
(under load a waiting writer's 15 s ran out before); a failed import leaves the
collection exactly as it was; and a card changed by another writer between the
plan and the swap makes the import plan again instead of overwriting the change.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cards.collection import Collection, transfer
from cards.decks import Deck, DeckCard, write_deck
from cli_run import env, run_cards

BIG = 10_000

ANSWERER = r"""
import contextlib, io, sys
from pathlib import Path
import cards.store.engine as engine
engine.BUSY_TIMEOUT_S = 5.0  # a third of the CLI's 15 s: the lock is held only for the swap
from cards.cli import main

db, stop, keys = sys.argv[1], Path(sys.argv[2]), sys.argv[3:]
done = failed = 0
while not stop.exists() or done < 3:
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            code = main(["--db", db, "answer", keys[done % len(keys)], "4"]) or 0
    except SystemExit as exc:
        code = exc.code or 0
    done += 1
    failed += code != 0
    if done == 1:
        print("ready", flush=True)
print(f"done={done} failed={failed}", flush=True)
"""


def _deck(path: Path, name: str, n: int, prefix: str) -> Path:
    cards = [DeckCard(id=f"{prefix}-{i}", front=f"Question {i}?", back=f"Answer {i}.",
                      tags=["gen"]) for i in range(n)]
    write_deck(Deck(name=name, description="generated", cards=cards), path)
    return path


def _study_collection(db: Path) -> list[str]:
    with Collection.open(db) as col:
        col.set_setting("new_per_day", "1000")
        return [col.add_card(deck="study", front=f"q{n}", back=f"a{n}").id for n in range(20)]


def _dump(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.mark.serial
def test_answers_during_a_big_import_succeed(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    keys = _study_collection(db)
    big = _deck(tmp_path / "big.toml", "big", BIG, "big")
    stop = tmp_path / "stop"
    (tmp_path / "answerer.py").write_text(ANSWERER)
    answerer = subprocess.Popen(
        [sys.executable, str(tmp_path / "answerer.py"), str(db), str(stop), *keys],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env())
    try:
        assert answerer.stdout is not None
        assert answerer.stdout.readline().strip() == "ready"
        started = datetime.now(UTC)
        importer = subprocess.run([sys.executable, "-m", "cards", "--db", str(db), "import",
                                   str(big)], capture_output=True, text=True, env=env(),
                                  timeout=600, check=False)
        ended = datetime.now(UTC)
    finally:
        stop.touch()
    out, err = answerer.communicate(timeout=120)
    assert importer.returncode == 0, importer.stderr
    assert answerer.returncode == 0, err
    assert "failed=0" in out, (out, err)
    with Collection.open(db) as col:
        assert len(col.find_cards(deck="big")) == BIG
        during = [r for key in keys for r in col.card_info(key).reviews
                  if started <= r.reviewed_at <= ended]
    assert during, "no answer was given while the import ran"


def test_a_failed_import_leaves_the_collection_as_it_was(tmp_path: Path) -> None:
    """The deck is valid on its own; the collection refuses it (one of its cards
    belongs to another deck), after the import has read and planned everything."""
    db = tmp_path / "c.db"
    keys = _study_collection(db)
    bad = _deck(tmp_path / "bad.toml", "other", 2000, "x")
    text = bad.read_text().replace('id = "x-1999"', f'id = "{keys[0]}"')
    bad.write_text(text)
    before_dump, before_bytes = _dump(db), db.read_bytes()
    run = run_cards(db, "import", str(bad))
    assert run.code == 4, run.stderr
    assert "already belongs to deck 'study'" in run.stderr
    assert _dump(db) == before_dump
    assert db.read_bytes() == before_bytes


@pytest.mark.serial
def test_an_import_killed_midway_is_all_or_nothing(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    _study_collection(db)
    big = _deck(tmp_path / "big.toml", "big", BIG, "big")
    before = _dump(db)
    importer = subprocess.Popen([sys.executable, "-m", "cards", "--db", str(db), "import",
                                 str(big)], env=env(), stderr=subprocess.DEVNULL)
    time.sleep(1.5)
    importer.send_signal(signal.SIGKILL)
    importer.wait(timeout=60)
    after = _dump(db)
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        big_cards = conn.execute("SELECT count(*) FROM card WHERE id LIKE 'big-%'").fetchone()
        temp = conn.execute("SELECT count(*) FROM sqlite_master WHERE name LIKE 'stage%'")
        assert temp.fetchone() == (0,)  # staging tables are never in the collection file
    finally:
        conn.close()
    assert after == before or big_cards == (BIG,)


def test_a_card_changed_during_planning_is_planned_again(tmp_path: Path) -> None:
    """Another writer edits a card after the import planned from it: the swap finds
    the card's version changed, writes nothing, and the import plans again, so the
    edit stands (an edit made here since the last import wins) and nothing is lost."""
    db = tmp_path / "c.db"
    deck = _deck(tmp_path / "d.toml", "d", 5, "d")
    with Collection.open(db) as col:
        col.import_decks([deck])
    deck.write_text(deck.read_text().replace("Answer 3.", "Answer three."))
    loaded = transfer.load_deck_files([deck])
    calls = []
    with Collection.open(db) as col, Collection.open(db) as other:
        def plan(conn: object, stage: object) -> object:
            report = transfer._plan_decks(conn, stage, loaded, False,  # type: ignore[arg-type]
                                          col.now())
            if not calls:
                other.edit_card("d-3", back="Edited here.")
            calls.append(report)
            return report

        report = transfer.staged_import(col, plan)  # type: ignore[arg-type]
        assert len(calls) == 2
        assert calls[0].updated == 1 and report.updated == 0 and report.kept_edits == 1
        assert col.get_card("d-3").back == "Edited here."
