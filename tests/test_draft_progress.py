"""`cards draft`'s progress bar and per-file report, run as a user would.

On a terminal (a real pseudo-terminal here) the bar shows files read and passages found;
piped, stderr holds warnings only.  Either way stdout ends with one line per file: the
reader that took it and the cards drafted from it.
"""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
from pathlib import Path

from cards.decks import load_deck
from cli_run import run_text


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "notes"
    shutil.copytree("seeds", corpus)
    (corpus / "chem.md").write_text(
        "# Chemistry\n\nA *catalyst* is a substance that speeds up a chemical reaction "
        "without being consumed by it.\n", encoding="utf-8")
    return corpus


def _report(stdout: str) -> dict[str, tuple[str, int]]:
    rows = {}
    for line in stdout.splitlines()[1:]:
        file, reader, count, _word = line.split()
        rows[file] = (reader, int(count))
    return rows


def test_piped_draft_shows_no_bar_and_reports_each_file(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    out = tmp_path / "notes.toml"
    result = run_text("draft", "notes", "-o", str(out), stdin=None, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no bar, no control sequences
    assert "\x1b" not in result.stdout and "\r" not in result.stdout
    rows = _report(result.stdout)
    seeds = {f"notes/{p.name}" for p in corpus.glob("*.txt")}
    assert set(rows) == seeds | {"notes/chem.md"}
    assert rows["notes/chem.md"][0] == "markdown"
    assert {rows[f][0] for f in seeds} <= {"text/comments", "text/generic"}
    cards = load_deck(out).cards
    for file, (_, count) in rows.items():
        assert count == sum(1 for c in cards if c.source and c.source.file == file)
    assert sum(count for _, count in rows.values()) == len(cards)


def test_draft_on_a_terminal_shows_the_bar(tmp_path: Path) -> None:
    _corpus(tmp_path)
    parent, child = pty.openpty()
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="100")
    proc = subprocess.Popen([sys.executable, "-m", "cards", "draft", "notes", "-o",
                             str(tmp_path / "notes.toml")], cwd=tmp_path, env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=child)
    os.close(child)
    seen = b""
    while True:
        ready, _, _ = select.select([parent], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(parent, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    stdout = proc.communicate(timeout=120)[0].decode()
    os.close(parent)
    assert proc.returncode == 0
    screen = seen.decode(errors="replace")
    assert "files read" in screen and "passages" in screen  # the bar was drawn
    assert "Traceback" not in screen
    assert "notes/chem.md" in stdout and "markdown" in stdout  # the report is on stdout
