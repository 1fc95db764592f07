"""The one-line grade legend: what each key 0-5 means and the interval it gives.

Seeing "4 good 6d" before pressing a key is what makes a grade an informed choice,
as Anki's buttons do; here it fits one line of an 80-column terminal.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from cards import answer_keys
from cards.tui.format import GRADE_LABELS, interval

GRADE_STYLES = {0: "$error", 1: "$error", 2: "$warning", 3: "$warning", 4: "$success",
                5: "$success"}


def legend(intervals: dict[int, int] | None, *, practice: bool = False,
           scheme: str = answer_keys.DEFAULT) -> Content:
    """'0 blackout 1d  1 wrong 1d ... 5 perfect 15d' (no intervals in practice); with
    the `anki` keys, '1 again 1d  2 hard 3d  3 good 6d  4 easy 15d  Space good'."""
    parts: list[Content] = []
    labels = GRADE_LABELS if scheme == answer_keys.DEFAULT else answer_keys.LABELS[scheme]
    for key, label in labels.items():
        grade = answer_keys.grade_for(scheme, key)
        assert grade is not None
        style = GRADE_STYLES[grade]
        part = Content.assemble((str(key), f"bold reverse {style}"), " ", (label, style))
        if intervals is not None and not practice:
            part = part.append(Content.styled(f" {interval(intervals[grade])}", "dim"))
        parts.append(part)
    if scheme != answer_keys.DEFAULT:
        parts.append(Content.assemble(("Space", "bold reverse $success"), " good"))
    line = Content("  ").join(parts)
    if practice:
        line = line.append(Content.styled("  (schedule unchanged)", "dim italic"))
    return line


def reveal_hint() -> Content:
    return Content.assemble(("Space", "bold reverse $accent"), " or ",
                            ("Enter", "bold reverse $accent"), " show answer")


class GradeLegend(Static):
    """Shows the reveal hint on the front, the grade keys on the back."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(markup=False, id=id)

    def show_front(self) -> None:
        self.update(reveal_hint())

    def show_grades(self, intervals: dict[int, int] | None, *, practice: bool,
                    scheme: str = answer_keys.DEFAULT) -> None:
        self.update(legend(intervals, practice=practice, scheme=scheme))
