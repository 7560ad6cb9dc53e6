"""The flood limit through the real dispatcher: one polite slow-down, others unaffected, buttons answered."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from aiogram.methods import AnswerCallbackQuery, SendMessage

from bot.runtime.app import App, build_app
from bot.runtime.config import Settings
from scheduler.clock import FrozenClock
from tests.support import updates
from tests.support.factories import NewMember
from tests.support.session import MockedBot

FLOODER, NEIGHBOUR, ENGLISH = 700, 701, 702
SLOW_DOWN_RU = "слишком быстро"
SLOW_DOWN_EN = "too fast"


@pytest.fixture
async def app(settings: Settings, clock: FrozenClock, new_member: NewMember) -> AsyncIterator[App]:
    limited = settings.model_copy(update={"flood_rate": 3.0, "flood_burst": 20})
    application = await build_app(limited, clock=clock, bot=MockedBot())
    for tg_id, locale in ((FLOODER, "ru"), (NEIGHBOUR, "ru"), (ENGLISH, "en")):
        await new_member(tg_id, locale=locale)
    try:
        yield application
    finally:
        await application.close()


def sent_to(app: App, chat_id: int) -> list[str]:
    return [
        m.text for m in app.bot.session.requests  # type: ignore[attr-defined]
        if isinstance(m, SendMessage) and m.chat_id == chat_id
    ]


def answers(app: App) -> list[AnswerCallbackQuery]:
    return [m for m in app.bot.session.requests if isinstance(m, AnswerCallbackQuery)]  # type: ignore[attr-defined]


async def feed_all(app: App, items: list[Any]) -> None:
    await asyncio.gather(*(app.dp.feed_update(app.bot, update) for update in items))


async def test_fifty_messages_in_a_second_get_one_slow_down_and_the_neighbour_is_served(app: App) -> None:
    flood = [updates.text(FLOODER, "/me") for _ in range(50)]
    neighbour = [updates.text(NEIGHBOUR, "/me") for _ in range(3)]
    await feed_all(app, flood[:25] + neighbour + flood[25:])

    to_flooder = sent_to(app, FLOODER)
    assert sum(SLOW_DOWN_RU in text for text in to_flooder) == 1
    assert sum("Участник 700" in text for text in to_flooder) == 20  # the burst was served, the rest dropped
    assert sum("Участник 701" in text for text in sent_to(app, NEIGHBOUR)) == 3
    assert not any(SLOW_DOWN_RU in text for text in sent_to(app, NEIGHBOUR))


async def test_the_flooder_is_served_again_after_a_pause_and_warned_again_only_in_a_new_flood(
    app: App, clock: FrozenClock
) -> None:
    await feed_all(app, [updates.text(FLOODER, "/help") for _ in range(30)])
    clock.advance(timedelta(seconds=1))
    await feed_all(app, [updates.text(FLOODER, "/help") for _ in range(10)])  # still flooding: 3 more served
    assert sum(SLOW_DOWN_RU in text for text in sent_to(app, FLOODER)) == 1
    assert len(sent_to(app, FLOODER)) == 1 + 20 + 3

    clock.advance(timedelta(seconds=30))
    await app.dp.feed_update(app.bot, updates.text(FLOODER, "/help"))
    assert len(sent_to(app, FLOODER)) == 1 + 20 + 3 + 1
    await feed_all(app, [updates.text(FLOODER, "/help") for _ in range(30)])
    assert sum(SLOW_DOWN_RU in text for text in sent_to(app, FLOODER)) == 2


async def test_every_pressed_button_is_answered_even_when_dropped(app: App) -> None:
    presses = [updates.callback(FLOODER, "prof:rename") for _ in range(40)]
    await feed_all(app, presses)
    answered = {a.callback_query_id for a in answers(app)}
    assert answered == {p.callback_query.id for p in presses}  # type: ignore[union-attr]
    assert sum(SLOW_DOWN_RU in (a.text or "") for a in answers(app)) == 1


async def test_the_slow_down_comes_in_the_members_language(app: App) -> None:
    await feed_all(app, [updates.text(ENGLISH, "/help", language="ru") for _ in range(25)])
    assert sum(SLOW_DOWN_EN in text for text in sent_to(app, ENGLISH)) == 1


async def test_nobody_can_use_up_someone_elses_allowance(app: App) -> None:
    # The attacker floods with the neighbour's contact, forwards of the neighbour, and their id in text.
    attack: list[Any] = []
    for i in range(60):
        if i % 3 == 0:
            attack.append(updates.contact(FLOODER, "+79990001122", owner_id=NEIGHBOUR))
        elif i % 3 == 1:
            attack.append(updates.raw({"message": {
                "message_id": i, "date": 0, "chat": {"id": FLOODER, "type": "private"},
                "from": {"id": FLOODER, "is_bot": False, "first_name": "Чужой"},
                "forward_origin": {"type": "user", "date": 0,
                                   "sender_user": {"id": NEIGHBOUR, "is_bot": False, "first_name": "Сосед"}},
                "text": "/me",
            }}))
        else:
            attack.append(updates.text(FLOODER, f"/start {NEIGHBOUR}"))
    await feed_all(app, attack)
    await feed_all(app, [updates.text(NEIGHBOUR, "/help") for _ in range(10)])
    assert len(sent_to(app, NEIGHBOUR)) == 10
    assert not any(SLOW_DOWN_RU in text for text in sent_to(app, NEIGHBOUR))
