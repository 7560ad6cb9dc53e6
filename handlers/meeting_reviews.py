"""Coordinators confirm or refuse a meeting from its organiser's report; admins pick the campaign's mode.

The rules (who may decide, nobody on their own meeting, points once) are enforced by
`bot.meeting_reports` inside its transaction; this module only shows and routes.
"""

from __future__ import annotations

import logging
from enum import StrEnum

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.filters import Command, CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot import formats, meeting_reports, meetings
from bot.i18n import I18n, Translator
from bot.meeting_reports import Decision, DecisionRefusal, Report
from bot.model import MeetingsMode
from bot.roles import Actor, Role
from bot.runtime.filters import AccessibleMessage, HasRole
from bot.scoring import format_points, points
from handlers.keyboards import button
from scheduler.clock import Clock
from storage.db import Database

log = logging.getLogger(__name__)

router = Router(name=__name__)
# A decision under a report too old to edit still counts; the buttons go when they can.
router.callback_query.filter(HasRole(Role.COORDINATOR), AccessibleMessage(required=False))

admin_router = Router(name=__name__ + ".admin")
admin_router.message.filter(HasRole(Role.ADMIN))


class ReviewAction(StrEnum):
    confirm = "ok"
    refuse = "no"


class ReviewButton(CallbackData, prefix="rv"):
    """A coordinator's decision on a reported meeting."""

    action: ReviewAction
    m: int               # the meeting's id


async def send_for_review(bot: Bot, i18n: I18n, clock: Clock, report: Report, *, organiser: str) -> None:
    """Show the report to everyone who may decide on it, with the two buttons."""
    meeting = report.meeting
    t = i18n.get(None)
    caption = t(
        "report-review", title=meeting.title, district=meeting.district.name, city=meeting.district.city_name,
        when=formats.span_text(meeting.starts_at, meeting.ends_at, clock.tz, now=clock.now()),
        organiser=organiser, present=report.present, text=meeting.report_text or "",
    )
    markup = InlineKeyboardMarkup(inline_keyboard=[[
        button(t("report-confirm"), ReviewButton(action=ReviewAction.confirm, m=meeting.id)),
        button(t("report-refuse"), ReviewButton(action=ReviewAction.refuse, m=meeting.id)),
    ]])
    for reviewer in report.reviewers:
        try:
            await bot.send_photo(reviewer, meeting.report_photo or "", caption=caption, reply_markup=markup)
        except TelegramAPIError as error:
            log.info("report of meeting %s not delivered to %s: %s", meeting.id, reviewer, error)


@router.callback_query(ReviewButton.filter())
async def decide(
    query: CallbackQuery, message: Message | None, callback_data: ReviewButton, db: Database, clock: Clock,
    t: Translator, i18n: I18n, actor: Actor, bot: Bot,
) -> None:
    result = await meeting_reports.decide(
        db, actor=actor, meeting_id=callback_data.m, confirm=callback_data.action is ReviewAction.confirm,
        now=clock.now(),
    )
    if isinstance(result, DecisionRefusal):
        await query.answer(t(f"review-refused-{result}"), show_alert=True)
        return
    done = t("review-confirmed" if result.confirmed else "review-refused", title=result.meeting.title)
    await query.answer(done)
    if message is not None:
        try:
            await message.edit_reply_markup(reply_markup=None)
        except TelegramBadRequest:
            log.debug("review buttons already gone")
        await message.answer(done)
    await _tell_everyone(bot, i18n, db, result)


async def _tell_everyone(bot: Bot, i18n: I18n, db: Database, decision: Decision) -> None:
    title = decision.meeting.title
    for person in decision.attendees:
        t = i18n.get(person.locale)
        if decision.confirmed:
            text = t(
                "attendance-confirmed", title=title, points=format_points(decision.units), n=points(decision.units)
            )
        else:
            text = t("attendance-refused", title=title)
        await _send(bot, person.tg_id, text)
    organiser = await meetings.locale_of(db, decision.meeting.created_by)
    key = "report-decided-confirmed" if decision.confirmed else "report-decided-refused"
    await _send(bot, decision.meeting.created_by, i18n.get(organiser)(key, title=title))


async def _send(bot: Bot, chat_id: int, text: str) -> None:
    try:
        await bot.send_message(chat_id, text)
    except TelegramAPIError as error:
        # The decision stands even if someone blocked the bot.
        log.info("meeting decision not delivered to %s: %s", chat_id, error)


@admin_router.message(Command("meetings_mode"))
async def meetings_mode(
    message: Message, command: CommandObject, db: Database, clock: Clock, t: Translator
) -> None:
    try:
        mode = MeetingsMode((command.args or "").strip().lower())
    except ValueError:
        await message.answer(t("usage-meetings_mode"))
        return
    campaign = await meetings.set_meetings_mode(db, mode=mode, today=clock.today())
    if campaign is None:
        await message.answer(t("meetings-mode-no-campaign"))
        return
    await message.answer(t("meetings-mode-set", name=campaign.name, mode=campaign.meetings))
