"""Coordinators see how each current material spreads: /materials, shares by team and by day."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

from bot import formats, materials
from bot.i18n import Translator
from bot.posts import CampaignCache
from bot.roles import Actor, Role
from bot.runtime.filters import HasRole
from scheduler.clock import Clock
from storage.db import Database

router = Router(name=__name__)
router.message.filter(HasRole(Role.COORDINATOR))


@router.message(Command("materials"))
async def material_shares(
    message: Message, db: Database, clock: Clock, t: Translator, actor: Actor, campaigns: CampaignCache
) -> None:
    campaign = await campaigns.get(db, now=clock.now(), today=clock.today())
    if campaign is None:
        await message.answer(t("export-no-campaign"))
        return
    found = await materials.report(db, actor=actor, campaign_id=campaign.id, today=clock.today())
    if not found:
        await message.answer(t("materials-none"))
        return
    blocks = []
    for item in found:
        lines = [t("materials-head", title=item.title, count=item.total)]
        if item.teams:
            lines.append(t("materials-teams", teams=", ".join(f"{team} {n}" for team, n in item.teams)))
        lines.append(t("materials-days", days=" · ".join(f"{formats.short_day(day)}: {n}" for day, n in item.days)))
        blocks.append("\n".join(lines))
    text = ""
    for block in blocks:            # whole materials within Telegram's limit
        if len(text) + len(block) + 2 > 4096:
            break
        text = f"{text}\n\n{block}" if text else block
    await message.answer(text)
