"""SM-2 and FSRS compared on one's own review log, as the open srs-benchmark does.

Each item's answers are replayed in order under both schedulers. Before every answer
but an item's first (which only starts it), each predicts the chance of recall:

- FSRS: py-fsrs's retrievability of the item's state at that moment;
- SM-2: srs-benchmark's reading of an SM-2 interval I as the time at which recall
  falls to 90%: R = 0.9 ** (t / I), t the days since the item's last answer.

The outcome is a pass for grades 3-5 (Hard, Good, Easy) and a failure for 0-2 (Again).
Two figures, lower is better:

- log loss: the mean of -(y log p + (1 - y) log(1 - p)), p kept within [1e-6, 1 - 1e-6];
- RMSE (bins): srs-benchmark's. Answers are binned by days since the last answer,
  the answer's place in the item's history and the item's earlier lapses (failures
  on a later day than the answer before), each on its own logarithmic scale; within
  each bin the mean outcome and mean prediction are compared, and the root of the
  mean squared difference is weighted by the answers in each bin.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby

from cards.scheduler import fsrs as fsrs_math
from cards.scheduler.sm2 import INITIAL_EASINESS_H, PASSING_QUALITY, sm2_h

EPSILON = 1e-6
#: Below this many predicted answers the figures say little: the comparison says so.
ENOUGH_REVIEWS = 100
FORECAST_DAYS = 30


@dataclass(frozen=True, slots=True)
class Prediction:
    """Both schedulers' chance of recall before one answer, and what happened."""

    sm2: float
    fsrs: float
    passed: bool
    elapsed_days: int
    position: int  # 1-based place of this answer in the item's history (2 and up)
    lapses: int  # earlier failures, not counting same-day ones or the first answer


@dataclass(frozen=True, slots=True)
class Scores:
    log_loss: float
    rmse_bins: float


def predictions(answers: Iterable[tuple[str, int, datetime, int]],
                config: fsrs_math.FsrsConfig) -> list[Prediction]:
    """Predictions before every answer but each item's first; `answers` are
    (card id, ord, time, grade), grouped by item and oldest first within each."""
    out: list[Prediction] = []
    for _key, group in groupby(answers, key=lambda a: (a[0], a[1])):
        out += _item_predictions([(at, grade) for _c, _o, at, grade in group], config)
    return out


def _item_predictions(history: Sequence[tuple[datetime, int]],
                      config: fsrs_math.FsrsConfig) -> list[Prediction]:
    out: list[Prediction] = []
    reps, interval, ease = 0, 0, INITIAL_EASINESS_H
    memory: fsrs_math.Memory | None = None
    lapses = 0
    last: datetime | None = None
    for position, (at, grade) in enumerate(history, start=1):
        passed = grade >= PASSING_QUALITY
        if last is not None:
            elapsed = (at - last).days
            sm2 = 0.9 ** (elapsed / interval) if interval > 0 else 1.0
            out.append(Prediction(sm2, fsrs_math.retrievability(memory, at, config), passed,
                                  elapsed, position, lapses))
            if not passed and elapsed > 0:
                lapses += 1
        reps, interval, ease = sm2_h(reps, interval, ease, grade)
        memory, _interval = fsrs_math.review(memory, grade, at, config)
        last = at
    return out


def log_loss(pairs: Iterable[tuple[float, bool]]) -> float:
    total, count = 0.0, 0
    for p, passed in pairs:
        p = min(max(p, EPSILON), 1 - EPSILON)
        total += -math.log(p if passed else 1 - p)
        count += 1
    return total / count if count else math.nan


def _log_bin(value: float, scale: float, base: float) -> float:
    return scale * base ** math.floor(math.log(value) / math.log(base))


def bin_of(p: Prediction) -> tuple[float, float, float]:
    """srs-benchmark's bin of an answer: (days since, place in history, lapses)."""
    days = round(_log_bin(max(p.elapsed_days, 1e-6), 2.48, 3.62), 2)
    place = round(_log_bin(p.position, 1.99, 1.89))
    lapses = round(_log_bin(p.lapses, 1.65, 1.73)) if p.lapses else 0
    return days, place, lapses


def rmse_bins(preds: Sequence[Prediction], which: str) -> float:
    """RMSE (bins) of one scheduler's predictions (`which`: "sm2" or "fsrs")."""
    bins: dict[tuple[float, float, float], list[float]] = {}
    for p in preds:
        sums = bins.setdefault(bin_of(p), [0.0, 0.0, 0.0])
        sums[0] += p.passed
        sums[1] += getattr(p, which)
        sums[2] += 1
    weight = sum(n for _y, _p, n in bins.values())
    if not weight:
        return math.nan
    squared = sum(n * (y / n - q / n) ** 2 for y, q, n in bins.values())
    return math.sqrt(squared / weight)


def scores(preds: Sequence[Prediction], which: str) -> Scores:
    return Scores(log_loss((getattr(p, which), p.passed) for p in preds),
                  rmse_bins(preds, which))


def forecast(dues: Iterable[date | None], today: date, days: int = FORECAST_DAYS) -> list[int]:
    """Reviews due on each of the next `days` days (overdue ones count today)."""
    counts = [0] * days
    for due in dues:
        if due is None:
            continue
        offset = max(0, (due - today).days)
        if offset < days:
            counts[offset] += 1
    return counts
