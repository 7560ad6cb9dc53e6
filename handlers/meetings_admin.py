"""Organiser tools: meetings, meeting QR, check-in, attendees."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from enum import StrEnum

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

from bot import formats, meeting_reports, meeting_times, meetings, qr, tokens
from bot.i18n import I18n, Translator
from bot.meeting_reports import ReportRefusal
from bot.meeting_times import DatePassed, TimeProblem
from bot.meetings import Clash, MeetingRefusal, Position, TextProblem
from bot.model import Confirmation, District, Meeting
from bot.roles import Actor, Role
from bot.runtime.config import Settings
from bot.runtime.filters import AccessibleMessage, HasRole
from bot.spreadsheets import attendees_csv
from handlers import meeting_reviews, surveys_admin
from handlers.keyboards import button, main_menu, paginated
from handlers.meetings import Rsvp
from handlers.pressed import Pressed
from scheduler.clock import Clock
from scheduler.outbox import OutboxSender
from storage.db import Database

log = logging.getLogger(__name__)

router = Router(name=__name__)
router.message.filter(HasRole(Role.ORGANISER))
router.callback_query.filter(HasRole(Role.ORGANISER), AccessibleMessage())

# The attendees file: its column headers come from the locale (attendees-col-…).

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


class NewMeetingDistrict(CallbackData, prefix="nm-d"):
    id: int


class NewMeetingDistrictPage(CallbackData, prefix="nm-dp"):
    page: int


class NewMeetingStart(CallbackData, prefix="nm-s"):
    at: int              # Unix time of the start


class NewMeetingLength(CallbackData, prefix="nm-e"):
    minutes: int


class NewMeetingRadius(CallbackData, prefix="nm-r"):
    metres: int


class NewMeetingConfirm(CallbackData, prefix="nm-ok"):
    create: bool


class MeetingOpen(CallbackData, prefix="mo"):
    id: int

    @property
    def meeting_id(self) -> int:
        return self.id


class MeetingAction(StrEnum):
    show_qr = "qr"
    start_checkin = "start"
    stop_checkin = "stop"
    attendees = "att"
    ask_reissue_qr = "reissue"
    reissue_qr = "reissue_ok"
    ask_close = "close"
    close = "close_ok"
    send_report = "report"


class MeetingButton(CallbackData, prefix="mt"):
    """A button on an organiser's meeting card."""

    action: MeetingAction
    m: int               # the meeting's id

    @property
    def meeting_id(self) -> int:
        return self.m


# The meeting card's buttons: every handler here gets the pressed card's meeting as `meeting`,
# if this organiser still runs it; otherwise the press is answered as a stale button.
cards = Router(name=__name__ + ".cards")
cards.callback_query.middleware(Pressed(
    "meeting",
    load=lambda pressed, data: meetings.managed_meeting(data["db"], data["actor"], pressed.meeting_id),
    refused=lambda t, _: t("stale-button"),
))
router.include_router(cards)


class MeetingReport(StatesGroup):
    photo = State()
    text = State()


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
        button=lambda d: button(f"{d.name} ({d.city_name})" if several_cities else d.name, NewMeetingDistrict(id=d.id)),
        page_data=lambda p: NewMeetingDistrictPage(page=p), columns=1,
    )


@router.callback_query(NewMeeting.district, NewMeetingDistrictPage.filter())
async def district_page(
    query: CallbackQuery, message: Message, callback_data: NewMeetingDistrictPage, db: Database, t: Translator,
    actor: Actor,
) -> None:
    await query.answer()
    districts = await meetings.organised_districts(db, actor)
    try:
        await message.edit_reply_markup(reply_markup=_districts_markup(districts, callback_data.page))
    except TelegramBadRequest:
        log.debug("same page")


@router.callback_query(NewMeeting.district, NewMeetingDistrict.filter())
async def district_chosen(
    query: CallbackQuery, message: Message, callback_data: NewMeetingDistrict, state: FSMContext, db: Database,
    t: Translator, actor: Actor,
) -> None:
    district = next((d for d in await meetings.organised_districts(db, actor) if d.id == callback_data.id), None)
    if district is None:
        await query.answer(t("stale-button"), show_alert=True)
        return
    await query.answer()
    await state.update_data(district_id=district.id)
    await message.edit_text(t("nm-district-chosen", district=district.name, city=district.city_name))
    await _ask_title(message, state, t, district.name)


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
    choices = meeting_times.quick_starts(clock.now(), clock.tz)
    buttons = [
        button(t(f"nm-quick-{word}", time=formats.clock_time(moment, clock.tz)),
               NewMeetingStart(at=int(moment.timestamp())))
        for word, moment in choices
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    await message.answer(t("nm-ask-start"), reply_markup=InlineKeyboardMarkup(inline_keyboard=rows) if rows else None)


@router.message(NewMeeting.start, NOT_A_COMMAND)
async def start_typed(message: Message, state: FSMContext, t: Translator, clock: Clock) -> None:
    span = meeting_times.parse_start(message.text or "", now=clock.now(), tz=clock.tz)
    if isinstance(span, DatePassed):
        # Asked, never moved to next year silently: the organiser types the year if they mean it.
        await message.answer(t(
            "nm-time-date_passed", date=formats.local_date_text(span.typed, clock.tz),
            next=formats.moment_text(span.next_year, clock.tz),
        ))
        return
    if isinstance(span, TimeProblem):
        await message.answer(t(f"nm-time-{span}"))
        return
    if span.end is not None:
        end = meeting_times.check_span(span.start, span.end, now=clock.now())
        if isinstance(end, TimeProblem):
            await message.answer(t(f"nm-time-{end}"))
            return
        await state.update_data(start=span.start.isoformat(), end=end.isoformat())
        await _ask_location(message, state, t)
        return
    await _start_chosen(message, state, t, clock, span.start)


@router.callback_query(NewMeeting.start, NewMeetingStart.filter())
async def start_pressed(
    query: CallbackQuery, message: Message, callback_data: NewMeetingStart, state: FSMContext, t: Translator,
    clock: Clock,
) -> None:
    # Compared as numbers first: forged callback data may carry a time no datetime can hold.
    ahead = callback_data.at - clock.now().timestamp()
    if ahead > QUICK_START_HORIZON.total_seconds():
        await query.answer(t("stale-button"), show_alert=True)
        return
    if ahead < -meeting_times.START_GRACE.total_seconds():
        await query.answer(t("nm-time-in_the_past"), show_alert=True)
        return
    start = datetime.fromtimestamp(callback_data.at, clock.tz)
    await query.answer()
    await _drop_buttons(message)
    await _start_chosen(message, state, t, clock, start)


async def _start_chosen(message: Message, state: FSMContext, t: Translator, clock: Clock, start: datetime) -> None:
    await state.update_data(start=start.isoformat())
    await state.set_state(NewMeeting.end)
    buttons = [
        button(t("nm-quick-length", hours=_hours(minutes)), NewMeetingLength(minutes=minutes))
        for minutes in meeting_times.QUICK_LENGTHS
    ]
    await message.answer(
        t("nm-ask-end", start=formats.moment_text(start, clock.tz, now=clock.now())),
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
    end = meeting_times.parse_end(message.text or "", start=start, now=clock.now(), tz=clock.tz)
    if end is TimeProblem.UNRECOGNISED:
        await message.answer(t("nm-end-unrecognised"))
        return
    if isinstance(end, TimeProblem):
        await message.answer(t(f"nm-time-{end}"))
        return
    await state.update_data(end=end.isoformat())
    await _ask_location(message, state, t)


@router.callback_query(NewMeeting.end, NewMeetingLength.filter())
async def end_pressed(
    query: CallbackQuery, message: Message, callback_data: NewMeetingLength, state: FSMContext, t: Translator,
    clock: Clock,
) -> None:
    start = await _start_from_state(state)
    # Only the offered lengths are buttons; forged data could ask for a length past any date.
    offered = callback_data.minutes in meeting_times.QUICK_LENGTHS
    if start is None or not offered:
        await query.answer(t("stale-button"), show_alert=True)
        return
    end = meeting_times.check_span(start, start + timedelta(minutes=callback_data.minutes), now=clock.now())
    if isinstance(end, TimeProblem):
        await query.answer(t(f"nm-time-{end}"), show_alert=True)
        return
    await query.answer()
    await _drop_buttons(message)
    await state.update_data(end=end.isoformat())
    await _ask_location(message, state, t)


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
    rows = [[button(t("nm-radius-button", metres=str(m)), NewMeetingRadius(metres=m)) for m in QUICK_RADII]]
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


@router.callback_query(NewMeeting.radius, NewMeetingRadius.filter())
async def radius_pressed(
    query: CallbackQuery, message: Message, callback_data: NewMeetingRadius, state: FSMContext, t: Translator,
    clock: Clock,
) -> None:
    if callback_data.metres not in QUICK_RADII:
        await query.answer(t("stale-button"), show_alert=True)
        return
    await query.answer()
    await _drop_buttons(message)
    await state.update_data(radius=callback_data.metres)
    await _ask_confirm(message, state, t, clock)


async def _ask_confirm(message: Message, state: FSMContext, t: Translator, clock: Clock) -> None:
    data = await state.get_data()
    await state.set_state(NewMeeting.confirm)
    start, end = datetime.fromisoformat(data["start"]), datetime.fromisoformat(data["end"])
    geofence = t("nm-geofence-radius", metres=str(data["radius"])) if data.get("radius") else t("nm-geofence-none")
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[
            button(t("nm-create"), NewMeetingConfirm(create=True)),
            button(t("nm-discard"), NewMeetingConfirm(create=False)),
        ]]
    )
    await message.answer(
        t(
            "nm-confirm", title=data["title"], place=data["place"],
            when=formats.span_text(start, end, clock.tz, now=clock.now()), geofence=geofence,
        ),
        reply_markup=markup,
    )


@router.callback_query(NewMeeting.confirm, NewMeetingConfirm.filter())
async def confirmed(
    query: CallbackQuery, message: Message, callback_data: NewMeetingConfirm, state: FSMContext, db: Database,
    clock: Clock, t: Translator, actor: Actor, outbox: OutboxSender, settings: Settings,
) -> None:
    data = await state.get_data()
    await state.clear()
    await _drop_buttons(message)
    if not callback_data.create:
        await query.answer()
        await message.answer(t("nm-discarded"))
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
        announce=meetings.Announce(button_data=lambda meeting_id: Rsvp(id=meeting_id).pack(), tz=clock.tz),
    )
    if isinstance(result, Clash):
        # Back to the start step with everything else kept: another time is all it takes.
        await state.set_data({k: v for k, v in data.items() if k not in ("start", "end")})
        await state.set_state(NewMeeting.start)
        await query.answer()
        await message.answer(clash_text(t, "nm-refused-overlaps", result, clock))
        return
    if isinstance(result, MeetingRefusal):
        await query.answer(t(f"meeting-refused-{result}"), show_alert=True)
        return
    outbox.wake()                                  # the district's members hear of it
    await query.answer(t("nm-created"))
    await message.answer(t("nm-created"))
    await _send_card(message, result, db, clock, t, actor, settings)


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
            f"{'🟢' if m.is_open else '🔒'} {formats.moment_text(m.starts_at, clock.tz, now=now)} · {m.title}",
            MeetingOpen(id=m.id),
        )]
        for m in items
    ]
    await message.answer(t("mm-title"), reply_markup=InlineKeyboardMarkup(inline_keyboard=rows))


@cards.callback_query(MeetingOpen.filter())
async def meeting_opened(
    query: CallbackQuery, message: Message, meeting: Meeting, db: Database, clock: Clock, t: Translator,
    actor: Actor, settings: Settings,
) -> None:
    await query.answer()
    await _send_card(message, meeting, db, clock, t, actor, settings)


async def _card_view(
    meeting: Meeting, db: Database, clock: Clock, t: Translator, actor: Actor, settings: Settings
) -> tuple[str, InlineKeyboardMarkup]:
    now = clock.now()
    checking_in = await meetings.is_checking_in(db, actor, meeting.id)
    present, pending, coming = await meetings.meeting_counts(db, meeting.id)
    opens, closes = meetings.checkin_window(meeting)
    geofence = (
        t("nm-geofence-radius", metres=str(meeting.radius_m)) if meeting.has_geofence else t("nm-geofence-none")
    )
    lines = [
        t(
            "mm-card", title=meeting.title, district=meeting.district.name, city=meeting.district.city_name,
            when=formats.span_text(meeting.starts_at, meeting.ends_at, clock.tz, now=now), place=meeting.place,
            geofence=geofence, opens=formats.moment_text(opens, clock.tz, now=now),
            closes=formats.moment_text(closes, clock.tz, now=now), present=present, coming=coming,
        )
    ]
    if meeting.confirmation is not Confirmation.AUTO:
        lines.append(t(f"mm-confirmation-{meeting.confirmation}", pending=pending))
    if not meeting.is_open:
        lines.append(t("mm-closed"))
    elif checking_in:
        lines.append(t("mm-checking-in"))
    rows = []
    if meeting.is_open:
        toggle = (
            (MeetingAction.stop_checkin, "mm-stop-checkin") if checking_in
            else (MeetingAction.start_checkin, "mm-start-checkin")
        )
        rows += [
            [button(t("mm-show-qr"), MeetingButton(action=MeetingAction.show_qr, m=meeting.id))],
            [button(t(toggle[1]), MeetingButton(action=toggle[0], m=meeting.id))],
        ]
        if settings.public_url.startswith("https://"):
            # The rally scanner (web/scanner.py); Telegram opens Mini Apps from HTTPS addresses only.
            scanner = WebAppInfo(url=f"{settings.public_url}/scan/{meeting.id}")
            rows.append([InlineKeyboardButton(text=t("scan-button"), web_app=scanner)])
    rows.append([button(t("mm-attendees"), MeetingButton(action=MeetingAction.attendees, m=meeting.id))])
    if meeting.confirmation.pending and now >= meeting.starts_at:
        rows.append([button(t("mm-send-report"), MeetingButton(action=MeetingAction.send_report, m=meeting.id))])
    if meeting.is_open:
        rows.append([
            button(t("mm-reissue-qr"), MeetingButton(action=MeetingAction.ask_reissue_qr, m=meeting.id)),
            button(t("mm-close"), MeetingButton(action=MeetingAction.ask_close, m=meeting.id)),
        ])
    feedback_lines, feedback_rows = await surveys_admin.meeting_card_feedback(db, t, meeting.id)
    lines += feedback_lines
    rows += feedback_rows
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


async def _send_qr(message: Message, meeting: Meeting, bot: Bot, clock: Clock, t: Translator, qr_secret: bytes) -> None:
    me = await bot.me()
    opens, closes = meetings.checkin_window(meeting)
    now = clock.now()
    link = tokens.signed_link(me.username or "", qr_secret, tokens.TokenKind.MEETING, meeting.id, meeting.qr_version)
    png = qr.render_png(link, caption=meeting.title)
    await message.answer_photo(
        BufferedInputFile(png, filename=f"meeting-{meeting.id}.png"),
        caption=t(
            "mm-qr-caption", title=meeting.title, opens=formats.moment_text(opens, clock.tz, now=now),
            closes=formats.moment_text(closes, clock.tz, now=now),
        ),
    )


def clash_text(t: Translator, key: str, clash: Clash, clock: Clock) -> str:
    """A refusal naming the other meeting at that time and its hours."""
    other = clash.other
    when = formats.span_text(other.starts_at, other.ends_at, clock.tz, now=clock.now())
    return t(key, other=other.title, when=when)


@cards.callback_query(MeetingButton.filter(F.action == MeetingAction.show_qr))
async def show_qr(
    query: CallbackQuery, message: Message, meeting: Meeting, clock: Clock, t: Translator, bot: Bot, qr_secret: bytes
) -> None:
    if not meeting.is_open:
        await query.answer(t("meeting-refused-closed"), show_alert=True)
        return
    await query.answer()
    await _send_qr(message, meeting, bot, clock, t, qr_secret)


@cards.callback_query(MeetingButton.filter(F.action == MeetingAction.start_checkin))
async def start_checkin(
    query: CallbackQuery, message: Message, meeting: Meeting, db: Database, clock: Clock, t: Translator, actor: Actor,
    settings: Settings,
) -> None:
    result = await meetings.start_checkin(db, actor=actor, meeting_id=meeting.id, now=clock.now())
    if isinstance(result, Clash):
        await query.answer()
        await message.answer(clash_text(t, "meeting-refused-overlaps", result, clock))
        return
    if isinstance(result, MeetingRefusal):
        await query.answer(t(f"meeting-refused-{result}"), show_alert=True)
        return
    await query.answer()
    await _refresh_card(message, result, db, clock, t, actor, settings)
    await message.answer(t("mm-checkin-started", title=result.title))


@cards.callback_query(MeetingButton.filter(F.action == MeetingAction.stop_checkin))
async def stop_checkin(
    query: CallbackQuery, message: Message, meeting: Meeting, db: Database, clock: Clock, t: Translator, actor: Actor,
    settings: Settings,
) -> None:
    await meetings.stop_checkin(db, actor=actor, meeting_id=meeting.id)
    await query.answer(t("mm-checkin-stopped"))
    await _refresh_card(message, meeting, db, clock, t, actor, settings)


@cards.callback_query(MeetingButton.filter(F.action == MeetingAction.attendees))
async def list_attendees(
    query: CallbackQuery, message: Message, meeting: Meeting, db: Database, clock: Clock, t: Translator, actor: Actor
) -> None:
    await query.answer()
    await _send_attendees(message, meeting, db, clock, t, actor)


@cards.callback_query(MeetingButton.filter(F.action.in_({MeetingAction.ask_reissue_qr, MeetingAction.ask_close})))
async def ask_to_make_sure(
    query: CallbackQuery, message: Message, meeting: Meeting, callback_data: MeetingButton, t: Translator
) -> None:
    await query.answer()
    # One question for two acts that cannot be undone: "reissue" and "close".
    word, act = (
        ("reissue", MeetingAction.reissue_qr) if callback_data.action is MeetingAction.ask_reissue_qr
        else ("close", MeetingAction.close)
    )
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[
            button(t(f"mm-{word}-yes"), MeetingButton(action=act, m=meeting.id)),
            button(t("mm-keep"), MeetingOpen(id=meeting.id)),
        ]]
    )
    await message.answer(t(f"mm-{word}-ask", title=meeting.title), reply_markup=markup)


@cards.callback_query(MeetingButton.filter(F.action == MeetingAction.reissue_qr))
async def reissue_qr(
    query: CallbackQuery, message: Message, meeting: Meeting, db: Database, clock: Clock, t: Translator, actor: Actor,
    bot: Bot, qr_secret: bytes,
) -> None:
    result = await meetings.reissue_meeting_qr(db, actor=actor, meeting_id=meeting.id)
    if isinstance(result, MeetingRefusal):
        await query.answer(t(f"meeting-refused-{result}"), show_alert=True)
        return
    await query.answer()
    await _replace_text(message, t("mm-reissued"))
    await _send_qr(message, result, bot, clock, t, qr_secret)


@cards.callback_query(MeetingButton.filter(F.action == MeetingAction.close))
async def close_meeting(
    query: CallbackQuery, message: Message, meeting: Meeting, db: Database, clock: Clock, t: Translator, actor: Actor,
    outbox: OutboxSender, settings: Settings,
) -> None:
    result = await meetings.close_meeting(db, actor=actor, meeting_id=meeting.id, now=clock.now(), tz=clock.tz)
    if isinstance(result, MeetingRefusal):
        await query.answer(t(f"meeting-refused-{result}"), show_alert=True)
        return
    outbox.wake()                                  # closed before it started: those coming are told
    await query.answer()
    await _replace_text(message, t("mm-closed-done", title=result.title))
    await _send_card(message, result, db, clock, t, actor, settings)


# ---------------------------------------------------------------------------
# The organiser's report, for campaigns whose meetings need a coordinator's confirmation


@cards.callback_query(MeetingButton.filter(F.action == MeetingAction.send_report))
async def ask_report(
    query: CallbackQuery, message: Message, meeting: Meeting, state: FSMContext, t: Translator
) -> None:
    await query.answer()
    await state.set_state(MeetingReport.photo)
    await state.set_data({"meeting_id": meeting.id})
    await message.answer(t("report-ask-photo", title=meeting.title))


@router.message(MeetingReport.photo, F.photo)
async def report_photo(
    message: Message, state: FSMContext, db: Database, clock: Clock, t: Translator, i18n: I18n, actor: Actor,
    bot: Bot, settings: Settings,
) -> None:
    assert message.photo
    await state.update_data(photo=message.photo[-1].file_id)
    if not (message.caption or "").strip():
        await state.set_state(MeetingReport.text)
        await message.answer(t("report-ask-text"))
        return
    await _submit_report(message, message.caption or "", state, db, clock, t, i18n, actor, bot, settings)


@router.message(MeetingReport.photo, NOT_A_COMMAND)
@router.message(MeetingReport.photo, ~F.text)
async def report_photo_expected(message: Message, t: Translator) -> None:
    await message.answer(t("report-photo-expected"))


@router.message(MeetingReport.text, NOT_A_COMMAND)
async def report_text(
    message: Message, state: FSMContext, db: Database, clock: Clock, t: Translator, i18n: I18n, actor: Actor,
    bot: Bot, settings: Settings,
) -> None:
    await _submit_report(message, message.text or "", state, db, clock, t, i18n, actor, bot, settings)


@router.message(MeetingReport.text, ~F.text)
async def report_text_expected(message: Message, t: Translator) -> None:
    await message.answer(t("report-text-expected"))


async def _submit_report(
    message: Message, text: str, state: FSMContext, db: Database, clock: Clock, t: Translator, i18n: I18n,
    actor: Actor, bot: Bot, settings: Settings,
) -> None:
    data = await state.get_data()
    result = await meeting_reports.submit_report(
        db, actor=actor, meeting_id=int(data.get("meeting_id", 0)), photo=str(data.get("photo", "")), text=text,
        admins=settings.admin_ids, now=clock.now(),
    )
    if result in (ReportRefusal.TEXT_TOO_SHORT, ReportRefusal.TEXT_TOO_LONG):
        await state.set_state(MeetingReport.text)
        await message.answer(t(f"report-refused-{result}"))
        return
    await state.clear()
    if isinstance(result, ReportRefusal):
        await message.answer(t(f"report-refused-{result}"))
        return
    await message.answer(t("report-sent", title=result.meeting.title))
    organiser = message.from_user.full_name if message.from_user else str(actor.tg_id)
    await meeting_reviews.send_for_review(bot, i18n, clock, result, organiser=organiser)


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
            time=formats.clock_time(person.checked_in_at, clock.tz), method=t(f"mm-method-{person.method}"),
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
        BufferedInputFile(attendees_csv(people, clock.tz, t), filename=f"meeting-{meeting.id}-attendees.csv"),
        caption=t("mm-attendees-csv", title=meeting.title),
    )
