"""What simulated users do again and again in the end-to-end tests, by pressing the buttons the bot sent."""

from __future__ import annotations

from tests.support.emulator import SentMessage, SimUser


async def register(
    user: SimUser, *, start: str = "/start", expect: str | None = None,
    city: str = "Новосибирск", district: str = "Ленинский",
) -> SentMessage:
    """Register as a newcomer would, keeping the Telegram name; returns the "done" message.

    `expect` is a message that must come before the welcome (e.g. about the link opened).
    """
    await user.send(start)
    if expect is not None:
        await user.wait_message(expect)
    await user.wait_message("Добро пожаловать")
    await user.press("✅ Согласен(на)")
    await user.wait_message("Выберите ваш город")
    await user.press(city)
    await user.wait_message("Выберите ваш избирательный округ")
    await user.press(district)
    await user.wait_message("Как подписать вас")
    await user.press(f"Оставить «{user.first_name}»")
    await user.wait_message("Оставьте телефон")
    await user.press_reply("Пропустить")
    return await user.wait_message("Готово")
