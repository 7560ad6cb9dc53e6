"""A moment is stored as one text and read back as the same moment, so SQL orders stamps as time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from storage.db import moment, moment_or_none, stamp

MOSCOW = ZoneInfo("Europe/Moscow")


def test_a_local_moment_is_stored_in_utc_and_read_back_as_the_same_moment() -> None:
    local = datetime(2026, 12, 10, 12, 30, 15, 250_000, tzinfo=MOSCOW)
    text = stamp(local)
    assert text == "2026-12-10T09:30:15.250000+00:00"
    back = moment(text)
    assert back == local and back.tzinfo == UTC


def test_stored_stamps_sort_as_their_moments() -> None:
    start = datetime(2026, 12, 31, 20, 59, tzinfo=UTC)
    moments = [start + timedelta(seconds=s) for s in (0, 1, 59, 3600, 86_400)]
    assert sorted(stamp(m) for m in reversed(moments)) == [stamp(m) for m in moments]


def test_a_stamp_without_an_offset_is_read_as_utc_and_a_missing_one_as_none() -> None:
    assert moment("2026-12-10T09:00:00") == datetime(2026, 12, 10, 9, 0, tzinfo=UTC)
    assert moment_or_none(None) is None
