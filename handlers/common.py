"""Commands for everyone: /help, /lang, /privacy, /cancel."""

from __future__ import annotations

from enum import StrEnum

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    CallbackQuery,
    InlineKeyboardMarkup,
    Message,
)

from bot import formats, membership, web_access
from bot.i18n import I18n, Translator
from bot.posts import CampaignCache
from bot.roles import Actor, Role
from bot.runtime.commands import commands_for
from bot.runtime.config import Settings
from bot.runtime.filters import AccessibleMessage
from handlers.guide import current_help
from handlers.keyboards import button, main_menu
from scheduler.clock import Clock
from storage import geo
from storage import members as member_store
from storage.db import Database

router = Router(name=__name__)
router.callback_query.filter(AccessibleMessage())

LANGUAGE_NAMES = {"ru": "Русский", "en": "English"}


class PickLanguage(CallbackData, prefix="lang"):
    code: str


@router.message(Command("help"))
async def show_help(
    message: Message, t: Translator, actor: Actor, db: Database, campaigns: CampaignCache, clock: Clock,
    settings: Settings,
) -> None:
    await message.answer(await current_help(t, actor, db, campaigns, clock, settings))


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


class PrivacyAction(StrEnum):
    hide_name = "hide"
    show_name = "show"


class PrivacyButton(CallbackData, prefix="pv"):
    action: PrivacyAction


@router.message(Command("privacy"))
async def privacy(
    message: Message, t: Translator, actor: Actor, db: Database, settings: Settings, clock: Clock
) -> None:
    text = t("privacy-text", org=settings.org_name, version=membership.CONSENT_VERSION)
    markup = None
    if actor.member is not None:
        async with db.reading() as conn:
            consent = await member_store.latest_consent(conn, actor.member.id)
        if consent is not None:
            version, given_at = consent
            day = formats.local_date_text(given_at, clock.tz)
            text += "\n\n" + t("privacy-your-consent", version=version, date=day)
        hidden = await web_access.is_name_hidden(db, member_id=actor.member.id)
        text += "\n\n" + t("privacy-public-rating", url=settings.public_url)
        text += "\n" + (t("privacy-name-hidden", team=await _team_name(db, actor.member.district_id))
                        if hidden else t("privacy-name-shown"))
        action = PrivacyAction.show_name if hidden else PrivacyAction.hide_name
        markup = InlineKeyboardMarkup(inline_keyboard=[[button(t(f"privacy-{action.name.replace('_', '-')}"),
                                                               PrivacyButton(action=action))]])
    if settings.privacy_url:
        text += "\n\n" + t("privacy-full-text", url=settings.privacy_url)
    await message.answer(text, reply_markup=markup)


async def _team_name(db: Database, district_id: int) -> str:
    async with db.reading() as conn:
        district = await geo.get_district(conn, district_id)
    return district.name if district else "—"


@router.callback_query(PrivacyButton.filter())
async def privacy_name_choice(
    query: CallbackQuery, message: Message, callback_data: PrivacyButton, db: Database, t: Translator, actor: Actor
) -> None:
    if actor.member is None:
        await query.answer(t("stale-button"))
        return
    hide = callback_data.action is PrivacyAction.hide_name
    await web_access.hide_name(db, member_id=actor.member.id, hidden=hide)
    await query.answer()
    await message.edit_reply_markup(reply_markup=None)
    text = (t("privacy-name-hidden-done", team=await _team_name(db, actor.member.district_id))
            if hide else t("privacy-name-shown-done"))
    await message.answer(text)

