"""Points arithmetic. Points are integer tenths ("units"): 1 point = 10 units."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

UNITS_PER_POINT = 10


class Kind(StrEnum):
    POST = "post"
    MEETING = "meeting"
    REFERRAL = "referral"
    REFERRAL_SHARE = "referral_share"
    SURVEY = "survey"


# Activity earns the referrer a share; referral points never do (no pyramid).
ACTIVITY_KINDS = frozenset({Kind.POST, Kind.MEETING, Kind.SURVEY})


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


class PointsText(str):
    """A point value written with a decimal point; the translator writes that point the
    way the reader's language does («10,3» in Russian), so every text gets it right."""

    __slots__ = ()


def format_points(units: int, *, signed: bool = False) -> PointsText:
    """'20', '0.3', '12.6', '-1' (with `signed`, '+2' too): at most one decimal, no trailing '.0'."""
    sign = "-" if units < 0 else ("+" if signed and units > 0 else "")
    whole, tenth = divmod(abs(units), UNITS_PER_POINT)
    return PointsText(f"{sign}{whole}" if tenth == 0 else f"{sign}{whole}.{tenth}")


@dataclass(frozen=True, slots=True)
class Scoring:
    """What each act is worth in a campaign: the four rules members are told."""

    post_units: int = 10
    meeting_units: int = 200
    referral_units: int = 100
    referral_share_pct: int = 30


# A campaign's own values when there is one; these (the database's defaults) before the first.
DEFAULT_SCORING = Scoring()
