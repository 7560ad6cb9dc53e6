"""Organiser tools: meetings, meeting QR, check-in, attendees."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    WebAppInfo,
)

from bot import meetings, qr, tokens
from bot.i18n import I18n, Translator
from bot.meetings import MeetingRefusal, Position, TextProblem, TimeProblem
from bot.model import District, Meeting
from bot.roles import Actor, Role
from bot.runtime.config import Settings
from bot.runtime.filters import HasRole
from bot.spreadsheets import attendees_csv
from handlers.keyboards import button, main_menu, paginated
from scheduler.clock import Clock
from storage.db import Database

log = logging.getLogger(__name__)

router = Router(name=__name__)
router.message.filter(HasRole(Role.ORGANISER))
router.callback_query.filter(HasRole(Role.ORGANISER))

MAX_LISTED_ATTENDEES = 50
MAX_LISTING_CHARS = 3800     # Telegram's limit is 4096
QUICK_RADII = (100, 200, 300, 500)
QUICK_START_HORIZON = timedelta(days=2)     # the start buttons offer today and tomorrow only
NOT_A_COMMAND = F.text.func(lambda text: text is not None and not text.startswith("/"))


class NewMeeting(StatesGroup):
    district = State()
    title = State()
    place = State()
    start = State()
    end = State()
    location = State()
    radius = State()
    confirm = State()


class NmDistrict(CallbackData, prefix="nm-d"):
    id: int


class NmDistrictPage(CallbackData, prefix="nm-dp"):
    page: int


class NmStart(CallbackData, prefix="nm-s"):
    at: int              # Unix time of the start


class NmEnd(CallbackData, prefix="nm-e"):
    minutes: int


class NmRadius(CallbackData, prefix="nm-r"):
    metres: int


class NmConfirm(CallbackData, prefix="nm-ok"):
    create: bool


class MeetingOpen(CallbackData, prefix="mo"):
    id: int


class MeetingAct(CallbackData, prefix="ma"):
    action: str          # qr, start, stop, att, reissue, reissue_ok, close, close_ok
    id: int


async def _drop_buttons(message: Message) -> None:
    """Take the buttons off a question once it is answered (a message too old to edit keeps them)."""
    try:
        await message.edit_reply_markup(reply_markup=None)
    except TelegramBadRequest:
        log.debug("could not take the buttons off message %s", message.message_id)


async def _replace_text(message: Message, text: str) -> None:
    try:
        await message.edit_text(text)
    except TelegramBadRequest:
        log.debug("message %s already says so", message.message_id)


def _leave_keyboard(t: Translator, actor: Actor) -> ReplyKeyboardMarkup | ReplyKeyboardRemove:
    return main_menu(t) if actor.member is not None else ReplyKeyboardRemove()


# ---------------------------------------------------------------------------
# /newmeeting


@router.message(Command("newmeeting"))
async def new_meeting(message: Message, state: FSMContext, db: Database, t: Translator, actor: Actor) -> None:
    districts = await meetings.organised_districts(db, actor)
    if not districts:
        await message.answer(t("nm-no-districts"))
        return
    await state.clear()
    if len(districts) == 1:
        await state.update_data(district_id=districts[0].id)
        await _ask_title(message, state, t, districts[0].name)
        return
    await state.set_state(NewMeeting.district)
    await message.answer(t("nm-ask-district"), reply_markup=_districts_markup(districts, 0))


def _districts_markup(districts: list[District], page: int) -> InlineKeyboardMarkup:
    several_cities = len({d.city_id for d in districts}) > 1
    return paginated(
        districts, page,
        button=lambda d: button(f"{d.name} ({d.city_name})" if several_cities else d.name, NmDistrict(id=d.id)),
        page_data=lambda p: NmDistrictPage(page=p), columns=1,
    )


@router.callback_query(NewMeeting.district, NmDistrictPage.filter())
async def district_page(
    query: CallbackQuery, callback_data: NmDistrictPage, db: Database, t: Translator, actor: Actor
) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        districts = await meetings.organised_districts(db, actor)
        try:
            await query.message.edit_reply_markup(reply_markup=_districts_markup(districts, callback_data.page))
        except TelegramBadRequest:
            log.debug("same page")


@router.callback_query(NewMeeting.district, NmDistrict.filter())
async def district_chosen(
    query: CallbackQuery, callback_data: NmDistrict, state: FSMContext, db: Database, t: Translator, actor: Actor
) -> None:
    district = next((d for d in await meetings.organised_districts(db, actor) if d.id == callback_data.id), None)
    if district is None or not isinstance(query.message, Message):
        await query.answer(t("stale-button"), show_alert=True)
        return
    await query.answer()
    await state.update_data(district_id=district.id)
    await query.message.edit_text(t("nm-district-chosen", district=district.name, city=district.city_name))
    await _ask_title(query.message, state, t, district.name)


async def _ask_title(message: Message, state: FSMContext, t: Translator, district: str) -> None:
    await state.set_state(NewMeeting.title)
    await message.answer(t("nm-ask-title", district=district))


@router.message(NewMeeting.title, NOT_A_COMMAND)
async def title_typed(message: Message, state: FSMContext, t: Translator) -> None:
    title = meetings.clean_text(message.text or "", meetings.TITLE_MIN, meetings.TITLE_MAX)
    if isinstance(title, TextProblem):
        await message.answer(t(f"nm-title-{title}"))
        return
    await state.update_data(title=title)
    await state.set_state(NewMeeting.place)
    await message.answer(t("nm-ask-place"))


@router.message(NewMeeting.place, NOT_A_COMMAND)
async def place_typed(message: Message, state: FSMContext, t: Translator, clock: Clock) -> None:
    place = meetings.clean_text(message.text or "", meetings.PLACE_MIN, meetings.PLACE_MAX)
    if isinstance(place, TextProblem):
        await message.answer(t(f"nm-place-{place}"))
        return
    await state.update_data(place=place)
    await state.set_state(NewMeeting.start)
    await _ask_start(message, t, clock)


async def _ask_start(message: Message, t: Translator, clock: Clock) -> None:
    choices = meetings.quick_starts(clock.now(), clock.tz)
    buttons = [
        button(t(f"nm-quick-{word}", time=f"{moment:%H:%M}"), NmStart(at=int(moment.timestamp())))
        for word, moment in choices
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    await message.answer(t("nm-ask-start"), reply_markup=InlineKeyboardMarkup(inline_keyboard=rows) if rows else None)


@router.message(NewMeeting.start, NOT_A_COMMAND)
async def start_typed(message: Message, state: FSMContext, t: Translator, clock: Clock) -> None:
    span = meetings.parse_start(message.text or "", now=clock.now(), tz=clock.tz)
    if isinstance(span, TimeProblem):
        await message.answer(t(f"nm-time-{span}"))
        return
    if span.end is not None:
        end = meetings.check_span(span.start, span.end, now=clock.now())
        if isinstance(end, TimeProblem):
            await message.answer(t(f"nm-time-{end}"))
            return
        await state.update_data(start=span.start.isoformat(), end=end.isoformat())
        await _ask_location(message, state, t)
        return
    await _start_chosen(message, state, t, clock, span.start)


@router.callback_query(NewMeeting.start, NmStart.filter())
async def start_pressed(
    query: CallbackQuery, callback_data: NmStart, state: FSMContext, t: Translator, clock: Clock
) -> None:
    # Compared as numbers first: forged callback data may carry a time no datetime can hold.
    ahead = callback_data.at - clock.now().timestamp()
    if ahead > QUICK_START_HORIZON.total_seconds():
        await query.answer(t("stale-button"), show_alert=True)
        return
    if ahead < -meetings.START_GRACE.total_seconds() or not isinstance(query.message, Message):
        await query.answer(t("nm-time-in_the_past"), show_alert=True)
        return
    start = datetime.fromtimestamp(callback_data.at, clock.tz)
    await query.answer()
    await _drop_buttons(query.message)
    await _start_chosen(query.message, state, t, clock, start)


async def _start_chosen(message: Message, state: FSMContext, t: Translator, clock: Clock, start: datetime) -> None:
    await state.update_data(start=start.isoformat())
    await state.set_state(NewMeeting.end)
    buttons = [
        button(t("nm-quick-length", hours=_hours(minutes)), NmEnd(minutes=minutes))
        for minutes in meetings.QUICK_LENGTHS
    ]
    await message.answer(
        t("nm-ask-end", start=meetings.format_moment(start, clock.tz, now=clock.now())),
        reply_markup=InlineKeyboardMarkup(inline_keyboard=[buttons]),
    )


def _hours(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return str(hours) if rest == 0 else f"{hours}.{rest * 10 // 60}"


async def _start_from_state(state: FSMContext) -> datetime | None:
    value = (await state.get_data()).get("start")
    return datetime.fromisoformat(value) if value else None


@router.message(NewMeeting.end, NOT_A_COMMAND)
async def end_typed(message: Message, state: FSMContext, t: Translator, clock: Clock) -> None:
    start = await _start_from_state(state)
    if start is None:
        await state.set_state(NewMeeting.start)
        await _ask_start(message, t, clock)
        return
    end = meetings.parse_end(message.text or "", start=start, now=clock.now(), tz=clock.tz)
    if isinstance(end, TimeProblem):
        await message.answer(t(f"nm-time-{end}"))
        return
    await state.update_data(end=end.isoformat())
    await _ask_location(message, state, t)


@router.callback_query(NewMeeting.end, NmEnd.filter())
async def end_pressed(
    query: CallbackQuery, callback_data: NmEnd, state: FSMContext, t: Translator, clock: Clock
) -> None:
    start = await _start_from_state(state)
    # Only the offered lengths are buttons; forged data could ask for a length past any date.
    if start is None or not isinstance(query.message, Message) or callback_data.minutes not in meetings.QUICK_LENGTHS:
        await query.answer(t("stale-button"), show_alert=True)
        return
    end = meetings.check_span(start, start + timedelta(minutes=callback_data.minutes), now=clock.now())
    if isinstance(end, TimeProblem):
        await query.answer(t(f"nm-time-{end}"), show_alert=True)
        return
    await query.answer()
    await _drop_buttons(query.message)
    await state.update_data(end=end.isoformat())
    await _ask_location(query.message, state, t)


def _location_keyboard(t: Translator) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text=t("nm-send-location"), request_location=True)],
            [KeyboardButton(text=t("nm-no-geofence"))],
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


async def _ask_location(message: Message, state: FSMContext, t: Translator) -> None:
    await state.set_state(NewMeeting.location)
    await message.answer(t("nm-ask-location"), reply_markup=_location_keyboard(t))


@router.message(NewMeeting.location, F.location)
async def location_given(message: Message, state: FSMContext, t: Translator, actor: Actor) -> None:
    assert message.location is not None
    await state.update_data(latitude=message.location.latitude, longitude=message.location.longitude)
    await state.set_state(NewMeeting.radius)
    await message.answer(t("nm-location-saved"), reply_markup=_leave_keyboard(t, actor))
    rows = [[button(t("nm-radius-button", metres=str(m)), NmRadius(metres=m)) for m in QUICK_RADII]]
    await message.answer(t("nm-ask-radius"), reply_markup=InlineKeyboardMarkup(inline_keyboard=rows))


@router.message(NewMeeting.location, NOT_A_COMMAND)
async def location_skipped(
    message: Message, state: FSMContext, t: Translator, i18n: I18n, clock: Clock, actor: Actor
) -> None:
    if message.text not in i18n.all_texts("nm-no-geofence"):
        await message.answer(t("nm-location-use-buttons"), reply_markup=_location_keyboard(t))
        return
    await state.update_data(latitude=None, longitude=None, radius=None)
    await message.answer(t("nm-geofence-skipped"), reply_markup=_leave_keyboard(t, actor))
    await _ask_confirm(message, state, t, clock)


@router.message(NewMeeting.radius, NOT_A_COMMAND)
async def radius_typed(message: Message, state: FSMContext, t: Translator, clock: Clock) -> None:
    radius = meetings.parse_radius(message.text or "")
    if radius is None:
        await message.answer(t("nm-radius-bad", low=str(meetings.RADIUS_MIN), high=str(meetings.RADIUS_MAX)))
        return
    await state.update_data(radius=radius)
    await _ask_confirm(message, state, t, clock)


@router.callback_query(NewMeeting.radius, NmRadius.filter())
async def radius_pressed(
    query: CallbackQuery, callback_data: NmRadius, state: FSMContext, t: Translator, clock: Clock
) -> None:
    if not isinstance(query.message, Message) or callback_data.metres not in QUICK_RADII:
        await query.answer(t("stale-button"), show_alert=True)
        return
    await query.answer()
    await _drop_buttons(query.message)
    await state.update_data(radius=callback_data.metres)
    await _ask_confirm(query.message, state, t, clock)


async def _ask_confirm(message: Message, state: FSMContext, t: Translator, clock: Clock) -> None:
    data = await state.get_data()
    await state.set_state(NewMeeting.confirm)
    start, end = datetime.fromisoformat(data["start"]), datetime.fromisoformat(data["end"])
    geofence = t("nm-geofence-radius", metres=str(data["radius"])) if data.get("radius") else t("nm-geofence-none")
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[
            button(t("nm-create"), NmConfirm(create=True)), button(t("nm-discard"), NmConfirm(create=False))
        ]]
    )
    await message.answer(
        t(
            "nm-confirm", title=data["title"], place=data["place"],
            when=meetings.format_span(start, end, clock.tz, now=clock.now()), geofence=geofence,
        ),
        reply_markup=markup,
    )


@router.callback_query(NewMeeting.confirm, NmConfirm.filter())
async def confirmed(
    query: CallbackQuery, callback_data: NmConfirm, state: FSMContext, db: Database, clock: Clock, t: Translator,
    actor: Actor, settings: Settings,
) -> None:
    if not isinstance(query.message, Message):
        await query.answer()
        return
    data = await state.get_data()
    await state.clear()
    await _drop_buttons(query.message)
    if not callback_data.create:
        await query.answer()
        await query.message.answer(t("nm-discarded"))
        return
    position = None
    if data.get("latitude") is not None and data.get("longitude") is not None:
        position = Position(float(data["latitude"]), float(data["longitude"]))
    result = await meetings.create_meeting(
        db, actor=actor, district_id=int(data.get("district_id", 0)), title=str(data.get("title", "")),
        place=str(data.get("place", "")), starts_at=datetime.fromisoformat(data["start"]),
        ends_at=datetime.fromisoformat(data["end"]), position=position,
        radius_m=int(data["radius"]) if position is not None and data.get("radius") else None,
        now=clock.now(), today=clock.today(),
    )
    if isinstance(result, MeetingRefusal):
        await query.answer(t(f"meeting-refused-{result}"), show_alert=True)
        return
    await query.answer(t("nm-created"))
    await query.message.answer(t("nm-created"))
    await _send_card(query.message, result, db, clock, t, actor, settings)


# ---------------------------------------------------------------------------
# /mymeetings and the meeting card


@router.message(Command("mymeetings"))
async def my_meetings(message: Message, db: Database, clock: Clock, t: Translator, actor: Actor) -> None:
    items = await meetings.organiser_meetings(db, actor, clock.now())
    if not items:
        await message.answer(t("mm-none"))
        return
    now = clock.now()
    rows = [
        [button(
            f"{'🟢' if m.is_open else '🔒'} {meetings.format_moment(m.starts_at, clock.tz, now=now)} · {m.title}",
            MeetingOpen(id=m.id),
        )]
        for m in items
    ]
    await message.answer(t("mm-title"), reply_markup=InlineKeyboardMarkup(inline_keyboard=rows))


@router.callback_query(MeetingOpen.filter())
async def meeting_opened(
    query: CallbackQuery, callback_data: MeetingOpen, db: Database, clock: Clock, t: Translator, actor: Actor,
    settings: Settings,
) -> None:
    meeting = await meetings.managed_meeting(db, actor, callback_data.id)
    if isinstance(meeting, MeetingRefusal) or not isinstance(query.message, Message):
        await query.answer(t("stale-button"), show_alert=True)
        return
    await query.answer()
    await _send_card(query.message, meeting, db, clock, t, actor, settings)


async def _card_view(
    meeting: Meeting, db: Database, clock: Clock, t: Translator, actor: Actor, settings: Settings
) -> tuple[str, InlineKeyboardMarkup]:
    now = clock.now()
    checking_in = await meetings.is_checking_in(db, actor, meeting.id)
    present, coming = await meetings.meeting_counts(db, meeting.id)
    opens, closes = meetings.checkin_window(meeting)
    geofence = (
        t("nm-geofence-radius", metres=str(meeting.radius_m)) if meeting.has_geofence else t("nm-geofence-none")
    )
    lines = [
        t(
            "mm-card", title=meeting.title, district=meeting.district.name, city=meeting.district.city_name,
            when=meetings.format_span(meeting.starts_at, meeting.ends_at, clock.tz, now=now), place=meeting.place,
            geofence=geofence, opens=meetings.format_moment(opens, clock.tz, now=now),
            closes=meetings.format_moment(closes, clock.tz, now=now), present=present, coming=coming,
        )
    ]
    if not meeting.is_open:
        lines.append(t("mm-closed"))
    elif checking_in:
        lines.append(t("mm-checking-in"))
    rows = []
    if meeting.is_open:
        toggle = ("stop", "mm-stop-checkin") if checking_in else ("start", "mm-start-checkin")
        rows += [
            [button(t("mm-show-qr"), MeetingAct(action="qr", id=meeting.id))],
            [button(t(toggle[1]), MeetingAct(action=toggle[0], id=meeting.id))],
        ]
        if settings.public_url.startswith("https://"):
            # The rally scanner (web/scanner.py); Telegram opens Mini Apps from HTTPS addresses only.
            scanner = WebAppInfo(url=f"{settings.public_url}/scan/{meeting.id}")
            rows.append([InlineKeyboardButton(text=t("scan-button"), web_app=scanner)])
    rows.append([button(t("mm-attendees"), MeetingAct(action="att", id=meeting.id))])
    if meeting.is_open:
        rows.append([
            button(t("mm-reissue-qr"), MeetingAct(action="reissue", id=meeting.id)),
            button(t("mm-close"), MeetingAct(action="close", id=meeting.id)),
        ])
    return "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=rows)


async def _send_card(
    message: Message, meeting: Meeting, db: Database, clock: Clock, t: Translator, actor: Actor, settings: Settings
) -> None:
    text, markup = await _card_view(meeting, db, clock, t, actor, settings)
    await message.answer(text, reply_markup=markup)


async def _refresh_card(
    message: Message, meeting: Meeting, db: Database, clock: Clock, t: Translator, actor: Actor, settings: Settings
) -> None:
    text, markup = await _card_view(meeting, db, clock, t, actor, settings)
    try:
        await message.edit_text(text, reply_markup=markup)
    except TelegramBadRequest:
        await message.answer(text, reply_markup=markup)


def meeting_link(bot_username: str, qr_secret: bytes, meeting: Meeting) -> str:
    payload = tokens.sign(qr_secret, tokens.TokenKind.MEETING, meeting.id, meeting.qr_version)
    return tokens.deep_link(bot_username, payload)


async def _send_qr(message: Message, meeting: Meeting, bot: Bot, clock: Clock, t: Translator, qr_secret: bytes) -> None:
    me = await bot.me()
    opens, closes = meetings.checkin_window(meeting)
    now = clock.now()
    png = qr.render_png(meeting_link(me.username or "", qr_secret, meeting), caption=meeting.title)
    await message.answer_photo(
        BufferedInputFile(png, filename=f"meeting-{meeting.id}.png"),
        caption=t(
            "mm-qr-caption", title=meeting.title, opens=meetings.format_moment(opens, clock.tz, now=now),
            closes=meetings.format_moment(closes, clock.tz, now=now),
        ),
    )


@router.callback_query(MeetingAct.filter())
async def meeting_action(
    query: CallbackQuery, callback_data: MeetingAct, db: Database, clock: Clock, t: Translator, actor: Actor,
    bot: Bot, qr_secret: bytes, settings: Settings,
) -> None:
    message = query.message
    meeting = await meetings.managed_meeting(db, actor, callback_data.id)
    if isinstance(meeting, MeetingRefusal) or not isinstance(message, Message):
        await query.answer(t("stale-button"), show_alert=True)
        return
    action = callback_data.action
    if action == "qr":
        if not meeting.is_open:
            await query.answer(t("meeting-refused-closed"), show_alert=True)
            return
        await query.answer()
        await _send_qr(message, meeting, bot, clock, t, qr_secret)
    elif action == "start":
        result = await meetings.start_checkin(db, actor=actor, meeting_id=meeting.id, now=clock.now())
        if isinstance(result, MeetingRefusal):
            await query.answer(t(f"meeting-refused-{result}"), show_alert=True)
            return
        await query.answer()
        await _refresh_card(message, result, db, clock, t, actor, settings)
        await message.answer(t("mm-checkin-started", title=result.title))
    elif action == "stop":
        await meetings.stop_checkin(db, actor=actor, meeting_id=meeting.id)
        await query.answer(t("mm-checkin-stopped"))
        await _refresh_card(message, meeting, db, clock, t, actor, settings)
    elif action == "att":
        await query.answer()
        await _send_attendees(message, meeting, db, clock, t, actor)
    elif action in ("reissue", "close"):
        await query.answer()
        markup = InlineKeyboardMarkup(
            inline_keyboard=[[
                button(t(f"mm-{action}-yes"), MeetingAct(action=f"{action}_ok", id=meeting.id)),
                button(t("mm-keep"), MeetingOpen(id=meeting.id)),
            ]]
        )
        await message.answer(t(f"mm-{action}-ask", title=meeting.title), reply_markup=markup)
    elif action == "reissue_ok":
        result = await meetings.reissue_meeting_qr(db, actor=actor, meeting_id=meeting.id)
        if isinstance(result, MeetingRefusal):
            await query.answer(t(f"meeting-refused-{result}"), show_alert=True)
            return
        await query.answer()
        await _replace_text(message, t("mm-reissued"))
        await _send_qr(message, result, bot, clock, t, qr_secret)
    elif action == "close_ok":
        result = await meetings.close_meeting(db, actor=actor, meeting_id=meeting.id)
        if isinstance(result, MeetingRefusal):
            await query.answer(t(f"meeting-refused-{result}"), show_alert=True)
            return
        await query.answer()
        await _replace_text(message, t("mm-closed-done", title=result.title))
        await _send_card(message, result, db, clock, t, actor, settings)
    else:
        await query.answer(t("stale-button"), show_alert=True)


async def _send_attendees(
    message: Message, meeting: Meeting, db: Database, clock: Clock, t: Translator, actor: Actor
) -> None:
    result = await meetings.attendees(db, actor=actor, meeting_id=meeting.id)
    if isinstance(result, MeetingRefusal):
        await message.answer(t(f"meeting-refused-{result}"))
        return
    _, people = result
    if not people:
        await message.answer(t("mm-attendees-none", title=meeting.title))
        return
    lines = [t("mm-attendees-title", title=meeting.title, count=len(people))]
    size = len(lines[0])
    listed = 0
    for number, person in enumerate(people[:MAX_LISTED_ATTENDEES], start=1):
        line = t(
            "mm-attendee", number=str(number), name=person.display_name,
            time=f"{person.checked_in_at.astimezone(clock.tz):%H:%M}", method=t(f"mm-method-{person.method}"),
        )
        if size + len(line) + 1 > MAX_LISTING_CHARS:
            break
        lines.append(line)
        size += len(line) + 1
        listed += 1
    if len(people) > listed:
        lines.append(t("mm-attendees-more", count=len(people) - listed))
    await message.answer("\n".join(lines))
    await message.answer_document(
        BufferedInputFile(attendees_csv(people, clock.tz), filename=f"meeting-{meeting.id}-attendees.csv"),
        caption=t("mm-attendees-csv", title=meeting.title),
    )
