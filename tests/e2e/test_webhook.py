"""The real bot in webhook mode: it registers its webhook with the secret, Telegram's posts reach
the members' dialogs, a request without the secret changes nothing, the supervisor's health
check answers, and an update accepted just before a SIGKILL is handled after the restart.
"""

from __future__ import annotations

import asyncio
import socket
import time
from typing import Any

import pytest
from aiohttp import ClientSession

from tests.e2e.conftest import BotProcess
from tests.support.emulator import BotAPIEmulator

SECRET = "e2e-webhook-secret_0123456789"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
async def webhook_bot(bot_factory: Any) -> BotProcess:
    port = free_port()
    return await bot_factory(  # type: ignore[no-any-return]
        WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram/updates",
        WEBHOOK_SECRET=SECRET,
        WEBHOOK_LISTEN=f"127.0.0.1:{port}",
    )


def base(bot: BotProcess) -> str:
    return "http://" + bot.env["WEBHOOK_LISTEN"]


def start_update(update_id: int, user_id: int, first_name: str) -> dict[str, Any]:
    """A member's /start as Telegram would post it."""
    sender = {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "ru"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1, "date": int(time.time()), "text": "/start", "from": sender,
            "chat": {"id": user_id, "type": "private", "first_name": first_name},
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }


def inbox_row(bot: BotProcess, update_id: int) -> tuple[Any, ...] | None:
    rows = bot.query("SELECT attempts, handled_at FROM inbox WHERE update_id = ?", (update_id,))
    return rows[0] if rows else None


async def test_the_bot_registers_its_webhook_with_the_secret_answers_members_through_it_and_reports_health(
    webhook_bot: BotProcess, emulator: BotAPIEmulator
) -> None:
    assert emulator.webhook_url == webhook_bot.env["WEBHOOK_URL"]
    assert emulator.webhook_secret == SECRET
    assert emulator.allowed_updates is not None
    assert {"message", "callback_query", "my_chat_member"} <= emulator.allowed_updates

    user = emulator.user(2001, "Анна")
    await user.send("/start")
    await user.wait_message("Добро пожаловать")
    await user.press("✅ Согласен(на)")
    cities = await user.wait_message("Выберите ваш город")
    assert "Новосибирск" in [b["text"] for row in cities.reply_markup["inline_keyboard"] for b in row]  # type: ignore[index]
    assert emulator.get_updates_calls == 0                 # nothing came by polling
    assert emulator.webhook_deliveries >= 2 and emulator.webhook_last_error is None
    assert emulator.unanswered_callbacks == 0

    async with ClientSession() as http, http.get(base(webhook_bot) + "/healthz") as response:
        assert response.status == 200
        health = await response.json()
    assert health == {"status": "ok", "waiting_updates": 0, "in_progress": 0}


async def test_a_request_without_the_right_secret_is_refused_and_changes_nothing(
    webhook_bot: BotProcess, emulator: BotAPIEmulator
) -> None:
    user = emulator.user(2002, "Борис")
    update = start_update(900_001, user.id, user.first_name)
    async with ClientSession() as http:
        for headers in ({SECRET_HEADER: "guessed-secret"}, {SECRET_HEADER: SECRET[:-1]}, {}):
            async with http.post(webhook_bot.env["WEBHOOK_URL"], json=update, headers=headers) as response:
                assert response.status == 401
        await user.expect_silence(1.0)
        assert inbox_row(webhook_bot, 900_001) is None

        # The same update with the secret is taken: it was refused for the secret alone.
        async with http.post(webhook_bot.env["WEBHOOK_URL"], json=update, headers={SECRET_HEADER: SECRET}) as response:
            assert response.status == 200
    await user.wait_message("Добро пожаловать")
    assert "without the right secret token: refused" in webhook_bot.log()


async def test_an_update_accepted_just_before_a_sigkill_is_handled_after_the_restart(
    webhook_bot: BotProcess, emulator: BotAPIEmulator
) -> None:
    user = emulator.user(2003, "Вера")
    # Telegram answers slowly now: the bot is still handling the update when it is killed.
    emulator.latency = 3.0
    async with ClientSession() as http:
        update = start_update(900_002, user.id, user.first_name)
        async with http.post(webhook_bot.env["WEBHOOK_URL"], json=update, headers={SECRET_HEADER: SECRET}) as response:
            assert response.status == 200                   # Telegram would now forget the update
    await asyncio.sleep(0.5)
    await webhook_bot.kill()
    attempts, handled_at = inbox_row(webhook_bot, 900_002) or (None, None)
    assert attempts == 1 and handled_at is None, "killed while handling the update"
    assert user.messages == []

    emulator.latency = 0.0
    await webhook_bot.start()
    await user.wait_message("Добро пожаловать")
    await user.expect_silence(1.0)
    assert len([m for m in user.messages if "Добро пожаловать" in m.text]) == 1
    deadline = time.monotonic() + 10                        # marked handled right after the answer
    while time.monotonic() < deadline:
        row = inbox_row(webhook_bot, 900_002)
        if row is not None and row[1] is not None:
            break
        await asyncio.sleep(0.05)
    assert row is not None and row[0] == 2 and row[1] is not None
