"""The background verifier: checks submissions waiting in the durable queue against the networks.

One worker per checker (VK, Telegram, the web), each with its own pace (`VERIFY_*_RATE`
requests a second: starts are spaced evenly, several checks run at once so latency does not
cut the rate) and timeout (`VERIFY_TIMEOUT`). A worker reads a page of due rows from the
database at a time, so memory stays flat however long the queue grows; the queue itself is
the database, so a restart loses nothing: rows checked when the bot stopped are simply
checked again (their verdict commits whole or not at all, and a post is paid once).
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import aiohttp

from bot import verification
from bot.i18n import I18n
from bot.runtime.config import Settings
from bot.verification import Checker, HandOver, HandOverReason, PostFacts, Retry, Settled, Verdict
from scheduler.clock import Clock
from storage import campaigns as campaign_store
from storage import verification as store
from storage.db import Database

log = logging.getLogger(__name__)

VK_API_VERSION = "5.199"
IDLE_POLL_SECONDS = 1.0          # a new submission is picked up within this
RATE_LIMIT_PAUSE = 1.0           # a network that said "too many requests" gets this much rest
MAX_PAGE_BYTES = 512 * 1024


class Pace:
    """Starts at most `rate` requests a second, evenly spaced; `pause()` holds every start for a while."""

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate
        self._next = 0.0
        self._lock = asyncio.Lock()

    async def take(self) -> None:
        async with self._lock:
            loop = asyncio.get_running_loop()
            now = loop.time()
            start = max(now, self._next)
            self._next = start + self.interval
            if start > now:
                await asyncio.sleep(start - now)

    def pause(self, seconds: float) -> None:
        self._next = max(self._next, asyncio.get_running_loop().time() + seconds)


@dataclass
class CheckerStats:
    checked: int = 0
    verdicts: dict[str, int] = field(default_factory=dict)


class Verifier:
    def __init__(self, *, db: Database, i18n: I18n, clock: Clock, settings: Settings) -> None:
        self.db = db
        self.i18n = i18n
        self.clock = clock
        self.settings = settings
        self.retry_for = timedelta(hours=settings.verify_retry_hours)
        self.retry_first = timedelta(seconds=settings.verify_retry_first_seconds)
        self.rates = {
            Checker.VK: settings.verify_vk_rate,
            Checker.TELEGRAM: settings.verify_telegram_rate,
            Checker.WEB: settings.verify_web_rate,
        }
        self.paces = {checker: Pace(rate) for checker, rate in self.rates.items()}
        self.stats = {checker: CheckerStats() for checker in Checker}
        self.on_settled: Callable[[Settled], Awaitable[None] | None] | None = None   # the outbox's wake
        self._session: aiohttp.ClientSession | None = None
        self._in_flight: dict[Checker, set[int]] = {checker: set() for checker in Checker}
        self._tasks: set[asyncio.Task[None]] = set()
        self._workers: list[asyncio.Task[None]] = []
        self._wake = {checker: asyncio.Event() for checker in Checker}

    # -- lifecycle ----------------------------------------------------------------------------

    async def start(self) -> None:
        self._workers = [asyncio.create_task(self._work(c), name=f"verifier-{c}") for c in Checker]

    async def stop(self) -> None:
        tasks = [*self._workers, *self._tasks]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._workers.clear()
        if self._session is not None:
            await self._session.close()
            self._session = None

    def wake(self) -> None:
        for event in self._wake.values():
            event.set()

    def session(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self.settings.verify_timeout),
                connector=aiohttp.TCPConnector(limit=256),
                headers={"User-Agent": "Vverh post verifier"},
            )
        return self._session

    # -- the work -----------------------------------------------------------------------------

    def _concurrency(self, checker: Checker) -> int:
        # Enough checks at once to keep the pace however slow the network answers, within reason.
        return max(2, min(256, int(self.rates[checker] * self.settings.verify_timeout) + 1))

    async def _work(self, checker: Checker) -> None:
        room = asyncio.Semaphore(self._concurrency(checker))
        page = max(16, int(self.rates[checker] * 2))
        while True:
            try:
                found = await self._dispatch_due(checker, room, page)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - the worker must outlive a bad moment
                log.exception("verifier %s: reading the queue failed", checker)
                found = 0
            if found == 0:
                try:
                    await asyncio.wait_for(self._wake[checker].wait(), IDLE_POLL_SECONDS)
                except TimeoutError:
                    pass
                self._wake[checker].clear()

    async def _dispatch_due(self, checker: Checker, room: asyncio.Semaphore, page: int) -> int:
        now = self.clock.now()
        in_flight = self._in_flight[checker]
        due = await self.db.read(functools.partial(
            store.due, checker=checker, now=now, exclude=frozenset(in_flight), limit=page
        ))
        for row in due:
            await room.acquire()
            await self.paces[checker].take()
            in_flight.add(row.post_id)
            task = asyncio.create_task(self._check_and_settle(checker, row, room))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return len(due)

    async def _check_and_settle(self, checker: Checker, row: store.Due, room: asyncio.Semaphore) -> None:
        try:
            facts = await self.db.read(lambda conn: verification.post_facts(
                conn, row, owner_required=campaign_store.owner_must_be_linked(conn, row.campaign_id)
            ))
            verdict = await self.check(checker, row.url, facts)
            if isinstance(verdict, Retry) and verdict.rate_limited:
                self.paces[checker].pause(RATE_LIMIT_PAUSE)
            now = self.clock.now()
            settled = await self.db.run(lambda conn: verification.settle(
                conn, post_id=row.post_id, verdict=verdict, now=now, retry_for=self.retry_for,
                texts=self.i18n.get, retry_first=self.retry_first,
            ))
            stats = self.stats[checker]
            stats.checked += 1
            stats.verdicts[settled] = stats.verdicts.get(settled, 0) + 1
            if settled in (Settled.VERIFIED, Settled.REFUSED, Settled.HANDED_OVER) and self.on_settled:
                result = self.on_settled(settled)
                if asyncio.iscoroutine(result):
                    await result
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - the row stays waiting and is checked again later
            log.exception("verifier %s: post %s", checker, row.post_id)
        finally:
            self._in_flight[checker].discard(row.post_id)
            room.release()

    async def settle_due(self, checker: Checker | None = None) -> int:
        """Check every row due now (of one checker, or all) and wait for their verdicts; for tests
        and the command line. Returns how many checks ran."""
        ran = 0
        for each in [checker] if checker else list(Checker):
            room = asyncio.Semaphore(self._concurrency(each))
            while True:
                found = await self._dispatch_due(each, room, max(16, int(self.rates[each] * 2)))
                await asyncio.gather(*list(self._tasks), return_exceptions=True)
                ran += found
                if found == 0:
                    break
        return ran

    # -- the networks -------------------------------------------------------------------------

    async def check(self, checker: Checker, url: str, facts: PostFacts) -> Verdict:
        try:
            if checker is Checker.VK:
                return await self._check_vk(url, facts)
            if checker is Checker.TELEGRAM:
                return await self._check_telegram(url, facts)
            return await self._check_web(url)
        except (TimeoutError, aiohttp.ClientError) as error:
            return Retry(f"{type(error).__name__}: {error}"[:300])

    async def _check_vk(self, url: str, facts: PostFacts) -> Verdict:
        posts = verification.vk_post_id(url)
        if posts is None:
            return HandOver(HandOverReason.NO_CHECK)
        token = self.settings.vk_service_token
        if token is None:
            return HandOver(HandOverReason.NO_TOKEN)
        params = {"posts": posts, "extended": "1", "access_token": token.get_secret_value(), "v": VK_API_VERSION}
        async with self.session().get(f"{self.settings.vk_api_url}/wall.getById", params=params) as response:
            if response.status == 429 or response.status >= 500:
                return Retry(f"vk answered {response.status}", rate_limited=response.status == 429)
            answer: Any = await response.json(content_type=None)
        if not isinstance(answer, dict):
            return Retry("vk: not a JSON object")
        return verification.judge_vk(answer, facts)

    async def _check_telegram(self, url: str, facts: PostFacts) -> Verdict:
        path = verification.telegram_widget_path(url)
        if path is None:
            return HandOver(HandOverReason.NO_CHECK)
        async with self.session().get(f"{self.settings.tme_url}/{path}", params={"embed": "1"}) as response:
            html = (await response.content.read(MAX_PAGE_BYTES)).decode("utf-8", "replace")
            return verification.judge_telegram(response.status, html, facts)

    async def _check_web(self, url: str) -> Verdict:
        target = url
        base = self.settings.verify_web_base_url
        if base:
            target = base + "/" + url.split("://", 1)[-1]
        async with self.session().get(target, allow_redirects=True) as response:
            html = (await response.content.read(MAX_PAGE_BYTES)).decode("utf-8", "replace")
            return verification.judge_page(response.status, html, str(response.url))
