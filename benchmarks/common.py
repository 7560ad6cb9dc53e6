"""Shared set-up for benchmarks: the real dispatcher and SQLite, with an in-process bot session."""

from __future__ import annotations

import asyncio
import resource
import sys
import time
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.i18n import I18n  # noqa: E402
from bot.runtime.app import App, build_app, settle_heap  # noqa: E402
from bot.runtime.config import Settings  # noqa: E402
from scheduler.clock import Clock  # noqa: E402
from scheduler.outbox import OutboxSender  # noqa: E402
from storage.db import Database  # noqa: E402
from tests.support.session import MockedBot  # noqa: E402

T = TypeVar("T")


async def make_app(directory: Path, **overrides: object) -> App:
    # Simulated users act far faster than people; the per-user flood limit would drop their updates.
    overrides = {"flood_rate": 0, **overrides}
    settings = Settings(
        bot_token="123456789:BENCHMARK-token-for-in-process-runs",  # type: ignore[arg-type]
        database_url=f"sqlite:///{directory / 'bench.db'}",
        admin_ids=frozenset({1}),
        qr_secret="benchmark-secret",  # type: ignore[arg-type]
        _env_file=None,  # type: ignore[call-arg]
        **overrides,  # type: ignore[arg-type]
    )
    app = await build_app(settings, bot=MockedBot(keep=False))
    settle_heap()  # as `bot.runtime.app.run` does once start-up is over
    return app


async def run_bounded(jobs: Iterable[Callable[[], Awaitable[T]]], concurrency: int) -> list[float]:
    """Run jobs with at most `concurrency` at once; return each job's duration in seconds."""
    semaphore = asyncio.Semaphore(concurrency)
    durations: list[float] = []

    async def one(job: Callable[[], Awaitable[T]]) -> None:
        async with semaphore:
            started = time.perf_counter()
            await job()
            durations.append(time.perf_counter() - started)

    await asyncio.gather(*(one(job) for job in jobs))
    return durations


async def stream_outbox(db: Database, clock: Clock, total: int, noun: str, *, width: int, note: str = "") -> None:
    """Deliver every queued outbox row through the real sender's dispatch path (render, durable
    'sending'/'delivered' marks, pacing) with a session that answers at once and keeps nothing:
    peak RSS at 1 %, 10 % and 50 % of `total` and at the end, then messages per second."""
    sender = OutboxSender(db, MockedBot(keep=False), I18n("ru"), clock, rate=1_000_000, max_in_flight=200,
                          batch_size=1000)
    marks = sorted({total // 100, total // 10, total // 2})
    started = time.perf_counter()
    task = asyncio.create_task(sender.deliver_pending())
    for mark in marks:
        while sender.stats.delivered < mark and not task.done():  # noqa: ASYNC110 - a progress meter
            await asyncio.sleep(0.2)
        print(f"  streamed {sender.stats.delivered:>{width},} {noun}: peak RSS {peak_rss_mib():.0f} MiB")
    await task
    elapsed = time.perf_counter() - started
    print(f"  streamed {sender.stats.delivered:>{width},} {noun}: peak RSS {peak_rss_mib():.0f} MiB"
          f" ({sender.stats.delivered / elapsed:,.0f} msg/s through the dispatch path, {elapsed:.0f} s{note})")


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * pct / 100))]
