"""Mass sending by the real bot process against the emulator with Telegram's limits enforced.

The emulator answers 429 when more than 30 messages start within a second or two reach
one chat within a second, and 403 for members who blocked the bot; it adds 50 ms of latency.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable

import pytest

from tests.e2e.conftest import ADMIN_ID, BotProcess
from tests.support.emulator import BotAPIEmulator
from tests.support.outbox import max_in_window

RATE = 25
FIRST_MEMBER = 5000


@pytest.fixture
async def emulator() -> AsyncIterator[BotAPIEmulator]:
    async with BotAPIEmulator(latency=0.05, enforce_limits=True, global_rate=30) as emu:
        yield emu


def seed_members(bot: BotProcess, count: int) -> list[int]:
    """Registered members with points, written straight into the bot's database before it starts."""
    conn = sqlite3.connect(bot.database)
    try:
        chats = []
        for n in range(count):
            tg_id = FIRST_MEMBER + n
            district = 1 + n % 5
            cursor = conn.execute(
                "INSERT INTO members(tg_id, display_name, locale, district_id, registered_at)"
                " VALUES (?, ?, 'ru', ?, '2026-12-01T10:00:00+00:00')",
                (tg_id, f"Участник {n}", district),
            )
            conn.execute(
                "INSERT INTO member_totals(campaign_id, member_id, district_id, units, reached_at)"
                " VALUES (1, ?, ?, ?, '2026-12-01T10:00:00+00:00')",
                (cursor.lastrowid, district, 10 * (n % 17)),
            )
            chats.append(tg_id)
        conn.commit()
        return chats
    finally:
        conn.close()


async def until(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


def rating_messages(emulator: BotAPIEmulator, chats: set[int]) -> list:  # noqa: ANN201
    return [m for m in emulator.sent if m.chat_id in chats and "Рейтинг на" in m.text]


async def test_the_rating_reaches_every_active_member_once_within_the_limits_and_marks_blocked_ones(
    bot_factory, emulator: BotAPIEmulator  # noqa: ANN001
) -> None:
    bot = await bot_factory(start=False, BROADCAST_RATE=str(RATE))
    chats = seed_members(bot, 120)
    already_blocked, blocks_now = chats[7], {chats[20], chats[21]}
    conn = sqlite3.connect(bot.database)
    conn.execute("UPDATE members SET status = 'blocked' WHERE tg_id = ?", (already_blocked,))
    conn.commit()
    conn.close()
    emulator.blocked |= blocks_now
    await bot.start()
    admin = emulator.user(ADMIN_ID, "Админ")

    await admin.send("/broadcast_rating")
    await admin.wait_message("поставлен в рассылку: 119")
    report = await admin.wait_message("Рассылка «рейтинг дня» завершена", timeout=30)

    assert "доставлено 117 из 119" in report.text and "заблокировали бота 2" in report.text
    reached = Counter(m.chat_id for m in rating_messages(emulator, set(chats)))
    assert set(reached) == set(chats) - blocks_now - {already_blocked}
    assert max(reached.values()) == 1, "each member once"
    assert emulator.count_429 == 0, "Telegram's limits were never broken"
    times = [m.at for m in rating_messages(emulator, set(chats))]
    assert max_in_window(times) <= RATE + 1     # BROADCAST_RATE per second (+1 for arrival jitter)
    assert 117 / (max(times) - min(times)) >= 0.9 * RATE, "latency did not cut the rate"
    assert sorted(r[0] for r in bot.query("SELECT tg_id FROM members WHERE status = 'blocked'")) == sorted(
        blocks_now | {already_blocked}
    )


async def test_a_broadcast_killed_in_the_middle_finishes_after_restart_with_no_member_missed(
    bot_factory, emulator: BotAPIEmulator  # noqa: ANN001
) -> None:
    bot = await bot_factory(start=False, BROADCAST_RATE=str(RATE))
    chats = seed_members(bot, 150)
    await bot.start()
    admin = emulator.user(ADMIN_ID, "Админ")
    await admin.send("/broadcast_rating")
    await admin.wait_message("поставлен в рассылку: 150")
    await until(lambda: len(rating_messages(emulator, set(chats))) >= 50, 20, "the broadcast to get going")

    await bot.kill()                                    # SIGKILL: no goodbye, no cleanup
    in_flight = {row[0] for row in bot.query("SELECT chat_id FROM outbox WHERE status = 'sending'")}
    sent_before = len(rating_messages(emulator, set(chats)))
    assert 50 <= sent_before < 150, "killed in the middle"

    await bot.start()
    await admin.wait_message("Рассылка «рейтинг дня» завершена", timeout=40)

    reached = Counter(m.chat_id for m in rating_messages(emulator, set(chats)))
    assert set(reached) == set(chats), "no member missed"
    twice = {chat for chat, n in reached.items() if n > 1}
    assert twice <= in_flight, "only messages in flight at the kill went twice"
    assert len(in_flight) <= 10
    assert emulator.count_429 == 0
    assert bot.query("SELECT o.status, COUNT(*) FROM outbox o JOIN broadcasts b ON b.id = o.broadcast_id"
                     " WHERE b.kind = 'rating' GROUP BY o.status") == [("delivered", 150)]
