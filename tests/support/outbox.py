"""Helpers for broadcast tests: points as the points feature awards them, a session that notes when requests start."""

from __future__ import annotations

import asyncio
from collections import defaultdict, deque
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from aiogram import Bot
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType

from bot.ledger import award
from bot.model import Member
from bot.scoring import Kind
from scheduler.clock import Clock, FrozenClock
from storage import campaigns as campaign_store
from storage import members as member_store
from storage.db import Database
from tests.support.session import MockedBot, RecordingSession


async def give_points(db: Database, clock: FrozenClock, member: Member, units: int, key: str) -> None:
    """Points for a post, the way the points feature awards them (so totals and tie-breaks are real)."""
    async with db.transaction() as conn:
        campaign = await campaign_store.current_campaign(conn, clock.today())
        assert campaign is not None
        fresh = await member_store.get(conn, member.id)
        assert fresh is not None
        done = await award(
            conn, campaign=campaign, member=fresh, kind=Kind.POST, units=units, subject=f"post:{key}",
            idem_key=f"test:{key}", now=clock.now(),
        )
        assert done is not None
    clock.advance(timedelta(seconds=1))


@dataclass(frozen=True, slots=True)
class Request:
    at: float
    chat_id: int | None
    method: TelegramMethod[Any]


class TimedSession(RecordingSession):
    """Records when (on the clock) each request starts; fails requests to chosen chats."""

    def __init__(self, clock: Clock) -> None:
        super().__init__()
        self.clock = clock
        self.timeline: list[Request] = []
        self.failures: defaultdict[int, deque[Exception]] = defaultdict(deque)
        self.hang: set[int] = set()
        self.delivered: list[int] = []

    def fail(self, chat_id: int, *errors: Exception) -> None:
        self.failures[chat_id].extend(errors)

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None  # noqa: ASYNC109 - aiogram's
    ) -> TelegramType:
        chat_id = getattr(method, "chat_id", None)
        self.timeline.append(Request(self.clock.monotonic(), chat_id, method))
        if chat_id in self.hang:
            await asyncio.Event().wait()   # in flight until cancelled: a crash in the middle of a request
        if chat_id is not None and self.failures[chat_id]:
            raise self.failures[chat_id].popleft()
        result = await super().make_request(bot, method, timeout)
        if chat_id is not None:
            self.delivered.append(int(chat_id))
        return result


def timed_bot(clock: Clock) -> MockedBot:
    bot = MockedBot()
    bot.session = TimedSession(clock)
    return bot


def max_in_window(times: list[float], window: float = 1.0) -> int:
    """The most request starts in any half-open window of `window` seconds."""
    ordered = sorted(times)
    best = 0
    start = 0
    for end, at in enumerate(ordered):
        while at - ordered[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best
