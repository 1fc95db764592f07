"""`cards export anki` end to end: deck file -> cards database -> .apkg -> real Anki.

Runs the installed CLI in a subprocess, as a user would, so the wiring between the
command, the collection service and the exporter is what is under test.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

anki_collection = pytest.importorskip("anki.collection")

from cards.errors import ExitCode  # noqa: E402
from cli_run import run_text  # noqa: E402
from tests.anki_helpers import anki_collection_at, import_apkg  # noqa: E402

Collection = anki_collection.Collection
ImportAnkiPackageRequest = anki_collection.ImportAnkiPackageRequest

DECK = '''\
[deck]
name = "physics"

[[cards]]
id = "energy"
type = "basic"
front = "What is <energy>?"
back = "The capacity\\nto do work."
tags = ["laws", "first-law"]

[cards.source]
file = "seeds/001.txt"
line = 12
quote = "Energy is conserved."
author = "Emmy Noether"

[[cards]]
id = "conservation"
type = "cloze"
text = "{{c1::Energy}} is {{c2::conserved::a verb}}."
extra = "Noether's theorem"

[[cards]]
id = "draft-one"
status = "draft"
front = "A draft?"
back = "Yes."
'''

OTHER_DECK = '''\
[deck]
name = "history"

[[cards]]
id = "year"
front = "When?"
back = "1918"
'''


def run_cards(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The CLI against a database in tmp_path, with no access to the user's own data."""
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "HOME": str(tmp_path)}
    env.pop("CARDS_DB", None)
    return run_text("--db", str(tmp_path / "cards.db"), *args, environ=env, cwd=tmp_path)


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    """A database holding the physics deck (two active cards, one draft)."""
    deck = tmp_path / "physics.toml"
    deck.write_text(DECK, encoding="utf-8")
    ok(run_cards(tmp_path, "import", str(deck)))
    return deck


def fronts(col: anki_collection.Collection) -> dict[str, object]:
    return {col.get_note(n).fields[0]: col.get_note(n) for n in col.find_notes("")}


def test_export_then_import_into_anki(tmp_path: Path, imported: Path) -> None:
    out = tmp_path / "physics.apkg"
    stdout = ok(run_cards(tmp_path, "export", "anki", str(out)))
    assert "2 notes, 3 cards in 1 deck" in stdout
    with anki_collection_at(tmp_path / "anki.anki2") as col:
        log = import_apkg(col, out)
        assert len(log.new) == 2
        assert col.note_count() == 2 and col.card_count() == 3
        assert "cards::physics" in {d.name for d in col.decks.all_names_and_ids()}
        notes = fronts(col)
        basic = notes["What is &lt;energy&gt;?"]
        assert basic["Back"] == "The capacity<br>to do work."
        assert "seeds/001.txt:12" in basic["Source"] and "Emmy Noether" in basic["Source"]
        assert sorted(basic.tags) == ["first-law", "laws"]
        assert "A draft?" not in notes
        for cid in col.find_cards(""):
            card = col.get_card(cid)
            assert col.decks.name(card.did) == "cards::physics"
            output = card.render_output(reload=True)
            assert "template has a problem" not in output.question_text + output.answer_text
            if card.note_type()["type"] == 1:
                assert "[...]" in output.question_text or "[a verb]" in output.question_text


def test_include_drafts(tmp_path: Path, imported: Path) -> None:
    out = tmp_path / "all.apkg"
    assert "3 notes, 4 cards" in ok(run_cards(tmp_path, "export", "anki", str(out),
                                              "--include-drafts"))
    with anki_collection_at(tmp_path / "anki.anki2") as col:
        import_apkg(col, out)
        assert "A draft?" in fronts(col)
        assert col.note_count() == 3


def test_deck_filter(tmp_path: Path, imported: Path) -> None:
    other = tmp_path / "history.toml"
    other.write_text(OTHER_DECK, encoding="utf-8")
    ok(run_cards(tmp_path, "import", str(other)))
    out = tmp_path / "history.apkg"
    ok(run_cards(tmp_path, "export", "anki", str(out), "--deck", "history"))
    with anki_collection_at(tmp_path / "anki.anki2") as col:
        import_apkg(col, out)
        assert list(fronts(col)) == ["When?"]
        names = {d.name for d in col.decks.all_names_and_ids()}
        assert "cards::history" in names and "cards::physics" not in names


def test_edit_in_deck_file_updates_the_anki_note(tmp_path: Path, imported: Path) -> None:
    first, second = tmp_path / "v1.apkg", tmp_path / "v2.apkg"
    ok(run_cards(tmp_path, "export", "anki", str(first)))
    time.sleep(1.1)  # Anki keeps mtimes in whole seconds
    imported.write_text(DECK.replace("to do work.", "to do work (edited)."), encoding="utf-8")
    ok(run_cards(tmp_path, "import", str(imported)))
    ok(run_cards(tmp_path, "export", "anki", str(second)))
    with anki_collection_at(tmp_path / "anki.anki2") as col:
        import_apkg(col, first)
        log = import_apkg(col, second)
        assert col.note_count() == 2  # updated, not duplicated
        assert len(log.new) == 0 and len(log.updated) == 1 and len(log.duplicate) == 1
        back = fronts(col)["What is &lt;energy&gt;?"]["Back"]
        assert back == "The capacity<br>to do work (edited)."


@pytest.mark.parametrize("target", ["missing/out.apkg", "."])
def test_unwritable_path(tmp_path: Path, imported: Path, target: str) -> None:
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run_cards(tmp_path, "export", "anki", str(tmp_path / target))
    assert result.returncode == ExitCode.IO
    assert result.stderr.count("\n") == 1 and "cannot write" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root ignores folder permissions")
def test_read_only_folder(tmp_path: Path, imported: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = run_cards(tmp_path, "export", "anki", str(folder / "out.apkg"))
        assert result.returncode == ExitCode.IO
        assert result.stderr.count("\n") == 1 and "permission denied" in result.stderr
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_nothing_to_export(tmp_path: Path) -> None:
    deck = tmp_path / "drafts.toml"
    deck.write_text(DECK.split("[[cards]]")[0] + "[[cards]]" + DECK.split("[[cards]]")[3],
                    encoding="utf-8")
    ok(run_cards(tmp_path, "import", str(deck)))
    out = tmp_path / "none.apkg"
    result = run_cards(tmp_path, "export", "anki", str(out))
    assert result.returncode == ExitCode.NOTHING_TO_DO
    assert result.stderr.count("\n") == 1
    assert not out.exists()


def test_suspended_cards_stay_out_or_arrive_suspended(tmp_path: Path, imported: Path) -> None:
    ok(run_cards(tmp_path, "suspend", "energy"))
    out = tmp_path / "physics.apkg"
    assert "1 note, 2 cards" in ok(run_cards(tmp_path, "export", "anki", str(out)))
    ok(run_cards(tmp_path, "export", "anki", str(out), "--include-suspended"))
    with anki_collection_at(tmp_path / "anki.anki2") as col:
        options = col._backend.get_import_anki_package_presets()
        options.with_scheduling = True  # "import any learning progress"
        col.import_anki_package(ImportAnkiPackageRequest(package_path=str(out),
                                                         options=options))
        suspended = [col.get_card(c).note()["Front"] for c in col.find_cards("is:suspended")]
        assert suspended == ["What is &lt;energy&gt;?"]
        assert len(col.find_cards("-is:suspended")) == 2
