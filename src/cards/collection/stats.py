"""Numbers about a collection (`col.stats`): counts by state, what falls due, how
reviews went.

Review times are stored in UTC; grouping them by study day needs the user's time
zone (which changes offset across DST), so per-day grouping is done here against
the day boundaries computed in Python rather than with the database's date functions.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta

from cards.collection.clock import StudyClock
from cards.collection.reviews import ReviewsManager
from cards.store import Store
from cards.views import Stats


class StatsManager:
    def __init__(self, store: Store, clock: StudyClock, reviews: ReviewsManager) -> None:
        self._store = store
        self._clock = clock
        self._reviews = reviews

    def stats(self) -> Stats:
        """Everything `cards stats` prints."""
        today = self._clock.today()
        since = self._clock.day_start_utc(today - timedelta(days=29))
        start_today, end_today = self._clock.day_bounds_utc(today)
        with self._store.reading() as repos:
            due_today, due_tomorrow, due_week = repos.stats.due_counts(today)
        due_today += self._reviews.repeats_waiting()  # failed today, coming back today
        with self._store.reading() as repos:
            answers = repos.stats.answers(since, start_today, end_today)
            counts = repos.stats.state_counts(today)
        return Stats(
            counts=counts, due_today=due_today, due_tomorrow=due_tomorrow,
            due_next_7_days=due_week, reviews_30_days=answers.total,
            retention_30_days=(answers.passed / answers.seen) if answers.seen else None,
            reviews_today=answers.today, new_today=answers.new_today,
            next_due=self._reviews.next_due_day(),
        )

    def forecast(self, days: int = 30) -> list[tuple[date, int]]:
        """Reviews falling due on each of the next `days` days (overdue ones count today)."""
        today = self._clock.today()
        last = today + timedelta(days=days - 1)
        with self._store.reading() as repos:
            rows = repos.stats.due_per_day(last)
        by_day = dict.fromkeys((today + timedelta(days=i) for i in range(days)), 0)
        for due, count in rows:
            by_day[max(due, today)] += count
        by_day[today] += self._reviews.repeats_waiting()
        return list(by_day.items())

    def reviews_per_day(self, days: int = 30) -> list[tuple[date, int]]:
        """Scheduled answers given on each of the last `days` study days, oldest first."""
        today = self._clock.today()
        first = today - timedelta(days=days - 1)
        bounds = [self._clock.day_start_utc(first + timedelta(days=i)) for i in range(days + 1)]
        with self._store.reading() as repos:
            times = repos.reviews.review_times(bounds[0])
        counts = [0] * days
        for moment in times:
            index = bisect_right(bounds, moment) - 1
            if 0 <= index < days:
                counts[index] += 1
        return [(first + timedelta(days=i), counts[i]) for i in range(days)]
