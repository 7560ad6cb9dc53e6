"""Outer middleware: load the acting user once per update and hand it to filters and handlers."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageCaption,
    EditMessageReplyMarkup,
    EditMessageText,
    Response,
    TelegramMethod,
)
from aiogram.methods.base import TelegramType
from aiogram.types import TelegramObject, Update, User

from bot.config import Settings
from bot.context import handler_var, update_id_var, user_id_var
from bot.i18n import I18n
from bot.roles import Actor
from storage import members as member_store
from storage.db import Database

log = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class ActorMiddleware(BaseMiddleware):
    """Puts `actor`, `member`, `locale` and `t` (the translator) into handler data."""

    def __init__(self, db: Database, i18n: I18n, settings: Settings) -> None:
        self.db = db
        self.i18n = i18n
        self.settings = settings

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if isinstance(event, Update):
            update_id_var.set(event.update_id)
        user: User | None = data.get("event_from_user")
        if user is None or user.is_bot:
            data["t"] = self.i18n.get(None)
            return await handler(event, data)
        user_id_var.set(user.id)
        async with self.db.reading() as conn:
            member, user_locale, grants = await member_store.actor_data(conn, user.id)
        locale = (member.locale if member else user_locale) or self.i18n.pick_locale(user.language_code)
        actor = Actor(tg_id=user.id, is_admin=self.settings.is_admin(user.id), member=member, grants=tuple(grants))
        data["actor"] = actor
        data["member"] = member
        data["locale"] = locale
        data["t"] = self.i18n.get(locale)
        return await handler(event, data)


class HandlerNameMiddleware(BaseMiddleware):
    """Inner middleware: records which handler runs, for the log."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        handler_object = data.get("handler")
        callback = getattr(handler_object, "callback", None)
        if callback is not None:
            handler_var.set(f"{callback.__module__}.{callback.__qualname__}")
        return await handler(event, data)


class InFlightMiddleware(BaseMiddleware):
    """Counts updates being handled, so shutdown can let them finish before the database closes."""

    def __init__(self) -> None:
        self._count = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        self._count += 1
        self._idle.clear()
        try:
            return await handler(event, data)
        finally:
            self._count -= 1
            if self._count == 0:
                self._idle.set()

    async def drain(self, timeout: float = 20.0) -> None:
        """Wait (bounded) for updates in progress to finish."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            log.warning("shutting down with %d updates still in progress", self._count)


# Answers Telegram gives in normal life that must not abort a handler: a button pressed
# long ago (the query can no longer be answered) or an edit that changes nothing.
_BENIGN = ("query is too old", "query id is invalid", "message is not modified")


class BenignErrorsMiddleware(BaseRequestMiddleware):
    """Bot-session middleware: stale callback answers and no-op edits succeed quietly."""

    async def __call__(self, make_request: NextRequestMiddlewareType[TelegramType], bot: Bot,
                       method: TelegramMethod[TelegramType]) -> Response[TelegramType]:
        try:
            return await make_request(bot, method)
        except TelegramBadRequest as error:
            if isinstance(method, (AnswerCallbackQuery, EditMessageText, EditMessageReplyMarkup, EditMessageCaption)) and any(
                phrase in error.message.lower() for phrase in _BENIGN
            ):
                log.info("%s ignored: %s", type(method).__name__, error.message)
                return Response[TelegramType](ok=True, result=True)  # type: ignore[arg-type]
            raise
