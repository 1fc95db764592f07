"""Safety nets (issue 13): backups, the trash, `cards check`.

Real collection files, the real CLI (in-process and as subprocesses), the real app
through Pilot. The backup test runs against a writer in another process.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual.widgets import DataTable

from cards.collection import Collection
from cards.tui.app import CardsApp
from cards.tui.screens.browse import BrowseScreen
from cards.tui.screens.card_detail import CardDetailScreen
from cards.tui.screens.confirm import ConfirmScreen
from cli_run import env, run_cards
from conftest import table_dump
from tui_helpers import make_collection, reviews, statuses, sync

SIZE = (80, 24)


def _review_count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM review").fetchone()[0])
    finally:
        conn.close()


def _history(path: Path, card_id: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT id, ord, grade, kind, reviewed_at FROM review "
                            "WHERE card_id = ? ORDER BY id", (card_id,)).fetchall()
    finally:
        conn.close()


# ------------------------------------------------------------------ the trash
def test_delete_goes_to_the_trash_and_undelete_restores_status_and_history(
        col: Collection, db_path: Path, clock: object) -> None:
    card = col.add_card(front="q", back="a")
    susp = col.add_card(front="q2", back="a2")
    col.answer(card.id, 4)
    clock.advance(days=2)  # type: ignore[attr-defined]
    col.answer(card.id, 5)
    col.suspend(susp.id)
    before = _history(db_path, card.id)
    col.delete([card.id, susp.id])
    assert {t.card.id: t.deleted_from for t in col.trash()} == {
        card.id: "active", susp.id: "suspended"}
    assert [i.card.id for i in col.find_cards()] == []
    restored = col.undelete([card.id, susp.id])
    assert [c.status for c in restored] == ["active", "suspended"]
    assert _history(db_path, card.id) == before
    assert col.card_info(card.id).items[0].state.repetitions == 2
    assert col.trash() == []


def test_undelete_of_a_card_not_in_the_trash_changes_nothing(cli: object,
                                                              db_path: Path) -> None:
    cli("add", "--front", "q", "--back", "a")  # type: ignore[operator]
    card = json.loads(cli("list", "--json").out)[0]["id"]  # type: ignore[operator]
    before = table_dump(db_path)
    result = cli("undelete", card, "nope")  # type: ignore[operator]
    assert result.code == 4 and result.err.count("\n") == 1
    assert "not in the trash" in result.err
    assert table_dump(db_path) == before


def test_cli_delete_says_how_to_undo_and_trash_lists_it(cli: object) -> None:
    cli("add", "--front", "q", "--back", "a")  # type: ignore[operator]
    card = json.loads(cli("list", "--json").out)[0]["id"]  # type: ignore[operator]
    deleted = cli("delete", card)  # type: ignore[operator]
    assert deleted.code == 0 and "cards undelete" in deleted.err
    listed = cli("trash")  # type: ignore[operator]
    assert card in listed.out and "1 card in the trash" in listed.err
    assert cli("undelete", card).code == 0  # type: ignore[operator]
    assert cli("trash").err.startswith("0 cards in the trash")  # type: ignore[operator]


def test_emptying_the_trash_asks_backs_up_and_keeps_the_history(
        cli: object, db_path: Path) -> None:
    cli("add", "--front", "q", "--back", "a")  # type: ignore[operator]
    card = json.loads(cli("list", "--json").out)[0]["id"]  # type: ignore[operator]
    cli("answer", card, "4")  # type: ignore[operator]
    cli("delete", card)  # type: ignore[operator]
    before = table_dump(db_path)
    refused = cli("trash", "--empty")  # type: ignore[operator]  # stdin is not a terminal
    assert refused.code == 2 and "--yes" in refused.err
    assert table_dump(db_path) == before
    done = cli("trash", "--empty", "--yes")  # type: ignore[operator]
    assert done.code == 0 and "1 card ended" in done.out
    assert any(p.name.startswith("collection-trash-") for p in (db_path.parent / "backups")
               .iterdir())
    assert _review_count(db_path) == 1  # the answer stays in the log
    assert cli("undelete", card).code == 3  # type: ignore[operator]  # ended: gone for good
    assert cli("trash", "--empty", "--yes").code == 7  # type: ignore[operator]


def test_a_deleted_card_stays_deleted_on_reimport_but_can_be_undeleted(
        col: Collection, tmp_path: Path) -> None:
    deck = tmp_path / "d.toml"
    deck.write_text('[deck]\nname = "d"\n\n[[cards]]\nid = "k1"\nfront = "f"\nback = "b"\n',
                    encoding="utf-8")
    col.import_decks([deck])
    col.delete("k1")
    col.import_decks([deck])
    assert [t.card.id for t in col.trash()] == ["k1"]
    col.undelete("k1")
    assert col.get_card("k1").status == "active"


@sync
async def test_tui_delete_asks_then_browse_restores_from_the_trash_with_history(
        db_path: Path, clock: object) -> None:
    db = make_collection(db_path, clock)
    with Collection.open(db, now=clock) as col:  # type: ignore[arg-type]
        col.answer("b2", 4)
    history = _history(db, "b2")
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"two plus", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CardDetailScreen)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # it asks first
        await pilot.press("n")
        await pilot.pause()
        assert statuses(db)["b2"] == "active"
        await pilot.press("d", "y")
        await pilot.pause()
        assert statuses(db)["b2"] == "deleted"
        assert isinstance(app.screen, BrowseScreen)
        await pilot.press("T")  # the trash, searched as the cards were
        await pilot.pause()
        table = screen.query_one("#cards", DataTable)
        assert screen.trash and table.row_count == 1
        await pilot.press("r")
        await pilot.pause()
        assert statuses(db)["b2"] == "active"
        assert table.row_count == 0
    assert _history(db, "b2") == history
    assert ("b2", 0, 4, "review") in reviews(db)


# ------------------------------------------------------------------- backups
def test_daily_backup_at_first_open_of_the_day_and_30_kept(db_path: Path,
                                                            clock: object) -> None:
    Collection.open(db_path, now=clock).close()  # created: nothing to back up
    folder = db_path.parent / "backups"
    assert not folder.exists()
    Collection.open(db_path, now=clock, writable=False).close()  # type: ignore[arg-type]
    assert not folder.exists()  # a read-only open writes nothing
    for _ in range(3):
        Collection.open(db_path, now=clock).close()  # type: ignore[arg-type]
    assert [p.name for p in folder.iterdir()] == ["collection-daily-2026-03-07.db"]
    clock.advance(days=1)  # type: ignore[attr-defined]
    with Collection.open(db_path, now=clock) as col:  # type: ignore[arg-type]
        assert sorted(p.name for p in folder.iterdir()) == [
            "collection-daily-2026-03-07.db", "collection-daily-2026-03-08.db"]
        for _ in range(32):
            col.backup()
        kinds = [b.kind for b in col.backups.list()]
    assert kinds.count("manual") == 30 and kinds.count("daily") == 2


def test_an_import_is_preceded_by_a_backup(col: Collection, tmp_path: Path) -> None:
    col.add_card(front="q", back="a")
    deck = tmp_path / "d.toml"
    deck.write_text('[deck]\nname = "d"\n\n[[cards]]\nid = "k1"\nfront = "f"\nback = "b"\n',
                    encoding="utf-8")
    col.import_decks([deck])
    (made,) = [b for b in col.backups.list() if b.kind == "import"]
    conn = sqlite3.connect(made.path)
    assert conn.execute("SELECT count(*) FROM card").fetchone()[0] == 1  # before the import
    conn.close()


def test_backup_refuses_a_missing_folder_in_one_line(cli: object, tmp_path: Path) -> None:
    cli("add", "--front", "q", "--back", "a")  # type: ignore[operator]
    result = cli("backup", str(tmp_path / "no" / "such" / "x.db"))  # type: ignore[operator]
    assert result.code == 6 and result.err.count("\n") == 1, result.err


def test_restore_refuses_what_is_not_a_collection(cli: object, db_path: Path,
                                                  tmp_path: Path) -> None:
    cli("add", "--front", "q", "--back", "a")  # type: ignore[operator]
    junk = tmp_path / "junk.db"
    junk.write_text("not a database", encoding="utf-8")
    before = table_dump(db_path)
    result = cli("backup", "--restore", str(junk), "--yes")  # type: ignore[operator]
    assert result.code == 5 and result.err.count("\n") == 1, result.err
    assert table_dump(db_path) == before


WRITER = r"""
import sys
from cards.collection import Collection
db, log = sys.argv[1], sys.argv[2]
with Collection.open(db) as col:
    n = 0
    while True:
        card = col.add_card(front=f"q{n}", back="a")
        col.answer(card.id, 4)
        n += 1
        with open(log, "a") as out:  # written after the commit: a committed answer
            out.write(card.id + "\n")
"""


@pytest.mark.serial
def test_backup_while_another_process_writes_then_restore(tmp_path: Path) -> None:
    db = tmp_path / "collection.db"
    log = tmp_path / "committed.txt"
    Collection.open(db).close()
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(log)], env=env(),
                              stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while (not log.exists() or len(log.read_text().split()) < 20):
            assert writer.poll() is None, writer.stderr.read()  # type: ignore[union-attr]
            assert time.monotonic() < deadline
            time.sleep(0.05)
        committed = log.read_text().split()  # every answer committed before the copy began
        copy = tmp_path / "copy.db"
        done = run_cards(db, "backup", str(copy))
        assert done.code == 0, done.stderr
        more = len(log.read_text().split())
    finally:
        writer.kill()
        writer.wait()
    assert more > len(committed)  # the writer kept going while the copy was taken
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        answered = {r[0] for r in conn.execute("SELECT card_id FROM review")}
        carded = {r[0] for r in conn.execute("SELECT id FROM card")}
    finally:
        conn.close()
    assert set(committed) <= answered
    assert answered <= carded  # one consistent moment: no answer without its card
    with Collection.open(copy, writable=False) as opened:
        assert opened.count_cards() == len(carded)
    # restore: asked first (refused without a terminal), then done with --yes
    refused = run_cards(db, "backup", "--restore", str(copy))
    assert refused.code == 2 and _review_count(db) >= more
    restored = run_cards(db, "backup", "--restore", str(copy), "--yes")
    assert restored.code == 0, restored.stderr
    assert _review_count(db) == len(answered)
    with Collection.open(db, writable=False) as col:
        assert col.count_cards() == len(carded)
    backups = [p.name for p in (tmp_path / "backups").iterdir()]
    assert any(n.startswith("collection-restore-") for n in backups)  # the state it replaced
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs a pty")
def test_restore_asks_on_a_terminal(tmp_path: Path) -> None:
    """`--restore` in a terminal asks; 'n' leaves the collection as it was."""
    import pty

    db = tmp_path / "collection.db"
    assert run_cards(db, "add", "--front", "q", "--back", "a").code == 0
    copy = tmp_path / "copy.db"
    assert run_cards(db, "backup", str(copy)).code == 0
    assert run_cards(db, "add", "--front", "q2", "--back", "a").code == 0
    before = table_dump(db)
    pid, fd = pty.fork()
    if pid == 0:  # the child: cards on a terminal
        os.execve(sys.executable, [sys.executable, "-m", "cards", "--db", str(db), "backup",
                                   "--restore", str(copy)], env())
    out = b""
    while b"[y/N]" not in out:
        out += os.read(fd, 1024)
    os.write(fd, b"n\n")
    try:
        while chunk := os.read(fd, 1024):
            out += chunk
    except OSError:
        pass
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 7
    assert b"Replace the collection" in out
    assert table_dump(db) == before


# --------------------------------------------------------------------- check
def test_check_reports_and_repairs_what_is_safe_after_a_backup(cli: object,
                                                               db_path: Path) -> None:
    cli("add", "--front", "q", "--back", "a")  # type: ignore[operator]
    cli("add", "--cloze", "{{c1::a}} and {{c2::b}}")  # type: ignore[operator]
    sound = cli("check")  # type: ignore[operator]
    assert sound.code == 0 and "sound" in sound.out
    conn = sqlite3.connect(db_path)
    cloze = conn.execute("SELECT id FROM card WHERE type = 'cloze'").fetchone()[0]
    conn.execute("DELETE FROM schedule WHERE card_id = ? AND ord = 2", (cloze,))
    conn.execute("UPDATE schedule SET due = '2400-01-01', repetitions = 3 WHERE ord = 0")
    conn.commit()
    conn.close()
    looked = cli("check", "--no-repair")  # type: ignore[operator]
    assert looked.code == 5 and "do not match" in looked.out and "cap" in looked.out
    fixed = cli("check")  # type: ignore[operator]
    assert fixed.code == 0, fixed.err
    assert "repaired" in fixed.out and "backed up" in fixed.out
    again = cli("check")  # type: ignore[operator]
    assert again.code == 0 and "found" not in again.out
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT max(due) FROM schedule").fetchone()[0] < "2400-01-01"
    assert conn.execute("SELECT count(*) FROM schedule WHERE card_id = ?",
                        (cloze,)).fetchone()[0] == 2
    conn.close()
