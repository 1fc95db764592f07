"""Every CLI command end to end on a temporary collection, and the bad inputs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from cards.errors import ExitCode
from tests.conftest import CliResult, file_digest, table_dump

Cli = Callable[..., CliResult]

DECK = """\
[deck]
name = "reading"
description = "a small deck"

[[cards]]
id = "eflop"
type = "basic"
concept = "E-FLOP"
front = "What is an E-FLOP?"
back = "A unit of compute adjusted for algorithmic efficiency."
tags = ["scaling"]

[cards.source]
file = "seeds/x.txt"
line = 4
author = "Someone"
quote = "An E-FLOP is ..."

[[cards]]
id = "sup"
type = "cloze"
status = "draft"
text = "{{c1::Superposition}} packs more features than dimensions."
tags = []
"""


def one_line_error(result: CliResult) -> str:
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("cards: error: ")
    assert "Traceback" not in result.err
    return lines[0]


@pytest.fixture
def deck_path(tmp_path: Path) -> Path:
    path = tmp_path / "reading.toml"
    path.write_text(DECK)
    return path


def test_add_list_show_and_json(cli: Cli) -> None:
    basic = cli("add", "--front", "What is [bold]x[/]?", "--back", "<b>y</b>", "--tag", "t1",
                "--deck", "d")
    assert basic.code == 0 and basic.out.startswith("added ")
    cloze = cli("add", "--cloze", "The {{c1::cat}} sat", "--deck", "d")
    assert cloze.code == 0
    listed = json.loads(cli("list", "--json").out)
    assert [c["type"] for c in listed] == ["basic", "cloze"]
    assert listed[0]["front"] == "What is [bold]x[/]?" and listed[0]["tags"] == ["t1"]
    card_id = listed[0]["id"]
    shown = cli("show", card_id)
    assert "What is [bold]x[/]?" in shown.out and "<b>y</b>" in shown.out
    assert cli("list", "--search", "cat").out.count("\n") == 1


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--front", "", "--back", "x"], ExitCode.INVALID_INPUT, "front is empty"),
    (["--front", "q", "--back", "  "], ExitCode.INVALID_INPUT, "back is empty"),
    (["--cloze", "no deletion here"], ExitCode.INVALID_INPUT, "no deletion"),
    (["--cloze", "{{c1::x}}", "--front", "q"], ExitCode.USAGE, "not both"),
    ([], ExitCode.USAGE, "give --front and --back, or --cloze"),
    (["--front", "q"], ExitCode.USAGE, "missing option --back"),
    (["--front", "q", "--back", "a", "--tag", "two words"], ExitCode.INVALID_INPUT,
     "invalid tag"),
])
def test_add_refuses_bad_cards(cli: Cli, db_path: Path, args: list[str], code: int,
                               message: str) -> None:
    cli("add", "--front", "keep", "--back", "me")
    before = table_dump(db_path)
    result = cli("add", *args)
    assert result.code == code
    assert message in one_line_error(result)
    assert table_dump(db_path) == before


def test_import_export_round_trip(cli: Cli, deck_path: Path, tmp_path: Path) -> None:
    first = cli("import", str(deck_path))
    assert first.code == 0 and "2 added" in first.out
    again = cli("import", str(deck_path))
    assert "0 added, 0 updated, 2 unchanged" in again.out
    out = tmp_path / "out.toml"
    assert cli("export", "toml", str(out), "--deck", "reading").code == 0
    assert out.read_text() == DECK


def test_malformed_deck_names_file_and_line(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    cli("add", "--front", "q", "--back", "a")
    before = table_dump(db_path)
    bad = tmp_path / "bad.toml"
    bad.write_text('[deck]\nname = "x"\n\n[[cards]]\nid = "a"\nfront = "q\nback = "a"\n')
    result = cli("import", str(bad))
    assert result.code == ExitCode.INVALID_INPUT
    assert f"{bad}:6" in one_line_error(result)
    unknown = tmp_path / "unknown.toml"
    unknown.write_text('[[cards]]\nid = "a"\nfrnt = "q"\nback = "a"\n')
    result = cli("import", str(unknown))
    assert "unknown card key 'frnt'" in one_line_error(result) and f"{unknown}:1" in result.err
    latin = tmp_path / "latin.toml"
    latin.write_bytes('[deck]\nname = "caf\xe9"\n'.encode("latin-1"))
    assert "not valid UTF-8" in one_line_error(cli("import", str(latin)))
    missing = cli("import", str(tmp_path / "missing.toml"))
    assert missing.code == ExitCode.IO and "cannot read" in one_line_error(missing)
    # a folder imports its decks, all or nothing: here its one deck is malformed
    assert cli("import", str(tmp_path)).code == ExitCode.INVALID_INPUT
    assert table_dump(db_path) == before


def test_due_answer_undo_and_stats(cli: Cli, deck_path: Path) -> None:
    cli("import", str(deck_path))
    due = json.loads(cli("due", "--json").out)
    assert [d["key"] for d in due] == ["eflop"]  # the draft is not due
    answered = cli("answer", "eflop", "4")
    assert answered.code == 0 and "next due" in answered.out and "in 1 day" in answered.out
    stats = json.loads(cli("stats", "--json").out)
    assert stats["today"]["reviews"] == 1 and stats["items"]["draft"] == 1
    assert stats["due"]["tomorrow"] == 1
    assert "undid grade 4 on eflop" in cli("undo").out
    assert json.loads(cli("stats", "--json").out)["today"]["reviews"] == 0
    assert cli("undo").code == ExitCode.NOTHING_TO_DO


def test_accept_reject_suspend_unsuspend_delete(cli: Cli, deck_path: Path) -> None:
    cli("import", str(deck_path))
    assert cli("accept", "sup").code == 0
    assert [d["key"] for d in json.loads(cli("due", "--json").out)] == ["eflop", "sup:c1"]
    assert cli("suspend", "eflop").code == 0
    assert [d["key"] for d in json.loads(cli("due", "--json").out)] == ["sup:c1"]
    assert cli("unsuspend", "eflop").code == 0
    assert cli("delete", "sup").code == 0
    assert [c["id"] for c in json.loads(cli("list", "--json").out)] == ["eflop"]
    result = cli("reject", "eflop")  # not a draft
    assert result.code == ExitCode.INVALID_INPUT and "cannot make it rejected" in result.err


@pytest.mark.parametrize(("args", "code", "message"), [
    (["answer", "nope", "3"], ExitCode.NOT_FOUND, "no card with id 'nope'"),
    (["answer", "eflop", "7"], ExitCode.INVALID_INPUT, "grade must be a whole number 0..5"),
    (["answer", "eflop", "x"], ExitCode.INVALID_INPUT, "grade must be"),
    (["suspend", "eflop", "nope"], ExitCode.NOT_FOUND, "no card with id 'nope'"),
    (["list", "--deck", "nope"], ExitCode.NOT_FOUND, "no deck named 'nope'"),
    (["export", "toml", "{deck}/x.toml", "--deck", "reading"], ExitCode.IO, "cannot write"),
    (["config", "timezone", "Mars/Olympus"], ExitCode.INVALID_INPUT, "unknown time zone"),
    (["config", "day_starts_at", "25"], ExitCode.INVALID_INPUT, "0..23"),
    (["frobnicate"], ExitCode.USAGE, "No such command"),
])
def test_bad_input_is_one_line_and_changes_nothing(
    cli: Cli, deck_path: Path, db_path: Path, args: list[str], code: int, message: str
) -> None:
    cli("import", str(deck_path))
    before = table_dump(db_path)
    result = cli(*(a.replace("{deck}", str(deck_path)) for a in args))  # a path under a file
    assert result.code == code
    assert message in one_line_error(result)
    assert table_dump(db_path) == before


def test_non_database_and_unwritable_paths(cli: Cli, tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("just some notes\n" * 20)
    digest = file_digest(text)
    result = cli("list", db=text)
    assert result.code == ExitCode.DATABASE
    assert "not a cards collection" in one_line_error(result)
    assert file_digest(text) == digest
    folder = cli("list", db=tmp_path)
    assert folder.code == ExitCode.DATABASE and "is a folder" in one_line_error(folder)
    blocked = tmp_path / "file"
    blocked.write_text("x")
    nested = cli("list", db=blocked / "c.db")
    assert nested.code == ExitCode.IO and "cannot create" in one_line_error(nested)


def test_config_per_deck_limits(cli: Cli, deck_path: Path) -> None:
    cli("import", str(deck_path))
    assert cli("config", "new_per_day", "0", "--deck", "reading").code == 0
    assert json.loads(cli("due", "--json").out) == []
    assert cli("config", "new_per_day", "default", "--deck", "reading").code == 0
    assert len(json.loads(cli("due", "--json").out)) == 1
    shown = cli("config")
    assert "day_starts_at = 4" in shown.out and "new_per_day = 20" in shown.out


def test_cards_db_environment_variable(tmp_path: Path) -> None:
    env = {**os.environ, "CARDS_DB": str(tmp_path / "env.db")}
    run = [sys.executable, "-m", "cards"]
    added = subprocess.run([*run, "add", "--front", "q", "--back", "a"], env=env,
                           capture_output=True, text=True, check=False)
    assert added.returncode == 0, added.stderr
    assert (tmp_path / "env.db").exists()
    listed = subprocess.run([*run, "list", "--json"], env=env, capture_output=True, text=True,
                            check=False)
    assert len(json.loads(listed.stdout)) == 1


def test_help_and_version(cli: Cli) -> None:
    result = cli("--help", db=None)
    assert result.code == 0
    for command in ("add", "import", "export", "due", "answer", "undo", "stats", "review",
                    "draft"):
        assert command in result.out
    from cards import __version__

    assert __version__ in cli("--version", db=None).out


def test_show_gives_scheduling_and_history(cli: Cli, deck_path: Path) -> None:
    cli("import", str(deck_path))
    cli("answer", "eflop", "4")
    shown = json.loads(cli("show", "eflop", "--json").out)
    assert [(i["key"], i["repetitions"], i["interval"], i["easiness"]) for i in shown["items"]] \
        == [("eflop", 1, 1, 2.5)]
    assert [(r["grade"], r["kind"], r["interval"]) for r in shown["reviews"]] == [
        (4, "review", 1)]
    text = cli("show", "eflop").out
    assert "repetitions 1, interval 1 d, easiness 2.50" in text and "grade 4" in text


def test_a_refused_add_creates_no_collection(tmp_path: Path, cli: Cli) -> None:
    fresh = tmp_path / "never.db"
    result = cli("add", "--front", "", "--back", "x", db=fresh)
    assert result.code == ExitCode.INVALID_INPUT
    assert not fresh.exists()
