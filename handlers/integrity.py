"""Coordinators keep the rating honest: suspend and reinstate members (/suspend, /unsuspend), and
judge fraud signals (/flags) with one tap each."""

from __future__ import annotations

import logging
from enum import StrEnum

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot import administration, formats, signals, suspension
from bot.i18n import Translator
from bot.linking import SignalKind
from bot.model import Member
from bot.posts import CampaignCache
from bot.revocation import Entries, entries_of, entries_text
from bot.roles import Actor, Role
from bot.runtime.config import Settings
from bot.runtime.filters import AccessibleMessage, HasRole
from bot.signals import SignalRefusal
from bot.suspension import Suspended, SuspendRefusal
from handlers.keyboards import button
from handlers.notify import Notify, tell_referrals_revoked, tell_suspension
from handlers.pressed import Pressed
from scheduler.clock import Clock
from storage import members as member_store
from storage.db import Database
from storage.signals import Signal

log = logging.getLogger(__name__)

router = Router(name=__name__)
router.message.filter(HasRole(Role.COORDINATOR))
# A judgement under a signal's card too old to edit still counts; the card is redrawn when it can be.
router.callback_query.filter(HasRole(Role.COORDINATOR), AccessibleMessage(required=False))


async def _member_by_handle(db: Database, handle: str) -> Member | None:
    tg_id = await administration.resolve_user(db, handle)
    if tg_id is None:
        return None
    async with db.reading() as conn:
        return await member_store.get_by_tg(conn, tg_id)


async def announce_suspension(notify: Notify, t: Translator, done: Suspended, *, lifted: bool) -> str:
    """Tell the member (in their language) and return the coordinator's confirmation."""
    await tell_suspension(notify, done, lifted=lifted)
    if lifted:
        return t("unsuspend-done", name=done.member.display_name)
    return t("suspend-done", name=done.member.display_name, reason=done.suspension.reason)


@router.message(Command("suspend"))
async def suspend_member(
    message: Message, command: CommandObject, db: Database, clock: Clock, t: Translator, actor: Actor,
    notify: Notify,
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
    await message.answer(await announce_suspension(notify, t, result, lifted=False))


@router.message(Command("unsuspend"))
async def unsuspend_member(
    message: Message, command: CommandObject, db: Database, clock: Clock, t: Translator, actor: Actor,
    notify: Notify,
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
    await message.answer(await announce_suspension(notify, t, result, lifted=True))


# ---------------------------------------------------------------------------
# /flags: fraud signals with one-tap actions


class FlagAction(StrEnum):
    entries = "e"
    revoke = "r"
    trust = "t"
    suspend = "s"
    dismiss = "d"


class FlagButton(CallbackData, prefix="flag"):
    action: FlagAction
    s: int              # the signal's id


# The buttons that act on a signal get it as `signal` if it is in the coordinator's scope, else
# the refusal is the answer; dismissing checks inside its own act.
judging = Router(name=__name__ + ".judging")
judging.callback_query.middleware(Pressed(
    "signal",
    load=lambda pressed, data: signals.get(data["db"], actor=data["actor"], signal_id=pressed.s),
    refused=lambda t, refusal: t(f"flag-refused-{refusal}"),
))
router.include_router(judging)


def _names(people: list[dict[str, object]], limit: int = 12) -> str:
    shown = ", ".join(str(p.get("name") or f"#{p.get('id')}") for p in people[:limit])
    return shown + ("…" if len(people) > limit else "")


def signal_text(t: Translator, clock: Clock, signal: Signal) -> str:
    e = signal.evidence
    who = signal.member_name or (f"#{signal.member_id}" if signal.member_id else "—")
    args: dict[str, object] = {"name": who, "found": formats.moment_text(signal.found_at, clock.tz)}
    kind = signal.kind
    if kind == SignalKind.REFERRAL_BURST:
        args.update(count=int(e["count"]), first=formats.moment_text(e["first"], clock.tz),
                    last=formats.moment_text(e["last"], clock.tz),
                    people=_names(e.get("referees", [])))
    elif kind == SignalKind.IDLE_REFEREES:
        args.update(idle=int(e["idle"]), referees=int(e["referees"]), share=str(e["share_pct"]),
                    people=_names(e.get("idle_members", [])))
    elif kind == SignalKind.REFEREE_ERASED:
        args.update(referee=f"#{e['referee_id']}", registered=formats.moment_text(e["registered_at"], clock.tz),
                    erased=formats.moment_text(e["erased_at"], clock.tz))
    elif kind == SignalKind.REFUSED_POSTS:
        args.update(count=int(e["count"]), day=formats.date_text(e["day"]))
    elif kind == SignalKind.PROFILE_CLAIMED_TWICE:
        args.update(profile=str(e["profile"]), holder=f"#{e['holder_id']}")
    elif kind == SignalKind.SHARED_PHONE:
        args.update(ends=str(e["phone_ends"]), people=_names(e.get("members", [])))
    elif kind in (SignalKind.REPEATED_ATTENDEES, SignalKind.ATTENDEES_FROM_ELSEWHERE):
        args.update(meetings=int(e["meetings"]), checkins=int(e["checkins"]), people=int(e["people"]),
                    elsewhere=int(e.get("from_other_cities", 0)))
    return t(f"flag-{kind}", **args)


def signal_markup(t: Translator, signal: Signal) -> InlineKeyboardMarkup:
    rows = []
    if signal.member_id is not None:
        rows.append([button(t("flag-open-entries"), FlagButton(action=FlagAction.entries, s=signal.id))])
    if signals.referees_named(signal):
        rows.append([button(t("flag-revoke"), FlagButton(action=FlagAction.revoke, s=signal.id))])
    if signal.member_id is not None:
        rows.append([button(t("flag-trust"), FlagButton(action=FlagAction.trust, s=signal.id)),
                     button(t("flag-suspend"), FlagButton(action=FlagAction.suspend, s=signal.id))])
    rows.append([button(t("flag-dismiss"), FlagButton(action=FlagAction.dismiss, s=signal.id))])
    return InlineKeyboardMarkup(inline_keyboard=rows)


@router.message(Command("flags"))
async def show_flags(
    message: Message, db: Database, clock: Clock, t: Translator, actor: Actor, settings: Settings
) -> None:
    await signals.run_pass(db, now=clock.now(), today=clock.today(),
                           referrals_per_day=settings.flag_referrals_per_day)
    flags = await signals.open_flags(db, actor=actor)
    if not flags.signals:
        await message.answer(t("flags-none"))
        return
    await message.answer(t("flags-title", count=flags.total, shown=len(flags.signals)))
    for signal in flags.signals:
        await message.answer(signal_text(t, clock, signal), reply_markup=signal_markup(t, signal))


async def _refused(query: CallbackQuery, t: Translator, refusal: SignalRefusal) -> None:
    await query.answer(t(f"flag-refused-{refusal}"), show_alert=True)


async def _closed(query: CallbackQuery, message: Message | None, t: Translator, key: str, **args: object) -> None:
    """The signal's card says what was done and loses its buttons."""
    await query.answer()
    if message is not None:
        await message.edit_text((message.html_text or "") + "\n\n" + t(key, **args), reply_markup=None)


@router.callback_query(FlagButton.filter(F.action == FlagAction.dismiss))
async def dismiss_flag(
    query: CallbackQuery, message: Message | None, callback_data: FlagButton, db: Database, clock: Clock, t: Translator,
    actor: Actor,
) -> None:
    result = await signals.dismiss(db, actor=actor, signal_id=callback_data.s, now=clock.now())
    if isinstance(result, SignalRefusal):
        await _refused(query, t, result)
        return
    await _closed(query, message, t, "flag-dismissed")


@judging.callback_query(FlagButton.filter(F.action == FlagAction.suspend))
async def suspend_flagged(
    query: CallbackQuery, message: Message | None, signal: Signal, db: Database, clock: Clock, t: Translator,
    actor: Actor, notify: Notify,
) -> None:
    reason = t(f"flag-reason-{signal.kind}")
    result = await signals.suspend_member(db, actor=actor, signal_id=signal.id, reason=reason, now=clock.now())
    if isinstance(result, SignalRefusal):
        await _refused(query, t, result)
        return
    if isinstance(result, SuspendRefusal):
        await query.answer(t(f"suspend-refused-{result}"), show_alert=True)
        return
    await _closed(query, message, t, "flag-suspended", name=result.member.display_name)
    await announce_suspension(notify, t, result, lifted=False)


@judging.callback_query(FlagButton.filter(F.action == FlagAction.revoke))
async def revoke_flagged(
    query: CallbackQuery, message: Message | None, signal: Signal, db: Database, clock: Clock, t: Translator,
    actor: Actor, notify: Notify,
) -> None:
    reason = t(f"flag-reason-{signal.kind}")
    result = await signals.revoke_referrals(db, actor=actor, signal_id=signal.id, reason=reason, now=clock.now())
    if isinstance(result, SignalRefusal):
        await _refused(query, t, result)
        return
    await _closed(query, message, t, "flag-revoked", count=result.count)
    await tell_referrals_revoked(notify, result, reason)


@judging.callback_query(FlagButton.filter(F.action == FlagAction.entries), AccessibleMessage())
async def flagged_entries(
    query: CallbackQuery, message: Message, signal: Signal, db: Database, clock: Clock, t: Translator,
    actor: Actor, campaigns: CampaignCache,
) -> None:
    campaign = await campaigns.get(db, now=clock.now(), today=clock.today())
    tg_id = signal.member_tg_id
    if campaign is None or tg_id is None:
        await query.answer(t("flag-no-entries"), show_alert=True)
        return
    result = await entries_of(db, actor=actor, tg_id=tg_id, campaign_id=campaign.id)
    await query.answer()
    if not isinstance(result, Entries) or not result.listed:
        await message.answer(t("flag-no-entries"))
        return
    await message.answer(entries_text(t, result, clock.tz, now=clock.now()))


@judging.callback_query(FlagButton.filter(F.action == FlagAction.trust))
async def trust_flagged(
    query: CallbackQuery, message: Message | None, signal: Signal, db: Database, clock: Clock, t: Translator,
    actor: Actor,
) -> None:
    result = await signals.trust_member(db, actor=actor, signal_id=signal.id, now=clock.now())
    if isinstance(result, SignalRefusal):
        await _refused(query, t, result)
        return
    await _closed(query, message, t, "flag-trusted", name=signal.member_name or "—")
