"""Verified posts, fraud signals and suspension end to end: the real bot process, the Bot API
emulator and the fake networks (VK API, Telegram widget) on 127.0.0.1."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator

import pytest

from tests.e2e.conftest import BotProcess
from tests.fake_networks import FakeNetworks, TgPost, VkPost
from tests.support.emulator import BotAPIEmulator
from tests.support.journeys import invite_payload, newcomer, rating, seen

MATERIAL_POST = "https://vk.com/wall-1000_1"
ADMIN = 1


@pytest.fixture
async def fake() -> AsyncIterator[FakeNetworks]:
    async with FakeNetworks(hang=5) as networks:
        yield networks


async def verified_bot(bot_factory, fake: FakeNetworks) -> BotProcess:  # noqa: ANN001
    bot: BotProcess = await bot_factory(
        start=False, campaign=False, **fake.env(), VERIFY_RETRY_HOURS="0.002", VERIFY_RETRY_FIRST_SECONDS="0.5",
        VERIFY_TIMEOUT="2",
    )
    created = bot.cli("campaign", "create", "--name", "Зима", "--start", "2020-01-01", "--end", "2099-12-31",
                      "--moderation", "verified")
    assert created.returncode == 0, created.stderr
    conn = sqlite3.connect(bot.database)
    with conn:
        conn.execute(
            "INSERT INTO materials(campaign_id, scope_kind, scope_id, title, link, hashtag, created_by, created_at)"
            " VALUES (1, 'all', 0, 'Зимний марафон', ?, 'ВВЕРХ', 1, '2026-12-01T00:00:00+00:00')", (MATERIAL_POST,),
        )
    conn.close()
    await bot.start()
    return bot


async def test_an_invented_link_is_refused_a_real_repost_is_paid_once_and_an_outage_reaches_a_coordinator(
    bot_factory, emulator: BotAPIEmulator, fake: FakeNetworks  # noqa: ANN001
) -> None:
    bot = await verified_bot(bot_factory, fake)
    anna = await newcomer(emulator, 4001, "Анна")

    await anna.send("https://vk.com/wall-987654321_5")
    assert (await anna.wait_message("Ссылка принята")).text.startswith("🔎 Ссылка принята, пост проверяется")
    refused = await anna.wait_message("Пост не засчитан")
    assert refused.text == (
        "❌ Пост не засчитан после проверки: пост недоступен или удалён.\nhttps://vk.com/wall-987654321_5"
    )

    repost = fake.add_vk(VkPost(owner_id=4001, id=17, text="Я с вами!", reposts=[(-1000, 1)]))
    await anna.send(repost)
    counted = await anna.wait_message("Пост проверен")
    assert counted.text == f"✅ Пост проверен и засчитан: +1 балл.\n{repost}"
    await anna.send(repost)
    assert (await anna.wait_message("уже присылали")).text.startswith("Вы уже присылали этот пост")
    assert bot.query("SELECT COUNT(*), SUM(units) FROM ledger WHERE kind = 'post'") == [(1, 10)]
    assert fake.requests["vk"] == 2

    fake.down = True
    channel_post = fake.add_tg(TgPost("anna_channel", 5, forwarded_from=MATERIAL_POST))
    await anna.send(channel_post)
    told = await anna.wait_message("Соцсеть долго не отвечала", timeout=30)
    assert told.text == (
        "🔎 Соцсеть долго не отвечала, поэтому пост посмотрит координатор. Баллы придут после проверки."
        f"\n{channel_post}"
    )
    assert fake.requests["telegram"] >= 3                 # retried with backoff before handing over
    admin = emulator.user(ADMIN, "Админ")
    await admin.send("/moderate")
    card = await admin.wait_message(channel_post)
    assert "Анна" in card.text
    await admin.press("✅")
    assert (await anna.wait_message("проверен и засчитан")).text.startswith("✅ Ваш пост проверен и засчитан")
    assert bot.query("SELECT COUNT(*) FROM ledger WHERE kind = 'post'") == [(2,)]


async def test_a_referral_farm_is_flagged_in_flags_and_the_digest_and_a_suspension_is_lifted(
    bot: BotProcess, emulator: BotAPIEmulator
) -> None:
    anna = await newcomer(emulator, 4001, "Анна")
    payload = await invite_payload(anna)
    for n in range(6):
        await newcomer(emulator, 5001 + n, f"Бот{n + 1}", start=f"/start {payload}")
    vera = await newcomer(emulator, 4003, "Вера")
    assert "1. Анна (Ленинский) — 60" in await rating(vera)

    admin = emulator.user(ADMIN, "Админ")
    await admin.send("/flags")
    card = await admin.wait_message("Всплеск приглашений")
    assert "Анна привёл(а) 6 человек за сутки" in seen(card)
    assert "Бот1, Бот2, Бот3, Бот4, Бот5, Бот6" in seen(card)
    await admin.send("/digest")
    digest = await admin.wait_message("сигналы о накрутке")
    assert "Открытые сигналы о накрутке: 1 (/flags)" in seen(digest)

    await admin.press("⛔ Отстранить")                    # the second tap
    told = await anna.wait_message("отстранил")
    assert "Причина: всплеск приглашений." in told.text
    board = await rating(vera)
    assert "Анна" not in board and "места в рейтинге нет" in board, board
    await admin.send("/unsuspend 4001")
    await admin.wait_message("снова участвует")
    assert "1. Анна (Ленинский) — 60" in await rating(vera)
    actions = [row[0] for row in bot.query("SELECT action FROM audit_log ORDER BY id")]
    assert actions == ["suspend", "unsuspend"]
