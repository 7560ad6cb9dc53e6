"""Dates, times and numbers as people read them (SPEC §13) — each rule written here once.

The bot, the scheduler's messages, the exports and the web pages all call these. Machine
formats are not here and say so where they are: the stored stamps (`storage/db.py: stamp`,
ISO 8601 in UTC), the calendar file's UTC stamps (`bot/meeting_notices.py: _utc`), the audit
export's `when_utc` column, and the ISO days in file names.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from bot.scoring import format_points

# strftime patterns, for the few callers that need a pattern rather than a text (a chart's axis).
DATE = "%d.%m.%Y"
SHORT_DAY = "%d.%m"
CLOCK_TIME = "%H:%M"


def date_text(day: date) -> str:
    """'25.07.2026'."""
    return day.strftime(DATE)


def short_day(day: date) -> str:
    """'25.07': a day in a list or on a chart's axis, where the year is plain."""
    return day.strftime(SHORT_DAY)


def clock_time(moment: datetime, tz: ZoneInfo) -> str:
    """'18:30' in the campaign's time zone."""
    return moment.astimezone(tz).strftime(CLOCK_TIME)


def local_date_text(moment: datetime, tz: ZoneInfo) -> str:
    """The day of a moment in the campaign's time zone: '25.07.2026'."""
    return date_text(moment.astimezone(tz).date())


def moment_text(moment: datetime, tz: ZoneInfo, *, now: datetime | None = None) -> str:
    """'25.07.2026 18:30' in the campaign's time zone.

    Given `now`, a moment in now's year drops it ('25.07 18:30'): what a meeting's times read
    like. Without it the year is always written (a deadline, a signal, an export's cell).
    """
    local = moment.astimezone(tz)
    if now is not None and local.year == now.astimezone(tz).year:
        return f"{short_day(local.date())} {local.strftime(CLOCK_TIME)}"
    return f"{date_text(local.date())} {local.strftime(CLOCK_TIME)}"


def span_text(start: datetime, end: datetime, tz: ZoneInfo, *, now: datetime | None = None) -> str:
    """'25.07 18:30–20:00', or both moments ('31.12 22:00 – 01.01.2027 01:00') when it runs past midnight.

    `now` drops the year as in `moment_text`.
    """
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    if local_start.date() == local_end.date():
        return f"{moment_text(start, tz, now=now)}–{local_end.strftime(CLOCK_TIME)}"
    return f"{moment_text(start, tz, now=now)} – {moment_text(end, tz, now=now)}"


def with_decimal_mark(number: str, decimal_mark: str) -> str:
    """A number written with a decimal point, written with the reader's mark instead: '10.3' → '10,3'.

    The mark is the language's (`number-decimal-mark` in `locales/<code>/messages.ftl`,
    `Translator.decimal_mark`), so a new language brings its own.
    """
    return number.replace(".", decimal_mark) if decimal_mark != "." else number


def points_text(units: int, decimal_mark: str, *, signed: bool = False) -> str:
    """A point value for a page or a cell outside a Fluent text: '12,6' in Russian, '12.6' in English.

    In a Fluent text pass `bot.scoring.format_points(units)` instead: the translator puts the mark in.
    """
    return with_decimal_mark(format_points(units, signed=signed), decimal_mark)


def decimal_text(value: Decimal, decimal_mark: str) -> str:
    """A measure with one decimal (a scale's average): '4,3' in Russian, '4.3' in English."""
    return with_decimal_mark(f"{value:.1f}", decimal_mark)
