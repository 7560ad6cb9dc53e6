"""The rating export shows every kind of point in a column of its own (none hides in another's)."""

from __future__ import annotations

from bot.rating import EXPORT_COLUMNS, EXPORT_KIND_COLUMNS
from bot.scoring import Kind


def test_every_kind_of_point_has_exactly_one_export_column() -> None:
    placed = [kind for _, kinds in EXPORT_KIND_COLUMNS for kind in kinds]
    assert sorted(placed) == sorted(Kind)


def test_the_kind_columns_follow_the_total() -> None:
    assert EXPORT_COLUMNS[EXPORT_COLUMNS.index("points") + 1:] == ("posts", "meetings", "surveys", "referrals")
