"""Export cards to an Anki package (.apkg), so they can be studied on a phone.

This module knows nothing of the database: the collection service turns its cards into
`AnkiCard`s and `export_apkg` writes them. The package's collection is the one genanki
would write (its schema, its `col` row, its note types and decks as JSON, its note
and card rows, its ids), but the rows go in by one `executemany` per table, built
straight from the cards, with each card's scheduling in its row: genanki made an
object per note and card and an INSERT per row, and the scheduling then read the
cards back and updated them, most of an export of 10,000 cards. Everything that makes
a re-export behave well in Anki lives here:

* Note types have ids chosen once (`BASIC_MODEL_ID`, `CLOZE_MODEL_ID`). Anki matches an
  imported note type by id, so changing one would fork every user's notes into a copy.
  Their names differ from Anki's stock types, which Anki would otherwise rename ("Basic+").
* A note's GUID is genanki's `guid_for(card id)` (`note_guid`, the same function without
  its Python loop of big-number arithmetic). genanki's default hashes the fields, which
  turns every edit into a duplicate; ours makes Anki recognise the note as the same one.
* Anki (26.x, "update notes: if newer") only overwrites an existing note when the incoming
  note's mtime is strictly greater. Each note's mtime is therefore its card's own
  `modified_at` (never "now"), so an edited card wins and an untouched one is left as the
  user has it, including edits made in Anki.
* Every field is HTML-escaped, so `<script>` shows as text, and line breaks become `<br>`.
  Escaping never touches `{`, `}` or `:`, so cloze syntax `{{c1::answer::hint}}` survives.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import os
import re
import secrets
import sqlite3
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import genanki

from cards.anki.scheduling import (
    QUEUE_BURIED,
    QUEUE_REVIEW,
    PackageScheduling,
    revlog_rows,
    write_scheduling,
)
from cards.decks import Source
from cards.errors import InvalidInputError, NothingToDoError, StorageIOError
from cards.vocabulary import CardType

#: Fixed forever: Anki identifies note types by these ids across imports.
BASIC_MODEL_ID = 1546819355
CLOZE_MODEL_ID = 1883860068
BASIC_MODEL_NAME = "cards basic"
CLOZE_MODEL_NAME = "cards cloze"
DECK_PREFIX = "cards::"

#: Notes and note types are never older than this. Bump it (to the release date) whenever
#: the fields' HTML, the templates or the CSS change: Anki only replaces a note or a note
#: type whose incoming mtime is newer, so without a bump old imports would keep the old look.
#: Field and template *names* must never change: Anki would fork the note type instead.
RENDER_EPOCH = datetime(2026, 11, 21, tzinfo=UTC)

# Deletions Anki will turn into cards: c1 and up (c0 produces no card).
_CLOZE_NUMBER_RE = re.compile(r"\{\{c(\d+)::.+?\}\}", re.DOTALL)

CSS = """\
.card {
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Noto Sans",
    "Helvetica Neue", Arial, sans-serif;
  font-size: 20px;
  line-height: 1.5;
  text-align: left;
  max-width: 34em;
  margin: 0 auto;
  padding: 0.5em 0.75em;
  overflow-wrap: anywhere;
}
.front, .back, .text, .extra { white-space: pre-wrap; }  /* keep indentation */
hr#answer { border: 0; border-top: 1px solid currentColor; opacity: 0.25; margin: 1em 0; }
.cloze { font-weight: 600; color: #1a5fb4; }
.nightMode .cloze, .night_mode .cloze, .nightMode.card .cloze { color: #8ec5ff; }
.extra { margin-top: 0.75em; }
.source { margin-top: 1.5em; font-size: 0.75em; opacity: 0.7; }
.source .where { font-family: ui-monospace, "SF Mono", Menlo, Consolas, monospace; }
.source blockquote {
  margin: 0.4em 0 0; padding-left: 0.75em; border-left: 3px solid currentColor;
  font-style: italic;
}
"""

_SOURCE_BLOCK = '{{#Source}}\n<div class="source">{{Source}}</div>\n{{/Source}}'


def _basic_model() -> genanki.Model:
    """The basic note type: the front asks, the back answers, Source cites the passage."""
    return genanki.Model(
        BASIC_MODEL_ID,
        BASIC_MODEL_NAME,
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Source"}],
        templates=[{
            "name": "Card 1",
            "qfmt": '<div class="front">{{Front}}</div>',
            "afmt": '{{FrontSide}}\n<hr id="answer">\n<div class="back">{{Back}}</div>\n'
            + _SOURCE_BLOCK,
        }],
        css=CSS,
        model_type=genanki.Model.FRONT_BACK,
    )


def _cloze_model() -> genanki.Model:
    """The cloze note type: one card per deletion in Text; Extra and Source on the back."""
    return genanki.Model(
        CLOZE_MODEL_ID,
        CLOZE_MODEL_NAME,
        fields=[{"name": "Text"}, {"name": "Extra"}, {"name": "Source"}],
        templates=[{
            "name": "Cloze",
            "qfmt": '<div class="text">{{cloze:Text}}</div>',
            "afmt": '<div class="text">{{cloze:Text}}</div>\n'
            '{{#Extra}}\n<div class="extra">{{Extra}}</div>\n{{/Extra}}\n' + _SOURCE_BLOCK,
        }],
        css=CSS,
        model_type=genanki.Model.CLOZE,
    )


@dataclass(frozen=True, slots=True)
class AnkiCard:
    """One card to export, as plain text: this module does all the HTML."""

    id: str
    deck: str
    type: str  # "basic" or "cloze"
    front: str
    back: str
    text: str  # cloze text, Anki syntax: {{c1::answer}} or {{c1::answer::hint}}
    extra: str
    tags: tuple[str, ...]
    source: Source | None
    modified_at: datetime  # UTC, aware; drives the note's mtime in Anki
    suspended: bool = False  # suspended here: its Anki cards arrive suspended too


@dataclass(frozen=True, slots=True)
class ExportSummary:
    """What was written, for the CLI to report."""

    notes: int
    cards: int
    decks: int

    def __str__(self) -> str:
        """One line for the CLI, e.g. "2 notes, 3 cards in 1 deck"."""
        def plural(n: int, word: str) -> str:
            return f"{n} {word}" + ("" if n == 1 else "s")

        return (f"{plural(self.notes, 'note')}, {plural(self.cards, 'card')} "
                f"in {plural(self.decks, 'deck')}")


#: genanki's base-91 alphabet of note GUIDs (`genanki.util.BASE91_TABLE`).
_BASE91 = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
           "!#$%&()*+,-./:;<=>?@[]^_`{|}~")


def note_guid(card_id: str) -> str:
    """genanki's `guid_for(card_id)`: the first 8 bytes of the id's SHA-256 as a number,
    written in Anki's base 91 (a test checks it against genanki's)."""
    number = int.from_bytes(hashlib.sha256(str(card_id).encode("utf-8")).digest()[:8], "big")
    digits = []
    while number:
        number, digit = divmod(number, 91)
        digits.append(_BASE91[digit])
    return "".join(reversed(digits))


def html_text(text: str) -> str:
    """Plain text as Anki field HTML: escaped, with line breaks kept as <br>.

    Outer blank lines go (TOML multi-line strings end with one); inner spacing stays,
    and the CSS keeps it visible.
    """
    escaped = html.escape(text.strip(), quote=False)
    return escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def source_html(source: Source | None) -> str:
    """The Source field: "file:line · author", then the quote. Empty without a source."""
    if source is None:
        return ""
    where = f'<span class="where">{html_text(f"{source.file}:{source.line}")}</span>'
    if source.author:
        where += f' · <span class="author">{html_text(source.author)}</span>'
    parts = [f"<div>{where}</div>"]
    if source.quote.strip():
        parts.append(f"<blockquote>{html_text(source.quote.strip())}</blockquote>")
    return "".join(parts)


def anki_tags(tags: Iterable[str]) -> list[str]:
    """Tags as Anki takes them: no spaces inside (they separate tags), no empties, no repeats.

    Each run of whitespace inside becomes one "_" and the ends are stripped: that is
    what `str.split` and a join give (the same whitespace as `\\s` in a pattern), a
    regular expression substitution per tag was a sixth of an export."""
    cleaned = ("_".join(tag.split()) for tag in tags)
    return list(dict.fromkeys(tag for tag in cleaned if tag))


def anki_deck_name(deck: str) -> str:
    """Our deck "x" is "cards::x" in Anki, so all exported decks sit under one parent."""
    return DECK_PREFIX + deck.strip()


def deck_id_for(name: str) -> int:
    """A stable deck id derived from the Anki deck name, inside JavaScript's safe range."""
    digest = hashlib.sha256(f"cards deck\x1f{name}".encode()).digest()
    return (1 << 32) + int.from_bytes(digest[:8], "big") % ((1 << 52) - (1 << 32))


def note_mtime(modified_at: datetime) -> int:
    """Seconds since the epoch for a note's mtime; naive datetimes are taken as UTC."""
    if modified_at.tzinfo is None:
        modified_at = modified_at.replace(tzinfo=UTC)
    return int(max(modified_at, RENDER_EPOCH).timestamp())


def _check_card(card: AnkiCard) -> None:
    """Refuse what Anki would import as a note without cards, or outside any deck."""
    if not card.deck.strip():
        raise InvalidInputError(f"card {card.id}: the deck name is empty")
    if card.type == CardType.BASIC:
        if not card.front.strip():
            raise InvalidInputError(f"card {card.id}: the front is empty")
    elif card.type == CardType.CLOZE:
        if not any(int(m.group(1)) > 0 for m in _CLOZE_NUMBER_RE.finditer(card.text)):
            raise InvalidInputError(
                f"card {card.id}: the cloze text has no deletion such as {{{{c1::term}}}}")
    else:
        raise InvalidInputError(f"card {card.id}: type must be 'basic' or 'cloze', not "
                                f"{card.type!r}")


def _fields(card: AnkiCard) -> list[str]:
    """The note's fields, in the note type's order."""
    source = source_html(card.source)
    if card.type == CardType.CLOZE:
        return [html_text(card.text), html_text(card.extra), source]
    back = html_text(card.back)
    if card.extra.strip():
        back += f'<div class="extra">{html_text(card.extra)}</div>'
    return [html_text(card.front), back, source]


def _card_ords(card: AnkiCard, first_field: str) -> list[int]:
    """Anki's card ordinals of a note, as genanki derives them: a basic note has card 0
    if its Front is not empty; a cloze note one card per deletion cN (N > 0) found in
    its Text field, as N - 1, in the order genanki's set of them gives."""
    if card.type != CardType.CLOZE:
        return [0] if first_field else []
    return list({int(m) - 1 for m in _GENANKI_CLOZE_RE.findall(first_field) if int(m) > 0})


#: genanki's pattern for the deletions of a cloze field (`Note._cloze_cards`).
_GENANKI_CLOZE_RE = re.compile(r"{{c(\d+)::.+?}}", re.DOTALL)
_MODEL_IDS: dict[str, int] = {CardType.BASIC: BASIC_MODEL_ID, CardType.CLOZE: CLOZE_MODEL_ID}


@dataclass(slots=True)
class _Rows:
    """The package's note, card and revlog rows, and the decks (name -> id) they use."""

    notes: list[tuple[Any, ...]]
    cards: list[tuple[Any, ...]]
    revlog: list[tuple[Any, ...]]
    decks: dict[str, int]
    models: dict[str, list[str]]  # deck name -> its note types, in order of first use


def _build_rows(cards: Sequence[AnkiCard], timestamp: int,
                scheduling: PackageScheduling | None) -> _Rows:
    """Every row of the package, in genanki's order: deck by deck (decks in order of
    first appearance), each deck's notes in the given order, a note's id then its
    cards' ids counting up from the timestamp in milliseconds (`_id_counter`); a note's
    due is its place in the whole selection (kept as new-card order)."""
    by_deck: dict[str, list[tuple[int, AnkiCard]]] = {}
    seen: set[str] = set()
    for position, card in enumerate(cards):
        if card.id in seen:
            raise InvalidInputError(f"card {card.id}: selected twice")
        seen.add(card.id)
        _check_card(card)
        by_deck.setdefault(anki_deck_name(card.deck), []).append((position, card))
    ids = _id_counter(timestamp)
    rows = _Rows([], [], [], {}, {})
    card_ids: dict[tuple[str, int], int] = {}  # (card id, our ord) -> Anki card id
    items = scheduling.items if scheduling is not None else {}
    today = scheduling.today if scheduling is not None else None
    for name, placed in by_deck.items():
        did = rows.decks[name] = deck_id_for(name)
        models = rows.models[name] = []
        for position, card in placed:
            fields = _fields(card)
            mtime = note_mtime(card.modified_at)
            if card.type not in models:
                models.append(card.type)
            nid = next(ids)
            rows.notes.append((nid, note_guid(card.id), _MODEL_IDS[card.type], mtime, -1,
                               f" {' '.join(anki_tags(card.tags))} ", "\x1f".join(fields),
                               fields[0], 0, 0, ""))
            shift = 1 if card.type == CardType.CLOZE else 0  # Anki's ord of cN is N - 1
            for anki_ord in _card_ords(card, fields[0]):
                cid = card_ids[(card.id, anki_ord + shift)] = next(ids)
                item = items.get((card.id, anki_ord + shift))
                queue = -1 if card.suspended else 0
                if item is None or item.due is None or today is None:
                    rows.cards.append((cid, nid, did, anki_ord, mtime, -1, 0, queue, position,
                                       0, 0, 0, 0, 0, 0, 0, 0, ""))
                    continue
                # A suspended card keeps queue -1: only its type and numbers change.
                if queue == 0:
                    queue = QUEUE_BURIED if item.buried else QUEUE_REVIEW
                rows.cards.append((cid, nid, did, anki_ord, mtime, -1, 2, queue,
                                   (item.due - today).days, max(1, item.interval),
                                   item.easiness * 10, item.repetitions, item.lapses,
                                   0, 0, 0, 0, ""))
    if scheduling is not None:
        rows.revlog = revlog_rows(cards, scheduling, card_ids)
    return rows


def _col_json(conn: sqlite3.Connection, rows: _Rows, timestamp: int) -> tuple[str, str]:
    """The `decks` and `models` JSON of the `col` row, as genanki leaves them: it loads,
    updates and dumps both once per deck, in deck order (a note type's `did` is the
    last deck using it; an id written again is kept as the text genanki writes)."""
    decks_json, models_json = conn.execute("SELECT decks, models FROM col").fetchone()
    note_types: dict[str, Any] = {CardType.BASIC: _basic_model(), CardType.CLOZE: _cloze_model()}
    for name, did in rows.decks.items():
        decks = json.loads(decks_json)
        decks.update({str(did): genanki.Deck(did, name).to_json()})
        decks_json = json.dumps(decks)
        models = json.loads(models_json)
        models.update({note_types[kind].model_id: note_types[kind].to_json(timestamp, did)
                       for kind in rows.models[name]})
        models_json = json.dumps(models)
    return decks_json, models_json


def _package_bytes(rows: _Rows, timestamp: int,
                   scheduling: PackageScheduling | None = None) -> bytes:
    """The package's collection database, as bytes.

    Filled in memory and zipped by us: genanki's `Package.write_to_file` would leak its
    temporary SQLite file in the system temp folder on every export.
    """
    from genanki.apkg_col import APKG_COL
    from genanki.apkg_schema import APKG_SCHEMA

    # The tables first and genanki's indexes once the rows are in (one build each,
    # not an update per row); no journal for a database that lives only this long.
    tables, indexes = APKG_SCHEMA.split("CREATE INDEX", 1)
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("PRAGMA journal_mode=OFF")
        conn.executescript(tables)
        conn.executescript(APKG_COL)
        decks_json, models_json = _col_json(conn, rows, timestamp)
        conn.execute("UPDATE col SET decks = ?, models = ?", (decks_json, models_json))
        conn.executemany("INSERT INTO notes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         rows.notes)
        conn.executemany("INSERT INTO cards VALUES"
                         " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows.cards)
        if scheduling is not None:
            write_scheduling(conn, scheduling, rows.revlog)
        conn.commit()
        conn.executescript("CREATE INDEX" + indexes)
        return conn.serialize()
    finally:
        conn.close()


def _id_counter(timestamp: int) -> Iterator[int]:
    """Note and card ids as genanki makes them: milliseconds counting up from the timestamp."""
    return itertools.count(timestamp * 1000)


def _zip_entry(name: str, timestamp: int) -> zipfile.ZipInfo:
    """A zip entry dated from the cards, not the clock, so equal input gives equal bytes."""
    when = datetime.fromtimestamp(max(timestamp, 315532800), UTC)  # zip cannot date < 1980
    info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


#: zlib's fastest level for the collection: its pages compress about as well at level 1
#: (a few per cent larger), and level 6 spent a third of an export of 100,000 answers.
COMPRESS_LEVEL = 1


def _write_package(database: bytes, timestamp: int, handle: Any) -> None:
    """The .apkg layout genanki writes: the collection plus an empty media map."""
    with zipfile.ZipFile(handle, "w") as archive:
        archive.writestr(_zip_entry("collection.anki2", timestamp), database,
                         compresslevel=COMPRESS_LEVEL)
        archive.writestr(_zip_entry("media", timestamp), "{}")


def _check_destination(out: Path) -> None:
    """Fail early, with a message naming the real problem, before any work is done."""
    if out.is_dir():
        raise StorageIOError(f"cannot write {out}: it is a directory")
    parent = out.parent
    if not parent.exists():
        raise StorageIOError(f"cannot write {out}: folder {parent} does not exist")
    if not parent.is_dir():
        raise StorageIOError(f"cannot write {out}: {parent} is not a folder")


def _atomic_write(out: Path, database: bytes, timestamp: int) -> None:
    """Write next to `out`, then rename: a reader never sees a half-written package.

    The temporary file is opened with "x" rather than made by mkstemp so that the final
    package gets the user's usual permissions (umask), not 0600.
    """
    tmp = out.with_name(f".{out.name}.{secrets.token_hex(6)}.tmp")
    try:
        with open(tmp, "xb") as handle:
            _write_package(database, timestamp, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        reason = exc.strerror or str(exc)
        raise StorageIOError(f"cannot write {out}: {reason.lower()}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def export_apkg(cards: Sequence[AnkiCard], out: Path,
                scheduling: PackageScheduling | None = None) -> ExportSummary:
    """Write `cards` to the Anki package `out`, replacing it atomically.

    With `scheduling`, the package also carries each item's SM-2 state and the review
    log (see `cards.anki.scheduling`); without it, every card arrives new.

    Raises NothingToDoError for an empty selection, InvalidInputError for a card Anki
    could not turn into a card, and StorageIOError when `out` cannot be written; in every
    case no package (whole or partial) is left behind.
    """
    if not cards:
        raise NothingToDoError("nothing to export: no cards selected")
    out = Path(out)
    _check_destination(out)
    # The package timestamp dates the note types and seeds note/card ids; taking it from
    # the newest card (not the clock) makes the export reproducible.
    timestamp = max(note_mtime(card.modified_at) for card in cards)
    rows = _build_rows(cards, timestamp, scheduling)
    database = _package_bytes(rows, timestamp, scheduling)
    _atomic_write(out, database, timestamp)
    return ExportSummary(notes=len(rows.notes), cards=len(rows.cards), decks=len(rows.decks))
