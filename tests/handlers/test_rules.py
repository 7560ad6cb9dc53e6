"""Rules of the rating closed after issues 11, 12 and 15, through the real dispatcher and SQLite."""

from __future__ import annotations

from bot.model import RoleGrant
from bot.runtime.app import App
from storage import ledger as ledger_store
from storage import roles as role_store
from storage.db import fetch_value
from tests.support import updates
from tests.support.chat import feed, last_text, texts_to
from tests.support.factories import NewMember

COORDINATOR = 700


async def grant_coordinator(app: App, tg_id: int = COORDINATOR, kind: str = "all", scope_id: int = 0) -> None:
    async with app.db.transaction() as conn:
        await role_store.grant(conn, RoleGrant(tg_id, "coordinator", kind, scope_id), granted_by=1,
                               now=app.clock.now())


async def units_of(app: App, member_id: int) -> int:
    async with app.db.reading() as conn:
        total = await fetch_value(conn, "SELECT COALESCE(SUM(units), 0) FROM ledger WHERE member_id = ?", (member_id,))
    return int(total)


async def set_moderation(app: App, mode: str) -> None:
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE campaigns SET moderation = ?", (mode,))
    app.dp["campaigns"].forget()


# ---------------------------------------------------------------------------
# Item 1: a post sent before it was published as a material is the campaign's original


async def test_a_post_sent_before_it_became_a_material_loses_its_point_and_the_inviters_share(
    app: App, new_member: NewMember
) -> None:
    await grant_coordinator(app)
    await set_moderation(app, "auto")
    ivan = await new_member(99, "Иван")
    anna = await new_member(100, "Анна", referrer=ivan)
    boris = await new_member(101, "Борис")
    await feed(app, updates.text(100, "https://vk.com/wall-100_2"))
    assert last_text(app, 100).startswith("✅ Пост засчитан")
    await set_moderation(app, "manual")
    await feed(app, updates.text(101, "https://t.me/vverh_news/15"))
    assert await units_of(app, anna.id) == 10 and await units_of(app, ivan.id) == 100 + 3

    await feed(app, updates.text(COORDINATOR, "/publish"),
               updates.text(COORDINATOR, "Зимний марафон\nОригинал в канале: https://t.me/s/vverh_news/15"),
               updates.text(COORDINATOR, "https://m.vk.com/wall-100_2?utm_source=x"))

    assert last_text(app, 100) == (
        "↩️ Начисление за пост https://vk.com/wall-100_2 отменено: −1 балл. Это оригинальный пост кампании:"
        " координатор опубликовал его как материал. Поделитесь материалом у себя и пришлите ссылку на свой пост."
    )
    assert last_text(app, 101) == (
        "Пост https://t.me/vverh_news/15 не будет засчитан: это оригинальный пост кампании, координатор"
        " опубликовал его как материал. Поделитесь материалом у себя и пришлите ссылку на свой пост."
    )
    told = last_text(app, COORDINATOR).splitlines()
    assert told[0].startswith("✅ Материал «Зимний марафон» опубликован")
    assert sorted(told[1:]) == sorted([
        "↩️ Этот пост раньше прислал как свой участник: Анна (https://vk.com/wall-100_2). Засчитать его нельзя,"
        " отменено баллов: 1. Участник получил сообщение.",
        "↩️ Этот пост раньше прислал как свой участник: Борис (https://t.me/vverh_news/15). Засчитать его нельзя,"
        " отменено баллов: 0. Участник получил сообщение.",
    ])
    assert await units_of(app, anna.id) == 0 and await units_of(app, ivan.id) == 100
    assert await units_of(app, boris.id) == 0
    async with app.db.reading() as conn:
        assert await ledger_store.inconsistencies(conn) == []
        assert await fetch_value(conn, "SELECT COUNT(*) FROM posts WHERE status = 'pending'") == 0
        reasons = await fetch_value(
            conn, "SELECT GROUP_CONCAT(DISTINCT reason) FROM ledger WHERE reverses_id IS NOT NULL"
        )
    assert reasons == "это оригинальный пост кампании, его опубликовали как материал"

    # The pending post no longer waits for a coordinator; publishing the same post again changes nothing.
    await feed(app, updates.text(COORDINATOR, "/moderate"))
    assert "t.me/vverh_news/15" not in last_text(app, COORDINATOR)
    sent_to_anna = len(texts_to(app, 100))
    await feed(app, updates.text(COORDINATOR, "/publish"),
               updates.text(COORDINATOR, "Ещё раз\nhttps://vk.com/wall-100_2"),
               updates.text(COORDINATOR, "https://t.me/vverh_news/15"))
    assert last_text(app, COORDINATOR).startswith("✅ Материал «Ещё раз» опубликован")
    assert len(last_text(app, COORDINATOR).splitlines()) == 1
    assert len(texts_to(app, 100)) == sent_to_anna
    assert await units_of(app, anna.id) == 0 and await units_of(app, ivan.id) == 100
