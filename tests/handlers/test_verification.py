"""Verified moderation through the dispatcher, the real SQLite and the fake networks on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.model import GrantedRole
from bot.runtime.app import App
from bot.runtime.config import Settings
from handlers.points_admin import ModerationAction, ModerationButton
from storage.db import fetch_value
from tests.fake_networks import FakeNetworks, TgPost, VkPost
from tests.handlers.test_points import COORDINATOR, units_of
from tests.support import updates
from tests.support.chat import feed, last_text, texts_to
from tests.support.factories import NewMember, grant

MATERIAL_POST = "https://vk.com/wall-1000_1"


@pytest.fixture
async def fake() -> AsyncIterator[FakeNetworks]:
    async with FakeNetworks(hang=3) as networks:
        yield networks


@pytest.fixture
def settings(settings: Settings, fake: FakeNetworks) -> Settings:  # noqa: F811 - the shared one, pointed at the fake
    env = fake.env()
    return settings.model_copy(update={
        "vk_api_url": env["VK_API_URL"], "tme_url": env["TME_URL"], "verify_web_base_url": env["VERIFY_WEB_BASE_URL"],
        "vk_service_token": __import__("pydantic").SecretStr(env["VK_SERVICE_TOKEN"]), "verify_timeout": 1.0,
    })


async def verified_campaign(app: App, *, hashtag: str | None = "ВВЕРХ", owner_linked: bool = False) -> None:
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE campaigns SET moderation = 'verified', owner_must_be_linked = ?", (owner_linked,))
        await conn.execute(
            "INSERT INTO materials(campaign_id, scope_kind, scope_id, title, body, link, hashtag, created_by,"
            " created_at) VALUES (1, 'all', 0, 'Зимний марафон', '', ?, ?, ?, ?)",
            (MATERIAL_POST, hashtag, COORDINATOR, app.clock.now().isoformat()),
        )
    app.dp["campaigns"].forget()


def said(app: App, chat_id: int) -> list[str]:
    """What the member was told, without the question which material a post shared."""
    return [text for text in texts_to(app, chat_id) if not text.startswith("Каким материалом")]


async def settle(app: App) -> None:
    await app.verifier.settle_due()
    await app.outbox.deliver_pending()


async def test_a_real_repost_is_paid_once_and_an_invented_link_never(
    new_member: NewMember, app: App, fake: FakeNetworks
) -> None:
    await verified_campaign(app)
    anna = await new_member(100, "Анна")
    repost = fake.add_vk(VkPost(owner_id=555, id=7, text="Поддерживаю!", reposts=[(-1000, 1)]))
    await feed(app, updates.text(100, repost))
    assert said(app, 100)[-1].startswith("🔎 Ссылка принята, пост проверяется")
    assert await units_of(app, anna) == 0
    await feed(app, updates.text(100, "/me"))
    assert "🔎 На проверке: 1 пост" in said(app, 100)[-1]

    await settle(app)
    assert said(app, 100)[-1] == f"✅ Пост проверен и засчитан: +1 балл.\n{repost}"
    assert await units_of(app, anna) == 10
    await settle(app)                                      # nothing due any more: paid once
    await feed(app, updates.text(100, repost))             # sent again: the same post
    await settle(app)
    assert await units_of(app, anna) == 10

    await feed(app, updates.text(100, "https://vk.com/wall-987654321_5"))   # invented
    await settle(app)
    assert said(app, 100)[-1] == (
        "❌ Пост не засчитан после проверки: пост недоступен или удалён.\nhttps://vk.com/wall-987654321_5"
    )
    assert await units_of(app, anna) == 10
    assert fake.requests["vk"] == 2


@pytest.mark.parametrize(("post", "expected"), [
    (VkPost(owner_id=555, id=1, text="Иду на марафон #вверх"), "✅ Пост проверен и засчитан"),
    (VkPost(owner_id=555, id=2, text="Смотрите", links=[MATERIAL_POST]), "✅ Пост проверен и засчитан"),
    (VkPost(owner_id=555, id=3, text="Просто котик"), "❌ Пост не засчитан после проверки: пост не с материалом"),
    (VkPost(owner_id=555, id=4, behaviour="private"), "❌ Пост не засчитан после проверки: пост недоступен"),
    (VkPost(owner_id=555, id=5, behaviour="deleted"), "❌ Пост не засчитан после проверки: пост недоступен"),
])
async def test_vk_posts_are_judged_by_what_vk_answers(
    new_member: NewMember, app: App, fake: FakeNetworks, post: VkPost, expected: str
) -> None:
    await verified_campaign(app)
    await new_member(100, "Анна")
    await feed(app, updates.text(100, fake.add_vk(post)))
    await settle(app)
    assert said(app, 100)[-1].startswith(expected)


async def test_telegram_posts_are_checked_through_the_public_widget(
    new_member: NewMember, app: App, fake: FakeNetworks
) -> None:
    await verified_campaign(app, hashtag=None)
    anna = await new_member(100, "Анна")
    forwarded = fake.add_tg(TgPost("anna_channel", 3, forwarded_from="https://vk.com/wall-1000_1"))
    linked = fake.add_tg(TgPost("anna_channel", 4, text="Все на марафон", links=["https://m.vk.com/wall-1000_1?x=1"]))
    unrelated = fake.add_tg(TgPost("anna_channel", 5, text="Погода"))
    for url in (forwarded, linked, unrelated, "https://t.me/anna_channel/404"):
        await feed(app, updates.text(100, url))
    await settle(app)
    told = said(app, 100)[-4:]
    assert sum(text.startswith("✅ Пост проверен и засчитан") for text in told) == 2
    assert f"❌ Пост не засчитан после проверки: пост не с материалом кампании.\n{unrelated}" in told
    assert "❌ Пост не засчитан после проверки: пост недоступен или удалён.\nhttps://t.me/anna_channel/404" in told
    assert await units_of(app, anna) == 20


async def test_an_owner_rule_needs_the_post_on_a_linked_profile(
    new_member: NewMember, app: App, fake: FakeNetworks
) -> None:
    await verified_campaign(app, owner_linked=True)
    await new_member(100, "Анна")
    foreign = fake.add_vk(VkPost(owner_id=777, id=1, text="#вверх"))
    own = fake.add_vk(VkPost(owner_id=555, id=2, text="#вверх", screen_name="anna_p"))
    await feed(app, updates.text(100, foreign))
    await settle(app)
    assert said(app, 100)[-1].startswith("❌ Пост не засчитан после проверки: это не ваш пост.")
    async with app.db.transaction() as conn:
        await conn.execute(
            "INSERT INTO linked_profiles(member_id, network, key, linked_at) VALUES (1, 'vk', 'anna_p', '')"
        )
    await feed(app, updates.text(100, own))
    await settle(app)
    assert said(app, 100)[-1].startswith("✅ Пост проверен и засчитан")


async def test_an_outage_is_retried_then_handed_to_the_coordinators_with_the_member_told(
    new_member: NewMember, app: App, fake: FakeNetworks
) -> None:
    await verified_campaign(app)
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    anna = await new_member(100, "Анна")
    url = fake.add_vk(VkPost(owner_id=555, id=9, text="#вверх"))
    fake.down = True
    await feed(app, updates.text(100, url), updates.text(COORDINATOR, "/moderate"))
    assert last_text(app, COORDINATOR) == "✅ Непроверенных постов нет."          # still with the verifier
    await settle(app)
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT attempts FROM verifications") == 1
    for _ in range(12):                                   # six hours of backoff
        app.clock.advance(timedelta(minutes=31))
        await settle(app)
    assert said(app, 100)[-1] == (
        f"🔎 Соцсеть долго не отвечала, поэтому пост посмотрит координатор. Баллы придут после проверки.\n{url}"
    )
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT status FROM verifications") == "handed_over"
        post_id = await fetch_value(conn, "SELECT id FROM posts")
    fake.down = False
    await settle(app)
    assert await units_of(app, anna) == 0                # nothing checks it behind the coordinator's back
    await feed(app, updates.text(COORDINATOR, "/moderate"))
    assert url in last_text(app, COORDINATOR)
    await feed(app, updates.callback(COORDINATOR, ModerationButton(action=ModerationAction.APPROVE, p=post_id).pack()))
    assert await units_of(app, anna) == 10


async def test_timeouts_rate_limits_and_errors_are_retried_not_judged(
    new_member: NewMember, app: App, fake: FakeNetworks
) -> None:
    await verified_campaign(app)
    await new_member(100, "Анна")
    for index, behaviour in enumerate(("timeout", "rate_limit", "error"), start=1):
        await feed(app, updates.text(100, fake.add_vk(VkPost(owner_id=555, id=index, behaviour=behaviour))))
    await settle(app)
    async with app.db.reading() as conn:
        rows = await conn.execute_fetchall("SELECT status, attempts FROM verifications ORDER BY post_id")
    assert [tuple(r) for r in rows] == [("waiting", 1)] * 3
    assert said(app, 100)[-1].startswith("🔎 Ссылка принята")


async def test_without_a_vk_key_vk_posts_go_to_the_coordinators(
    new_member: NewMember, app: App, fake: FakeNetworks
) -> None:
    app.verifier.settings = app.verifier.settings.model_copy(update={"vk_service_token": None})
    await verified_campaign(app)
    await new_member(100, "Анна")
    url = fake.add_vk(VkPost(owner_id=555, id=1, text="#вверх"))
    await feed(app, updates.text(100, url))
    await settle(app)
    assert said(app, 100)[-1].startswith("🔎 Пост посмотрит координатор: автоматическая проверка ВКонтакте")
    assert fake.requests["vk"] == 0


async def test_other_networks_must_open_and_not_be_an_error_page(
    new_member: NewMember, app: App, fake: FakeNetworks
) -> None:
    await verified_campaign(app)
    anna = await new_member(100, "Анна")
    fake.add_page("https://dzen.ru/a/good")
    fake.add_page("https://dzen.ru/a/login", body='<form><input type="password"></form>')
    await feed(app, updates.text(100, "https://dzen.ru/a/good"), updates.text(100, "https://dzen.ru/a/gone"),
               updates.text(100, "https://dzen.ru/a/login"))
    await settle(app)
    told = said(app, 100)[-3:]
    assert any(t.startswith("✅ Пост проверен и засчитан") and "dzen.ru/a/good" in t for t in told)
    assert any(t.startswith("❌ Пост не засчитан после проверки: пост недоступен") for t in told)
    assert any(t.startswith("🔎 Автоматическая проверка не дала ответа") for t in told)
    assert await units_of(app, anna) == 10


async def test_a_suspended_member_is_told_and_nothing_is_queued(
    new_member: NewMember, app: App, fake: FakeNetworks
) -> None:
    await verified_campaign(app)
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    await new_member(100, "Анна")
    await feed(app, updates.text(COORDINATOR, "/suspend 100 проверка"),
               updates.text(100, fake.add_vk(VkPost(owner_id=555, id=1, text="#вверх"))))
    assert said(app, 100)[-1] == "⛔ Вы отстранены от рейтинга, поэтому баллы за посты сейчас не начисляются."
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT COUNT(*) FROM verifications") == 0


async def test_an_admin_switches_the_campaign_to_verified_in_the_bot(
    new_member: NewMember, app: App, fake: FakeNetworks
) -> None:
    await new_member(100, "Анна")
    await feed(app, updates.text(1, "/moderation verified"))
    assert said(app, 1)[-1] == "✅ Кампания «Зима-2026»: бот проверяет каждый пост в соцсети."
    await feed(app, updates.text(100, fake.add_vk(VkPost(owner_id=555, id=1, text="#вверх"))))
    assert said(app, 100)[-1].startswith("🔎 Ссылка принята, пост проверяется")
    await feed(app, updates.text(1, "/moderation sometimes"), updates.text(COORDINATOR, "/moderation auto"))
    assert said(app, 1)[-1].startswith("Напишите так: <code>/moderation verified</code>")
    assert said(app, COORDINATOR)[-1] == "⛔ Эта команда вам недоступна."
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT details FROM audit_log WHERE action = 'set_moderation'") == (
            '{"from": "auto", "to": "verified"}'
        )
