"""A member's linked profiles (VK, OK, a Telegram channel, Dzen): /profiles, also from /me."""

from __future__ import annotations

from enum import StrEnum

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot import linking, suspension, verification
from bot.i18n import Translator
from bot.linking import LinkedProfile, LinkRefusal
from bot.model import Member
from bot.profiles import Network
from bot.runtime.filters import AccessibleMessage, IsMember
from handlers.keyboards import button
from scheduler.clock import Clock
from storage.db import Database

router = Router(name=__name__)
router.message.filter(IsMember())
router.callback_query.filter(IsMember(), AccessibleMessage())


class ProfileAction(StrEnum):
    show = "show"
    add = "add"
    remove = "rm"


class ProfileButton(CallbackData, prefix="prof"):
    action: ProfileAction
    i: int = 0          # the linked profile's row id, for remove


class LinkProfile(StatesGroup):
    link = State()


def profiles_text(t: Translator, linked: list[LinkedProfile]) -> str:
    if not linked:
        return t("profiles-none")
    lines = [t("profiles-title")]
    lines += [t("profiles-line", network=t(f"network-{p.profile.network}"), url=p.profile.url) for p in linked]
    return "\n".join(lines)


def profiles_markup(t: Translator, linked: list[LinkedProfile]) -> InlineKeyboardMarkup:
    rows = [[button(t("profiles-add"), ProfileButton(action=ProfileAction.add))]]
    rows += [
        [button(t("profiles-remove", network=t(f"network-{p.profile.network}"), key=p.profile.key),
                ProfileButton(action=ProfileAction.remove, i=p.row.id))]
        for p in linked
    ]
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def standing_notes(db: Database, t: Translator, member: Member) -> list[str]:
    """What /me adds about the member's standing: a suspension, and posts still being checked."""
    lines = []
    suspended = await suspension.suspension_of(db, member.id)
    if suspended is not None:
        lines.append(t("me-suspended", reason=suspended.reason))
    waiting = await verification.waiting_of(db, member.id)
    if waiting:
        lines.append(t("me-pending-verification", count=waiting))
    return lines


async def _show(message: Message, db: Database, t: Translator, member: Member) -> None:
    linked = await linking.profiles_of(db, member.id)
    await message.answer(profiles_text(t, linked), reply_markup=profiles_markup(t, linked))


@router.message(Command("profiles"))
async def show_profiles(message: Message, db: Database, t: Translator, member: Member) -> None:
    await _show(message, db, t, member)


@router.callback_query(ProfileButton.filter(F.action == ProfileAction.show))
async def show_profiles_button(
    query: CallbackQuery, message: Message, db: Database, t: Translator, member: Member
) -> None:
    await query.answer()
    await _show(message, db, t, member)


@router.callback_query(ProfileButton.filter(F.action == ProfileAction.add))
async def ask_for_profile(query: CallbackQuery, message: Message, state: FSMContext, t: Translator) -> None:
    await state.set_state(LinkProfile.link)
    await query.answer()
    await message.answer(t("profiles-send-link"))


@router.message(LinkProfile.link, F.text)
async def profile_sent(
    message: Message, state: FSMContext, db: Database, clock: Clock, t: Translator, member: Member
) -> None:
    text = (message.text or "").strip()
    # "@name" alone is how people write a Telegram channel; other bare ids need a link.
    network = Network.TELEGRAM if text.startswith("@") and "/" not in text else None
    result = await linking.link_profile(db, member=member, text=text, network=network, now=clock.now())
    if isinstance(result, LinkRefusal):
        await message.answer(t(f"profiles-refused-{result}"))
        if result in (LinkRefusal.TAKEN, LinkRefusal.ALREADY_YOURS, LinkRefusal.TOO_MANY):
            await state.clear()
        return
    await state.clear()
    await message.answer(t("profiles-linked", network=t(f"network-{result.profile.network}"), url=result.profile.url))
    await _show(message, db, t, member)


@router.message(LinkProfile.link)
async def profile_not_text(message: Message, t: Translator) -> None:
    await message.answer(t("profiles-send-link"))


@router.callback_query(ProfileButton.filter(F.action == ProfileAction.remove))
async def remove_profile(
    query: CallbackQuery, message: Message, callback_data: ProfileButton, db: Database, t: Translator, member: Member
) -> None:
    removed = await linking.unlink_profile(db, member=member, profile_id=callback_data.i)
    if removed is None:
        await query.answer(t("stale-button"), show_alert=True)
        return
    await query.answer(t("profiles-removed", url=removed.url))
    linked = await linking.profiles_of(db, member.id)
    await message.edit_text(profiles_text(t, linked), reply_markup=profiles_markup(t, linked))
