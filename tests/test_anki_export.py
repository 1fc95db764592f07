"""The Anki export, checked by importing the package into a real Anki collection.

Anki's own importer is the only judge that matters: a package genanki writes happily can
still duplicate notes, lose edits or render template errors once Anki reads it.
"""

from __future__ import annotations

import dataclasses
import os
import re
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

anki_collection = pytest.importorskip("anki.collection")

from cards.anki import (  # noqa: E402
    AnkiCard,
    ExportSummary,
    export,
    export_apkg,
)
from cards.decks import Source  # noqa: E402
from cards.errors import (  # noqa: E402
    InvalidInputError,
    NothingToDoError,
    StorageIOError,
)
from tests.anki_helpers import anki_collection_at, import_apkg  # noqa: E402

Collection = anki_collection.Collection
ImportAnkiPackageRequest = anki_collection.ImportAnkiPackageRequest

# After RENDER_EPOCH, so the card's own time is what Anki sees.
T0 = export.RENDER_EPOCH + timedelta(days=30)
TEMPLATE_ERROR_MARKERS = ("template has a problem", "templates/errors", "{{", "}}")


def basic(card_id: str = "b1", **changes: object) -> AnkiCard:
    card = AnkiCard(
        id=card_id, deck="seeds", type="basic", front="What is an E-FLOP?",
        back="A unit\nof compute.", text="", extra="", tags=("scaling", "two words"),
        source=Source(file="seeds/002.txt", line=40, quote="The quote.", author="Cleo Nardo"),
        modified_at=T0,
    )
    return dataclasses.replace(card, **changes)


def cloze(card_id: str = "c1", **changes: object) -> AnkiCard:
    card = AnkiCard(
        id=card_id, deck="physics", type="cloze", front="", back="",
        text="{{c1::Energy}} is {{c2::conserved::a verb}}; {{c1::energy}} again.",
        extra="Noether", tags=("laws",), source=None, modified_at=T0,
    )
    return dataclasses.replace(card, **changes)


def notes_by_first_field(col: anki_collection.Collection) -> dict[str, object]:
    return {col.get_note(nid).fields[0]: col.get_note(nid) for nid in col.find_notes("")}


def visible(html: str) -> str:
    """What the reader sees: Anki keeps the hidden answer in a data- attribute."""
    return re.sub(r"<[^>]*>", "", html)


def rendered(col: anki_collection.Collection) -> list[tuple[object, str, str]]:
    out = []
    for cid in sorted(col.find_cards("")):
        card = col.get_card(cid)
        output = card.render_output(reload=True)
        out.append((card, output.question_text, output.answer_text))
    return out


# --- the package as Anki sees it ------------------------------------------------------


def test_counts_decks_note_types_and_summary(tmp_path: Path) -> None:
    apkg = tmp_path / "out.apkg"
    summary = export_apkg([basic(), basic("b2", deck="other", front="Q2"), cloze()], apkg)
    # c1 appears twice but is one deletion: two cloze cards.
    assert summary == ExportSummary(notes=3, cards=4, decks=3)
    assert str(summary) == "3 notes, 4 cards in 3 decks"
    assert str(ExportSummary(notes=1, cards=1, decks=1)) == "1 note, 1 card in 1 deck"
    with anki_collection_at(tmp_path / "col.anki2") as col:
        log = import_apkg(col, apkg)
        assert len(log.new) == 3
        assert col.note_count() == 3
        assert col.card_count() == 4
        names = {d.name for d in col.decks.all_names_and_ids()}
        assert {"cards::seeds", "cards::other", "cards::physics"} <= names
        deck_of = {col.get_card(c).note().fields[0]: col.decks.name(col.get_card(c).did)
                   for c in col.find_cards("")}
        assert deck_of["What is an E-FLOP?"] == "cards::seeds"
        assert deck_of["Q2"] == "cards::other"
        models = {m.name: m.id for m in col.models.all_names_and_ids()}
        assert models[export.BASIC_MODEL_NAME] == export.BASIC_MODEL_ID
        assert models[export.CLOZE_MODEL_NAME] == export.CLOZE_MODEL_ID
        assert col.models.by_name(export.CLOZE_MODEL_NAME)["type"] == 1  # a real cloze type


def test_note_type_ids_and_names_never_change() -> None:
    # Changing these forks every user's notes into a second note type on the next import.
    assert export.BASIC_MODEL_ID == 1546819355
    assert export.CLOZE_MODEL_ID == 1883860068
    stock = {"Basic", "Cloze", "Basic (and reversed card)", "Basic (type in the answer)"}
    assert export.BASIC_MODEL_NAME not in stock
    assert export.CLOZE_MODEL_NAME not in stock
    # Anki compares field and template names ("schema"); a rename forks the note type.
    for model, fields, template in [(export._basic_model(), ["Front", "Back", "Source"], "Card 1"),
                                    (export._cloze_model(), ["Text", "Extra", "Source"], "Cloze")]:
        assert [f["name"] for f in model.fields] == fields
        assert [t["name"] for t in model.templates] == [template]


def test_fields_tags_and_source(tmp_path: Path) -> None:
    apkg = tmp_path / "out.apkg"
    export_apkg([basic(), cloze()], apkg)
    with anki_collection_at(tmp_path / "col.anki2") as col:
        import_apkg(col, apkg)
        notes = notes_by_first_field(col)
        note = notes["What is an E-FLOP?"]
        assert list(note.keys()) == ["Front", "Back", "Source"]
        assert note["Back"] == "A unit<br>of compute."
        assert "seeds/002.txt:40" in note["Source"]
        assert "Cleo Nardo" in note["Source"]
        assert "The quote." in note["Source"]
        assert sorted(note.tags) == ["scaling", "two_words"]
        cl = next(n for n in notes.values() if n.note_type()["name"] == export.CLOZE_MODEL_NAME)
        assert list(cl.keys()) == ["Text", "Extra", "Source"]
        assert cl["Text"] == cloze().text
        assert cl["Extra"] == "Noether"
        assert cl["Source"] == ""
        assert cl.tags == ["laws"]


def test_every_card_renders_without_template_errors(tmp_path: Path) -> None:
    apkg = tmp_path / "out.apkg"
    export_apkg([basic(), basic("b2", front="Q2", source=None, extra="more"), cloze()], apkg)
    with anki_collection_at(tmp_path / "col.anki2") as col:
        import_apkg(col, apkg)
        cards = rendered(col)
        assert len(cards) == 4
        for _card, question, answer in cards:
            for marker in TEMPLATE_ERROR_MARKERS:
                assert marker not in question
                assert marker not in answer
        by_kind = {(c.note().fields[0][:4], c.ord): (q, a) for c, q, a in cards}
        question, answer = by_kind[("What", 0)]
        assert "What is an E-FLOP?" in question
        assert "A unit<br>of compute." in answer
        assert "Cleo Nardo" in answer and "Cleo Nardo" not in question
        _question, answer = by_kind[("Q2", 0)]
        assert '<div class="extra">more</div>' in answer


def test_cloze_fronts_hide_the_deletion_and_show_hints(tmp_path: Path) -> None:
    apkg = tmp_path / "out.apkg"
    export_apkg([cloze()], apkg)
    with anki_collection_at(tmp_path / "col.anki2") as col:
        import_apkg(col, apkg)
        cards = {card.ord: (q, a) for card, q, a in rendered(col)}
        assert sorted(cards) == [0, 1]  # one card per deletion number
        q1, a1 = cards[0]
        assert "[...]" in q1 and "Energy" not in visible(q1)
        assert "Energy" in a1 and "Noether" in a1
        q2, a2 = cards[1]
        assert "[a verb]" in q2 and "conserved" not in visible(q2)
        assert "conserved" in a2 and "a verb" not in a2


def test_html_is_escaped_everywhere(tmp_path: Path) -> None:
    apkg = tmp_path / "out.apkg"
    evil = "<script>alert(1)</script>"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # genanki warns about unescaped tags in fields
        export_apkg([
            basic(front=f"Q {evil}", back="a < b & c > d",
                  source=Source(file="<f>.txt", line=2, quote=evil, author="<b>me</b>")),
            cloze(text=f"Run {{{{c1::{evil}::<i>hint</i>}}}} & {{{{c2::x<y}}}}\nend",
                  extra=evil),
        ], apkg)
    with anki_collection_at(tmp_path / "col.anki2") as col:
        import_apkg(col, apkg)
        cards = rendered(col)
        assert len(cards) == 3
        for _card, question, answer in cards:
            for html_text in (question, answer):
                assert "<script>" not in html_text
                assert "<b>me</b>" not in html_text and "<i>hint</i>" not in html_text
                assert "template has a problem" not in html_text
        basic_answer = next(a for c, _q, a in cards if c.note()["Front"].startswith("Q "))
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in basic_answer
        assert "a &lt; b &amp; c &gt; d" in basic_answer
        assert "&lt;b&gt;me&lt;/b&gt;" in basic_answer
        cloze_cards = {c.ord: (q, a) for c, q, a in cards if c.note_type()["type"] == 1}
        q1, a1 = cloze_cards[0]
        assert "[&lt;i&gt;hint&lt;/i&gt;]" in q1  # the hint survived escaping
        assert "&lt;script&gt;alert(1)&lt;/script&gt;</span>" in a1
        assert "<br>end" in q1  # line break kept
        q2, a2 = cloze_cards[1]
        assert "[...]" in q2 and "x&lt;y</span>" in a2


def test_reexport_after_edit_updates_the_note(tmp_path: Path) -> None:
    first, second = tmp_path / "v1.apkg", tmp_path / "v2.apkg"
    export_apkg([basic(), cloze()], first)
    edited = basic(back="A corrected answer.", modified_at=T0 + timedelta(minutes=5))
    export_apkg([edited, cloze()], second)
    with anki_collection_at(tmp_path / "col.anki2") as col:
        import_apkg(col, first)
        nid = col.find_notes('"Front:What is an E-FLOP?"')[0]
        log = import_apkg(col, second)
        assert col.note_count() == 2 and col.card_count() == 3
        assert len(log.new) == 0
        assert len(log.updated) == 1  # only the edited card
        assert col.find_notes('"Front:What is an E-FLOP?"') == [nid]
        assert col.get_note(nid)["Back"] == "A corrected answer."


def test_reexport_keeps_edits_made_in_anki_to_untouched_cards(tmp_path: Path) -> None:
    first, second = tmp_path / "v1.apkg", tmp_path / "v2.apkg"
    export_apkg([basic(), cloze()], first)
    # Only the cloze card changes in cards; the basic one was edited in Anki meanwhile.
    export_apkg([basic(), cloze(extra="Emmy Noether", modified_at=T0 + timedelta(days=2))],
                second)
    with anki_collection_at(tmp_path / "col.anki2") as col:
        import_apkg(col, first)
        nid = col.find_notes('"Front:What is an E-FLOP?"')[0]
        note = col.get_note(nid)
        note["Back"] = "my own words"
        col.update_note(note)
        col.db.execute("update notes set mod = ? where id = ?",
                       int((T0 + timedelta(days=1)).timestamp()), nid)
        import_apkg(col, second)
        assert col.get_note(nid)["Back"] == "my own words"
        cl = col.find_notes(f'"note:{export.CLOZE_MODEL_NAME}"')[0]
        assert col.get_note(cl)["Extra"] == "Emmy Noether"


def test_new_cards_added_later_import_alongside_old_ones(tmp_path: Path) -> None:
    # Both packages get the same timestamp, so genanki numbers their notes alike:
    # Anki must still keep them apart by GUID.
    first, second = tmp_path / "v1.apkg", tmp_path / "v2.apkg"
    export_apkg([basic("b1")], first)
    export_apkg([basic("b2", front="Another question?")], second)
    with anki_collection_at(tmp_path / "col.anki2") as col:
        import_apkg(col, first)
        log = import_apkg(col, second)
        assert len(log.new) == 1
        assert col.note_count() == 2 and col.card_count() == 2


def test_note_mtime_is_the_cards_modified_time(tmp_path: Path) -> None:
    apkg = tmp_path / "out.apkg"
    later = T0 + timedelta(hours=7)
    naive = (T0 + timedelta(hours=3)).replace(tzinfo=None)  # taken as UTC
    old = datetime(2020, 1, 1, tzinfo=UTC)  # before the render epoch
    export_apkg([basic("b1", modified_at=later), basic("b2", front="Q2", modified_at=naive),
                 basic("b3", front="Q3", modified_at=old)], apkg)
    with anki_collection_at(tmp_path / "col.anki2") as col:
        import_apkg(col, apkg)
        notes = notes_by_first_field(col)
        assert notes["What is an E-FLOP?"].mod == int(later.timestamp())
        assert notes["Q2"].mod == int((T0 + timedelta(hours=3)).timestamp())
        assert notes["Q3"].mod == int(export.RENDER_EPOCH.timestamp())


def test_same_cards_give_the_same_bytes(tmp_path: Path, monkeypatch) -> None:
    import time

    cards = [basic(), cloze()]
    export_apkg(cards, tmp_path / "a.apkg")
    later = time.time() + 3600  # the clock must not leak into the package
    monkeypatch.setattr(time, "time", lambda: later)
    export_apkg(cards, tmp_path / "b.apkg")
    assert (tmp_path / "a.apkg").read_bytes() == (tmp_path / "b.apkg").read_bytes()


def test_guid_and_deck_id_come_from_stable_names() -> None:
    import genanki

    assert export.deck_id_for("cards::seeds") == export.deck_id_for("cards::seeds")
    assert export.deck_id_for("cards::seeds") != export.deck_id_for("cards::other")
    assert 0 < export.deck_id_for("cards::seeds") < 2**53
    assert genanki.guid_for("b1") != genanki.guid_for("b2")
    assert export.anki_tags([" a b ", "a_b", "", "c\td"]) == ["a_b", "c_d"]


# --- bad input ------------------------------------------------------------------------


def test_empty_selection_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NothingToDoError, match="no cards"):
        export_apkg([], tmp_path / "out.apkg")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("bad", [
    cloze(text="no deletion here"),
    cloze(text="{{c0::zero}} is not a card"),
    basic(front="   "),
    basic(type="reversed"),
    basic(deck=" "),
])
def test_cards_anki_cannot_use_are_refused(tmp_path: Path, bad: AnkiCard) -> None:
    with pytest.raises(InvalidInputError, match=bad.id):
        export_apkg([bad], tmp_path / "out.apkg")
    assert list(tmp_path.iterdir()) == []


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="b1"):
        export_apkg([basic("b1"), basic("b1", deck="other")], tmp_path / "out.apkg")


def test_missing_folder(tmp_path: Path) -> None:
    out = tmp_path / "nope" / "out.apkg"
    with pytest.raises(StorageIOError, match="does not exist") as info:
        export_apkg([basic()], out)
    assert "\n" not in str(info.value)
    assert not out.parent.exists()


def test_file_as_folder(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(StorageIOError, match="is not a folder"):
        export_apkg([basic()], tmp_path / "file" / "out.apkg")


def test_directory_as_output(tmp_path: Path) -> None:
    with pytest.raises(StorageIOError, match="is a directory"):
        export_apkg([basic()], tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root ignores folder permissions")
def test_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(StorageIOError, match="permission denied"):
            export_apkg([basic()], folder / "out.apkg")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_unwritable_file_gives_one_clear_error(tmp_path: Path, monkeypatch) -> None:
    # Stands in for a read-only folder when the tests run as root.
    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(export, "open", denied, raising=False)
    out = tmp_path / "out.apkg"
    with pytest.raises(StorageIOError) as info:
        export_apkg([basic()], out)
    assert str(info.value) == f"cannot write {out}: permission denied"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_failure_mid_write_leaves_nothing_and_keeps_the_old_file(
    tmp_path: Path, monkeypatch, failure: BaseException
) -> None:
    out = tmp_path / "out.apkg"
    out.write_bytes(b"previous export")

    def half_written(database: bytes, timestamp: int, handle) -> None:
        handle.write(database[:100])
        raise failure

    monkeypatch.setattr(export, "_write_package", half_written)
    with pytest.raises(StorageIOError if isinstance(failure, OSError) else KeyboardInterrupt):
        export_apkg([basic()], out)
    assert [p.name for p in tmp_path.iterdir()] == ["out.apkg"]
    assert out.read_bytes() == b"previous export"


def test_existing_package_is_replaced(tmp_path: Path) -> None:
    out = tmp_path / "out.apkg"
    out.write_bytes(b"old")
    export_apkg([basic()], out)
    assert out.read_bytes()[:2] == b"PK"
    assert [p.name for p in tmp_path.iterdir()] == ["out.apkg"]


def test_field_text_keeps_inner_layout_only() -> None:
    assert export.html_text("\n  def f():\r\n      return 1\n") == "def f():<br>      return 1"
    assert export.html_text("a\rb") == "a<br>b"
    assert "white-space: pre-wrap" in export.CSS  # else the kept indentation collapses


# --- the rows are genanki's ------------------------------------------------------------


def _genanki_package(cards: list[AnkiCard]) -> bytes:
    """The collection genanki itself writes for these cards (its objects, its INSERTs),
    each note stamped with its own mtime as the exporter does: the oracle the
    exporter's rows are compared with."""
    import itertools
    import sqlite3

    import genanki

    class Stamped(genanki.Note):  # type: ignore[misc]
        def __init__(self, *, mtime: int, **kwargs: object) -> None:
            super().__init__(**kwargs)
            self.mtime = mtime

        def write_to_db(self, cursor, timestamp, deck_id, id_gen):  # type: ignore[no-untyped-def]
            super().write_to_db(cursor, self.mtime, deck_id, id_gen)

    models = {"basic": export._basic_model(), "cloze": export._cloze_model()}
    decks: dict[str, genanki.Deck] = {}
    for position, card in enumerate(cards):
        name = export.anki_deck_name(card.deck)
        deck = decks.setdefault(name, genanki.Deck(export.deck_id_for(name), name))
        note = Stamped(model=models[card.type], fields=export._fields(card),
                       tags=export.anki_tags(card.tags), guid=genanki.guid_for(card.id),
                       due=position, mtime=export.note_mtime(card.modified_at))
        for anki_card in note.cards:
            anki_card.suspend = card.suspended
        deck.add_note(note)
    timestamp = max(export.note_mtime(card.modified_at) for card in cards)
    conn = sqlite3.connect(":memory:")
    genanki.Package(list(decks.values())).write_to_db(
        conn.cursor(), timestamp, itertools.count(timestamp * 1000))
    conn.commit()
    return conn.serialize()


def _tables(database: bytes) -> dict[str, list[tuple[object, ...]]]:
    import sqlite3

    conn = sqlite3.connect(":memory:")
    conn.deserialize(database)
    schema = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    return {name: sorted(conn.execute(f"SELECT * FROM {name}").fetchall(), key=repr)
            for kind, name, _sql in schema if kind == "table"} | {"schema": schema}


def test_rows_are_the_ones_genanki_writes(tmp_path: Path) -> None:
    """Every table, note type and deck as genanki writes them: several decks (so the note
    types' JSON is rewritten per deck), deletions out of order and repeated, a
    suspended card, tags to clean, cards older than RENDER_EPOCH."""
    import zipfile

    cards = [basic(), cloze(), basic("b2", deck="other", front="Q2", suspended=True,
                                     tags=(" x y ", "x_y", "")),
             cloze("c2", deck="seeds", text="{{c9::nine}} {{c2::two}} {{c9::again}}"),
             basic("b3", deck="physics", modified_at=T0 - timedelta(days=400)),
             cloze("c3", deck="other", text="{{c1::a}}\nline {{c10::ten::hint}}")]
    out = tmp_path / "out.apkg"
    export_apkg(cards, out)
    with zipfile.ZipFile(out) as archive:
        ours = archive.read("collection.anki2")
    assert _tables(ours) == _tables(_genanki_package(cards))
