"""Announcements, the rating and digest on demand, and blocked members, through the real dispatcher."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage, SendPhoto

from bot.model import GrantedRole, RoleGrant, ScopeKind
from bot.runtime.app import App
from handlers.broadcasts import AnnounceCity, AnnounceScope, AnnounceSend
from storage import roles as role_store
from storage.db import fetch_all, fetch_value
from tests.support import updates
from tests.support.chat import feed, requests, texts_to
from tests.support.factories import NewMember, grant

ADMIN = 1
COORDINATOR = 300        # coordinates Новосибирск (city 1: districts 1, 2, 3)


def buttons(app: App, chat_id: int) -> list[str]:
    for method in reversed(requests(app)):
        if isinstance(method, (SendMessage, EditMessageText)) and method.chat_id == chat_id and method.reply_markup:
            return [b.text for row in method.reply_markup.inline_keyboard for b in row]
    return []


async def city_coordinator(app: App) -> None:
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR, ScopeKind.CITY, 1)


async def populate(app: App) -> None:
    """Two members in Центральный (1), one in Ленинский (2), one in Омск (4)."""
    in_turn = NewMember(app.db, app.clock, apart=timedelta(seconds=1))  # members join a second apart
    for tg_id, name, district in ((101, "Анна", 1), (102, "Борис", 1), (103, "Вера", 2), (104, "Глеб", 4)):
        await in_turn(tg_id, name, district_id=district)


async def test_an_announcement_to_a_district_reaches_exactly_that_district(app: App) -> None:
    await populate(app)
    await city_coordinator(app)
    await feed(app, updates.text(COORDINATOR, "/announce"))
    assert "Пришлите текст объявления" in texts_to(app, COORDINATOR)[-1]
    await feed(app, updates.text(COORDINATOR, "Субботник в <субботу> в 10:00"))
    sent = texts_to(app, COORDINATOR)
    assert "Так участники увидят объявление" in sent[-3]
    assert sent[-2] == "Субботник в &lt;субботу&gt; в 10:00"          # what they typed, shown as typed
    assert buttons(app, COORDINATOR) == ["Новосибирск", "📢 Всем в моей зоне"]   # no Омск, no Томск
    await feed(app, updates.callback(COORDINATOR, AnnounceCity(id=1).pack()))
    assert set(buttons(app, COORDINATOR)) >= {"🏙 Весь город Новосибирск", "Центральный", "Ленинский", "Кировский"}
    await feed(app, updates.callback(COORDINATOR, AnnounceScope(kind="district", id=1).pack()))
    assert "получателей: 2" in texts_to(app, COORDINATOR)[-1]
    await feed(app, updates.callback(COORDINATOR, AnnounceSend(send=True).pack()))
    assert "поставлено в рассылку" in texts_to(app, COORDINATOR)[-1]

    await app.outbox.deliver_pending()

    announcement = "Субботник в &lt;субботу&gt; в 10:00"
    reached = {m.chat_id for m in requests(app) if isinstance(m, SendMessage) and m.text == announcement}
    assert reached == {101, 102, COORDINATOR}        # the coordinator's own preview, and the district
    report = texts_to(app, COORDINATOR)[-1]
    assert "объявление" in report and "доставлено 2 из 2" in report


async def test_a_coordinator_cannot_announce_outside_their_area_even_with_a_forged_button(app: App) -> None:
    await populate(app)
    await city_coordinator(app)
    await feed(app, updates.text(COORDINATOR, "/announce"), updates.text(COORDINATOR, "Всем привет"))
    await feed(app, updates.callback(COORDINATOR, AnnounceScope(kind="district", id=4).pack()))   # Омск
    await feed(app, updates.callback(COORDINATOR, AnnounceScope(kind="city", id=2).pack()))
    alerts = [m.text for m in requests(app) if isinstance(m, AnswerCallbackQuery)]
    assert alerts[-2:] == ["Эта кнопка уже не действует."] * 2
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT COUNT(*) FROM outbox") == 0


async def test_everyone_in_my_area_means_the_coordinators_whole_city(app: App) -> None:
    await populate(app)
    await city_coordinator(app)
    await feed(app, updates.text(COORDINATOR, "/announce"), updates.text(COORDINATOR, "Общий сбор"))
    await feed(app, updates.callback(COORDINATOR, AnnounceScope(kind="mine").pack()))
    await feed(app, updates.callback(COORDINATOR, AnnounceSend(send=True).pack()))
    async with app.db.reading() as conn:
        chats = {row[0] for row in await fetch_all(conn, "SELECT chat_id FROM outbox")}
    assert chats == {101, 102, 103}


async def test_a_member_cannot_announce(app: App) -> None:
    await populate(app)
    await feed(app, updates.text(101, "/announce"))
    assert texts_to(app, 101)[-1] == "⛔ Эта команда вам недоступна."


NOT_PERMITTED = "⛔ Эта команда вам недоступна."


async def test_members_organisers_and_strangers_are_told_the_broadcast_tools_are_not_for_them(app: App) -> None:
    await populate(app)
    await city_coordinator(app)
    await grant(app.db, 400, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    stranger = 555                                     # never registered
    for user in (101, 400, stranger):
        for command in ("/announce", "/digest", "/broadcast_rating"):
            await feed(app, updates.text(user, command))
            assert texts_to(app, user)[-1] == NOT_PERMITTED, (user, command)
    await feed(app, updates.text(COORDINATOR, "/broadcast_rating"))          # admins only
    assert texts_to(app, COORDINATOR)[-1] == NOT_PERMITTED
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT COUNT(*) FROM outbox") == 0


async def test_a_member_pressing_forged_announcement_buttons_sends_nothing(app: App) -> None:
    await populate(app)
    forged = [AnnounceCity(id=1).pack(), AnnounceScope(kind="mine").pack(), AnnounceScope(kind="city", id=1).pack(),
              AnnounceSend(send=True).pack()]
    await feed(app, *(updates.callback(101, data) for data in forged))
    alerts = [m.text for m in requests(app) if isinstance(m, AnswerCallbackQuery)]
    assert alerts == ["Эта кнопка уже не действует."] * len(forged)
    assert texts_to(app, 101) == []
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT COUNT(*) FROM outbox") == 0


async def test_a_coordinator_whose_role_is_revoked_mid_announcement_cannot_send_it(app: App) -> None:
    await populate(app)
    await city_coordinator(app)
    await feed(app, updates.text(COORDINATOR, "/announce"), updates.text(COORDINATOR, "Всем привет"))
    await feed(app, updates.callback(COORDINATOR, AnnounceScope(kind="mine").pack()))
    assert "получателей: 3" in texts_to(app, COORDINATOR)[-1]
    async with app.db.transaction() as conn:
        await role_store.revoke(conn, RoleGrant(COORDINATOR, "coordinator", "city", 1))
    await feed(app, updates.callback(COORDINATOR, AnnounceSend(send=True).pack()))
    alerts = [m.text for m in requests(app) if isinstance(m, AnswerCallbackQuery)]
    assert alerts[-1] == "Эта кнопка уже не действует."
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT COUNT(*) FROM outbox") == 0


async def test_blocking_and_unblocking_the_bot_keeps_the_member_status_current(app: App) -> None:
    await populate(app)

    def chat_member(old: str, new: str) -> Any:
        bot_user = {"id": 42, "is_bot": True, "first_name": "Vverh"}
        return updates.raw({"my_chat_member": {
            "chat": {"id": 101, "type": "private", "first_name": "Анна"},
            "from": {"id": 101, "is_bot": False, "first_name": "Анна"}, "date": 0,
            "old_chat_member": {"status": old, "user": bot_user, **({"until_date": 0} if old == "kicked" else {})},
            "new_chat_member": {"status": new, "user": bot_user, **({"until_date": 0} if new == "kicked" else {})},
        }})

    async def status() -> str:
        async with app.db.reading() as conn:
            return str(await fetch_value(conn, "SELECT status FROM members WHERE tg_id = 101"))

    await feed(app, chat_member("member", "kicked"))
    assert await status() == "blocked"
    await feed(app, updates.text(ADMIN, "/broadcast_rating"))
    assert "поставлен в рассылку: 3 получ" in texts_to(app, ADMIN)[-1]    # Анна is skipped
    await feed(app, chat_member("kicked", "member"))
    assert await status() == "active"


async def test_the_rating_now_goes_once_a_day_and_only_for_admins(app: App) -> None:
    await populate(app)
    await feed(app, updates.text(ADMIN, "/broadcast_rating"))
    assert "Рейтинг дня поставлен в рассылку: 4" in texts_to(app, ADMIN)[-1]
    await feed(app, updates.text(ADMIN, "/broadcast_rating"))
    assert "уже разослан" in texts_to(app, ADMIN)[-1]
    await feed(app, updates.text(101, "/broadcast_rating"))
    assert texts_to(app, 101)[-1] == "⛔ Эта команда вам недоступна."
    await app.outbox.deliver_pending()
    for chat in (101, 102, 103, 104):
        assert sum("Рейтинг на" in text for text in texts_to(app, chat)) == 1
    assert "доставлено 4 из 4" in texts_to(app, ADMIN)[-1]


async def test_the_digest_now_covers_the_coordinators_scope_with_a_chart(app: App) -> None:
    await populate(app)
    await city_coordinator(app)
    await feed(app, updates.text(COORDINATOR, "/digest"))
    text, caption = texts_to(app, COORDINATOR)[-2:]   # the digest, then the chart
    assert caption == "📈 Баллы команд по дням"
    assert "Сводка: Новосибирск" in text and "Участники: 3 (+3 за сутки)" in text
    assert "Омский" not in text
    photo = [m for m in requests(app) if isinstance(m, SendPhoto) and m.chat_id == COORDINATOR]
    assert len(photo) == 1 and photo[0].photo.data[:4] == b"\x89PNG"
