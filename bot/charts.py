"""The digest chart: cumulative points by team per day, as a PNG (matplotlib, headless)."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from bot.formats import SHORT_DAY, with_decimal_mark

MAX_TEAMS = 8


def cumulative(
    days: Sequence[date], daily: Sequence[tuple[date, int, int]], team_ids: Sequence[int]
) -> dict[int, list[int]]:
    """Running totals per team over `days` from (day, team id, units that day) rows."""
    by_day: dict[tuple[date, int], int] = {(day, team): units for day, team, units in daily}
    series: dict[int, list[int]] = {}
    for team in team_ids:
        running = 0
        values = []
        for day in days:
            running += by_day.get((day, team), 0)
            values.append(running)
        series[team] = values
    return series


def render_png(
    days: Sequence[date], series: Mapping[str, Sequence[int]], *, title: str, ylabel: str,
    first: date, last: date, empty: str, decimal_mark: str = ".",
) -> bytes:
    """The chart of `figure` as PNG bytes."""
    buffer = io.BytesIO()
    drawing = figure(days, series, title=title, ylabel=ylabel, first=first, last=last, empty=empty,
                     decimal_mark=decimal_mark)
    drawing.savefig(buffer, format="png")
    return buffer.getvalue()


def figure(
    days: Sequence[date], series: Mapping[str, Sequence[int]], *, title: str, ylabel: str,
    first: date, last: date, empty: str, decimal_mark: str = ".",
) -> Any:
    """A line per team (units are tenths of a point) over the campaign's dates, `first` to `last`;
    with no points yet, the `empty` text instead of an empty plot. Uses the Agg canvas: no display,
    no pyplot state. The points axis writes fractions with the reader's `decimal_mark` («0,5»).

    Team and campaign names are typed by people: every text is drawn literally (no mathtext,
    no TeX), so a district named `Омский $\\frac{1$` is a label, not a formula that stops the digest.
    """
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.dates import AutoDateLocator, DateFormatter
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    series = {name: values for name, values in series.items() if any(values)}

    drawing = Figure(figsize=(8, 4.5), dpi=100)
    FigureCanvasAgg(drawing)
    axes = drawing.add_subplot()
    for name, values in series.items():
        points = [value / 10 for value in values]
        if len(days) == 1:
            axes.plot(days, points, marker="o", label=name)
        else:
            axes.plot(days, points, linewidth=2, label=name)
    # Each text object is told itself (not through the global rcParams): charts render in worker threads.
    axes.set_title(title, parse_math=False, usetex=False)
    axes.set_ylabel(ylabel, parse_math=False, usetex=False)
    axes.grid(True, alpha=0.3)
    # The axis spans the campaign, not whatever matplotlib picks around a single day.
    axes.set_xlim(first, max(last, first + timedelta(days=1)))
    axes.xaxis.set_major_locator(AutoDateLocator(minticks=2, maxticks=8))
    axes.xaxis.set_major_formatter(DateFormatter(SHORT_DAY))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: with_decimal_mark(f"{value:g}", decimal_mark)))
    if series:
        axes.set_ylim(bottom=0)
        for label in axes.legend(loc="upper left", fontsize="small").get_texts():
            label.set_parse_math(False)
            label.set_usetex(False)
    else:
        axes.set_yticks([])
        axes.text(0.5, 0.5, empty, transform=axes.transAxes, ha="center", va="center", fontsize=16, color="0.4",
                  parse_math=False, usetex=False)
    drawing.tight_layout()
    return drawing
