"""Study time: what day it is for the learner, and when a study day begins.

Days are calendar days in the user's time zone starting at `day_starts_at`; every
manager asks this one clock, so they all agree on "today".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, tzinfo

from cards.collection.settings import SettingsManager
from cards.scheduler import day_bounds, day_start, resolve_timezone, study_day


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """Aware UTC: SQLModel stores it as UTC and hands it back aware."""
    return moment.astimezone(UTC)


class StudyClock:
    def __init__(self, settings: SettingsManager, now: Callable[[], datetime] = utcnow) -> None:
        self._settings = settings
        self._now = now

    def now(self) -> datetime:
        return self._now().astimezone(UTC)

    def zone(self) -> tzinfo:
        return resolve_timezone(self._settings.get().timezone)

    def today(self) -> date:
        """The study day it is now, in the user's time zone."""
        return study_day(self.now(), self.zone(), self._settings.get().day_starts_at)

    def day_start_utc(self, day: date) -> datetime:
        """The moment a study day begins, in UTC."""
        return as_utc(day_start(day, self.zone(), self._settings.get().day_starts_at))

    def day_bounds_utc(self, day: date) -> tuple[datetime, datetime]:
        """The UTC instants [start, end) of a study day: "today's answers" are those
        in between, so one dated later (the clock was set back since) is not today's."""
        start, end = day_bounds(day, self.zone(), self._settings.get().day_starts_at)
        return as_utc(start), as_utc(end)
