"""QR deep links (cards and meetings), tried before everything else so organisers need not be members.

Only card and meeting links stop here, and broken links opened by someone the bot
knows. Referral links and a plain /start go on to registration and the member menu.
"""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import CommandObject, CommandStart, Filter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot import checkin, formats, meetings, tokens
from bot.checkin import CheckinRefusal, ElsewhereThen, Method
from bot.i18n import Translator
from bot.roles import Actor, Role
from bot.runtime.filters import AccessibleMessage, HasRole
from bot.tokens import Token, TokenKind, TokenRefusal
from handlers.keyboards import button, main_menu
from handlers.meetings import ask_location, member_checked_in_text, overlap_text, refusal_with_meeting
from handlers.notify import Notify
from scheduler.clock import Clock
from storage.db import Database

log = logging.getLogger(__name__)

router = Router(name=__name__)
# Choosing the meeting for a scanned card is the only button here, and only organisers get it.
router.callback_query.filter(HasRole(Role.ORGANISER), AccessibleMessage())


class QrLink(Filter):
    """A /start payload that is a card or meeting token, or a broken one opened by a member or organiser."""

    async def __call__(
        self, message: Message, command: CommandObject, qr_secret: bytes, actor: Actor | None = None
    ) -> bool | dict[str, Any]:
        if not command.args:
            return False
        token = tokens.verify(qr_secret, command.args)
        if isinstance(token, Token):
            return {"qr": token} if token.kind in (TokenKind.CARD, TokenKind.MEETING) else False
        known = actor is not None and (actor.member is not None or actor.role >= Role.ORGANISER)
        # Newcomers with a broken link are told so by registration, which then welcomes them.
        return {"qr": token} if known else False


class ScanFor(CallbackData, prefix="scan"):
    """The organiser picks which meeting a scanned card counts for.

    The button carries the card's signed payload, checked again when pressed: button data
    can be forged, so a member id in it would let an organiser check in anyone unscanned.
    """

    m: int          # meeting
    card: str       # the card's deep-link payload (at most 43 characters)


def token_refusal_text(t: Translator, reason: TokenRefusal) -> str:
    key = f"qr-refused-{reason}"
    return t(key) if t.has(key) else t("deeplink-invalid")


@router.message(CommandStart(deep_link=True), QrLink())
async def open_qr_link(
    message: Message, command: CommandObject, qr: Token | TokenRefusal, state: FSMContext, db: Database,
    clock: Clock, t: Translator, actor: Actor, notify: Notify,
) -> None:
    if isinstance(qr, TokenRefusal):
        await message.answer(token_refusal_text(t, qr))
        return
    if qr.kind is TokenKind.CARD:
        await _card_opened(message, qr, command.args or "", db, clock, t, actor, notify)
    else:
        await _meeting_opened(message, qr, state, db, clock, t, actor)


# ---------------------------------------------------------------------------
# An organiser scans a member's card


async def _card_opened(
    message: Message, token: Token, payload: str, db: Database, clock: Clock, t: Translator, actor: Actor,
    notify: Notify,
) -> None:
    sessions = await meetings.checkin_sessions(db, actor, clock.now()) if actor.role >= Role.ORGANISER else []
    if not sessions:
        await message.answer(t("card-scan-no-session") if actor.role >= Role.ORGANISER else t("card-explained"))
        return
    if len(sessions) == 1:
        await _record_card_scan(
            message, sessions[0].id, token.subject_id, token.version, db, clock, t, actor, notify
        )
        return
    now = clock.now()
    rows = [
        [button(f"{formats.moment_text(m.starts_at, clock.tz, now=now)} · {m.title}",
                ScanFor(m=m.id, card=payload))]
        for m in sessions
    ]
    await message.answer(t("card-scan-choose"), reply_markup=InlineKeyboardMarkup(inline_keyboard=rows))


@router.callback_query(ScanFor.filter())
async def card_scan_meeting_chosen(
    query: CallbackQuery, message: Message, callback_data: ScanFor, db: Database, clock: Clock, t: Translator,
    actor: Actor, notify: Notify, qr_secret: bytes,
) -> None:
    card = tokens.verify(qr_secret, callback_data.card)
    if not isinstance(card, Token) or card.kind is not TokenKind.CARD:
        await query.answer(t("stale-button"), show_alert=True)
        return
    await query.answer()
    try:
        await message.edit_reply_markup(reply_markup=None)
    except TelegramAPIError:
        log.debug("choice message is gone")
    await _record_card_scan(
        message, callback_data.m, card.subject_id, card.version, db, clock, t, actor, notify
    )


async def _record_card_scan(
    message: Message, meeting_id: int, member_id: int, card_version: int, db: Database, clock: Clock,
    t: Translator, actor: Actor, notify: Notify,
) -> None:
    result = await checkin.check_in(
        db, meeting_id=meeting_id, member_id=member_id, method=Method.CARD_SCAN, now=clock.now(),
        today=clock.today(), organiser=actor, card_version=card_version,
    )
    if isinstance(result, ElsewhereThen):
        await message.answer(overlap_text(t, "card-scan-overlaps", result, clock))
        return
    if result is CheckinRefusal.OWN_MEETING:
        meeting = await meetings.get_meeting(db, meeting_id)
        await message.answer(t("card-scan-own_meeting", meeting=meeting.title if meeting else "—"))
        return
    if isinstance(result, CheckinRefusal):
        await message.answer(await refusal_with_meeting(t, result, db, meeting_id, clock))
        return
    if not result.created:
        await message.answer(
            t("card-scan-already", name=result.member.display_name, meeting=result.meeting.title,
              present=result.present)
        )
        return
    done = t("card-scan-done", name=result.member.display_name, meeting=result.meeting.title, present=result.present)
    await message.answer(done + ("\n" + t("card-scan-pending-note") if result.pending else ""))
    await notify(result.member, lambda t: member_checked_in_text(t, result))


# ---------------------------------------------------------------------------
# A member scans the meeting's QR


async def _meeting_opened(
    message: Message, token: Token, state: FSMContext, db: Database, clock: Clock, t: Translator, actor: Actor
) -> None:
    if actor.member is None:
        await message.answer(t("checkin-register-first"))
        # Registration goes on with this same /start.
        raise SkipHandler
    result = await checkin.check_in(
        db, meeting_id=token.subject_id, member_id=actor.member.id, method=Method.MEETING_QR, now=clock.now(),
        today=clock.today(), qr_version=token.version,
    )
    if result is CheckinRefusal.NEED_LOCATION:
        meeting = await meetings.get_meeting(db, token.subject_id)
        await ask_location(message, state, t, meeting, token.subject_id, token.version, asked_at=clock.now())
        return
    if isinstance(result, ElsewhereThen):
        await message.answer(overlap_text(t, "checkin-refused-overlaps", result, clock))
        return
    if isinstance(result, CheckinRefusal):
        await message.answer(await refusal_with_meeting(t, result, db, token.subject_id, clock))
        return
    await message.answer(member_checked_in_text(t, result), reply_markup=main_menu(t))


