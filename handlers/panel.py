"""The staff panel: an organiser's or coordinator's tools as buttons (/panel, or «🧰 Панель» in the menu).

A button starts the very handler its command does: the press is handed to the routers as
that command typed by the same person, so permissions, dialogs and answers are the same.
"""

from __future__ import annotations

from typing import Any

from aiogram import Dispatcher, F, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message, MessageEntity

from bot.i18n import Translator
from bot.roles import Actor, Role
from bot.runtime.commands import BY_NAME, commands_for
from bot.runtime.filters import AccessibleMessage, MenuButton
from handlers.keyboards import button

router = Router(name=__name__)
router.callback_query.filter(AccessibleMessage())

# Data of the pressed button that must not leak into the command's handler.
_PRESS_ONLY = ("handler", "callback_data", "event_router")


class PanelButton(CallbackData, prefix="panel"):
    command: str


def tools(role: Role) -> list[str]:
    return [c.name for c in commands_for(role, menu_only=True) if c.role > Role.MEMBER and c.name != "panel"]


def panel_keyboard(t: Translator, role: Role) -> InlineKeyboardMarkup:
    rows = []
    for name in tools(role):
        label = t("cmd-" + name)
        rows.append([button(label[:1].upper() + label[1:], PanelButton(command=name))])
    return InlineKeyboardMarkup(inline_keyboard=rows)


@router.message(Command("panel"))
@router.message(MenuButton("menu-panel"))
async def show_panel(message: Message, t: Translator, actor: Actor) -> None:
    await message.answer(t("panel-title"), reply_markup=panel_keyboard(t, actor.role))


@router.callback_query(PanelButton.filter(F.command.in_(set(BY_NAME))))
async def tool_pressed(
    query: CallbackQuery, message: Message, callback_data: PanelButton, dispatcher: Dispatcher, actor: Actor,
    t: Translator, **data: Any,
) -> None:
    if callback_data.command not in tools(actor.role):
        await query.answer(t("not-permitted"), show_alert=True)
        return
    await query.answer()
    text = "/" + callback_data.command
    typed = message.model_copy(update={
        "from_user": query.from_user, "text": text, "caption": None, "photo": None, "reply_markup": None,
        "entities": [MessageEntity(type="bot_command", offset=0, length=len(text))],
    }).as_(query.bot)
    passed = {key: value for key, value in data.items() if key not in _PRESS_ONLY}
    await dispatcher.propagate_event("message", typed, dispatcher=dispatcher, actor=actor, t=t, **passed)
