"""The import's fast paths give what the plain definitions give: one fold of all a
card's fields, the ASCII test of blank text, and the one-scan field checks."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cards.decks import DeckCard, Source, validate_card_fields
from cards.store.folding import FIELD_SEP, TAG_SEP, fold, folded_text
from cards.textsafe import is_blank

#: Text with accents, combining marks, separators, controls and case pairs in it.
_TEXT = st.text(st.sampled_from(
    "aAbZ \t\n\x1c\x1d\x1e\x1f\x00\x7f\u0301\u0327éÉßẞ\u03a3\u03c2\u1e9e\ufb01\u200b"
    "\u115f\u3000\u2028İıＡ①"), max_size=12)


@settings(max_examples=300, deadline=None)
@given(fields=st.lists(st.one_of(st.none(), _TEXT), min_size=1, max_size=9),
       tags=st.lists(_TEXT, max_size=3))
def test_folded_text_equals_folding_each_field(fields: list[str | None],
                                               tags: list[str]) -> None:
    body = FIELD_SEP.join(fold(f or "") for f in fields)
    expected = f"{body}{FIELD_SEP}{TAG_SEP}{TAG_SEP.join(fold(t) for t in tags)}{TAG_SEP}"
    assert folded_text(fields, tags) == expected


def _blank_by_definition(text: str) -> bool:
    fillers = "\u115f\u1160\u3164\uffa0\u2800"
    return all(ch.isspace() or ch in fillers
               or unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp") for ch in text)


@pytest.mark.parametrize("code", range(128))
def test_is_blank_of_each_ascii_character(code: int) -> None:
    for text in (chr(code), f" {chr(code)}\t", chr(code) * 3):
        assert is_blank(text) == _blank_by_definition(text)


@settings(max_examples=300, deadline=None)
@given(text=_TEXT)
def test_is_blank_equals_its_definition(text: str) -> None:
    assert is_blank(text) == _blank_by_definition(text)


@pytest.mark.parametrize(("where", "bad", "message"), [
    ("front", "\x07", "front contains a control character"),
    ("extra", "\ud800", "extra is not valid UTF-8 text"),
    ("concept", "\x1b", "concept contains a control character"),
    ("quote", "\x00", "source quote contains a control character"),
    ("author", "\udfff", "source author is not valid UTF-8 text"),
    ("tag", "\u00a0", "invalid tag"),
])
def test_each_field_check_still_names_its_field(where: str, bad: str, message: str) -> None:
    fields = {"front": "q", "back": "a", "extra": "", "concept": ""}
    quote, author, tags = "a quote", None, ["t"]
    if where in fields:
        fields[where] += bad
    elif where == "quote":
        quote += bad
    elif where == "author":
        author = bad
    else:
        tags = [f"x{bad}y"]
    card = DeckCard(id="c1", type="basic", front=fields["front"], back=fields["back"],
                    extra=fields["extra"], concept=fields["concept"], tags=tags,
                    source=Source("notes.txt", 3, quote, author))
    with pytest.raises(ValueError, match=message):
        validate_card_fields(card)


# --- the Anki export's fast paths -----------------------------------------------------
_ANY_TEXT = st.text(max_size=40)


@settings(max_examples=300, deadline=None)
@given(card_id=_ANY_TEXT)
def test_note_guid_is_genanki_s_guid(card_id: str) -> None:
    import genanki

    from cards.anki.export import note_guid

    assert note_guid(card_id) == genanki.guid_for(card_id)


@settings(max_examples=300, deadline=None)
@given(tags=st.lists(st.text(st.sampled_from("ab_ \t\n\u00a0\u3000\u2028\x1c"), max_size=8),
                     max_size=5))
def test_anki_tags_equal_the_pattern_they_replace(tags: list[str]) -> None:
    import re

    from cards.anki.export import anki_tags

    cleaned = (re.sub(r"\s+", "_", tag.strip()) for tag in tags)
    assert anki_tags(tags) == list(dict.fromkeys(tag for tag in cleaned if tag))


# --- a big deck parsed in pieces --------------------------------------------------------
_PIECES = [
    # plain cards
    '[deck]\nname = "d"\n' + "".join(f'[[cards]]\nid = "c{n}"\nfront = "q"\nback = "a"\n'
                                     for n in range(7)),
    # a `[[cards]]` line inside a multi-line string, basic and literal
    '[[cards]]\nid = "a"\nfront = "q"\nback = """one\n[[cards]]\nid = "x"\n"""\n'
    '[[cards]]\nid = "b"\nfront = "q"\nback = \'\'\'\n[[cards]]\n\'\'\'\n[[cards]]\nid = "c"\n',
    # a table after the cards, and a sub-table of a card
    '[[cards]]\nid = "a"\n[cards.source]\nfile = "f"\nline = 1\n[[cards]]\nid = "b"\n'
    '[other]\nx = 1\n',
    # an inline `cards` in the head beside `[[cards]]` (a mistake either way)
    'cards = []\n[[cards]]\nid = "a"\n[[cards]]\nid = "b"\n',
    # a mistake in a later piece
    '[[cards]]\nid = "a"\n[[cards]]\nid = \n[[cards]]\nid = "c"\n',
    # CRLF lines and a header with a comment
    '[[cards]]\r\nid = "a"\r\n[[cards]] # two\r\nid = "b"\r\n[[cards]]\r\nid = "c"\r\n',
]


@pytest.mark.parametrize("text", _PIECES)
def test_a_deck_parsed_in_pieces_means_what_the_whole_text_means(
        text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import tomllib

    from cards import decks
    from cards.errors import DeckFormatError

    monkeypatch.setattr(decks, "PIECE_CARDS", 1)  # every `[[cards]]` line a piece
    try:
        expected: object = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        with pytest.raises(DeckFormatError, match="invalid TOML"):
            decks._parse_toml(text, "deck.toml")
        return
    assert decks._parse_toml(text, "deck.toml") == expected


@settings(max_examples=400, deadline=None)
@given(tags=st.lists(st.text(st.sampled_from('ab Z~!#[]\\"\x00\x7f\u00e9\u2028'), max_size=6),
                     max_size=4))
def test_tags_json_is_json_dumps(tags: list[str]) -> None:
    import json

    from cards.collection.transfer import tags_json

    assert tags_json(tags) == json.dumps(tags, ensure_ascii=False)


# --- the content hash ---------------------------------------------------------------
def _hash_by_definition(card: DeckCard) -> str:
    """The content hash as it was defined: SHA-256 of `json.dumps` of the content."""
    import hashlib
    import json

    src = card.source
    fields = [card.type, card.front, card.back, card.text, card.extra, card.concept,
              list(card.tags), [src.file, src.line, src.quote, src.author] if src else None]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode()).hexdigest()[:32]


_JSON_TEXT = st.text(st.sampled_from('aZ "\\/\x00\x1f\x7f\n\t\u2028é€\U0001f600{}[],:'),
                     max_size=10)


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(_JSON_TEXT, min_size=6, max_size=6),
       tags=st.lists(_JSON_TEXT, max_size=3),
       source=st.one_of(st.none(), st.tuples(
           _JSON_TEXT, st.one_of(st.integers(0, 10**12), st.booleans()), _JSON_TEXT,
           st.one_of(st.none(), _JSON_TEXT))))
def test_content_hash_equals_its_definition(
        texts: list[str], tags: list[str],
        source: tuple[str, int, str, str | None] | None) -> None:
    from cards.collection.transfer import content_hash
    from cards.vocabulary import CardType

    kind = CardType.CLOZE if texts[0].startswith("a") else texts[0]
    card = DeckCard(id="c1", type=kind, front=texts[1], back=texts[2], text=texts[3],
                    extra=texts[4], concept=texts[5], tags=tags,
                    source=Source(*source) if source is not None else None)
    assert content_hash(card) == _hash_by_definition(card)
    card.tags = tuple(tags)  # type: ignore[assignment]  (a row's tags may be a tuple)
    assert content_hash(card) == _hash_by_definition(card)
