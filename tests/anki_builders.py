"""Real Anki packages for the import tests, built with the official `anki` package.

A study history is given to the cards through Anki's own API (`update_card`) and its
revlog table, so the packages are exactly what Anki exports for such a collection.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

import pytest

anki_collection = pytest.importorskip("anki.collection")

Collection = anki_collection.Collection
ExportAnkiPackageOptions = anki_collection.ExportAnkiPackageOptions


@dataclass
class Built:
    """What the package holds, as the test expects to find it in cards."""

    path: Path
    anki_today: int
    guids: dict[str, str] = field(default_factory=dict)  # label -> note guid
    cards: dict[str, dict[str, int]] = field(default_factory=dict)  # label -> Anki fields
    revlog: dict[str, list[tuple[int, int, int]]] = field(default_factory=dict)  # id, ease, ms
    manual_rows: int = 0


def _custom_note_type(col: Collection) -> dict:
    models = col.models
    model = models.new("Vocab")
    for name in ("Word", "Meaning", "Example"):
        models.add_field(model, models.new_field(name))
    template = models.new_template("Recall")
    template["qfmt"] = "{{Word}}<br>{{#Example}}<i>{{Example}}</i>{{/Example}}"
    template["afmt"] = ("{{FrontSide}}\n<hr id=answer>\n{{Meaning}}"
                        "{{^Example}} (no example){{/Example}}")
    models.add_template(model, template)
    models.add(model)
    return models.by_name("Vocab")


def _execute_many_in_one_transaction(col: Collection, sql: str,
                                     rows: list[tuple[int, ...]]) -> None:
    """`col.db.executemany` inside one transaction. Outside one, Anki's backend commits
    (and syncs) each row by itself: the big package took 16 s to build, 2.8 s so."""
    col.db.execute("BEGIN")
    try:
        col.db.executemany(sql, rows)
    except BaseException:
        col.db.execute("ROLLBACK")
        raise
    col.db.execute("COMMIT")


def _set(col: Collection, card_id: int, **values: int) -> None:
    card = col.get_card(card_id)
    for key, value in values.items():
        setattr(card, key, value)
    col.update_card(card)


def build_package(tmp: Path, *, legacy: bool, revlog_rows: int = 300,
                  colpkg: bool = False) -> Built:
    """A collection with every note type and card state the mapping covers, exported;
    with `colpkg`, also as the whole-collection package Anki's "Export collection"
    writes (`collection.colpkg` beside the .apkg)."""
    col = Collection(str(tmp / "source.anki2"))
    try:
        built = _fill_and_export(col, tmp, legacy=legacy, revlog_rows=revlog_rows)
        if colpkg:
            col.export_collection_package(out_path=str(tmp / "collection.colpkg"),
                                          include_media=True, legacy=legacy)
        return built
    finally:
        col.close()


def _fill_and_export(col: Collection, tmp: Path, *, legacy: bool, revlog_rows: int) -> Built:
    today = col.sched.today
    out = tmp / ("legacy.apkg" if legacy else "current.apkg")
    built = Built(path=out, anki_today=today)
    french = col.decks.id("Lang::French")
    verbs = col.decks.id("Lang::French::Verbs")
    (tmp / "chat.png").write_bytes(b"\x89PNG fake image")
    media_name = col.media.add_file(str(tmp / "chat.png"))

    def add(label: str, type_name: str, deck: int, tags: list[str], **fields: str) -> int:
        model = col.models.by_name(type_name)
        note = col.new_note(model)
        for name, value in fields.items():
            note[name] = value
        note.tags = tags
        col.add_note(note, deck)
        built.guids[label] = note.guid
        return note.id

    basic = add("basic", "Basic", french, ["lang", "fr::nouns"],
                Front="le <b>chat</b> &amp; la souris",
                Back=f'the cat<br>and the mouse<div>second line</div><img src="{media_name}">')
    reversed_ = add("reversed", "Basic (and reversed card)", verbs, ["verbs"],
                    Front="manger", Back="to eat&nbsp;(verb)<script>alert(1)</script>")
    cloze = add("cloze", "Cloze", french, [],
                Text="{{c1::Paris}} is the capital of {{c2::France}}",
                **{"Back Extra": "<i>since 508</i>"})
    _custom_note_type(col)
    custom = add("custom", "Vocab", verbs, ["custom"], Word="courir", Meaning="to run",
                 Example="Je cours.")

    cid = {(nid, c.ord): c.id for nid in (basic, reversed_, cloze, custom)
           for c in col.get_note(nid).cards()}
    states = {
        "basic": (cid[(basic, 0)], dict(type=2, queue=2, due=today + 5, ivl=12, factor=2350,
                                        reps=7, lapses=1)),
        "reversed0": (cid[(reversed_, 0)], dict(type=2, queue=-1, due=today - 3, ivl=30,
                                                factor=1200, reps=9, lapses=4)),
        "reversed1": (cid[(reversed_, 1)], dict(type=0, queue=0, due=2, ivl=0, factor=0,
                                                reps=0, lapses=0)),
        "cloze1": (cid[(cloze, 0)], dict(type=1, queue=1, due=1_800_000_000, ivl=0,
                                         factor=0, reps=2, lapses=0)),
        "cloze2": (cid[(cloze, 1)], dict(type=3, queue=-3, due=1_800_000_000, ivl=4,
                                         factor=2100, reps=5, lapses=2)),
        "custom": (cid[(custom, 0)], dict(type=2, queue=2, due=today, ivl=3, factor=2500,
                                          reps=3, lapses=0)),
    }
    for label, (card_id, values) in states.items():
        _set(col, card_id, **values)
        built.cards[label] = {"id": card_id, **values}

    rng = random.Random(12)
    start_ms = (col.crt - 200 * 86400) * 1000
    labels = [label for label in states if label != "reversed1"]
    for n in range(revlog_rows):
        label = labels[n % len(labels)]
        rid = start_ms + n * 3_600_000 + rng.randrange(1000)
        ease, ms = rng.randint(1, 4), rng.randrange(1, 60_000)
        col.db.execute("INSERT INTO revlog VALUES (?,?,?,?,?,?,?,?,?)", rid,
                       states[label][0], -1, ease, rng.randint(-600, 40), rng.randint(0, 30),
                       rng.choice((0, 2500, 2350)), ms, rng.randint(0, 3))
        built.revlog.setdefault(label, []).append((rid, ease, ms))
    # A "set due date" entry: Anki logs it with ease 0; it is no answer.
    col.db.execute("INSERT INTO revlog VALUES (?,?,?,?,?,?,?,?,?)", start_ms - 5,
                   states["custom"][0], -1, 0, 3, 0, 2500, 0, 4)
    built.manual_rows = 1
    options = ExportAnkiPackageOptions(with_scheduling=True, with_media=True, legacy=legacy,
                                       with_deck_configs=False)
    col.export_anki_package(out_path=str(out), options=options, limit=None)
    return built


def build_big_package(tmp: Path, *, notes: int, revlog_rows: int) -> Path:
    """A current-format package of many notes (Basic, Basic-and-reversed, Cloze in three
    nested decks), half of its cards in review, and a long revlog: what a big import
    reads. The revlog rows go in with one executemany in one transaction."""
    col = Collection(str(tmp / "big-source.anki2"))
    try:
        kinds = [col.models.by_name(n) for n in ("Basic", "Basic (and reversed card)", "Cloze")]
        decks = [col.decks.id(f"Big::Part {i}") for i in range(3)]
        requests = []
        for i in range(notes):
            model = kinds[i % 3]
            note = col.new_note(model)
            if model["type"] == 1:
                note["Text"] = f"{{{{c1::Word {i}}}}} means {{{{c2::meaning {i}}}}}"
            else:
                note["Front"] = f"Front <b>{i}</b>"
                note["Back"] = f"Back {i}"
            note.tags = [f"t{i % 7}"]
            requests.append(anki_collection.AddNoteRequest(note=note, deck_id=decks[i % 3]))
        col.add_notes(requests)
        today = col.sched.today
        card_ids = list(col.db.list("SELECT id FROM cards ORDER BY id"))
        rng = random.Random(3)
        _execute_many_in_one_transaction(
            col,
            "UPDATE cards SET type = 2, queue = 2, due = ?, ivl = ?, factor = 2500, reps = ?,"
            " lapses = 0 WHERE id = ?",
            [(today + rng.randint(-5, 60), rng.randint(1, 200), rng.randint(1, 20), cid)
             for cid in card_ids[::2]])
        start_ms = (col.crt - 400 * 86400) * 1000
        _execute_many_in_one_transaction(
            col, "INSERT INTO revlog VALUES (?,?,?,?,?,?,?,?,?)",
            [(start_ms + n * 1000, card_ids[n % len(card_ids)], -1, rng.randint(1, 4),
              rng.randint(1, 100), rng.randint(0, 100), 2500, rng.randrange(60000), 1)
             for n in range(revlog_rows)])
        out = tmp / "big.apkg"
        col.export_anki_package(out_path=str(out), options=ExportAnkiPackageOptions(
            with_scheduling=True, with_media=False, legacy=False, with_deck_configs=False),
            limit=None)
        return out
    finally:
        col.close()
