"""`cards draft` end to end: output, determinism, summary, and odd inputs."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from cards.decks import load_deck


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    code = "import sys; from cards.cli import main; main(sys.argv[1:])"
    return subprocess.run([sys.executable, "-c", code, "draft", *args], cwd=cwd,
                          capture_output=True, text=True, check=False)


def test_drafts_seeds_deterministically(tmp_path: Path) -> None:
    first, second = tmp_path / "a.toml", tmp_path / "b.toml"
    result = _run("seeds", "-o", str(first))
    assert result.returncode == 0, result.stderr
    assert "5 files" in result.stdout and "cards" in result.stdout and " s " in result.stdout
    assert _run("seeds", "-o", str(second)).returncode == 0
    assert first.read_bytes() == second.read_bytes()
    deck = load_deck(first)
    assert deck.cards and all(c.status == "draft" for c in deck.cards)
    assert deck.cards[0].source.file.startswith("seeds/")


def test_max_cards_limits_the_deck(tmp_path: Path) -> None:
    out = tmp_path / "small.toml"
    assert _run("seeds", "-o", str(out), "--max-cards", "5").returncode == 0
    assert len(load_deck(out).cards) == 5


def test_missing_folder_is_not_found(tmp_path: Path) -> None:
    result = _run(str(tmp_path / "nope"), "-o", str(tmp_path / "x.toml"))
    assert result.returncode == 3
    assert result.stderr.startswith("cards: error: no such folder")


def test_empty_folder_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    out = tmp_path / "x.toml"
    result = _run(str(tmp_path / "empty"), "-o", str(out))
    assert result.returncode == 7 and "nothing drafted" in result.stderr
    assert not out.exists()


def test_binary_and_non_utf8_files(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    shutil.copytree("seeds", corpus)
    (corpus / "image.bin").write_bytes(b"\x89PNG\x00\x00\x01binary")
    (corpus / "latin.txt").write_bytes("Caf\xe9 au lait is a drink.\n".encode("latin-1"))
    out = tmp_path / "c.toml"
    result = _run(str(corpus), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "cards: warning:" in result.stderr and "binary" in result.stderr
    assert "UTF-8" in result.stderr
    assert load_deck(out).cards


def test_unwritable_output_is_an_io_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = _run("seeds", "-o", str(blocker / "deck.toml"))
    assert result.returncode == 6, result.stderr
