"""Times organisers type, the check-in window and the geofence distance (pure rules)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import meeting_times, meetings
from bot.checkin import CheckinRefusal
from bot.i18n import I18n
from bot.meeting_times import Span, TimeProblem
from bot.meetings import MeetingRefusal, Position, RsvpRefusal

MOSCOW = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)   # Thursday 10 December, 12:00 in Moscow


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=MOSCOW)


@pytest.mark.parametrize(
    ("typed", "start", "end"),
    [
        ("25.07 18:30", local(2027, 7, 25, 18, 30), None),         # July is past this year: next July
        ("15.12 18:30", local(2026, 12, 15, 18, 30), None),
        ("05.01 10:00", local(2027, 1, 5, 10, 0), None),            # January typed in December
        ("завтра 18:00", local(2026, 12, 11, 18, 0), None),
        ("Завтра в 18:00", local(2026, 12, 11, 18, 0), None),
        ("tomorrow at 18:00", local(2026, 12, 11, 18, 0), None),
        ("послезавтра 9:30", local(2026, 12, 12, 9, 30), None),
        ("18:30", local(2026, 12, 10, 18, 30), None),               # a bare time is today
        ("18.30", local(2026, 12, 10, 18, 30), None),
        ("сегодня, 18.30", local(2026, 12, 10, 18, 30), None),
        ("2026-12-15 18:30", local(2026, 12, 15, 18, 30), None),
        ("12.12.2026 18:00", local(2026, 12, 12, 18, 0), None),
        ("12.12.26 18:00", local(2026, 12, 12, 18, 0), None),
        ("18:30-20:00", local(2026, 12, 10, 18, 30), local(2026, 12, 10, 20, 0)),
        ("18:30 – 20:00", local(2026, 12, 10, 18, 30), local(2026, 12, 10, 20, 0)),
        ("25.12 22:00-01:00", local(2026, 12, 25, 22, 0), local(2026, 12, 26, 1, 0)),
        ("11:30", local(2026, 12, 10, 11, 30), None),               # half an hour ago: entered late, allowed
    ],
)
def test_starts_as_people_type_them(typed: str, start: datetime, end: datetime | None) -> None:
    assert meeting_times.parse_start(typed, now=NOW, tz=MOSCOW) == Span(start, end)


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("когда-нибудь", TimeProblem.UNRECOGNISED),
        ("25:00", TimeProblem.UNRECOGNISED),
        ("18:75", TimeProblem.UNRECOGNISED),
        ("25.07", TimeProblem.NO_TIME),
        ("завтра", TimeProblem.NO_TIME),
        ("31.02 10:00", TimeProblem.NO_SUCH_DATE),
        ("10:00", TimeProblem.IN_THE_PAST),
        ("2026-12-05 18:30", TimeProblem.IN_THE_PAST),
        ("01.01.2030 10:00", TimeProblem.TOO_FAR),
        ("18:00-17:00", TimeProblem.END_BEFORE_START),
    ],
)
def test_times_that_cannot_be_a_meeting_start_say_why(typed: str, problem: TimeProblem) -> None:
    assert meeting_times.parse_start(typed, now=NOW, tz=MOSCOW) is problem


@pytest.mark.parametrize(
    ("typed", "end"),
    [
        ("20:00", local(2026, 12, 11, 20, 0)),
        ("+2h", local(2026, 12, 11, 20, 0)),
        ("+1,5ч", local(2026, 12, 11, 19, 30)),
        ("90 мин", local(2026, 12, 11, 19, 30)),
        ("2 часа", local(2026, 12, 11, 20, 0)),
        ("01:00", local(2026, 12, 12, 1, 0)),                       # past midnight
        ("11.12 21:00", local(2026, 12, 11, 21, 0)),
    ],
)
def test_ends_as_people_type_them(typed: str, end: datetime) -> None:
    start = local(2026, 12, 11, 18, 0)
    assert meeting_times.parse_end(typed, start=start, now=NOW, tz=MOSCOW) == end


@pytest.mark.parametrize(
    ("typed", "problem"),
    [("17:00", TimeProblem.END_BEFORE_START), ("+30h", TimeProblem.TOO_LONG), ("13.12 20:00", TimeProblem.TOO_LONG),
     ("потом", TimeProblem.UNRECOGNISED)],
)
def test_impossible_ends_say_why(typed: str, problem: TimeProblem) -> None:
    assert meeting_times.parse_end(typed, start=local(2026, 12, 11, 18, 0), now=NOW, tz=MOSCOW) is problem


def test_quick_starts_offer_only_times_still_ahead() -> None:
    evening = datetime(2026, 12, 10, 15, 40, tzinfo=UTC)   # 18:40 in Moscow: 18:00 is gone, 19:00 still ahead
    choices = meeting_times.quick_starts(evening, MOSCOW)
    assert [(word, moment.astimezone(MOSCOW).strftime("%d.%m %H:%M")) for word, moment in choices] == [
        ("today", "10.12 19:00"), ("tomorrow", "11.12 18:00"), ("tomorrow", "11.12 19:00"),
    ]


@given(
    lat=st.floats(-80, 80), lon=st.floats(-179, 179), north=st.floats(0, 5000),
)
def test_distance_north_is_the_metres_moved(lat: float, lon: float, north: float) -> None:
    moved = Position(lat + north / 111_195.0, lon)
    assert meetings.distance_m(Position(lat, lon), moved) == pytest.approx(north, abs=1.0)


def test_distance_between_cities() -> None:
    moscow, petersburg = Position(55.7558, 37.6173), Position(59.9343, 30.3351)
    assert 630_000 < meetings.distance_m(moscow, petersburg) < 640_000


@pytest.mark.parametrize(
    ("typed", "metres"),
    [("200", 200), ("200 м", 200), ("0,5 км", 500), ("1 km", 1000), ("5", None), ("9000", None), ("рядом", None)],
)
def test_radius_as_typed(typed: str, metres: int | None) -> None:
    assert meetings.parse_radius(typed) == metres


def test_format_of_meeting_times_is_local() -> None:
    start = local(2026, 12, 11, 18, 0)
    assert meeting_times.format_span(start, start + timedelta(hours=2), MOSCOW, now=NOW) == "11.12 18:00–20:00"
    assert (
        meeting_times.format_span(local(2027, 1, 2, 22, 0), local(2027, 1, 3, 1, 0), MOSCOW, now=NOW)
        == "02.01.2027 22:00 – 03.01.2027 01:00"
    )


@pytest.mark.parametrize("prefix, reasons", [
    ("checkin-refused-", CheckinRefusal), ("meeting-refused-", MeetingRefusal), ("rsvp-refused-", RsvpRefusal),
    ("nm-time-", TimeProblem), ("nm-title-", meetings.TextProblem), ("nm-place-", meetings.TextProblem),
])
def test_every_refusal_has_a_text_in_every_language(prefix: str, reasons: type) -> None:
    i18n = I18n("ru")
    for code in i18n.locales:
        missing = [r.value for r in reasons if f"{prefix}{r.value}" not in i18n.keys(code)]
        assert missing == [], (code, missing)
