"""What an inviter hears: the first share of an invitee's points (the rest show in /me and /invite)."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError

from bot.i18n import I18n
from bot.model import Campaign
from bot.scoring import DEFAULT_SCORING, format_points, points
from storage import members as member_store
from storage.db import Database
from storage.ledger import Award

log = logging.getLogger(__name__)


async def tell_first_share(
    bot: Bot, db: Database, i18n: I18n, award: Award | None, invitee: str, campaign: Campaign | None
) -> None:
    """Tell the inviter when the first share of an invitee's points reaches them, and how it works."""
    if award is None or award.referrer_id is None or award.share_units <= 0:
        return
    async with db.reading() as conn:
        if await member_store.count_shares(conn, award.referrer_id) != 1:
            return
        referrer = await member_store.get(conn, award.referrer_id)
    if referrer is None or referrer.tg_id is None:
        return
    t = i18n.get(referrer.locale)
    share = (campaign or DEFAULT_SCORING).referral_share_pct
    text = t("invite-first-share", name=invitee, points=format_points(award.share_units),
             n=points(award.share_units), share=share)
    try:
        await bot.send_message(referrer.tg_id, text)
    except TelegramAPIError as error:
        log.info("could not tell referrer %s of their first share: %s", referrer.id, error)
