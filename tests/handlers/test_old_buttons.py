"""Buttons under a message Telegram no longer shows the bot (days old: an inaccessible message).

An act that needs no message to edit still counts; a button that could only redraw its
message says it no longer works.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from aiogram.methods import AnswerCallbackQuery

from bot import meetings
from bot.model import GrantedRole, Meeting, ScopeKind
from bot.runtime.app import App
from handlers.meetings import CardAction, CardButton, Rsvp
from storage.db import fetch_value
from tests.support import updates
from tests.support.chat import feed, requests
from tests.support.factories import NewMember, grant


def press_under_old_message(user_id: int, data: str) -> Any:
    chat = {"id": user_id, "type": "private", "first_name": "Участник"}
    return updates.raw({"callback_query": {
        "id": f"old-{data}", "from": {"id": user_id, "is_bot": False, "first_name": "Участник", "language_code": "ru"},
        "chat_instance": str(user_id), "data": data, "message": {"message_id": 1, "date": 0, "chat": chat},
    }})


def answers(app: App) -> list[str]:
    return [m.text or "" for m in requests(app) if isinstance(m, AnswerCallbackQuery)]


async def a_meeting_and_a_member(new_member: NewMember, app: App) -> Meeting:
    now = app.clock.now()
    organiser = await grant(app.db, 900, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    await new_member(100, "Анна")
    start = now + timedelta(days=3)
    meeting = await meetings.create_meeting(
        app.db, actor=organiser, district_id=1, title="Встреча с жителями",
        place="Библиотека", starts_at=start, ends_at=start + timedelta(hours=2), position=None, radius_m=None,
        now=now, today=app.clock.today(),
    )
    assert isinstance(meeting, Meeting)
    return meeting


async def test_an_answer_under_a_days_old_invitation_still_counts(new_member: NewMember, app: App) -> None:
    meeting = await a_meeting_and_a_member(new_member, app)
    await feed(app, press_under_old_message(100, Rsvp(id=meeting.id).pack()))
    assert answers(app)[-1].startswith("✅ Ждём вас")
    async with app.db.reading() as conn:
        coming = await fetch_value(conn, "SELECT COUNT(*) FROM meeting_rsvps WHERE meeting_id = ?", (meeting.id,))
    assert coming == 1


async def test_a_button_that_only_redraws_an_old_message_says_it_no_longer_works(
    new_member: NewMember, app: App
) -> None:
    await a_meeting_and_a_member(new_member, app)
    await feed(app, press_under_old_message(100, CardButton(action=CardAction.keep).pack()))
    assert answers(app)[-1] == "Эта кнопка уже не действует."
