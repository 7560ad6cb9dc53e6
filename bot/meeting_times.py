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
    IN_THE_PAST = "in_the_past"
    TOO_FAR = "too_far"
    END_BEFORE_START = "end_before_start"
    TOO_LONG = "too_long"


@dataclass(frozen=True, slots=True)
class Span:
    """A typed start, and the end when the text was a range ("18:30-20:00")."""

    start: datetime
    end: datetime | None = None


_DAY_WORDS = {
    "сегодня": 0, "today": 0,
    "завтра": 1, "tomorrow": 1,
    "послезавтра": 2,
}
_TIME = r"(?P<{h}>\d{{1,2}})[:.](?P<{m}>\d{{2}})"
_WHEN = re.compile(
    r"(?:(?P<day>\S+?)[,]?\s+)?(?:(?:в|at)\s+)?" + _TIME.format(h="h", m="m")
    + r"(?:\s*-\s*" + _TIME.format(h="h2", m="m2") + r")?"
)
_DATE_ONLY = re.compile(r"\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?|\d{4}-\d{1,2}-\d{1,2}")
_DURATION = re.compile(
    r"\+?\s*(?P<n>\d{1,2}(?:[.,]\d)?)\s*(?P<unit>h|hr|hrs|hours?|ч|час|часа|часов)"
    r"|\+?\s*(?P<minutes>\d{1,3})\s*(?:m|min|mins|minutes?|м|мин|минут|минуты)"
)


def normalise(text: str) -> str:
    text = text.strip().lower().replace("ё", "е")
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    return " ".join(text.split())


def _day(word: str | None, today: date) -> date | TimeProblem:
    if word is None:
        return today
    if word in _DAY_WORDS:
        return today + timedelta(days=_DAY_WORDS[word])
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", word)
    dotted = re.fullmatch(r"(\d{1,2})[./](\d{1,2})(?:[./](\d{2}|\d{4}))?", word)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if dotted:
            day, month = int(dotted[1]), int(dotted[2])
            if dotted[3]:
                year = int(dotted[3])
                return date(year + 2000 if year < 100 else year, month, day)
            this_year = date(today.year, month, day) if (month, day) != (2, 29) else _leap(today.year, day, month)
            # "05.01" typed in December means next January.
            return this_year if this_year >= today else date(today.year + 1, month, day)
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


def parse_start(text: str, *, now: datetime, tz: ZoneInfo) -> Span | TimeProblem:
    """A meeting's start as people type it: "25.07 18:30", "завтра 18:00", "18:30" (today),
    "2026-12-05 18:30", or a range "18:30-20:00" that gives the end as well."""
    text = normalise(text)
    match = _WHEN.fullmatch(text)
    if match is None:
        return TimeProblem.NO_TIME if _DATE_ONLY.fullmatch(text) or text in _DAY_WORDS else TimeProblem.UNRECOGNISED
    today = now.astimezone(tz).date()
    day = _day(match["day"], today)
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


def parse_end(text: str, *, start: datetime, now: datetime, tz: ZoneInfo) -> datetime | TimeProblem:
    """A meeting's end: a time on the start's day ("20:00"), a date and time, or a length ("+2h", "90 мин")."""
    text = normalise(text)
    duration = _DURATION.fullmatch(text)
    if duration is not None:
        if duration["minutes"] is not None:
            length = timedelta(minutes=int(duration["minutes"]))
        else:
            length = timedelta(minutes=round(float(duration["n"].replace(",", ".")) * 60))
        end = start + length
    else:
        match = _WHEN.fullmatch(text)
        if match is None or match["h2"] is not None:
            return TimeProblem.UNRECOGNISED
        local_start = start.astimezone(tz)
        day = _day(match["day"], local_start.date()) if match["day"] else local_start.date()
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


def format_moment(moment: datetime, tz: ZoneInfo, *, now: datetime | None = None) -> str:
    local = moment.astimezone(tz)
    if now is not None and local.year != now.astimezone(tz).year:
        return local.strftime("%d.%m.%Y %H:%M")
    return local.strftime("%d.%m %H:%M")


def format_span(start: datetime, end: datetime, tz: ZoneInfo, *, now: datetime | None = None) -> str:
    """"25.07 18:30–20:00", or both dates when it runs past midnight."""
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    if local_start.date() == local_end.date():
        return f"{format_moment(start, tz, now=now)}–{local_end:%H:%M}"
    return f"{format_moment(start, tz, now=now)} – {format_moment(end, tz, now=now)}"
