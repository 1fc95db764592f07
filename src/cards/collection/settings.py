"""Settings: typed, each field checked by using it before it is stored.

Stored as text in the `setting` table; read back through the same checks, so a value
an older `cards` stored that is no longer valid is named, never used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cards.errors import InvalidInputError
from cards.scheduler import day_start, resolve_timezone, study_day
from cards.scheduler.fsrs import MAX_INTERVAL
from cards.store import Store
from cards.views import Settings

#: The schedulers a deck can use: SM-2 (the default) and FSRS.
SCHEDULERS = ("sm2", "fsrs")


@dataclass(frozen=True, slots=True)
class Field:
    """One setting: its type, and for a whole number the range it may take."""

    kind: type
    low: float = 0
    high: float = 0
    #: For a word: the values it may take.
    choices: tuple[str, ...] = ()


#: Every setting. The ranges are what the scheduler and SQLite's 64-bit integers can
#: use (a daily limit goes into a LIMIT clause).
FIELDS: dict[str, Field] = {
    "timezone": Field(str),
    "day_starts_at": Field(int, 0, 23),
    "new_per_day": Field(int, 0, 100_000),
    "reviews_per_day": Field(int, 0, 1_000_000),
    "leech_threshold": Field(int, 0, 1000),
    "scheduler": Field(str, choices=SCHEDULERS),
    "desired_retention": Field(float, 0.7, 0.99),
    "maximum_interval": Field(int, 1, MAX_INTERVAL),
    "bury_siblings": Field(int, 0, 1),
    "answer_keys": Field(str),
}
#: Words a yes/no setting takes (stored as 1 / 0).
SWITCH_WORDS = {"on": 1, "off": 0, "true": 1, "false": 0, "yes": 1, "no": 0, "1": 1, "0": 0}
SWITCHES = ("bury_siblings",)
SETTING_RANGES: dict[str, tuple[int, int]] = {
    key: (int(field.low), int(field.high)) for key, field in FIELDS.items()
    if field.kind is int}
#: The settings an FSRS schedule is computed with: changing one replays FSRS decks.
FSRS_KEYS = ("desired_retention", "maximum_interval")
#: The limits a deck may set for itself.
DECK_LIMIT_KEYS = ("new_per_day", "reviews_per_day", "bury_siblings")


def _timezone(raw: str, day_starts_at: int) -> str:
    """A time zone must give a study day and its start now and in every season (a
    POSIX string such as XYZ+25 names a zone that no datetime can use)."""
    if not raw.strip():
        raise ValueError("timezone cannot be empty (use 'local' or a name such as "
                         "Europe/London)")
    try:
        zone = resolve_timezone(raw)
        now = datetime.now(UTC)
        # a POSIX rule can be valid today and not in its other season: try a
        # moment in every quarter of the coming decade, and in the past year
        for days in range(-400, 4000, 91):
            moment = now + timedelta(days=days)
            day_start(study_day(moment, zone, day_starts_at), zone, day_starts_at)
    except (ValueError, OverflowError, OSError, TypeError) as exc:
        raise ValueError(f"timezone {raw!r} cannot be used: {str(exc).rstrip('.')}") from None
    return raw


def _whole_number(key: str, raw: str, field: Field) -> int:
    text = raw.strip()
    low, high = int(field.low), int(field.high)
    if not (text.isascii() and text.lstrip("-").isdigit()) or len(text) > 20:
        raise ValueError(f"{key} must be a whole number {low}..{high:,}, not {raw!r}")
    value = int(text)
    if not low <= value <= high:
        raise ValueError(f"{key} must be a whole number {low}..{high:,}, not {raw!r}")
    return value


def _fraction(key: str, raw: str, field: Field) -> float:
    text = raw.strip()
    try:
        value = float(text) if len(text) <= 20 else float("nan")
    except ValueError:
        value = float("nan")
    if not field.low <= value <= field.high:  # NaN fails both comparisons
        raise ValueError(f"{key} must be a number {field.low}..{field.high}, not {raw!r}")
    return value


def _choice(key: str, raw: str, field: Field) -> str:
    if raw.strip() not in field.choices:
        raise ValueError(f"{key} must be one of {', '.join(field.choices)}, not {raw!r}")
    return raw.strip()


def parse_setting(key: str, raw: str, day_starts_at: int = 4) -> str | int | float:
    """A setting's value from its text, checked by using it; ValueError if unusable."""
    field = FIELDS.get(key)
    if field is None:
        raise ValueError(f"unknown setting {key!r} (known: {', '.join(sorted(FIELDS))})")
    if key == "answer_keys":
        from cards.answer_keys import check_scheme

        return check_scheme(raw)
    if key in SWITCHES:
        return switch(key, raw)
    if field.choices:
        return _choice(key, raw, field)
    if field.kind is str:
        return _timezone(raw, day_starts_at)
    if field.kind is float:
        return _fraction(key, raw, field)
    return _whole_number(key, raw, field)


def switch(key: str, raw: str) -> int:
    """A yes/no setting from on/off (true/false, yes/no, 1/0): 1 or 0."""
    value = SWITCH_WORDS.get(raw.strip().lower())
    if value is None:
        raise ValueError(f"{key} must be on or off, not {raw!r}")
    return value


def check_deck_limit(key: str, value: int | None) -> None:
    """Refuse a per-deck limit that is not one, or out of its range."""
    if key not in DECK_LIMIT_KEYS:
        raise InvalidInputError("only new_per_day, reviews_per_day and bury_siblings can be "
                                "set per deck")
    low, high = SETTING_RANGES[key]
    if value is not None and not low <= value <= high:
        raise InvalidInputError(f"{key} must be a whole number {low}..{high:,}")


class SettingsManager:
    """`col.settings`-style access: read (cached), reload, change one value."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._cached: Settings | None = None

    def get(self) -> Settings:
        """The settings, each stored value checked as `set` checks it."""
        if self._cached is None:
            with self._store.reading() as repos:
                rows = repos.settings.all()
            values: dict[str, Any] = {}
            for key in sorted(rows, key=lambda k: k != "day_starts_at"):
                if key not in FIELDS:
                    continue
                try:
                    values[key] = parse_setting(
                        key, rows[key], values.get("day_starts_at", Settings().day_starts_at))
                except ValueError as exc:
                    raise InvalidInputError(
                        f"the stored setting {key} is not usable ({exc}); set it again with "
                        f"'cards config {key} VALUE'") from None
            self._cached = Settings(**values)
        return self._cached

    def reload(self) -> Settings:
        """Forget the cached settings and read them again (another process may have run
        `cards config` meanwhile)."""
        self._cached = None
        return self.get()

    def set(self, key: str, value: str) -> Settings:
        """Change one setting, after checking it by using it (see `parse_setting`): a
        time zone with the day start it will be used with, and the other way round."""
        with self._store.reading() as repos:
            stored = repos.settings.all()
        try:
            start = stored.get("day_starts_at", str(Settings().day_starts_at))
            parsed = parse_setting(key, value, int(parse_setting("day_starts_at", start)))
            if key == "day_starts_at":
                parse_setting("timezone", stored.get("timezone", Settings().timezone),
                              int(parsed))
        except ValueError as exc:
            raise InvalidInputError(str(exc)) from None
        with self._store.writing() as repos:
            repos.settings.put(key, str(parsed))
        self._cached = None
        return self.get()

    def restore(self, key: str, raw: str | None) -> None:
        """Put back a setting's stored text as it was (None: not stored), unchecked: it
        is what was there, for undoing a change whose follow-up failed."""
        with self._store.writing() as repos:
            if raw is None:
                repos.settings.delete(key)
            else:
                repos.settings.put(key, raw)
        self._cached = None
