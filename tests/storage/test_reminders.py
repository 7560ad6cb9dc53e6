"""Meeting reminders: two hours before, only to those who said they will come, never twice."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from aiogram.exceptions import TelegramForbiddenError
from aiogram.methods import SendMessage

from bot import meetings
from bot.i18n import I18n
from bot.model import GrantedRole, Meeting, ScopeKind
from scheduler.clock import FrozenClock
from scheduler.reminders import remind_due
from storage.db import Database
from tests.support.factories import NewMember, grant, staff
from tests.support.session import MockedBot

ORGANISER = staff(900, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)


@pytest.fixture(autouse=True)
async def _staff_hold_their_grants(db: Database) -> None:
    await grant(db, ORGANISER)


_organisers = itertools.count(910)


async def meeting_in(db: Database, clock: FrozenClock, delta: timedelta, title: str = "Субботник") -> Meeting:
    # Each meeting its own organiser: one organiser cannot run two meetings at the same time.
    tg_id = next(_organisers)
    organiser = await grant(db, tg_id, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    start = clock.now() + delta
    result = await meetings.create_meeting(
        db, actor=organiser, district_id=1, title=title, place="Сквер у школы", starts_at=start,
        ends_at=start + timedelta(hours=2), now=clock.now(), today=clock.today(),
    )
    assert isinstance(result, Meeting)
    return result


def sent(bot: MockedBot) -> list[tuple[int, str]]:
    return [(int(m.chat_id), m.text) for m in bot.session.requests if isinstance(m, SendMessage)]


async def test_those_coming_are_reminded_two_hours_before_once_in_their_language(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock
) -> None:
    bot, i18n = MockedBot(), I18n("ru")
    anna, john, idle = await new_member(100), await new_member(101, locale="en"), await new_member(102)
    meeting = await meeting_in(seeded_db, clock, timedelta(hours=3))
    for who in (anna, john):
        assert await meetings.toggle_rsvp(seeded_db, member=who, meeting_id=meeting.id, now=clock.now()) is True

    assert await remind_due(bot, seeded_db, i18n, clock) == 0          # three hours before: too early
    clock.advance(timedelta(minutes=59))
    assert await remind_due(bot, seeded_db, i18n, clock) == 0
    clock.advance(timedelta(minutes=1))                                 # two hours before
    assert await remind_due(bot, seeded_db, i18n, clock) == 2
    messages = dict(sent(bot))
    assert set(messages) == {anna.tg_id, john.tg_id} and idle.tg_id not in messages
    assert "Скоро встреча" in messages[anna.tg_id] and "Субботник" in messages[anna.tg_id]
    assert "A meeting is coming up" in messages[john.tg_id]
    assert "10.12 15:00–17:00" in messages[anna.tg_id]                  # local Moscow time

    clock.advance(timedelta(minutes=1))
    assert await remind_due(bot, seeded_db, i18n, clock) == 0
    assert len(sent(bot)) == 2


async def test_no_second_reminder_after_a_restart(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock
) -> None:
    bot, i18n = MockedBot(), I18n("ru")
    anna = await new_member(100)
    meeting = await meeting_in(seeded_db, clock, timedelta(hours=1))
    await meetings.toggle_rsvp(seeded_db, member=anna, meeting_id=meeting.id, now=clock.now())
    assert await remind_due(bot, seeded_db, i18n, clock) == 1
    path = seeded_db.path
    await seeded_db.close()
    restarted = await Database(path).connect()
    try:
        assert await remind_due(bot, restarted, i18n, clock) == 0
    finally:
        await restarted.close()
        await seeded_db.connect()       # the fixture closes it again
    assert len(sent(bot)) == 1


async def test_meetings_already_started_or_closed_are_not_reminded(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock
) -> None:
    bot, i18n = MockedBot(), I18n("ru")
    anna = await new_member(100)
    started = await meeting_in(seeded_db, clock, timedelta(minutes=-10), title="Уже идёт")
    closed = await meeting_in(seeded_db, clock, timedelta(hours=1), title="Отменена")
    for meeting in (started, closed):
        await meetings.toggle_rsvp(seeded_db, member=anna, meeting_id=meeting.id, now=clock.now())
    await meetings.close_meeting(seeded_db, actor=ORGANISER, meeting_id=closed.id)
    assert await remind_due(bot, seeded_db, i18n, clock) == 0
    assert sent(bot) == []


async def test_a_member_who_blocked_the_bot_does_not_stop_the_others(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock
) -> None:
    bot, i18n = MockedBot(), I18n("ru")
    first, second = await new_member(100), await new_member(101)
    meeting = await meeting_in(seeded_db, clock, timedelta(hours=1))
    for who in (first, second):
        await meetings.toggle_rsvp(seeded_db, member=who, meeting_id=meeting.id, now=clock.now())
    bot.session.queue(
        TelegramForbiddenError(method=SendMessage(chat_id=100, text="x"), message="bot was blocked by the user")
    )
    assert await remind_due(bot, seeded_db, i18n, clock) == 1
    assert [chat for chat, _ in sent(bot)] == [100, 101]
