"""The repositories over one transaction: what `Store.reading()` / `Store.writing()`
yield. Each returns views (`cards.views`) or small records, never a session."""

from __future__ import annotations

from sqlmodel import Session

from cards.store.bulk import BulkRepository
from cards.store.cards import CardRepository
from cards.store.check import CheckRepository
from cards.store.decks import DeckRepository
from cards.store.review_log import ReviewLogRepository
from cards.store.schedule import ScheduleRepository
from cards.store.settings import SettingsRepository
from cards.store.stats import StatsRepository


class Repositories:
    """Cards, decks, schedule, review log, settings and stats, in one transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.cards = CardRepository(session)
        self.decks = DeckRepository(session)
        self.schedule = ScheduleRepository(session)
        self.reviews = ReviewLogRepository(session)
        self.settings = SettingsRepository(session)
        self.stats = StatsRepository(session)
        self.check = CheckRepository(session)
        self.bulk = BulkRepository(session)
