"""What simulated users do again and again in the end-to-end tests, by pressing the buttons the bot sent.

Registration here is a user journey through the real dialog (the e2e tests are about the
running bot); tests that only need a member in the database use the `new_member` factory.
"""

from __future__ import annotations

import io
import re

import PIL.Image
import zxingcpp

from tests.support.emulator import BotAPIEmulator, SentMessage, SimUser, parse_html

LINK_PREFIX = "https://t.me/vverh_test_bot?start="


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


async def newcomer(
    emulator: BotAPIEmulator, user_id: int, name: str, *, start: str = "/start", expect: str | None = None,
    city: str = "Новосибирск", district: str = "Ленинский",
) -> SimUser:
    """A Telegram user who has just registered through the dialog (see `register`)."""
    user = emulator.user(user_id, name)
    await register(user, start=start, expect=expect, city=city, district=district)
    return user


def seen(message: SentMessage) -> str:
    """The text as the member sees it (HTML tags rendered away)."""
    return parse_html(message.text)[1]


async def invite_payload(user: SimUser) -> str:
    """/invite: the link in the caption, which must be what the QR picture says too."""
    await user.send("/invite")
    invite = await user.wait_message("Пригласите друзей")
    [link] = re.findall(re.escape(LINK_PREFIX) + r"[A-Za-z0-9_-]+", invite.text)
    assert invite.photo is not None
    [code] = zxingcpp.read_barcodes(PIL.Image.open(io.BytesIO(invite.photo)))
    assert code.text == link
    return link.removeprefix(LINK_PREFIX)


async def rating(user: SimUser) -> str:
    """/rating as the member reads it."""
    await user.send("/rating")
    return seen(await user.wait_message("Рейтинг «Зима»"))
