"""Post submissions through the real dispatcher and SQLite (target: 1,500 updates per second).

    PYTHONPATH=$PWD /work/venv/bin/python -m benchmarks.posts [--members 2000] [--posts 5] [--concurrency 200]
        [--offered 300] [--seconds 10]

Every member sends `--posts` links to their posts as plain messages (the way members do),
a third of them invited by another member so referral shares are written too, and one
message in ten is a post somebody else already sent (in another spelling: m. host,
tracking parameters). Each update goes through the middlewares, the FSM, the link parser,
the submission transaction (post, ledger entry, totals, referral share) and the reply.
Prints updates per second and the handling time per update, then checks that every
distinct post was awarded exactly once and that the totals match the ledger.

Then the handling time at an offered load (`--offered`, 300 updates per second: ten times
what Telegram lets a bot answer), open loop: on a fresh database, updates arrive on a fixed
schedule whether or not earlier ones are done, and each is timed from its arrival, so time
spent queued behind others counts (p50 and p99).

For scale, the same messages then go through a bare aiogram Dispatcher (one router, one
handler that answers with a fixed text, the same in-process bot session): the ceiling of
aiogram itself on this machine, whatever a handler does; and through a bare Dispatcher
whose one handler does only the essential work of a submission (parse, the transaction,
answer): the ceiling of any aiogram bot that records posts in SQLite in one process.
With --profile, prints where the time goes (cProfile, top functions).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import random
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path

from aiogram import Bot, Dispatcher, Router
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.types import Message

from benchmarks.common import make_app, peak_rss_mib, percentile, run_bounded
from bot import administration, links, posts
from bot.model import Member, ModerationMode
from bot.posts import CampaignCache
from bot.runtime.app import App
from storage import ledger as ledger_store
from storage import members as member_store
from storage.db import fetch_value
from tests.support import updates
from tests.support.factories import NewMember
from tests.support.session import MockedBot

TARGET_PER_SECOND = 1_500
DUPLICATE_SHARE = 0.1


async def prepare(app: App, members: int) -> list[int]:
    await administration.import_districts(
        app.db, "code,name,city\nD1,Центральный,Новосибирск\nD2,Ленинский,Новосибирск\n".encode()
    )
    await administration.create_campaign(
        app.db, name="bench", starts_on=date(2020, 1, 1), ends_on=date(2099, 12, 31),
        moderation=ModerationMode.AUTO, now=app.clock.now(),
    )
    new_member = NewMember(app.db, app.clock)
    tg_ids = []
    joined: list[Member] = []
    for index in range(members):
        tg_id = 100_000 + index
        referrer = random.choice(joined) if joined and index % 3 == 0 else None   # every third came by a link
        joined.append(await new_member(tg_id, f"Участник {index}", district_id=1 + index % 2, referrer=referrer))
        tg_ids.append(tg_id)
    return tg_ids


def messages(tg_ids: list[int], per_member: int) -> tuple[list[tuple[int, str]], int]:
    """(sender, text) pairs in random order, and how many distinct posts they contain."""
    sent: list[tuple[int, str]] = []
    for tg_id in tg_ids:
        for n in range(per_member):
            sent.append((tg_id, f"Мой пост: https://vk.com/wall-{tg_id}_{n}"))
    distinct = len(sent)
    for _ in range(int(len(sent) * DUPLICATE_SHARE)):
        owner, number = random.choice(tg_ids), random.randrange(per_member)
        sent.append((random.choice(tg_ids), f"https://m.vk.com/wall-{owner}_{number}?utm_source=tg#comments"))
    random.shuffle(sent)
    return sent, distinct


async def one_handler_rate(
    handler: Callable[[Message], Awaitable[None]], bot: Bot, sent: list[tuple[int, str]], concurrency: int
) -> float:
    """Updates per second through a bare aiogram Dispatcher: one router, `handler` for every message."""
    dp = Dispatcher(events_isolation=SimpleEventIsolation())
    router = Router(name="bare")
    router.message()(handler)
    dp.include_router(router)

    def job(tg_id: int, text: str):  # noqa: ANN202
        async def run() -> None:
            await dp.feed_update(bot, updates.text(tg_id, text))
        return run

    started = time.perf_counter()
    await run_bounded((job(tg_id, text) for tg_id, text in sent), concurrency)
    return len(sent) / (time.perf_counter() - started)


async def bare_rate(sent: list[tuple[int, str]], concurrency: int) -> float:
    """A handler that only answers with a fixed text: the ceiling of aiogram itself."""
    async def answer(message: Message) -> None:
        await message.answer("✅ Пост засчитан: +1 балл. Сегодня: 1 из 10.")

    return await one_handler_rate(answer, MockedBot(keep=False), sent, concurrency)


async def essential_rate(sent: list[tuple[int, str]], members: int, per_member: int, concurrency: int) -> float:
    """A handler that does only the essential work of a submission.

    Parse the link, record and award the post (the same transaction, on a database of its
    own with the same members), answer: no middlewares, no member lookup (members are
    known in advance), no routing beyond one router. What this costs on this machine
    bounds any bot built on aiogram and SQLite in one process.
    """
    random.seed(11)
    daily_cap = max(10, per_member)
    with tempfile.TemporaryDirectory() as directory:
        app = await make_app(Path(directory), post_daily_cap=daily_cap)
        try:
            tg_ids = await prepare(app, members)
            async with app.db.reading() as conn:
                known = {tg_id: await member_store.get_by_tg(conn, tg_id) for tg_id in tg_ids}
            campaigns = CampaignCache()

            async def submit(message: Message) -> None:
                member = known[message.chat.id]
                link = links.parse_post_link(message.text or "")
                if member is None or isinstance(link, links.LinkRefusal):
                    await message.answer("Это не ссылка на пост.")
                    return
                result = await posts.submit_post(
                    app.db, campaigns, member=member, link=link, material_id=None, daily_cap=daily_cap,
                    now=app.clock.now(), today=app.clock.today(),
                )
                await message.answer("Уже засчитан." if isinstance(result, posts.Refused) else "✅ Пост засчитан.")

            return await one_handler_rate(submit, app.bot, sent, concurrency)
        finally:
            await app.close()


async def offered_load(members: int, per_member: int, rate: float, seconds: float) -> tuple[int, float, float]:
    """Handling time at a fixed offered load: (updates, p50, p99) in seconds.

    Open loop, as updates come from Telegram: they arrive on a fixed schedule whether or not
    the earlier ones are done, and each is timed from its scheduled arrival to the end of its
    handling, so time spent waiting behind a backlog counts too.
    """
    random.seed(12)
    with tempfile.TemporaryDirectory() as directory:
        app = await make_app(Path(directory), post_daily_cap=max(10, per_member))
        try:
            tg_ids = await prepare(app, members)
            sent, _ = messages(tg_ids, per_member)
            sent = sent[: max(1, int(rate * seconds))]
            loop = asyncio.get_running_loop()
            durations: list[float] = []

            async def arrive(tg_id: int, text: str, due: float) -> None:
                await app.dp.feed_update(app.bot, updates.text(tg_id, text))
                durations.append(loop.time() - due)

            tasks = []
            start = loop.time()
            for index, (tg_id, text) in enumerate(sent):
                due = start + index / rate
                if due > loop.time():
                    await asyncio.sleep(due - loop.time())
                tasks.append(asyncio.create_task(arrive(tg_id, text, due)))
            await asyncio.gather(*tasks)
        finally:
            await app.close()
    return len(sent), percentile(durations, 50), percentile(durations, 99)


async def main(
    members: int, per_member: int, concurrency: int, profile: bool, offered: float = 300, seconds: float = 10
) -> None:
    random.seed(11)
    failures = []
    with tempfile.TemporaryDirectory() as directory:
        app = await make_app(Path(directory), post_daily_cap=max(10, per_member))
        try:
            tg_ids = await prepare(app, members)
            sent, distinct = messages(tg_ids, per_member)
            durations: list[float] = []

            def job(tg_id: int, text: str):  # noqa: ANN202
                async def run() -> None:
                    update = updates.text(tg_id, text)
                    begun = time.perf_counter()
                    await app.dp.feed_update(app.bot, update)
                    durations.append(time.perf_counter() - begun)
                return run

            profiler = cProfile.Profile() if profile else None
            if profiler:
                profiler.enable()
            started, cpu_started, loop_started = time.perf_counter(), time.process_time(), time.thread_time()
            await run_bounded((job(tg_id, text) for tg_id, text in sent), concurrency)
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
            loop_cpu = time.thread_time() - loop_started
            if profiler:
                profiler.disable()
            rate = len(sent) / elapsed
            print(
                f"{len(sent):,} post messages ({members:,} members, {distinct:,} distinct posts,"
                f" concurrency {concurrency}) in {elapsed:.1f} s = {rate:,.0f} updates/s;"
                f" handling p50 {percentile(durations, 50) * 1000:.1f} ms,"
                f" p99 {percentile(durations, 99) * 1000:.1f} ms; CPU {cpu / len(sent) * 1000:.2f} ms per update,"
                f" {loop_cpu / len(sent) * 1000:.2f} ms of it on the event loop's thread"
            )
            if rate < TARGET_PER_SECOND:
                failures.append(f"{rate:,.0f} updates/s is under the {TARGET_PER_SECOND:,} target")
            async with app.db.reading() as conn:
                posts = await fetch_value(conn, "SELECT COUNT(*) FROM posts")
                awards = await fetch_value(conn, "SELECT COUNT(*) FROM ledger WHERE kind = 'post'")
                keys = await fetch_value(conn, "SELECT COUNT(DISTINCT subject) FROM ledger WHERE kind = 'post'")
                problems = await ledger_store.inconsistencies(conn)
            print(f"  {posts:,} posts recorded, {awards:,} post awards for {keys:,} distinct posts")
            if not posts == awards == keys == distinct:
                failures.append(f"{posts} posts, {awards} awards for {distinct} distinct posts")
            if problems:
                failures.append(f"totals out of step: {problems[:3]}")
            print(f"peak memory: {peak_rss_mib():.0f} MiB")
            if profiler:
                pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        finally:
            await app.close()
    if not profile:
        bare = await bare_rate(sent, concurrency)
        print(f"bare aiogram, one trivial handler, same updates and session: {bare:,.0f} updates/s;"
              f" ours is {rate / bare:.0%} of it")
        essential = await essential_rate(sent, members, per_member, concurrency)
        print(f"bare aiogram, one handler doing only the essential work (parse, the same transaction, answer):"
              f" {essential:,.0f} updates/s; ours is {rate / essential:.0%} of it")
        count, p50, p99 = await offered_load(members, per_member, offered, seconds)
        print(f"offered load {offered:,.0f} updates/s (open loop, {count:,} updates): handling p50 {p50 * 1000:.1f} ms,"
              f" p99 {p99 * 1000:.1f} ms, each timed from its arrival")
    if failures:
        raise SystemExit("; ".join(failures))
    print("every distinct post awarded exactly once")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=2_000)
    parser.add_argument("--posts", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--offered", type=float, default=300, help="updates per second of the open-loop run")
    parser.add_argument("--seconds", type=float, default=10, help="length of the open-loop run")
    args = parser.parse_args()
    asyncio.run(main(args.members, args.posts, args.concurrency, args.profile, args.offered, args.seconds))
