"""A chart of team points by day as SVG geometry, drawn on the server (no JavaScript).

Only numbers are computed here; the template writes the SVG, so every team name passes
through the template's escaping like any other text on the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.formats import short_day
from bot.scoring import UNITS_PER_POINT

WIDTH = 640
HEIGHT = 260
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 28
# Distinguishable for colour-blind readers (Okabe–Ito), then two greys.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999999")


@dataclass(frozen=True, slots=True)
class Line:
    name: str
    colour: str
    points: str           # "x,y x,y ..." for <polyline>
    last_units: int


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    left: int
    bottom_y: int
    right_x: int
    lines: list[Line]
    y_ticks: list[tuple[float, int]]   # (y, points)
    x_ticks: list[tuple[float, str, str]]   # (x, "dd.mm", text-anchor)


def _nice_ceiling(value: float) -> int:
    """The next round number at or above `value` (1, 2, 5 × 10ⁿ), for the top of the axis."""
    if value <= 0:
        return 10
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def _anchor(index: int, count: int) -> str:
    if count > 1 and index == count - 1:
        return "end"
    return "middle"


def build(days: Sequence[date], series: Sequence[tuple[str, Sequence[int]]]) -> Chart | None:
    """Running totals per team (units) over `days`; None when there is nothing to draw."""
    if not days or not series:
        return None
    top_points = _nice_ceiling(max((max(values, default=0) for _, values in series), default=0) / UNITS_PER_POINT)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    span = max(1, len(days) - 1)

    def x(i: int) -> float:
        return round(LEFT + plot_w * (i / span if len(days) > 1 else 0.5), 1)

    def y(units: int) -> float:
        return round(TOP + plot_h * (1 - units / UNITS_PER_POINT / top_points), 1)

    lines = [
        Line(name=name, colour=COLOURS[n % len(COLOURS)],
             points=" ".join(f"{x(i)},{y(v)}" for i, v in enumerate(values)), last_units=values[-1] if values else 0)
        for n, (name, values) in enumerate(series)
    ]
    y_ticks = [(y(top_points * UNITS_PER_POINT * k // 4), top_points * k // 4) for k in range(5)]
    picks = sorted({0, len(days) // 2, len(days) - 1}) if len(days) > 2 else list(range(len(days)))
    # The first and last labels sit on the plot's edges: centred there, the last one would run
    # past the drawing's right side (and be cut off), so it ends at its day instead.
    x_ticks = [(x(i), short_day(days[i]), _anchor(i, len(days))) for i in picks]
    return Chart(WIDTH, HEIGHT, LEFT, TOP + plot_h, WIDTH - RIGHT, lines, y_ticks, x_ticks)
