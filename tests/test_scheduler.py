"""SM-2 exactly as the module docstring resolves it: hand-computed tables and properties."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from dateutil import tz
from hypothesis import given
from hypothesis import strategies as st

from cards.scheduler import (
    ItemState,
    answer,
    day_start,
    needs_same_day_repeat,
    preview_intervals,
    sm2,
    study_day,
)
from cards.scheduler.sm2 import MAX_INTERVAL_DAYS

# (grades, expected (repetitions, interval, easiness) after each answer), by hand.
SEQUENCES = [
    ([5, 5, 5, 5], [(1, 1, "2.6"), (2, 6, "2.7"), (3, 17, "2.8"), (4, 48, "2.9")]),
    ([4, 4, 4, 4], [(1, 1, "2.5"), (2, 6, "2.5"), (3, 15, "2.5"), (4, 38, "2.5")]),
    ([3, 3, 3], [(1, 1, "2.36"), (2, 6, "2.22"), (3, 14, "2.08")]),
    ([5, 5, 2, 4, 4], [(1, 1, "2.6"), (2, 6, "2.7"), (0, 1, "2.38"), (1, 1, "2.38"),
                       (2, 6, "2.38")]),
    ([0, 0, 0, 0], [(0, 1, "1.7"), (0, 1, "1.3"), (0, 1, "1.3"), (0, 1, "1.3")]),
    ([1, 5], [(0, 1, "1.96"), (1, 1, "2.06")]),
]


@pytest.mark.parametrize(("grades", "expected"), SEQUENCES)
def test_hand_computed_sequences(grades: list[int], expected: list[tuple[int, int, str]]) -> None:
    reps, interval, ease = 0, 0, Decimal("2.5")
    for grade, (want_reps, want_interval, want_ease) in zip(grades, expected, strict=True):
        reps, interval, ease = sm2(reps, interval, ease, grade)
        assert (reps, interval, ease) == (want_reps, want_interval, Decimal(want_ease))


def test_easiness_is_exact_where_floats_are_not() -> None:
    assert math.ceil(25 * 2.2) == 56  # the float trap this module avoids
    assert sm2(2, 25, 2.2, 4) == (3, 55, Decimal("2.2"))
    assert sm2(2, 25, Decimal("2.2"), 4).interval == 55
    assert sm2(2, 6, "2.36", 3).easiness == Decimal("2.22")
    assert sm2(2, 6, 2.36, 3).easiness == Decimal("2.22")  # a float input read as written


def test_interval_uses_easiness_before_the_update() -> None:
    # q=5 raises easiness to 2.6, but the interval uses 2.5: ceil(6 * 2.5) = 15, not 16.
    assert sm2(2, 6, Decimal("2.5"), 5) == (3, 15, Decimal("2.6"))


def test_interval_cap_and_easiness_floor() -> None:
    assert sm2(10, 30000, Decimal("2.5"), 5).interval == MAX_INTERVAL_DAYS
    assert sm2(3, 10, Decimal("1.3"), 0).easiness == Decimal("1.3")


@pytest.mark.parametrize("bad", [-1, 6, 7, 2.5, True, "4"])
def test_quality_outside_0_to_5_is_refused(bad: object) -> None:
    with pytest.raises((ValueError, TypeError)):
        sm2(0, 0, Decimal("2.5"), bad)  # type: ignore[arg-type]


def test_easiness_with_more_than_hundredths_is_refused() -> None:
    with pytest.raises(ValueError):
        sm2(0, 0, Decimal("2.505"), 4)


def _reference(reps: int, interval: int, ease: Fraction, q: int) -> tuple[int, int, Fraction]:
    """The SM-2 text with rational arithmetic, as an independent oracle."""
    if q >= 3:
        reps += 1
        interval = 1 if reps == 1 else 6 if reps == 2 else math.ceil(interval * ease)
        interval = min(max(interval, 1), MAX_INTERVAL_DAYS)
    else:
        reps, interval = 0, 1
    ease = ease + Fraction(1, 10) - (5 - q) * (Fraction(8, 100) + (5 - q) * Fraction(2, 100))
    return reps, interval, max(ease, Fraction(13, 10))


grades = st.lists(st.integers(0, 5), min_size=1, max_size=40)


@given(grades)
def test_matches_rational_reference_and_keeps_invariants(qs: list[int]) -> None:
    reps, interval, ease = 0, 0, Decimal("2.5")
    ref = (0, 0, Fraction(5, 2))
    for q in qs:
        before_reps, before_interval = reps, interval
        reps, interval, ease = sm2(reps, interval, ease, q)
        ref = _reference(*ref, q)
        assert (reps, interval, Fraction(ease)) == ref
        assert ease >= Decimal("1.3")
        assert ease == ease.quantize(Decimal("0.01"))
        assert 1 <= interval <= MAX_INTERVAL_DAYS
        if q < 3:
            assert (reps, interval) == (0, 1)
        else:
            assert reps == before_reps + 1
            if reps >= 3:
                assert interval >= before_interval


@given(st.integers(0, 5))
def test_rule_seven_repeats_below_four(q: int) -> None:
    assert needs_same_day_repeat(q) == (q < 4)


def test_answer_sets_due_lapses_and_leech() -> None:
    today = date(2026, 3, 7)
    state = ItemState()
    assert state.is_new
    moved = answer(state, 4, today).after
    assert moved.due == date(2026, 3, 8) and moved.lapses == 0
    leech = None
    for n in range(1, 9):
        transition = answer(moved, 1, today, leech_threshold=8)
        moved = transition.after
        leech = transition.became_leech
        assert moved.lapses == n
        assert leech == (n == 8)
    assert preview_intervals(ItemState(2, 6, 250, today, 0)) == {0: 1, 1: 1, 2: 1, 3: 15, 4: 15,
                                                                 5: 15}


NEW_YORK = tz.gettz("America/New_York")
SYDNEY = tz.gettz("Australia/Sydney")


def test_day_boundary_hour() -> None:
    just_before = datetime(2026, 6, 10, 7, 59, tzinfo=UTC)  # 03:59 EDT
    just_after = datetime(2026, 6, 10, 8, 0, tzinfo=UTC)  # 04:00 EDT
    assert study_day(just_before, NEW_YORK, 4) == date(2026, 6, 9)
    assert study_day(just_after, NEW_YORK, 4) == date(2026, 6, 10)
    assert study_day(just_before, NEW_YORK, 0) == date(2026, 6, 10)


def test_day_start_across_dst_changes() -> None:
    # New York springs forward on 2026-03-08 (EST -5 -> EDT -4).
    assert day_start(date(2026, 3, 7), NEW_YORK, 4) == datetime(2026, 3, 7, 9, tzinfo=UTC)
    assert day_start(date(2026, 3, 8), NEW_YORK, 4) == datetime(2026, 3, 8, 8, tzinfo=UTC)
    # A start hour inside the DST gap (02:00 does not exist that night) moves to 03:00 EDT.
    assert day_start(date(2026, 3, 8), NEW_YORK, 2) == datetime(2026, 3, 8, 7, tzinfo=UTC)
    # Sydney falls back on 2026-04-05 (AEDT +11 -> AEST +10).
    assert day_start(date(2026, 4, 4), SYDNEY, 4) == datetime(2026, 4, 3, 17, tzinfo=UTC)
    assert day_start(date(2026, 4, 5), SYDNEY, 4) == datetime(2026, 4, 4, 18, tzinfo=UTC)


def test_study_day_right_after_spring_forward() -> None:
    # 03:30 EDT on the change day is still the previous study day; 04:00 EDT is the new one.
    assert study_day(datetime(2026, 3, 8, 7, 30, tzinfo=UTC), NEW_YORK, 4) == date(2026, 3, 7)
    assert study_day(datetime(2026, 3, 8, 8, 0, tzinfo=UTC), NEW_YORK, 4) == date(2026, 3, 8)


def test_naive_moment_is_refused() -> None:
    with pytest.raises(ValueError):
        study_day(datetime(2026, 1, 1), NEW_YORK)
