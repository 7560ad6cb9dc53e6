"""Meeting reminders: members who said they will come hear about it a day and two hours before.

`remind_due` runs every minute (job id "meeting-reminders"). A meeting is marked
reminded in the same transaction that picks it, so a reminder never goes out twice,
also after a restart; a crash right after that commit loses those few reminders
rather than doubling them.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramRetryAfter

from bot import formats, meetings
from bot.i18n import I18n
from scheduler.clock import Clock
from storage.db import Database

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

log = logging.getLogger(__name__)

JOB_ID = "meeting-reminders"
# Well under Telegram's 30 messages per second overall.
SEND_INTERVAL = 0.05


async def remind_due(bot: Bot, db: Database, i18n: I18n, clock: Clock) -> int:
    """Send the reminders that are due now; return how many messages went out."""
    now = clock.now()
    sent = 0
    for reminder in await meetings.take_due_reminders(db, now=now):
        meeting = reminder.meeting
        for recipient in reminder.recipients:
            t = i18n.get(recipient.locale)
            text = t(
                "meeting-reminder-day-before" if reminder.day_before else "meeting-reminder",
                title=meeting.title, place=meeting.place,
                when=formats.span_text(meeting.starts_at, meeting.ends_at, clock.tz, now=now),
            )
            if await _send(bot, recipient.tg_id, text):
                sent += 1
            await asyncio.sleep(SEND_INTERVAL)
    return sent


async def _send(bot: Bot, chat_id: int, text: str) -> bool:
    for _ in range(3):
        try:
            await bot.send_message(chat_id, text)
            return True
        except TelegramRetryAfter as error:
            await asyncio.sleep(error.retry_after)
        except TelegramAPIError as error:
            log.info("meeting reminder to %s not delivered: %s", chat_id, error)
            return False
    return False


def schedule(scheduler: AsyncIOScheduler, *, bot: Bot, db: Database, i18n: I18n, clock: Clock) -> None:
    """Add the every-minute reminder job to the bot's scheduler."""
    scheduler.add_job(
        remind_due,
        "interval",
        minutes=1,
        id=JOB_ID,
        replace_existing=True,
        coalesce=True,
        max_instances=1,
        misfire_grace_time=300,
        kwargs={"bot": bot, "db": db, "i18n": i18n, "clock": clock},
    )
