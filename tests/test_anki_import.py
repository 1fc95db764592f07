"""`cards import` of real Anki packages (current anki21b and legacy formats).

The packages are built by the official `anki` package (tests/anki_builders.py), with
every note type and card state the mapping covers; each mapped field is checked in the
collection file itself.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from cards.anki.importing import GRADE_FROM_EASE, anki_card_id
from cards.collection import Collection
from tests.anki_builders import Built, build_package  # skips without `anki`
from tests.conftest import file_digest


@pytest.fixture(scope="module", params=["current", "legacy", "colpkg", "colpkg-legacy"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The package, or (colpkg) the whole-collection package Anki's "Export collection"
    writes of the same collection: every mapped field is checked on each."""
    folder = tmp_path_factory.mktemp(request.param)
    colpkg = request.param.startswith("colpkg")
    made = build_package(folder, legacy=request.param.endswith("legacy"), colpkg=colpkg)
    return dataclasses.replace(made, path=folder / "collection.colpkg") if colpkg else made


@pytest.fixture
def fresh(db_path: Path) -> Collection:
    collection = Collection.open(db_path)
    collection.set_setting("timezone", "UTC")
    yield collection
    collection.close()


def rows(db: Path, sql: str, *args: object) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def schedule(db: Path, card_id: str) -> dict[int, tuple]:
    return {r[0]: r[1:] for r in rows(
        db, "SELECT ord, repetitions, interval, easiness, due, lapses, buried_until "
        "FROM schedule WHERE card_id = ?", card_id)}


def ids(built: Built) -> dict[str, str]:
    g = built.guids
    return {"basic": anki_card_id(g["basic"], 0), "reversed0": anki_card_id(g["reversed"], 0),
            "reversed1": anki_card_id(g["reversed"], 1), "cloze": anki_card_id(g["cloze"], None),
            "custom": anki_card_id(g["custom"], 0)}


def test_contents_decks_tags_and_media(built: Built, fresh: Collection, db_path: Path) -> None:
    report = fresh.import_anki(built.path)
    assert (report.notes, report.cards_added, report.cards_updated) == (4, 5, 0)
    assert report.decks == ("Lang::French", "Lang::French::Verbs")
    assert report.media_copied == 1
    card = {k: fresh.get_card(v) for k, v in ids(built).items()}
    assert (card["basic"].type, card["basic"].front) == ("basic", "le chat & la souris")
    assert card["basic"].back == "the cat\nand the mouse\nsecond line\n[image: chat.png]"
    assert set(card["basic"].tags) == {"lang", "fr::nouns"}
    assert card["basic"].deck == "Lang::French"
    # Basic (and reversed card): one card per direction, entity decoded, script dropped.
    assert (card["reversed0"].front, card["reversed0"].back) == ("manger", "to eat (verb)")
    assert (card["reversed1"].front, card["reversed1"].back) == ("to eat (verb)", "manger")
    assert card["reversed0"].deck == "Lang::French::Verbs"
    assert (card["cloze"].type, card["cloze"].text, card["cloze"].extra) == (
        "cloze", "{{c1::Paris}} is the capital of {{c2::France}}", "since 508")
    # A custom note type: the rendered question and what the answer side adds.
    assert (card["custom"].front, card["custom"].back) == ("courir\nJe cours.", "to run")
    media = db_path.with_name("collection.media") / "chat.png"
    assert media.read_bytes() == b"\x89PNG fake image"


def test_scheduling_mapping(built: Built, fresh: Collection, db_path: Path) -> None:
    fresh.import_anki(built.path)
    today = fresh.today()
    tomorrow = today + timedelta(days=1)
    card_ids = ids(built)

    def day(offset: int) -> str:
        return (today + timedelta(days=offset)).isoformat()

    # (repetitions, interval, easiness hundredths, due, lapses, buried until)
    assert schedule(db_path, card_ids["basic"]) == {0: (7, 12, 235, day(5), 1, None)}
    assert schedule(db_path, card_ids["reversed0"]) == {0: (9, 30, 130, day(-3), 4, None)}
    assert schedule(db_path, card_ids["reversed1"]) == {0: (0, 0, 250, None, 0, None)}
    assert schedule(db_path, card_ids["cloze"]) == {
        1: (0, 0, 250, day(0), 0, None),  # learning: due today
        2: (0, 4, 210, day(0), 2, tomorrow.isoformat()),  # relearning, buried
    }
    assert schedule(db_path, card_ids["custom"]) == {0: (3, 3, 250, day(0), 0, None)}
    status = dict(rows(db_path, "SELECT id, status FROM card"))
    assert status[card_ids["reversed0"]] == "suspended"
    assert {status[card_ids[k]] for k in ("basic", "reversed1", "cloze", "custom")} == {"active"}


def test_history_rows(built: Built, fresh: Collection, db_path: Path) -> None:
    report = fresh.import_anki(built.path)
    total = sum(len(v) for v in built.revlog.values())
    assert total >= 300 and report.reviews_added == total
    assert dict(report.skipped)["review rows that are no answer (manual rescheduling)"] == 1
    card_ids = ids(built)
    where = {"basic": (card_ids["basic"], 0), "reversed0": (card_ids["reversed0"], 0),
             "cloze1": (card_ids["cloze"], 1), "cloze2": (card_ids["cloze"], 2),
             "custom": (card_ids["custom"], 0)}
    for label, entries in built.revlog.items():
        got = rows(db_path, "SELECT reviewed_at, grade, duration_ms, kind FROM review "
                   "WHERE card_id = ? AND ord = ? ORDER BY reviewed_at", *where[label])
        assert len(got) == len(entries)
        for (at, grade, ms, kind), (rid, ease, spent) in zip(got, entries, strict=True):
            moment = datetime.fromisoformat(at).replace(tzinfo=UTC)
            assert moment == datetime.fromtimestamp(rid / 1000, UTC)
            assert (grade, ms, kind) == (GRADE_FROM_EASE[ease], spent, "imported")
    # Imported rows never move the schedule: it is the one Anki's card has.
    assert schedule(db_path, card_ids["basic"])[0][:3] == (7, 12, 235)


def test_reimport_is_idempotent(built: Built, fresh: Collection, db_path: Path) -> None:
    fresh.import_anki(built.path)
    before = rows(db_path, "SELECT count(*) FROM review")[0][0]
    again = fresh.import_anki(built.path)
    assert (again.cards_added, again.reviews_added) == (0, 0)
    assert again.reviews_known == before
    assert rows(db_path, "SELECT count(*) FROM review")[0][0] == before
    assert rows(db_path, "SELECT count(*) FROM card")[0][0] == 5


def test_an_edit_made_here_survives_reimport(built: Built, fresh: Collection) -> None:
    fresh.import_anki(built.path)
    card_id = ids(built)["custom"]
    fresh.edit_card(card_id, back="to run (my words)")
    report = fresh.import_anki(built.path)
    assert report.kept_edits == 1
    assert fresh.get_card(card_id).back == "to run (my words)"


def test_newer_study_here_is_not_undone(built: Built, fresh: Collection, db_path: Path) -> None:
    fresh.import_anki(built.path)
    card_id = ids(built)["custom"]
    fresh.answer(card_id, 5)
    after = schedule(db_path, card_id)
    report = fresh.import_anki(built.path)
    assert report.kept_newer_schedules == 1
    assert schedule(db_path, card_id) == after


def test_imported_history_cannot_be_undone(built: Built, fresh: Collection,
                                           db_path: Path) -> None:
    from cards.errors import NothingToDoError

    fresh.import_anki(built.path)
    digest = file_digest(db_path)
    with pytest.raises(NothingToDoError, match="imported from Anki"):
        fresh.undo()
    assert file_digest(db_path) == digest


def test_study_day_of_imported_due(built: Built, fresh: Collection) -> None:
    """A review card due in five days in Anki is due in five days here."""
    fresh.import_anki(built.path)
    item = fresh.item(ids(built)["basic"])
    assert item.state.due == fresh.today() + timedelta(days=5)
    assert isinstance(item.state.due, date)
