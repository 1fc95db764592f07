"""SM-2 rule 7 across sessions: which items failed today still wait for their repeat.

An item graded below 4 comes back the same day until it is graded 4 or 5, in the next
session of the day too, so ending a session early never skips the relearning.
"""

from __future__ import annotations

from datetime import date, datetime

from cards.scheduler import needs_same_day_repeat
from cards.store.repos import Repositories
from cards.views import ItemView
from cards.vocabulary import CardStatus

Key = tuple[str, int]


def waiting_repeats(
    repos: Repositories, bounds: tuple[datetime, datetime], today: date
) -> list[ItemView]:
    """Items failed within `bounds` (today's [start, end)) and not yet passed with 4 or
    5, oldest failure first; only those of active cards that are not buried."""
    answered = repos.reviews.last_grades(*bounds)
    failed = [key for key, grade in answered.items() if needs_same_day_repeat(grade)]
    if not failed:
        return []
    found = repos.schedule.items(failed)
    return [item for item in (found[key] for key in failed if key in found)
            if item.card.status == CardStatus.ACTIVE
            and (item.buried_until is None or item.buried_until <= today)]


def key_of(item: ItemView) -> Key:
    return (item.card.id, item.ord)
