"""Scheduling in an exported package: the one place that writes what genanki cannot.

genanki writes notes, cards (all new) and note types, but no card scheduling and no
revlog (genanki #11, #75, #147). `write_scheduling` runs on the SQLite database genanki
has just filled, before it is zipped, and sets only what genanki leaves out:

* ``col.crt``: the start of today's study day, so a review card's ``due`` (days since
  ``crt``) is simply "days from today". Anki's importer keeps that offset from its own
  today, whatever day the package is imported.
* ``schedVer`` 2 in ``col.conf``: genanki's collection says nothing, which Anki takes for
  the v1 scheduler, and it then shifts the buttons of learning answers in the revlog.
* For each answered item, its card's ``type``/``queue`` (review, or suspended/buried),
  ``due``, ``ivl``, ``factor`` (easiness x 1000), ``reps`` and ``lapses``. New items
  stay as genanki wrote them.
* The whole review log as ``revlog`` rows: the answer's millisecond as the row id (its
  time), the grade as Anki's button (`EASE_FROM_GRADE`), intervals, factor, time spent.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

import genanki

from cards.anki.importing import EASE_FROM_GRADE
from cards.vocabulary import AnswerKind

QUEUE_REVIEW, QUEUE_SUSPENDED, QUEUE_BURIED = 2, -1, -3
#: revlog.type: learning, review, relearning, filtered (cram).
REVLOG_LEARN, REVLOG_REVIEW, REVLOG_RELEARN, REVLOG_CRAM = 0, 1, 2, 3
_MAX_INT32 = 2**31 - 1


class ItemSchedule(NamedTuple):
    """One review item's SM-2 state (ord: 0 for basic cards, N for deletion cN)."""

    ord: int
    repetitions: int
    interval: int
    easiness: int  # hundredths
    due: date | None
    lapses: int
    buried: bool = False


class LoggedAnswer(NamedTuple):
    """One review-log row, as the export needs it (a tuple: 100,000 are made)."""

    ord: int
    at_ms: int  # the answer's time, milliseconds since the epoch
    grade: int
    kind: str
    first: bool  # the item was new before this answer
    interval_before: int
    interval_after: int
    easiness_after: int
    duration_ms: int


@dataclass(frozen=True, slots=True)
class CardSchedule:
    card_id: str
    cloze: bool
    items: tuple[ItemSchedule, ...]
    answers: tuple[LoggedAnswer, ...]


@dataclass(frozen=True, slots=True)
class PackageScheduling:
    """What `--with-scheduling` adds to a package, and the day it is relative to."""

    cards: tuple[CardSchedule, ...]
    today: date
    day_start: datetime  # the UTC instant today's study day began


#: revlog.type of an answer, by (kind, new before): practice is Anki's filtered-deck
#: review, a same-day repeat a relearning step, a first answer learning.
_REVLOG_TYPES = {(kind.value, first): REVLOG_CRAM if kind == AnswerKind.CRAM
                 else REVLOG_RELEARN if kind == AnswerKind.REPEAT
                 else REVLOG_LEARN if first else REVLOG_REVIEW
                 for kind in AnswerKind for first in (False, True)}


def write_scheduling(conn: sqlite3.Connection, scheduling: PackageScheduling,
                     guids: Mapping[str, str] | None = None) -> tuple[int, int]:
    """Write scheduling and revlog into genanki's database; (cards scheduled, revlog rows).

    `guids` (card id -> the note GUID genanki wrote) saves hashing every id again."""
    schedules, today, day_start = scheduling.cards, scheduling.today, scheduling.day_start
    conf = json.loads(conn.execute("SELECT conf FROM col").fetchone()[0])
    conf["schedVer"] = 2  # else Anki reads the revlog as v1's and shifts learning buttons
    conn.execute("UPDATE col SET crt = ?, conf = ?",
                 (int(day_start.timestamp()), json.dumps(conf)))
    anki_ids = {(guid, ord_): cid for cid, guid, ord_ in conn.execute(
        "SELECT cards.id, notes.guid, cards.ord FROM cards JOIN notes ON notes.id = cards.nid")}
    updates, revlog = [], []
    used_ids: set[int] = set()
    types = _REVLOG_TYPES
    for sched in schedules:
        guid = guids[sched.card_id] if guids is not None else genanki.guid_for(sched.card_id)
        shift = 1 if sched.cloze else 0  # Anki's card ord of deletion cN is N - 1
        for item in sched.items:
            anki_id = anki_ids.get((guid, item.ord - shift))
            if anki_id is None or item.due is None:
                continue
            updates.append((QUEUE_BURIED if item.buried else QUEUE_REVIEW,
                            (item.due - today).days, max(1, item.interval),
                            item.easiness * 10, item.repetitions, item.lapses, anki_id))
        for (ord_, rid, grade, kind, first, ivl_before, ivl_after, ease,
             spent) in sched.answers:
            anki_id = anki_ids.get((guid, ord_ - shift))
            if anki_id is None:
                continue
            while rid in used_ids:  # Anki's revlog id is unique: two answers in one ms
                rid += 1
            used_ids.add(rid)
            revlog.append((rid, anki_id, 0, EASE_FROM_GRADE[grade],
                           min(ivl_after, _MAX_INT32), min(ivl_before, _MAX_INT32),
                           ease * 10, min(max(0, spent), _MAX_INT32),
                           types.get((kind, bool(first)), REVLOG_REVIEW)))
    # A suspended card keeps queue -1 (genanki wrote it): only its type and numbers change.
    conn.executemany(
        "UPDATE cards SET type = 2, queue = CASE WHEN queue = -1 THEN -1 ELSE ? END, "
        "due = ?, ivl = ?, factor = ?, reps = ?, lapses = ? WHERE id = ?", updates)
    conn.executemany("INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", revlog)
    return len(updates), len(revlog)
