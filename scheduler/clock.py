"""The only place that reads the wall clock. Everything else is handed a `Clock`."""

from __future__ import annotations

import asyncio
import math
import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


class Clock:
    """Wall-clock time in UTC, the campaign's local calendar, and pacing time for mass sending."""

    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz

    def now(self) -> datetime:
        return datetime.now(UTC)

    def local_now(self) -> datetime:
        return self.now().astimezone(self.tz)

    def today(self) -> date:
        return self.local_now().date()

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back: for rate limits and pauses."""
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds))


class FrozenClock(Clock):
    """A clock that only moves when told to: for tests and benchmarks.

    `sleep()` is such a telling: it moves the clock forward to the sleeper's wake-up time
    at once, so paced sending and pauses run instantly in virtual time. Concurrent sleepers
    move it to the latest of their wake-up times: each wakes no earlier than it asked.
    """

    def __init__(self, tz: ZoneInfo, at: datetime) -> None:
        super().__init__(tz)
        self._at = at.astimezone(UTC)

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        self._at = at.astimezone(UTC)

    def advance(self, delta: timedelta) -> None:
        self._at += delta

    def monotonic(self) -> float:
        return (self._at - _EPOCH).total_seconds()

    async def sleep(self, seconds: float) -> None:
        # Rounded up to whole microseconds (datetime's resolution): a sleeper never wakes early.
        wake_at = self._at + timedelta(microseconds=math.ceil(max(0.0, seconds) * 1_000_000))
        if wake_at > self._at:
            self._at = wake_at
        await asyncio.sleep(0)
