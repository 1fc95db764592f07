"""An Anki package imported into FSRS decks: Anki's history (imported rows) is what
FSRS replays, and SM-2's state is the one an SM-2 collection gets from the package."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fsrs import Card, Rating, Scheduler

from cards.collection import Collection
from tests.anki_builders import Built, build_package  # skips without `anki`

RATING = [Rating.Again] * 3 + [Rating.Hard, Rating.Good, Rating.Easy]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_package(tmp_path_factory.mktemp("fsrs-anki"), legacy=False)


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_imported_history_is_replayed_into_fsrs_decks(built: Built, tmp_path: Path) -> None:
    dbs = {}
    for scheduler in ("sm2", "fsrs"):
        dbs[scheduler] = tmp_path / f"{scheduler}.db"
        with Collection.open(dbs[scheduler]) as col:
            col.set_setting("timezone", "UTC")
            col.set_setting("scheduler", scheduler)
            col.import_anki(built.path)
    sm2_cols = ("SELECT card_id, ord, repetitions, interval, easiness, sm2_due, lapses "
                "FROM schedule ORDER BY card_id, ord")
    assert _rows(dbs["sm2"], sm2_cols) == _rows(dbs["fsrs"], sm2_cols)
    assert all(due == sm2 for due, sm2 in _rows(dbs["sm2"], "SELECT due, sm2_due FROM schedule"))
    history: dict[tuple[str, int], list[tuple[datetime, int]]] = {}
    for card_id, ord_, at, grade in _rows(dbs["fsrs"], (
            "SELECT card_id, ord, reviewed_at, grade FROM review WHERE kind = 'imported' "
            "ORDER BY card_id, ord, reviewed_at, id")):
        moment = datetime.fromisoformat(str(at)).replace(tzinfo=UTC)
        history.setdefault((str(card_id), int(str(ord_))), []).append((moment, int(str(grade))))
    assert history
    scheduler = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
    stored = {(c, o): (s, d, due, sm2) for c, o, s, d, due, sm2 in _rows(dbs["fsrs"], (
        "SELECT card_id, ord, stability, difficulty, due, sm2_due FROM schedule"))}
    for key, answers in history.items():
        card = Card(card_id=1)
        for at, grade in answers:
            card, _ = scheduler.review_card(card, RATING[grade], at)
        stability, difficulty, _due, _sm2 = stored[key]
        assert (stability, difficulty) == (card.stability, card.difficulty)
    for key, (stability, _d, due, sm2) in stored.items():
        if key not in history:
            assert stability is None and due == sm2  # no history: SM-2's due day
