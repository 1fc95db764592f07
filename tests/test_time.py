"""Time: answers across DST changes and around the day-boundary hour land on the right day.

Each case opens a real collection with a fixed clock (`Collection.open(now=...)`),
sets the time zone and the hour the study day starts, answers a new card (SM-2 gives
interval 1, or 6 on the second pass) and checks the due day, and that the card is
shown by `due()` exactly from the first moment of that study day.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from dateutil import tz

from cards.collection import Collection


class Clock:
    """A settable clock for `Collection.open(now=...)`."""

    def __init__(self) -> None:
        self.moment = datetime(2026, 1, 1, 12, tzinfo=tz.UTC)

    def __call__(self) -> datetime:
        return self.moment

    def set_local(self, zone: str, *parts: int, fold: int = 0) -> None:
        self.moment = datetime(*parts, tzinfo=tz.gettz(zone), fold=fold)  # type: ignore[misc]


@pytest.fixture()
def open_collection(tmp_path: Path) -> Callable[[str, int], tuple[Collection, Clock, str]]:
    opened: list[Collection] = []

    def make(zone: str, day_starts_at: int = 4) -> tuple[Collection, Clock, str]:
        clock = Clock()
        col = Collection.open(tmp_path / f"time-{len(opened)}.db", now=clock)
        opened.append(col)
        col.set_setting("timezone", zone)
        col.set_setting("day_starts_at", str(day_starts_at))
        key = col.add_card(front="q", back="a").id
        return col, clock, key

    yield make
    for col in opened:
        col.close()


# (zone, local moment of the answer, fold, day-start hour, expected study day of the answer)
CASES = [
    # New York springs forward 2026-03-08 02:00 EST -> 03:00 EDT.
    ("America/New_York", (2026, 3, 8, 1, 59), 0, 4, date(2026, 3, 7)),
    ("America/New_York", (2026, 3, 8, 3, 59), 0, 4, date(2026, 3, 7)),
    ("America/New_York", (2026, 3, 8, 4, 0), 0, 4, date(2026, 3, 8)),
    # The day would start at 02:00, which does not exist that night: it starts at 03:00.
    ("America/New_York", (2026, 3, 8, 1, 59), 0, 2, date(2026, 3, 7)),
    ("America/New_York", (2026, 3, 8, 3, 0), 0, 2, date(2026, 3, 8)),
    # New York falls back 2026-11-01 02:00 EDT -> 01:00 EST: 01:30 happens twice.
    ("America/New_York", (2026, 11, 1, 1, 30), 0, 4, date(2026, 10, 31)),
    ("America/New_York", (2026, 11, 1, 1, 30), 1, 4, date(2026, 10, 31)),
    ("America/New_York", (2026, 11, 1, 1, 30), 1, 1, date(2026, 11, 1)),
    ("America/New_York", (2026, 11, 1, 4, 0), 0, 4, date(2026, 11, 1)),
    # London springs forward 2026-03-29 01:00 GMT -> 02:00 BST, falls back 2026-10-25.
    ("Europe/London", (2026, 3, 29, 0, 59), 0, 1, date(2026, 3, 28)),
    ("Europe/London", (2026, 3, 29, 2, 0), 0, 1, date(2026, 3, 29)),
    ("Europe/London", (2026, 3, 29, 3, 59), 0, 4, date(2026, 3, 28)),
    ("Europe/London", (2026, 10, 25, 1, 30), 1, 4, date(2026, 10, 24)),
    ("Europe/London", (2026, 10, 25, 4, 0), 0, 4, date(2026, 10, 25)),
    ("Europe/London", (2026, 6, 1, 23, 59), 0, 0, date(2026, 6, 1)),
    ("Europe/London", (2026, 6, 2, 0, 0), 0, 0, date(2026, 6, 2)),
    # Sydney: DST ends 2026-04-05 03:00 AEDT -> 02:00 AEST, starts 2026-10-04 02:00 -> 03:00.
    ("Australia/Sydney", (2026, 4, 5, 2, 30), 0, 4, date(2026, 4, 4)),
    # 02:30 happens twice; the second is after 03:00 AEDT but before 03:00 AEST.
    ("Australia/Sydney", (2026, 4, 5, 2, 30), 1, 3, date(2026, 4, 4)),
    ("Australia/Sydney", (2026, 4, 5, 2, 30), 1, 2, date(2026, 4, 5)),
    ("Australia/Sydney", (2026, 4, 5, 4, 0), 0, 4, date(2026, 4, 5)),
    ("Australia/Sydney", (2026, 10, 4, 1, 59), 0, 2, date(2026, 10, 3)),
    ("Australia/Sydney", (2026, 10, 4, 3, 0), 0, 2, date(2026, 10, 4)),
]


@pytest.mark.parametrize(("zone", "local", "fold", "starts", "day"), CASES)
def test_first_answer_is_due_the_next_study_day(
    open_collection: Callable[..., tuple[Collection, Clock, str]], zone: str,
    local: tuple[int, ...], fold: int, starts: int, day: date,
) -> None:
    col, clock, key = open_collection(zone, starts)
    clock.set_local(zone, *local, fold=fold)
    assert col.today() == day
    result = col.answer(key, 4)
    assert result.after.due == day + timedelta(days=1)
    _assert_shown_from_start_of(col, clock, zone, starts, day + timedelta(days=1), key)


def _assert_shown_from_start_of(col: Collection, clock: Clock, zone: str, starts: int,
                                due: date, key: str) -> None:
    """Not shown a minute before the due study day begins; shown from its first minute."""
    begins = col.day_start_utc(due)
    local = begins.astimezone(tz.gettz(zone))
    assert local.date() == due and local.hour >= starts  # a gap only moves it later
    clock.moment = begins - timedelta(minutes=1)
    assert key not in {item.key for item in col.due()}
    clock.moment = begins
    assert key in {item.key for item in col.due()}


@pytest.mark.parametrize(("zone", "first", "dst_change"), [
    ("America/New_York", date(2026, 3, 5), date(2026, 3, 8)),
    ("America/New_York", date(2026, 10, 28), date(2026, 11, 1)),
    ("Europe/London", date(2026, 3, 26), date(2026, 3, 29)),
    ("Europe/London", date(2026, 10, 22), date(2026, 10, 25)),
    ("Australia/Sydney", date(2026, 4, 2), date(2026, 4, 5)),
    ("Australia/Sydney", date(2026, 10, 1), date(2026, 10, 4)),
])
def test_six_day_interval_across_a_dst_change(
    open_collection: Callable[..., tuple[Collection, Clock, str]], zone: str, first: date,
    dst_change: date,
) -> None:
    """A 6-day interval spanning the change is 6 calendar days, not 6 x 24 hours."""
    col, clock, key = open_collection(zone, 4)
    clock.set_local(zone, first.year, first.month, first.day, 4, 30)  # just after the boundary
    assert col.answer(key, 5).after.due == first + timedelta(days=1)
    second = first + timedelta(days=1)
    clock.set_local(zone, second.year, second.month, second.day, 23, 59)
    due = col.answer(key, 5).after.due
    assert due == second + timedelta(days=6) and second < dst_change < due
    _assert_shown_from_start_of(col, clock, zone, 4, due, key)


def test_cli_config_timezone_is_used_by_answer(tmp_path: Path) -> None:
    """`cards config timezone` (through the CLI's main) sets the zone answers use."""
    from cards.cli import main

    db = tmp_path / "cli.db"
    for argv in (["config", "timezone", "Australia/Sydney"], ["config", "day_starts_at", "4"]):
        main(["--db", str(db), *argv])
    clock = Clock()
    # 2026-04-04 16:30 UTC is 03:30 AEDT on 5 April, the night DST ends: still the 4th.
    clock.moment = datetime(2026, 4, 4, 16, 30, tzinfo=tz.UTC)
    with Collection.open(db, now=clock) as col:
        key = col.add_card(front="q", back="a").id
        assert col.today() == date(2026, 4, 4)
        assert col.answer(key, 3).after.due == date(2026, 4, 5)


def test_answers_dated_after_today_are_not_todays(tmp_path: Path) -> None:
    """After the clock is set back (here by 40 days), answers dated in the future are
    not today's: they use none of today's new-card limit, count in no stats for today,
    and a failure among them does not make today's answer a same-day repeat."""
    clock = Clock()
    with Collection.open(tmp_path / "clock.db", now=clock) as col:
        col.set_setting("timezone", "Europe/London")
        col.set_setting("new_per_day", "2")
        keys = [col.add_card(front=f"q{n}", back="a").id for n in range(4)]
        now = datetime(2026, 6, 1, 12, tzinfo=tz.UTC)
        clock.moment = now + timedelta(days=40)
        col.answer(keys[0], 1)  # a failure, 40 days ahead
        col.answer(keys[1], 5)
        clock.moment = now
        assert col.today() == date(2026, 6, 1)
        # the other two cards are new today: the future answers used none of the
        # limit, and the future failure is no repeat waiting today
        assert [(item.key, item.repeat) for item in col.due()] == [(k, False) for k in keys[2:]]
        stats = col.stats()
        assert stats.reviews_today == 0 and stats.new_today == 0
        assert col.repeats_waiting() == 0
        assert col.deck_summaries()[0].new == 2
        # not a repeat: practice, as the future answer made it due only after that day
        assert col.answer_kind(keys[0]) == "cram"
        assert col.answer(keys[0], 4).kind == "cram"
