"""Fraud signals: /flags finds patterns at once, lists them with evidence, and one tap acts on one."""

from __future__ import annotations

from datetime import timedelta

from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage

from bot.model import GrantedRole, ScopeKind
from bot.runtime.app import App
from handlers.integrity import FlagAction, FlagButton
from storage.db import fetch_value
from tests.handlers.test_points import COORDINATOR, units_of
from tests.support import updates
from tests.support.chat import feed, last_text, requests, texts_to
from tests.support.factories import NewMember, grant


def flag_cards(app: App) -> list[SendMessage]:
    return [m for m in requests(app) if isinstance(m, SendMessage) and m.chat_id == COORDINATOR
            and m.text.startswith("🚩 <b>")]


async def farm(new_member: NewMember, app: App, inviter_tg: int = 100, size: int = 6, first_tg: int = 200) -> None:
    anna = await new_member(inviter_tg, "Анна")
    for n in range(size):
        app.clock.advance(timedelta(minutes=7))
        await new_member(first_tg + n, f"Бот {n + 1}", referrer=anna)


async def test_a_referral_burst_shows_in_flags_with_evidence_and_revoke_takes_two_taps(
    new_member: NewMember, app: App
) -> None:
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    await farm(new_member, app)
    anna_id = 1
    async with app.db.reading() as conn:
        anna_units = await fetch_value(conn, "SELECT units FROM member_totals WHERE member_id = ?", (anna_id,))
    assert anna_units == 600

    await feed(app, updates.text(COORDINATOR, "/flags"))
    assert texts_to(app, COORDINATOR)[-2].startswith("🚩 Открытые сигналы: 1.")
    [card] = flag_cards(app)
    assert card.text.startswith("🚩 <b>Всплеск приглашений</b> · 10.12.2026 12:42")
    assert "Анна привёл(а) 6 человек за сутки: с 10.12.2026 12:07 по 10.12.2026 12:42." in card.text
    assert "Приглашённые: Бот 1, Бот 2, Бот 3, Бот 4, Бот 5, Бот 6" in card.text
    buttons = [b.text for row in card.reply_markup.inline_keyboard for b in row]
    assert buttons == ["📋 Начисления участника", "↩️ Отменить баллы за этих приглашённых", "✅ Доверяю",
                       "⛔ Отстранить", "🙈 Всё в порядке"]
    async with app.db.reading() as conn:
        signal_id = await fetch_value(conn, "SELECT id FROM signals")

    await feed(app, updates.callback(COORDINATOR, FlagButton(action=FlagAction.revoke, s=signal_id).pack()))
    edited = [m for m in requests(app) if isinstance(m, EditMessageText)][-1]
    assert edited.text.endswith("↩️ Отменено начислений: 6.") and edited.reply_markup is None
    assert texts_to(app, 100)[-1] == (          # the inviter is told once, with the points and the reason
        "↩️ Координатор отменил баллы за приглашённых вами участников (6): −60. Причина: всплеск приглашений"
    )
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT units FROM member_totals WHERE member_id = ?", (anna_id,)) == 0
        assert await fetch_value(conn, "SELECT COUNT(*) FROM audit_log WHERE action = 'revoke_entry'") == 6
    await feed(app, updates.text(COORDINATOR, "/flags"))
    assert last_text(app, COORDINATOR) == "🚩 Открытых сигналов нет."


async def test_four_referrals_are_no_burst_five_are_and_a_dismissed_signal_stays_closed(
    new_member: NewMember, app: App
) -> None:
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    await farm(new_member, app, size=4)
    await feed(app, updates.text(COORDINATOR, "/flags"))
    assert last_text(app, COORDINATOR) == "🚩 Открытых сигналов нет."
    app.clock.advance(timedelta(minutes=1))
    await new_member(300, "Бот 5", referrer=await _member(app, 1))
    await feed(app, updates.text(COORDINATOR, "/flags"))
    assert "Анна привёл(а) 5 человек за сутки" in last_text(app, COORDINATOR)
    async with app.db.reading() as conn:
        signal_id = await fetch_value(conn, "SELECT id FROM signals")
    await feed(app, updates.callback(COORDINATOR, FlagButton(action=FlagAction.dismiss, s=signal_id).pack()))
    edited = [m for m in requests(app) if isinstance(m, EditMessageText)][-1]
    assert edited.text.endswith("🙈 Отмечено: всё в порядке.")
    await feed(app, updates.text(COORDINATOR, "/flags"))
    assert last_text(app, COORDINATOR) == "🚩 Открытых сигналов нет."
    await feed(app, updates.callback(COORDINATOR, FlagButton(action=FlagAction.dismiss, s=signal_id).pack()))
    assert [m.text for m in requests(app) if hasattr(m, "show_alert")][-1] == "По этому сигналу уже приняли решение."
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1") == "dismiss_signal"


async def _member(app: App, member_id: int):  # noqa: ANN202
    from storage import members as member_store

    async with app.db.reading() as conn:
        return await member_store.get(conn, member_id)


async def test_suspend_from_a_signal_and_signals_outside_the_scope_are_not_shown(
    new_member: NewMember, app: App
) -> None:
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR, ScopeKind.CITY, 2)             # Омск
    await farm(new_member, app)                                                     # in Новосибирск
    await feed(app, updates.text(COORDINATOR, "/flags"))
    assert last_text(app, COORDINATOR) == "🚩 Открытых сигналов нет."
    async with app.db.reading() as conn:
        signal_id = await fetch_value(conn, "SELECT id FROM signals")
    await feed(app, updates.callback(COORDINATOR, FlagButton(action=FlagAction.suspend, s=signal_id).pack()))
    assert await units_of(app, await _member(app, 1)) == 600           # refused: not theirs

    await feed(app, updates.callback(1, FlagButton(action=FlagAction.suspend, s=signal_id).pack()))   # an admin
    assert texts_to(app, 100)[-1].startswith("⛔ Координатор отстранил вас от рейтинга кампании. Причина: всплеск")
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT status FROM signals") == "acted"
        assert await fetch_value(conn, "SELECT COUNT(*) FROM member_totals WHERE member_id = 1") == 0


async def test_the_digest_counts_open_signals(new_member: NewMember, app: App) -> None:
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    await farm(new_member, app)
    app.clock.advance(timedelta(hours=1))
    await app.jobs.daily_digest()
    await app.outbox.deliver_pending()
    digest = next(t for t in texts_to(app, COORDINATOR) if "сводка" in t.lower() or "Сводка" in t)
    assert "Открытые сигналы о накрутке: 1 (/flags)" in digest


async def test_an_erased_referee_leaves_no_name_in_a_signals_evidence(new_member: NewMember, app: App) -> None:
    from bot import membership

    await farm(new_member, app)
    await feed(app, updates.text(1, "/flags"))
    bot3 = await _member(app, 4)
    assert bot3.display_name == "Бот 3"
    await membership.erase(app.db, member=bot3, secret=app.dp["qr_secret"], now=app.clock.now())
    async with app.db.reading() as conn:
        evidence = await fetch_value(conn, "SELECT evidence FROM signals")
    assert "Бот 3" not in evidence and '"name": "#4"' in evidence and "Бот 2" in evidence


async def test_a_button_of_a_signal_that_does_not_exist_is_refused_and_nothing_happens(app: App) -> None:
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    for action in (FlagAction.entries, FlagAction.revoke, FlagAction.trust, FlagAction.suspend, FlagAction.dismiss):
        await feed(app, updates.callback(COORDINATOR, FlagButton(action=action, s=999).pack()))
        answer = [m for m in requests(app) if isinstance(m, AnswerCallbackQuery)][-1]
        assert (answer.text, answer.show_alert) == ("Такого сигнала нет.", True)
    assert not [m for m in requests(app) if isinstance(m, (SendMessage, EditMessageText))
                and m.chat_id == COORDINATOR]
