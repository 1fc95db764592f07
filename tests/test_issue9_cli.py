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


# ------------------------------------------------------ 2: the app needs a terminal
@pytest.mark.parametrize(("args", "stdin"), [
    (["review"], b"\n"),  # echo | cards review
    (["review"], None),  # cards review </dev/null >out
    (["review", "--deck", "d", "--cram"], b""),
])
def test_review_without_a_terminal_refuses_at_once(tmp_path: Path, args: list[str],
                                                   stdin: bytes | None) -> None:
    import subprocess
    import sys

    from tests.cli_run import env

    db = tmp_path / "c.db"
    done = subprocess.run([sys.executable, "-m", "cards", "--db", str(db), *args],
                          stdin=subprocess.DEVNULL if stdin is None else None,
                          input=stdin, capture_output=True, env=env(), timeout=60,
                          check=False)
    assert done.returncode == ExitCode.USAGE
    line = one_error_line(done.stderr.decode())
    assert "needs a terminal" in line and "cards due" in line
    assert done.stdout == b"" and not db.exists()  # refused before anything is opened


# ------------------------------------------------------------- 6: a basic card's Extra
def test_basic_card_keeps_and_shows_its_extra(tmp_path: Path) -> None:
    import json

    db = tmp_path / "c.db"
    added = run_cards(db, "add", "--front", "Q", "--back", "A", "--extra", "X marks it")
    assert added.code == 0, added.stderr
    card_id = added.stdout.split()[1]
    show, show_json, list_json, _export = run_many(
        db, ["show", card_id], ["show", card_id, "--json"], ["list", "--json"],
        ["export", "toml", str(tmp_path / "out.toml")])
    assert "extra:   X marks it" in show.stdout
    assert json.loads(show_json.stdout)["extra"] == "X marks it"
    assert json.loads(list_json.stdout)[0]["extra"] == "X marks it"
    assert 'extra = "X marks it"' in (tmp_path / "out.toml").read_text()


# ---------------------------------------------------------- 10: one JSON vocabulary
def test_json_has_one_schema_and_vocabulary(tmp_path: Path) -> None:
    import json

    import jsonschema

    from tests import json_schemas as schemas

    db = tmp_path / "c.db"
    deck = deck_with(tmp_path, '[[cards]]\nid = "b"\nfront = "q"\nback = "a"\n'
                     'extra = "x"\ntags = ["t"]\n[cards.source]\nfile = "n/x.txt"\nline = 2\n'
                     'quote = "q"\n\n[[cards]]\nid = "c"\ntype = "cloze"\n'
                     'text = "{{c1::Paris}} is in {{c2::France}}"\n\n'
                     '[[cards]]\nid = "dr"\nstatus = "draft"\nfront = "d"\nback = "d"\n')
    # siblings off: c:c2 stays due beside c:c1 (tests/test_siblings.py has them on)
    runs = run_many(db, ["import", str(deck)], ["config", "bury_siblings", "off"],
                    ["answer", "b", "1"], ["answer", "c:c1", "5"],
                    ["list", "--json"], ["show", "b", "--json"], ["show", "c", "--json"],
                    ["due", "--json"], ["due"], ["stats", "--json"], ["stats"])
    assert all(r.code == 0 for r in runs), [r.stderr for r in runs]
    listed, show_b, show_c, due, due_text, stats, stats_text = (
        json.loads(r.stdout) if i < 4 or i == 5 else r.stdout
        for i, r in enumerate(runs[4:]))
    jsonschema.validate(listed, schemas.LIST)
    jsonschema.validate(show_b, schemas.CARD_DETAIL)
    jsonschema.validate(show_c, schemas.CARD_DETAIL)
    jsonschema.validate(due, schemas.DUE)
    jsonschema.validate(stats, schemas.STATS)
    # A card's state is its least-learned item's, in the same words as its items'.
    order = ["new", "learning", "review"]
    for shown in (show_b, show_c):
        assert shown["state"] == min((i["state"] for i in shown["items"]), key=order.index)
    assert show_b["state"] == "learning" and show_b["items"][0]["state"] == "learning"
    assert show_c["state"] == "new"  # c2 is still new though c1 was passed
    assert isinstance(show_b["items"][0]["easiness"], float)
    # The card failed today is a repeat in both the JSON and the text of `cards due`.
    by_key = {i["key"]: i for i in due}
    assert by_key["b"]["repeat"] is True and by_key["c:c2"]["repeat"] is False
    text_state = {line.split()[0]: line.split()[1] for line in due_text.splitlines()}
    assert text_state["b"] == "again" and text_state["c:c2"] == by_key["c:c2"]["state"]
    assert show_b["items"][0]["repeat"] is True  # and so in `show`
    assert [i["repeat"] for i in show_c["items"]] == [False, False]
    # Deck totals say which count cards and which count items.
    (reading,) = stats["decks"]
    assert reading["cards"] == {"total": 3, "drafts": 1, "suspended": 0}
    assert reading["items"]["total"] == 3  # b, c:c1, c:c2 (the draft makes none yet)
    assert reading["items"]["new_today"] == 1  # c:c2
    assert sum(stats["items"].values()) == 4  # every item, the draft's included
    assert "3 cards (1 draft, 0 suspended); 3 items:" in stats_text


# -------------------------------------------------------- 11: exit codes and messages
def test_add_without_options_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cards(tmp_path / "c.db", "add")
    assert result.code == ExitCode.USAGE
    assert "give --front and --back, or --cloze" in one_error_line(result.stderr)


def test_tags_can_be_cleared(tmp_path: Path) -> None:
    import json

    db = tmp_path / "c.db"
    card_id = run_cards(db, "add", "--front", "q", "--back", "a", "--tag", "x",
                        "--tag", "y").stdout.split()[1]
    cleared, listed, retag, nothing = run_many(
        db, ["edit", card_id, "--clear-tags"], ["list", "--json"],
        ["edit", card_id, "--tag", "z"], ["edit", card_id])
    assert cleared.code == 0 and json.loads(listed.stdout)[0]["tags"] == []
    assert retag.code == 0
    assert nothing.code == ExitCode.USAGE and "--clear-tags" in nothing.stderr


def test_export_toml_folder_paths(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    runs = run_many(db, ["add", "--front", "q", "--back", "a", "--deck", "one"],
                    ["add", "--front", "q", "--back", "a", "--deck", "two"],
                    ["export", "toml", f"{tmp_path}/outdir/"],
                    ["export", "toml", f"{tmp_path}/nodir/x.toml", "--deck", "one"],
                    ["export", "toml", f"{tmp_path}/single"])
    made, missing, several = runs[2:]
    assert made.code == 0, made.stderr
    assert sorted(p.name for p in (tmp_path / "outdir").iterdir()) == ["one.toml", "two.toml"]
    assert missing.code == ExitCode.IO and "no folder" in one_error_line(missing.stderr)
    assert not (tmp_path / "nodir").exists()
    assert several.code == ExitCode.INVALID_INPUT and "end it with '/'" in several.stderr


def test_import_a_folder_of_decks_all_or_nothing(tmp_path: Path) -> None:
    import json

    folder = tmp_path / "decks"
    folder.mkdir()
    for name in ("a", "b"):
        (folder / f"{name}.toml").write_text(
            f'[deck]\nname = "{name}"\n[[cards]]\nid = "{name}1"\nfront = "q"\nback = "a"\n')
    (folder / "notes.txt").write_text("not a deck")
    db = tmp_path / "c.db"
    imported, listed = run_many(db, ["import", str(folder)], ["list", "--json"])
    assert imported.code == 0, imported.stderr
    assert "imported a, b: 2 added" in imported.stdout
    assert sorted(c["id"] for c in json.loads(listed.stdout)) == ["a1", "b1"]
    (folder / "c.toml").write_text('[deck]\nname = "c"\n[[cards]]\nid = "c1"\nfront = ""\n')
    (folder / "a.toml").write_text(
        '[deck]\nname = "a"\n[[cards]]\nid = "a2"\nfront = "q"\nback = "a"\n')
    bad, after = run_many(db, ["import", str(folder)], ["list", "--json"])
    assert bad.code == ExitCode.INVALID_INPUT and "c.toml" in one_error_line(bad.stderr)
    assert sorted(c["id"] for c in json.loads(after.stdout)) == ["a1", "b1"]  # nothing
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_cards(db, "import", str(empty)).code == ExitCode.NOTHING_TO_DO


def test_anki_export_name_and_anki_package_among_decks(tmp_path: Path) -> None:
    import zipfile

    db = tmp_path / "c.db"
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "a.toml").write_text('[deck]\nname = "a"\n')
    runs = run_many(db, ["add", "--front", "q", "--back", "a"],
                    ["export", "anki", str(tmp_path / "d.txt")],
                    ["export", "anki", str(tmp_path / "d.apkg")])
    wrong_name, exported = runs[1:]
    assert wrong_name.code == ExitCode.USAGE and "d.apkg" in one_error_line(wrong_name.stderr)
    assert not (tmp_path / "d.txt").exists()
    assert exported.code == 0, exported.stderr
    # A package among deck files (here renamed, in a folder) is known by its content.
    (folder / "b.toml").write_bytes((tmp_path / "d.apkg").read_bytes())
    mixed = run_cards(db, "import", str(folder))
    assert mixed.code == ExitCode.INVALID_INPUT
    assert "is an Anki package" in one_error_line(mixed.stderr)
    other_zip = tmp_path / "z.toml"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("x.txt", "x")
    assert "Anki" not in run_cards(db, "import", str(other_zip)).stderr


# ------------------------------------------------------------------ 12: deletion
def test_delete_says_how_many_and_reimport_says_deleted(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    deck = deck_with(tmp_path, '[[cards]]\nid = "x"\nfront = "q"\nback = "a"\n\n'
                     '[[cards]]\nid = "y"\nfront = "q2"\nback = "a2"\n')
    _imported, deleted, again = run_many(db, ["import", str(deck)], ["delete", "x", "y"],
                                         ["import", str(deck)])
    assert deleted.code == 0
    assert "moved 2 cards to the trash; 'cards undelete ID...' restores them" in deleted.stderr
    assert "0 unchanged" in again.stdout
    assert "2 cards you deleted left in the trash" in again.stdout


# ------------------------------------------------------------------ 15: plurals
def test_plural_helper() -> None:
    from cards.wording import plural

    assert [plural(n, "card") for n in (0, 1, 2)] == ["0 cards", "1 card", "2 cards"]
    assert plural(1, "entry", "entries") == "1 entry" and plural(3, "entry", "entries") \
        == "3 entries"


def test_draft_message_counts_in_the_singular(tmp_path: Path) -> None:
    import re

    corpus = tmp_path / "notes"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "A photon is a quantum of light. Photons carry energy. A photon has no mass.\n"
        "The photon was named in 1926. Photons travel at the speed of light.\n" * 3)
    drafted = run_cards(None, "draft", str(corpus), "--max-cards", "1", "-o",
                        str(tmp_path / "d.toml"))
    if drafted.code == ExitCode.NOTHING_TO_DO:
        pytest.skip("the extractor found nothing in this text")
    assert drafted.code == 0, drafted.stderr
    assert "Drafted 1 card for " in drafted.stdout and " from 1 file (" in drafted.stdout
    assert not re.search(r"\b1 (cards|concepts|files|passages)\b", drafted.stdout)


# ---------------------------------------------------- 25: long deck names export
def test_a_deck_name_too_long_for_a_file_name_still_exports(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    long_name = "é" * 200  # 400 bytes
    runs = run_many(db, ["add", "--front", "q", "--back", "a", "--deck", long_name],
                    ["add", "--front", "q", "--back", "a", "--deck", long_name + "x"],
                    ["add", "--front", "q", "--back", "a", "--deck", "short"],
                    ["export", "toml", f"{tmp_path}/out/"])
    assert runs[-1].code == 0, runs[-1].stderr
    files = sorted((tmp_path / "out").iterdir())
    assert len(files) == 3 and all(len(f.name.encode()) <= 255 for f in files)
    assert (tmp_path / "out" / "short.toml").exists()
    reimported = run_cards(tmp_path / "d.db", "import", f"{tmp_path}/out")
    assert reimported.code == 0 and "3 added" in reimported.stdout


def test_error_lines_are_short(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    assert run_cards(db, "add", "--front", "q", "--back", "a").code == 0
    result = run_cards(db, "show", "x" * 100_000)
    assert result.code == ExitCode.NOT_FOUND and len(one_error_line(result.stderr)) < 600


# ----------------------------------------------- 16: nothing raw reaches the terminal
import re  # noqa: E402
import sqlite3  # noqa: E402

#: What a terminal acts on: C0 except tab and newline, DEL, C1, bidi controls, and the
#: Unicode line separators.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                 "\u2028\u2029]")
DANGEROUS = [chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0))] + list(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029")
hostile = st.text(alphabet=st.sampled_from([*DANGEROUS, "a", "]", "0", ";", " "]),
                  min_size=1, max_size=12)
EVERY_CONTROL = "".join(DANGEROUS) + "\x1b]52;c;ZXZpbA==\x1b\\\x1b]0;title\x1b\\\x1b[2J"


def assert_no_raw_controls(runs: list, what: str) -> None:
    for run in runs:
        for name, stream in (("stdout", run.stdout), ("stderr", run.stderr)):
            found = RAW.search(stream)
            assert found is None, f"{what}: raw {found.group()!r} in {name}: {stream!r}"


def tamper(db: Path, text: str) -> None:
    """Write `text` into every text column a user never typed: as another program (or
    an attacker) with the file could."""
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE card SET front = ?, back = ?, extra = ?, concept = ?, tags = ?,"
                     " source_file = ?, source_author = ?, source_quote = ? WHERE id = 'b'",
                     (f"F{text}", f"B{text}", f"E{text}", f"C{text}", json_list(text),
                      f"f{text}.txt", f"A{text}", f"Q{text}"))
        conn.execute("UPDATE card SET text = ? WHERE id = 'c'",
                     (f"{text} {{{{c1::x{text}}}}}",))
        conn.execute("UPDATE deck SET name = ?, description = ?", (f"D{text}", text))
    conn.close()


def json_list(text: str) -> str:
    import json

    return json.dumps([f"t{text}"])


READERS = [["list"], ["list", "--json"], ["show", "b"], ["show", "b", "--json"],
           ["show", "c"], ["due"], ["due", "--json"], ["stats"], ["stats", "--json"],
           ["answer", "b", "5"], ["undo"], ["suspend", "b"], ["export", "toml", "out/"]]


def hostile_collection(tmp_path: Path, text: str) -> Path:
    db = tmp_path / "c.db"
    deck = deck_with(tmp_path, '[[cards]]\nid = "b"\nfront = "q"\nback = "a"\n'
                     '[cards.source]\nfile = "n/x.txt"\nline = 1\n\n'
                     '[[cards]]\nid = "c"\ntype = "cloze"\ntext = "{{c1::x}}"\n')
    assert run_cards(db, "import", str(deck)).code == 0
    tamper(db, text)
    return db


def test_every_control_in_the_database_is_printed_visibly(tmp_path: Path) -> None:
    db = hostile_collection(tmp_path, EVERY_CONTROL)
    runs = run_many(db, *READERS, cwd=tmp_path)
    assert all(r.code == 0 for r in runs), [(r.code, r.stderr) for r in runs]
    assert_no_raw_controls(runs, "every control")
    shown = runs[2].stdout
    assert "^[]52;c;ZXZpbA==^[\\" in shown and "<U+202E>" in shown and "^M" in shown
    assert not re.search(r"^quote:", shown.split("quote:", 1)[1], re.MULTILINE)


@pytest.mark.early
@settings(max_examples=8, deadline=None)
@given(text=hostile)
def test_no_raw_control_reaches_the_terminal(tmp_path_factory: pytest.TempPathFactory,
                                             text: str) -> None:
    tmp_path = tmp_path_factory.mktemp("hostile")
    db = hostile_collection(tmp_path, text)
    runs = run_many(db, *READERS, cwd=tmp_path)
    assert all(r.code == 0 for r in runs), [(r.code, r.stderr) for r in runs]
    assert_no_raw_controls(runs, repr(text))


def test_file_names_and_arguments_are_escaped_in_messages(tmp_path: Path) -> None:
    evil = "x\x1b]0;owned\x07\u202e\r"
    bad_deck = tmp_path / f"{evil}.toml"
    bad_deck.write_text("[deck\n")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / f"{evil}.txt").write_bytes(b"\xff\xfe\x00\x00 not text \x00\x00")
    db = tmp_path / "c.db"
    runs = run_many(db, ["import", str(bad_deck)], ["show", evil], ["list", "--deck", evil],
                    ["add", "--front", "q", "--back", "a", "--deck", f"d{evil}"],
                    ["config", "timezone", evil])
    runs.append(run_cards(None, "draft", str(corpus), "-o", str(tmp_path / "d.toml")))
    assert_no_raw_controls(runs, "file names")
    assert "x^[]0;owned^G<U+202E>^M.toml" in runs[0].stderr

