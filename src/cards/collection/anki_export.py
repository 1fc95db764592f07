"""What an Anki export reads from the collection besides the cards: each item's
schedule and the whole review log (`cards export anki --with-scheduling`).

Apart from the import side (`anki_import`), so an export imports neither the
staging machinery nor SQLAlchemy: both reads are driver rows (`store.anki_queries`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from cards.anki.scheduling import CardSchedule, ItemSchedule, LoggedAnswer, PackageScheduling
from cards.store import anki_queries as q

if TYPE_CHECKING:
    from cards.anki import AnkiCard
    from cards.collection.core import Collection


def package_scheduling(collection: Collection, cards: Sequence[AnkiCard]) -> PackageScheduling:
    """Each exported card's items and whole review log, for `export anki --with-scheduling`."""
    ids = [card.id for card in cards]
    today = collection.today()
    with collection.store.reading() as repos:
        schedules = q.export_items(repos.tx, ids)
        answers = q.export_reviews(repos.tx, ids)
    by_card: dict[str, list[LoggedAnswer]] = {}
    make = LoggedAnswer._make
    for row in answers:  # (card_id, *the LoggedAnswer's fields), oldest first
        by_card.setdefault(row[0], []).append(make(row[1:]))
    items: dict[str, list[ItemSchedule]] = {}
    for card_id, ord_, reps, interval, easiness, due, lapses, buried in sorted(schedules):
        items.setdefault(card_id, []).append(ItemSchedule(
            ord_, reps, interval, easiness, due, lapses, buried is not None and buried > today))
    return PackageScheduling(
        cards=tuple(CardSchedule(card_id=c.id, cloze=c.type == "cloze",
                                 items=tuple(items.get(c.id, ())),
                                 answers=tuple(by_card.get(c.id, ()))) for c in cards),
        today=today, day_start=collection.day_start_utc(today))
