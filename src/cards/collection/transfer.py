"""Moving cards in and out of a collection: deck files, the bundled deck, Anki, sources.

Import is all-or-nothing: every file is parsed and checked before one transaction
writes them all, so a malformed file leaves the collection exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert
from sqlmodel import Session, col, select

from cards.anki.formats import is_package
from cards.collection.core import _copy_content, as_utc, item_ords
from cards.collection.views import CardView, ImportReport, SourceContext
from cards.corpus import file_text
from cards.decks import Deck, DeckCard, load_deck, write_deck
from cards.errors import InvalidInputError, NotFoundError, NothingToDoError, StorageIOError
from cards.store import CardRow, DeckRow, ScheduleRow

if TYPE_CHECKING:
    from cards.anki import AnkiCard
    from cards.anki.formats import is_package
from cards.collection.core import Collection

#: Decisions a deck file's status never overrides on re-import.
STICKY = ("rejected", "deleted")
_CHUNK = 500


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


def content_hash(card: DeckCard) -> str:
    """A fingerprint of everything a deck file says about a card except its status."""
    src = card.source
    fields = [card.type, card.front, card.back, card.text, card.extra, card.concept,
              list(card.tags), [src.file, src.line, src.quote, src.author] if src else None]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode()).hexdigest()[:32]


def _row_hash(row: CardRow) -> str:
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


def load_deck_files(paths: Sequence[Path]) -> list[tuple[Path, Deck]]:
    """Parse and check deck files without a collection: `cards import` does this
    before opening one, so bad input never creates, migrates or touches it."""
    if not paths:
        raise NothingToDoError("no deck files given")
    loaded = [(path, load_deck(path)) for path in deck_paths(paths)]
    seen: dict[str, Path] = {}
    for path, deck in loaded:
        for card in deck.cards:
            if card.id in seen:
                raise InvalidInputError(
                    f"card id {card.id!r} is in both {seen[card.id]} and {path}")
            seen[card.id] = path
    return loaded


def _existing(session: Session, ids: list[str]) -> dict[str, CardRow]:
    found: dict[str, CardRow] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        for row in session.exec(select(CardRow).where(col(CardRow.id).in_(chunk))).all():
            found[row.id] = row
    return found


def import_decks(
    collection: Collection, paths: Sequence[Path] | Sequence[tuple[Path, Deck]], *,
    accept_drafts: bool = False,
) -> ImportReport:
    """Import deck files (or decks `load_deck_files` parsed) idempotently: same id,
    same card; history always kept."""
    loaded = [entry for entry in paths if isinstance(entry, tuple)]
    if len(loaded) != len(paths) or not paths:
        loaded = load_deck_files(paths)  # type: ignore[arg-type]
    added = updated = unchanged = deleted = kept = kept_edit = waiting = 0
    now = as_utc(collection.now())
    with collection.store.write() as session:
        seq = collection._next_seq(session)
        for path, deck in loaded:
            deck_row = collection._ensure_deck(session, deck.name, deck.description)
            deck_row.source_dir = str(path.resolve().parent)
            session.add(deck_row)
            assert deck_row.id is not None
            existing = _existing(session, [c.id for c in deck.cards])
            new_cards: list[dict[str, Any]] = []
            new_items: list[dict[str, Any]] = []
            for card in deck.cards:
                row = existing.get(card.id)
                file_hash = content_hash(card)
                if row is None:
                    status = "active" if accept_drafts and card.status == "draft" else card.status
                    fresh = CardRow(id=card.id, deck_id=deck_row.id, seq=seq, created_at=now,
                                    modified_at=now, status=status, imported_hash=file_hash)
                    _copy_content(fresh, card)
                    new_cards.append(fresh.model_dump())
                    waiting += status == "draft"
                    new_items += [{"card_id": card.id, "ord": o, "repetitions": 0,
                                   "interval": 0, "easiness": 250, "lapses": 0}
                                  for o in item_ords(card)]
                    seq += 1
                    added += 1
                    continue
                if row.status == "deleted":  # deleted here: it stays gone, said so
                    deleted += 1
                    continue
                if row.deck_id != deck_row.id:
                    other = collection._deck_names(session).get(row.deck_id, "?")
                    raise InvalidInputError(
                        f"{path}: card {card.id} already belongs to deck {other!r}; card ids "
                        f"are unique across decks (move it with 'cards edit {card.id} --deck', "
                        "or give it another id)")
                status = _resolved_status(row.status, card.status)
                kept += status != card.status
                current = _row_hash(row)
                # Edited in the app since its last import: the user's edit wins.
                edited_here = row.imported_hash is not None and current != row.imported_hash
                take_content = current != file_hash and not edited_here
                kept_edit += current != file_hash and edited_here
                status_changes = status != row.status
                if take_content:
                    _copy_content(row, card)
                    row.modified_at = now
                if take_content or current == file_hash:
                    row.imported_hash = file_hash
                if status_changes:
                    row.status, row.modified_at = status, now
                session.add(row)
                if take_content:
                    collection._sync_items(session, row)
                waiting += row.status == "draft"
                updated += take_content or status_changes
                unchanged += not (take_content or status_changes)
            # One executemany per table: compiling multi-row VALUES statements took
            # half of a 100,000-card import.
            conn = session.connection()
            if new_cards:
                conn.execute(insert(CardRow.__table__), new_cards)  # type: ignore[arg-type]
            if new_items:
                conn.execute(insert(ScheduleRow.__table__), new_items)  # type: ignore[arg-type]
    return ImportReport(
        decks=tuple(d.name for _, d in loaded), added=added, updated=updated,
        unchanged=unchanged, deleted=deleted, kept_decisions=kept, kept_edits=kept_edit,
        drafts_waiting=waiting,
    )


def deck_for_export(collection: Collection, deck: str) -> Deck:
    """A deck as it would be written to TOML, cards in their collection order."""
    items = collection.find_cards(deck=deck)
    with collection.store.read() as session:
        row = collection._deck(session, deck)
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
    out = []
    for item in collection.find_cards(deck=deck, statuses=statuses):
        c = item.card
        out.append(AnkiCard(
            id=c.id, deck=c.deck, type=c.type, front=c.front, back=c.back, text=c.text,
            extra=c.extra, tags=c.tags, source=c.source,
            modified_at=c.modified_at, suspended=c.status == "suspended",
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
    with collection.store.read() as session:
        deck = session.exec(select(DeckRow).where(DeckRow.name == card.deck)).first()
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
