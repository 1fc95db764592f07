"""Study days: calendar days in the user's time zone that start at a chosen hour.

A review at 01:30 belongs to the previous day when the day starts at 04:00, as in
Anki: people who study past midnight expect "tomorrow" to mean after they sleep.
Times are stored in UTC; only the day a moment falls on is computed locally.

Adding an interval is calendar arithmetic on dates, so a due day never shifts by an
hour across a DST change, and the day boundary itself is found with dateutil, which
resolves a start hour that falls in a DST gap or fold.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import cast

from dateutil import tz as dateutil_tz

DEFAULT_DAY_STARTS_AT = 4


def resolve_timezone(name: str | None) -> tzinfo:
    """A tzinfo for an IANA name, "UTC", or "local"/None (the system's, honouring $TZ)."""
    if not name or name == "local":
        local: tzinfo = dateutil_tz.tzlocal()
        return local
    zone: tzinfo | None = dateutil_tz.gettz(name)
    if zone is None:
        raise ValueError(f"unknown time zone {name!r}")
    return zone


def study_day(moment: datetime, zone: tzinfo, day_starts_at: int = DEFAULT_DAY_STARTS_AT) -> date:
    """The study day a moment belongs to (moment must be timezone-aware)."""
    if moment.tzinfo is None:
        raise ValueError("moment must be timezone-aware")
    if not 0 <= day_starts_at <= 23:
        raise ValueError("the day must start at an hour 0..23")
    local = moment.astimezone(zone)
    day = local.date()
    if local.hour < day_starts_at:
        day -= timedelta(days=1)
    return day


def day_start(day: date, zone: tzinfo, day_starts_at: int = DEFAULT_DAY_STARTS_AT) -> datetime:
    """The UTC instant at which a study day begins."""
    local = datetime(day.year, day.month, day.day, day_starts_at, tzinfo=zone)
    local = cast(datetime, dateutil_tz.resolve_imaginary(local))  # a DST gap moves it on
    return local.astimezone(UTC)


def add_days(day: date, days: int) -> date:
    """Calendar-day arithmetic for due dates."""
    return day + timedelta(days=days)
