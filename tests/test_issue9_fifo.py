"""`cards import` of a FIFO, however it is named or wherever it sits, is refused
without being opened (issue 9, item 22; an open() on a FIFO with no writer waits for
ever). Each check runs in a subprocess with a timeout, so a regression fails instead
of hanging the suite."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.cli_run import run_cards

TIMEOUT = 60


def test_is_package_never_opens_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "deck"
    os.mkfifo(fifo)
    code = ("import sys; from pathlib import Path; from cards.anki.formats import is_package;"
            "print(is_package(Path(sys.argv[1])))")
    done = subprocess.run([sys.executable, "-c", code, str(fifo)], capture_output=True,
                          text=True, timeout=TIMEOUT,
                          env=os.environ | {"PYTHONPATH": str(Path(__file__).parents[1] / "src")})
    assert done.stdout.strip() == "False", done.stderr


def test_import_of_a_fifo_named_like_a_package_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "shared.apkg"
    os.mkfifo(fifo)
    db = tmp_path / "c.db"
    result = run_cards(db, "import", str(fifo))
    assert result.code == 6 and "not a regular file" in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1 and not db.exists()


def test_import_of_a_folder_holding_a_fifo_deck_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "a.toml").write_text('[deck]\nname = "a"\n[[cards]]\nid = "q1"\n'
                                   'front = "q"\nback = "a"\n', encoding="utf-8")
    os.mkfifo(folder / "b.toml")
    db = tmp_path / "c.db"
    result = run_cards(db, "import", str(folder))
    assert result.code == 6 and "not a regular file" in result.stderr, result.stderr
    assert not db.exists()  # all-or-nothing: the good deck is not imported either
