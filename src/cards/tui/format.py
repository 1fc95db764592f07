"""Small wording helpers shared by the screens: intervals, due days, durations.

Kept apart from the widgets so the words a user reads are decided in one place
and can be tested without a terminal.
"""

from __future__ import annotations

from datetime import date, timedelta

from cards.textsafe import one_line

#: SM-2's six grades, as the one-word labels of the legend.
GRADE_LABELS: dict[int, str] = {
    0: "blackout", 1: "wrong", 2: "almost", 3: "hard", 4: "good", 5: "perfect",
}

#: What each grade means, for the help screen.
GRADE_MEANINGS: dict[int, str] = {
    0: "complete blackout",
    1: "wrong, but recognised the answer",
    2: "wrong, but the answer felt easy to recall",
    3: "right, with serious difficulty",
    4: "right, after some hesitation",
    5: "right, perfect recall",
}


def interval(days: int) -> str:
    """A compact interval for the legend: 1d, 12d, 3mo, 1.5y."""
    if days <= 0:
        return "now"
    if days < 60:
        return f"{days}d"
    if days < 365:
        return f"{days / 30:.0f}mo"
    years = days / 365
    return f"{years:.0f}y" if years >= 10 else f"{years:.1f}y".replace(".0y", "y")


def due_phrase(day: date | None, today: date) -> str:
    """When a day is, relative to today, the way a person would say it."""
    if day is None:
        return "nothing is scheduled yet"
    delta = (day - today).days
    if delta <= 0:
        return "now"
    if delta == 1:
        return f"tomorrow ({day:%a %-d %b})"
    return f"in {delta} days ({day:%a %-d %b %Y})" if delta > 300 else \
        f"in {delta} days ({day:%a %-d %b})"


def next_review(day: date | None, today: date, *, drafts: int = 0) -> str:
    """Home's words for when studying resumes: 'next review tomorrow (Sun 8 Mar)', or,
    with nothing scheduled, what to do about it."""
    if day is not None:
        return f"next review {due_phrase(day, today)}"
    if drafts:
        return "nothing scheduled yet: press d to triage the drafts"
    return "nothing scheduled yet"


def short_due(day: date | None, today: date) -> str:
    """A due date for a table cell: 'today', '+3d', '-2d' (overdue), or '—'."""
    if day is None:
        return "—"
    delta = (day - today).days
    if delta == 0:
        return "today"
    return f"{delta:+d}d"


def duration(elapsed: timedelta) -> str:
    """A session's length: 45s, 3m 12s, 1h 04m."""
    seconds = int(elapsed.total_seconds())
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m {seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m"


def percent(share: float | None) -> str:
    return "—" if share is None else f"{share:.0%}"


def squeeze(text: str, width: int = 80) -> str:
    """A card's text squeezed onto one table line, any control character left
    made visible (`textsafe.one_line`), cut to `width` with an ellipsis."""
    flat = one_line(" ".join(text.split()))
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def internal_error_message(error: BaseException) -> str:
    """"internal error (KeyError): 'x'": the one line a bug gets, as in the CLI."""
    return f"internal error ({type(error).__name__}): {error}"
