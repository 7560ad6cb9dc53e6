"""Webhook mode: Telegram posts each update; it is stored before Telegram hears 200, then handled.

The receiving side only checks the secret header and writes the update into the
SQLite inbox (one short transaction), so Telegram gets its answer quickly and a crash
after the 200 cannot lose the update: the worker picks up whatever is unhandled,
also after a restart. The inbox is keyed by update_id, so a redelivery is harmless.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import signal
from datetime import timedelta
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.types import Update
from aiohttp import web

from bot.runtime.config import Settings
from scheduler.clock import Clock
from storage import inbox
from storage.db import Database

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HEALTH_PATH = "/healthz"
# An update whose handling a crash cut short this many times is given up, so it cannot
# stop the bot from starting forever.
MAX_ATTEMPTS = 3
# Telegram stops redelivering an update long before this; handled rows are kept until then.
# They hold what people sent (names, phone numbers), so the clean-up also runs on a quiet bot.
KEEP_HANDLED = timedelta(days=2)
PRUNE_EVERY = 1000
PRUNE_INTERVAL = timedelta(hours=1)
CLAIM_BATCH = 100
HEALTH_TIMEOUT = 5.0
MAX_BODY = 1024 * 1024


class InboxWorker:
    """Feeds stored updates to the dispatcher, oldest first, at most `concurrency` at once."""

    def __init__(self, *, db: Database, dp: Dispatcher, bot: Bot, clock: Clock, concurrency: int) -> None:
        self.db = db
        self.dp = dp
        self.bot = bot
        self.clock = clock
        self.concurrency = concurrency
        self._busy: dict[int, asyncio.Task[None]] = {}
        self._changed = asyncio.Event()
        self._more_waiting = False
        self._stopping = False
        self._task: asyncio.Task[None] | None = None
        self._handled_since_prune = 0
        self._pruned_at = clock.now()

    @property
    def in_progress(self) -> int:
        return len(self._busy)

    async def start(self) -> None:
        async with self.db.transaction() as conn:
            given_up = await inbox.give_up(conn, max_attempts=MAX_ATTEMPTS, now=self.clock.now())
        for update_id in given_up:
            log.error("update %s was being handled during %d crashes: giving it up", update_id, MAX_ATTEMPTS)
        await self._prune()
        self._task = asyncio.create_task(self._run(), name="inbox-worker")

    def wake(self) -> None:
        """A new update is in the inbox."""
        self._changed.set()

    async def stop(self, grace: float = 20.0) -> None:
        """Take no more updates; let those in progress finish (bounded). The rest wait for the next start."""
        self._stopping = True
        self._changed.set()
        if self._task is not None:
            await self._task
        if self._busy:
            _, unfinished = await asyncio.wait(list(self._busy.values()), timeout=grace)
            if unfinished:
                log.warning("stopping with %d updates unfinished; they will be handled after the restart",
                            len(unfinished))
                for task in unfinished:
                    task.cancel()
                await asyncio.gather(*unfinished, return_exceptions=True)

    async def _run(self) -> None:
        while not self._stopping:
            self._changed.clear()
            free = self.concurrency - len(self._busy)
            if free <= 0:
                self._more_waiting = True
                await self._changed.wait()
                continue
            limit = min(free, CLAIM_BATCH)
            try:
                async with self.db.transaction() as conn:
                    batch = await inbox.claim(conn, limit=limit, busy=set(self._busy))
            except Exception:
                log.exception("cannot read the inbox; trying again shortly")
                await asyncio.sleep(1)
                continue
            # Only if the inbox held more than we took does a finished update need to wake us.
            self._more_waiting = len(batch) == limit
            for stored in batch:
                self._busy[stored.update_id] = asyncio.create_task(self._handle(stored))
            if not batch:
                try:
                    await asyncio.wait_for(self._changed.wait(), PRUNE_INTERVAL.total_seconds())
                except TimeoutError:
                    await self._prune_if_due()

    async def _handle(self, stored: inbox.Stored) -> None:
        try:
            try:
                update = Update.model_validate(json.loads(stored.body), context={"bot": self.bot})
                await self.dp.feed_update(self.bot, update)
            except Exception:
                log.exception("update %s could not be handled", stored.update_id)
            async with self.db.transaction() as conn:
                await inbox.mark_handled(conn, stored.update_id, self.clock.now())
            self._handled_since_prune += 1
            await self._prune_if_due()
        except Exception:
            log.exception("update %s: cannot mark it handled; it will be handled again", stored.update_id)
        finally:
            self._busy.pop(stored.update_id, None)
            if self._more_waiting:
                self._changed.set()

    async def _prune_if_due(self) -> None:
        if self._handled_since_prune >= PRUNE_EVERY or self.clock.now() - self._pruned_at >= PRUNE_INTERVAL:
            try:
                await self._prune()
            except Exception:
                log.exception("cannot clean up the inbox; trying again later")

    async def _prune(self) -> None:
        now = self.clock.now()
        async with self.db.transaction() as conn:
            await inbox.prune(conn, handled_before=now - KEEP_HANDLED)
        self._pruned_at = now
        self._handled_since_prune = 0


def build_web_app(*, settings: Settings, db: Database, clock: Clock, worker: InboxWorker) -> web.Application:
    """The HTTP side: the webhook path from WEBHOOK_URL, and /healthz for the supervisor."""
    assert settings.webhook_secret is not None
    expected = settings.webhook_secret.get_secret_value().encode()

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            log.warning("webhook request from %s without the right secret token: refused", request.remote)
            return web.Response(status=401, text="Unauthorized")
        try:
            body = await request.text()
            data: Any = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return web.Response(status=400, text="not JSON")
        update_id = data.get("update_id") if isinstance(data, dict) else None
        if not isinstance(update_id, int) or isinstance(update_id, bool):
            return web.Response(status=400, text="no update_id")
        if not 0 <= update_id < 2**63:  # SQLite's integers: anything beyond is no Telegram update
            return web.Response(status=400, text="update_id out of range")
        # Any failure to store raises: aiohttp answers 500 and Telegram delivers the update again.
        async with db.transaction() as conn:
            is_new = await inbox.store(conn, update_id, body, clock.now())
        if is_new:
            worker.wake()
        else:
            log.info("update %s delivered again: already in the inbox", update_id)
        return web.Response(status=200)

    async def health(request: web.Request) -> web.Response:
        try:
            async with asyncio.timeout(HEALTH_TIMEOUT), db.reading() as conn:
                waiting = await inbox.count_pending(conn)
        except Exception as error:  # noqa: BLE001 - any failure means "not healthy"
            log.warning("health check failed: %r", error)
            return web.json_response({"status": "unavailable"}, status=503)
        return web.json_response({"status": "ok", "waiting_updates": waiting, "in_progress": worker.in_progress})

    app = web.Application(client_max_size=MAX_BODY)
    app.router.add_post(settings.webhook_path, receive)
    app.router.add_get(HEALTH_PATH, health)
    return app


async def serve(settings: Settings, db: Database, dp: Dispatcher, bot: Bot, clock: Clock, *, concurrency: int,
                stop: asyncio.Event | None = None) -> None:
    """Run in webhook mode until SIGTERM/SIGINT (or `stop` is set)."""
    assert settings.webhook_url is not None and settings.webhook_secret is not None
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    workflow = {"dispatcher": dp, "bots": [bot], **dp.workflow_data}
    worker = InboxWorker(db=db, dp=dp, bot=bot, clock=clock, concurrency=concurrency)
    runner = web.AppRunner(
        build_web_app(settings=settings, db=db, clock=clock, worker=worker), access_log=None, shutdown_timeout=10
    )
    await runner.setup()
    await dp.emit_startup(bot=bot, **workflow)
    try:
        await worker.start()
        host, port = settings.webhook_host_port
        await web.TCPSite(runner, host, port).start()
        await bot.set_webhook(
            settings.webhook_url,
            secret_token=settings.webhook_secret.get_secret_value(),
            allowed_updates=dp.resolve_used_update_types(),
            drop_pending_updates=False,
        )
        log.info("webhook mode: listening on %s:%s for %s", host, port, settings.webhook_path)
        await stop.wait()
        log.info("stopping")
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
        # The webhook stays set: Telegram keeps new updates until we are back.
        await runner.cleanup()
        await worker.stop()
        await dp.emit_shutdown(bot=bot, **workflow)
