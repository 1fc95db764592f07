"""Widgets shared by the screens."""

from cards.tui.widgets.card_face import CardFace, literal
from cards.tui.widgets.forecast import ForecastSparkline
from cards.tui.widgets.grade_legend import GradeLegend

__all__ = ["CardFace", "ForecastSparkline", "GradeLegend", "literal"]
