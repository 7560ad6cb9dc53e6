"""Times organisers type, the check-in window and the geofence distance (pure rules)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import meeting_times, meetings
from bot.checkin import CheckinRefusal
from bot.i18n import I18n
from bot.meeting_times import DatePassed, Span, TimeProblem
from bot.meetings import MeetingRefusal, Position, RsvpRefusal

MOSCOW = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)   # Thursday 10 December, 12:00 in Moscow


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=MOSCOW)


@pytest.mark.parametrize(
    ("typed", "start", "end"),
    [
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
        ("3 декабря 2027 18:00", local(2027, 12, 3, 18, 0), None),
        ("15 дек. 18:00", local(2026, 12, 15, 18, 0), None),
        ("в пятницу в 18:00", local(2026, 12, 11, 18, 0), None),
        ("чт 18:00", local(2026, 12, 10, 18, 0), None),              # Thursday is today
        ("завтра с 18:00 до 19:30", local(2026, 12, 11, 18, 0), local(2026, 12, 11, 19, 30)),
        ("18-00", local(2026, 12, 10, 18, 0), None),
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
        ("в пятницу", TimeProblem.NO_TIME),
        ("3 декабря", TimeProblem.NO_TIME),
        ("потом", TimeProblem.UNRECOGNISED),
        ("31 февраля 10:00", TimeProblem.NO_SUCH_DATE),
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
        ("до 20:00", local(2026, 12, 11, 20, 0)),
        ("полтора часа", local(2026, 12, 11, 19, 30)),
        ("на полтора часа", local(2026, 12, 11, 19, 30)),
        ("полчаса", local(2026, 12, 11, 18, 30)),
        ("час", local(2026, 12, 11, 19, 0)),
        ("два часа", local(2026, 12, 11, 20, 0)),
        ("1,5 часа", local(2026, 12, 11, 19, 30)),
        ("90 минут", local(2026, 12, 11, 19, 30)),
        ("2ч 30м", local(2026, 12, 11, 20, 30)),
        ("20-00", local(2026, 12, 11, 20, 0)),
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


@pytest.mark.parametrize("prefix, reasons", [
    ("checkin-refused-", CheckinRefusal), ("meeting-refused-", MeetingRefusal), ("rsvp-refused-", RsvpRefusal),
    ("nm-time-", TimeProblem), ("nm-title-", meetings.TextProblem), ("nm-place-", meetings.TextProblem),
])
def test_every_refusal_has_a_text_in_every_language(prefix: str, reasons: type) -> None:
    i18n = I18n("ru")
    for code in i18n.locales:
        missing = [r.value for r in reasons if f"{prefix}{r.value}" not in i18n.keys(code)]
        assert missing == [], (code, missing)


def test_a_day_already_past_this_year_is_asked_about_never_moved_silently() -> None:
    typed_on = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)          # 2 December
    asked = meeting_times.parse_start("01.12 18:00", now=typed_on, tz=MOSCOW)
    assert asked == DatePassed(local(2026, 12, 1, 18, 0), local(2027, 12, 1, 18, 0))
    assert meeting_times.parse_start("25.07 18:30", now=NOW, tz=MOSCOW) == DatePassed(
        local(2026, 7, 25, 18, 30), local(2027, 7, 25, 18, 30)
    )
    assert isinstance(meeting_times.parse_start("1 декабря 18:00", now=typed_on, tz=MOSCOW), DatePassed)
    # January typed in December is the coming January, not a slip.
    assert meeting_times.parse_start("05.01 10:00", now=NOW, tz=MOSCOW) == Span(local(2027, 1, 5, 10, 0))
    # With the year written out, the organiser means it.
    assert meeting_times.parse_start("01.12.2027 18:00", now=typed_on, tz=MOSCOW) == Span(local(2027, 12, 1, 18, 0))


# The forms issue 13 lists, typed on Wednesday 2 December 2026 at noon in Moscow, with the start each
# means (None: a date already past, which must be asked about rather than read as a date).
TYPED_ON = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
FORMS = [
    ("01.12 18:00", None),
    ("3 декабря 18:00", local(2026, 12, 3, 18, 0)),
    ("в 18:30", local(2026, 12, 2, 18, 30)),
    ("18-00", local(2026, 12, 2, 18, 0)),
    ("пт 18:00", local(2026, 12, 4, 18, 0)),
    ("с 18:30 до 20:00", local(2026, 12, 2, 18, 30)),
    ("завтра 18:00", local(2026, 12, 3, 18, 0)),
    ("в пятницу в 18:00", local(2026, 12, 4, 18, 0)),
    ("5 дек 19:00", local(2026, 12, 5, 19, 0)),
    ("03.12.2026 18:00", local(2026, 12, 3, 18, 0)),
    ("25.12 18:30", local(2026, 12, 25, 18, 30)),
    ("сегодня, 18.30", local(2026, 12, 2, 18, 30)),
]


def _hand_written(typed: str) -> datetime | None:
    result = meeting_times.parse_start(typed, now=TYPED_ON, tz=MOSCOW)
    return result.start if isinstance(result, Span) else None


def _dateparser(typed: str) -> datetime | None:
    import dateparser

    base = TYPED_ON.astimezone(MOSCOW).replace(tzinfo=None)
    found = dateparser.parse(
        typed, languages=["ru"], settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "future"}
    )
    return found.replace(tzinfo=MOSCOW) if found else None


def test_the_hand_written_parser_reads_more_than_dateparser() -> None:
    """Issue 13 item 4: the library was tried on the same table and reads fewer of these forms.

    dateparser misses «01.12 18:00» and «с 18:30 до 20:00», reads «18-00» as 18.12.2100 and
    moves a date already past to next year; the hand-written parser reads every row.
    """
    hand = sum(_hand_written(typed) == meant for typed, meant in FORMS)
    library = sum(_dateparser(typed) == meant for typed, meant in FORMS)
    assert hand == len(FORMS)
    assert library < hand


def test_the_calendar_file_escapes_text_and_folds_long_lines() -> None:
    from bot import meeting_notices
    from bot.model import District, Meeting, MeetingStatus

    meeting = Meeting(
        id=7, campaign_id=1, district=District(1, "NSK-1", "Центральный", 1, "Новосибирск"),
        title="Встреча; с жителями, " + "очень длинное название " * 4, place="ул. Ленина, 1",
        starts_at=local(2026, 12, 11, 18, 0), ends_at=local(2026, 12, 11, 20, 0), latitude=55.03, longitude=82.92,
        radius_m=150, qr_version=1, status=MeetingStatus.OPEN, created_by=900,
    )
    ics = meeting_notices.calendar_file(meeting, organisation="ВВЕРХ", now=NOW).decode()
    lines = ics.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = ics.replace("\r\n ", "")
    assert "SUMMARY:Встреча\\; с жителями\\, очень длинное название" in unfolded
    assert "LOCATION:ул. Ленина\\, 1\r\n" in unfolded and "DTSTART:20261211T150000Z\r\n" in unfolded
    assert "GEO:55.030000;82.920000\r\n" in unfolded
    assert meeting_notices.map_link(meeting) == "https://yandex.ru/maps/?pt=82.920000,55.030000&z=17&l=map"
