"""Bounds on input: nesting, file size and type, numbers (issue 9, items 18 and 19).

Whatever a deck file, an option or a setting holds, the answer is a documented exit
code and one line, never an internal error (exit 1).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cards import decks
from cards.errors import DeckFormatError, ExitCode
from tests.test_opening import cards, refused


def nested(kind: str, depth: int) -> str:
    if kind == "array":
        return "x = " + "[" * depth + "]" * depth + "\n"
    return "x = " + "{a = " * depth + "1" + "}" * depth + "\n"


@settings(max_examples=40, deadline=None)
@given(kind=st.sampled_from(["array", "table"]), depth=st.integers(1, 60_000))
def test_any_nesting_is_a_deck_format_error(kind: str, depth: int) -> None:
    """Shallow or deep, nested values are refused as a bad deck (an unknown key, or
    too deep), never with a RecursionError."""
    with pytest.raises(DeckFormatError) as info:
        decks.loads_deck(nested(kind, depth), filename="deep.toml")
    assert "unknown top-level key 'x'" in str(info.value) or "too deeply" in str(info.value)


@pytest.mark.parametrize(("kind", "depth"), [("array", 50_000), ("table", 5_000)])
def test_deeply_nested_deck_via_cli(tmp_path: Path, kind: str, depth: int) -> None:
    deck = tmp_path / "deep.toml"
    deck.write_text(nested(kind, depth))
    refused(cards("--db", str(tmp_path / "c.db"), "import", str(deck)),
            int(ExitCode.INVALID_INPUT), "nested too deeply")
    assert not (tmp_path / "c.db").exists()


def test_non_regular_deck_is_refused_up_front(tmp_path: Path) -> None:
    refused(cards("--db", str(tmp_path / "c.db"), "import", "/dev/zero", timeout=30),
            int(ExitCode.IO), "not a regular file")
    assert not (tmp_path / "c.db").exists()


def test_oversized_deck_is_refused_before_reading(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    deck = tmp_path / "big.toml"
    deck.write_text('[deck]\nname = "big"\n' + "# padding\n" * 200)
    monkeypatch.setattr(decks, "MAX_DECK_BYTES", 1000)
    with pytest.raises(DeckFormatError, match="larger than"):
        decks.load_deck(deck)
