"""Points arithmetic. Points are integer tenths ("units"): 1 point = 10 units."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

UNITS_PER_POINT = 10


class Kind(StrEnum):
    POST = "post"
    MEETING = "meeting"
    REFERRAL = "referral"
    REFERRAL_SHARE = "referral_share"


# Activity earns the referrer a share; referral points never do (no pyramid).
ACTIVITY_KINDS = frozenset({Kind.POST, Kind.MEETING})


def referral_share(units: int, pct: int) -> int:
    """The referrer's share of an activity award, rounded down to whole tenths."""
    if units <= 0:
        return 0
    return units * pct // 100


def points(units: int) -> int | Decimal:
    """Units as a point value for plural selection in translations ("1 балл", "0.3 балла").

    Whole points are ints: Fluent selects a Decimal's plural form as a fraction.
    """
    whole, tenth = divmod(units, UNITS_PER_POINT)
    return whole if tenth == 0 else Decimal(units) / UNITS_PER_POINT


def format_points(units: int) -> str:
    """'20', '0.3', '12.6', '-1': at most one decimal, no trailing '.0'."""
    sign = "-" if units < 0 else ""
    whole, tenth = divmod(abs(units), UNITS_PER_POINT)
    return f"{sign}{whole}" if tenth == 0 else f"{sign}{whole}.{tenth}"
