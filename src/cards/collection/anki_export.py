"""What an Anki export reads from the collection besides the cards: each item's
schedule and the whole review log (`cards export anki --with-scheduling`).

Apart from the import side (`anki_import`), so an export imports neither the
staging machinery nor SQLAlchemy: both reads are driver rows (`store.anki_queries`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from cards.anki.scheduling import (
    REVLOG_CAP,
    REVLOG_EASE,
    REVLOG_REVIEW,
    REVLOG_TYPES,
    ItemSchedule,
    PackageScheduling,
)
from cards.store import anki_queries as q

if TYPE_CHECKING:
    from cards.anki import AnkiCard
    from cards.collection.core import Collection

#: How the store turns a logged answer into revlog values (`anki_queries.export_reviews`).
REVLOG_MAPPING = q.RevlogMapping(ease=REVLOG_EASE, types=REVLOG_TYPES,
                                 other_type=REVLOG_REVIEW, cap=REVLOG_CAP)


def package_scheduling(collection: Collection, cards: Sequence[AnkiCard]) -> PackageScheduling:
    """Each exported card's items and whole review log, for `export anki --with-scheduling`."""
    ids = [card.id for card in cards]
    today = collection.today()
    with collection.store.reading() as repos:
        schedules = q.export_items(repos.tx, ids)
        answers = q.export_reviews(repos.tx, ids, REVLOG_MAPPING)
    items = {(card_id, ord_): ItemSchedule(ord_, reps, interval, easiness, due, lapses,
                                           buried is not None and buried > today)
             for card_id, ord_, reps, interval, easiness, due, lapses, buried in schedules}
    return PackageScheduling(items=items, answers=answers, today=today,
                             day_start=collection.day_start_utc(today))
