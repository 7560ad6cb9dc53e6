"""Webhook mode in process: the real aiohttp app on 127.0.0.1, the real dispatcher and SQLite inbox."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from aiogram.methods import SendMessage
from aiohttp.test_utils import TestClient, TestServer
from pydantic import SecretStr

from bot.runtime.app import App, build_app
from bot.runtime.config import Settings
from bot.runtime.webhook import KEEP_HANDLED, MAX_ATTEMPTS, SECRET_HEADER, InboxWorker, build_web_app
from scheduler.clock import FrozenClock
from storage import inbox
from storage.db import fetch_value
from tests.support import updates
from tests.support.session import MockedBot

SECRET = "s3cret_Token-for-the-webhook"
PATH = "/tg/hook"


@dataclass
class Webhook:
    app: App
    worker: InboxWorker
    client: TestClient

    async def post(self, update: Any, secret: str | None = SECRET) -> int:
        body = update.model_dump_json(exclude_none=True) if hasattr(update, "model_dump_json") else update
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers[SECRET_HEADER] = secret
        response = await self.client.post(PATH, data=body, headers=headers)
        return response.status

    async def settled(self) -> None:
        """Wait until the worker has handled everything in the inbox."""
        for _ in range(500):
            async with self.app.db.reading() as conn:
                waiting = await inbox.count_pending(conn)
            if waiting == 0 and self.worker.in_progress == 0:
                return
            await asyncio.sleep(0.01)
        raise AssertionError("the inbox did not drain")

    def texts_to(self, chat_id: int) -> list[str]:
        return [
            m.text for m in self.app.bot.session.requests  # type: ignore[attr-defined]
            if isinstance(m, SendMessage) and m.chat_id == chat_id
        ]


def webhook_settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={"webhook_url": f"https://bot.example.org{PATH}", "webhook_secret": SecretStr(SECRET)}
    )


async def open_webhook(settings: Settings, clock: FrozenClock, *, start_worker: bool = True) -> Webhook:
    app = await build_app(webhook_settings(settings), clock=clock, bot=MockedBot())
    worker = InboxWorker(db=app.db, dp=app.dp, bot=app.bot, clock=clock, concurrency=20)
    if start_worker:
        await worker.start()
    client = TestClient(TestServer(build_web_app(settings=app.settings, db=app.db, clock=clock, worker=worker)))
    await client.start_server()
    return Webhook(app, worker, client)


async def close_webhook(hook: Webhook) -> None:
    await hook.client.close()
    await hook.worker.stop(grace=5)
    await hook.app.close()


@pytest.fixture
async def hook(settings: Settings, clock: FrozenClock, seeded_db) -> AsyncIterator[Webhook]:  # noqa: ANN001
    opened = await open_webhook(settings, clock)
    try:
        yield opened
    finally:
        await close_webhook(opened)


def rows_on_disk(settings: Settings) -> list[tuple[int, str | None]]:
    """What another process (or the bot after a crash) would find in the inbox file."""
    conn = sqlite3.connect(settings.database_path)
    try:
        return [tuple(r) for r in conn.execute("SELECT update_id, handled_at FROM inbox ORDER BY update_id")]
    finally:
        conn.close()


async def test_requests_without_the_right_secret_are_refused_and_nothing_is_handled(hook: Webhook) -> None:
    assert await hook.post(updates.text(500, "/start"), secret=None) == 401
    assert await hook.post(updates.text(500, "/start"), secret="wrong") == 401
    assert await hook.post(updates.text(500, "/start"), secret=SECRET + "x") == 401
    await hook.settled()
    assert hook.app.bot.session.requests == []  # type: ignore[attr-defined]
    async with hook.app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT COUNT(*) FROM inbox") == 0


async def test_an_update_with_the_secret_is_answered(hook: Webhook) -> None:
    assert await hook.post(updates.text(500, "/start")) == 200
    await hook.settled()
    assert any("Добро пожаловать" in text for text in hook.texts_to(500))


async def test_garbage_with_the_right_secret_gets_400_not_a_crash(hook: Webhook) -> None:
    assert await hook.post("not json at all") == 400
    assert await hook.post(json.dumps({"message": {"text": "no update id"}})) == 400
    assert await hook.post(json.dumps([1, 2, 3])) == 400
    assert await hook.post(updates.text(501, "/start")) == 200
    await hook.settled()
    assert any("Добро пожаловать" in text for text in hook.texts_to(501))


async def test_an_update_id_beyond_64_bits_gets_400_not_500(hook: Webhook) -> None:
    # Issue 11, hole 14: SQLite cannot hold it; this was a 500 and a traceback.
    for update_id in (2**64, 2**63, -1):
        assert await hook.post(json.dumps({"update_id": update_id, "message": {"text": "x"}})) == 400
    async with hook.app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT COUNT(*) FROM inbox") == 0


async def test_the_same_update_delivered_again_is_handled_once(hook: Webhook) -> None:
    update = updates.text(502, "/start")
    statuses = await asyncio.gather(*(hook.post(update) for _ in range(5)))
    assert statuses == [200] * 5
    await hook.settled()
    assert await hook.post(update) == 200  # a late redelivery, after it was handled
    await hook.settled()
    assert sum("Добро пожаловать" in text for text in hook.texts_to(502)) == 1


async def test_handled_updates_are_forgotten_after_two_days_even_on_a_quiet_bot(
    hook: Webhook, settings: Settings, clock: FrozenClock
) -> None:
    old = updates.contact(505, "+79991234567")          # what people send: names, phone numbers
    assert await hook.post(old) == 200
    await hook.settled()
    clock.advance(KEEP_HANDLED + timedelta(minutes=1))
    recent = updates.text(505, "/help")
    assert await hook.post(recent) == 200                # one update, far from a thousand
    await hook.settled()
    assert [update_id for update_id, _ in rows_on_disk(settings)] == [recent.update_id]


async def test_an_update_stored_before_a_crash_is_handled_after_the_restart(
    settings: Settings, clock: FrozenClock, seeded_db  # noqa: ANN001
) -> None:
    first = await open_webhook(settings, clock, start_worker=False)  # it "crashes" before handling anything
    try:
        assert await first.post(updates.text(503, "/start")) == 200
        # Telegram has its 200: the update is on disk, unhandled.
        [(_, handled)] = rows_on_disk(settings)
        assert handled is None
    finally:
        await close_webhook(first)
    assert first.texts_to(503) == []

    second = await open_webhook(settings, clock)
    try:
        await second.settled()
        assert any("Добро пожаловать" in text for text in second.texts_to(503))
        assert all(handled is not None for _, handled in rows_on_disk(settings))
    finally:
        await close_webhook(second)


async def test_an_update_that_kept_crashing_the_bot_is_given_up(
    settings: Settings, clock: FrozenClock, seeded_db  # noqa: ANN001
) -> None:
    poison = updates.text(504, "/start")
    async with seeded_db.transaction() as conn:
        await inbox.store(conn, poison.update_id, poison.model_dump_json(exclude_none=True), clock.now())
        for _ in range(MAX_ATTEMPTS):  # three starts, each killed while handling it
            assert [s.update_id for s in await inbox.claim(conn, limit=10, busy=set())] == [poison.update_id]
    hook = await open_webhook(settings, clock)
    try:
        await hook.settled()
        assert hook.texts_to(504) == []
        assert await hook.post(updates.text(504, "/help")) == 200  # the bot goes on with the next ones
        await hook.settled()
        assert hook.texts_to(504) != []
    finally:
        await close_webhook(hook)


async def test_health_says_ok_while_the_database_answers_and_503_when_it_does_not(hook: Webhook) -> None:
    response = await hook.client.get("/healthz")
    assert response.status == 200
    assert (await response.json())["status"] == "ok"
    await hook.app.db.close()
    response = await hook.client.get("/healthz")
    assert response.status == 503
    await hook.app.db.connect()  # so the fixture can close it cleanly
