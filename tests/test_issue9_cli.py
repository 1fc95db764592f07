"""Regression tests for the CLI items of issue 9, through the real command in a subprocess."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cards.cloze import cloze_problem
from cards.errors import ExitCode
from cards.locations import safe_source_path, source_path_problem
from cards.textsafe import is_blank
from tests.cli_run import run_cards, run_many

DECK_HEAD = '[deck]\nname = "d"\n'


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("cards: error: ") and "Traceback" not in err
    return lines[0]


def deck_with(tmp_path: Path, body: str, name: str = "d.toml") -> Path:
    path = tmp_path / name
    path.write_text(DECK_HEAD + body, encoding="utf-8")
    return path


# ------------------------------------------------------------ 5: nested clozes
NESTED = [
    "nested {{c1::outer {{c2::inner}} }}",
    "{{c2::{{c1::Au}}}}",
    "{{c1::a {{c1::b}}}}",
    "{{c1::x {{c2::y}}",  # c1 never closed before c2 opens
]


@pytest.mark.parametrize("text", NESTED)
def test_parser_refuses_nested_deletions(text: str) -> None:
    problem = cloze_problem(text)
    assert problem is not None and "nested" in problem


@pytest.mark.parametrize("text", ["{{c1::a}} and {{c2::b::hint}}", "}} {{c1::a}} }}",
                                  "{{c1::Paris}} {{c1::France}}"])
def test_parser_accepts_flat_deletions(text: str) -> None:
    assert cloze_problem(text) is None


@given(st.lists(st.text(alphabet="ab {}:c12", max_size=6), min_size=1, max_size=4))
def test_any_deletion_inside_another_is_refused(parts: list[str]) -> None:
    inner = "{{c2::" + "".join(parts).replace("}}", "") + "x}}"
    outer = "{{c1::" + inner + "}}"
    assert cloze_problem(f"pre {outer} post") is not None


def test_nested_cloze_refused_by_add_edit_and_import(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    deck = deck_with(tmp_path, '[[cards]]\nid = "n"\ntype = "cloze"\n'
                     'text = "nested {{c1::outer {{c2::inner}} }}"\n')
    add, ok, _listed_json, imported, listed = run_many(
        db, ["add", "--cloze", NESTED[0]], ["add", "--cloze", "{{c1::flat}}", "--deck", "x"],
        ["list", "--json"], ["import", str(deck)], ["list"])
    assert add.code == ExitCode.INVALID_INPUT and "nested" in one_error_line(add.stderr)
    assert ok.code == 0
    assert imported.code == ExitCode.INVALID_INPUT
    line = one_error_line(imported.stderr)
    assert "nested" in line and "card n" in line and "d.toml:3" in line
    card_id = ok.stdout.split()[1]
    edited = run_many(db, ["edit", card_id, "--cloze", "{{c2::{{c1::Au}}}}"], ["show", card_id])
    assert edited[0].code == ExitCode.INVALID_INPUT and "nested" in edited[0].stderr
    assert "{{c1::flat}}" in edited[1].stdout
    assert "1 card" in listed.stderr  # the refused ones left nothing behind


# ----------------------------------------------------- 17: source paths confined
@pytest.mark.parametrize("file", ["/etc/passwd", "../../../../etc/shadow", "a/../../x",
                                  "C:\\Windows\\win.ini", "\\\\server\\share\\x"])
def test_source_paths_that_leave_the_corpus_are_refused(file: str) -> None:
    assert source_path_problem(file) is not None


@pytest.mark.parametrize("file", ["seeds/x.txt", "./x.txt", "a/../b.txt", "notes/2026/x.md"])
def test_source_paths_inside_the_corpus_are_allowed(file: str) -> None:
    assert source_path_problem(file) is None


def test_safe_source_path_resolves_only_under_base(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "in.txt").write_text("x")
    (tmp_path / "secret.txt").write_text("s")
    (corpus / "link.txt").symlink_to(tmp_path / "secret.txt")
    assert safe_source_path(corpus, "in.txt") == (corpus / "in.txt").resolve()
    assert safe_source_path(corpus, "../secret.txt") is None
    assert safe_source_path(corpus, str(tmp_path / "secret.txt")) is None
    assert safe_source_path(corpus, "link.txt") is None


@pytest.mark.parametrize("file", ["/etc/passwd", "../../../../etc/shadow"])
def test_import_refuses_a_source_outside_the_corpus(tmp_path: Path, file: str) -> None:
    db = tmp_path / "c.db"
    deck = deck_with(tmp_path, f'[[cards]]\nid = "leak"\nfront = "q"\nback = "a"\n'
                     f'[cards.source]\nfile = "{file}"\nline = 1\n')
    result = run_cards(db, "import", str(deck))
    assert result.code == ExitCode.INVALID_INPUT
    line = one_error_line(result.stderr)
    assert "card leak" in line and ("absolute" in line or "leaves" in line)


def test_draft_of_an_outside_folder_cites_files_that_import(tmp_path: Path) -> None:
    corpus = tmp_path / "notes"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "A photon is a quantum of light. Photons carry energy. A photon has no mass.\n"
        "The photon was named in 1926. Photons travel at the speed of light.\n" * 3)
    work = tmp_path / "work"
    work.mkdir()
    drafted = run_cards(None, "draft", str(corpus), cwd=work)
    if drafted.code == ExitCode.NOTHING_TO_DO:
        pytest.skip("the extractor found nothing in this text")
    assert drafted.code == 0, drafted.stderr
    deck = work / "decks" / "notes.toml"
    files = [line for line in deck.read_text().splitlines() if line.startswith("file = ")]
    assert files and all(str(tmp_path) not in line for line in files)
    assert run_cards(work / "c.db", "import", str(deck)).code == 0


# ------------------------------------------------------- 25: invisible-only text
@pytest.mark.parametrize("text", ["\u200b", "\u200b\u200b \u2060", "\ufeff", "\u3164",
                                  "\u00a0\u2028"])
def test_invisible_text_is_blank(text: str) -> None:
    assert is_blank(text)


@pytest.mark.parametrize("text", ["a", "\u200ba", "·", "x\u200d"])
def test_visible_text_is_not_blank(text: str) -> None:
    assert not is_blank(text)


def test_front_of_zero_width_spaces_is_empty(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    add, cloze, deck = run_many(
        db, ["add", "--front", "\u200b\u200b", "--back", "a"],
        ["add", "--cloze", "{{c1::\u200b}} is empty"],
        ["import", str(deck_with(tmp_path, '[[cards]]\nid = "z"\nfront = "\\u200b"\n'
                                 'back = "a"\n'))])
    assert add.code == ExitCode.INVALID_INPUT and "front is empty" in add.stderr
    assert cloze.code == ExitCode.INVALID_INPUT and "c1 is empty" in cloze.stderr
    assert deck.code == ExitCode.INVALID_INPUT and "front is empty" in deck.stderr


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet=st.sampled_from("\u200b\u200c\u200d\u2060\ufeff \t\u00a0\u3000\u2800"),
               min_size=1, max_size=8))
def test_any_mix_of_invisible_characters_is_blank(text: str) -> None:
    assert is_blank(text)
