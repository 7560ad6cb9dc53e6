"""Admin tools: coordinators and campaigns."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot import administration, formats
from bot.administration import CampaignRefusal
from bot.i18n import I18n, Translator
from bot.model import GrantedRole, ModerationMode
from bot.posts import CampaignCache
from bot.roles import Actor, Role
from bot.runtime.config import Settings
from bot.runtime.filters import HasRole
from bot.typed import parse_day
from handlers.grants import change_role
from scheduler.clock import Clock
from storage.db import Database

router = Router(name=__name__)
router.message.filter(HasRole(Role.ADMIN))
router.callback_query.filter(HasRole(Role.ADMIN))


@router.message(Command("grant_coordinator", "revoke_coordinator"))
async def coordinator_role(
    message: Message, command: CommandObject, db: Database, clock: Clock, t: Translator, actor: Actor, bot: Bot,
    i18n: I18n, settings: Settings,
) -> None:
    grant = command.command == "grant_coordinator"
    await change_role(
        message, command, db, clock, t, actor, bot, i18n, settings, role=GrantedRole.COORDINATOR, grant=grant
    )


@router.message(Command("new_campaign"))
async def new_campaign(message: Message, command: CommandObject, db: Database, clock: Clock, t: Translator) -> None:
    parts = (command.args or "").rsplit(maxsplit=2)
    if len(parts) != 3:
        await message.answer(t("usage-new_campaign"))
        return
    name, start_text, end_text = parts
    starts_on, ends_on = parse_day(start_text), parse_day(end_text)
    if starts_on is None or ends_on is None:
        await message.answer(t("usage-new_campaign"))
        return
    result = await administration.create_campaign(db, name=name, starts_on=starts_on, ends_on=ends_on, now=clock.now())
    if isinstance(result, CampaignRefusal):
        await message.answer(t(f"campaign-refused-{result}"))
        return
    await message.answer(t("campaign-created", name=result.name, start=formats.date_text(result.starts_on),
                           end=formats.date_text(result.ends_on)))


@router.message(Command("moderation"))
async def moderation_mode(
    message: Message, command: CommandObject, db: Database, clock: Clock, t: Translator, actor: Actor,
    campaigns: CampaignCache,
) -> None:
    try:
        mode = ModerationMode((command.args or "").strip().lower())
    except ValueError:
        await message.answer(t("usage-moderation"))
        return
    campaign = await administration.set_moderation(db, actor=actor, mode=mode, today=clock.today(), now=clock.now())
    campaigns.forget()
    if campaign is None:
        await message.answer(t("meetings-mode-no-campaign"))
        return
    await message.answer(t("moderation-set", name=campaign.name, mode=t(f"moderation-{campaign.moderation}")))


@router.message(Command("linked_owners"))
async def linked_owners(
    message: Message, command: CommandObject, db: Database, clock: Clock, t: Translator, actor: Actor,
    campaigns: CampaignCache,
) -> None:
    """Switch the current campaign's rule that a verified post must be the member's own linked profile's."""
    switch = {"on": True, "off": False}.get((command.args or "").strip().lower())
    if switch is None:
        await message.answer(t("usage-linked_owners"))
        return
    campaign = await administration.set_owner_must_be_linked(
        db, actor=actor, on=switch, today=clock.today(), now=clock.now()
    )
    campaigns.forget()
    if campaign is None:
        await message.answer(t("meetings-mode-no-campaign"))
        return
    key = "linked-owners-on" if campaign.owner_must_be_linked else "linked-owners-off"
    await message.answer(t(key, name=campaign.name))
