"""Log records of a failing update name the update, the user and the handler, for every update type."""

from __future__ import annotations

import logging

import pytest
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import AnswerCallbackQuery, SendMessage

from bot.runtime.app import App
from bot.runtime.context import LOG_FORMAT, UpdateContextFilter
from tests.support import updates
from tests.support.factories import NewMember


def failures(caplog: pytest.LogCaptureFixture) -> list[str]:
    formatter = logging.Formatter(LOG_FORMAT)
    return [formatter.format(r) for r in caplog.records if r.name == "vverh.errors" and "failed" in r.getMessage()]


@pytest.fixture
def caplog(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.handler.addFilter(UpdateContextFilter())
    caplog.set_level(logging.INFO)
    return caplog


async def test_a_failing_button_press_is_logged_with_update_user_and_handler(
    new_member: NewMember, app: App, caplog: pytest.LogCaptureFixture
) -> None:
    await new_member(800)
    press = updates.callback(800, "prof:rename")
    app.bot.session.queue(
        TelegramBadRequest(method=AnswerCallbackQuery(callback_query_id="x"), message="chat not found")
    )
    await app.dp.feed_update(app.bot, press)
    [line] = failures(caplog)
    assert f"update={press.update_id} user=800 handler=handlers.members.rename_start]" in line
    assert "callback_query" in line


async def test_context_is_per_update_not_left_over_from_the_previous_one(
    new_member: NewMember, app: App, caplog: pytest.LogCaptureFixture
) -> None:
    await new_member(801)
    first = updates.text(801, "/me")
    second = updates.text(802, "/help")  # 802 never registered: a different handler answers
    for update in (first, second):
        app.bot.session.queue(TelegramBadRequest(method=SendMessage(chat_id=1, text="x"), message="chat not found"))
        await app.dp.feed_update(app.bot, update)
    lines = failures(caplog)
    assert len(lines) == 2
    assert f"update={first.update_id} user=801 handler=handlers.points.show_profile]" in lines[0]
    assert f"update={second.update_id} user=802 handler=handlers.common.show_help]" in lines[1]


async def test_the_user_is_apologised_to_after_a_failure(new_member: NewMember, app: App) -> None:
    await new_member(803)
    app.bot.session.queue(TelegramBadRequest(method=SendMessage(chat_id=1, text="x"), message="chat not found"))
    await app.dp.feed_update(app.bot, updates.text(803, "/me"))
    last = app.bot.session.requests[-1]  # type: ignore[attr-defined]
    assert isinstance(last, SendMessage) and "что-то пошло не так" in last.text
