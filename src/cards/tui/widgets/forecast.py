"""A due-forecast sparkline for the home screen: the month ahead at a glance."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Sparkline, Static


class ForecastSparkline(Horizontal):
    """'Next 30 days ▁▃█▂… 312 due' — a label, the sparkline and the total."""

    def compose(self) -> ComposeResult:
        yield Static("Due, next 30 days", markup=False, classes="label")
        yield Sparkline([0], id="spark")
        yield Static(markup=False, id="forecast-total")

    def show(self, forecast: list[tuple[date, int]]) -> None:
        counts = [count for _day, count in forecast] or [0]
        self.query_one(Sparkline).data = counts
        peak = max(counts)
        self.query_one("#forecast-total", Static).update(
            Content(f"{sum(counts)} due · busiest day {peak}"))
