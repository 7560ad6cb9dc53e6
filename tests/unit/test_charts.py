"""The digest chart: the campaign's dates on the axis, and words instead of an empty plot."""

from __future__ import annotations

from datetime import date

from bot.charts import figure


def _labels(drawing) -> list[str]:  # noqa: ANN001
    drawing.canvas.draw()
    return [label.get_text() for label in drawing.axes[0].get_xticklabels() if label.get_text()]


def test_on_day_one_the_axis_shows_the_campaigns_december_dates_not_january() -> None:
    days = [date(2026, 12, 1)]
    drawing = figure(days, {"Центральный": [10]}, title="t", ylabel="y", first=date(2026, 12, 1),
                     last=date(2027, 2, 28), empty="Баллов пока нет")
    labels = _labels(drawing)
    assert labels and labels[0].endswith(".12")
    assert "01.01" not in labels[:1]
    assert all(len(label) == 5 and label[2] == "." for label in labels)
    assert [text.get_text() for text in drawing.axes[0].texts] == []


def test_with_no_points_the_chart_says_so() -> None:
    drawing = figure([date(2026, 12, 1), date(2026, 12, 2)], {"Центральный": [0, 0]}, title="t", ylabel="y",
                     first=date(2026, 12, 1), last=date(2026, 12, 31), empty="Баллов пока нет")
    assert [text.get_text() for text in drawing.axes[0].texts] == ["Баллов пока нет"]
    assert list(drawing.axes[0].get_yticks()) == []
    assert _labels(drawing)[0] == "01.12"


def test_the_points_axis_writes_fractions_with_the_readers_decimal_mark() -> None:
    days = [date(2026, 12, 1), date(2026, 12, 2)]
    drawing = figure(days, {"Центральный": [5, 20]}, title="t", ylabel="y", first=days[0], last=days[1],
                     empty="Баллов пока нет", decimal_mark=",")
    drawing.canvas.draw()
    labels = [label.get_text() for label in drawing.axes[0].get_yticklabels() if label.get_text()]
    assert "0,5" in labels and "1" in labels
    assert not any("." in label for label in labels)
