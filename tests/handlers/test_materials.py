"""Materials as actions: coordinators see shares per material by team and by day."""

from __future__ import annotations

from datetime import timedelta

from bot.runtime.app import App
from tests import updates
from tests.chat import feed, last_text
from tests.handlers.test_points import COORDINATOR, grant_coordinator, register


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


async def test_a_coordinator_sees_shares_per_material_by_team_and_day(app: App) -> None:
    await grant_coordinator(app, kind="city", scope_id=1)             # Новосибирск
    anna = await register(app, 100, "Анна", district_id=1)
    boris = await register(app, 101, "Борис", district_id=2)
    oleg = await register(app, 102, "Олег", district_id=4)             # Омск: outside the scope
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
