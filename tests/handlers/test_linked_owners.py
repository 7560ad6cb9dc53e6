"""Issue 12's open end: an admin switches "a verified post must be on the member's linked profile"."""

from __future__ import annotations

from bot.runtime.app import App
from storage.db import fetch_value
from tests.fake_networks import FakeNetworks, VkPost
from tests.handlers.test_verification import fake, said, settings, settle, verified_campaign  # noqa: F401 - fixtures
from tests.support import updates
from tests.support.chat import feed, last_text
from tests.support.factories import NewMember

ADMIN = 1


async def owner_rule(app: App) -> int:
    async with app.db.reading() as conn:
        return int(await fetch_value(conn, "SELECT owner_must_be_linked FROM campaigns"))


async def test_an_admin_switches_the_linked_owner_rule_and_the_verifier_follows_it(
    app: App, fake: FakeNetworks, new_member: NewMember  # noqa: F811
) -> None:
    await verified_campaign(app)
    await new_member(100, "Анна")
    await feed(app, updates.text(ADMIN, "/linked_owners"))
    assert last_text(app, ADMIN).startswith("Напишите так: <code>/linked_owners on</code>")
    await feed(app, updates.text(100, "/linked_owners on"))              # not an admin: not switched
    assert await owner_rule(app) == 0

    await feed(app, updates.text(ADMIN, "/linked_owners on"))
    assert last_text(app, ADMIN) == (
        "✅ Кампания «Зима-2026»: при проверке пост засчитывается, только если он опубликован в профиле,"
        " который участник привязал в /me. Где ссылка не называет владельца, проверка прежняя."
    )
    assert await owner_rule(app) == 1
    await feed(app, updates.text(100, fake.add_vk(VkPost(owner_id=777, id=1, text="#вверх"))))
    await settle(app)
    assert said(app, 100)[-1].startswith("❌ Пост не засчитан после проверки: это не ваш пост.")

    await feed(app, updates.text(ADMIN, "/linked_owners off"))
    assert last_text(app, ADMIN) == "✅ Кампания «Зима-2026»: при проверке подходит пост из любого профиля."
    assert await owner_rule(app) == 0
    await feed(app, updates.text(100, fake.add_vk(VkPost(owner_id=777, id=2, text="#вверх"))))
    await settle(app)
    assert said(app, 100)[-1].startswith("✅ Пост проверен и засчитан")
    async with app.db.reading() as conn:
        audited = await fetch_value(conn, "SELECT COUNT(*) FROM audit_log WHERE action = 'set_moderation'")
    assert audited == 2
