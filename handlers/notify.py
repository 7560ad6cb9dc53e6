"""Telling another member something; built once per app (`bot/runtime/app.py`), handlers take it as `notify`."""

from __future__ import annotations

import logging
from collections.abc import Callable

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError

from bot.i18n import I18n, Translator
from bot.model import Member
from bot.suspension import Suspended

log = logging.getLogger(__name__)

# A text for the member: a key and its arguments, or a function of the member's translator
# for texts built from several keys.
Text = str | Callable[[Translator], str]


class Notify:
    """`await notify(member, key, **args)`: tell a member other than the one whose update this is.

    The text is in the member's own language. The act it reports stands whether or not the
    message arrives: a member who blocked the bot, or erased their data, is simply not told.
    Returns whether the message went out.
    """

    def __init__(self, bot: Bot, i18n: I18n) -> None:
        self.bot = bot
        self.i18n = i18n

    async def __call__(self, member: Member | None, text: Text, /, **args: object) -> bool:
        if member is None or member.tg_id is None:
            return False
        t = self.i18n.get(member.locale)
        try:
            await self.bot.send_message(member.tg_id, text(t) if callable(text) else t(text, **args))
        except TelegramAPIError as error:
            log.info("could not tell member %s: %s", member.id, error)
            return False
        return True



async def tell_suspension(notify: Notify, done: Suspended, *, lifted: bool) -> bool:
    """Tell a member they were suspended (and why) or reinstated: the bot's /suspend, /flags and the dashboard."""
    if lifted:
        return await notify(done.member, "suspend-lifted-notice")
    return await notify(done.member, "suspend-notice", reason=done.suspension.reason)
