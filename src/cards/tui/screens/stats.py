"""Stats: reviews per day and the month's due forecast as plots, plus the numbers, and
SM-2 and FSRS compared on the user's own log (`cards compare-schedulers`) as a plot."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual_plotext import PlotextPlot

from cards.collection import Stats
from cards.errors import CardsError
from cards.scheduler import add_days
from cards.tui.format import due_phrase, internal_error_message, percent
from cards.vocabulary import StudyState

if TYPE_CHECKING:
    from cards.collection.schedulers import Comparison
    from cards.tui.app import CardsApp

COUNT_ORDER = (StudyState.NEW, StudyState.LEARNING, StudyState.REVIEW, StudyState.SUSPENDED,
               StudyState.BURIED, StudyState.DRAFT, StudyState.REJECTED)


def numbers(stats: Stats, today: date) -> Content:
    """The figures a person wants to read rather than look at."""
    rows = [
        ("Retention, 30 days", percent(stats.retention_30_days)),
        ("Reviews, 30 days", str(stats.reviews_30_days)),
        ("Reviewed today", f"{stats.reviews_today} ({stats.new_today} new)"),
        ("Due today", str(stats.due_today)),
        ("Due tomorrow", str(stats.due_tomorrow)),
        ("Due next 7 days", str(stats.due_next_7_days)),
        ("Next review", due_phrase(stats.next_due, today)),
    ]
    counts = [(f"{name.capitalize()} items", str(stats.counts.get(name, 0)))
              for name in COUNT_ORDER]
    lines = [Content.assemble((f"{label:<20}", "dim"), (value, "bold")) for label, value in rows]
    lines.append(Content(""))
    lines += [Content.assemble((f"{label:<20}", "dim"), value) for label, value in counts]
    return Content("\n").join(lines)


#: Days between two x-axis ticks: a week, so the labels are regular and fit 80 columns.
TICK_DAYS = 7


def day_ticks(days: list[date], today: date) -> tuple[list[int], list[str]]:
    """Bar positions and labels every TICK_DAYS days counted from today
    ("-14d", "-7d", "today" or "today", "+7d", ...): regular, and short enough for
    two plots side by side at 80 columns."""
    positions: list[int] = []
    labels: list[str] = []
    for index, day in enumerate(days):
        offset = (day - today).days
        if offset % TICK_DAYS == 0:
            positions.append(index)
            labels.append("today" if offset == 0 else f"{offset:+d}d")
    return positions, labels


def bar_plot(widget: PlotextPlot, series: list[tuple[date, int]], title: str,
             today: date) -> None:
    plt = widget.plt
    plt.clear_figure()
    counts = [count for _, count in series]
    plt.bar(list(range(len(series))), counts, marker="hd")
    ticks, labels = day_ticks([day for day, _ in series], today)
    plt.xticks(cast(list[float], ticks), labels)
    plt.xlim(-1, len(series))
    top = max(4, max(counts, default=0))
    step = max(1, top // 4)
    plt.ylim(0, top)
    plt.yticks(list(range(0, top + 1, step)))
    plt.title(f"{title} · {sum(counts)} in all")
    widget.refresh()


COMPARE_TITLE = "SM-2 vs FSRS on your log: reviews due per day"


def comparison_line(c: Comparison) -> str:
    """Under the plot: both schedulers' scores, or why there are none to trust."""
    if c.reviews == 0:
        return "SM-2 vs FSRS: the log is too short to compare them yet"
    line = (f"Predicting {c.reviews} answers (lower is better): log loss SM-2 "
            f"{c.sm2.log_loss:.3f}, FSRS {c.fsrs.log_loss:.3f} · RMSE (bins) SM-2 "
            f"{c.sm2.rmse_bins:.3f}, FSRS {c.fsrs.rmse_bins:.3f}")
    return line if c.enough else f"{line} · too short a log to mean much"


def comparison_plot(widget: PlotextPlot, c: Comparison) -> None:
    """Both schedulers' reviews due over the next 30 days, as two lines."""
    plt = widget.plt
    plt.clear_figure()
    days = list(range(len(c.forecast_sm2)))
    plt.plot(days, list(c.forecast_sm2), label="SM-2", marker="hd")
    plt.plot(days, list(c.forecast_fsrs), label="FSRS", marker="hd")
    ticks, labels = day_ticks([add_days(c.today, d) for d in days], c.today)
    plt.xticks(cast(list[float], ticks), labels)
    top = max(4, *c.forecast_sm2, *c.forecast_fsrs)
    plt.ylim(0, top)
    plt.title(COMPARE_TITLE)
    widget.refresh()


class StatsScreen(Screen[None]):
    app: CardsApp

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "app.pop_screen", "Back"),
                Binding("r", "reload", "Refresh")]
    #: The latest comparison drawn (None until its thread is done).
    comparison: Comparison | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="stats-body"):
            with Horizontal(id="stats-plots"):
                yield PlotextPlot(id="reviews-plot")
                yield PlotextPlot(id="forecast-plot")
            yield PlotextPlot(id="compare-plot")
            yield Static(markup=False, id="compare-numbers")
            yield Static(markup=False, id="stats-numbers")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        collection = self.app.collection
        try:
            stats = collection.stats()
            history = collection.reviews_per_day(30)
            forecast = collection.forecast(30)
        except CardsError as exc:
            self.app.say(exc.message, severity="error")
            return
        today = collection.today()
        bar_plot(self.query_one("#reviews-plot", PlotextPlot), history, "Reviews per day",
                 today)
        bar_plot(self.query_one("#forecast-plot", PlotextPlot), forecast, "Due, next 30 days",
                 today)
        self.query_one("#stats-numbers", Static).update(numbers(stats, today))
        self.query_one("#compare-numbers", Static).update("SM-2 vs FSRS: replaying the log…")
        self._compare()

    @work(thread=True, exclusive=True, group="stats-compare")
    def _compare(self) -> None:
        """Replay the log under both schedulers in a thread: on a long log it takes
        seconds, which must never delay a key press."""
        app = self.app
        with app.reading() as collection:
            if collection is None:  # the app is closing
                return
            try:
                comparison = collection.schedulers.compare()
            except CardsError as exc:
                app.call_from_thread(app.say, exc.message, severity="error")
                return
            except Exception as exc:  # a bug: one line, not the end of the app
                app.call_from_thread(app.say, internal_error_message(exc), severity="error")
                return
        if not app.closing:
            app.call_from_thread(self.show_comparison, comparison)

    def show_comparison(self, comparison: Comparison) -> None:
        self.comparison = comparison
        comparison_plot(self.query_one("#compare-plot", PlotextPlot), comparison)
        self.query_one("#compare-numbers", Static).update(comparison_line(comparison))
