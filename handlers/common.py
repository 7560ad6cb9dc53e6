"""Commands for everyone: /help, /lang, /privacy, /cancel."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    CallbackQuery,
    InlineKeyboardMarkup,
    Message,
    ReplyKeyboardRemove,
)

from bot import membership
from bot.i18n import I18n, Translator
from bot.roles import Actor, Role
from bot.runtime.commands import commands_for
from bot.runtime.config import Settings
from bot.runtime.filters import AccessibleMessage
from handlers.keyboards import button, main_menu
from scheduler.clock import Clock
from storage import members as member_store
from storage.db import Database

router = Router(name=__name__)
router.callback_query.filter(AccessibleMessage())

LANGUAGE_NAMES = {"ru": "Русский", "en": "English"}


class PickLanguage(CallbackData, prefix="lang"):
    code: str


def help_text(t: Translator, actor: Actor) -> str:
    lines = [t("help-title")]
    for command in commands_for(actor.role, menu_only=True):
        lines.append(f"/{command.name} — {t('cmd-' + command.name)}")
    if actor.role >= Role.COORDINATOR:
        lines.append("")
        lines.append(t("help-coordinator-usage"))
    return "\n".join(lines)


@router.message(Command("help"))
async def show_help(message: Message, t: Translator, actor: Actor) -> None:
    await message.answer(help_text(t, actor))


@router.message(Command("lang"))
async def choose_language(message: Message, t: Translator) -> None:
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[button(name, PickLanguage(code=code)) for code, name in LANGUAGE_NAMES.items()]]
    )
    await message.answer(t("lang-choose"), reply_markup=markup)


@router.callback_query(PickLanguage.filter())
async def language_picked(
    query: CallbackQuery, message: Message, callback_data: PickLanguage, db: Database, clock: Clock, i18n: I18n,
    actor: Actor, bot: Bot,
) -> None:
    if callback_data.code not in i18n.locales:
        await query.answer(i18n.get(None)("stale-button"))
        return
    await membership.set_locale(db, tg_id=query.from_user.id, locale=callback_data.code, now=clock.now())
    t = i18n.get(callback_data.code)
    await query.answer()
    await message.edit_text(t("lang-set"))
    markup = main_menu(t) if actor.member is not None else None
    await message.answer(t("lang-menu-updated") if markup else t("lang-continue"), reply_markup=markup)
    await set_chat_commands(bot, query.from_user.id, t, actor.role)


async def set_chat_commands(bot: Bot, chat_id: int, t: Translator, role: Role) -> None:
    """The "/" menu of one chat, in that user's language and for their role."""
    await bot.set_my_commands(
        [BotCommand(command=c.name, description=t("cmd-" + c.name)[:256]) for c in commands_for(role, menu_only=True)],
        scope=BotCommandScopeChat(chat_id=chat_id),
    )


@router.message(Command("privacy"))
async def privacy(message: Message, t: Translator, actor: Actor, db: Database, settings: Settings) -> None:
    text = t("privacy-text", org=settings.org_name, version=membership.CONSENT_VERSION)
    if actor.member is not None:
        async with db.reading() as conn:
            consent = await member_store.latest_consent(conn, actor.member.id)
        if consent is not None:
            text += "\n\n" + t("privacy-your-consent", version=consent[0], date=consent[1][:10])
    if settings.privacy_url:
        text += "\n\n" + t("privacy-full-text", url=settings.privacy_url)
    await message.answer(text)


@router.message(Command("cancel"))
async def cancel(message: Message, state: FSMContext, t: Translator, actor: Actor) -> None:
    current = await state.get_state()
    await state.clear()
    markup = main_menu(t) if actor.member is not None else ReplyKeyboardRemove()
    await message.answer(t("cancelled") if current else t("nothing-to-cancel"), reply_markup=markup)
