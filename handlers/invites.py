"""What an inviter hears: the first share of an invitee's points (the rest show in /me and /invite)."""

from __future__ import annotations

from bot.model import Campaign
from bot.scoring import DEFAULT_SCORING, format_points, points
from handlers.notify import Notify
from storage import members as member_store
from storage.db import Database
from storage.ledger import Award


async def tell_first_share(
    notify: Notify, db: Database, award: Award | None, invitee: str, campaign: Campaign | None
) -> None:
    """Tell the inviter when the first share of an invitee's points reaches them, and how it works."""
    if award is None or award.referrer_id is None or not award.first_share:
        return
    async with db.reading() as conn:
        referrer = await member_store.get(conn, award.referrer_id)
    share = (campaign or DEFAULT_SCORING).referral_share_pct
    await notify(referrer, "invite-first-share", name=invitee, points=format_points(award.share_units),
                 n=points(award.share_units), share=share)
