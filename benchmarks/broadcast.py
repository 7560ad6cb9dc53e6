"""Mass sending: rate against the emulator with Telegram's limits, and memory for a million recipients.

    PYTHONPATH=$PWD python -m benchmarks.broadcast [--messages 750] [--recipients 1000000]

1. Our outbox sender, BROADCAST_RATE=25, against the local Bot API emulator with 50 ms latency
   and Telegram's limits enforced (30 messages/s overall, 1 message/s per chat): achieved rate ÷
   configured rate (target ≥ 0.97) and the number of 429 answers (target 0).
2. The same broadcast through aiogram-broadcaster (`pip install '.[bench]'`), configured for the
   same rate (an interval of 1/25 s between messages), and with no interval at all.
3. A 1,000,000-recipient daily rating: filled by one INSERT…SELECT window pass, then streamed
   through the real sender (render, durable 'sending'/'delivered' marks, pacing) with a session
   that answers at once, to show memory stays flat; peak RSS is printed at each stage.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import sqlite3
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from benchmarks.common import peak_rss_mib, stream_outbox
from bot import administration
from bot.broadcasts import queue_announcement, queue_daily_rating
from bot.i18n import I18n
from bot.roles import Actor
from bot.scopes import EVERYWHERE
from scheduler.clock import Clock
from scheduler.outbox import OutboxSender
from storage.db import Database
from tests.conftest import DISTRICTS_CSV, TEST_TOKEN
from tests.support.emulator import BotAPIEmulator

RATE = 25
LATENCY = 0.05
TEXT = "Субботник в субботу в 10:00 — приходите!"


async def seeded(directory: Path, members: int) -> Database:
    db = await Database(directory / "bench.db").connect()
    await administration.import_districts(db, DISTRICTS_CSV)
    await administration.create_campaign(
        db, name="bench", starts_on=date(2020, 1, 1), ends_on=date(2099, 1, 1), now=datetime.now(UTC)
    )
    await db.close()
    # Plain sqlite3 for the bulk fill: fast, and not what is measured.
    conn = sqlite3.connect(directory / "bench.db")
    chunk = 50_000
    for start in range(0, members, chunk):
        rows = [(1_000_000 + n, f"Участник {n}", 1 + n % 5) for n in range(start, min(members, start + chunk))]
        conn.executemany(
            "INSERT INTO members(tg_id, display_name, locale, district_id, registered_at)"
            " VALUES (?, ?, 'ru', ?, '2026-12-01T10:00:00+00:00')", rows,
        )
    conn.execute(
        "INSERT INTO member_totals(campaign_id, member_id, district_id, units, reached_at)"
        " SELECT 1, id, district_id, (id * 7919) % 1000, registered_at FROM members"
    )
    conn.commit()
    conn.close()
    return await Database(directory / "bench.db").connect()


def rate_of(emulator: BotAPIEmulator, chats: set[int]) -> tuple[int, float]:
    times = sorted(m.at for m in emulator.sent if m.chat_id in chats)
    return len(times), (len(times) - 1) / (times[-1] - times[0])


async def ours(messages: int) -> None:
    with tempfile.TemporaryDirectory() as directory:
        db = await seeded(Path(directory), messages)
        async with BotAPIEmulator(latency=LATENCY, enforce_limits=True, global_rate=30) as emulator:
            from aiogram import Bot
            from aiogram.client.session.aiohttp import AiohttpSession
            from aiogram.client.telegram import TelegramAPIServer

            bot = Bot(TEST_TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(emulator.base_url)))
            sender = OutboxSender(db, bot, I18n("ru"), Clock(ZoneInfo("Europe/Moscow")), rate=RATE)
            queued = await queue_announcement(
                db, actor=Actor(tg_id=1, is_admin=True), scope=EVERYWHERE, text=TEXT, photo=None, now=datetime.now(UTC)
            )
            started = time.perf_counter()
            await sender.deliver_pending()
            elapsed = time.perf_counter() - started
            chats = {1_000_000 + n for n in range(messages)}
            sent, achieved = rate_of(emulator, chats)
            await bot.session.close()
        await db.close()
    print(f"outbox sender:        {sent}/{queued.recipients} delivered in {elapsed:.1f} s; "
          f"{achieved:.2f} msg/s = {achieved / RATE:.3f} of BROADCAST_RATE={RATE}; 429 answers: {emulator.count_429}")


async def broadcaster(messages: int, interval: float) -> None:
    from aiogram import Bot
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram_broadcaster import Broadcaster
    from aiogram_broadcaster.contents import TextContent
    from aiogram_broadcaster.intervals import SimpleInterval

    async with BotAPIEmulator(latency=LATENCY, enforce_limits=True, global_rate=30) as emulator:
        bot = Bot(TEST_TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(emulator.base_url)))
        chats = [1_000_000 + n for n in range(messages)]
        caster = Broadcaster(bot)
        mailer = await caster.create_mailer(
            chats=chats,
            content=TextContent(text=TEXT),
            interval=SimpleInterval(interval=interval) if interval else None,
        )
        started = time.perf_counter()
        await mailer.start()
        elapsed = time.perf_counter() - started
        sent, achieved = rate_of(emulator, set(chats))
        await bot.session.close()
    label = f"interval={interval:.3f} s" if interval else "no interval"
    print(f"aiogram-broadcaster ({label}): {sent}/{messages} delivered in {elapsed:.1f} s; {achieved:.2f} msg/s"
          f" = {achieved / RATE:.3f} of {RATE}; 429 answers: {emulator.count_429} (not retried: lost)")


async def million(recipients: int) -> None:
    with tempfile.TemporaryDirectory() as directory:
        started = time.perf_counter()
        db = await seeded(Path(directory), recipients)
        gc.collect()
        print(
            f"{recipients:,} members with totals in {time.perf_counter() - started:.0f} s;"
            f" peak RSS {peak_rss_mib():.0f} MiB"
        )
        clock = Clock(ZoneInfo("Europe/Moscow"))
        started = time.perf_counter()
        queued = await queue_daily_rating(db, today=clock.today(), now=clock.now())
        print(f"daily rating filled: {queued.recipients:,} outbox rows (one window pass) in "  # type: ignore[union-attr]
              f"{time.perf_counter() - started:.1f} s; peak RSS {peak_rss_mib():.0f} MiB")
        await stream_outbox(db, clock, recipients, "personal messages", width=9)
        await db.close()


async def main(messages: int, recipients: int) -> None:
    if messages:
        print(f"== rate: {messages} messages, emulator latency {LATENCY * 1000:.0f} ms, Telegram's limits enforced ==")
        await ours(messages)
        try:
            await broadcaster(messages, 1 / RATE)
            await broadcaster(messages, 0)
        except ImportError:
            print("aiogram-broadcaster is not installed: pip install '.[bench]'")
    if recipients:
        print(f"== memory: {recipients:,}-recipient outbox ==")
        await million(recipients)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=750)
    parser.add_argument("--recipients", type=int, default=1_000_000)
    args = parser.parse_args()
    asyncio.run(main(args.messages, args.recipients))
