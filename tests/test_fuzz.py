"""Fuzzing with hypothesis: the deck reader, `cards add` and `cards import`.

Arbitrary text (markup, HTML, control characters, very long lines, right-to-left
text, emoji, undecodable command-line bytes) must never end in a traceback. Each
input is either taken exactly (export it again and it reads back equal) or refused
with one clear line, leaving the collection as it was.
"""

from __future__ import annotations

import contextlib
import io
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cards.cli import main
from cards.collection import Collection
from cards.decks import Deck, DeckCard, Source, dumps_deck, load_deck, loads_deck
from cards.errors import DeckFormatError, ExitCode

SPECIALS = [
    "<b>bold</b>", "<script>alert('x')</script>", "&amp; &lt;tag&gt;", "**md** _x_ `code`",
    "{{c1::term}}", "{{c2::a::hint}}", "}}{{", "[[cards]]", '"""', "'''", "\\", "\\n",
    "مرحبا بالعالم", "שָׁלוֹם", "\u202eevil\u202c", "\u200f\u200e", "👩‍👩‍👧‍👦", "🎉🔥",
    "e\u0301", "\ufeff", "\x00", "\x1b[31mred", "\x7f", "\r\n", "\n", "\t", " ", "",
    "x" * 20_000, "é" * 5_000, "\u2028\u2029", "--front", "-", "=", "#", "[deck]",
]
nasty = st.one_of(
    st.sampled_from(SPECIALS),
    st.text(max_size=60),
    st.lists(st.one_of(st.sampled_from(SPECIALS), st.text(max_size=20)), max_size=5).map(
        "".join),
)
FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@contextlib.contextmanager
def fresh_db() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="cards-fuzz-") as folder:
        yield Path(folder) / "fuzz.db"


def run_cli(*argv: str) -> tuple[int, str, str]:
    """`cards.cli.main` in-process, as the console script runs it: (exit code, out, err)."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(argv))
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def assert_one_line_refusal(code: int, err: str) -> None:
    assert code in (int(ExitCode.USAGE), int(ExitCode.INVALID_INPUT)), (code, err)
    assert "Traceback" not in err
    assert err.startswith("cards: error: "), err
    assert err.endswith("\n") and err.count("\n") == 1, repr(err)
    assert "internal error" not in err, err


def snapshot(db: Path) -> list[tuple[object, ...]]:
    if not db.exists():
        return []
    with Collection.open(db) as col:
        return [(i.card.id, i.card.deck, i.card.front, i.card.back, i.card.text,
                 i.card.tags, i.card.status) for i in col.find_cards()]


def exported_cards(db: Path, deck: str, folder: Path) -> list[DeckCard]:
    target = folder / "exported.toml"
    code, _out, err = run_cli("--db", str(db), "export", "toml", str(target), "--deck", deck)
    assert code == 0, err
    return load_deck(target).cards


# ------------------------------------------------------------------ the reader
@FUZZ
@given(st.one_of(nasty, st.text()))
def test_reader_never_crashes_on_arbitrary_text(text: str) -> None:
    try:
        deck = loads_deck(text, filename="fuzz.toml")
    except DeckFormatError as exc:
        assert "\n" not in str(exc), repr(str(exc))
        assert str(exc).startswith("fuzz.toml")
    else:
        assert isinstance(deck, Deck)


@pytest.mark.parametrize("card_id", ["abc\\n", '""\\nfront = ""', "a\\u2028b"])
def test_malformed_ids_are_refused_in_one_line(card_id: str) -> None:
    """Found by the fuzzer: an id ending in a line break was accepted (``$`` matches
    before a final newline), and a malformed id split the error over two lines."""
    text = f'[[cards]]\nid = "{card_id}"\nfront = "f"\nback = "b"\n'
    with pytest.raises(DeckFormatError) as caught:
        loads_deck(text, filename="ids.toml")
    assert "\n" not in str(caught.value)


def _template(card_id: str, front: str, back: str, name: str) -> str:
    """Values pasted raw into TOML, so quoting characters make some files invalid."""
    return (f'[deck]\nname = "{name}"\n\n[[cards]]\nid = "{card_id}"\n'
            f'front = "{front}"\nback = "{back}"\ntags = ["t"]\n')


@FUZZ
@given(st.sampled_from(["good-id", "a\nb", "x y", "ok.1"]), nasty, nasty, nasty)
def test_reader_on_raw_templates(card_id: str, front: str, back: str, name: str) -> None:
    try:
        deck = loads_deck(_template(card_id, front, back, name), filename="t.toml")
    except DeckFormatError as exc:
        assert "\n" not in str(exc), repr(str(exc))
    else:
        assert deck.cards[0].id == card_id


# ------------------------------------------------------------------ cards add
@FUZZ
@given(front=nasty, back=nasty, deck=st.one_of(st.just("default"), nasty),
       tags=st.lists(nasty, max_size=3), undecodable=st.booleans())
def test_cards_add_takes_exactly_or_refuses_in_one_line(
    front: str, back: str, deck: str, tags: list[str], undecodable: bool
) -> None:
    if undecodable:  # what a shell passes for bytes that are not UTF-8
        front += b"\xff\xfe".decode("utf-8", "surrogateescape")
    args = ["add", "--front", front, "--back", back, "--deck", deck]
    for tag in tags:
        args += ["--tag", tag]
    with fresh_db() as db:
        code, out, err = run_cli("--db", str(db), *args)
        if code != 0:
            assert_one_line_refusal(code, err)
            assert snapshot(db) == []
            return
        assert "Traceback" not in err
        card_id = re.match(r"added (\S+) to ", out).group(1)  # type: ignore[union-attr]
        with Collection.open(db) as col:
            card = col.get_card(card_id)
        assert (card.front, card.back, card.deck) == (front, back, deck.strip())
        assert list(card.tags) == list(dict.fromkeys(tags))
        exported = exported_cards(db, card.deck, db.parent)
        assert exported == [card.to_deck_card()]


# ---------------------------------------------------------------- cards import
cards_strategy = st.builds(
    DeckCard,
    id=st.one_of(st.sampled_from(["c1", "c-2", "x.y_z", "bad id", "", "é"]),
                 st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,20}", fullmatch=True)),
    type=st.sampled_from(["basic", "cloze"]),
    front=nasty, back=nasty,
    text=st.one_of(nasty, nasty.map(lambda t: f"{t} {{{{c1::{t or 'x'}}}}}")),
    extra=nasty, concept=nasty, tags=st.lists(nasty, max_size=3),
    source=st.one_of(st.none(), st.builds(Source, file=nasty, line=st.integers(-1, 10**6),
                                          quote=nasty, author=st.one_of(st.none(), nasty))),
    status=st.sampled_from(["active", "draft", "suspended", "rejected", "new"]),
)


def _normalise(card: DeckCard) -> DeckCard:
    """What the reader would make of a card: a basic card has no text, and so on."""
    if card.type == "basic":
        card.text = ""
    else:
        card.front = card.back = ""
    card.status = "active" if card.status == "new" else card.status
    return card


@FUZZ
@given(name=nasty, cards=st.lists(cards_strategy.map(_normalise), max_size=4,
                                   unique_by=lambda c: c.id))
@pytest.mark.early
def test_cards_import_round_trips_or_refuses(name: str, cards: list[DeckCard]) -> None:
    _import_and_check(dumps_deck(Deck(name=name or "deck", cards=cards)))


@FUZZ
@given(st.one_of(nasty, st.text(), st.builds(_template, nasty, nasty, nasty, nasty)))
def test_cards_import_of_arbitrary_text(text: str) -> None:
    _import_and_check(text)


def _import_and_check(text: str) -> None:
    with fresh_db() as db:
        with Collection.open(db) as col:
            col.add_card(deck="existing", front="keep me", back="unchanged", card_id="keep")
        before = snapshot(db)
        path = db.parent / "deck.toml"
        path.write_bytes(text.encode("utf-8", "surrogateescape"))
        code, _out, err = run_cli("--db", str(db), "import", str(path))
        if code != 0:
            assert_one_line_refusal(code, err)
            assert snapshot(db) == before
            return
        assert "Traceback" not in err
        deck = load_deck(path)
        assert exported_cards(db, deck.name, db.parent) == deck.cards
