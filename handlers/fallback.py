"""The last routers: privileged commands from the wrong people, and anything nobody handled."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.i18n import Translator
from bot.roles import Actor
from bot.runtime.commands import privileged_names
from handlers.keyboards import main_menu

denied = Router(name=__name__ + ".denied")
fallback = Router(name=__name__)

MAX_TEXT = 4096


@denied.message(Command(*privileged_names()))
async def not_permitted(message: Message, t: Translator) -> None:
    await message.answer(t("not-permitted"))


@fallback.message()
async def unknown(message: Message, t: Translator, actor: Actor | None = None) -> None:
    if message.text and message.text.startswith("/"):
        text = t("unknown-command")
    elif message.text or message.caption:
        text = t("unknown-text")
    else:
        text = t("unknown-content")
    markup = main_menu(t) if actor is not None and actor.member is not None else None
    await message.answer(text, reply_markup=markup)


@fallback.callback_query()
async def stale(query: CallbackQuery, t: Translator) -> None:
    await query.answer(t("stale-button"))
