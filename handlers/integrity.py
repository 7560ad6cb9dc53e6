"""Coordinators keep the rating honest: suspend and reinstate members (/suspend, /unsuspend)."""

from __future__ import annotations

import logging

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot import administration, suspension
from bot.i18n import I18n, Translator
from bot.roles import Actor, Role
from bot.runtime.filters import HasRole
from bot.suspension import Suspended, SuspendRefusal
from scheduler.clock import Clock
from storage import members as member_store
from storage.db import Database
from storage.members import Member

log = logging.getLogger(__name__)

router = Router(name=__name__)
router.message.filter(HasRole(Role.COORDINATOR))
router.callback_query.filter(HasRole(Role.COORDINATOR))


async def _member_by_handle(db: Database, handle: str) -> Member | None:
    tg_id = await administration.resolve_user(db, handle)
    if tg_id is None:
        return None
    async with db.reading() as conn:
        return await member_store.get_by_tg(conn, tg_id)


async def tell_member(bot: Bot, member: Member, text: str) -> None:
    if member.tg_id is None:
        return
    try:
        await bot.send_message(member.tg_id, text)
    except TelegramAPIError as error:  # blocked the bot, or never opened it: the act stands
        log.info("could not tell member %s: %s", member.id, error)


async def announce_suspension(bot: Bot, i18n: I18n, t: Translator, done: Suspended, *, lifted: bool) -> str:
    """Tell the member (in their language) and return the coordinator's confirmation."""
    mt = i18n.get(done.member.locale)
    if lifted:
        await tell_member(bot, done.member, mt("suspend-lifted-notice"))
        return t("unsuspend-done", name=done.member.display_name)
    await tell_member(bot, done.member, mt("suspend-notice", reason=done.suspension.reason))
    return t("suspend-done", name=done.member.display_name, reason=done.suspension.reason)


@router.message(Command("suspend"))
async def suspend_member(
    message: Message, command: CommandObject, db: Database, clock: Clock, t: Translator, actor: Actor, bot: Bot,
    i18n: I18n,
) -> None:
    parts = (command.args or "").split(maxsplit=1)
    if len(parts) != 2:
        await message.answer(t("usage-suspend"))
        return
    member = await _member_by_handle(db, parts[0])
    if member is None:
        await message.answer(t("suspend-refused-not_a_member"))
        return
    result = await suspension.suspend(db, actor=actor, member_id=member.id, reason=parts[1], now=clock.now())
    if isinstance(result, SuspendRefusal):
        await message.answer(t(f"suspend-refused-{result}"))
        return
    await message.answer(await announce_suspension(bot, i18n, t, result, lifted=False))


@router.message(Command("unsuspend"))
async def unsuspend_member(
    message: Message, command: CommandObject, db: Database, clock: Clock, t: Translator, actor: Actor, bot: Bot,
    i18n: I18n,
) -> None:
    handle = (command.args or "").strip()
    if not handle or " " in handle:
        await message.answer(t("usage-unsuspend"))
        return
    member = await _member_by_handle(db, handle)
    if member is None:
        await message.answer(t("suspend-refused-not_a_member"))
        return
    result = await suspension.unsuspend(db, actor=actor, member_id=member.id, now=clock.now())
    if isinstance(result, SuspendRefusal):
        await message.answer(t(f"suspend-refused-{result}"))
        return
    await message.answer(await announce_suspension(bot, i18n, t, result, lifted=True))
