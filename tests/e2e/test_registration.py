"""A newcomer registers into their district team by pressing the buttons the bot sent."""

from __future__ import annotations

from tests.e2e.conftest import ADMIN_ID, BotProcess
from tests.support.emulator import BotAPIEmulator
from tests.support.journeys import newcomer

MENU = ["📣 Поддержи онлайн!", "🤝 Офлайн-встречи", "🏆 Рейтинг", "👤 Мой профиль", "✉️ Пригласить", "❓ Помощь"]


async def test_a_newcomer_registers_in_a_few_taps_and_lands_in_the_right_team(
    bot: BotProcess, emulator: BotAPIEmulator
) -> None:
    user = emulator.user(1001, "Иван", username="ivan")
    await user.send("/start")
    welcome = await user.wait_message("Добро пожаловать")
    assert "/privacy" in welcome.text
    await user.press("✅ Согласен(на)")
    cities = await user.wait_message("Выберите ваш город")
    assert {"Новосибирск", "Омск", "Томск"} <= set(_buttons(cities))
    await user.press("Новосибирск")
    districts = await user.wait_message("Выберите ваш избирательный округ")
    assert {"Центральный", "Ленинский", "Кировский", "← Другой город"} <= set(_buttons(districts))
    await user.press("Ленинский")
    await user.wait_message("Как подписать вас")
    await user.send("Иван Петров")
    await user.wait_message("Имя в рейтинге: Иван Петров")
    await user.wait_message("Оставьте телефон")
    await user.send_contact("+79991234567")
    done = await user.wait_message("Готово")
    assert "Ленинский" in done.text and "Новосибирск" in done.text
    assert _reply_buttons(done) == MENU
    rows = bot.query(
        "SELECT m.display_name, m.phone, d.code FROM members m JOIN districts d ON d.id = m.district_id"
        " WHERE m.tg_id = 1001",
    )
    assert rows == [("Иван Петров", "+79991234567", "NSK-2")]
    assert bot.query("SELECT COUNT(*) FROM consents") == [(1,)]


async def test_declining_consent_stores_nothing_and_explains(bot: BotProcess, emulator: BotAPIEmulator) -> None:
    user = emulator.user(1002, "Мария")
    await user.send("/start")
    await user.wait_message("Добро пожаловать")
    await user.press("❌ Не согласен(на)")
    answer = await user.wait_message("Без согласия")
    assert "ничего о вас не сохранили" in answer.text
    assert bot.query("SELECT COUNT(*) FROM members") == [(0,)]
    assert bot.query("SELECT COUNT(*) FROM telegram_users WHERE tg_id = 1002") == [(0,)]
    assert bot.query("SELECT COUNT(*) FROM fsm") == [(0,)]


async def test_registration_continues_after_a_restart(bot: BotProcess, emulator: BotAPIEmulator) -> None:
    user = emulator.user(1003, "Пётр")
    await user.send("/start")
    await user.wait_message("Добро пожаловать")
    await user.press("✅ Согласен(на)")
    await user.wait_message("Выберите ваш город")
    await user.press("Омск")
    await user.wait_message("Выберите ваш избирательный округ")
    await bot.restart()
    # The district keyboard sent before the restart still works.
    await user.press("Омский центральный")
    await user.wait_message("Как подписать вас")
    await bot.restart()
    await user.send("/start")
    await user.wait_message("Продолжим регистрацию")
    await user.wait_message("Как подписать вас")
    await user.send("Пётр Иванов")
    await user.wait_message("Оставьте телефон")
    await user.press_reply("Пропустить")
    await user.wait_message("Готово")
    assert bot.query("SELECT d.code FROM members m JOIN districts d ON d.id = m.district_id WHERE m.tg_id = 1003") == [
        ("OMS-1",)
    ]


async def test_a_second_start_shows_the_menu_not_a_second_registration(
    bot: BotProcess, emulator: BotAPIEmulator
) -> None:
    user = await newcomer(emulator, 1004, "Ольга")
    await user.send("/start")
    again = await user.wait_message("С возвращением")
    assert _reply_buttons(again) == MENU
    assert bot.query("SELECT COUNT(*) FROM members WHERE tg_id = 1004") == [(1,)]


async def test_someone_elses_contact_is_refused(bot: BotProcess, emulator: BotAPIEmulator) -> None:
    user = emulator.user(1005, "Нина")
    await user.send("/start")
    await user.wait_message("Добро пожаловать")
    await user.press("✅ Согласен(на)")
    await user.wait_message("Выберите ваш город")
    await user.press("Томск")
    await user.wait_message("Выберите ваш избирательный округ")
    await user.press("Томский")
    await user.wait_message("Как подписать вас")
    await user.press("Оставить «Нина»")
    await user.wait_message("Оставьте телефон")
    await user.send_contact("+70000000000", user_id=999)
    await user.wait_message("Это не ваш номер")
    await user.send("какой-то текст")
    await user.wait_message("Не похоже на номер телефона")
    await user.press_reply("Пропустить")
    await user.wait_message("Готово")
    assert bot.query("SELECT phone FROM members WHERE tg_id = 1005") == [(None,)]


async def test_a_member_trying_a_coordinator_command_is_told_it_is_not_permitted(
    bot: BotProcess, emulator: BotAPIEmulator
) -> None:
    user = await newcomer(emulator, 1006, "Глеб")
    for command in (
        "/grant_organiser @someone NSK-1",
        "/import_districts",
        "/grant_coordinator 5 все",
        "/move @x NSK-1",
    ):
        await user.send(command)
        await user.wait_message("недоступна")
    assert bot.query("SELECT COUNT(*) FROM roles") == [(0,)]


async def test_a_coordinator_imports_districts_by_sending_the_file(bot: BotProcess, emulator: BotAPIEmulator) -> None:
    admin = emulator.user(ADMIN_ID, "Админ")
    bad = "code,name,city\nBRN-1,Барнаул-1,Барнаул\nBRN-2,,Барнаул\nBRN-1,Дубль,Барнаул\n".encode()
    await admin.send_document(bad, "districts.csv")
    report = await admin.wait_message("ничего не изменено")
    assert "Строка 3" in report.text and "Строка 4" in report.text
    assert bot.query("SELECT COUNT(*) FROM districts WHERE code LIKE 'BRN-%'") == [(0,)]
    good = "\ufeffcode;name;city\nBRN-1;Барнаул-1;Барнаул\nBRN-2;Барнаул-2;Барнаул\n".encode()
    await admin.send_document(good, "districts.csv")
    await admin.wait_message("добавлено 2")
    assert bot.query("SELECT COUNT(*) FROM districts WHERE code LIKE 'BRN-%'") == [(2,)]


async def test_a_coordinator_appoints_an_organiser_in_scope_only(bot: BotProcess, emulator: BotAPIEmulator) -> None:
    admin = emulator.user(ADMIN_ID, "Админ")
    await admin.send("/grant_coordinator 2001 Новосибирск")
    await admin.wait_message("координатор")
    coordinator = emulator.user(2001, "Коорд")
    await coordinator.send("/grant_organiser 2002 NSK-1")
    await coordinator.wait_message("организатор")
    await coordinator.send("/grant_organiser 2003 OMS-1")
    await coordinator.wait_message("вне вашей зоны")
    assert bot.query("SELECT tg_id, role, scope_kind FROM roles ORDER BY tg_id") == [
        (2001, "coordinator", "city"), (2002, "organiser", "district")
    ]


async def test_language_switch_changes_texts_and_menu(bot: BotProcess, emulator: BotAPIEmulator) -> None:
    user = await newcomer(emulator, 1007, "Анна")
    await user.send("/lang")
    await user.wait_message("Choose your language")
    await user.press("English")
    updated = await user.wait_message("The menu is updated")
    assert "🏆 Rating" in _reply_buttons(updated)
    await user.send("/help")
    help_text = await user.wait_message("How to earn points")
    assert "/rating" in help_text.text and "/grant_coordinator" not in help_text.text


async def test_unknown_text_and_commands_get_a_hint(bot: BotProcess, emulator: BotAPIEmulator) -> None:
    user = await newcomer(emulator, 1008, "Лев")
    await user.send("/nonsense")
    await user.wait_message("Такой команды нет")
    await user.send("просто текст без смысла")
    await user.wait_message("Не понял сообщение")


async def test_deleting_my_data_erases_it_after_confirmation(bot: BotProcess, emulator: BotAPIEmulator) -> None:
    user = await newcomer(emulator, 1009, "Вера")
    await user.send("/delete_me")
    await user.wait_message("Удалить ваши данные?")
    await user.press("Нет, оставить")
    await user.wait_message("ничего не удалено")
    await user.send("/delete_me")
    await user.wait_message("Удалить ваши данные?")
    await user.press("🗑 Да, удалить")
    await user.wait_message("Ваши данные удалены")
    assert bot.query("SELECT tg_id, display_name, status FROM members") == [(None, "#1", "deleted")]
    await user.send("/start")
    await user.wait_message("Добро пожаловать")


def _buttons(message) -> list[str]:  # noqa: ANN001
    markup = message.reply_markup or {}
    return [b["text"] for row in markup.get("inline_keyboard", []) for b in row]


def _reply_buttons(message) -> list[str]:  # noqa: ANN001
    markup = message.reply_markup or {}
    return [b["text"] for row in markup.get("keyboard", []) for b in row]
