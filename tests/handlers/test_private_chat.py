"""Private chats only (SPEC §9): in groups and channels one line pointing to the private chat, nothing else;
a button acts only for the user whose dialog it is under."""

from __future__ import annotations

import time
from typing import Any

from aiogram.methods import AnswerCallbackQuery, SendMessage
from aiogram.types import Update

from bot.runtime.app import App
from handlers.members import EraseAnswer, MoveConfirm
from storage.db import fetch_value
from storage.members import Member
from tests.support import updates
from tests.support.chat import feed, requests
from tests.support.factories import NewMember

GROUP = -100_500
VICTIM, ATTACKER = 300, 301
PHONE = "+79990001122"


def _user(user_id: int) -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": "Участник", "language_code": "ru"}


def group_text(user_id: int, body: str, chat_type: str = "supergroup") -> Update:
    message: dict[str, Any] = {
        "message_id": 77, "date": int(time.time()), "chat": {"id": GROUP, "type": chat_type, "title": "Чат района"},
        "from": _user(user_id), "text": body,
    }
    if body.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(body.split()[0])}]
    return updates.raw({"message": message})


def press(user_id: int, data: str, *, chat_id: int, chat_type: str) -> Update:
    return updates.raw({"callback_query": {
        "id": f"q{user_id}{data}", "from": _user(user_id), "chat_instance": "ci", "data": data,
        "message": {"message_id": 5, "date": int(time.time()), "chat": {"id": chat_id, "type": chat_type},
                    "from": {"id": 42, "is_bot": True, "first_name": "Vverh"}, "text": "…"},
    }})


async def district_of(app: App, member: Member) -> int:
    async with app.db.reading() as conn:
        return int(await fetch_value(conn, "SELECT district_id FROM members WHERE id = ?", (member.id,)))


async def test_a_command_in_a_group_gets_one_line_pointing_to_the_private_chat_and_no_data(
    new_member: NewMember, app: App
) -> None:
    await new_member(VICTIM, phone=PHONE)

    await feed(app, group_text(VICTIM, "/me"), group_text(VICTIM, "/delete_me"))

    sent = [m for m in requests(app) if isinstance(m, SendMessage)]
    assert [m.chat_id for m in sent] == [GROUP, GROUP]
    assert {m.text for m in sent} == {"Я работаю только в личном чате: https://t.me/vverh_test_bot"}
    assert all(m.reply_markup is None for m in sent)
    assert all(PHONE not in str(m.model_dump()) for m in requests(app))


async def test_plain_messages_in_groups_and_channel_posts_get_no_answer(new_member: NewMember, app: App) -> None:
    await new_member(VICTIM, phone=PHONE)
    post = {"message_id": 9, "date": int(time.time()), "chat": {"id": -100_600, "type": "channel", "title": "Канал"},
            "text": "/rating"}

    await feed(app, group_text(VICTIM, "всем привет", "group"), group_text(VICTIM, "https://vk.com/wall-1_1"),
               updates.raw({"channel_post": post}))

    assert requests(app) == []


async def test_a_button_pressed_in_a_group_does_nothing_but_refuse(new_member: NewMember, app: App) -> None:
    victim = await new_member(VICTIM, district_id=1, phone=PHONE)

    await feed(app, press(VICTIM, MoveConfirm(id=4).pack(), chat_id=GROUP, chat_type="supergroup"),
               press(VICTIM, EraseAnswer(confirm=True).pack(), chat_id=GROUP, chat_type="supergroup"))

    assert [type(m) for m in requests(app)] == [AnswerCallbackQuery, AnswerCallbackQuery]
    assert requests(app)[0].text == "Эта кнопка не для вас: откройте бота в личном чате."
    assert await district_of(app, victim) == 1
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT status FROM members WHERE id = ?", (victim.id,)) == "active"


async def test_a_button_acts_only_for_the_user_whose_dialog_it_is_under(new_member: NewMember, app: App) -> None:
    victim = await new_member(VICTIM, district_id=1, phone=PHONE)
    await new_member(ATTACKER, district_id=4, phone=PHONE)

    # The attacker's press arrives for a message in the victim's private chat (a forged or relayed callback).
    await feed(app, press(ATTACKER, EraseAnswer(confirm=True).pack(), chat_id=VICTIM, chat_type="private"))

    assert [type(m) for m in requests(app)] == [AnswerCallbackQuery]
    async with app.db.reading() as conn:
        statuses = dict(await (await conn.execute("SELECT id, status FROM members")).fetchall())
    assert set(statuses.values()) == {"active"}
    assert await district_of(app, victim) == 1
