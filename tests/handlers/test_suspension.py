"""Suspension (SPEC §10): no new points, out of the rating and the reserve, told why; lifted, all comes back."""

from __future__ import annotations

from bot.ledger import award
from bot.model import GrantedRole, ScopeKind
from bot.runtime.app import App
from bot.scopes import EVERYWHERE
from bot.scoring import Kind
from storage import campaigns as campaign_store
from storage import ledger as ledger_store
from storage import placings
from storage.db import fetch_value
from tests.handlers.test_points import COORDINATOR, POST, units_of
from tests.support import updates
from tests.support.chat import feed, last_text, texts_to
from tests.support.factories import NewMember, grant


async def rating_board(app: App, viewer: int) -> str:
    await feed(app, updates.text(viewer, "🏆 Рейтинг"))
    return last_text(app, viewer)


async def test_a_suspended_member_leaves_the_rating_earns_nothing_and_comes_back_with_their_points(
    new_member: NewMember, app: App
) -> None:
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    anna = await new_member(100, "Анна")
    boris = await new_member(101, "Борис", referrer=anna)
    await new_member(102, "Вера")
    await feed(app, updates.text(100, POST))
    assert "1. Анна (Центральный) — 11" in await rating_board(app, 102)

    await feed(app, updates.text(COORDINATOR, "/suspend 100 накрутка приглашений"))
    assert last_text(app, COORDINATOR).startswith("⛔ Анна отстранён(а): накрутка приглашений.")
    assert texts_to(app, 100)[-1] == (
        "⛔ Координатор отстранил вас от рейтинга кампании. Причина: накрутка приглашений. Пока отстранение"
        " действует, новые баллы не начисляются, а вас нет в рейтинге и кадровом резерве."
    )
    board = await rating_board(app, 102)
    # Vera has no points yet: no place among zeros (issue 13), and Anna is not listed.
    assert "Анна" not in board and "1. Борис" not in board and "У вас пока нет баллов" in board

    # No new points from any act: her own post, her referee's share, a referral.
    await feed(app, updates.text(100, "https://t.me/vverh_news/5"), updates.text(101, "https://t.me/vverh_news/6"))
    await new_member(103, "Глеб", referrer=anna)
    assert await units_of(app, anna) == 110
    async with app.db.reading() as conn:
        assert await ledger_store.inconsistencies(conn) == []
        assert [leader.name for leader in await placings.leaders(conn, 1, EVERYWHERE, 10)] == ["Борис", "Вера", "Глеб"]
    await feed(app, updates.text(COORDINATOR, "/suspend 100 ещё раз"))
    assert last_text(app, COORDINATOR) == "Этот участник уже отстранён."

    await feed(app, updates.text(COORDINATOR, "/unsuspend 100"))
    assert last_text(app, COORDINATOR) == "✅ Анна снова участвует: баллы и место в рейтинге возвращены."
    assert texts_to(app, 100)[-1] == "✅ Отстранение снято: вы снова в рейтинге, все ваши баллы сохранены."
    assert "1. Анна (Центральный) — 11" in await rating_board(app, 102)
    async with app.db.reading() as conn:
        assert await ledger_store.inconsistencies(conn) == []
    await feed(app, updates.text(100, "https://t.me/vverh_news/8"))
    assert await units_of(app, anna) == 120
    assert await units_of(app, boris) == 10


async def test_suspension_needs_a_reason_and_the_scope(new_member: NewMember, app: App) -> None:
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR, ScopeKind.CITY, 2)                 # Омск
    await new_member(100, "Анна")                                       # Новосибирск
    await new_member(104, "Олег", district_id=4)                       # Омск
    await feed(app, updates.text(COORDINATOR, "/suspend 100 фейк"))
    assert last_text(app, COORDINATOR) == "Этот участник вне вашей зоны ответственности."
    await feed(app, updates.text(COORDINATOR, "/suspend 104"))
    assert last_text(app, COORDINATOR).startswith("Напишите так: <code>/suspend @имя причина</code>")
    await feed(app, updates.text(COORDINATOR, "/unsuspend 104"))
    assert last_text(app, COORDINATOR) == "Этот участник не отстранён."
    await feed(app, updates.text(COORDINATOR, "/suspend 999 фейк"))
    assert last_text(app, COORDINATOR) == "Такого участника нет."
    await feed(app, updates.text(1, "/suspend 100 фейк"))                  # an admin: anywhere
    assert last_text(app, 1).startswith("⛔ Анна отстранён(а): фейк.")
    await feed(app, updates.text(100, "/suspend 104 x"))
    assert last_text(app, 100) == "⛔ Эта команда вам недоступна."
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT COUNT(*) FROM audit_log WHERE action = 'suspend'") == 1


async def test_no_act_awards_a_suspended_member_and_reversals_still_work(new_member: NewMember, app: App) -> None:
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    anna = await new_member(100, "Анна")
    await feed(app, updates.text(100, POST), updates.text(COORDINATOR, "/suspend 100 проверка"))
    async with app.db.transaction() as conn:
        campaign = await campaign_store.get_campaign(conn, 1)
        assert campaign is not None
        assert await award(conn, campaign=campaign, member=anna, kind=Kind.MEETING, units=200, subject="checkin:1",
                           idem_key="checkin:1:1", now=app.clock.now()) is None
        entry = await fetch_value(conn, "SELECT id FROM ledger WHERE kind = 'post'")
    await feed(app, updates.text(COORDINATOR, f"/revoke {entry} дубль"))
    assert await units_of(app, anna) == 0
    await feed(app, updates.text(COORDINATOR, "/unsuspend 100"), updates.text(100, "/me"))
    assert "🏆 Баллы: <b>0</b>" in last_text(app, 100)


async def test_a_suspended_members_post_is_refused_with_why_and_counts_once_the_suspension_is_lifted(
    new_member: NewMember, app: App
) -> None:
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    await new_member(100, "Анна")
    await feed(app, updates.text(COORDINATOR, "/suspend 100 проверка"), updates.text(100, POST))
    assert last_text(app, 100) == "⛔ Вы отстранены от рейтинга, поэтому баллы за посты сейчас не начисляются."
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT COUNT(*) FROM posts") == 0     # nothing kept that would block it
    await feed(app, updates.text(COORDINATOR, "/unsuspend 100"), updates.text(100, POST))
    assert last_text(app, 100).startswith("✅ Пост засчитан: +1 балл.")
