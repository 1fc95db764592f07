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
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import genanki

from cards.anki.importing import EASE_FROM_GRADE
from cards.vocabulary import AnswerKind

QUEUE_REVIEW, QUEUE_SUSPENDED, QUEUE_BURIED = 2, -1, -3
#: revlog.type: learning, review, relearning, filtered (cram).
REVLOG_LEARN, REVLOG_REVIEW, REVLOG_RELEARN, REVLOG_CRAM = 0, 1, 2, 3
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MAX_INT32 = 2**31 - 1


@dataclass(frozen=True, slots=True)
class ItemSchedule:
    """One review item's SM-2 state (ord: 0 for basic cards, N for deletion cN)."""

    ord: int
    repetitions: int
    interval: int
    easiness: int  # hundredths
    due: date | None
    lapses: int
    buried: bool = False


@dataclass(frozen=True, slots=True)
class LoggedAnswer:
    """One review-log row, as the export needs it."""

    ord: int
    reviewed_at: datetime
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


def _ms(moment: datetime) -> int:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment - _EPOCH) // timedelta(milliseconds=1)


def _revlog_type(answer: LoggedAnswer) -> int:
    if answer.kind == AnswerKind.CRAM:
        return REVLOG_CRAM
    if answer.kind == AnswerKind.REPEAT:
        return REVLOG_RELEARN
    return REVLOG_LEARN if answer.first else REVLOG_REVIEW


def write_scheduling(conn: sqlite3.Connection, scheduling: PackageScheduling) -> tuple[int, int]:
    """Write scheduling and revlog into genanki's database; (cards scheduled, revlog rows)."""
    schedules, today, day_start = scheduling.cards, scheduling.today, scheduling.day_start
    conf = json.loads(conn.execute("SELECT conf FROM col").fetchone()[0])
    conf["schedVer"] = 2  # else Anki reads the revlog as v1's and shifts learning buttons
    conn.execute("UPDATE col SET crt = ?, conf = ?",
                 (int(day_start.timestamp()), json.dumps(conf)))
    anki_ids = {(guid, ord_): cid for cid, guid, ord_ in conn.execute(
        "SELECT cards.id, notes.guid, cards.ord FROM cards JOIN notes ON notes.id = cards.nid")}
    updates, revlog = [], []
    used_ids: set[int] = set()
    for sched in schedules:
        guid = genanki.guid_for(sched.card_id)
        for item in sched.items:
            anki_id = anki_ids.get((guid, item.ord - 1 if sched.cloze else item.ord))
            if anki_id is None or item.due is None:
                continue
            updates.append((QUEUE_BURIED if item.buried else QUEUE_REVIEW,
                            (item.due - today).days, max(1, item.interval),
                            item.easiness * 10, item.repetitions, item.lapses, anki_id))
        for answer in sched.answers:
            anki_id = anki_ids.get((guid, answer.ord - 1 if sched.cloze else answer.ord))
            if anki_id is None:
                continue
            rid = _ms(answer.reviewed_at)
            while rid in used_ids:  # Anki's revlog id is unique: two answers in one ms
                rid += 1
            used_ids.add(rid)
            revlog.append((rid, anki_id, 0, EASE_FROM_GRADE[answer.grade],
                           min(answer.interval_after, _MAX_INT32),
                           min(answer.interval_before, _MAX_INT32),
                           answer.easiness_after * 10,
                           min(max(0, answer.duration_ms), _MAX_INT32), _revlog_type(answer)))
    # A suspended card keeps queue -1 (genanki wrote it): only its type and numbers change.
    conn.executemany(
        "UPDATE cards SET type = 2, queue = CASE WHEN queue = -1 THEN -1 ELSE ? END, "
        "due = ?, ivl = ?, factor = ?, reps = ?, lapses = ? WHERE id = ?", updates)
    conn.executemany("INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", revlog)
    return len(updates), len(revlog)
