"""Telling another member something; built once per app (`bot/runtime/app.py`), handlers take it as `notify`.

The texts of the acts whose subject is told (a moderated post, a revoked entry, a suspension)
are written here once, for the bot's handlers and the web dashboard alike.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError

from bot.i18n import I18n, Translator
from bot.model import Member, PostStatus
from bot.posts import Moderation
from bot.revocation import Revoked
from bot.scoring import format_points, points
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


async def tell_author(notify: Notify, result: Moderation) -> bool:
    """Tell a post's author how a coordinator decided: counted (and for how much) or refused, and why."""
    post = result.post
    if post.status == PostStatus.APPROVED:
        units = result.award.units if result.award else 0
        return await notify(result.member, "post-approved", url=post.url, points=format_points(units), n=points(units))
    return await notify(
        result.member, lambda t: t("post-rejected", url=post.url, reason=t(f"reject-reason-{post.reject_reason}"))
    )


async def tell_revoked(notify: Notify, result: Revoked, reason: str) -> bool:
    """Tell a member which of their entries a coordinator revoked, and why."""
    entry = result.revocation.entry
    return await notify(
        result.member,
        lambda t: t("entry-revoke-member-told", points=format_points(entry.units), kind=t(f"me-kind-{entry.kind}"),
                    reason=reason),
    )
