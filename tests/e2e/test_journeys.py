"""Issue 13 end to end: a newcomer who types instead of pressing, and people who are given a role or moved.

The real bot (`python -m bot`) against the emulator; users type what activists type and
press only the buttons the bot sent.
"""

from __future__ import annotations

from tests.e2e.conftest import ADMIN_ID, BotProcess
from tests.support.emulator import BotAPIEmulator
from tests.support.journeys import newcomer


async def test_a_newcomer_types_every_answer_and_a_stop_word_leaves_a_dialog(
    bot: BotProcess, emulator: BotAPIEmulator,
) -> None:
    user = emulator.user(3001, "Ольга")
    await user.send("/start")
    await user.wait_message("Добро пожаловать")
    await user.press("✅ Согласен(на)")
    cities = await user.wait_message("Выберите ваш город")
    assert "✖ Отмена" in [b["text"] for row in cities.reply_markup["inline_keyboard"] for b in row]
    await user.send("новосибирск")
    await user.wait_message("Город Новосибирск. Выберите ваш избирательный округ")
    await user.send("Ленинскй")                                      # a slip of the finger
    await user.wait_message("Может быть, вы имели в виду")
    await user.press("Ленинский")
    await user.wait_message("Как подписать вас")
    await user.send("Ольга Смирнова")
    await user.wait_message("Оставьте телефон")
    await user.send("позвоните мне")
    await user.wait_message("Не похоже на номер телефона")
    await user.send("8 (910) 123-45-67")
    done = await user.wait_message("Готово")
    assert "Вы в команде «Ленинский» (Новосибирск)" in done.text and "Как получить баллы" in done.text
    assert bot.query("SELECT display_name, phone FROM members WHERE tg_id = 3001") == [
        ("Ольга Смирнова", "+79101234567")
    ]
    # «стоп» typed in the middle of a dialog ends it; the name stays as it was.
    await user.press_reply("👤 Мой профиль")
    profile = await user.wait_message("Ваш Telegram ID")
    assert "Ваш Telegram ID: <code>3001</code>" in profile.text and "Баллов пока нет" in profile.text
    await user.press("✏️ Изменить имя")
    await user.wait_message("Напишите новое имя")
    await user.send("стоп")
    await user.wait_message("Отменено.")
    assert bot.query("SELECT display_name FROM members WHERE tg_id = 3001") == [("Ольга Смирнова",)]


async def test_people_given_a_role_or_moved_are_told_and_a_typed_cancel_is_no_announcement(
    bot: BotProcess, emulator: BotAPIEmulator,
) -> None:
    admin = emulator.user(ADMIN_ID, "Админ")
    karina = await newcomer(emulator, 3101, "Карина")
    oleg = await newcomer(emulator, 3102, "Олег")

    await admin.send("/grant_coordinator 3101 новосиб")
    await admin.wait_message("✅ 3101 — координатор: Новосибирск.")
    told = await karina.wait_message("Вас назначили координатором")
    assert told.text.startswith("🎉 Вас назначили координатором: Новосибирск.") and "/panel" in told.text

    await karina.send("/grant_organiser 3102 NSK-2")
    await karina.wait_message("✅ 3102 — организатор")
    how_to = await oleg.wait_message("Вас назначили организатором")
    assert "/newmeeting — создать встречу" in how_to.text

    await karina.send("/move 3102 NSK-1")
    await karina.wait_message("теперь в команде «Центральный»")
    moved = await oleg.wait_message("Координатор перевёл вас в другую команду")
    assert "Центральный (Новосибирск)" in moved.text

    await karina.send("/grant_organiser @nobody_here NSK-1")
    refused = await karina.wait_message("Не нашёл пользователя @nobody_here")
    assert "Сначала он должен открыть бота" in refused.text

    # «Отмена» typed while the announcement is being written ends the dialog, and nobody gets «Отмена».
    await karina.send("/announce")
    await karina.wait_message("Пришлите текст объявления")
    await karina.send("Отмена")
    await karina.wait_message("Отменено.")
    await oleg.expect_silence(0.5)
    assert bot.query("SELECT COUNT(*) FROM broadcasts") == [(0,)]
    assert not any(m.text == "Отмена" for m in oleg.messages)

    await karina.send("/revoke_organiser 3102 NSK-2")
    await oleg.wait_message("Роль организатора снята")
