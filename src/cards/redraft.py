"""Re-drafting a deck file safely: the drafter never destroys what a person wrote.

Why a record next to the deck: a deck file is made to be edited by hand (a card added,
a back reworded, a card rejected), and ``cards draft`` runs again whenever the notes
change.  To tell a hand edit from the drafter's own output it must remember what it
wrote last.  The deck format stays strict (no extra keys), so that memory is a sidecar,
``.<deck file name>.drafted.json`` in the same folder: for each card id it wrote, a
digest of each field.  On the next draft, per card and per field:

* a card the drafter did not write (an id absent from the record) is the user's: kept;
* a field whose value differs from the record was edited: the user's value is kept;
* an unedited field takes the new draft's value; a new concept's card is added;
* a drafted card the user deleted stays deleted; a drafted card whose concept is no
  longer found goes, unless the user edited it;
* the deck's name and description, if edited, are kept.

Whenever the file on disk holds anything of the user's, or there is no record to compare
with (a deck drafted by an older version, or written by hand), the previous file is kept
as ``<deck file>.bak`` and one line on stderr says so.  A deck file that does not parse
is never overwritten.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from cards.decks import (
    Deck,
    DeckCard,
    Source,
    dumps_deck,
    load_deck,
    write_atomically,
    write_deck,
)
from cards.wording import plural

#: The fields compared one by one.
FIELDS = ("type", "status", "concept", "front", "back", "text", "extra", "tags", "source")
RECORD_FORMAT = 1


def record_path(target: Path) -> Path:
    """Where the drafter remembers what it last wrote to ``target``."""
    return target.with_name(f".{target.name}.drafted.json")


def backup_path(target: Path) -> Path:
    """Where the previous file is kept when it held the user's edits."""
    return target.with_name(f"{target.name}.bak")


def _value(card: DeckCard, name: str) -> object:
    value = getattr(card, name)
    if isinstance(value, Source):
        return [value.file, value.line, value.quote, value.author]
    return list(value) if isinstance(value, list) else value


def _digest(value: object) -> str:
    raw = json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(raw).hexdigest()[:16]


def fingerprint(deck: Deck) -> dict[str, object]:
    """The record of a drafted deck: digests of its header and of every card field."""
    return {
        "format": RECORD_FORMAT,
        "deck": {"name": _digest(deck.name), "description": _digest(deck.description)},
        "cards": {card.id: {name: _digest(_value(card, name)) for name in FIELDS}
                  for card in deck.cards},
    }


@dataclass(slots=True)
class MergeReport:
    """What a re-draft kept of the user's work, for the line on stderr."""

    had_record: bool = True
    added_by_hand: list[str] = field(default_factory=list)
    edited: list[tuple[str, str]] = field(default_factory=list)
    deleted_by_hand: list[str] = field(default_factory=list)
    header_edited: bool = False
    backed_up: bool = False
    """True if the previous file was saved as ``.bak`` before being replaced."""

    @property
    def user_work(self) -> bool:
        """True if the file on disk held anything the drafter did not write."""
        return bool(self.added_by_hand or self.edited or self.deleted_by_hand
                    or self.header_edited)


def _load_record(path: Path) -> dict[str, object] | None:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != RECORD_FORMAT:
        return None
    if not isinstance(data.get("cards"), dict) or not isinstance(data.get("deck"), dict):
        return None
    return data


def merge(existing: Deck, record: dict[str, object] | None,
          drafted: Deck) -> tuple[Deck, MergeReport]:
    """The deck to write: the new draft with the user's cards, edits and deletions kept."""
    if record is None:
        return _merge_unrecorded(existing, drafted)
    report = MergeReport()
    base_cards: dict[str, dict[str, str]] = record["cards"]  # type: ignore[assignment]
    base_deck: dict[str, str] = record["deck"]  # type: ignore[assignment]
    mine = {card.id: card for card in existing.cards}
    name, description = drafted.name, drafted.description
    if _digest(existing.name) != base_deck.get("name"):
        name, report.header_edited = existing.name, True
    if _digest(existing.description) != base_deck.get("description"):
        description, report.header_edited = existing.description, True
    out: list[DeckCard] = []
    new_ids = {card.id for card in drafted.cards}
    for card in drafted.cards:
        base = base_cards.get(card.id)
        theirs = mine.get(card.id)
        if base is not None and theirs is None:
            report.deleted_by_hand.append(card.id)
            continue
        if theirs is None:
            out.append(card)
            continue
        if base is None:
            out.append(theirs)  # the user wrote a card with this id first: theirs wins
            report.added_by_hand.append(card.id)
            continue
        out.append(_merge_card(card, theirs, base, report))
    for card in existing.cards:
        if card.id in new_ids:
            continue
        base = base_cards.get(card.id)
        if base is None:
            report.added_by_hand.append(card.id)
            out.append(card)
        elif any(_digest(_value(card, f)) != base.get(f) for f in FIELDS):
            report.edited.extend((card.id, f) for f in FIELDS
                                 if _digest(_value(card, f)) != base.get(f))
            out.append(card)  # edited, though its concept is gone: the edit is kept
    return Deck(name=name, description=description, cards=out), report


def _merge_card(new: DeckCard, theirs: DeckCard, base: dict[str, str],
                report: MergeReport) -> DeckCard:
    changes: dict[str, object] = {}
    for name in FIELDS:
        if _digest(_value(theirs, name)) != base.get(name):
            changes[name] = getattr(theirs, name)
            report.edited.append((new.id, name))
    if not changes:
        return new
    merged = replace(new, **changes)  # type: ignore[arg-type]
    if merged.type != new.type or "type" in changes:
        # a type change by hand: the user's card as a whole, fields of one type only
        return theirs
    return merged


def _merge_unrecorded(existing: Deck, drafted: Deck) -> tuple[Deck, MergeReport]:
    """No record: which cards are the user's cannot be told, so every card the new draft
    does not replace is kept, and the caller keeps a backup of the old file."""
    report = MergeReport(had_record=False)
    new_ids = {card.id for card in drafted.cards}
    kept = [card for card in existing.cards if card.id not in new_ids]
    report.added_by_hand = [card.id for card in kept]
    return Deck(name=existing.name or drafted.name,
                description=existing.description or drafted.description,
                cards=[*drafted.cards, *kept]), report


def save_draft(drafted: Deck, target: Path) -> tuple[Deck, MergeReport | None]:
    """Write a drafted deck to ``target`` without destroying the user's work.

    Returns the deck written and, when a file was already there, what was kept of it.
    Raises ``DeckFormatError`` (file untouched) if the file there is not a valid deck,
    ``StorageIOError`` if it cannot be read, ``OSError`` if writing fails.
    """
    report: MergeReport | None = None
    deck = drafted
    if target.exists():
        existing = load_deck(target)
        old = target.read_bytes()
        record = _load_record(record_path(target))
        deck, report = merge(existing, record, drafted)
        report.backed_up = ((report.user_work or not report.had_record)
                            and dumps_deck(deck).encode("utf-8") != old)
        if report.backed_up:
            write_atomically(backup_path(target), old)
    write_deck(deck, target)
    record = fingerprint(drafted)
    # The record is what the drafter wrote: the user's cards and fields stay theirs.
    write_atomically(record_path(target), json.dumps(record, ensure_ascii=False, indent=0,
                                                 sort_keys=True).encode("utf-8"))
    return deck, report


def kept_message(report: MergeReport, target: Path) -> str:
    """The one line that tells the user what a re-draft kept of their work."""
    from cards.textsafe import one_line

    shown = one_line(str(target))
    backup = one_line(str(backup_path(target)))
    if not report.had_record:
        kept = len(report.added_by_hand)
        others = plural(kept, "other card")
        return (f"{shown} has no record of its last draft, so hand edits cannot be told "
                f"apart: the new draft replaces cards with the same id, {others} kept; "
                f"the previous file is saved as {backup}")
    parts = []
    if report.added_by_hand:
        parts.append(f"{plural(len(report.added_by_hand), 'card')} you added")
    if report.edited:
        parts.append(f"{plural(len(report.edited), 'field')} you edited")
    if report.deleted_by_hand:
        parts.append(f"{plural(len(report.deleted_by_hand), 'card')} you deleted stay deleted")
    if report.header_edited:
        parts.append("your deck name/description")
    saved = (f"; the previous file is saved as {backup}" if report.backed_up
             else "; nothing else changed")
    return f"{shown} was edited by hand; kept {', '.join(parts)}{saved}"


