"""Issue 13 through the real dispatcher: zero points, roles told, typed answers, /cancel words, /help."""

from __future__ import annotations

from aiogram.methods import SendMessage

from bot.model import GrantedRole
from bot.runtime.app import App
from handlers.cancel import CancelDialog
from handlers.registration import ConsentAnswer, DistrictPick, KeepName
from storage.db import fetch_value
from tests.handlers.test_points import COORDINATOR
from tests.support import updates
from tests.support.chat import feed, last_text, requests, texts_to
from tests.support.factories import NewMember, grant

POST = "https://vk.com/wall-100_7"


async def start_registration(app: App, tg_id: int) -> None:
    await feed(app, updates.text(tg_id, "/start", first_name="Анна"),
               updates.callback(tg_id, ConsentAnswer(agree=True).pack()))


async def member_row(app: App, tg_id: int) -> tuple[int, str | None] | None:
    async with app.db.reading() as conn:
        district = await fetch_value(conn, "SELECT district_id FROM members WHERE tg_id = ?", (tg_id,))
        phone = await fetch_value(conn, "SELECT phone FROM members WHERE tg_id = ?", (tg_id,))
    return None if district is None else (district, phone)


# -- item 2: a member with no points ---------------------------------------------------------------

async def test_a_member_with_no_points_is_told_how_to_earn_the_first_not_a_place_among_zeros(
    new_member: NewMember, app: App
) -> None:
    await new_member(100, "Анна")
    await new_member(101, "Борис")
    await feed(app, updates.text(101, "/me"))
    me = last_text(app, 101)
    assert "Баллов пока нет, поэтому и места в рейтинге пока нет. Первый балл проще всего получить за пост" in me
    assert "ещё 0" not in me and "Место:" not in me and "0.1" not in me and "0,1" not in me
    await feed(app, updates.text(101, "/rating"))
    board = last_text(app, 101)
    assert "Пока никто не набрал баллов." in board
    assert "У вас пока нет баллов, поэтому места в рейтинге нет." in board and "место из" not in board
    # One post later the place and the gap come back, with a decimal comma.
    await feed(app, updates.text(100, POST), updates.text(101, "https://vk.com/wall-100_8"))
    await feed(app, updates.text(101, "/me"))
    assert "Место: 2 из 2" in last_text(app, 101) or "Место: 1 из 2" in last_text(app, 101)


# -- item 3: roles and moves are told --------------------------------------------------------------

async def test_a_new_organiser_is_told_with_a_how_to_and_told_again_when_removed(
    new_member: NewMember, app: App
) -> None:
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    await new_member(100, "Анна")
    await feed(app, updates.text(COORDINATOR, "/grant_organiser 100 NSK-1"))
    assert last_text(app, COORDINATOR) == "✅ 100 — организатор: Центральный (NSK-1)."
    told = last_text(app, 100)
    assert told.startswith("🎉 Вас назначили организатором: Центральный (NSK-1).")
    assert "/newmeeting — создать встречу" in told and "/mymeetings" in told and "/panel" in told
    await feed(app, updates.text(COORDINATOR, "/revoke_organiser 100 NSK-1"))
    assert last_text(app, 100) == (
        "Роль организатора снята: Центральный (NSK-1). Если это ошибка, напишите координатору."
    )


async def test_a_new_coordinator_of_everything_reads_all_districts_not_a_star(new_member: NewMember, app: App) -> None:
    await new_member(100, "Анна")
    await feed(app, updates.text(1, "/grant_coordinator 100 все"))
    assert last_text(app, 1) == "✅ 100 — координатор: все округа."
    assert last_text(app, 100).startswith("🎉 Вас назначили координатором: все округа.")
    assert "/moderate" in last_text(app, 100)


async def test_granting_to_someone_who_never_opened_the_bot_says_what_to_do(app: App) -> None:
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    await feed(app, updates.text(COORDINATOR, "/grant_organiser @nobody_here NSK-1"))
    assert last_text(app, COORDINATOR) == (
        "Не нашёл пользователя @nobody_here. Сначала он должен открыть бота и нажать /start. "
        "Потом укажите его @ник или Telegram ID — он виден у него в «👤 Мой профиль»."
    )


async def test_me_shows_the_telegram_id_staff_need(new_member: NewMember, app: App) -> None:
    await new_member(123456, "Анна")
    await feed(app, updates.text(123456, "/me"))
    assert "Ваш Telegram ID: <code>123456</code>" in last_text(app, 123456)


async def test_a_member_moved_by_a_coordinator_is_told_their_new_team(new_member: NewMember, app: App) -> None:
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    await new_member(100, "Анна")
    await feed(app, updates.text(COORDINATOR, "/move 100 NSK-2"))
    assert last_text(app, COORDINATOR) == "✅ Анна теперь в команде «Ленинский» (Новосибирск)."
    assert last_text(app, 100).startswith("🔁 Координатор перевёл вас в другую команду: Ленинский (Новосибирск).")


# -- item 5: typed answers in registration, cancel words everywhere --------------------------------

async def test_registration_takes_a_typed_city_district_and_phone(app: App) -> None:
    await start_registration(app, 500)
    await feed(app, updates.text(500, "новосибирск"))
    assert "Город Новосибирск. Выберите ваш избирательный округ" in last_text(app, 500)
    await feed(app, updates.text(500, "ленинский"))
    assert "✅ Округ: Ленинский (Новосибирск)." in texts_to(app, 500)
    await feed(app, updates.callback(500, KeepName().pack(), first_name="Анна"))
    await feed(app, updates.text(500, "пишите мне"))
    assert last_text(app, 500).startswith("Не похоже на номер телефона. Напишите его, например 89101234567")
    await feed(app, updates.text(500, "8 (910) 123-45-67"))
    assert "Готово, Анна" in last_text(app, 500)
    assert await member_row(app, 500) == (2, "+79101234567")


async def test_a_near_miss_is_asked_about_with_buttons(app: App) -> None:
    await start_registration(app, 501)
    await feed(app, updates.text(501, "Новосибрск"))
    sent = [m for m in requests(app) if isinstance(m, SendMessage) and m.chat_id == 501][-1]
    assert sent.text == "Может быть, вы имели в виду один из этих вариантов? Нажмите нужный."
    assert sent.reply_markup.inline_keyboard[0][0].text == "Новосибирск"
    await feed(app, updates.text(501, "Париж"))
    assert "Не нашёл город «Париж». Выберите его кнопкой ниже." in texts_to(app, 501)
    # The typed code of a district works as well as its name.
    await feed(app, updates.text(501, "Томск"), updates.text(501, "tom-1"))
    assert "✅ Округ: Томский (Томск)." in texts_to(app, 501)


async def test_typed_cancel_words_end_any_dialog_and_are_never_an_announcement(new_member: NewMember, app: App) -> None:
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    await new_member(COORDINATOR, "Карина")
    await new_member(100, "Анна")
    await feed(app, updates.text(COORDINATOR, "/announce"), updates.text(COORDINATOR, "Отмена"))
    assert last_text(app, COORDINATOR) == "Отменено."
    await feed(app, updates.text(COORDINATOR, "Всем привет"))
    assert "Не понял" in last_text(app, COORDINATOR) or "Отправить объявление" not in last_text(app, COORDINATOR)
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT COUNT(*) FROM broadcasts") == 0
    for word in ("стоп", "НАЗАД", "отмена."):
        await feed(app, updates.text(100, "👤 Мой профиль"), updates.callback(100, "prof:rename"))
        await feed(app, updates.text(100, word))
        assert last_text(app, 100) == "Отменено."
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT display_name FROM members WHERE tg_id = 100") == "Анна"


async def test_registration_carries_an_inline_cancel_button(app: App) -> None:
    await start_registration(app, 502)
    sent = [m for m in requests(app) if isinstance(m, SendMessage) and m.chat_id == 502][-1]
    assert sent.reply_markup.inline_keyboard[-1][0].text == "✖ Отмена"
    await feed(app, updates.callback(502, CancelDialog().pack()))
    assert last_text(app, 502) == "Регистрация прервана. Продолжить — /start."
    await feed(app, updates.text(502, "стоп"))
    assert last_text(app, 502) != "Отменено."  # outside a dialog the word is just text


async def test_a_district_button_still_works_after_a_typed_near_miss(app: App) -> None:
    await start_registration(app, 503)
    await feed(app, updates.text(503, "Новосибирск"), updates.text(503, "Ленинскй"))
    assert last_text(app, 503) == "Может быть, вы имели в виду один из этих вариантов? Нажмите нужный."
    await feed(app, updates.callback(503, DistrictPick(id=2).pack()))
    assert "✅ Округ: Ленинский (Новосибирск)." in texts_to(app, 503)


# -- item 10: /help starts with how points are earned ----------------------------------------------

async def test_help_starts_with_the_campaigns_four_rules_then_commands(new_member: NewMember, app: App) -> None:
    await new_member(100, "Анна")
    await feed(app, updates.text(100, "/help"))
    text = last_text(app, 100)
    assert text.startswith("<b>Как получить баллы</b>\n📣 Пост с материалом кампании — 1 балл, до 10 постов в день")
    assert "🤝 Встреча — 20 баллов" in text and "✉️ Друг, который вступил по вашей ссылке, — 10 баллов" in text
    assert "➕ И ещё 30 % от баллов" in text
    assert text.index("Как получить баллы") < text.index("/rating")
    assert "/grant_organiser" not in text


async def test_staff_help_gives_an_example_for_each_tool(app: App) -> None:
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    await feed(app, updates.text(COORDINATOR, "/help"))
    text = last_text(app, COORDINATOR)
    assert "<code>/grant_organiser @anna_k NSK-1</code> — Анна станет организатором округа NSK-1." in text
    assert "<code>/revoke 17 пост удалён</code>" in text and "<code>/newmeeting</code>" in text
    assert "/grant_coordinator" not in text  # admins' tools are not a coordinator's


# -- item 7: the digest's figures agree ------------------------------------------------------------

async def test_the_digest_counts_new_posts_as_it_counts_all_posts(new_member: NewMember, app: App) -> None:
    from bot.posts import RejectReason
    from handlers.points_admin import RejectButton
    from tests.handlers.test_points import ModerationAction, manual_moderation, press

    await manual_moderation(app)
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    await new_member(100, "Анна")
    await feed(app, updates.text(100, POST), updates.text(100, "https://t.me/vverh_news/9"))
    async with app.db.reading() as conn:
        first, second = [r[0] for r in await conn.execute_fetchall("SELECT id FROM posts ORDER BY id")]
    await feed(app, updates.callback(COORDINATOR, press(ModerationAction.APPROVE, first)),
               updates.callback(COORDINATOR, press(ModerationAction.REJECT, second)),
               updates.callback(COORDINATOR, RejectButton(p=second, r=RejectReason.UNAVAILABLE).pack()))
    await feed(app, updates.text(COORDINATOR, "/digest"))
    text = texts_to(app, COORDINATOR)[-2]
    assert "📣 Посты: 1 (+1 за сутки)" in text


async def test_plain_questions_get_the_short_answer_instead_of_not_understood(new_member: NewMember, app: App) -> None:
    await new_member(100, "Анна")
    await feed(app, updates.text(100, "как получить баллы?"))
    answer = last_text(app, 100)
    assert answer.startswith("<b>Как получить баллы</b>\n📣 Пост с материалом кампании — 1 балл")
    assert "Не понял" not in answer and answer.endswith("Все команды — /help.")
    await feed(app, updates.text(100, "сколько у меня баллов"))
    assert last_text(app, 100).startswith("🏆 Баллы: <b>0</b>\nБаллов пока нет")
    await feed(app, updates.text(100, "что делать?"))
    assert last_text(app, 100).startswith("С чего начать: поделитесь материалом кампании")
    await feed(app, updates.text(100, "просто текст"))
    assert "Не понял сообщение" in last_text(app, 100)


# -- item 11: the staff panel ----------------------------------------------------------------------

async def test_staff_get_a_panel_whose_buttons_start_the_same_handlers(new_member: NewMember, app: App) -> None:
    from handlers.panel import PanelButton

    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    await new_member(COORDINATOR, "Карина")
    await new_member(100, "Анна")
    await feed(app, updates.text(COORDINATOR, "/start"))
    menu = [m for m in requests(app) if isinstance(m, SendMessage) and m.chat_id == COORDINATOR][-1]
    assert [b.text for b in menu.reply_markup.keyboard[-1]] == ["🧰 Панель"]
    await feed(app, updates.text(100, "/start"))
    member_menu = [m for m in requests(app) if isinstance(m, SendMessage) and m.chat_id == 100][-1]
    assert "🧰 Панель" not in [b.text for row in member_menu.reply_markup.keyboard for b in row]

    await feed(app, updates.text(COORDINATOR, "🧰 Панель"))
    panel = [m for m in requests(app) if isinstance(m, SendMessage) and m.chat_id == COORDINATOR][-1]
    labels = [row[0].text for row in panel.reply_markup.inline_keyboard]
    assert panel.text.startswith("🧰 <b>Ваши инструменты</b>")
    assert "Создать встречу" in labels and "Проверка постов" in labels and "Объявление участникам" in labels
    assert "Назначить координатора" not in labels          # an admin's tool
    await feed(app, updates.callback(COORDINATOR, PanelButton(command="announce").pack()))
    assert last_text(app, COORDINATOR).startswith("Пришлите текст объявления")
    await feed(app, updates.text(COORDINATOR, "стоп"))
    assert last_text(app, COORDINATOR) == "Отменено."
    await feed(app, updates.callback(COORDINATOR, PanelButton(command="grant_organiser").pack()))
    assert last_text(app, COORDINATOR).startswith("Формат: <code>/grant_organiser @ник КОД_ОКРУГА</code>")
    # A member cannot use a forged panel button.
    await feed(app, updates.callback(100, PanelButton(command="announce").pack()))
    assert not last_text(app, 100).startswith("Пришлите текст объявления")


# -- item 14: admin commands take the dates and city names people type ------------------------------

async def test_new_campaign_takes_dates_as_people_type_them(app: App) -> None:
    await feed(app, updates.text(1, "/new_campaign Весна-2027 01.03.2027 31.05.2027"))
    assert last_text(app, 1) == "✅ Кампания «Весна-2027»: 01.03.2027 — 31.05.2027."
    await feed(app, updates.text(1, "/new_campaign Лето 2027-06-01 2027-08-31"))
    assert last_text(app, 1) == "✅ Кампания «Лето»: 01.06.2027 — 31.08.2027."
    await feed(app, updates.text(1, "/new_campaign Осень 31.09.2027 30.11.2027"))
    assert last_text(app, 1).startswith("Формат: <code>/new_campaign Название 01.12.2026 28.02.2027</code>")
    await feed(app, updates.text(1, "/campaigns"))
    assert "• Весна-2027: 01.03.2027 — 31.05.2027 (запланирована)" in last_text(app, 1)


async def test_a_city_is_found_by_the_beginning_of_its_name_when_only_one_fits(new_member: NewMember, app: App) -> None:
    await new_member(100, "Анна")
    await feed(app, updates.text(1, "/grant_coordinator 100 новосиб"))
    assert last_text(app, 1) == "✅ 100 — координатор: Новосибирск."
    await feed(app, updates.text(1, "/grant_coordinator 100 Том"))
    assert last_text(app, 1) == "✅ 100 — координатор: Томск."
    await feed(app, updates.text(1, "/grant_coordinator 100 О"))          # too short to be sure
    assert last_text(app, 1).startswith("Не нашёл округ или город «О»")


# -- item 12: invitations --------------------------------------------------------------------------

async def test_the_inviter_sees_who_joined_gets_a_share_button_and_hears_of_the_first_share(
    new_member: NewMember, app: App
) -> None:
    from urllib.parse import parse_qs, urlsplit

    from aiogram.methods import SendPhoto

    anna = await new_member(100, "Анна")
    await new_member(101, "Борис", referrer=anna)
    await new_member(102, "Вера", referrer=anna)
    await feed(app, updates.text(101, POST))
    told = [t for t in texts_to(app, 100) if t.startswith("💸")]
    assert told == ["💸 Первая доля от приглашённых: Борис получил(а) баллы, и вам начислено +0,3 балла — 30 % от его "
                    "баллов. Так будет с каждым баллом ваших приглашённых за посты и встречи."]
    await feed(app, updates.text(102, "https://vk.com/wall-100_9"))
    assert len([t for t in texts_to(app, 100) if t.startswith("💸")]) == 1      # the first one only

    await feed(app, updates.text(100, "/invite"))
    photo = [m for m in requests(app) if isinstance(m, SendPhoto) and m.chat_id == 100][-1]
    share = photo.reply_markup.inline_keyboard[0][0]
    assert share.text == "📤 Поделиться"
    query = parse_qs(urlsplit(share.url).query)
    assert share.url.startswith("https://t.me/share/url?") and query["url"][0].startswith("https://t.me/")
    assert query["text"][0] == "Присоединяйся к команде «ВВЕРХ»: поддерживаем кампанию онлайн и на встречах."
    assert last_text(app, 100) == (
        "<b>Присоединились по вашей ссылке:</b>\n1. Борис — 1 балл\n2. Вера — 1 балл"
    )


async def test_a_newcomer_is_told_who_invited_them(new_member: NewMember, app: App) -> None:
    from bot import membership

    anna = await new_member(100, "Анна Кузнецова")
    await membership.first_contact(app.db, tg_id=600, referrer_id=anna.id, secret=app.dp["qr_secret"],
                                   now=app.clock.now())
    await start_registration(app, 600)
    await feed(app, updates.text(600, "Томск"), updates.text(600, "Томский"),
               updates.callback(600, KeepName().pack(), first_name="Борис"),
               updates.text(600, "Пропустить"))
    done = last_text(app, 600)
    assert done.startswith("🎉 Готово, Борис! Вы в команде «Томский» (Томск). Меню — внизу.\n"
                           "Вас пригласил(а) Анна Кузнецова — спасибо, что присоединились!")
    assert "<b>Как получить баллы</b>" in done


# -- item 9: dates and durations in words ----------------------------------------------------------

async def test_the_consent_line_shows_the_date_as_people_write_it(new_member: NewMember, app: App) -> None:
    await new_member(100, "Анна")
    await feed(app, updates.text(100, "/privacy"))
    assert "Вы дали согласие (версия 2026-11-v1) 10.12.2026." in last_text(app, 100)


def test_durations_are_written_in_words() -> None:
    from bot.broadcasts import format_duration
    from bot.i18n import I18n

    t = I18n("ru").get("ru")
    assert format_duration(t, 200) == "3 мин 20 с"
    assert format_duration(t, 0) == "0 с"
    assert format_duration(t, 7500) == "2 ч 5 мин"
    assert format_duration(I18n("ru").get("en"), 42) == "42 s"


async def test_long_dialogs_carry_an_inline_cancel_button(new_member: NewMember, app: App) -> None:
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    await new_member(COORDINATOR, "Карина")
    for command in ("/announce", "/publish", "/import_districts"):
        await feed(app, updates.text(COORDINATOR, command))
        sent = [m for m in requests(app) if isinstance(m, SendMessage) and m.chat_id == COORDINATOR][-1]
        assert sent.reply_markup.inline_keyboard[-1][0].text == "✖ Отмена", command
        await feed(app, updates.callback(COORDINATOR, CancelDialog().pack()))
        assert last_text(app, COORDINATOR) == "Отменено."
