"""The study day across every time zone's changes in 2026-2027 (issue 9, item 23).

For every IANA zone, around each of its offset changes in 2026 and 2027 (two hours
either side, every 15 minutes), and for every hour the day may start at: the study
day never goes backwards, and every instant lies in exactly one study day, the one
whose [start, end) holds it. Each day start is also checked against its definition:
the first instant whose local time is the start hour of that date or later.

The zones are those `cards config timezone` accepts by name, resolved the way the
collection resolves them (`resolve_timezone`).
"""

from __future__ import annotations

import hashlib
import zoneinfo
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path

import pytest

from cards.scheduler.days import day_bounds, day_start, resolve_timezone, study_day

FIRST, LAST = datetime(2026, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC)
STEP, REACH = timedelta(minutes=15), timedelta(hours=2)
HOURS = range(24)


def _offset(moment: datetime, zone: tzinfo) -> timedelta | None:
    return moment.astimezone(zone).utcoffset()


def transitions(zone: tzinfo) -> Iterator[datetime]:
    """Each instant in 2026-2027 where the zone's UTC offset changes (to the second).

    Offsets are compared a day apart, then the change is found by bisection; no
    zone changes its offset twice within a day.
    """
    day = timedelta(days=1)
    moment = FIRST
    while moment < LAST:
        low, high = moment, moment + day
        if _offset(low, zone) != _offset(high, zone):
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                if _offset(middle, zone) == _offset(low, zone):
                    low = middle
                else:
                    high = middle
            yield high.replace(microsecond=0)
        moment += day


def _wall(moment: datetime, zone: tzinfo) -> datetime:
    return moment.astimezone(zone).replace(tzinfo=None)


def check_zone(name: str) -> int:
    """Check every transition of one zone for every start hour; return how many."""
    zone = resolve_timezone(name)
    count = 0
    for change in transitions(zone):
        count += 1
        moments = [change - REACH + k * STEP for k in range(2 * REACH // STEP + 1)]
        for hour in HOURS:
            _check_moments(name, zone, hour, moments)
    return count


def _check_moments(name: str, zone: tzinfo, hour: int, moments: list[datetime]) -> None:
    days = [study_day(moment, zone, hour) for moment in moments]
    where = f"{name}, day starts at {hour}"
    for i in range(1, len(moments)):
        assert days[i - 1] <= days[i], (
            f"{where}: the study day went back from {days[i - 1]} at {moments[i - 1]} "
            f"to {days[i]} at {moments[i]}")
    bounds = {day: day_bounds(day, zone, hour) for day in set(days)}
    for moment, day in zip(moments, days, strict=True):
        start, end = bounds[day]
        assert start <= moment < end, f"{where}: {moment} is not inside its study day {day}"
    for day in bounds:
        _check_definition(where, zone, hour, day)
        _check_definition(where, zone, hour, day + timedelta(days=1))


def _check_definition(where: str, zone: tzinfo, hour: int, day: date) -> None:
    """The day start is the first instant showing `day` at `hour` o'clock or later."""
    start = day_start(day, zone, hour)
    wanted = datetime(day.year, day.month, day.day, hour)
    assert _wall(start, zone) >= wanted, f"{where}: {day} starts at {start}, before {wanted}"
    assert _wall(start - timedelta(seconds=1), zone) < wanted, (
        f"{where}: {day} starts at {start}, later than the first instant showing {wanted}")


ZONES = sorted(zoneinfo.available_timezones())


def _distinct_zones() -> list[str]:
    """One name per zone file: an alias (US/Eastern for America/New_York) holds the
    same bytes, so it behaves the same and is checked once."""
    names: dict[bytes, str] = {}
    for name in ZONES:
        path = next((Path(base, name) for base in zoneinfo.TZPATH
                     if Path(base, name).is_file()), None)
        key = hashlib.sha256(path.read_bytes()).digest() if path else name.encode()
        names.setdefault(key, name)
    return sorted(names.values())


DISTINCT = _distinct_zones()
CHUNKS = 6


def test_every_zone_is_checked_and_some_change() -> None:
    """The sweep below is not vacuous: the zone list is full and transitions are found
    (New York changes twice a year, Troll and Chatham too, Tokyo never)."""
    assert len(ZONES) > 400
    for name, expected in (("America/New_York", 4), ("Antarctica/Troll", 4),
                           ("Pacific/Chatham", 4), ("Asia/Tokyo", 0)):
        assert sum(1 for _ in transitions(resolve_timezone(name))) == expected, name


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_study_day_is_monotonic_and_partitions_time(chunk: int) -> None:
    checked = sum(check_zone(name) for name in DISTINCT[chunk::CHUNKS])
    assert checked > 50  # each share of the zones holds many DST changes


@pytest.mark.parametrize(("zone", "hour", "utc", "day"), [
    # Chatham falls back at 03:45 +1345 to 02:45 +1245: a day starting at 3 began at
    # the first 03:00, and the repeated 02:45-03:00 is still that day.
    ("Pacific/Chatham", 3, datetime(2027, 4, 3, 14, 0, tzinfo=UTC), date(2027, 4, 4)),
    ("Pacific/Chatham", 3, datetime(2027, 4, 3, 14, 5, tzinfo=UTC), date(2027, 4, 4)),
    # Troll jumps from 01:00 +00 to 03:00 +02: a day starting at 2 begins at the jump.
    ("Antarctica/Troll", 2, datetime(2026, 3, 29, 0, 59, tzinfo=UTC), date(2026, 3, 28)),
    ("Antarctica/Troll", 2, datetime(2026, 3, 29, 1, 0, tzinfo=UTC), date(2026, 3, 29)),
])
def test_reported_cases(zone: str, hour: int, utc: datetime, day: date) -> None:
    tz = resolve_timezone(zone)
    assert study_day(utc, tz, hour) == day
    start, end = day_bounds(day, tz, hour)
    assert start <= utc < end


def test_troll_day_starts_at_the_jump() -> None:
    assert day_start(date(2026, 3, 29), resolve_timezone("Antarctica/Troll"), 2) == datetime(
        2026, 3, 29, 1, 0, tzinfo=UTC)
