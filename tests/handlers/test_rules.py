"""Rules of the rating closed after issues 11, 12 and 15, through the real dispatcher and SQLite."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from aiogram.methods import AnswerCallbackQuery

from bot import checkin, meetings
from bot.checkin import CheckinRefusal, Method
from bot.model import GrantedRole, Meeting, RoleGrant, ScopeKind
from bot.runtime.app import App
from bot.surveys import AudienceKind
from handlers.points_admin import ModerationAction, ModerationButton
from storage import ledger as ledger_store
from storage import roles as role_store
from storage.db import fetch_value
from tests.handlers.test_points import COORDINATOR
from tests.support import updates
from tests.support.chat import feed, last_text, requests, texts_to
from tests.support.factories import NewMember, grant


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
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
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


# ---------------------------------------------------------------------------
# Item 2: a role revoked after the permission filter read it does not act for that update


def revoke_after_the_filters(app: App, grant: RoleGrant) -> None:
    """An inner middleware runs after the router's filters passed and before the handler: the
    moment another admin's revocation may land while this update is on its way to its act."""

    async def revoke(handler: Callable[[Any, dict[str, Any]], Awaitable[Any]], event: Any, data: dict[str, Any]) -> Any:
        async with app.db.transaction() as conn:
            await role_store.revoke(conn, grant)
        return await handler(event, data)

    app.dp.message.middleware(revoke)
    app.dp.callback_query.middleware(revoke)


async def test_a_coordinator_whose_role_is_revoked_mid_update_cannot_revoke_or_approve(
    app: App, new_member: NewMember
) -> None:
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    anna = await new_member(100, "Анна")
    await set_moderation(app, "auto")
    await feed(app, updates.text(100, "https://vk.com/wall-100_2"))
    await set_moderation(app, "manual")
    await feed(app, updates.text(100, "https://vk.com/wall-100_3"))
    async with app.db.reading() as conn:
        entry = await fetch_value(conn, "SELECT id FROM ledger WHERE kind = 'post'")
        pending = await fetch_value(conn, "SELECT id FROM posts WHERE status = 'pending'")
    revoke_after_the_filters(app, RoleGrant(COORDINATOR, "coordinator", "all", 0))

    await feed(app, updates.text(COORDINATOR, f"/revoke {entry} пост удалён"))
    assert last_text(app, COORDINATOR) == f"Начисление #{entry} вне вашей зоны ответственности."
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)  # granted again; the hook takes it away once more
    await feed(app, updates.callback(COORDINATOR, ModerationButton(action=ModerationAction.APPROVE, p=pending).pack()))
    answers = [m.text for m in requests(app) if isinstance(m, AnswerCallbackQuery)]
    assert answers[-1] == "Этот пост вне вашей зоны ответственности."
    assert await units_of(app, anna.id) == 10
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT status FROM posts WHERE id = ?", (pending,)) == "pending"
        assert await fetch_value(conn, "SELECT COUNT(*) FROM ledger WHERE reverses_id IS NOT NULL") == 0
    # the queue is read with the grants held now: nothing to show
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    await feed(app, updates.text(COORDINATOR, "/moderate"))
    assert last_text(app, COORDINATOR) == "✅ Непроверенных постов нет."
    # With the role gone before the update arrives, the filters answer as they do for any member.
    await feed(app, updates.text(COORDINATOR, f"/revoke {entry} ещё раз"))
    assert "зоны ответственности" not in last_text(app, COORDINATOR)


# ---------------------------------------------------------------------------
# Item 3: a suspended member is out of "points per active member"


def team_summary(app: App, chat_id: int) -> str:
    return next(line for line in last_text(app, chat_id).splitlines() if line.startswith("Место среди команд"))


async def test_a_suspended_member_is_not_an_active_member_of_the_team(app: App, new_member: NewMember) -> None:
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    await set_moderation(app, "auto")
    await new_member(100, "Анна")
    await new_member(101, "Борис")
    await feed(app, updates.text(100, "https://vk.com/wall-100_2"))
    await feed(app, updates.text(100, "/team"))
    assert team_summary(app, 100) == "Место среди команд: 1 из 5 · 1 · на участника: 0,5 · участников: 2"

    await feed(app, updates.text(COORDINATOR, "/suspend 101 накрутка приглашений"))
    assert last_text(app, COORDINATOR).startswith("⛔ Борис отстранён(а)")
    await feed(app, updates.text(100, "/team"))
    assert team_summary(app, 100) == "Место среди команд: 1 из 5 · 1 · на участника: 1 · участников: 1"
    await feed(app, updates.text(100, "/rating"))
    assert "1. Центральный (Новосибирск) — 1 · 1" in last_text(app, 100)
    async with app.db.reading() as conn:
        assert await ledger_store.inconsistencies(conn) == []

    await feed(app, updates.text(COORDINATOR, "/unsuspend 101"))
    await feed(app, updates.text(100, "/team"))
    assert team_summary(app, 100) == "Место среди команд: 1 из 5 · 1 · на участника: 0,5 · участников: 2"
    async with app.db.reading() as conn:
        assert await ledger_store.inconsistencies(conn) == []


async def test_an_organiser_whose_role_is_revoked_after_starting_check_in_scans_no_card(
    app: App, new_member: NewMember
) -> None:
    organiser = await grant(app.db, 900, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    start = app.clock.now() + timedelta(minutes=10)
    meeting = await meetings.create_meeting(
        app.db, actor=organiser, district_id=1, title="Встреча", place="Библиотека", starts_at=start,
        ends_at=start + timedelta(hours=2), now=app.clock.now(), today=app.clock.today(),
    )
    assert isinstance(meeting, Meeting)
    assert isinstance(await meetings.start_checkin(app.db, actor=organiser, meeting_id=meeting.id,
                                                   now=app.clock.now()), Meeting)
    anna = await new_member(100, "Анна")
    async with app.db.transaction() as conn:       # an admin takes the role away; the organiser's actor is stale
        await role_store.revoke(conn, *organiser.grants)

    scanned = await checkin.check_in(
        app.db, meeting_id=meeting.id, member_id=anna.id, method=Method.CARD_SCAN, now=app.clock.now(),
        today=app.clock.today(), organiser=organiser, card_version=anna.card_version,
    )
    assert scanned is CheckinRefusal.NOT_ORGANISER
    assert await units_of(app, anna.id) == 0


async def test_a_survey_is_not_sent_when_the_authors_role_is_revoked_before_the_send_button(app: App) -> None:
    from handlers.surveys_admin import AudienceButton, MakeAction, MakeButton
    from tests.handlers.test_surveys import COORDINATOR as SURVEY_AUTHOR
    from tests.handlers.test_surveys import city_coordinator, populate, press, say

    await populate(app)
    await city_coordinator(app)
    await say(app, SURVEY_AUTHOR, "/survey")
    await press(app, SURVEY_AUTHOR, "📇 Шаблон: проверьте свои данные")
    await feed(app, updates.callback(SURVEY_AUTHOR, AudienceButton(kind=AudienceKind.DISTRICT, id=1).pack()))
    await feed(app, updates.callback(SURVEY_AUTHOR, MakeButton(action=MakeAction.ends, v=7).pack()))
    revoke_after_the_filters(app, RoleGrant(SURVEY_AUTHOR, "coordinator", "city", 1))
    await press(app, SURVEY_AUTHOR, "📨 Отправить (2)")
    answers = [m.text for m in requests(app) if isinstance(m, AnswerCallbackQuery)]
    assert answers[-1] == "Эти получатели вне вашей зоны ответственности: опрос не отправлен."
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT COUNT(*) FROM surveys") == 0
        assert await fetch_value(conn, "SELECT COUNT(*) FROM outbox") == 0
