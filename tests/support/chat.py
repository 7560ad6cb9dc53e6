"""What a user saw: the requests the bot made to the mocked Bot API, chat by chat."""

from __future__ import annotations

from typing import Any

from aiogram.methods import EditMessageText, SendMessage, SendPhoto

from bot.runtime.app import App


async def feed(app: App, *items: Any) -> None:
    """Hand updates to the dispatcher one after another, as one user's taps arrive."""
    for update in items:
        await app.dp.feed_update(app.bot, update)


def requests(app: App) -> list[Any]:
    return app.bot.session.requests  # type: ignore[attr-defined,no-any-return]


def texts_to(app: App, chat_id: int) -> list[str]:
    """Every text the chat was shown: messages, edits, and the captions of photos."""
    shown = []
    for m in requests(app):
        if isinstance(m, (SendMessage, EditMessageText)) and m.chat_id == chat_id and m.text:
            shown.append(m.text)
        elif isinstance(m, SendPhoto) and m.chat_id == chat_id and m.caption:
            shown.append(m.caption)
    return shown


def last_text(app: App, chat_id: int) -> str:
    return texts_to(app, chat_id)[-1]
