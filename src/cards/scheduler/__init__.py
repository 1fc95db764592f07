"""Pure scheduling: SM-2 steps and study-day arithmetic. No I/O, no database."""

from cards.scheduler.days import add_days, day_bounds, day_start, resolve_timezone, study_day
from cards.scheduler.sm2 import (
    INITIAL_EASINESS_H,
    MAX_INTERVAL_DAYS,
    Sm2Result,
    from_hundredths,
    is_failure,
    needs_same_day_repeat,
    sm2,
    sm2_h,
    to_hundredths,
)
from cards.scheduler.states import ItemState, answer, preview_intervals

__all__ = [
    "INITIAL_EASINESS_H",
    "MAX_INTERVAL_DAYS",
    "ItemState",
    "Sm2Result",
    "add_days",
    "answer",
    "day_bounds",
    "day_start",
    "from_hundredths",
    "is_failure",
    "needs_same_day_repeat",
    "preview_intervals",
    "resolve_timezone",
    "sm2",
    "sm2_h",
    "study_day",
    "to_hundredths",
]
