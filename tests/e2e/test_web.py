"""The web side of the real bot process: on by default beside polling, on the webhook's listener in webhook mode."""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import pytest
from aiohttp import ClientSession

from tests.e2e.conftest import ADMIN_ID
from tests.e2e.test_webhook import SECRET, free_port
from tests.support.emulator import BotAPIEmulator
from tests.support.journeys import newcomer

pytestmark = pytest.mark.e2e


async def fetch(url: str) -> tuple[int, str]:
    async with ClientSession() as session, session.get(url) as response:
        return response.status, await response.text()


async def test_the_bot_serves_the_public_rating_beside_polling_and_links_to_it(
    bot_factory: Any, emulator: BotAPIEmulator
) -> None:
    port = free_port()
    await bot_factory(WEB_LISTEN=f"127.0.0.1:{port}", PUBLIC_URL=f"http://127.0.0.1:{port}")
    anna = await newcomer(emulator, 501, "Анна")
    status, html = await fetch(f"http://127.0.0.1:{port}/")
    assert status == 200
    assert "Рейтинг кампании Зима" in html and "Анна" in html
    await anna.send("/privacy")
    shown = await anna.wait_message("Публичный рейтинг открыт всем")
    assert f"http://127.0.0.1:{port}" in shown.text


async def test_in_webhook_mode_one_listener_serves_the_webhook_and_the_pages(bot_factory: Any) -> None:
    port = free_port()
    await bot_factory(
        WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram/updates", WEBHOOK_SECRET=SECRET,
        WEBHOOK_LISTEN=f"127.0.0.1:{port}", WEB_LISTEN="127.0.0.1:8080",
    )
    status, html = await fetch(f"http://127.0.0.1:{port}/rating")
    assert status == 200 and "Рейтинг кампании Зима" in html
    status, _ = await fetch(f"http://127.0.0.1:{port}/healthz")
    assert status == 200


async def test_a_taken_web_port_stops_the_start_with_one_line(bot_factory: Any) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        bot = await bot_factory(start=False, WEB_LISTEN=f"127.0.0.1:{port}")
        result = await asyncio.to_thread(bot.cli, "run")
    assert result.returncode == 2
    assert f"WEB_LISTEN: cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.browser
async def test_a_coordinator_signs_in_with_the_link_the_bot_sent_and_approves_a_post(
    bot_factory: Any, emulator: BotAPIEmulator
) -> None:
    from tests.web.conftest import PHONE, chromium

    port = free_port()
    bot = await bot_factory(start=False, campaign=False, WEB_LISTEN=f"127.0.0.1:{port}",
                            PUBLIC_URL=f"http://127.0.0.1:{port}")
    created = bot.cli("campaign", "create", "--name", "Зима", "--start", "2020-01-01", "--end", "2099-12-31",
                      "--moderation", "manual")
    assert created.returncode == 0, created.stdout + created.stderr
    await bot.start()
    olga = await newcomer(emulator, 601, "Ольга")
    await olga.send("https://vk.com/wall-1_77")
    await olga.wait_message("Координатор проверит пост")

    admin = emulator.user(ADMIN_ID, "Админ")
    await admin.send("/web")
    link = (await admin.wait_message("/dash/signin/")).text
    url = next(word for word in link.split() if "/dash/signin/" in word)

    async with chromium() as browser:
        page = await browser.new_page(viewport=PHONE, locale="ru-RU")
        await page.goto(url)
        await page.click("#signin")
        await page.wait_for_url(f"http://127.0.0.1:{port}/dash")
        assert "Ждут проверки: 1 пост" in await page.inner_text("main")
        await page.click("text=Проверка постов")
        card = page.locator("article.post", has_text="https://vk.com/wall-1_77")
        assert "Ольга" in await card.inner_text()
        await card.locator("button.approve").click()
        assert "Пост засчитан, участник получил сообщение." in await page.inner_text("main")
        # The link was good once.
        again = await browser.new_page(locale="ru-RU")
        await again.goto(url)
        await again.click("#signin")
        assert "уже использована или устарела" in await again.inner_text("main")
    told = await olga.wait_message("Ваш пост проверен и засчитан")
    assert "+1 балл" in told.text
