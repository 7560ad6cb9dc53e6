"""The outbox sender on SQLite with a recording bot session, paced on a frozen clock (no waiting)."""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter
from datetime import timedelta

from aiogram.exceptions import TelegramForbiddenError, TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import SendMessage, SendPhoto

from bot.broadcasts import Queued, queue_announcement
from bot.i18n import I18n
from bot.roles import Actor
from bot.scopes import EVERYWHERE
from scheduler.clock import FrozenClock
from scheduler.outbox import OutboxSender
from storage import outbox as outbox_store
from storage.db import Database, fetch_all, fetch_value
from tests.support.factories import NewMember
from tests.support.outbox import TimedSession, max_in_window, timed_bot
from tests.support.session import MockedBot

COORDINATOR = 7


def sender_for(db: Database, bot: MockedBot, clock: FrozenClock, **kwargs: object) -> OutboxSender:
    return OutboxSender(db, bot, I18n("ru"), clock, **{"rate": 25, **kwargs})  # type: ignore[arg-type]


def session(bot: MockedBot) -> TimedSession:
    assert isinstance(bot.session, TimedSession)
    return bot.session


async def members(db: Database, clock: FrozenClock, count: int, district_id: int = 1) -> list[int]:
    in_turn = NewMember(db, clock, apart=timedelta(seconds=1))  # members join a second apart
    ids = []
    for n in range(count):
        member = await in_turn(1000 + n, f"Участник {n}", district_id=district_id)
        ids.append(int(member.tg_id or 0))
    return ids


async def announce(db: Database, clock: FrozenClock, text: str = "Субботник в 10:00") -> Queued:
    return await queue_announcement(
        db, actor=Actor(tg_id=COORDINATOR, is_admin=True), scope=EVERYWHERE, text=text, photo=None, now=clock.now()
    )


async def statuses(db: Database, broadcast_id: int) -> dict[str, int]:
    async with db.reading() as conn:
        rows = await fetch_all(
            conn, "SELECT status, COUNT(*) FROM outbox WHERE broadcast_id = ? GROUP BY status", (broadcast_id,)
        )
    return {row[0]: int(row[1]) for row in rows}


async def test_every_member_gets_it_once_at_the_configured_rate_and_one_per_chat_per_second(
    seeded_db: Database, clock: FrozenClock
) -> None:
    chats = await members(seeded_db, clock, 120)
    queued = await announce(seeded_db, clock)
    bot = timed_bot(clock)
    sender = sender_for(seeded_db, bot, clock, batch_size=16)

    started = clock.monotonic()
    stats = await sender.deliver_pending()

    sent = [r for r in session(bot).timeline if r.chat_id in set(chats)]
    assert Counter(r.chat_id for r in sent) == Counter(chats)
    assert stats.delivered == 120 + 1   # and the report to the coordinator
    assert max_in_window([r.at for r in sent]) <= 25
    elapsed = sent[-1].at - started
    assert 120 / elapsed >= 0.97 * 25, f"{120 / elapsed:.2f} msg/s"   # at the rate, not below it
    assert await statuses(seeded_db, queued.broadcast_id) == {"delivered": 120}
    report = [r.method for r in session(bot).timeline if r.chat_id == COORDINATOR]
    assert len(report) == 1 and isinstance(report[0], SendMessage)
    assert "доставлено 120 из 120" in report[0].text


async def test_a_429_pauses_all_sending_for_retry_after_and_the_same_message_goes_again(
    seeded_db: Database, clock: FrozenClock
) -> None:
    chats = await members(seeded_db, clock, 10)
    await announce(seeded_db, clock)
    bot = timed_bot(clock)
    session(bot).queue(
        TelegramRetryAfter(method=SendMessage(chat_id=chats[0], text="x"), message="Too Many Requests", retry_after=3)
    )
    sender = sender_for(seeded_db, bot, clock)

    stats = await sender.deliver_pending()

    timeline = [r for r in session(bot).timeline if r.chat_id in set(chats)]
    refused = timeline[0]
    assert refused.chat_id == chats[0]
    after = [r for r in timeline[1:]]
    assert all(r.at >= refused.at + 3 for r in after), "something was sent during the pause"
    assert [r.chat_id for r in after].count(chats[0]) == 1, "the refused message goes again, once"
    assert sorted(session(bot).delivered[:-1]) == sorted(chats)
    assert stats.retry_after == 1 and stats.delivered == 10 + 1 and stats.failed == 0   # and the report


async def test_a_member_who_blocked_the_bot_is_marked_and_counted(seeded_db: Database, clock: FrozenClock) -> None:
    chats = await members(seeded_db, clock, 5)
    queued = await announce(seeded_db, clock)
    bot = timed_bot(clock)
    session(bot).fail(chats[2], TelegramForbiddenError(method=SendMessage(chat_id=chats[2], text="x"),
                                                       message="Forbidden: bot was blocked by the user"))

    await sender_for(seeded_db, bot, clock).deliver_pending()

    async with seeded_db.reading() as conn:
        blocked = await fetch_all(conn, "SELECT tg_id FROM members WHERE status = 'blocked'")
        row = await fetch_value(conn, "SELECT status FROM outbox WHERE chat_id = ?", (chats[2],))
    assert [r[0] for r in blocked] == [chats[2]]
    assert row == "blocked"
    assert await statuses(seeded_db, queued.broadcast_id) == {"delivered": 4, "blocked": 1}
    report = [r.method.text for r in session(bot).timeline if r.chat_id == COORDINATOR]
    assert report and "заблокировали бота 1" in report[0] and "доставлено 4 из 5" in report[0]

    # The next broadcast does not even try the member who blocked the bot.
    again = await announce(seeded_db, clock, "Второе объявление")
    assert again.recipients == 4


async def test_other_failures_are_retried_with_backoff_then_given_up(seeded_db: Database, clock: FrozenClock) -> None:
    chats = await members(seeded_db, clock, 3)
    queued = await announce(seeded_db, clock)
    bot = timed_bot(clock)
    flaky, broken = chats[0], chats[1]
    session(bot).fail(flaky, TelegramNetworkError(method=SendMessage(chat_id=flaky, text="x"), message="timeout"))
    session(bot).fail(broken, *[
        TelegramServerError(method=SendMessage(chat_id=broken, text="x"), message="Bad Gateway") for _ in range(10)
    ])
    sender = sender_for(seeded_db, bot, clock, max_attempts=4, backoff=2.0)

    stats = await sender.deliver_pending()

    tries = [r.at for r in session(bot).timeline if r.chat_id == broken]
    assert len(tries) == 4
    gaps = [round(b - a, 2) for a, b in itertools.pairwise(tries)]
    assert gaps[0] >= 2 and gaps[1] >= 4 and gaps[2] >= 8      # exponential backoff
    assert flaky in session(bot).delivered
    assert stats.failed == 1 and stats.delivered == 2 + 1   # and the report
    assert await statuses(seeded_db, queued.broadcast_id) == {"delivered": 2, "failed": 1}
    async with seeded_db.reading() as conn:
        error = await fetch_value(conn, "SELECT last_error FROM outbox WHERE chat_id = ?", (broken,))
    assert "Bad Gateway" in error


async def test_after_a_crash_the_rest_goes_out_and_only_messages_in_flight_may_repeat(
    seeded_db: Database, clock: FrozenClock
) -> None:
    chats = await members(seeded_db, clock, 40)
    queued = await announce(seeded_db, clock)
    first_bot = timed_bot(clock)
    session(first_bot).hang = {chats[15], chats[16]}     # these requests never come back: the process dies
    first = sender_for(seeded_db, first_bot, clock, max_in_flight=3)
    run = asyncio.create_task(first.deliver_pending())
    while len(session(first_bot).timeline) < 18:  # noqa: ASYNC110 - the sender's own progress, polled
        await asyncio.sleep(0)
    run.cancel()
    await asyncio.gather(run, return_exceptions=True)
    await first.stop()
    async with seeded_db.reading() as conn:
        in_flight = {r[0] for r in await fetch_all(conn, "SELECT chat_id FROM outbox WHERE status = 'sending'")}
    assert {chats[15], chats[16]} <= in_flight and len(in_flight) <= 3

    second_bot = timed_bot(clock)
    second = sender_for(seeded_db, second_bot, clock)
    await second.start()
    while (await statuses(seeded_db, queued.broadcast_id)) != {"delivered": 40}:  # noqa: ASYNC110 - the database, polled
        await asyncio.sleep(0.01)
    await second.stop()

    delivered = Counter(session(first_bot).delivered) + Counter(session(second_bot).delivered)
    assert set(chats) <= set(delivered), "no member is missed"
    twice = {chat for chat, n in delivered.items() if n > 1}
    assert twice <= in_flight, "only messages in flight at the crash may go twice"


async def test_two_messages_to_one_chat_are_a_second_apart(seeded_db: Database, clock: FrozenClock) -> None:
    bot = timed_bot(clock)
    now = clock.now()
    async with seeded_db.transaction() as conn:
        broadcast = await outbox_store.create_broadcast(conn, kind="digest", payload={}, now=now)
        await outbox_store.add_rows(conn, broadcast, [
            (500, None, {"method": "sendMessage", "text": "Сводка"}),
            (500, None, {"method": "sendPhoto", "photo": "chart-file-id", "caption": "График"}),
            (501, None, {"method": "sendMessage", "text": "Сводка"}),
        ])
    await sender_for(seeded_db, bot, clock).deliver_pending()
    to_500 = [r for r in session(bot).timeline if r.chat_id == 500]
    assert [type(r.method) for r in to_500] == [SendMessage, SendPhoto]
    assert to_500[1].at - to_500[0].at >= 1.0
    assert [r.chat_id for r in session(bot).timeline] == [500, 501, 500]   # the other chat did not wait


async def test_recipients_are_streamed_in_pages_and_a_restart_resumes_unfinished_broadcasts(
    seeded_db: Database, clock: FrozenClock
) -> None:
    chats = await members(seeded_db, clock, 30)
    queued = await announce(seeded_db, clock)
    async with seeded_db.transaction() as conn:
        # A previous process delivered the first ten and died with two in flight.
        await conn.execute(
            "UPDATE outbox SET status = 'delivered' WHERE id IN (SELECT id FROM outbox ORDER BY id LIMIT 10)"
        )
        await conn.execute(
            "UPDATE outbox SET status = 'sending'"
            " WHERE id IN (SELECT id FROM outbox WHERE status = 'queued' ORDER BY id LIMIT 2)"
        )
    bot = timed_bot(clock)
    sender = sender_for(seeded_db, bot, clock, batch_size=4)
    await sender.start()
    async def settled() -> bool:
        return (await statuses(seeded_db, queued.broadcast_id)) == {"delivered": 30} and COORDINATOR in session(
            bot
        ).delivered

    while not await settled():  # noqa: ASYNC110 - the database, polled
        await asyncio.sleep(0.01)
    await sender.stop()
    assert session(bot).delivered == [
        *chats[10:],
        COORDINATOR,
    ]  # in order, none of the delivered ten again, then the report
