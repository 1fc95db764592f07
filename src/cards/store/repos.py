"""The repositories over one transaction: what `Store.reading()` / `Store.writing()`
yield. Each returns views (`cards.views`) or small records, never a session."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cards.store.bulk import BulkRepository
from cards.store.cards import CardRepository
from cards.store.check import CheckRepository
from cards.store.decks import DeckRepository
from cards.store.review_log import ReviewLogRepository
from cards.store.schedule import ScheduleRepository
from cards.store.settings import SettingsRepository
from cards.store.stats import StatsRepository
from cards.store.tx import Tx

if TYPE_CHECKING:
    from sqlmodel import Session


class Repositories:
    """Cards, decks, schedule, review log, settings and stats, in one transaction
    (a `Tx`, or an ORM session of the caller's)."""

    def __init__(self, tx: Tx | Session) -> None:
        self.tx = tx if isinstance(tx, Tx) else Tx(session=tx)
        self.cards = CardRepository(self.tx)
        self.decks = DeckRepository(self.tx)
        self.schedule = ScheduleRepository(self.tx)
        self.reviews = ReviewLogRepository(self.tx)
        self.settings = SettingsRepository(self.tx)
        self.stats = StatsRepository(self.tx)
        self.check = CheckRepository(self.tx)
        self.bulk = BulkRepository(self.tx)

    @property
    def session(self) -> Session:
        """The transaction's ORM session (made on first use)."""
        return self.tx.session
