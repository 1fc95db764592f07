"""Study days: calendar days in the user's time zone that start at a chosen hour.

A review at 01:30 belongs to the previous day when the day starts at 04:00, as in
Anki: people who study past midnight expect "tomorrow" to mean after they sleep.
Times are stored in UTC; only the day a moment falls on is computed locally.

There is one definition, `day_start`: study day D begins at the first instant whose
local wall-clock time is D at the start hour or later. That reads as "the start
hour" on every ordinary night; when the hour is skipped (a DST gap) the day begins
the moment the clocks jump past it, and when it happens twice (the clocks go back)
it begins at the first of the two. Every other question is answered from it: a
moment belongs to the day D with day_start(D) <= moment < day_start(D + 1)
(`study_day`), and "today's answers" are those between those two instants
(`day_bounds`). So the study day never goes backwards, and every instant lies in
exactly one study day, whatever the zone does; an answer dated after today's end
(a clock that was set back since) is not one of today's.

Adding an interval is calendar arithmetic on dates, so a due day never shifts by an
hour across a DST change.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Hashable
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache

from dateutil import tz as dateutil_tz

DEFAULT_DAY_STARTS_AT = 4
_ONE_DAY = timedelta(days=1)
_SECOND = timedelta(seconds=1)
#: How far a first guess of the study day may be from the right one before the zone
#: is called unusable (real zones need at most one step; see `study_day`).
_MAX_STEPS = 3


def resolve_timezone(name: str | None) -> tzinfo:
    """A tzinfo for an IANA name, "UTC", a POSIX TZ string such as "EST5EDT,M3.2.0,M11.1.0",
    or "local"/None (the system's, honouring $TZ).

    IANA names are the standard library's `zoneinfo` (exact PEP 495 folds and gaps, and
    the zone's rule for years past its last listed change); dateutil reads the rest.
    """
    if not name or name == "local":
        return dateutil_tz.tzlocal()
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        pass
    zone = dateutil_tz.gettz(name)
    if zone is None:
        raise ValueError(f"unknown time zone {name!r}")
    return zone


def _check_hour(day_starts_at: int) -> None:
    if not 0 <= day_starts_at <= 23:
        raise ValueError("the day must start at an hour 0..23")


def _wall(moment: datetime, zone: tzinfo) -> datetime:
    """The local wall-clock time of a UTC instant, without its zone."""
    return moment.astimezone(zone).replace(tzinfo=None)


def day_start(day: date, zone: tzinfo, day_starts_at: int = DEFAULT_DAY_STARTS_AT) -> datetime:
    """The UTC instant at which a study day begins: the first instant whose local time
    is `day` at `day_starts_at` o'clock or later (see the module docstring).

    Remembered per zone (a zone object that cannot be hashed is computed each time):
    every `study_day` asks for the same two or three days.
    """
    _check_hour(day_starts_at)
    if isinstance(zone, Hashable):
        return _cached_day_start(day, zone, day_starts_at)
    return _day_start(day, zone, day_starts_at)  # dateutil's tzlocal cannot be hashed


@lru_cache(maxsize=4096)
def _cached_day_start(day: date, zone: tzinfo, day_starts_at: int) -> datetime:
    return _day_start(day, zone, day_starts_at)


def _day_start(day: date, zone: tzinfo, day_starts_at: int) -> datetime:
    wall = datetime(day.year, day.month, day.day, day_starts_at)
    # The wall time as each of its readings (PEP 495 fold 0 and 1); the real ones are
    # the instants showing it, and the first of them wins when the hour happens twice.
    readings = sorted({wall.replace(tzinfo=zone, fold=fold).astimezone(UTC) for fold in (0, 1)})
    real = [moment for moment in readings if _wall(moment, zone) == wall]
    if real:
        return real[0]
    return _first_at_or_after(wall, zone, readings[0], readings[-1])


def _first_at_or_after(wall: datetime, zone: tzinfo, low: datetime, high: datetime) -> datetime:
    """The first instant whose local time is `wall` or later, for a `wall` that no
    instant shows (a DST gap): the moment the clocks jump over it, found by bisection
    to the second (zone transitions fall on whole seconds)."""
    while _wall(low, zone) >= wall:
        low -= timedelta(hours=1)
    while _wall(high, zone) < wall:
        high += timedelta(hours=1)
    while high - low > _SECOND:
        middle = low + (high - low) / 2
        middle = middle.replace(microsecond=0)
        if middle <= low:
            middle = low + _SECOND
        if _wall(middle, zone) >= wall:
            high = middle
        else:
            low = middle
    return high


def day_bounds(
    day: date, zone: tzinfo, day_starts_at: int = DEFAULT_DAY_STARTS_AT
) -> tuple[datetime, datetime]:
    """The UTC instants [start, end) of a study day: the moments that belong to it."""
    return day_start(day, zone, day_starts_at), day_start(day + _ONE_DAY, zone, day_starts_at)


def study_day(moment: datetime, zone: tzinfo, day_starts_at: int = DEFAULT_DAY_STARTS_AT) -> date:
    """The study day a moment belongs to (moment must be timezone-aware): the day D
    with day_start(D) <= moment < day_start(D + 1).

    The local date (the day before, before the start hour) is the first guess; it is
    off by one only near a DST change, and checked against `day_start` in both
    directions. A zone whose day starts do not follow each other (a made-up POSIX
    rule) raises ValueError rather than give two answers.
    """
    if moment.tzinfo is None:
        raise ValueError("moment must be timezone-aware")
    _check_hour(day_starts_at)
    local = moment.astimezone(zone)
    day = local.date()
    if local.hour < day_starts_at:
        day -= _ONE_DAY
    for _ in range(_MAX_STEPS):
        if moment < day_start(day, zone, day_starts_at):
            day -= _ONE_DAY
        elif moment >= day_start(day + _ONE_DAY, zone, day_starts_at):
            day += _ONE_DAY
        else:
            return day
    raise ValueError("this time zone gives no single study day for some moments")


def add_days(day: date, days: int) -> date:
    """Calendar-day arithmetic for due dates."""
    return day + timedelta(days=days)
