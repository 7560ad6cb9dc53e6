"""Durable outbox delivery at Telegram's pace.

Every mass message is an outbox row before it is sent. The sender streams queued rows in
id order (keyset pages, so memory stays flat at a million rows) and sends them:

- never more than `rate` requests start in any one second (paced slots, checked against a
  sliding one-second window), and never two to one chat within a second;
- several requests in flight at once, so network latency does not cut the rate;
- a 429 pauses all sending for its `retry_after`, then the same message goes again;
- a 403 marks the row and the member 'blocked';
- other failures are retried with exponential backoff, then the row is 'failed';
- a row is marked 'sending' (durably) before its request and 'delivered' after it: after a
  crash only the rows that were in flight go out again.

Row state changes from all in-flight requests share commits (`Database.run` batches what is
waiting): each request still waits until its own change is committed.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import json
import logging
import sqlite3
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError, TelegramRetryAfter
from aiogram.methods import SendDocument, SendMessage, SendPhoto, TelegramMethod
from aiogram.types import FSInputFile

from bot.broadcasts import close_finished, message_text
from bot.i18n import I18n
from scheduler.clock import Clock
from storage import outbox as store
from storage.db import Database

log = logging.getLogger(__name__)

PER_CHAT_INTERVAL = 1.0     # Telegram: about one message per second to one chat
WINDOW = 1.0
_RESERVED = float("inf")    # a chat whose message waits for its slot


@dataclass(slots=True)
class DeliveryStats:
    delivered: int = 0
    blocked: int = 0
    failed: int = 0
    retried: int = 0
    retry_after: int = 0


@dataclass(slots=True)
class _Item:
    row: store.OutboxRow
    attempts: int = field(default=0)


class OutboxSender:
    """Delivers queued outbox rows; one per process, started on the dispatcher's startup."""

    def __init__(
        self,
        db: Database,
        bot: Bot,
        i18n: I18n,
        clock: Clock,
        *,
        rate: float,
        max_in_flight: int = 10,
        max_attempts: int = 5,
        batch_size: int = 500,
        backoff: float = 2.0,
        max_backoff: float = 300.0,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.db = db
        self.bot = bot
        self.i18n = i18n
        self.clock = clock
        self.rate = rate
        self.max_attempts = max_attempts
        self.batch_size = batch_size
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.stats = DeliveryStats()
        self._interval = 1.0 / rate
        self._slots = asyncio.Semaphore(max_in_flight)
        self._window: deque[float] = deque()
        self._next_slot = 0.0
        self._paused_until = 0.0
        self._chat_free_at: dict[int, float] = {}
        self._prune_at = 1024
        self._pacing = asyncio.Lock()
        self._delivering = asyncio.Lock()
        self._deferred: list[tuple[float, int, _Item]] = []
        self._sequence = itertools.count()
        self._in_flight: set[asyncio.Task[None]] = set()
        self._common: dict[int, dict[str, Any]] = {}
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    # -- lifecycle ----------------------------------------------------------------------------------

    async def start(self) -> None:
        """Resume after a restart: rows left 'sending' go again, then deliver everything queued."""
        interrupted, unfinished = await asyncio.shield(self._requeue())
        if interrupted or unfinished:
            log.info("resuming %d unfinished broadcast(s); %d message(s) were in flight", unfinished, interrupted)
        self._stopping = False
        self._wake.set()
        self._task = asyncio.create_task(self._run(), name="outbox-sender")

    async def _requeue(self) -> tuple[int, int]:
        async with self.db.transaction() as conn:
            return await store.requeue_interrupted(conn), await store.unfinished_count(conn)

    def wake(self) -> None:
        """New rows are queued: look for them now."""
        self._wake.set()

    async def stop(self) -> None:
        """Stop sending: rows in flight stay 'sending' and go again after the next start."""
        self._stopping = True
        tasks = [t for t in (self._task, *self._in_flight) if t is not None]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._task = None

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            try:
                await self.deliver_pending()
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - the sender must outlive a bad moment (e.g. a locked disk)
                log.exception("outbox delivery stopped; retrying")
                await self.clock.sleep(5)
                self._wake.set()

    # -- delivery -----------------------------------------------------------------------------------

    async def deliver_pending(self) -> DeliveryStats:
        """Send every queued row, including rows queued meanwhile; close finished broadcasts and send their reports."""
        async with self._delivering:      # one pass at a time, or rows would go twice
            while True:
                await self._pass()
                if not await self._close_finished():
                    return self.stats

    async def _pass(self) -> None:
        cursor = 0
        buffer: deque[store.OutboxRow] = deque()
        exhausted = False
        while not self._stopping:
            item = self._due_deferred()
            if item is None and not exhausted:
                if not buffer:
                    async with self.db.reading() as conn:
                        batch = await store.next_batch(conn, cursor, self.batch_size)
                    if batch:
                        cursor = batch[-1].id
                        buffer.extend(batch)
                        await self._close_finished()
                    else:
                        exhausted = True
                if buffer:
                    row = buffer.popleft()
                    item = _Item(row, row.attempts)
            if item is None:
                if not self._deferred and not self._in_flight:
                    break
                await self._wait_for_work()
                continue
            await self._dispatch(item)

    async def _dispatch(self, item: _Item) -> None:
        now = self.clock.monotonic()
        if item.row.not_before is not None:
            delay = (item.row.not_before - self.clock.now()).total_seconds()
            item.row = _without_not_before(item.row)
            if delay > 0:
                self._defer(item, now + delay)
                return
        free_at = self._chat_free_at.get(item.row.chat_id, 0.0)
        if free_at > now:
            # Sent to less than a second ago, or its earlier message is still waiting for a slot.
            self._defer(item, free_at if free_at != _RESERVED else now + PER_CHAT_INTERVAL)
            return
        await self._slots.acquire()
        self._chat_free_at[item.row.chat_id] = _RESERVED
        if len(self._chat_free_at) > self._prune_at:
            # Only chats sent to within the last second matter; forget the rest (amortised O(1)).
            self._chat_free_at = {chat: at for chat, at in self._chat_free_at.items() if at > now}
            self._prune_at = max(1024, 2 * len(self._chat_free_at))
        task = asyncio.create_task(self._send(item))
        self._in_flight.add(task)
        task.add_done_callback(self._in_flight.discard)

    async def _take_slot(self, chat_id: int) -> None:
        """Wait for the next moment a request may start: paced, within the window, not paused.

        Taken right before the request (after its row is durably 'sending'), one task at a
        time in arrival order, so what is paced is when requests really start.
        """
        async with self._pacing:
            self._chat_free_at[chat_id] = await self._next_start() + PER_CHAT_INTERVAL

    async def _next_start(self) -> float:
        while True:
            now = self.clock.monotonic()
            while self._window and now - self._window[0] >= WINDOW:
                self._window.popleft()
            at = max(self._next_slot, self._paused_until)
            if len(self._window) >= self.rate:
                at = max(at, self._window[0] + WINDOW)
            if at > now:
                await self.clock.sleep(at - now)
                continue
            # Keep the schedule when a little late (no drift); start afresh after idling.
            self._next_slot = (at if now - at < self._interval else now) + self._interval
            self._window.append(now)
            return now

    async def _record(self, change: Callable[[sqlite3.Connection], None]) -> None:
        """Apply a row state change durably (the database commits it with whatever else is waiting).

        A sender cancelled while waiting does not stop it: it is committed all the same.
        """
        await self.db.run(change)

    async def _send(self, item: _Item) -> None:
        try:
            await self._record(partial(store.mark_sending, row=item.row, at=self.clock.now()))
            method = await self._method(item.row)
            await self._take_slot(item.row.chat_id)
            await self._attempt(item, method)
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - the database could not record a state: the row stays pending
            log.exception("outbox row %s: could not record its state; trying again later", item.row.id)
            self._chat_free_at.pop(item.row.chat_id, None)
            self._defer(item, self.clock.monotonic() + self.backoff)
        finally:
            self._slots.release()

    async def _attempt(self, item: _Item, method: TelegramMethod[Any]) -> None:
        row = item.row
        try:
            await self.bot(method)
        except TelegramRetryAfter as error:
            self.stats.retry_after += 1
            self._paused_until = max(self._paused_until, self.clock.monotonic() + error.retry_after)
            log.warning("Telegram asked to slow down: pausing all sending for %s s", error.retry_after)
            self._defer(item, self._paused_until)
            return
        except TelegramForbiddenError as error:
            self.stats.blocked += 1
            await self._record(partial(store.mark_blocked, row=row, at=self.clock.now(), error=error.message[:200]))
            return
        except TelegramBadRequest as error:
            # Telegram refused this message as such (chat gone, bad file): sending it again cannot help.
            self.stats.failed += 1
            log.warning("outbox row %s refused: %s", row.id, error.message)
            await self._record(partial(
                store.mark_failed, row=row, at=self.clock.now(), attempts=item.attempts + 1, error=error.message[:200]
            ))
            return
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001 - network, server or file trouble: retried, then failed
            await self._retry_later(item, error)
            return
        self.stats.delivered += 1
        await self._record(partial(store.mark_delivered, row=row, at=self.clock.now()))

    async def _retry_later(self, item: _Item, error: Exception) -> None:
        item.attempts += 1
        message = f"{type(error).__name__}: {error}"[:200]
        if item.attempts >= self.max_attempts:
            self.stats.failed += 1
            log.warning("outbox row %s failed after %d attempts: %s", item.row.id, item.attempts, message)
            await self._record(
                partial(store.mark_failed, row=item.row, at=self.clock.now(), attempts=item.attempts, error=message)
            )
            return
        self.stats.retried += 1
        delay = min(self.max_backoff, self.backoff * 2 ** (item.attempts - 1))
        now = self.clock.now()
        await self._record(partial(
            store.mark_retry, row=item.row, at=now, attempts=item.attempts, error=message,
            not_before=now + timedelta(seconds=delay),
        ))
        self._defer(item, self.clock.monotonic() + delay)

    def _defer(self, item: _Item, due: float) -> None:
        heapq.heappush(self._deferred, (due, next(self._sequence), item))

    def _due_deferred(self) -> _Item | None:
        if self._deferred and self._deferred[0][0] <= self.clock.monotonic():
            return heapq.heappop(self._deferred)[2]
        return None

    async def _wait_for_work(self) -> None:
        """Until a deferred row is due or a request in flight finishes."""
        waiters: set[asyncio.Future[Any]] = set(self._in_flight)
        sleeper = None
        if self._deferred:
            sleeper = asyncio.ensure_future(self.clock.sleep(self._deferred[0][0] - self.clock.monotonic()))
            waiters.add(sleeper)
        if not waiters:
            return
        try:
            await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
        finally:
            if sleeper is not None and not sleeper.done():
                sleeper.cancel()

    async def _method(self, row: store.OutboxRow) -> TelegramMethod[Any]:
        common = self._common.get(row.broadcast_id)
        if common is None:
            async with self.db.reading() as conn:
                common = json.loads(await store.broadcast_payload(conn, row.broadcast_id))
            if len(self._common) > 256:
                self._common.clear()
            self._common[row.broadcast_id] = common
        payload = {**common, **(json.loads(row.payload) if row.payload else {})}
        return build_method(self.i18n, row.chat_id, payload)

    async def _close_finished(self) -> bool:
        """Close finished broadcasts; True when that queued reports to send."""
        work = asyncio.ensure_future(close_finished(self.db, self.i18n, now=self.clock.now()))
        return bool(await asyncio.shield(work))


def build_method(i18n: I18n, chat_id: int, payload: dict[str, Any]) -> TelegramMethod[Any]:
    """The Bot API call an outbox payload stands for."""
    method = payload.get("method", "sendMessage")
    text = message_text(i18n, payload)
    if method == "sendMessage":
        return SendMessage(chat_id=chat_id, text=text or "")
    if method == "sendPhoto":
        photo = payload.get("photo") or FSInputFile(payload["photo_path"])
        return SendPhoto(chat_id=chat_id, photo=photo, caption=text)
    if method == "sendDocument":
        document = payload.get("document") or FSInputFile(payload["document_path"], filename=payload.get("filename"))
        return SendDocument(chat_id=chat_id, document=document, caption=text)
    raise ValueError(f"unknown outbox method {method!r}")


def _without_not_before(row: store.OutboxRow) -> store.OutboxRow:
    return store.OutboxRow(row.id, row.broadcast_id, row.chat_id, row.member_id, row.payload, row.attempts, None)
