"""`cards compare-schedulers` and `cards fsrs optimize`: FSRS on one's own history."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import click

from cards.cli.common import collection, emit_json, one_line

if TYPE_CHECKING:
    from cards.collection.schedulers import Comparison


@click.command("compare-schedulers")
@click.option("--deck", help="Only this deck's history.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def compare_schedulers(deck: str | None, as_json: bool) -> None:
    """Replay your review log under SM-2 and FSRS: how well each predicts recall (log
    loss, RMSE (bins); lower is better) and the reviews each has due in the next 30 days."""
    with collection() as col:
        result = col.schedulers.compare(deck)
    if as_json:
        emit_json(comparison_json(result))
        return
    for line in comparison_lines(result):
        click.echo(one_line(line))


def comparison_json(c: Comparison) -> dict[str, Any]:
    def figure(value: float) -> float | None:
        return None if math.isnan(value) else value

    return {
        "deck": c.deck, "items": c.items, "reviews": c.reviews, "enough": c.enough,
        "fsrs_parameters": "optimized" if c.optimized else "default",
        "sm2": {"log_loss": figure(c.sm2.log_loss), "rmse_bins": figure(c.sm2.rmse_bins),
                "forecast": list(c.forecast_sm2)},
        "fsrs": {"log_loss": figure(c.fsrs.log_loss), "rmse_bins": figure(c.fsrs.rmse_bins),
                 "forecast": list(c.forecast_fsrs)},
        "today": c.today,
    }


def comparison_lines(c: Comparison) -> list[str]:
    """The comparison as text: scores, a warning for a short log, the forecast."""
    from cards.scheduler.compare import ENOUGH_REVIEWS
    from cards.scheduler.days import add_days

    where = f"deck {c.deck}" if c.deck else "all decks"
    lines = [f"{where}: {c.reviews:,} answers predicted, of {c.items:,} items "
             "(each item's first answer only starts it)"]
    if c.reviews == 0:
        return [*lines, "the log is too short to compare the schedulers: no item has been "
                        "answered twice yet"]
    if not c.enough:
        lines.append(f"the log is too short for these figures to mean much (fewer than "
                     f"{ENOUGH_REVIEWS} answers to predict)")
    params = "fitted parameters" if c.optimized else "default parameters"
    lines += ["", f"{'scheduler':<27}{'log loss':>10}{'RMSE (bins)':>13}",
              f"{'SM-2':<27}{c.sm2.log_loss:>10.4f}{c.sm2.rmse_bins:>13.4f}",
              f"{'FSRS (' + params + ')':<27}{c.fsrs.log_loss:>10.4f}{c.fsrs.rmse_bins:>13.4f}",
              "(lower is better)", "", "reviews due per day (overdue ones today):",
              f"{'day':<12}{'SM-2':>7}{'FSRS':>7}"]
    for offset, (sm2, fsrs) in enumerate(zip(c.forecast_sm2, c.forecast_fsrs, strict=True)):
        lines.append(f"{add_days(c.today, offset).isoformat():<12}{sm2:>7}{fsrs:>7}")
    lines.append(f"{'30 days':<12}{sum(c.forecast_sm2):>7}{sum(c.forecast_fsrs):>7}")
    return lines


@click.group("fsrs")
def fsrs() -> None:
    """FSRS, the opt-in scheduler (choose it with `cards config scheduler fsrs`)."""


@fsrs.command("optimize")
@click.option("--deck", help="Fit this deck's own parameters (default: the collection's).")
def optimize(deck: str | None) -> None:
    """Fit FSRS's parameters to your review log (needs the optional optimizer:
    pip install "fsrs[optimizer]"), then reschedule the FSRS decks that use them."""
    with collection(write=True) as col:
        parameters = col.schedulers.optimize(deck)
    click.echo(one_line(f"{deck + ': ' if deck else ''}FSRS parameters fitted: "
                        + ", ".join(f"{p:.4f}" for p in parameters)))
