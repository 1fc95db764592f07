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


# ------------------------------------------------------------------ item 18: numbers
BAD_SETTINGS = [("timezone", "XYZ+25"), ("timezone", "UTC+99"), ("timezone", "   "),
                ("new_per_day", "99999999999999999999"), ("reviews_per_day", "-1"),
                ("leech_threshold", "1e20"), ("day_starts_at", "24"),
                ("new_per_day", "9" * 5000)]


@pytest.fixture(scope="module")
def used_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A collection with one answered card, shared by the number tests."""
    db = tmp_path_factory.mktemp("bounds") / "c.db"
    assert cards("--db", str(db), "add", "--front", "q", "--back", "a").returncode == 0
    card = __import__("json").loads(cards("--db", str(db), "list", "--json").stdout)[0]["id"]
    assert cards("--db", str(db), "answer", card, "4").returncode == 0
    return db


@pytest.mark.parametrize(("key", "value"), BAD_SETTINGS)
def test_unusable_setting_is_refused_and_nothing_breaks(used_db: Path, key: str,
                                                        value: str) -> None:
    refused(cards("--db", str(used_db), "config", key, value), int(ExitCode.INVALID_INPUT),
            key)
    for command in (("due",), ("stats",), ("config",)):
        done = cards("--db", str(used_db), *command)
        assert done.returncode == 0, (command, done.stderr)


@pytest.mark.parametrize("command", [
    ("list", "--limit", "99999999999999999999"), ("list", "--limit", "1e20"),
    ("due", "--limit", "99999999999999999999"),
    ("answer", "X", "4", "--duration-ms", "99999999999999999999"),
    ("answer", "X", "4", "--duration-ms", "1e20"),
    ("config", "new_per_day", "99999999999999999999", "--deck", "default"),
    ("add", "--cloze", "{{c99999999999999999999::x}}"),
])
def test_huge_numbers_in_options_are_usage_or_input_errors(used_db: Path,
                                                           command: tuple[str, ...]) -> None:
    done = cards("--db", str(used_db), *command)
    assert done.returncode in (int(ExitCode.USAGE), int(ExitCode.INVALID_INPUT)), done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


@pytest.mark.parametrize("card", [
    'front = "q"\nback = "a"\n[cards.source]\nfile = "f.txt"\nline = 99999999999999999999\n',
    'front = "q"\nback = "a"\n[cards.source]\nfile = "f.txt"\nline = 9223372036854775807\n',
    'type = "cloze"\ntext = "{{c99999999999999999999::x}}"\n',
    'type = "cloze"\ntext = "{{c9223372036854775807::x}}"\n',
])
def test_huge_numbers_in_deck_files_are_deck_errors(tmp_path: Path, card: str) -> None:
    deck = tmp_path / "d.toml"
    deck.write_text(f'[deck]\nname = "d"\n[[cards]]\nid = "a"\n{card}')
    refused(cards("--db", str(tmp_path / "c.db"), "import", str(deck)),
            int(ExitCode.INVALID_INPUT), "d.toml")


@settings(max_examples=200, deadline=None)
@given(key=st.sampled_from(sorted(["day_starts_at", "new_per_day", "reviews_per_day",
                                    "leech_threshold"])),
       number=st.one_of(st.integers(), st.integers(-10**30, 10**30)))
def test_any_integer_setting_is_stored_only_in_range(key: str, number: int) -> None:
    from cards.collection.core import SETTING_RANGES, parse_setting

    low, high = SETTING_RANGES[key]
    try:
        value = parse_setting(key, str(number))
    except ValueError:
        assert not low <= number <= high
    else:
        assert value == number and low <= number <= high


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ+-0123456789:/,.<>", max_size=24),
       start=st.integers(0, 23))
def test_a_timezone_accepted_is_one_the_study_day_can_use(text: str, start: int) -> None:
    """POSIX TZ strings are a large space; whatever is accepted must work for any day."""
    from datetime import UTC, datetime, timedelta

    from cards.collection.core import parse_setting
    from cards.scheduler import day_start, resolve_timezone, study_day

    try:
        parse_setting("timezone", text, start)
    except ValueError:
        return
    zone = resolve_timezone(text)
    for days in (-400, 0, 200, 4000):
        moment = datetime(2026, 6, 1, tzinfo=UTC) + timedelta(days=days)
        day_start(study_day(moment, zone, start), zone, start)
