"""The round trip: cards --with-scheduling -> real Anki -> Anki's export -> cards.

Anki's own importer (with "import any learning progress") is the judge of the export:
due days, intervals, ease, repetitions, lapses, queues and revlog counts per card. Its
export, with one more answer given in Anki, then comes back: same cards, same schedule
where nothing was studied, the new answer once, and no history twice.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from cards.anki.importing import EASE_FROM_GRADE
from cards.collection import Collection, utcnow
from cli_run import run_text
from tests.anki_helpers import anki_collection_at  # skips without `anki`
from tests.conftest import Clock

anki_collection = pytest.importorskip("anki.collection")
ExportAnkiPackageOptions = anki_collection.ExportAnkiPackageOptions
ImportAnkiPackageRequest = anki_collection.ImportAnkiPackageRequest


def studied_collection(db: Path) -> None:
    """Three weeks of study: reviews, a failure, a cloze with one deletion new, a
    suspended card and a buried one."""
    clock = Clock(utcnow() - timedelta(days=21))
    with Collection.open(db, now=clock) as col:
        col.set_setting("timezone", "UTC")
        for i in range(4):
            col.add_card(deck="lang", front=f"Question {i}", back=f"Answer {i}")
        col.add_card(deck="lang::deep", text="{{c1::Paris}} is in {{c2::France}}")
        ids = [c.card.id for c in col.find_cards()]
        basic, cloze = ids[:4], ids[4]
        for day, grades in enumerate([(4, 5, 3, 4), (5, 2, 4, 4), (4, 4, 5, 3)]):
            for card_id, grade in zip(basic, grades, strict=True):
                col.answer(card_id, grade, kind="review", duration_ms=1500 + day)
            col.answer(f"{cloze}:c1", grades[0], kind="review")
            clock.advance(days=6)
        col.suspend(basic[2])
    with Collection.open(db) as col:  # buried today, by the real clock
        col.bury(basic[3])


def our_state(db: Path) -> tuple[dict[tuple[str, int], tuple], dict[tuple[str, int], int]]:
    conn = sqlite3.connect(db)
    try:
        sched = {(r[0], r[1]): r[2:] for r in conn.execute(
            "SELECT card_id, ord, repetitions, interval, easiness, due, lapses FROM schedule")}
        counts = {(r[0], r[1]): r[2] for r in conn.execute(
            "SELECT card_id, ord, count(*) FROM review GROUP BY card_id, ord")}
        return sched, counts
    finally:
        conn.close()


def import_with_scheduling(col: object, apkg: Path) -> None:
    options = col._backend.get_import_anki_package_presets()
    options.with_scheduling = True
    col.import_anki_package(ImportAnkiPackageRequest(package_path=str(apkg), options=options))


def test_round_trip(tmp_path: Path) -> None:
    db = tmp_path / "collection.db"
    studied_collection(db)
    apkg = tmp_path / "out.apkg"
    with Collection.open(db) as col:
        summary = col.export_anki(apkg, include_suspended=True, with_scheduling=True)
        today = col.today()
        guid_of = {c.card.id: c for c in col.find_cards(statuses=["active", "suspended"])}
    assert summary.cards == 6
    assert _package_queues(apkg) == {"Question 2": -1, "Question 3": -3, "Question 0": 2}
    sched, counts = our_state(db)

    back = tmp_path / "back.apkg"
    with anki_collection_at(tmp_path / "anki.anki2") as anki:
        import_with_scheduling(anki, apkg)
        anki_today = anki.sched.today
        seen = 0
        for cid in anki.find_cards(""):
            card = anki.get_card(cid)
            fields = card.note().fields
            key = _our_key(card, fields, guid_of)
            reps, interval, easiness, due, lapses = sched[key]
            revlog = anki.db.scalar("SELECT count(*) FROM revlog WHERE cid = ?", cid)
            assert revlog == counts.get(key, 0), key
            if due is None:
                assert (card.type, card.queue) == (0, 0), key
                continue
            seen += 1
            assert card.type == 2, key
            assert card.due - anki_today == (due_date(due) - today).days, key
            assert (card.ivl, card.factor, card.reps, card.lapses) == (
                interval, easiness * 10, reps, lapses), key
            expected_queue = {"Question 2": -1, "Question 3": -3}.get(fields[0], 2)
            assert card.queue == expected_queue, key
        assert seen == 5
        # Grades came back as Anki's buttons.
        eases = sorted(r[0] for r in anki.db.all("SELECT ease FROM revlog"))
        with sqlite3.connect(db) as conn:
            grades = [r[0] for r in conn.execute("SELECT grade FROM review")]
        assert eases == sorted(EASE_FROM_GRADE[g] for g in grades)

        # One more answer in Anki, on the first card: interval 20 from today.
        studied = _card_with_front(anki, "Question 0")
        studied.ivl, studied.due, studied.reps = 20, anki_today + 20, studied.reps + 1
        anki.update_card(studied)
        now_ms = int(utcnow().timestamp() * 1000)
        anki.db.execute("INSERT INTO revlog VALUES (?,?,?,?,?,?,?,?,?)", now_ms, studied.id,
                        -1, 3, 20, studied.ivl, studied.factor, 4000, 1)
        anki.export_anki_package(out_path=str(back), options=ExportAnkiPackageOptions(
            with_scheduling=True, with_media=False, legacy=False, with_deck_configs=False),
            limit=None)

    with Collection.open(db) as col:
        report = col.import_anki(back)
        first = next(c.card.id for c in col.find_cards() if c.card.front == "Question 0")
    assert (report.cards_added, report.reviews_added) == (0, 1)
    assert report.reviews_known == sum(counts.values())
    after, after_counts = our_state(db)
    for key, value in sched.items():
        if key == (first, 0):
            assert after[key][1] == 20
            assert due_date(after[key][3]) == today + timedelta(days=20)
        else:
            assert after[key] == value, key
    assert after_counts[(first, 0)] == counts[(first, 0)] + 1
    assert {k: v for k, v in after_counts.items() if k != (first, 0)} == {
        k: v for k, v in counts.items() if k != (first, 0)}
    # Importing Anki's package again adds nothing.
    with Collection.open(db) as col:
        again = col.import_anki(back)
    assert (again.cards_added, again.reviews_added) == (0, 0)


def due_date(text: str) -> date:
    return date.fromisoformat(text)


def _card_with_front(anki: object, front: str) -> object:
    for cid in anki.find_cards(""):
        card = anki.get_card(cid)
        if card.note().fields[0] == front:
            return card
    raise AssertionError(front)


def _our_key(card: object, fields: list[str], by_id: dict) -> tuple[str, int]:
    for card_id, item in by_id.items():
        if item.card.type == "cloze" and fields[0].startswith("{{c1::Paris"):
            return card_id, card.ord + 1
        if item.card.type == "basic" and fields[0] == item.card.front:
            return card_id, 0
    raise AssertionError(fields)


def _package_queues(apkg: Path) -> dict[str, int]:
    """Queues as written in the package, for the basic cards that have a front."""
    import zipfile

    with zipfile.ZipFile(apkg) as archive:
        data = archive.read("collection.anki2")
    conn = sqlite3.connect(":memory:")
    conn.deserialize(data)
    rows = conn.execute("SELECT n.flds, c.queue FROM cards c JOIN notes n ON n.id = c.nid")
    queues = {flds.split("\x1f")[0]: queue for flds, queue in rows}
    conn.close()
    return {k: v for k, v in queues.items() if k in ("Question 0", "Question 2", "Question 3")}


def _package_counts(apkg: Path) -> tuple[int, int]:
    """(review cards, revlog rows) in a package cards wrote."""
    import zipfile

    with zipfile.ZipFile(apkg) as archive:
        data = archive.read("collection.anki2")
    conn = sqlite3.connect(":memory:")
    conn.deserialize(data)
    counts = (conn.execute("SELECT count(*) FROM cards WHERE type = 2").fetchone()[0],
              conn.execute("SELECT count(*) FROM revlog").fetchone()[0])
    conn.close()
    return counts


def test_cli_flag_adds_scheduling_and_without_it_nothing_changes(tmp_path: Path) -> None:
    db = tmp_path / "collection.db"
    studied_collection(db)
    def export(*flags: str) -> Path:
        out = tmp_path / f"out{len(flags)}.apkg"
        done = run_text("--db", str(db), "export", "anki", str(out), "--include-suspended",
                        *flags)
        assert done.returncode == 0, done.stderr
        return out

    _sched, counts = our_state(db)
    assert _package_counts(export("--with-scheduling")) == (5, sum(counts.values()))
    assert _package_counts(export()) == (0, 0)
