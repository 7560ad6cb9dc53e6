"""Member side of meetings: /meetings, RSVP, /card, location for geofenced check-in."""

from __future__ import annotations

import html
import logging
from datetime import UTC, datetime
from enum import StrEnum

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)

from bot import checkin, formats, meeting_notices, meetings, qr, tokens
from bot.checkin import CheckIn, CheckinRefusal, ElsewhereThen, Method
from bot.i18n import I18n, Translator
from bot.meetings import Position, RsvpRefusal, SharedLocation
from bot.model import Meeting, Member, NotificationTopic
from bot.runtime.config import Settings
from bot.runtime.filters import AccessibleMessage, IsMember, MenuButton
from bot.scoring import format_points, points
from handlers.keyboards import button, main_menu
from scheduler.clock import Clock
from storage.db import Database

log = logging.getLogger(__name__)

router = Router(name=__name__)
router.message.filter(IsMember())
# An answer to a week-old invitation still counts: acts here need no message to edit; the two
# buttons of the card's confirmation, which only redraw it, ask for one themselves.
router.callback_query.filter(IsMember(), AccessibleMessage(required=False))
router.edited_message.filter(IsMember())


MAX_LISTED_MEETINGS = 8      # with titles and places at their longest, still one message


class CheckinLocation(StatesGroup):
    waiting = State()


class Rsvp(CallbackData, prefix="rsvp"):
    id: int


class CardAction(StrEnum):
    ask_reissue = "reissue"      # asks first: the old card stops working
    reissue = "confirm"
    keep = "keep"


class CardButton(CallbackData, prefix="card"):
    """A button under the member's QR card."""

    action: CardAction


# ---------------------------------------------------------------------------
# Texts shared with the deep-link handlers


def refusal_text(t: Translator, reason: CheckinRefusal, meeting: Meeting | None, clock: Clock) -> str:
    """A check-in refusal in the user's language, with the meeting's window when it matters."""
    args: dict[str, object] = {}
    if meeting is not None:
        opens, closes = meetings.checkin_window(meeting)
        args = {
            "meeting": meeting.title,
            "opens": formats.moment_text(opens, clock.tz, now=clock.now()),
            "closes": formats.moment_text(closes, clock.tz, now=clock.now()),
            "radius": str(meeting.radius_m or 0),
        }
    return t(f"checkin-refused-{reason}", **args)


async def refusal_with_meeting(
    t: Translator, reason: CheckinRefusal, db: Database, meeting_id: int, clock: Clock
) -> str:
    return refusal_text(t, reason, await meetings.get_meeting(db, meeting_id), clock)


def overlap_text(t: Translator, key: str, clash: ElsewhereThen, clock: Clock) -> str:
    """A refusal naming the meeting at the same time where the member already holds an attendance."""
    other = clash.other
    when = formats.span_text(other.starts_at, other.ends_at, clock.tz, now=clock.now())
    return t(key, other=other.title, when=when, name=clash.member.display_name)


def member_checked_in_text(t: Translator, result: CheckIn) -> str:
    """What the member reads once their attendance is recorded (or already was)."""
    if not result.created:
        return t("checkin-member-already", meeting=result.meeting.title)
    if result.pending:
        return t(
            "checkin-member-pending", meeting=result.meeting.title, points=format_points(result.pending_units),
            n=points(result.pending_units),
        )
    return t(
        "checkin-member-done", meeting=result.meeting.title, points=format_points(result.units),
        n=points(result.units),
    )


def location_keyboard(t: Translator) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text=t("checkin-share-location"), request_location=True)],
            [KeyboardButton(text=t("checkin-location-cancel"))],
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


async def ask_location(
    message: Message, state: FSMContext, t: Translator, meeting: Meeting | None, meeting_id: int, qr_version: int,
    *, asked_at: datetime,) -> None:
    await state.set_state(CheckinLocation.waiting)
    # When the bot asked: a location sent before that was not shared "at that moment".
    await state.set_data({"meeting_id": meeting_id, "qr_version": qr_version, "asked_at": asked_at.timestamp()})
    await message.answer(
        t(
            "checkin-need-location", meeting=meeting.title if meeting else "—",
            radius=str(meeting.radius_m if meeting and meeting.radius_m else 0),
        ),
        reply_markup=location_keyboard(t),
    )


# ---------------------------------------------------------------------------
# Geofenced check-in: the member's location


def _shared_location(message: Message, *, edited: bool) -> SharedLocation:
    assert message.location is not None
    return SharedLocation(
        sent_at=message.date, forwarded=message.forward_origin is not None, venue=message.venue is not None,
        via_bot=message.via_bot is not None, live=message.location.live_period is not None, edited=edited,
    )


@router.edited_message(CheckinLocation.waiting, F.location)
async def location_edited(message: Message, t: Translator) -> None:
    # A live location moving, or a sent one edited: where it moved to is not where the member was asked.
    await message.answer(t("checkin-location-edited"), reply_markup=location_keyboard(t))


@router.message(CheckinLocation.waiting, F.location)
async def location_shared(
    message: Message, state: FSMContext, db: Database, clock: Clock, t: Translator, member: Member
) -> None:
    assert message.location is not None
    data = await state.get_data()
    asked_at = data.get("asked_at")
    problem = meetings.location_problem(
        _shared_location(message, edited=message.edit_date is not None),
        asked_at=datetime.fromtimestamp(float(asked_at), UTC) if asked_at else None, now=clock.now(),
    )
    if problem is not None:
        await message.answer(t(f"checkin-location-{problem}"), reply_markup=location_keyboard(t))
        return
    meeting_id, qr_version = int(data.get("meeting_id", 0)), int(data.get("qr_version", 0))
    result = await checkin.check_in(
        db, meeting_id=meeting_id, member_id=member.id, method=Method.MEETING_QR, now=clock.now(),
        today=clock.today(), qr_version=qr_version,
        position=Position(message.location.latitude, message.location.longitude),
    )
    if result is CheckinRefusal.TOO_FAR:
        # Stay in this step: the member may walk closer and try again.
        await message.answer(
            await refusal_with_meeting(t, result, db, meeting_id, clock), reply_markup=location_keyboard(t)
        )
        return
    await state.clear()
    if isinstance(result, ElsewhereThen):
        text = overlap_text(t, "checkin-refused-overlaps", result, clock)
    elif isinstance(result, CheckinRefusal):
        text = await refusal_with_meeting(t, result, db, meeting_id, clock)
    else:
        text = member_checked_in_text(t, result)
    await message.answer(text, reply_markup=main_menu(t))


@router.message(CheckinLocation.waiting, F.text.func(lambda text: not text.startswith("/")))
async def location_expected(message: Message, state: FSMContext, t: Translator, i18n: I18n) -> None:
    if message.text in i18n.all_texts("checkin-location-cancel"):
        await state.clear()
        await message.answer(t("checkin-location-cancelled"), reply_markup=main_menu(t))
        return
    await message.answer(t("checkin-location-use-button"), reply_markup=location_keyboard(t))


# ---------------------------------------------------------------------------
# /meetings: the team's upcoming meetings and "I'll come"


async def _meetings_view(
    db: Database, clock: Clock, t: Translator, member: Member
) -> tuple[str, InlineKeyboardMarkup | None]:
    items = await meetings.upcoming_meetings(db, member=member, now=clock.now(), limit=MAX_LISTED_MEETINGS)
    if not items:
        return t("meetings-none"), None
    now = clock.now()
    blocks = [t("meetings-title")]
    rows = []
    for number, (meeting, going, coming) in enumerate(items, start=1):
        blocks.append(
            t(
                "meetings-item", number=str(number), title=meeting.title,
                when=formats.span_text(meeting.starts_at, meeting.ends_at, clock.tz, now=now),
                place=meeting.place, coming=coming,
            )
            + ("\n" + t("meetings-you-go") if going else "")
        )
        key = "meetings-not-going" if going else "meetings-going"
        # Button labels are plain text: no HTML escapes in them.
        rows.append([button(html.unescape(t(key, number=str(number), title=meeting.title)), Rsvp(id=meeting.id))])
    return "\n\n".join(blocks), InlineKeyboardMarkup(inline_keyboard=rows)


@router.message(Command("meetings"))
@router.message(MenuButton("menu-meetings"))
async def show_meetings(message: Message, db: Database, clock: Clock, t: Translator, member: Member) -> None:
    text, markup = await _meetings_view(db, clock, t, member)
    await message.answer(text, reply_markup=markup)


@router.callback_query(Rsvp.filter())
async def rsvp(
    query: CallbackQuery, message: Message | None, callback_data: Rsvp, db: Database, clock: Clock, t: Translator,
    member: Member, settings: Settings,
) -> None:
    result = await meetings.toggle_rsvp(db, member=member, meeting_id=callback_data.id, now=clock.now())
    if isinstance(result, RsvpRefusal):
        await query.answer(t(f"rsvp-refused-{result}"), show_alert=True)
        return
    await query.answer(t("rsvp-going") if result else t("rsvp-not-going"))
    if message is not None:
        text, markup = await _meetings_view(db, clock, t, member)
        try:
            await message.edit_text(text, reply_markup=markup)
        except TelegramBadRequest:
            log.debug("meetings list unchanged")
        meeting = await meetings.get_meeting(db, callback_data.id) if result else None
        if meeting is not None:
            # «Пойду»: a file for the phone's calendar and where it is on the map.
            ics = meeting_notices.calendar_file(meeting, organisation=settings.org_name, now=clock.now())
            await message.answer_document(
                BufferedInputFile(ics, filename=f"meeting-{meeting.id}.ics"),
                caption=t("rsvp-calendar", title=meeting.title, map=meeting_notices.map_link(meeting)),
            )


# ---------------------------------------------------------------------------
# /card: the member's personal QR code


async def _send_card(message: Message, bot: Bot, t: Translator, member: Member, qr_secret: bytes, version: int) -> None:
    me = await bot.me()
    link = tokens.signed_link(me.username or "", qr_secret, tokens.TokenKind.CARD, member.id, version)
    png = qr.render_png(link, caption=member.display_name)
    reissue = button(t("card-reissue"), CardButton(action=CardAction.ask_reissue))
    markup = InlineKeyboardMarkup(inline_keyboard=[[reissue]])
    await message.answer_photo(
        BufferedInputFile(png, filename="card.png"), caption=t("card-caption", name=member.display_name),
        reply_markup=markup,
    )


@router.message(Command("card"))
async def show_card(message: Message, bot: Bot, t: Translator, member: Member, qr_secret: bytes) -> None:
    await _send_card(message, bot, t, member, qr_secret, member.card_version)


@router.callback_query(CardButton.filter(F.action == CardAction.ask_reissue), AccessibleMessage())
async def card_reissue_ask(query: CallbackQuery, message: Message, t: Translator) -> None:
    await query.answer()
    markup = InlineKeyboardMarkup(
        inline_keyboard=[
            [button(t("card-reissue-yes"), CardButton(action=CardAction.reissue))],
            [button(t("card-reissue-no"), CardButton(action=CardAction.keep))],
        ]
    )
    await message.answer(t("card-reissue-ask"), reply_markup=markup)


@router.callback_query(CardButton.filter(F.action == CardAction.keep), AccessibleMessage())
async def card_keep(query: CallbackQuery, message: Message, t: Translator) -> None:
    await query.answer()
    await message.edit_text(t("card-kept"))


@router.callback_query(CardButton.filter(F.action == CardAction.reissue))
async def card_reissue(
    query: CallbackQuery, message: Message | None, db: Database, bot: Bot, t: Translator, member: Member,
    qr_secret: bytes,
) -> None:
    version = await meetings.reissue_card(db, member_id=member.id)
    await query.answer()
    if message is not None:
        try:
            await message.edit_text(t("card-reissued"))
        except TelegramAPIError:
            log.debug("confirmation message is gone")
        await _send_card(message, bot, t, member, qr_secret, version)


# ---------------------------------------------------------------------------
# /settings: which notifications the member wants


class SettingsButton(CallbackData, prefix="ns"):
    """Turns one kind of notification on or off."""

    topic: NotificationTopic


def _settings_markup(t: Translator, wanted: dict[NotificationTopic, bool]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[
        [button(f"{'✅' if on else '⬜'} {t(f'settings-{topic}')}", SettingsButton(topic=topic))]
        for topic, on in wanted.items()
    ])


@router.message(Command("settings"))
async def show_settings(message: Message, db: Database, t: Translator, member: Member) -> None:
    wanted = await meeting_notices.settings_of(db, member.id)
    await message.answer(t("settings-title"), reply_markup=_settings_markup(t, wanted))


@router.callback_query(SettingsButton.filter())
async def toggle_setting(
    query: CallbackQuery, message: Message | None, callback_data: SettingsButton, db: Database, t: Translator,
    member: Member,
) -> None:
    wanted = await meeting_notices.toggle_setting(db, member_id=member.id, topic=callback_data.topic)
    await query.answer(t("settings-saved"))
    if message is not None:
        try:
            await message.edit_reply_markup(reply_markup=_settings_markup(t, wanted))
        except TelegramBadRequest:
            log.debug("settings message unchanged")
