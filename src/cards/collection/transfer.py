"""Moving cards in and out of a collection: deck files, the bundled deck, Anki, sources.

Import is all-or-nothing: every file is parsed and checked before one transaction
writes them all, so a malformed file leaves the collection exactly as it was.
"""

from __future__ import annotations

import gc
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from json.encoder import encode_basestring
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, TypeVar

from cards.anki.formats import is_package
from cards.collection.core import as_utc, item_ords
from cards.collection.views import CardView, ImportReport, SourceContext
from cards.corpus import file_text
from cards.decks import Deck, DeckCard, Source, load_deck, validate_deck_name, write_deck
from cards.errors import InvalidInputError, NotFoundError, NothingToDoError, StorageIOError
from cards.store import Store, anki_queries
from cards.store.folding import folded_text

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlmodel import Session

    from cards.anki import AnkiCard
    from cards.store.staging import Stage
from cards.collection.core import Collection

#: Decisions a deck file's status never overrides on re-import.
STICKY = ("rejected", "deleted")
T = TypeVar("T")


def _resolved_status(existing: str, incoming: str) -> str:
    """The status a re-imported card ends with.

    A rejection or deletion always stands; a file that still calls the card a draft
    never undoes an accept, a suspension or a reject; otherwise the file wins.
    """
    if existing in STICKY:
        return existing
    if incoming == "draft" and existing != "draft":
        return existing
    return incoming


#: `json.dumps(..., ensure_ascii=False)`, its encoder made once (dumps makes one per
#: call when given options: a second of a 100,000-card import).
_JSON = json.JSONEncoder(ensure_ascii=False)
#: How that encoder quotes a string.
_quote = encode_basestring


def content_hash(card: DeckCard) -> str:
    """A fingerprint of everything a deck file says about a card except its status:
    the SHA-256 of `_content_json`."""
    try:
        text = _content_json(card)
    except TypeError:  # a value of another type than the usual ones: the encoder says
        text = _content_json_encoded(card)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _content_json_encoded(card: DeckCard) -> str:
    """The JSON a card's content hash is taken of, by the JSON encoder: the list of its
    type, front, back, text, extra, concept, tags and source (`null`, or the list of
    its file, line, quote and author)."""
    src = card.source
    fields = [card.type, card.front, card.back, card.text, card.extra, card.concept,
              list(card.tags), [src.file, src.line, src.quote, src.author] if src else None]
    return _JSON.encode(fields)


def _content_json(card: DeckCard) -> str:
    """`_content_json_encoded`, written out with the encoder's own string quoting (C's
    `encode_basestring`, which it calls for each string): the encoder's per-call setup
    was most of hashing 100,000 cards (1.1 s against 0.4 s). TypeError for a value that
    is not a string where a string belongs (the encoder then writes it)."""
    q = _quote
    src = card.source
    if src is None:
        source = "null"
    elif type(src.line) is not int:
        raise TypeError("not a plain int")
    else:
        author = "null" if src.author is None else q(src.author)
        source = f"[{q(src.file)}, {src.line}, {q(src.quote)}, {author}]"
    return (f"[{q(card.type)}, {q(card.front)}, {q(card.back)}, {q(card.text)}, "
            f"{q(card.extra)}, {q(card.concept)}, [{', '.join(map(q, card.tags))}], {source}]")


def row_hash(row: Any) -> str:
    """The content hash of a stored card (an ORM or a Core row)."""
    return content_hash(CardView.from_row(row, "").to_deck_card())


def deck_paths(paths: Sequence[Path]) -> list[Path]:
    """The deck files to import: each file as given, and a folder's ``*.toml`` files
    (not its hidden ones nor its subfolders), each file once. An Anki package among
    deck files is refused before anything is read as TOML (the CLI imports a package
    given alone through `cards.anki`)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            # Every *.toml counts, a FIFO or device too: `load_deck` refuses it (exit 6)
            # without opening it, rather than the folder importing without a word.
            found = sorted(p for p in path.glob("*.toml")
                           if not p.is_dir() and not p.name.startswith("."))
            if not found:
                raise NothingToDoError(f"no deck files (*.toml) in folder {path}")
            out += found
        else:
            out.append(path)
    for path in out:
        if path.is_file() and is_package(path):  # a FIFO is never opened here
            raise InvalidInputError(
                f"{path} is an Anki package: import it on its own ('cards import {path}')")
    unique: dict[Path, Path] = {}
    for path in out:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a bulk read or plan.

    Parsing 100,000 cards makes over a million objects, none in a reference cycle
    (they are freed by reference counting as ever); the collector counted them as
    allocations and walked every live one in each full pass, five passes per load.
    It is turned back on (if it was on) however the block ends."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def load_deck_files(paths: Sequence[Path]) -> list[tuple[Path, Deck]]:
    """Parse and check deck files without a collection: `cards import` does this
    before opening one, so bad input never creates, migrates or touches it."""
    if not paths:
        raise NothingToDoError("no deck files given")
    with _no_cycle_collection():
        loaded = [(path, load_deck(path)) for path in deck_paths(paths)]
    seen: dict[str, Path] = {}
    for path, deck in loaded:
        for card in deck.cards:
            if card.id in seen:
                raise InvalidInputError(
                    f"card id {card.id!r} is in both {seen[card.id]} and {path}")
            seen[card.id] = path
    return loaded


#: The card-table columns of a card's content, in the order `content_values` gives them.
CONTENT_NAMES = ("type", "front", "back", "text", "extra", "concept", "tags", "source_file",
                 "source_line", "source_quote", "source_author", "folded")


#: Tag text that JSON writes as it is (`tags_json`): printable ASCII but '"' and '\\'.
_PLAIN_TAG = re.compile(r'[ !#-\[\]-~]*')


def tags_json(tags: Sequence[str]) -> str:
    """`json.dumps(list(tags), ensure_ascii=False)`, without the encoder for the usual
    tags (plain ASCII words, which JSON writes as they are): the encoder was a tenth of
    an import."""
    if all(_PLAIN_TAG.fullmatch(tag) for tag in tags):
        return '["' + '", "'.join(tags) + '"]' if tags else "[]"
    return _JSON.encode(list(tags))


def content_values(card: DeckCard) -> tuple[Any, ...]:
    """A card's content as the values of `CONTENT_NAMES` (what the card repository
    writes for it), for bulk writes that build no row object or dict per card."""
    src = card.source
    file, quote, author = (src.file, src.quote, src.author) if src else (None, None, None)
    return (card.type, card.front, card.back, card.text, card.extra, card.concept,
            tags_json(card.tags), file, src.line if src else None, quote, author,
            folded_text([card.id, card.front, card.back, card.text, card.extra, card.concept,
                         file, quote, author], card.tags))


def content_columns(card: DeckCard) -> dict[str, Any]:
    """`content_values` by column name."""
    return dict(zip(CONTENT_NAMES, content_values(card), strict=True))


#: The schedule columns of an item never answered, and their values after its key.
NEW_ITEM_NAMES = ("card_id", "ord", "repetitions", "interval", "easiness", "due", "lapses",
                  "last_review", "buried_until")
_NEW_ITEM_REST = (0, 0, 250, None, 0, None, None)


def new_item(card_id: str, ord_: int) -> dict[str, Any]:
    """A schedule row of an item never answered."""
    return dict(zip(NEW_ITEM_NAMES, (card_id, ord_, *_NEW_ITEM_REST), strict=True))


#: The staged columns of a card an import adds, in the order `_plan_decks` gives them.
NEW_CARD_NAMES = (*CONTENT_NAMES, "id", "deck_name", "seq_offset", "status", "created_at",
                  "modified_at", "imported_hash")


def check_new_deck(name: str) -> None:
    try:
        validate_deck_name(name)
    except ValueError as exc:
        raise InvalidInputError(str(exc)) from None


#: How many times an import plans outside the write lock before it plans under it (a
#: conflict means another process changed a card the import was about to write).
STAGED_ATTEMPTS = 3


def staged_import(collection: Collection, plan: Callable[[Connection, Stage], T],
                  finish: Callable[[Session, T], None] | None = None) -> T:
    """Run `plan` (read the collection, stage the changes) outside the write lock, then
    swap the staged rows in with one short write transaction (see `store.staging`);
    `finish`, given, runs last in that transaction (with what `plan` returned).

    On a conflict the write transaction writes nothing and the import plans again;
    the last attempt plans under the lock, so an import always ends. Either way the
    collection gets all of the import or none of it.
    """
    from cards.store.staging import Stage

    store = collection.store
    with store.connection() as conn:
        try:
            result = _staged_attempts(store, conn, plan, finish)
        except BaseException:
            # A failed import (a full disk, an interrupt) may leave the connection in
            # a transaction: throw it away, and its TEMP tables with it.
            conn.invalidate()
            raise
        with store.read_on(conn) as session:
            Stage.drop_all(session.connection())
        return result


def _staged_attempts(store: Store, conn: Connection, plan: Callable[[Connection, Stage], T],
                     finish: Callable[[Session, T], None] | None) -> T:
    from cards.store.staging import Stage

    for attempt in range(STAGED_ATTEMPTS):
        under_lock = attempt == STAGED_ATTEMPTS - 1
        if not under_lock:
            with store.read_on(conn) as session:
                stage = Stage(session.connection())
                result = plan(stage.conn, stage)
        with store.write_on(conn) as session:
            if under_lock:
                stage = Stage(session.connection())
                result = plan(stage.conn, stage)
            elif Stage(session.connection(), create=False).conflicts():
                continue  # nothing written: this transaction commits nothing
            stage.apply()
            if finish is not None:
                finish(session, result)
            return result
    raise AssertionError("unreachable: the last attempt plans under the lock")


def import_decks(
    collection: Collection, paths: Sequence[Path] | Sequence[tuple[Path, Any]], *,
    accept_drafts: bool = False,
) -> ImportReport:
    """Import deck files (or decks `load_deck_files` parsed) idempotently: same id,
    same card; history always kept. Staged, so other writers are not held up."""
    loaded = [entry for entry in paths if isinstance(entry, tuple)]
    if len(loaded) != len(paths) or not paths:
        loaded = load_deck_files(paths)  # type: ignore[arg-type]
    now = as_utc(collection.now())

    def plan(conn: Connection, stage: Stage) -> ImportReport:
        with _no_cycle_collection():
            return _plan_decks(conn, stage, loaded, accept_drafts, now)
    return staged_import(collection, plan)


def _plan_decks(
    conn: Connection, stage: Stage, loaded: list[tuple[Path, Deck]], accept_drafts: bool,
    now: datetime,
) -> ImportReport:
    """Every change importing these decks makes, staged; the report of what it does."""
    from cards.store import staging

    counts: Counter[str] = Counter()
    existing = staging.card_rows(conn, [c.id for _, deck in loaded for c in deck.cards])
    decks = staging.deck_ids(conn)
    names = {deck_id: name for name, deck_id in decks.items()}
    # new cards and items as rows of values, ready for the driver (the import's one
    # time converted once): a dict per row, and converting them, were seconds of it
    at = stage.param(now)
    new_cards: list[tuple[Any, ...]] = []
    new_items: list[tuple[str, int]] = []  # their other columns: _NEW_ITEM_REST
    updates: list[dict[str, Any]] = []
    resynced: dict[str, DeckCard] = {}
    for path, deck in loaded:
        if deck.name not in decks:
            check_new_deck(deck.name)
        stage.add(stage.decks, [{"name": deck.name, "description": deck.description,
                                 "source_dir": str(path.resolve().parent), "created_at": now}])
        for card in deck.cards:
            row = existing.get(card.id)
            if row is None:
                status = "active" if accept_drafts and card.status == "draft" else card.status
                new_cards.append((*content_values(card), card.id, deck.name, len(new_cards) + 1,
                                  status, at, at, content_hash(card)))
                new_items += [(card.id, o) for o in item_ords(card)]
                counts["waiting"] += status == "draft"
                counts["added"] += 1
                continue
            if row.status == "deleted":  # deleted here: it stays gone, said so
                counts["deleted"] += 1
                continue
            if row.deck_id != decks.get(deck.name):
                raise InvalidInputError(
                    f"{path}: card {card.id} already belongs to deck "
                    f"{names.get(row.deck_id, '?')!r}; card ids are unique across decks "
                    f"(move it with 'cards edit {card.id} --deck', or give it another id)")
            values = _updated_values(row, card, now, counts)
            if values is not None:
                updates.append({**values, **staging.version(row)})
                if values["text"] != row.text or values["type"] != row.type:
                    resynced[card.id] = card
            counts["waiting"] += (values or row._mapping)["status"] == "draft"
    stage.add_ready(stage.new_cards, NEW_CARD_NAMES, new_cards)
    stage.add_ready(stage.new_items, NEW_ITEM_NAMES, new_items, same=_NEW_ITEM_REST)
    stage.add(stage.card_updates, updates)
    _stage_resync(conn, stage, resynced)
    return ImportReport(
        decks=tuple(d.name for _, d in loaded), added=counts["added"],
        updated=counts["updated"], unchanged=counts["unchanged"], deleted=counts["deleted"],
        kept_decisions=counts["kept"], kept_edits=counts["kept_edit"],
        drafts_waiting=counts["waiting"])


def _updated_values(
    row: Any, card: DeckCard, now: datetime, counts: Counter[str]
) -> dict[str, Any] | None:
    """The card row after importing `card` over it, or None if it stays as it is.

    A rejection or deletion stands, and so does an edit made here since the last
    import (the stored `imported_hash` then differs from the row's content).
    """
    from cards.store import staging

    file_hash = content_hash(card)
    status = _resolved_status(row.status, card.status)
    counts["kept"] += status != card.status
    current = row_hash(row)
    edited_here = row.imported_hash is not None and current != row.imported_hash
    take_content = current != file_hash and not edited_here
    counts["kept_edit"] += current != file_hash and edited_here
    status_changes = status != row.status
    values = {name: getattr(row, name) for name in staging.UPDATED_COLUMNS}
    if take_content:
        values.update(content_columns(card), modified_at=now)
    if take_content or current == file_hash:
        values["imported_hash"] = file_hash
    if status_changes:
        values.update(status=status, modified_at=now)
    changed = take_content or status_changes
    counts["updated" if changed else "unchanged"] += 1
    if not changed and values["imported_hash"] == row.imported_hash:
        return None
    return {**values, "id": row.id}


def _stage_resync(conn: Connection, stage: Stage, cards: dict[str, DeckCard]) -> None:
    """One schedule row per review item of cards whose cloze deletions changed: items
    for new deletions, and the items of deletions that are gone dropped."""
    from cards.store import staging

    if not cards:
        return
    have: dict[str, set[int]] = {}
    for card_id, ord_ in staging.item_rows(conn, list(cards)):
        have.setdefault(card_id, set()).add(ord_)
    added, dropped = [], []
    for card_id, card in cards.items():
        wanted, there = set(item_ords(card)), have.get(card_id, set())
        added += [new_item(card_id, o) for o in sorted(wanted - there)]
        dropped += [{"card_id": card_id, "ord": o} for o in sorted(there - wanted)]
    stage.add(stage.new_items, added)
    stage.add(stage.dropped_items, dropped)


def deck_for_export(collection: Collection, deck: str) -> Deck:
    """A deck as it would be written to TOML, cards in their collection order."""
    items = collection.find_cards(deck=deck)
    with collection.store.reading() as repos:
        row = repos.decks.find(deck)
    if row is None:
        raise NotFoundError(f"no deck named {deck!r}")
    return Deck(name=row.name, description=row.description,
                cards=[item.card.to_deck_card() for item in items])


def export_toml(collection: Collection, path: Path, deck: str | None = None, *,
                folder: bool = False) -> list[Path]:
    """Write one deck to `path`, or every deck into `path` if it is a folder (or
    `folder` says it is meant as one: then it is created if missing)."""
    names = collection.deck_names()
    if not names:
        raise NothingToDoError("the collection has no decks to export")
    if deck is not None and deck not in names:
        raise NotFoundError(f"no deck named {deck!r}")
    folder = folder or path.is_dir()
    if deck is None and len(names) > 1 and not folder:
        raise InvalidInputError(
            f"the collection has {len(names)} decks: pick one with --deck, or give a folder "
            f"(end it with '/': {path}/)")
    if folder:
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageIOError(f"cannot make folder {path}: {exc.strerror or exc}") from None
    elif not path.parent.is_dir():
        why = "is not a folder" if path.parent.exists() else "does not exist"
        raise StorageIOError(f"cannot write {path}: no folder {path.parent} ({why})")
    targets = (_folder_targets(path, [deck] if deck else names) if folder
               else [(deck or names[0], path)])
    written = []
    for name, target in targets:
        try:
            write_deck(deck_for_export(collection, name), target, make_parents=False)
        except OSError as exc:
            raise StorageIOError(f"cannot write {target}: {exc.strerror or exc}") from None
        written.append(target)
    return written


def _folder_targets(folder: Path, names: list[str]) -> list[tuple[str, Path]]:
    """One file per deck in `folder`; names that clean to the same file name ("a b" and
    "a_b", or differing only in case) get -2, -3 ... so no deck overwrites another."""
    taken: set[str] = set()
    targets = []
    for name in names:
        stem = base = _safe_name(name)
        n = 1
        while stem.casefold() in taken:
            n += 1
            stem = f"{base}-{n}"
        taken.add(stem.casefold())
        targets.append((name, folder / f"{stem}.toml"))
    return targets


#: File names are at most 255 bytes on most file systems; leave room for -N and .toml.
_MAX_STEM_BYTES = 200


def _safe_name(name: str) -> str:
    """A file name stem for a deck: letters, digits, '-', '_', '.'; a name too long for a
    file system is cut and given a hash of the whole, so distinct decks stay distinct."""
    stem = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name).strip(".")
    stem = stem or "deck"
    if len(stem.encode()) <= _MAX_STEM_BYTES:
        return stem
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    cut = stem.encode()[:_MAX_STEM_BYTES - 13].decode("utf-8", "ignore")
    return f"{cut}-{digest}"


def anki_cards(
    collection: Collection, deck: str | None = None, *, include_drafts: bool = False,
    include_suspended: bool = False,
) -> list[AnkiCard]:
    """The cards to put in an Anki package: the active ones, plus drafts and suspended
    cards if asked.

    Suspended cards stay out by default because Anki's importer drops a card's
    suspension unless "import scheduling" is ticked; included, they carry it.
    """
    from cards.anki import AnkiCard

    statuses = ["active"] + ["draft"] * include_drafts + ["suspended"] * include_suspended
    if deck is not None and deck not in collection.deck_names():
        raise NotFoundError(f"no deck named {deck!r}")
    with collection.store.reading() as repos:
        rows = anki_queries.export_cards(repos.tx, statuses)
    out = []
    for (card_id, name, type_, front, back, text, extra, tags, file, line, quote, author,
         status, modified_at) in rows:
        if deck is not None and name != deck and not name.startswith(f"{deck}::"):
            continue  # the deck and its children, as `find_cards` takes it
        source = Source(file, line, quote or "", author) if (
            file is not None and line is not None) else None
        out.append(AnkiCard(
            id=card_id, deck=name, type=type_, front=front, back=back, text=text,
            extra=extra, tags=tuple(json.loads(tags)), source=source,
            modified_at=modified_at, suspended=status == "suspended",
        ))
    return out


#: The folder `cards draft` writes decks into; its parent holds the corpus folders.
DECKS_FOLDER = "decks"


def _corpus_folders(collection: Collection, card: CardView) -> Iterable[Path]:
    """The folders a card's source file may be in: the folder of the deck file it was
    last imported from, and for a deck in a ``decks/`` folder (where `cards draft notes`
    writes decks/notes.toml, citing notes/x.txt) the folder above. Never the current
    folder, nor the parent of a deck lying anywhere else (a deck in ~/Downloads must
    not reach the rest of ~)."""
    with collection.store.reading() as repos:
        deck = repos.decks.find(card.deck)
    if deck is None or not deck.source_dir:
        return
    folder = Path(deck.source_dir)
    yield folder
    if folder.name == DECKS_FOLDER:
        yield folder.parent


def _is_hidden(file: str) -> bool:
    """A source under a hidden folder (.ssh, .config): the drafter never reads those."""
    return any(part.startswith(".") and part not in (".", "..")
               for part in PurePosixPath(file.replace("\\", "/")).parts)


def _source_candidates(collection: Collection, card: CardView) -> Iterable[Path]:
    """Where the source file may be, each confined to a corpus folder by the same
    rule the deck reader applies (`locations.safe_source_path`)."""
    from cards.locations import safe_source_path

    assert card.source is not None
    file = card.source.file
    for folder in _corpus_folders(collection, card):
        found = safe_source_path(folder, file)
        if found is not None:
            yield found


def source_context(collection: Collection, card_id: str, radius: int = 3) -> SourceContext | None:
    """The card's quote with `radius` lines either side, if the corpus file can be found.

    A source file that is absolute or climbs out of its corpus folder (a deck saying
    ``file = "/etc/passwd"``, stored before import refused it, or written to the
    database by hand) is never opened: the context says why instead.
    """
    from cards.locations import source_path_problem

    card = collection.get_card(card_id)
    if card.source is None:
        return None
    problem = source_path_problem(card.source.file)
    if problem is None and _is_hidden(card.source.file):
        problem = f"source file {card.source.file!r} is in a hidden folder"
    if problem is not None:
        return SourceContext(source=card.source, path=None, refused=problem)
    for candidate in _source_candidates(collection, card):
        if candidate.is_file():
            try:
                text = file_text(candidate)  # decoded and normalised as the drafter saw it
            except OSError:
                continue
            lines = text.split("\n")
            line = card.source.line
            lo, hi = max(1, line - radius), min(len(lines), line + radius)
            shown = tuple((n, lines[n - 1]) for n in range(lo, hi + 1))
            return SourceContext(source=card.source, path=str(candidate), lines=shown)
    return SourceContext(source=card.source, path=None)
