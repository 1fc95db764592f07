"""The Anki round trip's service side: importing a package (one transaction, idempotent,
history once), and the scheduling an export with `--with-scheduling` carries.

The package is read and mapped (`cards.anki.importing`) before the write transaction
starts, so a malformed package never touches the collection. Then, in one transaction:

* Cards are found by id (derived from note GUID and card ordinal): new ones are added,
  known ones updated the way deck files update them, so an edit made here since the
  last import, a rejection or a deletion always stands.
* An item takes the package's schedule unless its latest answer here is newer than the
  newest answer the package knows of: importing an old package never undoes study.
* A revlog row whose (card, item, millisecond) is already in the log is not added again,
  whichever side it came from first. Imported rows are only logged: the schedule comes
  from Anki's card, never from replaying history.
* Media files go into the media folder beside the collection; a file already there
  with other content is kept and reported, never overwritten.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import os
import secrets
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import genanki
from sqlmodel import Session

from cards.anki.formats import Package, read_package
from cards.anki.importing import Clock, Plan, PlannedCard, PlannedItem, plan
from cards.anki.scheduling import (
    CardSchedule,
    ItemSchedule,
    LoggedAnswer,
    PackageScheduling,
)
from cards.collection.core import _copy_content, as_utc, item_ords
from cards.collection.transfer import STICKY, _row_hash, content_hash
from cards.errors import StorageIOError
from cards.store import CardRow, ReviewRow, ScheduleRow
from cards.store import anki_queries as q
from cards.store.folding import folded_text
from cards.store.repos import Repositories

if TYPE_CHECKING:
    from cards.anki import AnkiCard
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
    with collection.store.write() as session:
        owners = {genanki.guid_for(card_id): card_id for card_id in q.all_card_ids(session)}
        mapped = plan(package, clock, owners.get)
        counts = _write_cards(collection, session, mapped, now)
        added, known = _write_reviews(session, mapped)
        # the package's SM-2 schedules were written as the items' due days; the decks
        # that use FSRS replay their history, Anki's answers now in it
        repos = Repositories(session)
        names = {c.deck for c in mapped.cards}
        collection.schedulers.apply_in(repos, [d for d in repos.decks.all() if d.name in names])
        copied, media_skips = _copy_media(collection, package)
    skipped = Counter(mapped.skipped) + media_skips
    return AnkiImportReport(
        notes=mapped.notes, cards_added=counts["added"], cards_updated=counts["updated"],
        items=sum(len(c.items) for c in mapped.cards), reviews_added=added,
        reviews_known=known, decks=tuple(sorted({c.deck for c in mapped.cards})),
        media_copied=copied, media_folder=str(media_folder(collection)) if copied else None,
        skipped=tuple(sorted(skipped.items())), kept_newer_schedules=counts["kept_schedule"],
        kept_edits=counts["kept_edit"],
        backups=tuple(str(p) for p in collection.store.backups),
    )


def _write_cards(
    collection: Collection, session: Session, mapped: Plan, now: Any
) -> Counter[str]:
    counts: Counter[str] = Counter()
    ids = [c.id for c in mapped.cards]
    existing = q.cards_by_id(session, ids)
    schedules = q.schedules_by_card(session, ids)
    deck_ids: dict[str, int] = {}
    seq = collection._next_seq(session)
    new_cards: list[dict[str, Any]] = []
    new_items: list[dict[str, Any]] = []
    changed_items: list[dict[str, Any]] = []
    for planned in mapped.cards:
        row = existing.get(planned.id)
        if row is None:
            if planned.content is None:  # exported from here, deleted since: nothing to add
                counts["gone"] += 1
                continue
            if planned.deck not in deck_ids:
                deck = collection._ensure_deck(session, planned.deck)
                assert deck.id is not None
                deck_ids[planned.deck] = deck.id
            new_cards.append(_new_card(planned, deck_ids[planned.deck], seq, now))
            new_items += [_item_row(planned.id, planned.items.get(o) or PlannedItem(ord=o))
                          for o in item_ords(planned.content)]
            seq += 1
            counts["added"] += 1
            continue
        counts["updated"] += _update_card(collection, session, row, planned, now, counts)
        for ord_, item in planned.items.items():
            current = schedules.get((planned.id, ord_))
            if current is None:
                continue
            ours = current.last_review
            if ours is not None and (item.last_review is None
                                     or as_utc(ours) > item.last_review):
                counts["kept_schedule"] += 1
                continue
            changed_items.append(_item_row(planned.id, item))
    q.insert_rows(session, CardRow.__table__, new_cards)
    q.insert_rows(session, ScheduleRow.__table__, new_items)
    q.update_schedules(session, changed_items)
    return counts


def _new_card(planned: PlannedCard, deck_id: int, seq: int, now: Any) -> dict[str, Any]:
    """A card row as a plain dict: building 10,000 SQLModel rows took a second."""
    content = planned.content
    assert content is not None
    return {"id": planned.id, "deck_id": deck_id, "seq": seq, "type": content.type,
            "front": content.front, "back": content.back, "text": content.text,
            "extra": content.extra, "concept": content.concept,
            "tags": json.dumps(list(content.tags), ensure_ascii=False), "source_file": None,
            "source_line": None, "source_quote": None, "source_author": None,
            "status": "suspended" if planned.suspended else "active", "created_at": now,
            "modified_at": now, "imported_hash": content_hash(content),
            "folded": folded_text([planned.id, content.front, content.back, content.text,
                                   content.extra, content.concept, None, None, None],
                                  content.tags)}


def _update_card(
    collection: Collection, session: Session, row: CardRow, planned: PlannedCard, now: Any,
    counts: Counter[str],
) -> bool:
    """Update a known card as a deck file would; True if anything changed."""
    changed = False
    if row.status not in STICKY and row.status != "draft":
        status = "suspended" if planned.suspended else "active"
        if status != row.status:
            row.status, changed = status, True
    if planned.content is not None:
        incoming = content_hash(planned.content)
        current = _row_hash(row)
        edited_here = row.imported_hash is not None and current != row.imported_hash
        if current != incoming and edited_here:
            counts["kept_edit"] += 1
        elif current != incoming:
            _copy_content(row, planned.content)
            row.imported_hash, changed = incoming, True
            session.add(row)
            collection._sync_items(session, row)
    if changed:
        row.modified_at = now
        session.add(row)
        session.flush()
    return changed


def _item_row(card_id: str, item: PlannedItem) -> dict[str, Any]:
    return {"card_id": card_id, "ord": item.ord, "repetitions": item.repetitions,
            "interval": item.interval, "easiness": item.easiness, "due": item.due,
            "sm2_due": item.due, "lapses": item.lapses, "last_review": item.last_review,
            "buried_until": item.buried_until}


#: An exported answer's revlog id is its millisecond, moved on by one for each earlier
#: answer in the same millisecond (Anki's ids are unique): a row within this much after
#: an answer of the same item is that answer coming back.
_SAME_ANSWER_MS = 1000


def _write_reviews(session: Session, mapped: Plan) -> tuple[int, int]:
    """Append the revlog rows the log does not hold yet; (added, already there)."""
    session.flush()
    ids = sorted({r.card_id for r in mapped.reviews})
    present = q.existing_ids(session, ids)
    logged: dict[tuple[str, int], list[int]] = {}
    for card_id, ord_, ms in q.answer_times_ms(session, ids):
        logged.setdefault((card_id, ord_), []).append(ms)
    for times in logged.values():
        times.sort()
    rows = []
    already = 0
    for r in mapped.reviews:
        if r.card_id not in present:
            continue
        if _take_logged(logged.get((r.card_id, r.ord)), q.to_ms(r.reviewed_at)):
            already += 1
            continue
        rows.append({
            "card_id": r.card_id, "ord": r.ord, "reviewed_at": r.reviewed_at, "grade": r.grade,
            "kind": "imported", "reps_before": r.reps_before,
            "interval_before": r.interval_before, "easiness_before": r.easiness_before,
            "due_before": r.due_before, "lapses_before": r.lapses_before,
            "reps_after": r.reps_after, "interval_after": r.interval_after,
            "easiness_after": r.easiness_after, "due_after": r.due_after,
            "lapses_after": r.lapses_after, "duration_ms": r.duration_ms, "leeched": False})
    q.insert_rows(session, ReviewRow.__table__, rows)
    return len(rows), already


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



def package_scheduling(collection: Collection, cards: Sequence[AnkiCard]) -> PackageScheduling:
    """Each exported card's items and whole review log, for `export anki --with-scheduling`."""
    ids = [card.id for card in cards]
    today = collection.today()
    with collection.store.read() as session:
        schedules = q.export_items(session, ids)
        answers = q.export_reviews(session, ids)
    by_card: dict[str, list[LoggedAnswer]] = {}
    for card_id, ord_, at, grade, kind, first, ivl_before, ivl_after, ease, spent in answers:
        by_card.setdefault(card_id, []).append(LoggedAnswer(
            ord=ord_, reviewed_at=at, grade=grade, kind=kind, first=bool(first),
            interval_before=ivl_before, interval_after=ivl_after, easiness_after=ease,
            duration_ms=spent))
    items: dict[str, list[ItemSchedule]] = {}
    for card_id, ord_, reps, interval, easiness, due, lapses, buried in sorted(schedules):
        items.setdefault(card_id, []).append(ItemSchedule(
            ord=ord_, repetitions=reps, interval=interval, easiness=easiness, due=due,
            lapses=lapses, buried=buried is not None and buried > today))
    return PackageScheduling(
        cards=tuple(CardSchedule(card_id=c.id, cloze=c.type == "cloze",
                                 items=tuple(items.get(c.id, ())),
                                 answers=tuple(by_card.get(c.id, ()))) for c in cards),
        today=today, day_start=collection.day_start_utc(today))
