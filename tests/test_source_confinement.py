"""The source view opens only files inside the deck's corpus folder (issue 9, item 17).

The deck reader refuses such paths on import; these tests put them straight into the
database (an older collection, or another writer), so the display side is checked on
its own: an absolute path, one that climbs out, a symbolic link that points out, a
hidden folder, or a deck lying outside a decks/ folder reaching for its parent's files.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cards.collection import Collection
from cards.tui.app import CardsApp
from cards.tui.screens.source import SourceScreen
from tui_helpers import make_collection, screen_text, sync

SECRET = "TOP-SECRET-LINE"

DECK = '''
[deck]
name = "src"

[[cards]]
id = "s1"
front = "Q"
back = "A"
[cards.source]
file = "notes/essay.txt"
line = 2
quote = "line 2"
author = "Bo"
'''


@pytest.fixture
def layout(tmp_path: Path) -> dict[str, Path]:
    """project/decks/src.toml with project/notes/essay.txt, and a secret outside."""
    project = tmp_path / "project"
    (project / "notes").mkdir(parents=True)
    (project / "decks").mkdir()
    (project / "notes" / "essay.txt").write_text("line 1\nline 2\nline 3\n", "utf-8")
    (project / ".hidden").mkdir()
    (project / ".hidden" / "key.txt").write_text(f"{SECRET}\n{SECRET}\n", "utf-8")
    outside = tmp_path / "outside.txt"
    outside.write_text(f"{SECRET}\n{SECRET}\n", "utf-8")
    (project / "notes" / "link.txt").symlink_to(outside)
    return {"project": project, "outside": outside, "deck": project / "decks" / "src.toml"}


def collection_with(db_path: Path, clock: object, deck: Path, source_file: str) -> Path:
    deck.write_text(DECK, encoding="utf-8")
    with Collection.open(db_path, now=clock) as col:  # type: ignore[arg-type]
        col.set_setting("timezone", "UTC")
        col.import_decks([deck])
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE card SET source_file = ?", (source_file,))
    conn.close()
    return db_path


def test_a_file_in_the_corpus_folder_is_shown(
        db_path: Path, clock: object, layout: dict[str, Path]) -> None:
    db = collection_with(db_path, clock, layout["deck"], "notes/essay.txt")
    with Collection.open(db, now=clock) as col:  # type: ignore[arg-type]
        context = col.source_context("s1", radius=1)
    assert context is not None and context.refused is None
    assert context.lines == ((1, "line 1"), (2, "line 2"), (3, "line 3"))


@pytest.mark.parametrize("kind", ["absolute", "climbs", "climbs-inside", "hidden"])
def test_a_path_that_leaves_the_corpus_folder_is_refused_not_read(
        db_path: Path, clock: object, layout: dict[str, Path], kind: str) -> None:
    file = {
        "absolute": str(layout["outside"]),
        "climbs": "../../outside.txt",
        "climbs-inside": "notes/../../outside.txt",
        "hidden": ".hidden/key.txt",
    }[kind]
    db = collection_with(db_path, clock, layout["deck"], file)
    with Collection.open(db, now=clock) as col:  # type: ignore[arg-type]
        context = col.source_context("s1")
    assert context is not None and context.path is None and context.lines == ()
    assert context.refused is not None and file in context.refused


def test_a_symbolic_link_out_of_the_corpus_folder_is_not_followed(
        db_path: Path, clock: object, layout: dict[str, Path]) -> None:
    db = collection_with(db_path, clock, layout["deck"], "notes/link.txt")
    with Collection.open(db, now=clock) as col:  # type: ignore[arg-type]
        context = col.source_context("s1")
    assert context is not None and context.path is None and context.lines == ()


def test_a_deck_outside_a_decks_folder_does_not_reach_its_parent(
        db_path: Path, clock: object, tmp_path: Path) -> None:
    """A deck downloaded to home/Downloads citing Documents/secret.txt: the parent
    of its folder is the whole home folder, so it is not a corpus folder."""
    home = tmp_path / "home"
    (home / "Downloads").mkdir(parents=True)
    (home / "Documents").mkdir()
    (home / "Documents" / "secret.txt").write_text(f"{SECRET}\n{SECRET}\n", "utf-8")
    db = collection_with(db_path, clock, home / "Downloads" / "evil.toml",
                         "Documents/secret.txt")
    with Collection.open(db, now=clock) as col:  # type: ignore[arg-type]
        context = col.source_context("s1")
    assert context is not None and context.path is None and context.lines == ()


@sync
async def test_the_source_view_shows_a_refusal_never_the_file(
        db_path: Path, clock: object, tmp_path: Path) -> None:
    make_collection(db_path, clock, DECK)
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / "passwd").write_text(f"root:{SECRET}\n" * 3, "utf-8")
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE card SET source_file = ?, source_line = 1",
                     ("../../../../../../../../../../" + str(tmp_path / "etc" / "passwd"),))
    conn.close()
    app = CardsApp(db_path, review=True, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("space", "s")  # revealed: the stored quote shows (else hidden)
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen)
        assert SECRET not in screen_text(app)
        text = str(app.screen.query_one("#source-text").render())
        assert SECRET not in text
        assert "source file not shown" in text and "leaves its corpus folder" in text
        assert "line 2" in text  # the stored quote still shows
