"""`cards draft` end to end: output, determinism, summary, and odd inputs."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from cards.decks import load_deck
from cli_run import run_text


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run_text("draft", *args, cwd=cwd)


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


def test_ids_are_scoped_by_deck_and_stable(tmp_path: Path) -> None:
    """Two folders that mention the same concepts, drafted into two decks, never share an
    id (importing one cannot take over the other's cards); the same folder drafted twice
    into the same deck keeps its ids."""
    import re

    first, second = tmp_path / "notes", tmp_path / "other notes"
    shutil.copytree("tests/data/mini_corpus", first)
    shutil.copytree("tests/data/mini_corpus", second)
    outs = [tmp_path / "a.toml", tmp_path / "b.toml", tmp_path / "c.toml"]
    for folder, out in zip([first, second, first], outs, strict=True):
        result = _run(str(folder), "-o", str(out))
        assert result.returncode == 0, result.stderr
    decks = [load_deck(out) for out in outs]
    ids = [[c.id for c in deck.cards] for deck in decks]
    assert ids[0] and not set(ids[0]) & set(ids[1])
    assert ids[0] == ids[2]
    assert all(i.startswith("notes.") for i in ids[0])
    assert all(i.startswith("other-notes.") for i in ids[1])
    pattern = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,127}$")
    assert all(pattern.fullmatch(i) for i in ids[0] + ids[1])


def test_long_ids_are_cut_deterministically() -> None:
    import re

    from cards.extract import card_id, deck_slug

    assert deck_slug("My Notes!") == "my-notes" and deck_slug("???") == "deck"
    long_deck, long_local = "d" * 300, "x" * 200 + "-basic"
    made = card_id(long_deck, long_local)
    assert len(made) <= 128 and re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,127}", made)
    assert made == card_id(long_deck, long_local)  # deterministic
    assert made != card_id(long_deck, "x" * 200 + "-cloze")  # the hash keeps them apart
    assert card_id("seeds", "superposition-basic") == "seeds.superposition-basic"
