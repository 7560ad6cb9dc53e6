"""Meeting times as organisers type them, and as the bot writes them.

Times are read in the campaign's timezone relative to a given `now`; nothing here reads
the clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

# A meeting may be entered a little late (the organiser forgot), never for a day long gone.
START_GRACE = timedelta(hours=1)
MAX_AHEAD = timedelta(days=366)
MAX_LENGTH = timedelta(hours=24)


class TimeProblem(StrEnum):
    UNRECOGNISED = "unrecognised"
    NO_TIME = "no_time"
    NO_SUCH_DATE = "no_such_date"
    DATE_PASSED = "date_passed"
    IN_THE_PAST = "in_the_past"
    TOO_FAR = "too_far"
    END_BEFORE_START = "end_before_start"
    TOO_LONG = "too_long"


@dataclass(frozen=True, slots=True)
class Span:
    """A typed start, and the end when the text was a range ("18:30-20:00", "с 18:30 до 20:00")."""

    start: datetime
    end: datetime | None = None


@dataclass(frozen=True, slots=True)
class DatePassed:
    """A day and month typed without a year that are already past this year ("01.12" on 2 December).

    Never moved to next year silently: the organiser is asked, with next year's date offered.
    """

    typed: datetime             # the moment this year, already past
    next_year: datetime         # the same day and time a year later
    reason: TimeProblem = TimeProblem.DATE_PASSED


# Read by hand rather than with `dateparser`: tried side by side on the forms organisers type
# (tests/unit/test_meeting_rules.py: test_the_hand_written_parser_reads_more_than_dateparser),
# dateparser 1.2 misses «01.12 18:00» and «с 18:30 до 20:00», reads «18-00» as the year 2100,
# and moves a date already past to next year without a word, which is what must not happen.
# The hand-written rules read every form in that table.

# A day and month already past this year mean next year only when that is near (January typed
# in December); farther, it is more likely a slip, and the organiser is asked.
NEXT_YEAR_WITHOUT_ASKING = timedelta(days=92)

_DAY_WORDS = {
    "сегодня": 0, "today": 0,
    "завтра": 1, "tomorrow": 1,
    "послезавтра": 2,
}
_MONTHS = {
    "январ": 1, "янв": 1, "феврал": 2, "фев": 2, "март": 3, "мар": 3, "апрел": 4, "апр": 4, "ма": 5, "май": 5,
    "июн": 6, "июл": 7, "август": 8, "авг": 8, "сентябр": 9, "сен": 9, "сент": 9, "октябр": 10, "окт": 10,
    "ноябр": 11, "ноя": 11, "декабр": 12, "дек": 12,
}
_MONTH = re.compile(
    r"(?P<d>\d{1,2})\s+(?P<month>январ[яь]|янв|феврал[яь]|фев|марта?|мар|апрел[яь]|апр|ма[яй]|июн[яь]|июл[яь]"
    r"|августа?|авг|сентябр[яь]|сент?|октябр[яь]|окт|ноябр[яь]|ноя|декабр[яь]|дек)\.?(?:\s+(?P<y>\d{4}))?"
)
_WEEKDAYS = {
    "пн": 0, "понедельник": 0, "вт": 1, "вторник": 1, "ср": 2, "среда": 2, "среду": 2, "чт": 3, "четверг": 3,
    "пт": 4, "пятница": 4, "пятницу": 4, "сб": 5, "суббота": 5, "субботу": 5, "вс": 6, "воскресенье": 6,
    "mon": 0, "monday": 0, "tue": 1, "tuesday": 1, "wed": 2, "wednesday": 2, "thu": 3, "thursday": 3,
    "fri": 4, "friday": 4, "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}
_DAY = (
    r"(?P<day>сегодня|today|завтра|tomorrow|послезавтра|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?"
    r"|\d{1,2}\s+[а-я]+\.?(?:\s+\d{4})?|[а-яa-z]{2,11})"
)
# "18:30", "18.30", "18-00"; the minutes always have two digits, so "18-00" is a time, not a range.
_TIME = r"(?P<{h}>\d{{1,2}})[:.\-](?P<{m}>\d{{2}})"
_WHEN = re.compile(
    r"(?:(?:в|во|on)\s+)?(?:" + _DAY + r"[,]?\s+)?(?:(?:в|с|at|from)\s+)?" + _TIME.format(h="h", m="m")
    + r"(?:\s*(?:-|до|по|to|till|until)\s*" + _TIME.format(h="h2", m="m2") + r")?"
)
_DATE_ONLY = re.compile(r"(?:(?:в|во)\s+)?" + _DAY)
_NUMBER_WORDS = {"один": 1, "одна": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6}
_DURATION = re.compile(
    r"(?:на\s+)?\+?\s*(?:(?P<n>\d{1,2}(?:[.,]\d)?|один|одна|два|две|три|четыре|пять|шесть)\s*)?"
    r"(?P<unit>h|hr|hrs|hours?|ч|час|часа|часов)\.?"
    r"(?:\s*(?P<extra>\d{1,2})\s*(?:m|min|м|мин|минут|минуты)\.?)?"
    r"|(?:на\s+)?\+?\s*(?P<minutes>\d{1,3})\s*(?:m|min|mins|minutes?|м|мин|минут|минуты|минуту)\.?"
    r"|(?:на\s+)?(?P<word>полтора часа|полчаса|полтора|час)"
)
_WORD_MINUTES = {"полтора часа": 90, "полтора": 90, "полчаса": 30, "час": 60}


def normalise(text: str) -> str:
    text = text.strip().lower().replace("ё", "е")
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    return " ".join(text.split())


def _this_or_next_year(day: int, month: int, today: date) -> date | DatePassed | TimeProblem:
    try:
        this_year = date(today.year, month, day)
    except ValueError:
        if (month, day) != (2, 29):
            return TimeProblem.NO_SUCH_DATE
        this_year = _leap(today.year, day, month)
    if this_year >= today:
        return this_year
    try:
        next_year = date(today.year + 1, month, day)
    except ValueError:
        next_year = _leap(today.year + 1, day, month)
    if next_year - today <= NEXT_YEAR_WITHOUT_ASKING:
        return next_year               # "05.01" typed in December: the coming January
    return DatePassed(datetime.combine(this_year, time()), datetime.combine(next_year, time()))


def _day(word: str | None, today: date) -> date | DatePassed | TimeProblem:
    if word is None:
        return today
    if word in _DAY_WORDS:
        return today + timedelta(days=_DAY_WORDS[word])
    if word in _WEEKDAYS:
        # "пт" is the coming Friday: today when today is Friday (a past hour is refused later).
        return today + timedelta(days=(_WEEKDAYS[word] - today.weekday()) % 7)
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", word)
    dotted = re.fullmatch(r"(\d{1,2})[./](\d{1,2})(?:[./](\d{2}|\d{4}))?", word)
    named = _MONTH.fullmatch(word)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if dotted and dotted[3]:
            year = int(dotted[3])
            return date(year + 2000 if year < 100 else year, int(dotted[2]), int(dotted[1]))
        if dotted:
            return _this_or_next_year(int(dotted[1]), int(dotted[2]), today)
        if named:
            month = next(n for stem, n in sorted(_MONTHS.items(), key=lambda kv: -len(kv[0]))
                         if named["month"].startswith(stem))
            if named["y"]:
                return date(int(named["y"]), month, int(named["d"]))
            return _this_or_next_year(int(named["d"]), month, today)
    except ValueError:
        return TimeProblem.NO_SUCH_DATE
    return TimeProblem.UNRECOGNISED


def _leap(year: int, day: int, month: int) -> date:
    for candidate in range(year, year + 8):
        try:
            return date(candidate, month, day)
        except ValueError:
            continue
    raise ValueError("no such date")


def _local(day: date, hour: int, minute: int, tz: ZoneInfo) -> datetime | TimeProblem:
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return TimeProblem.UNRECOGNISED
    return datetime.combine(day, time(hour, minute), tzinfo=tz)


def parse_start(text: str, *, now: datetime, tz: ZoneInfo) -> Span | DatePassed | TimeProblem:
    """A meeting's start as people type it: «25.07 18:30», «3 декабря 18:00», «завтра 18:00»,
    «пт 18:00», «в 18:30», «18-00» (today), «2026-12-05 18:30», or a range «18:30-20:00»,
    «с 18:30 до 20:00» that gives the end as well. A day already past is asked about."""
    text = normalise(text)
    match = _WHEN.fullmatch(text)
    today = now.astimezone(tz).date()
    if match is None:
        only_day = _DATE_ONLY.fullmatch(text)
        # "25.07" or "завтра" alone is a day without a time; "потом" is not a day at all.
        if only_day and _day(only_day["day"], today) is not TimeProblem.UNRECOGNISED:
            return TimeProblem.NO_TIME
        return TimeProblem.UNRECOGNISED
    day = _day(match["day"], today)
    if isinstance(day, DatePassed):
        hour, minute = int(match["h"]), int(match["m"])
        if not (0 <= hour <= 23 and 0 <= minute <= 59):
            return TimeProblem.UNRECOGNISED
        at = time(hour, minute)
        return DatePassed(datetime.combine(day.typed.date(), at, tzinfo=tz),
                          datetime.combine(day.next_year.date(), at, tzinfo=tz))
    if isinstance(day, TimeProblem):
        return day
    start = _local(day, int(match["h"]), int(match["m"]), tz)
    if isinstance(start, TimeProblem):
        # "25.07" alone is a date without a time, not 25 o'clock.
        return TimeProblem.NO_TIME if match["day"] is None and _DATE_ONLY.fullmatch(text) else start
    if start < now - START_GRACE:
        return TimeProblem.IN_THE_PAST
    if start > now + MAX_AHEAD:
        return TimeProblem.TOO_FAR
    if match["h2"] is None:
        return Span(start)
    end = _local(day, int(match["h2"]), int(match["m2"]), tz)
    if isinstance(end, TimeProblem):
        return end
    end = _roll_over_midnight(start, end)
    if end <= start:
        return TimeProblem.END_BEFORE_START
    return Span(start, end)


def _roll_over_midnight(start: datetime, end: datetime) -> datetime:
    # "22:00-01:00" ends the next day; "18:00-17:00" is a typo, not a 23-hour meeting.
    if end <= start and (end + timedelta(days=1)) - start <= timedelta(hours=12):
        return end + timedelta(days=1)
    return end


def _length(match: re.Match[str]) -> timedelta:
    if match["word"]:
        return timedelta(minutes=_WORD_MINUTES[match["word"]])
    if match["minutes"] is not None:
        return timedelta(minutes=int(match["minutes"]))
    number = match["n"]
    hours = 1.0 if number is None else float(_NUMBER_WORDS.get(number) or number.replace(",", "."))
    return timedelta(minutes=round(hours * 60) + int(match["extra"] or 0))


def parse_end(text: str, *, start: datetime, now: datetime, tz: ZoneInfo) -> datetime | TimeProblem:
    """A meeting's end: a time on the start's day («20:00», «до 20:00»), a date and time, or a
    length («+2ч», «2 часа», «полтора часа», «90 минут»)."""
    text = normalise(text)
    duration = _DURATION.fullmatch(text)
    if duration is not None:
        end = start + _length(duration)
    else:
        match = _WHEN.fullmatch(re.sub(r"^(?:до|по|till|until|to)\s+", "", text))
        if match is None or match["h2"] is not None:
            return TimeProblem.UNRECOGNISED
        local_start = start.astimezone(tz)
        day = _day(match["day"], local_start.date()) if match["day"] else local_start.date()
        if isinstance(day, DatePassed):
            return TimeProblem.END_BEFORE_START
        if isinstance(day, TimeProblem):
            return day
        parsed = _local(day, int(match["h"]), int(match["m"]), tz)
        if isinstance(parsed, TimeProblem):
            return parsed
        end = parsed if match["day"] else _roll_over_midnight(start, parsed)
    return check_span(start, end, now=now)


def check_span(start: datetime, end: datetime, *, now: datetime) -> datetime | TimeProblem:
    if end <= start:
        return TimeProblem.END_BEFORE_START
    if end - start > MAX_LENGTH:
        return TimeProblem.TOO_LONG
    if end <= now:
        return TimeProblem.IN_THE_PAST
    return end


def quick_starts(now: datetime, tz: ZoneInfo) -> list[tuple[str, datetime]]:
    """Starts an organiser picks with one tap: ("today"|"tomorrow", local datetime), still ahead."""
    today = now.astimezone(tz).date()
    choices = []
    for word, offset in (("today", 0), ("tomorrow", 1)):
        for hour in (18, 19):
            moment = datetime.combine(today + timedelta(days=offset), time(hour, 0), tzinfo=tz)
            if moment > now + timedelta(minutes=15):
                choices.append((word, moment))
    return choices


QUICK_LENGTHS = (60, 90, 120, 180)   # minutes
