import pytest

from bot.scoring import format_points, referral_share


@pytest.mark.parametrize(
    ("units", "shown"),
    [(0, "0"), (10, "1"), (200, "20"), (3, "0.3"), (126, "12.6"), (-10, "-1"), (-3, "-0.3"), (10_000_000, "1000000")],
)
def test_points_show_with_at_most_one_decimal(units: int, shown: str) -> None:
    assert format_points(units) == shown


@pytest.mark.parametrize(("activity", "share"), [(10, 3), (200, 60), (1, 0), (0, 0), (-10, 0), (7, 2)])
def test_referral_share_is_thirty_percent_rounded_down_to_tenths(activity: int, share: int) -> None:
    assert referral_share(activity, 30) == share
