"""Dates, times and numbers read the same wherever a person meets them (SPEC §13): bot/formats.py."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot import formats
from bot.i18n import I18n
from bot.scoring import format_points
from bot.surveys import render_invite

MOSCOW = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)   # Thursday 10 December 2026, 12:00 in Moscow


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=MOSCOW)


@pytest.fixture(scope="module")
def i18n() -> I18n:
    return I18n()


def test_a_date_reads_day_month_year_with_leading_zeros() -> None:
    assert formats.date_text(date(2026, 3, 7)) == "07.03.2026"
    assert formats.short_day(date(2026, 3, 7)) == "07.03"


def test_a_moment_is_read_in_the_campaign_time_zone() -> None:
    late_utc = datetime(2026, 12, 31, 21, 30, tzinfo=UTC)    # already 1 January in Moscow
    assert formats.clock_time(late_utc, MOSCOW) == "00:30"
    assert formats.local_date_text(late_utc, MOSCOW) == "01.01.2027"
    assert formats.moment_text(late_utc, MOSCOW) == "01.01.2027 00:30"


def test_a_moment_drops_the_year_only_when_it_is_this_year_and_now_is_given() -> None:
    this_year, next_year = local(2026, 12, 11, 18, 5), local(2027, 1, 2, 9, 0)
    assert formats.moment_text(this_year, MOSCOW, now=NOW) == "11.12 18:05"
    assert formats.moment_text(next_year, MOSCOW, now=NOW) == "02.01.2027 09:00"
    assert formats.moment_text(local(2025, 12, 11, 18, 5), MOSCOW, now=NOW) == "11.12.2025 18:05"
    # Without `now` (a deadline, a signal, an export) the year is always there.
    assert formats.moment_text(this_year, MOSCOW) == "11.12.2026 18:05"


def test_a_span_within_a_day_gives_its_end_as_a_time() -> None:
    start = local(2026, 12, 11, 18, 0)
    assert formats.span_text(start, start + timedelta(hours=2), MOSCOW, now=NOW) == "11.12 18:00–20:00"
    assert formats.span_text(start, start + timedelta(hours=2), MOSCOW) == "11.12.2026 18:00–20:00"


def test_a_span_past_midnight_gives_both_moments() -> None:
    assert (formats.span_text(local(2026, 12, 12, 22, 0), local(2026, 12, 13, 1, 0), MOSCOW, now=NOW)
            == "12.12 22:00 – 13.12 01:00")
    assert (formats.span_text(local(2027, 1, 2, 22, 0), local(2027, 1, 3, 1, 0), MOSCOW, now=NOW)
            == "02.01.2027 22:00 – 03.01.2027 01:00")
    # New Year's Eve: the start is this year, the end is not.
    assert (formats.span_text(local(2026, 12, 31, 22, 0), local(2027, 1, 1, 2, 0), MOSCOW, now=NOW)
            == "31.12 22:00 – 01.01.2027 02:00")


def test_points_take_the_readers_decimal_mark(i18n: I18n) -> None:
    ru, en = i18n.get("ru").decimal_mark, i18n.get("en").decimal_mark
    assert formats.points_text(126, ru) == "12,6"
    assert formats.points_text(126, en) == "12.6"
    assert formats.points_text(200, ru) == "20"
    assert formats.points_text(-3, ru) == "-0,3"
    assert formats.points_text(15, ru, signed=True) == "+1,5"
    assert formats.decimal_text(Decimal("4.3"), ru) == "4,3"
    assert formats.decimal_text(Decimal("4"), en) == "4.0"


def test_a_fluent_text_and_a_page_write_the_same_point_value(i18n: I18n) -> None:
    for code in ("ru", "en"):
        t = i18n.get(code)
        assert t("me-points", points=format_points(126)).count(formats.points_text(126, t.decimal_mark)) == 1


def test_a_survey_invitation_worth_a_fraction_of_a_point_reads_it_with_a_comma(i18n: I18n) -> None:
    # The invitation's payload is JSON: its point value comes back as a plain string.
    payload = {"title": "Опрос", "questions": 3, "ends": "25.12.2026 23:59", "points": str(format_points(5))}
    assert "0,5" in render_invite(i18n.get("ru"), payload)
    assert "0.5" in render_invite(i18n.get("en"), payload)
    assert "0.5" not in render_invite(i18n.get("ru"), payload)


ROOT = Path(__file__).resolve().parents[2]
# Reading what people type is not writing for them: the accepted day patterns stay with the parser.
PARSERS = {"bot/typed.py"}
RESTATED = re.compile(r"""%d\.%m|%H:%M|replace\(\s*["']\.["']\s*,\s*["'],["']\s*\)""")


def test_the_formats_people_read_are_written_nowhere_else() -> None:
    found = []
    for package in ("bot", "handlers", "web", "scheduler"):
        for file in sorted((ROOT / package).rglob("*")):
            name = file.relative_to(ROOT).as_posix()
            if file.suffix not in (".py", ".html") or name in PARSERS or name == "bot/formats.py":
                continue
            found += [f"{name}:{n}" for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1)
                      if RESTATED.search(line)]
    assert found == []
