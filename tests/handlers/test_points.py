"""Points through the real dispatcher and SQLite: post links, /invite, /me, /rating, /team and the coordinator tools."""

from __future__ import annotations

import io
import logging
from typing import Any

import openpyxl
import PIL.Image
import pytest
import zxingcpp
from aiogram.methods import AnswerCallbackQuery, SendDocument, SendMessage, SendPhoto

from bot import membership, tokens
from bot.model import GrantedRole, Member, ScopeKind
from bot.posts import RejectReason
from bot.runtime.app import App
from handlers.points import PostMaterial, SharedMaterial
from handlers.points_admin import (
    ModerationAction,
    ModerationButton,
    PublishAction,
    PublishButton,
    RejectButton,
)
from storage import ledger as ledger_store
from storage.db import fetch_value
from tests.support import updates
from tests.support.chat import feed, last_text, requests, texts_to
from tests.support.factories import NewMember, grant

COORDINATOR = 700
POST = "https://vk.com/wall-100_1"


def last_markup(app: App, chat_id: int) -> list[list[Any]]:
    sent = [m for m in requests(app) if isinstance(m, (SendMessage, SendPhoto)) and m.chat_id == chat_id]
    return sent[-1].reply_markup.inline_keyboard


def alerts(app: App) -> list[str]:
    return [m.text or "" for m in requests(app) if isinstance(m, AnswerCallbackQuery)]


async def units_of(app: App, member: Member) -> int:
    async with app.db.reading() as conn:
        total = await fetch_value(conn, "SELECT COALESCE(SUM(units), 0) FROM ledger WHERE member_id = ?", (member.id,))
    return int(total)


async def manual_moderation(app: App) -> None:
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE campaigns SET moderation = 'manual'")
    app.dp["campaigns"].forget()


# ---------------------------------------------------------------------------
# Members send post links


async def test_a_plain_link_is_a_submission_worth_one_point_once(new_member: NewMember, app: App) -> None:
    anna = await new_member(100, "Анна")
    await feed(app, updates.text(100, f"Вот мой пост: {POST}?utm_source=tg"))
    assert last_text(app, 100) == "✅ Пост засчитан: +1 балл. Сегодня: 1 из 10."
    await feed(app, updates.text(100, "https://m.vk.com/wall-100_1#comments"))
    assert last_text(app, 100) == "Вы уже присылали этот пост — он засчитывается один раз."
    boris = await new_member(101, "Борис")
    await feed(app, updates.text(101, "vk.com/wall-100_1/"))
    assert "уже прислал другой участник" in last_text(app, 101)
    assert await units_of(app, anna) == 10 and await units_of(app, boris) == 0


async def test_a_link_inside_a_dialog_or_a_command_is_not_a_post_submission(new_member: NewMember, app: App) -> None:
    """Post links are routed first; a dialog's own input and commands must still win."""
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    await new_member(COORDINATOR, "Координатор Карина")
    await feed(app, updates.text(COORDINATOR, "/publish"))
    await feed(app, updates.text(COORDINATOR, f"Поделитесь постом {POST}"))
    await feed(app, updates.text(COORDINATOR, "https://vk.com/wall-100_2"))
    assert "опубликован" in last_text(app, COORDINATOR)
    await feed(app, updates.text(COORDINATOR, f"/help {POST}"))
    assert "Пост засчитан" not in last_text(app, COORDINATOR)
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT COUNT(*) FROM posts") == 0
        assert await fetch_value(conn, "SELECT link FROM materials") == "https://vk.com/wall-100_2"
    # Outside the dialog the same member's link is a submission.
    await feed(app, updates.text(COORDINATOR, "https://vk.com/wall-100_3"))
    assert texts_to(app, COORDINATOR)[-2].startswith("✅ Пост засчитан")


async def test_the_published_materials_own_posts_never_count(new_member: NewMember, app: App) -> None:
    # Issue 11, hole 3: pasting the coordinator's original earns nothing, in any form of its link.
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    await feed(app, updates.text(COORDINATOR, "/publish"),
               updates.text(COORDINATOR, "Зимний марафон\nОригинал в канале: https://t.me/vverh_news/15"),
               updates.text(COORDINATOR, "https://vk.com/wall-100_2"))
    anna = await new_member(100, "Анна")
    for original in ("https://m.vk.com/wall-100_2?utm_source=x", "https://vk.com/club100?w=wall-100_2",
                     "https://t.me/s/vverh_news/15", "https://t.me/vverh_news/3/15"):
        await feed(app, updates.text(100, original))
        assert last_text(app, 100) == (
            "Это сам материал кампании. Поделитесь им у себя и пришлите ссылку на свой пост."
        ), original
    assert await units_of(app, anna) == 0
    await feed(app, updates.text(100, "https://vk.com/wall-555_1"))
    assert await units_of(app, anna) == 10


async def test_bad_links_each_get_their_own_answer(new_member: NewMember, app: App) -> None:
    await new_member(100, "Анна")
    await feed(app, updates.text(100, "https://vk.com/durov"))
    assert "не на пост" in last_text(app, 100)
    await feed(app, updates.text(100, "https://example.com/news/1"))
    assert last_text(app, 100).startswith("Эта сеть не принимается. Подходят ссылки на посты: vk.com, t.me")
    await feed(app, updates.text(100, "просто текст без ссылки"))
    assert "Не понял сообщение" in last_text(app, 100)
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT COUNT(*) FROM posts") == 0


async def test_a_hyperlinked_word_counts_as_the_link(new_member: NewMember, app: App) -> None:
    await new_member(100, "Анна")
    update = updates.raw({"message": {
        "message_id": 5, "date": 0, "chat": {"id": 100, "type": "private"},
        "from": {"id": 100, "is_bot": False, "first_name": "Анна", "language_code": "ru"},
        "text": "мой пост", "entities": [{"type": "text_link", "offset": 0, "length": 8, "url": POST}],
    }})
    await feed(app, update)
    assert last_text(app, 100).startswith("✅ Пост засчитан")


async def test_the_daily_cap_holds_and_is_explained(new_member: NewMember, app: App, settings) -> None:  # noqa: ANN001
    await new_member(100, "Анна")
    for n in range(1, 11):
        await feed(app, updates.text(100, f"https://t.me/vverh_news/{n}"))
    assert last_text(app, 100).endswith("Сегодня: 10 из 10.")
    await feed(app, updates.text(100, "https://t.me/vverh_news/11"))
    assert last_text(app, 100) == "На сегодня всё: засчитывается не больше 10 постов в день. Присылайте новые завтра!"


async def test_outside_the_campaign_dates_the_member_is_told_the_dates(new_member: NewMember, app: App) -> None:
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE campaigns SET starts_on = '2026-12-20'")
    app.dp["campaigns"].forget()
    await new_member(100, "Анна")
    await feed(app, updates.text(100, POST))
    assert last_text(app, 100) == (
        "Кампания «Зима-2026» идёт с 20.12.2026 по 28.02.2027 — вне этих дат баллы не начисляются."
    )
    await feed(app, updates.text(100, "/post"))
    assert "20.12.2026" in last_text(app, 100)


async def test_a_member_picks_the_material_they_shared(new_member: NewMember, app: App) -> None:
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    await feed(app, updates.text(COORDINATOR, "/publish"))
    assert "Материал для всех. Пришлите текст" in last_text(app, COORDINATOR)
    await feed(app, updates.text(COORDINATOR, "Зимний марафон\nПоделитесь новостью о марафоне!"))
    await feed(app, updates.text(COORDINATOR, "https://vverh.example/marathon"))
    assert "Материал «Зимний марафон» опубликован" in last_text(app, COORDINATOR)

    await new_member(100, "Анна")
    await feed(app, updates.text(100, "/post"))
    assert "Поддержи онлайн!" in texts_to(app, 100)[-2]
    assert "Зимний марафон" in last_text(app, 100) and "https://vverh.example/marathon" in last_text(app, 100)
    [[shared]] = last_markup(app, 100)
    await feed(app, updates.callback(100, shared.callback_data))
    assert last_text(app, 100) == "Пришлите ссылку на ваш пост с материалом «Зимний марафон»."
    await feed(app, updates.text(100, "это не ссылка"))
    assert "В сообщении нет ссылки" in last_text(app, 100)
    await feed(app, updates.text(100, POST))
    assert last_text(app, 100).startswith("✅ Пост засчитан")

    # A plain link: the member is asked which material it shared afterwards.
    await feed(app, updates.text(100, "https://t.me/vverh_news/5"))
    [[choice]] = last_markup(app, 100)
    assert choice.text == "Зимний марафон"
    await feed(app, updates.callback(100, choice.callback_data))
    assert last_text(app, 100) == "✅ Отмечено: «Зимний марафон»."
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT COUNT(*) FROM posts WHERE material_id IS NOT NULL") == 2


async def test_someone_elses_post_cannot_be_attributed(new_member: NewMember, app: App) -> None:
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    await feed(app, updates.text(COORDINATOR, "/publish"), updates.text(COORDINATOR, "Материал"),
               updates.callback(COORDINATOR, PublishButton(action=PublishAction.WITHOUT_LINK).pack()))
    await new_member(100, "Анна")
    await new_member(101, "Борис")
    await feed(app, updates.text(100, POST))
    async with app.db.reading() as conn:
        post_id = await fetch_value(conn, "SELECT id FROM posts")
        material_id = await fetch_value(conn, "SELECT id FROM materials")
    await feed(app, updates.callback(101, PostMaterial(p=post_id, m=material_id).pack()))
    assert alerts(app)[-1] == "Эта кнопка уже не действует."
    await feed(app, updates.callback(101, SharedMaterial(m=999).pack()))
    assert "снят с публикации" in alerts(app)[-1]


# ---------------------------------------------------------------------------
# Invitations, /me, /rating, /team


async def test_invite_shows_a_link_and_its_qr_code_and_counts_who_joined(new_member: NewMember, app: App) -> None:
    anna = await new_member(100, "Анна")
    await feed(app, updates.text(100, "/invite"))
    [photo] = [m for m in requests(app) if isinstance(m, SendPhoto) and m.chat_id == 100]
    [code] = zxingcpp.read_barcodes(PIL.Image.open(io.BytesIO(photo.photo.data)))
    payload = tokens.sign(app.dp["qr_secret"], tokens.TokenKind.REFERRAL, anna.id)
    assert code.text == f"https://t.me/vverh_test_bot?start={payload}"
    assert code.text in photo.caption and "Уже присоединились: 0" in photo.caption

    with PIL.Image.open(io.BytesIO(photo.photo.data)) as picture:
        assert picture.height > picture.width           # the organisation's name is written under the code
    assert last_text(app, 100).startswith("По вашей ссылке пока никто не присоединился.")

    await new_member(101, "Борис", referrer=anna)
    await feed(app, updates.text(100, "✉️ Пригласить"))
    assert "Уже присоединились: 1" in texts_to(app, 100)[-2]
    assert last_text(app, 100) == "<b>Присоединились по вашей ссылке:</b>\n1. Борис — пока без баллов"


async def test_me_shows_points_breakdown_ranks_referrals_and_the_gap(new_member: NewMember, app: App) -> None:
    anna = await new_member(100, "Анна")
    boris = await new_member(101, "Борис", referrer=anna)
    await new_member(102, "Вера", district_id=2)
    await feed(app, updates.text(101, POST))
    await feed(app, updates.text(101, "/me"))
    me = last_text(app, 101)
    assert "👤 <b>Борис</b>" in me
    assert "🏆 Баллы: <b>1</b>" in me and "· посты: 1" in me
    assert "Место: 2 из 3 · в команде: 2 из 2" in me
    assert "Чтобы подняться на место выше (там сейчас Анна), нужно ещё 9,4 балла." in me
    await feed(app, updates.text(100, "👤 Мой профиль"))
    me = last_text(app, 100)
    assert "🏆 Баллы: <b>10,3</b>" in me and "· приглашения: 10" in me and "· доля от приглашённых: 0,3" in me
    assert "Место: 1 из 3" in me and "Приглашено: 1" in me and "🥇 Вы на первом месте!" in me
    buttons = [b.text for row in last_markup(app, 100) for b in row]
    assert buttons == ["✏️ Изменить имя", "🔁 Сменить округ", "🔗 Мои профили в соцсетях"]
    assert await units_of(app, boris) == 10


async def test_rating_and_team_show_the_top_the_own_place_and_teams(new_member: NewMember, app: App) -> None:
    anna = await new_member(100, "Анна")
    await new_member(101, "Борис", referrer=anna)
    await new_member(102, "Вера", district_id=2)
    await feed(app, updates.text(102, POST), updates.text(102, "https://t.me/vverh_news/1"))
    await feed(app, updates.text(101, "🏆 Рейтинг"))
    board = last_text(app, 101)
    assert "1. Анна (Центральный) — 10" in board and "2. Вера (Ленинский) — 2" in board and "Борис" not in board
    # Borys has no points: no place among zeros, but how to earn the first one.
    assert "У вас пока нет баллов, поэтому места в рейтинге нет. Первый балл — за пост" in board
    assert "место из" not in board
    assert "1. Центральный (Новосибирск) — 10 · 5" in board and "2. Ленинский (Новосибирск) — 2 · 2" in board
    await feed(app, updates.text(101, "/team"))
    team = last_text(app, 101)
    assert "Команда «Центральный»" in team and "Место среди команд: 1 из 5" in team
    assert "1. Анна" in team and "Борис" not in team and "место в команде" not in team
    assert "У вас пока нет баллов, поэтому места в рейтинге нет." in team


# ---------------------------------------------------------------------------
# Coordinators


def press(action: ModerationAction, p: int) -> str:
    return ModerationButton(action=action, p=p).pack()


async def post_ids(app: App) -> list[int]:
    async with app.db.reading() as conn:
        return [r[0] for r in await conn.execute_fetchall("SELECT id FROM posts ORDER BY id")]


async def test_manual_moderation_approve_and_reject_with_reason_tell_the_member(
    new_member: NewMember, app: App, caplog: pytest.LogCaptureFixture
) -> None:
    await manual_moderation(app)
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    anna = await new_member(100, "Анна")
    await feed(app, updates.text(100, POST), updates.text(100, "https://t.me/vverh_news/7"))
    assert "Координатор проверит пост" in last_text(app, 100)
    assert await units_of(app, anna) == 0

    await feed(app, updates.text(COORDINATOR, "/moderate"))
    batch = last_text(app, COORDINATOR)
    assert batch.startswith("📝 Ждут проверки: 2.")
    assert "<b>1.</b> Анна (Центральный), материал: не указан\nhttps://vk.com/wall-100_1" in batch
    assert "<b>2.</b> Анна (Центральный)" in batch and "https://t.me/vverh_news/7" in batch
    first, second = await post_ids(app)
    await feed(app, updates.callback(COORDINATOR, press(ModerationAction.APPROVE, first)))
    assert last_text(app, 100) == f"✅ Ваш пост проверен и засчитан: +1 балл.\n{POST}"
    assert last_text(app, COORDINATOR).startswith("📝 Ждут проверки: 1.")
    await feed(app, updates.callback(COORDINATOR, press(ModerationAction.APPROVE, first)))
    assert alerts(app)[-1] == "Этот пост уже проверен."
    await feed(app, updates.callback(COORDINATOR, press(ModerationAction.REJECT, second)))
    await feed(app, updates.callback(COORDINATOR, RejectButton(p=second, r=RejectReason.UNAVAILABLE).pack()))
    assert last_text(app, 100) == "❌ Ваш пост не засчитан: пост недоступен или удалён\nhttps://t.me/vverh_news/7"
    assert last_text(app, COORDINATOR) == "✅ Непроверенных постов нет."
    assert await units_of(app, anna) == 10
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


async def test_a_new_campaign_is_verified_and_the_manual_queue_is_one_tap_per_post(
    new_member: NewMember, app: App
) -> None:
    # Issue 11, hole 2 and issue 12: invented links never pay at once; a new campaign's posts are
    # verified on their networks, and under manual moderation a coordinator clears a batch fast.
    await feed(app, updates.text(1, "/new_campaign Весна-2027 2027-03-01 2027-05-31"))
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT moderation FROM campaigns WHERE name = 'Весна-2027'") == "verified"
    await manual_moderation(app)
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    anna = await new_member(100, "Анна")
    boris = await new_member(101, "Борис")
    await feed(app, *(updates.text(100, f"https://vk.com/wall-987654321_{n}") for n in range(1, 4)))
    await feed(app, *(updates.text(101, f"https://vk.com/wall-987654322_{n}") for n in range(1, 5)))
    assert await units_of(app, anna) == 0 and await units_of(app, boris) == 0

    await feed(app, updates.text(COORDINATOR, "/moderate"))
    assert last_text(app, COORDINATOR).startswith("📝 Ждут проверки: 7.")
    keyboard = last_markup(app, COORDINATOR)
    labels = [b.text for row in keyboard for b in row]
    assert labels[:10] == ["✅ 1", "❌ 1", "✅ 2", "❌ 2", "✅ 3", "❌ 3", "✅ 4", "❌ 4", "✅ 5", "❌ 5"]
    assert "✅ Все посты: Анна (3)" in labels and "⭐ Доверять: Анна" in labels
    assert labels[-1] == "Следующие посты ➡️"

    # One tap approves every pending post of one member.
    all_of_boris = next(b for row in keyboard for b in row if b.text.startswith("✅ Все посты: Борис"))
    await feed(app, updates.callback(COORDINATOR, all_of_boris.callback_data))
    assert alerts(app)[-1] == "Засчитано постов: 4 (Борис)."
    assert last_text(app, 101) == "✅ Координатор проверил и засчитал ваши посты (4): +4 балла."
    assert await units_of(app, boris) == 40
    assert last_text(app, COORDINATOR).startswith("📝 Ждут проверки: 3.")

    # Trusted: Anna's next posts skip the queue; her waiting ones stay for a decision.
    trust = next(b for row in last_markup(app, COORDINATOR) for b in row if b.text == "⭐ Доверять: Анна")
    await feed(app, updates.callback(COORDINATOR, trust.callback_data))
    assert alerts(app)[-1].startswith("⭐ Надёжный участник: Анна.")
    await feed(app, updates.text(100, "https://vk.com/wall-987654321_9"))
    assert last_text(app, 100).startswith("✅ Пост засчитан: +1 балл.")
    assert await units_of(app, anna) == 10
    await feed(app, updates.text(COORDINATOR, "/untrust @nobody_here"))
    assert "Такого участника нет" in last_text(app, COORDINATOR)
    await feed(app, updates.text(COORDINATOR, "/untrust 100"))
    assert last_text(app, COORDINATOR) == "Отметка снята: Анна. Посты снова проверяет координатор."
    await feed(app, updates.text(100, "https://vk.com/wall-987654321_10"))
    assert "Координатор проверит пост" in last_text(app, 100)


async def test_a_member_cannot_trust_or_approve_through_a_forged_button(new_member: NewMember, app: App) -> None:
    await manual_moderation(app)
    anna = await new_member(100, "Анна")
    await feed(app, updates.text(100, POST))
    (post_id,) = await post_ids(app)
    await feed(app, updates.callback(100, press(ModerationAction.TRUST, anna.id)),
               updates.callback(100, press(ModerationAction.APPROVE, post_id)))
    assert await units_of(app, anna) == 0
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT COUNT(*) FROM trusted_members") == 0


async def test_a_coordinator_never_moderates_their_own_post(new_member: NewMember, app: App) -> None:
    # Issue 11, hole 5: the coordinator is also a member; their post waits for someone else.
    await manual_moderation(app)
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    await grant(app.db, 701, GrantedRole.COORDINATOR)
    me = await new_member(COORDINATOR, "Координатор Ольга")
    await feed(app, updates.text(COORDINATOR, POST))
    (post_id,) = await post_ids(app)
    await feed(app, updates.text(COORDINATOR, "/moderate"))
    assert last_text(app, COORDINATOR) == "✅ Непроверенных постов нет."
    for forged in (press(ModerationAction.APPROVE, post_id), press(ModerationAction.APPROVE_MEMBER, me.id),
                   press(ModerationAction.TRUST, me.id), RejectButton(p=post_id, r=RejectReason.RULES).pack()):
        await feed(app, updates.callback(COORDINATOR, forged))
        assert alerts(app)[-1] == "Свои посты вы не проверяете: их проверит другой координатор или администратор."
    await feed(app, updates.text(COORDINATOR, f"/trust {COORDINATOR}"))
    assert "Свои посты вы не проверяете" in last_text(app, COORDINATOR)
    assert await units_of(app, me) == 0
    # Another coordinator of the scope sees it and decides.
    await feed(app, updates.text(701, "/moderate"))
    assert "Координатор Ольга" in last_text(app, 701)
    await feed(app, updates.callback(701, press(ModerationAction.APPROVE, post_id)))
    assert await units_of(app, me) == 10


async def test_a_city_coordinator_does_not_moderate_another_city(new_member: NewMember, app: App) -> None:
    await manual_moderation(app)
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR, ScopeKind.CITY, 2)           # Омск
    anna = await new_member(100, "Анна")                          # Новосибирск
    await feed(app, updates.text(100, POST), updates.text(COORDINATOR, "/moderate"))
    assert last_text(app, COORDINATOR) == "✅ Непроверенных постов нет."
    (post_id,) = await post_ids(app)
    await feed(app, updates.callback(COORDINATOR, press(ModerationAction.APPROVE, post_id)))
    assert alerts(app)[-1] == "Этот пост вне вашей зоны ответственности."
    await feed(app, updates.callback(COORDINATOR, press(ModerationAction.TRUST, anna.id)))
    assert alerts(app)[-1] == "Этот пост вне вашей зоны ответственности."


async def test_revoking_an_entry_tells_the_member_and_reverses_the_share(new_member: NewMember, app: App) -> None:
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    anna = await new_member(100, "Анна")
    boris = await new_member(101, "Борис", referrer=anna)
    await feed(app, updates.text(101, POST))
    async with app.db.reading() as conn:
        entry = await fetch_value(conn, "SELECT id FROM ledger WHERE kind = 'post'")
    await feed(app, updates.text(COORDINATOR, "/revoke"))
    assert "/revoke НОМЕР_НАЧИСЛЕНИЯ причина" in last_text(app, COORDINATOR)
    await feed(app, updates.text(COORDINATOR, f"/revoke {entry} пост удалён"))
    assert last_text(app, COORDINATOR) == (
        f"↩️ Начисление #{entry} отменено: Борис, −1. Причина: пост удалён\nДоля пригласившего тоже отменена: −0,3."
    )
    assert last_text(app, 101) == "↩️ Координатор отменил начисление: −1 (посты). Причина: пост удалён"
    assert await units_of(app, boris) == 0 and await units_of(app, anna) == 100
    await feed(app, updates.text(COORDINATOR, f"/revoke {entry} ещё раз"))
    assert last_text(app, COORDINATOR) == f"Начисление #{entry} уже отменено."
    await feed(app, updates.text(COORDINATOR, "/revoke 9999 нет такого"))
    assert last_text(app, COORDINATOR) == "Начисления #9999 нет."


async def test_export_sends_csv_with_bom_and_xlsx(new_member: NewMember, app: App) -> None:
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    anna = await new_member(100, "Анна")
    await new_member(101, "Борис", referrer=anna)
    await feed(app, updates.text(101, POST), updates.text(COORDINATOR, "/export"))
    csv_doc, xlsx_doc = [m for m in requests(app) if isinstance(m, SendDocument)]
    assert csv_doc.document.data.startswith(b"\xef\xbb\xbf")
    rows = csv_doc.document.data.decode("utf-8-sig").splitlines()
    assert rows[0] == ("Место,Номер участника,Имя,Код округа,Округ,Город,Баллы всего,Баллы за посты,Баллы за встречи,"
                       "Баллы за опросы,Баллы за приглашения")
    assert rows[1] == f"1,{anna.id},Анна,NSK-1,Центральный,Новосибирск,10.3,0,0,0,10.3"
    assert rows[2].startswith("2,") and ",Борис,NSK-1," in rows[2] and rows[2].endswith(",1,1,0,0,0")
    assert csv_doc.caption == "Рейтинг «Зима-2026»: 2 участника."
    book = openpyxl.load_workbook(io.BytesIO(xlsx_doc.document.data), read_only=True)
    sheet = list(book.active.values)
    assert sheet[1][2] == "Анна" and sheet[1][6] == 10.3 and sheet[2][6] == 1


async def test_survey_points_are_exported_as_survey_points_not_as_invitations(
    new_member: NewMember, app: App
) -> None:
    from bot import administration, ledger
    from bot.scoring import Kind

    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    anna = await new_member(100, "Анна")
    boris = await new_member(101, "Борис", referrer=anna)
    campaign = await administration.current_campaign(app.db, app.clock.today())
    assert campaign is not None
    async with app.db.transaction() as conn:
        await ledger.award(conn, campaign=campaign, member=boris, kind=Kind.SURVEY, units=50, subject="survey:1",
                           idem_key="survey:1:answer", now=app.clock.now())
    await feed(app, updates.text(101, POST), updates.text(COORDINATOR, "/export"))
    csv_doc = next(m for m in requests(app) if isinstance(m, SendDocument))
    rows = {row.split(",")[2]: row.split(",")[6:] for row in csv_doc.document.data.decode("utf-8-sig").splitlines()}
    # total, posts, meetings, surveys, invitations (Anna's: her 10 for Борис and 30 % of his 6)
    assert rows["Борис"] == ["6", "1", "0", "5", "0"]
    assert rows["Анна"] == ["11.8", "0", "0", "0", "11.8"]


async def test_a_name_that_is_a_spreadsheet_formula_is_exported_as_text(new_member: NewMember, app: App) -> None:
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    formula = '=HYPERLINK("https://evil.example","Анна")'
    await new_member(100, formula)
    await feed(app, updates.text(COORDINATOR, "/export"))
    csv_doc, xlsx_doc = [m for m in requests(app) if isinstance(m, SendDocument)]
    assert f"'{formula}".replace('"', '""') in csv_doc.document.data.decode("utf-8-sig")
    sheet = list(openpyxl.load_workbook(io.BytesIO(xlsx_doc.document.data), read_only=True).active.values)
    assert sheet[1][2] == "'" + formula


async def test_members_cannot_use_coordinator_tools(new_member: NewMember, app: App) -> None:
    await new_member(100, "Анна")
    for command in ("/publish", "/moderate", "/revoke 1 x", "/export"):
        await feed(app, updates.text(100, command))
        assert last_text(app, 100) == "⛔ Эта команда вам недоступна."


async def test_a_coordinator_finds_the_entry_number_to_revoke_with_entries(new_member: NewMember, app: App) -> None:
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    anna = await new_member(100, "Анна")
    await new_member(101, "Борис", referrer=anna)
    await feed(
        app, updates.text(101, POST + "?utm_source=x", username="boris"), updates.text(COORDINATOR, "/entries @boris")
    )
    async with app.db.reading() as conn:
        entry = await fetch_value(conn, "SELECT id FROM ledger WHERE kind = 'post'")
    listing = last_text(app, COORDINATOR)
    assert listing.startswith("Последние начисления: Борис\n")
    assert f"#{entry} · " in listing and "vk.com/wall-100_1 · +1" in listing
    assert listing.endswith("Отменить: <code>/revoke НОМЕР причина</code>")
    await feed(app, updates.text(COORDINATOR, f"/revoke {entry} дубль"), updates.text(COORDINATOR, "/entries 101"))
    assert f"<s>#{entry} · " in last_text(app, COORDINATOR) and "(отменено)" in last_text(app, COORDINATOR)
    await feed(app, updates.text(COORDINATOR, "/entries 100"))   # Анна: only the referral and her share
    assert "приглашения · +10" in last_text(app, COORDINATOR)
    await feed(app, updates.text(COORDINATOR, "/entries @nobody"))
    assert last_text(app, COORDINATOR) == "@nobody — не участник кампании."
    await feed(app, updates.text(COORDINATOR, "/entries"))
    assert last_text(app, COORDINATOR).startswith("Так: <code>/entries @имя</code>")


async def test_a_city_coordinator_sees_no_entries_of_another_city(new_member: NewMember, app: App) -> None:
    await new_member(100, "Анна")   # district 1 is in Новосибирск
    async with app.db.reading() as conn:
        other_city = await fetch_value(conn, "SELECT id FROM cities WHERE name != 'Новосибирск' ORDER BY id LIMIT 1")
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR, ScopeKind.CITY, int(other_city))
    await feed(app, updates.text(COORDINATOR, "/entries 100"))
    assert last_text(app, COORDINATOR) == "100 — вне вашей зоны ответственности."


# ---------------------------------------------------------------------------
# Referral rules (issue 11, hole 13) and nobody revokes their own entries (hole 5)


async def test_one_level_activity_points_only_and_a_revoked_referral_ends_the_share(
    new_member: NewMember, app: App
) -> None:
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    anna = await new_member(100, "Анна")
    boris = await new_member(101, "Борис", referrer=anna)
    assert await units_of(app, anna) == 100                          # 10 points for bringing Boris in
    vera = await new_member(102, "Вера", referrer=boris)
    # Boris's 10 referral points earn Anna nothing: shares come from activity points only.
    assert (await units_of(app, anna), await units_of(app, boris)) == (100, 100)
    await feed(app, updates.text(102, "https://vk.com/wall-5_1"))
    # Vera's post: 0.3 to Boris, nothing to Anna: one level only.
    assert (await units_of(app, anna), await units_of(app, boris), await units_of(app, vera)) == (100, 103, 10)
    await feed(app, updates.text(101, "https://vk.com/wall-5_2"))
    assert (await units_of(app, anna), await units_of(app, boris)) == (103, 113)

    # The coordinator judges Vera's account fake: Boris's award for her goes, and so does his
    # share of her points, for the past and the future.
    async with app.db.reading() as conn:
        referral = await fetch_value(
            conn, "SELECT id FROM ledger WHERE kind = 'referral' AND member_id = ?", (boris.id,)
        )
    await feed(app, updates.text(COORDINATOR, f"/revoke {referral} фиктивный аккаунт"))
    shown = last_text(app, COORDINATOR)
    assert shown.startswith(f"↩️ Начисление #{referral} отменено: Борис, −10.")
    assert shown.endswith("Доля от баллов этого приглашённого тоже отменена (−0,3) и больше не начисляется.")
    assert (await units_of(app, anna), await units_of(app, boris)) == (103, 10)
    await feed(app, updates.text(102, "https://vk.com/wall-5_3"))
    assert (await units_of(app, boris), await units_of(app, vera)) == (10, 20)
    await feed(app, updates.text(101, "https://vk.com/wall-5_4"))
    assert (await units_of(app, anna), await units_of(app, boris)) == (106, 20)   # Anna's share of Boris stays
    async with app.db.reading() as conn:
        assert await ledger_store.inconsistencies(conn) == []


async def test_no_share_goes_to_a_referrer_who_erased_their_data(new_member: NewMember, app: App) -> None:
    anna = await new_member(100, "Анна")
    boris = await new_member(101, "Борис", referrer=anna)
    await membership.erase(app.db, member=anna, secret=app.dp["qr_secret"], now=app.clock.now())
    await feed(app, updates.text(101, "https://vk.com/wall-5_1"))
    assert await units_of(app, boris) == 10
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT COUNT(*) FROM ledger WHERE kind = 'referral_share'") == 0


async def test_a_coordinator_never_revokes_their_own_entry(new_member: NewMember, app: App) -> None:
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    await grant(app.db, 701, GrantedRole.COORDINATOR)
    me = await new_member(COORDINATOR, "Координатор Ольга")
    await feed(app, updates.text(COORDINATOR, POST))
    async with app.db.reading() as conn:
        entry = await fetch_value(conn, "SELECT id FROM ledger WHERE kind = 'post'")
    await feed(app, updates.text(COORDINATOR, f"/revoke {entry} ошибка"))
    assert last_text(app, COORDINATOR) == (
        f"Начисление #{entry} — ваше собственное: его отменит другой координатор или администратор."
    )
    assert await units_of(app, me) == 10
    await feed(app, updates.text(701, f"/revoke {entry} ошибка"))
    assert await units_of(app, me) == 0


# ---------------------------------------------------------------------------
# Issue 13: the wrong kind of message after «📎», and /me under manual moderation


def message_of(user_id: int, **fields: Any) -> Any:
    """A message of any kind (a photo, a sticker, a voice message) from a member's private chat."""
    return updates.raw({"message": {
        "message_id": 1, "date": 1_765_000_000, "chat": {"id": user_id, "type": "private", "first_name": "Анна"},
        "from": {"id": user_id, "is_bot": False, "first_name": "Анна", "language_code": "ru"}, **fields,
    }})


async def test_a_screenshot_sticker_or_voice_instead_of_the_link_gets_how_to_copy_it(
    new_member: NewMember, app: App, caplog: pytest.LogCaptureFixture
) -> None:
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    await feed(app, updates.text(COORDINATOR, "/publish"), updates.text(COORDINATOR, "Зимний марафон"),
               updates.callback(COORDINATOR, PublishButton(action=PublishAction.WITHOUT_LINK).pack()))
    anna = await new_member(100, "Анна")
    await feed(app, updates.text(100, "/post"))
    [[shared]] = last_markup(app, 100)
    await feed(app, updates.callback(100, shared.callback_data))
    how_to = (
        "Нужна ссылка на ваш пост, а не снимок экрана или файл. Как её скопировать:\n"
        "1. Откройте свой пост в соцсети.\n2. Нажмите «Поделиться».\n"
        "3. Выберите «Скопировать ссылку» и пришлите её сюда."
    )
    photo = [{"file_id": "AgAD", "file_unique_id": "u1", "width": 90, "height": 90}]
    for fields in ({"photo": photo},
                   {"sticker": {"file_id": "CAAD", "file_unique_id": "u2", "type": "regular", "width": 512,
                                "height": 512, "is_animated": False, "is_video": False}},
                   {"voice": {"file_id": "AwAD", "file_unique_id": "u3", "duration": 2}}):
        await feed(app, message_of(100, **fields))
        assert last_text(app, 100) == how_to
    # A screenshot with the link in its caption is the link.
    await feed(app, message_of(100, photo=photo, caption="вот https://vk.com/wall-5_1"))
    assert texts_to(app, 100)[-1].startswith("✅ Пост засчитан")
    assert await units_of(app, anna) == 10
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


async def test_me_shows_posts_waiting_for_review(new_member: NewMember, app: App) -> None:
    await manual_moderation(app)
    await new_member(100, "Анна")
    await feed(app, updates.text(100, "https://vk.com/wall-5_1"), updates.text(100, "https://vk.com/wall-5_2"),
               updates.text(100, "/me"))
    assert "📝 Ждут проверки координатора: 2 поста." in last_text(app, 100)


async def test_after_a_rejected_post_the_days_counter_goes_on(new_member: NewMember, app: App, settings) -> None:  # noqa: ANN001
    # Issue 13, item 6: a rejection gave the place back, so "Сегодня: 1 из 10" was shown twice.
    await manual_moderation(app)
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    await new_member(100, "Анна")
    await feed(app, updates.text(100, "https://vk.com/wall-5_1"))
    assert last_text(app, 100).endswith(f"Сегодня: 1 из {settings.post_daily_cap}.")
    (post_id,) = await post_ids(app)
    await feed(app, updates.callback(COORDINATOR, RejectButton(p=post_id, r=RejectReason.NOT_OWN).pack()))
    await feed(app, updates.text(100, "https://vk.com/wall-5_2"))
    assert last_text(app, 100).endswith(f"Сегодня: 2 из {settings.post_daily_cap}.")
    counters = [text[text.index("Сегодня:"):] for text in texts_to(app, 100) if "Сегодня:" in text]
    assert len(counters) == len(set(counters)) == 2
