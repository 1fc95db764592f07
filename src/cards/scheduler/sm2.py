"""SuperMemo-2, exactly, as pure functions.

The published SM-2 text (Wozniak, 1990) leaves a few points open. This module settles
them as follows, and the tests pin each choice down:

1. Quality ``q`` is an integer 0..5. A new item starts at repetitions 0, interval 0,
   easiness 2.5.
2. ``q >= 3`` (a pass): repetitions += 1; the interval becomes 1 if repetitions is now
   1, 6 if it is now 2, and otherwise ``ceil(previous interval x easiness)``, where the
   easiness is the one from *before* this answer's update.
3. ``q < 3`` (a failure): repetitions = 0 and interval = 1; the item is learned anew.
4. After every answer, failures included, easiness += 0.1 - (5-q) x (0.08 + (5-q) x 0.02),
   floored at 1.3. Per grade that is +0.10, 0, -0.14, -0.32, -0.54, -0.80 for q = 5..0.
5. Arithmetic is exact: easiness is kept in integer hundredths (2.5 is 250), so
   25 x 2.2 is exactly 55 (float arithmetic gives 55.000000000000007 and a ceiling of 56).
   Intervals are capped at 36500 days (100 years).
6. Rule 7 ("repeat items scored below 4 in the same session until they score 4 or
   more") does not touch the schedule: `needs_same_day_repeat` tells the session
   layer which answers to bring back, and those repeats are logged, not scheduled.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

MIN_QUALITY = 0
MAX_QUALITY = 5
PASSING_QUALITY = 3
#: Rule 7: an answer below this comes back in the same session.
SESSION_PASS_QUALITY = 4
INITIAL_EASINESS_H = 250
MIN_EASINESS_H = 130
MAX_INTERVAL_DAYS = 36_500


class Sm2Result(NamedTuple):
    """The state after one answer; easiness as an exact Decimal (e.g. Decimal('2.36'))."""

    repetitions: int
    interval: int
    easiness: Decimal


def to_hundredths(easiness: object) -> int:
    """Turn an easiness given as Decimal, int, float or str into exact hundredths.

    Floats are read through their shortest repr, so 2.36 means 2.36, not
    2.35999999999999987565.
    """
    if isinstance(easiness, bool):
        raise TypeError("easiness must be a number")
    if isinstance(easiness, float):
        value = Decimal(repr(easiness))
    elif isinstance(easiness, int | Decimal | str):
        value = Decimal(easiness)
    else:
        raise TypeError(f"easiness must be a number, not {type(easiness).__name__}")
    hundredths = value * 100
    if hundredths != hundredths.to_integral_value():
        raise ValueError(f"easiness {easiness} is not a whole number of hundredths")
    return int(hundredths)


def from_hundredths(hundredths: int) -> Decimal:
    """Exact Decimal easiness from hundredths: 236 -> Decimal('2.36')."""
    return Decimal(hundredths).scaleb(-2)


def check_quality(quality: int) -> int:
    """Validate a grade; SM-2 is defined for the integers 0..5 only."""
    if isinstance(quality, bool) or not isinstance(quality, int):
        raise TypeError("quality must be an integer 0..5")
    if not MIN_QUALITY <= quality <= MAX_QUALITY:
        raise ValueError(f"quality must be 0..5, not {quality}")
    return quality


def easiness_delta_h(quality: int) -> int:
    """The easiness change in hundredths: 100 x (0.1 - (5-q)(0.08 + (5-q)0.02))."""
    miss = MAX_QUALITY - check_quality(quality)
    return 10 - miss * (8 + miss * 2)


def next_easiness_h(easiness_h: int, quality: int) -> int:
    """Easiness after an answer, in hundredths, floored at 1.3."""
    return max(MIN_EASINESS_H, easiness_h + easiness_delta_h(quality))


def next_interval(repetitions_after: int, interval: int, easiness_h: int) -> int:
    """Interval for a pass that brings repetitions to `repetitions_after` (>= 1)."""
    if repetitions_after == 1:
        return 1
    if repetitions_after == 2:
        return 6
    # ceil(interval * easiness_h / 100) in integers: no float ever touches it.
    grown = -(-interval * easiness_h // 100)
    return min(MAX_INTERVAL_DAYS, max(1, grown))


def sm2_h(repetitions: int, interval: int, easiness_h: int, quality: int) -> tuple[int, int, int]:
    """One SM-2 step on integer hundredths; see the module docstring for the rules."""
    check_quality(quality)
    if repetitions < 0 or interval < 0:
        raise ValueError("repetitions and interval cannot be negative")
    if quality >= PASSING_QUALITY:
        reps = repetitions + 1
        new_interval = next_interval(reps, interval, easiness_h)
    else:
        reps = 0
        new_interval = 1
    return reps, new_interval, next_easiness_h(easiness_h, quality)


def sm2(repetitions: int, interval: int, easiness: object, quality: int) -> Sm2Result:
    """One SM-2 step: the new (repetitions, interval, easiness) after grading `quality`.

    `easiness` may be a Decimal, int, str or float; the result's easiness is an exact
    Decimal, so ``sm2(0, 0, 2.5, 4).easiness == Decimal("2.5")``.
    """
    reps, new_interval, ease_h = sm2_h(repetitions, interval, to_hundredths(easiness), quality)
    return Sm2Result(reps, new_interval, from_hundredths(ease_h))


def is_failure(quality: int) -> bool:
    """A failure (q < 3) resets the item and counts towards the leech threshold."""
    return check_quality(quality) < PASSING_QUALITY


def needs_same_day_repeat(quality: int) -> bool:
    """SM-2 rule 7: an answer below 4 brings the item back later in the same session."""
    return check_quality(quality) < SESSION_PASS_QUALITY
