"""Materials as actions: coordinators see shares per material by team and by day."""

from __future__ import annotations

from datetime import timedelta

from bot.model import GrantedRole, NotificationTopic, ScopeKind
from bot.runtime.app import App
from handlers.meetings import SettingsButton
from tests.handlers.test_meeting_notices import sent_to
from tests.handlers.test_points import COORDINATOR
from tests.support import updates
from tests.support.chat import feed, last_text
from tests.support.factories import NewMember, grant


async def material(app: App, title: str) -> int:
    async with app.db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO materials(campaign_id, scope_kind, scope_id, title, created_by, created_at)"
            " VALUES (1, 'all', 0, ?, ?, ?)", (title, COORDINATOR, app.clock.now().isoformat()),
        )
    app.dp["campaigns"].forget()
    return int(cursor.lastrowid)


async def shared(app: App, member_id: int, material_id: int, url: str, status: str = "approved") -> None:
    async with app.db.transaction() as conn:
        await conn.execute(
            "INSERT INTO posts(campaign_id, member_id, material_id, url, network, status, local_day, submitted_at)"
            " VALUES (1, ?, ?, ?, 'vk', ?, ?, ?)",
            (member_id, material_id, url, status, app.clock.today().isoformat(), app.clock.now().isoformat()),
        )


async def test_a_coordinator_sees_shares_per_material_by_team_and_day(new_member: NewMember, app: App) -> None:
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR, ScopeKind.CITY, 1)             # Новосибирск
    anna = await new_member(100, "Анна", district_id=1)
    boris = await new_member(101, "Борис", district_id=2)
    oleg = await new_member(102, "Олег", district_id=4)             # Омск: outside the scope
    marathon = await material(app, "Зимний марафон")
    await shared(app, anna.id, marathon, "https://vk.com/wall1_1")
    app.clock.advance(timedelta(days=1))
    await shared(app, anna.id, marathon, "https://vk.com/wall1_2")
    await shared(app, boris.id, marathon, "https://vk.com/wall1_3")
    await shared(app, boris.id, marathon, "https://vk.com/wall1_4", status="rejected")
    await shared(app, oleg.id, marathon, "https://vk.com/wall1_5")
    await material(app, "Встреча с депутатом")

    await feed(app, updates.text(COORDINATOR, "/materials"))
    assert last_text(app, COORDINATOR) == (
        "📣 <b>Встреча с депутатом</b> · поделились: 0\n"
        "По дням: 05.12: 0 · 06.12: 0 · 07.12: 0 · 08.12: 0 · 09.12: 0 · 10.12: 0 · 11.12: 0\n\n"
        "📣 <b>Зимний марафон</b> · поделились: 3\n"
        "По командам: Центральный 2, Ленинский 1\n"
        "По дням: 05.12: 0 · 06.12: 0 · 07.12: 0 · 08.12: 0 · 09.12: 0 · 10.12: 1 · 11.12: 2"
    )


async def test_members_see_how_many_shared_a_material_with_its_hashtag_and_original(
    new_member: NewMember, app: App
) -> None:
    anna = await new_member(100, "Анна")
    marathon = await material(app, "Зимний марафон")
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE materials SET link = 'https://vk.com/wall-1000_1', hashtag = 'ВВЕРХ' WHERE id = ?",
                           (marathon,))
        await conn.executemany(
            "INSERT INTO posts(campaign_id, member_id, material_id, url, network, status, local_day, submitted_at)"
            " VALUES (1, ?, ?, ?, 'vk', 'approved', '2026-12-10', '2026-12-10T09:00:00+00:00')",
            [(anna.id, marathon, f"https://vk.com/wall1_{n}") for n in range(2743)],
        )
    await feed(app, updates.text(100, "/post"))
    assert last_text(app, 100) == (
        "<b>Зимний марафон</b>\nОригинал для репоста: https://vk.com/wall-1000_1\nХештег в посте: #ВВЕРХ\n"
        "Поделились: 2\u00a0743"
    )


async def test_a_published_materials_steps_and_hashtag_are_what_the_verifier_checks(app: App) -> None:
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    await feed(app, updates.text(COORDINATOR, "/publish"),
               updates.text(COORDINATOR, "Зимний марафон\n1. Сделайте репост\n2. Добавьте #ВВЕРХ"),
               updates.text(COORDINATOR, "https://vk.com/wall-100_2"))
    async with app.db.reading() as conn:
        row = await conn.execute_fetchall("SELECT steps, hashtag, link FROM materials")
    assert tuple(row[0]) == ('["Сделайте репост", "Добавьте #ВВЕРХ"]', "ВВЕРХ", "https://vk.com/wall-100_2")


async def test_a_new_material_is_announced_to_the_members_who_want_it(new_member: NewMember, app: App) -> None:
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR, ScopeKind.DISTRICT, 1)
    await new_member(100, "Анна")
    await new_member(101, "Борис")
    await new_member(102, "Глеб", district_id=2)
    await feed(app, updates.text(101, "/settings"),
               updates.callback(101, SettingsButton(topic=NotificationTopic.NEW_MATERIALS).pack()))
    await feed(app, updates.text(COORDINATOR, "/publish"),
               updates.text(COORDINATOR, "Зимний марафон\n1. Сделайте репост"),
               updates.text(COORDINATOR, "https://vk.com/wall-100_2"))
    await app.outbox.deliver_pending()

    news = "📣 Новый материал, чтобы поделиться: <b>Зимний марафон</b>\n" \
           "Откройте /post: там шаги и ссылка на оригинал. Отключить такие сообщения — /settings."
    assert [m.text for m in sent_to(app, 100)] == [news]
    assert news not in [m.text for m in sent_to(app, 101)]              # turned it off in /settings
    assert sent_to(app, 102) == []                                      # outside the material's district
    assert news not in [m.text for m in sent_to(app, COORDINATOR)]      # the publisher knows already
