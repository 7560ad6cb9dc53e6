"""Granting and revoking roles: shared by the admins' and the coordinators' commands."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import CommandObject
from aiogram.types import Message

from bot import administration
from bot.administration import GrantRefusal
from bot.i18n import I18n, Translator
from bot.model import GrantedRole
from bot.roles import Actor
from bot.runtime.config import Settings
from handlers.common import set_chat_commands
from scheduler.clock import Clock
from storage.db import Database

log = logging.getLogger(__name__)


async def change_role(
    message: Message, command: CommandObject, db: Database, clock: Clock, t: Translator, actor: Actor,
    bot: Bot, i18n: I18n, settings: Settings, *, role: GrantedRole, grant: bool,
) -> None:
    """Answer a /grant_… or /revoke_… command: who, which scope, and whether it was done."""
    usage = t(f"usage-{command.command}")
    parts = (command.args or "").split(maxsplit=1)
    if len(parts) != 2:
        await message.answer(usage)
        return
    tg_id = await administration.resolve_user(db, parts[0])
    scope = await administration.resolve_scope(db, parts[1])
    if tg_id is None:
        await message.answer(t("grant-refused-unknown_user", who=parts[0]))
        return
    if scope is None:
        await message.answer(t("grant-refused-unknown_scope", scope=parts[1]))
        return
    refusal = await administration.change_role(
        db, actor=actor, tg_id=tg_id, role=role, scope=scope, grant=grant, now=clock.now()
    )
    if isinstance(refusal, GrantRefusal):
        await message.answer(t(f"grant-refused-{refusal}", who=parts[0], scope=scope.label))
        return
    key = "grant-done" if grant else "revoke-done"
    await message.answer(t(key, who=parts[0], role=t(f"role-{role}"), scope=scope.label))
    await refresh_commands(bot, db, i18n, settings, tg_id)


async def refresh_commands(bot: Bot, db: Database, i18n: I18n, settings: Settings, tg_id: int) -> None:
    """Give someone whose role changed the "/" menu of their new role, in their language."""
    target = await administration.load_actor(db, tg_id, is_admin=settings.is_admin(tg_id))
    locale = target.member.locale if target.member else None
    try:
        await set_chat_commands(bot, tg_id, i18n.get(locale), target.role)
    except TelegramAPIError as error:  # they may never have opened the bot yet
        log.info("no command menu for %s yet: %s", tg_id, error)
