"""Scheduling in an exported package: what genanki's format leaves out.

genanki writes notes, cards (all new) and note types, but no card scheduling and no
revlog (genanki #11, #75, #147). The exporter (`cards.anki.export`) writes each
answered item's scheduling into its card row, and `write_scheduling` the rest, before
the database is zipped:

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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, NamedTuple

from cards.anki.importing import EASE_FROM_GRADE
from cards.vocabulary import AnswerKind

if TYPE_CHECKING:
    from cards.anki.export import AnkiCard

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


#: One answer as the export needs it: (ord, the answer's time in milliseconds since the
#: epoch, the log id, then the revlog's ease, ivl, lastIvl, factor, time and type, as
#: `REVLOG_TYPES`, `REVLOG_EASE` and `REVLOG_CAP` say). Plain tuples, in this order:
#: an export of 100,000 answers makes no object per answer.
LoggedAnswer = tuple[int, int, int, int, int, int, int, int, int]


@dataclass(frozen=True, slots=True)
class PackageScheduling:
    """What `--with-scheduling` adds to a package, and the day it is relative to."""

    #: Each item's SM-2 state, by (card id, ord: 0 for basic, N for deletion cN).
    items: Mapping[tuple[str, int], ItemSchedule]
    #: Each card's answers, oldest first (by time, then log id).
    answers: Mapping[str, Sequence[LoggedAnswer]]
    today: date
    day_start: datetime  # the UTC instant today's study day began


#: revlog.type of an answer, by (kind, new before): practice is Anki's filtered-deck
#: review, a same-day repeat a relearning step, a first answer learning.
REVLOG_TYPES = {(kind.value, first): REVLOG_CRAM if kind == AnswerKind.CRAM
                 else REVLOG_RELEARN if kind == AnswerKind.REPEAT
                 else REVLOG_LEARN if first else REVLOG_REVIEW
                 for kind in AnswerKind for first in (False, True)}


#: A revlog column holds at most this (Anki's are 32-bit).
REVLOG_CAP = _MAX_INT32
#: The revlog button of each grade.
REVLOG_EASE = EASE_FROM_GRADE


def revlog_rows(cards: Sequence[AnkiCard], scheduling: PackageScheduling,
                card_ids: Mapping[tuple[str, int], int]) -> list[tuple[int, ...]]:
    """The revlog rows of the exported cards' answers, card by card in the order given:
    the answer's millisecond as the row id (moved on by one while taken: Anki's revlog
    ids are unique), its Anki card (`card_ids`: by card id and ord; an answer whose
    item has no card is left out), then the values the store computed from the
    answer (`REVLOG_TYPES`, `REVLOG_EASE`, `REVLOG_CAP`)."""
    revlog: list[tuple[int, ...]] = []
    append = revlog.append
    used_ids: set[int] = set()
    taken, take = used_ids.__contains__, used_ids.add
    answers_of, card_of = scheduling.answers.get, card_ids.get
    for card in cards:
        card_id = card.id
        for ord_, rid, _log, ease, ivl, last, factor, spent, kind in answers_of(card_id, ()):
            anki_id = card_of((card_id, ord_))
            if anki_id is None:
                continue
            while taken(rid):  # two answers in one millisecond
                rid += 1
            take(rid)
            append((rid, anki_id, 0, ease, ivl, last, factor, spent, kind))
    return revlog


def write_scheduling(conn: sqlite3.Connection, scheduling: PackageScheduling,
                     revlog: Sequence[tuple[int, ...]]) -> int:
    """Write what the card rows do not hold: the collection's day and scheduler
    version, and the revlog rows (`revlog_rows`); how many revlog rows."""
    conf = json.loads(conn.execute("SELECT conf FROM col").fetchone()[0])
    conf["schedVer"] = 2  # else Anki reads the revlog as v1's and shifts learning buttons
    conn.execute("UPDATE col SET crt = ?, conf = ?",
                 (int(scheduling.day_start.timestamp()), json.dumps(conf)))
    # in id order (ids are unique): the rows go onto the end of the table's tree
    conn.executemany("INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", sorted(revlog))
    return len(revlog)
