"""The plain-text deck format: one UTF-8 TOML file per deck, made to be read and diffed.

```toml
[deck]
name = "seeds"
description = "Drafted from seeds/"

[[cards]]
id = "e-flop"                 # stable, never derived from the card's text
type = "basic"                # or "cloze" with `text` (and optional `extra`)
status = "draft"              # optional: draft | active | suspended | rejected
concept = "E-FLOP"
front = "What is an E-FLOP?"
back = "..."
tags = ["scaling"]

[cards.source]
file = "seeds/002_85fa3e22983243e8.txt"
line = 40
quote = "..."
author = "Cleo Nardo"
```

The reader is strict on purpose: an unknown key is far more often a typo than an
extension, and a deck that half-imports is worse than one that is refused.  Every
problem is reported as one `DeckFormatError` naming the file and line.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from cards.cloze import CLOZE_RE, cloze_ordinals, cloze_problem
from cards.errors import DeckFormatError, StorageIOError
from cards.locations import regular_file, source_path_problem
from cards.textsafe import is_blank
from cards.vocabulary import DECK_STATUSES, CardStatus, CardType

CARD_TYPES = tuple(CardType)
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,127}$")
# C0 control characters other than tab, line feed and carriage return, plus DEL.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Lone surrogates: what Python makes of command-line bytes that are not UTF-8. They
# cannot be stored or written as UTF-8, so they are refused like control characters.
_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")
#: What a tag may not hold: white space (as str.isspace), or either of the above.
_BAD_TAG_RE = re.compile(r"[\s\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
#: Either of the two above: a deck of 100,000 cards is checked in one scan per card.
_ANY_BAD_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")

#: The largest deck file read (a 100,000-card deck with sources is about 60 MB): a
#: bound, so a wrong path or a runaway file cannot fill memory.
MAX_DECK_BYTES = 256 * 1024 * 1024
#: Bounds that keep numbers inside what SQLite's 64-bit integers and the review
#: queue can hold; beyond them a value is a typo or an attack, not a card.
MAX_SOURCE_LINE = 1_000_000_000

_CARD_KEYS = {"id", "type", "status", "concept", "front", "back", "text", "extra", "tags", "source"}
_SOURCE_KEYS = {"file", "line", "quote", "author"}
_DECK_KEYS = {"name", "description"}


@dataclass(frozen=True, slots=True)
class Source:
    """Where a card came from: a passage of the corpus."""

    file: str
    line: int
    quote: str = ""
    author: str | None = None


@dataclass(slots=True)
class DeckCard:
    """One card as it is written in a deck file (no scheduling state)."""

    id: str
    type: str = CardType.BASIC
    front: str = ""
    back: str = ""
    text: str = ""
    extra: str = ""
    concept: str = ""
    tags: list[str] = field(default_factory=list)
    source: Source | None = None
    status: str = CardStatus.ACTIVE


@dataclass(slots=True)
class Deck:
    """A deck file: its header and its cards, in file order."""

    name: str
    description: str = ""
    cards: list[DeckCard] = field(default_factory=list)


__all__ = [
    "CLOZE_RE", "Deck", "DeckCard", "Source", "cloze_ordinals", "dumps_deck", "load_deck",
    "loads_deck", "validate_card_fields", "validate_deck_name", "write_atomically", "write_deck",
]


def validate_card_fields(card: DeckCard) -> None:
    """Check a card's content; raise ValueError with a message a user can act on.

    Shared by the deck reader and by `cards add`, so both refuse the same things.
    """
    if not ID_RE.fullmatch(card.id):  # not match: "$" also matches before a final "\n"
        raise ValueError(
            f"invalid card id {card.id!r}: use letters, digits, '.', '_' or '-' (at most 128)"
        )
    if card.type not in CARD_TYPES:
        raise ValueError(f"type must be 'basic' or 'cloze', not {card.type!r}")
    if card.status not in DECK_STATUSES:
        raise ValueError(f"unknown status {card.status!r}")
    if card.type == CardType.BASIC:
        if is_blank(card.front):
            raise ValueError("the front is empty")
        if is_blank(card.back):
            raise ValueError("the back is empty")
        if card.text:
            raise ValueError("a basic card has front and back, not text")
    else:
        problem = cloze_problem(card.text)
        if problem is not None:
            raise ValueError(problem)
        if card.front or card.back:
            raise ValueError("a cloze card has text, not front and back")
    # One scan of the five fields; only a card that holds something bad is looked at
    # field by field, to name the field.
    if _ANY_BAD_RE.search("".join((card.front, card.back, card.text, card.extra,
                                   card.concept))):
        _check_text_fields(card)
    _check_tags_and_source(card)


def _check_text_fields(card: DeckCard) -> None:
    """Name the field that holds a control character or a lone surrogate."""
    for name in ("front", "back", "text", "extra", "concept"):
        if _CONTROL_RE.search(getattr(card, name)):
            raise ValueError(f"{name} contains a control character")
        if _SURROGATE_RE.search(getattr(card, name)):
            raise ValueError(f"{name} is not valid UTF-8 text")


def _check_tags_and_source(card: DeckCard) -> None:
    for tag in card.tags:
        if not tag or _BAD_TAG_RE.search(tag):
            raise ValueError(f"invalid tag {tag!r} (tags cannot hold spaces)")
    if card.source is not None:
        if not 1 <= card.source.line <= MAX_SOURCE_LINE:
            raise ValueError(f"source line must be 1 to {MAX_SOURCE_LINE:,}")
        where = source_path_problem(card.source.file)
        if where is not None:
            raise ValueError(where)
        src = card.source
        if not _ANY_BAD_RE.search("".join((src.file, src.quote, src.author or ""))):
            return
        for name in ("file", "quote", "author"):
            if _CONTROL_RE.search(getattr(card.source, name) or ""):
                raise ValueError(f"source {name} contains a control character")
            if _SURROGATE_RE.search(getattr(card.source, name) or ""):
                raise ValueError(f"source {name} is not valid UTF-8 text")


def validate_deck_name(name: str) -> None:
    """Refuse a deck name that the deck reader would refuse, so every deck exports."""
    if is_blank(name):
        raise ValueError("the deck name is empty")
    if _CONTROL_RE.search(name) or _SURROGATE_RE.search(name):
        raise ValueError("the deck name contains a control character or bytes that are "
                         "not UTF-8")


def _card_header_lines(text: str) -> list[int]:
    """1-based line numbers of each ``[[cards]]`` header, to point errors at a card."""
    return [
        i for i, line in enumerate(text.splitlines(), start=1)
        if re.match(r"^\s*\[\[\s*cards\s*\]\]", line)
    ]


def _header_line(text: str, index: int) -> int | None:
    """The line of card `index`'s header, found only when there is an error to point
    at (finding every header cost a 100,000-card import 2 s)."""
    lines = _card_header_lines(text)
    return lines[index] if index < len(lines) else None


def _expect_str(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{what} must be a string")
    return value


def _parse_source(raw: object, card_id: str) -> Source:
    if not isinstance(raw, dict):
        raise ValueError(f"card {card_id}: source must be a table")
    unknown = set(raw) - _SOURCE_KEYS
    if unknown:
        raise ValueError(f"card {card_id}: unknown source key {sorted(unknown)[0]!r}")
    if "file" not in raw or "line" not in raw:
        raise ValueError(f"card {card_id}: source needs file and line")
    line = raw["line"]
    if not isinstance(line, int) or isinstance(line, bool):
        raise ValueError(f"card {card_id}: source line must be an integer")
    author = raw.get("author")
    return Source(
        file=_expect_str(raw["file"], f"card {card_id}: source file"),
        line=line,
        quote=_expect_str(raw.get("quote", ""), f"card {card_id}: source quote"),
        author=None if author is None else _expect_str(author, f"card {card_id}: author"),
    )


def _parse_card(raw: object) -> DeckCard:
    if not isinstance(raw, dict):
        raise ValueError("each [[cards]] entry must be a table")
    unknown = set(raw) - _CARD_KEYS
    if unknown:
        raise ValueError(f"unknown card key {sorted(unknown)[0]!r}")
    if "id" not in raw:
        raise ValueError("card has no id")
    card_id = _expect_str(raw["id"], "card id")
    # A malformed id is quoted, so that a line break in it cannot split the error line.
    label = card_id if ID_RE.fullmatch(card_id) else repr(card_id)
    tags = raw.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise ValueError(f"card {label}: tags must be a list of strings")
    status = _expect_str(raw.get("status", CardStatus.ACTIVE), f"card {label}: status")
    card = DeckCard(
        id=card_id,
        type=_expect_str(raw.get("type", CardType.BASIC), f"card {label}: type"),
        front=_expect_str(raw.get("front", ""), f"card {label}: front"),
        back=_expect_str(raw.get("back", ""), f"card {label}: back"),
        text=_expect_str(raw.get("text", ""), f"card {label}: text"),
        extra=_expect_str(raw.get("extra", ""), f"card {label}: extra"),
        concept=_expect_str(raw.get("concept", ""), f"card {label}: concept"),
        tags=list(tags),
        source=_parse_source(raw["source"], label) if "source" in raw else None,
        status=CardStatus.ACTIVE if status == "new" else status,
    )
    try:
        validate_card_fields(card)
    except ValueError as exc:
        raise ValueError(f"card {label}: {exc}") from None
    return card


def _parse_toml(text: str, filename: str) -> dict[str, object]:
    """The TOML document as a dict; DeckFormatError (file, line) if it is not TOML.

    rtoml (Rust's `toml` crate) parses a 100,000-card deck in a fraction of the time
    pure-Python tomllib takes; tomllib stays the fallback where no wheel of it
    exists. Both name the line of a mistake, and neither lets deep nesting through:
    rtoml has a depth limit, tomllib hits Python's recursion limit."""
    try:
        import rtoml
    except ImportError:  # pragma: no cover (the dependency is installed with cards)
        return _parse_tomllib(text, filename)
    try:
        return _parse_pieces(rtoml, text) or cast(dict[str, object], rtoml.loads(text))
    except rtoml.TomlParsingError as exc:
        if "recursion" in str(exc):
            raise DeckFormatError(filename, None, _TOO_DEEP) from None
        raise _toml_error(filename, str(exc)) from None


#: Cards parsed per piece of a big deck (`_parse_pieces`).
PIECE_CARDS = 2000
#: A `[[cards]]` header at the start of a line: where a piece may begin.
_CARDS_HEADER = re.compile(r"^\[\[cards\]\]", re.MULTILINE)


def _parse_pieces(rtoml: Any, text: str) -> dict[str, object] | None:
    """A big deck parsed a few thousand cards at a time, or None (then the whole text
    is parsed at once, and any mistake is reported from there).

    rtoml builds its own tree of the whole document before it makes the Python one:
    for a 100,000-card deck the two together were most of an import's peak memory
    (480 MB). A piece is the text from one `[[cards]]` line to another; it parses to
    just what it means inside the whole document when each piece parses on its own to
    nothing but a `cards` array (an open string or array cannot end at a piece's end:
    that piece would not parse), and the part before the first piece holds no `cards`.
    Anything else (a mistake, another table after the cards) returns None."""
    starts = [m.start() for m in _CARDS_HEADER.finditer(text)]
    if len(starts) <= PIECE_CARDS:
        return None
    bounds = [*starts[::PIECE_CARDS], len(text)]
    try:
        head = rtoml.loads(text[:starts[0]])
        if "cards" in head:
            return None
        cards: list[object] = []
        for start, end in itertools.pairwise(bounds):
            piece = rtoml.loads(text[start:end])
            if piece.keys() != {"cards"} or not isinstance(piece["cards"], list):
                return None
            cards += piece["cards"]
    except rtoml.TomlParsingError:
        return None
    head["cards"] = cards
    return cast(dict[str, object], head)


_TOO_DEEP = "invalid TOML: arrays or tables nested too deeply"
#: Where a parser says a mistake is: tomllib "(at line L, column C)", rtoml
#: "at line L column C".
_AT_LINE = re.compile(r"\s*\(?at line (\d+),? column \d+\)?")


def _toml_error(filename: str, text: str) -> DeckFormatError:
    match = _AT_LINE.search(text)
    line = int(match.group(1)) if match else None
    return DeckFormatError(filename, line, f"invalid TOML: {_AT_LINE.sub('', text).strip()}")


def _parse_tomllib(text: str, filename: str) -> dict[str, object]:
    import tomllib  # the fallback only: not imported by a command that reads no deck

    try:
        return tomllib.loads(text)
    except RecursionError:
        # tomllib parses nested arrays and inline tables recursively, so Python's
        # recursion limit bounds the nesting a deck may have (a few hundred levels;
        # a real deck has two).
        raise DeckFormatError(filename, None, _TOO_DEEP) from None
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(filename, str(exc)) from None


def loads_deck(text: str, *, filename: str = "<deck>", default_name: str = "default") -> Deck:
    """Parse deck TOML text. Raise DeckFormatError naming file and line on any problem."""
    data = _parse_toml(text, filename)
    header = data.get("deck", {})
    if not isinstance(header, dict):
        raise DeckFormatError(filename, None, "[deck] must be a table")
    extra_top = set(data) - {"deck", "cards"}
    if extra_top:
        raise DeckFormatError(filename, None, f"unknown top-level key {sorted(extra_top)[0]!r}")
    unknown = set(header) - _DECK_KEYS
    if unknown:
        raise DeckFormatError(filename, None, f"unknown [deck] key {sorted(unknown)[0]!r}")
    name = header.get("name", default_name)
    description = header.get("description", "")
    if not isinstance(name, str) or not name.strip() or _CONTROL_RE.search(name):
        raise DeckFormatError(filename, None, "[deck] name must be a non-empty string")
    if not isinstance(description, str):
        raise DeckFormatError(filename, None, "[deck] description must be a string")
    raw_cards = data.get("cards", [])
    if not isinstance(raw_cards, list):
        raise DeckFormatError(filename, None, "cards must be an array of [[cards]] tables")
    deck = Deck(name=name.strip(), description=description)
    seen: set[str] = set()
    for index, raw in enumerate(raw_cards):
        try:
            card = _parse_card(raw)
        except ValueError as exc:
            raise DeckFormatError(filename, _header_line(text, index), str(exc)) from None
        if card.id in seen:
            raise DeckFormatError(filename, _header_line(text, index),
                                  f"duplicate card id {card.id!r}")
        seen.add(card.id)
        deck.cards.append(card)
    return deck


def load_deck(path: Path) -> Deck:
    """Read a deck file. Raise DeckFormatError (file, line, reason) if it is not a valid deck,
    and StorageIOError if it cannot be read at all (missing, a folder, no permission).

    The file's type and size are checked before it is opened: a FIFO would block for
    ever and a device such as /dev/zero never ends.
    """
    info = regular_file(path, "deck file")
    try:
        if info.st_size > MAX_DECK_BYTES:
            raise DeckFormatError(str(path), None, f"larger than {MAX_DECK_BYTES >> 20} MB; "
                                  "split it into several deck files")
        with path.open("rb") as handle:
            raw = handle.read(MAX_DECK_BYTES + 1)
    except OSError as exc:
        raise StorageIOError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(raw) > MAX_DECK_BYTES:
        raise DeckFormatError(str(path), None, f"larger than {MAX_DECK_BYTES >> 20} MB; "
                              "split it into several deck files")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DeckFormatError(str(path), line, "not valid UTF-8") from None
    return loads_deck(text, filename=str(path), default_name=path.stem)


def _card_table(card: DeckCard) -> dict[str, object]:
    table: dict[str, object] = {"id": card.id, "type": card.type}
    if card.status != CardStatus.ACTIVE:
        table["status"] = card.status
    if card.concept:
        table["concept"] = card.concept
    if card.type == CardType.BASIC:
        table["front"] = card.front
        table["back"] = card.back
    else:
        table["text"] = card.text
    if card.extra:
        table["extra"] = card.extra
    table["tags"] = list(card.tags)
    if card.source is not None:
        source: dict[str, object] = {"file": card.source.file, "line": card.source.line}
        if card.source.author:
            source["author"] = card.source.author
        source["quote"] = card.source.quote
        table["source"] = source
    return table


def dumps_deck(deck: Deck) -> str:
    """Serialise a deck to TOML text. Deterministic: same deck, same bytes.

    Each card is written as its own ``[[cards]]`` block (tomli_w alone would fold
    short cards into one inline array), so a diff shows one card per hunk.
    """
    import tomli_w  # only writers pay for it

    header: dict[str, object] = {"name": deck.name}
    if deck.description:
        header["description"] = deck.description
    chunks = [tomli_w.dumps({"deck": header})]
    for card in deck.cards:
        table = _card_table(card)
        source = table.pop("source", None)
        tags = cast(list[str], table.pop("tags"))
        block = "[[cards]]\n" + tomli_w.dumps(table, multiline_strings=_multiline_ok(table))
        block += f"tags = [{', '.join(_toml_string(tag) for tag in tags)}]\n"
        if source is not None:
            block += "\n[cards.source]\n" + tomli_w.dumps(
                source, multiline_strings=_multiline_ok(source))  # type: ignore[arg-type]
        chunks.append(block)
    return "\n".join(chunks)


def _multiline_ok(table: dict[str, object]) -> bool:
    """Whether a table's strings survive TOML multi-line form: tomli_w writes a CR LF
    inside one as a bare line break, which reads back as LF, so such values stay
    on one line, escaped."""
    return not any(isinstance(v, str) and "\r\n" in v for v in table.values())


def _toml_string(value: str) -> str:
    """A TOML basic string literal, escaped by tomli_w."""
    import tomli_w

    return tomli_w.dumps({"v": value})[4:-1]


def write_deck(deck: Deck, path: Path, *, make_parents: bool = True) -> None:
    """Write a deck atomically: a crash mid-write never leaves a truncated deck file."""
    data = dumps_deck(deck).encode("utf-8")
    if make_parents:
        path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, data)


def write_atomically(path: Path, data: bytes) -> None:
    """Write a file through a temporary file, fsync and rename, so a crash never leaves
    it half written; it gets the usual permissions (0666 less the umask), not mkstemp's
    0600."""
    import os
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
