"""The Anki round trip's service side: importing a package (all or nothing, idempotent,
history once), and the scheduling an export with `--with-scheduling` carries.

The package is read and mapped (`cards.anki.importing`) before the collection is
written, so a malformed package never touches it. The import is staged like a deck
import (`transfer.staged_import`, `store.staging`): it reads the collection and plans
every change in a read transaction, with no lock (another process answering meanwhile
carries on), stages the new rows in TEMP tables, and then takes the write lock for
one short swap that writes all of it or, on a failure, none of it:

* Cards are found by id (derived from note GUID and card ordinal): new ones are added,
  known ones updated the way deck files update them, so an edit made here since the
  last import, a rejection or a deletion always stands.
* An item takes the package's schedule unless its latest answer here is newer than the
  newest answer the package knows of: importing an old package never undoes study.
  An answer given here between the plan and the swap makes the import plan again.
* A revlog row whose (card, item, millisecond) is already in the log is not added again,
  whichever side it came from first. Imported rows are only logged: the schedule comes
  from Anki's card, never from replaying history.
* Media files go into the media folder beside the collection, before the swap (a file
  copy under the lock would hold up every other writer); a file already there with
  other content is kept and reported, never overwritten.
"""

from __future__ import annotations

import bisect
import hashlib
import os
import secrets
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import genanki
from sqlalchemy.engine import Connection
from sqlmodel import Session

from cards.anki.formats import Package, read_package
from cards.anki.importing import Clock, Plan, PlannedCard, PlannedItem, PlannedReview, plan
from cards.collection.core import as_utc, item_ords
from cards.collection.transfer import (
    STICKY,
    content_columns,
    content_hash,
    row_hash,
    staged_import,
)
from cards.errors import StorageIOError
from cards.store import anki_queries as q
from cards.store import staging
from cards.store.repos import Repositories
from cards.store.staging import Stage
from cards.store.tx import Tx

if TYPE_CHECKING:
    from cards.collection.core import Collection


@dataclass(frozen=True, slots=True)
class AnkiImportReport:
    """What an Anki import did, for the CLI's summary."""

    notes: int
    cards_added: int
    cards_updated: int
    items: int
    reviews_added: int
    reviews_known: int  # already in the log: not added twice
    decks: tuple[str, ...]
    media_copied: int
    media_folder: str | None
    skipped: tuple[tuple[str, int], ...]  # (why, how many)
    kept_newer_schedules: int
    kept_edits: int
    backups: tuple[str, ...] = ()


@dataclass(slots=True)
class _Staged:
    """What one planning pass staged, for the report (and the swap's last step)."""

    mapped: Plan
    counts: Counter[str] = field(default_factory=Counter)
    present: set[str] = field(default_factory=set)  # cards there after the swap
    added: set[str] = field(default_factory=set)  # of which new ones


def media_folder(collection: Collection) -> Path:
    """Anki's layout: `collection.db` keeps its media in `collection.media/` (see
    `Store.media_dir`)."""
    return collection.store.media_dir


def import_anki(collection: Collection, path: Path) -> AnkiImportReport:
    """Import one .apkg or .colpkg, all or nothing (see the module docstring)."""
    package = read_package(path)
    settings = collection.settings()
    clock = Clock(collection.today(), collection.zone(), settings.day_starts_at)
    now = as_utc(collection.now())
    copied, media_skips = _copy_media(collection, package)
    staged = staged_import(
        collection, lambda conn, stage: _plan_package(conn, stage, package, clock, now),
        finish=lambda session, done: _follow_schedulers(collection, session, done))
    mapped, counts = staged.mapped, staged.counts
    skipped = Counter(mapped.skipped) + media_skips
    return AnkiImportReport(
        notes=mapped.notes, cards_added=counts["added"], cards_updated=counts["updated"],
        items=sum(len(c.items) for c in mapped.cards), reviews_added=counts["reviews"],
        reviews_known=counts["known"], decks=tuple(sorted({c.deck for c in mapped.cards})),
        media_copied=copied, media_folder=str(media_folder(collection)) if copied else None,
        skipped=tuple(sorted(skipped.items())), kept_newer_schedules=counts["kept_schedule"],
        kept_edits=counts["kept_edit"],
        backups=tuple(str(p) for p in collection.store.backups),
    )


def _plan_package(
    conn: Connection, stage: Stage, package: Package, clock: Clock, now: datetime
) -> _Staged:
    """Map the package against the collection as it is now, and stage every change."""
    owners = {genanki.guid_for(card_id): card_id for card_id in staging.card_ids(conn)}
    staged = _Staged(plan(package, clock, owners.get))
    _stage_cards(conn, stage, staged, now)
    _stage_reviews(conn, stage, staged)
    return staged


def _follow_schedulers(collection: Collection, session: Session, staged: _Staged) -> None:
    """In the swap: the package's SM-2 schedules were written as the items' due days;
    the decks that use FSRS replay their history, Anki's answers now in it."""
    repos = Repositories(session)
    names = {c.deck for c in staged.mapped.cards}
    collection.schedulers.apply_in(repos, [d for d in repos.decks.all() if d.name in names])


def _stage_cards(conn: Connection, stage: Stage, staged: _Staged, now: datetime) -> None:
    """New cards and their items; updated cards; items that take the package's schedule."""
    counts, cards = staged.counts, staged.mapped.cards
    ids = [c.id for c in cards]
    existing = staging.card_rows(conn, ids)
    schedules = staging.item_rows(conn, ids)
    new_cards: list[dict[str, Any]] = []
    new_items: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    rescheduled: list[dict[str, Any]] = []
    resynced: list[PlannedCard] = []
    for planned in cards:
        row = existing.get(planned.id)
        if row is None:
            if planned.content is None:  # exported from here, deleted since: nothing to add
                counts["gone"] += 1
                continue
            new_cards.append(_new_card(planned, len(new_cards) + 1, now))
            new_items += [_item_row(planned.id, planned.items.get(o) or PlannedItem(ord=o))
                          for o in item_ords(planned.content)]
            staged.present.add(planned.id)
            staged.added.add(planned.id)
            continue
        staged.present.add(planned.id)
        values = _updated_values(row, planned, now, counts)
        if values is not None:
            updates.append({**values, **staging.version(row)})
            if values["text"] != row.text or values["type"] != row.type:
                resynced.append(planned)
        for ord_, item in planned.items.items():
            current = schedules.get((planned.id, ord_))
            if current is None:
                continue
            ours = current.last_review
            if ours is not None and (item.last_review is None
                                     or as_utc(ours) > item.last_review):
                counts["kept_schedule"] += 1
                continue
            rescheduled.append({**_item_row(planned.id, item), "old_last_review": ours})
    counts["added"] = len(new_cards)
    stage.add(stage.decks, [{"name": name, "description": None, "source_dir": None,
                             "created_at": now}
                            for name in dict.fromkeys(c["deck_name"] for c in new_cards)])
    stage.add(stage.new_cards, new_cards)
    stage.add(stage.new_items, new_items)
    stage.add(stage.card_updates, updates)
    stage.add(stage.item_updates, rescheduled)
    _stage_resync(stage, resynced, schedules)


def _new_card(planned: PlannedCard, offset: int, now: datetime) -> dict[str, Any]:
    """A card row as a plain dict: building 10,000 SQLModel rows took a second."""
    content = planned.content
    assert content is not None
    return {**content_columns(content), "id": planned.id, "deck_name": planned.deck,
            "seq_offset": offset, "status": "suspended" if planned.suspended else "active",
            "created_at": now, "modified_at": now, "imported_hash": content_hash(content),
            "deleted_at": None, "deleted_from": None}


def _updated_values(
    row: Any, planned: PlannedCard, now: datetime, counts: Counter[str]
) -> dict[str, Any] | None:
    """A known card's row after the import, as a deck file would update it; None if it
    stays as it is."""
    values = {name: getattr(row, name) for name in staging.UPDATED_COLUMNS}
    changed = False
    if row.status not in STICKY and row.status != "draft":
        status = "suspended" if planned.suspended else "active"
        if status != row.status:
            values["status"], changed = status, True
    if planned.content is not None:
        incoming = content_hash(planned.content)
        current = row_hash(row)
        edited_here = row.imported_hash is not None and current != row.imported_hash
        if current != incoming and edited_here:
            counts["kept_edit"] += 1
        elif current != incoming:
            values.update(content_columns(planned.content), imported_hash=incoming)
            changed = True
    if not changed:
        return None
    counts["updated"] += 1
    return {**values, "modified_at": now, "id": row.id}


def _stage_resync(stage: Stage, cards: list[PlannedCard],
                  schedules: dict[tuple[str, int], Any]) -> None:
    """One schedule row per review item of cards whose cloze deletions changed: new
    deletions get the package's schedule (or start new), gone ones are dropped."""
    if not cards:
        return
    have: dict[str, set[int]] = {}
    for card_id, ord_ in schedules:
        have.setdefault(card_id, set()).add(ord_)
    added, dropped = [], []
    for planned in cards:
        assert planned.content is not None
        wanted, there = set(item_ords(planned.content)), have.get(planned.id, set())
        added += [_item_row(planned.id, planned.items.get(o) or PlannedItem(ord=o))
                  for o in sorted(wanted - there)]
        dropped += [{"card_id": planned.id, "ord": o} for o in sorted(there - wanted)]
    stage.add(stage.new_items, added)
    stage.add(stage.dropped_items, dropped)


def _item_row(card_id: str, item: PlannedItem) -> dict[str, Any]:
    return {"card_id": card_id, "ord": item.ord, "repetitions": item.repetitions,
            "interval": item.interval, "easiness": item.easiness, "due": item.due,
            "sm2_due": item.due, "lapses": item.lapses, "last_review": item.last_review,
            "buried_until": item.buried_until}


#: An exported answer's revlog id is its millisecond, moved on by one for each earlier
#: answer in the same millisecond (Anki's ids are unique): a row within this much after
#: an answer of the same item is that answer coming back.
_SAME_ANSWER_MS = 1000


def _stage_reviews(conn: Connection, stage: Stage, staged: _Staged) -> None:
    """Stage the revlog rows the log does not hold yet, of cards there after the swap."""
    reviews, present, counts = staged.mapped.reviews, staged.present, staged.counts
    logged: dict[tuple[str, int], list[int]] = {}
    known_cards = sorted({r.card_id for r in reviews} & (present - staged.added))
    for card_id, ord_, ms in q.answer_times_ms(Tx(conn), known_cards):
        logged.setdefault((card_id, ord_), []).append(ms)
    for times in logged.values():
        times.sort()
    rows = []
    for r in reviews:
        if r.card_id not in present:
            continue
        if logged and _take_logged(logged.get((r.card_id, r.ord)), q.to_ms(r.reviewed_at)):
            counts["known"] += 1
            continue
        rows.append((*r, "imported", False))
    counts["reviews"] = len(rows)
    stage.add_rows(stage.reviews, (*PlannedReview._fields, "kind", "leeched"), rows)


def _take_logged(times: list[int] | None, ms: int) -> bool:
    """Whether an answer of this item logged at `ms` (or just before) is already here;
    each logged answer matches one incoming row only."""
    if not times:
        return False
    at = bisect.bisect_right(times, ms) - 1
    if at >= 0 and ms - times[at] <= _SAME_ANSWER_MS:
        del times[at]
        return True
    return False


def _copy_media(collection: Collection, package: Package) -> tuple[int, Counter[str]]:
    """Copy the package's media beside the collection; never overwrite a different file."""
    skips: Counter[str] = Counter()
    if not package.media:
        return 0, skips
    folder = media_folder(collection)
    copied = 0
    try:
        folder.mkdir(exist_ok=True)
        for name in sorted(package.media):
            data = package.media_bytes(name)
            target = folder / name
            if target.exists():
                if not target.is_file() or _digest_file(target) != hashlib.sha1(data).digest():
                    skips["media files kept: a different file of that name is there"] += 1
                continue
            tmp = folder / f".{secrets.token_hex(6)}.tmp"
            with open(tmp, "xb") as handle:
                handle.write(data)
            os.replace(tmp, target)
            copied += 1
    except OSError as exc:
        raise StorageIOError(f"cannot copy media into {folder}: "
                             f"{(exc.strerror or str(exc)).lower()}") from None
    return copied, skips


def _digest_file(path: Path) -> bytes:
    return hashlib.sha1(path.read_bytes()).digest()
