"""Middlewares: the update's context for logs, the flood limit, the acting user, updates in flight."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageCaption,
    EditMessageReplyMarkup,
    EditMessageText,
    Response,
    TelegramMethod,
)
from aiogram.methods.base import TelegramType
from aiogram.types import Chat, TelegramObject, Update, User

from bot import membership
from bot.i18n import I18n
from bot.roles import Actor
from bot.runtime.config import Settings
from bot.runtime.context import handler_var, update_id_var, user_id_var
from bot.runtime.throttling import FloodLimiter, Verdict
from scheduler.clock import Clock
from storage import members as member_store
from storage.db import Database

log = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class UpdateContextMiddleware(BaseMiddleware):
    """The first of our outer middlewares: every log record of this update names it and its sender.

    Set afresh for each update (several may run one after another in one task) and left
    in place afterwards, so the error handler, which runs outside, still sees them.
    """

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        update_id_var.set(event.update_id if isinstance(event, Update) else None)
        user_id_var.set(user.id if user is not None else None)
        handler_var.set(None)
        return await handler(event, data)


class PrivateChatMiddleware(BaseMiddleware):
    """The bot works in private chats only (SPEC §9), checked once for every update.

    In a group, supergroup or channel it answers a command with one line pointing to the
    private chat, and does nothing else. A button acts only for the user whose dialog it is
    under: a press by anyone else (in a group, or a forged callback) gets a short refusal.
    """

    def __init__(self, i18n: I18n) -> None:
        self.i18n = i18n

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if not isinstance(event, Update):
            return await handler(event, data)
        user: User | None = data.get("event_from_user")
        query = event.callback_query
        if query is not None:
            chat = query.message.chat if query.message is not None else None
            if chat is not None and chat.type == ChatType.PRIVATE and chat.id == query.from_user.id:
                return await handler(event, data)
            t = self.i18n.get(self.i18n.pick_locale(query.from_user.language_code))
            await self._try(data["bot"], "answerCallbackQuery", lambda bot: bot.answer_callback_query(
                query.id, text=t("private-only-button")))
            return UNHANDLED
        chat = data.get("event_chat")
        if chat is None or chat.type == ChatType.PRIVATE:
            return await handler(event, data)
        message = event.message
        if message is not None and user is not None and not user.is_bot and (message.text or "").startswith("/"):
            bot: Bot = data["bot"]
            t = self.i18n.get(self.i18n.pick_locale(user.language_code))
            me = await bot.me()
            link = f"https://t.me/{me.username}"
            await self._try(bot, "sendMessage", lambda bot: bot.send_message(
                chat.id, t("private-only", link=link), reply_to_message_id=message.message_id,
                message_thread_id=message.message_thread_id if message.is_topic_message else None))
        return UNHANDLED

    @staticmethod
    async def _try(bot: Bot, what: str, call: Callable[[Bot], Awaitable[Any]]) -> None:
        try:
            await call(bot)
        except TelegramAPIError as error:  # a group that muted the bot, a query too old: nothing to do
            log.info("private-only: %s failed: %s", what, error)


class FloodMiddleware(BaseMiddleware):
    """Drops a flooding sender's excess updates before they cost a database read.

    The sender is told once; their dropped button presses are still answered so the
    buttons do not spin.
    """

    def __init__(self, limiter: FloodLimiter, clock: Clock, db: Database, i18n: I18n) -> None:
        self.limiter = limiter
        self.clock = clock
        self.db = db
        self.i18n = i18n

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        if user is None or not isinstance(event, Update):
            return await handler(event, data)
        verdict = self.limiter.check(user.id, self.clock.monotonic())
        if verdict is Verdict.PASS:
            return await handler(event, data)
        bot: Bot = data["bot"]
        text = None
        if verdict is Verdict.WARN:
            log.info("flood: dropping updates from user %s until they slow down", user.id)
            async with self.db.reading() as conn:
                locale = await member_store.user_locale(conn, user.id)
            text = self.i18n.get(locale or self.i18n.pick_locale(user.language_code))("flood-slow-down")
        try:
            if event.callback_query is not None:
                await bot.answer_callback_query(event.callback_query.id, text=text)
            elif text is not None:
                chat: Chat | None = data.get("event_chat")
                if chat is not None and chat.type == "private":
                    await bot.send_message(chat.id, text)
        except TelegramAPIError as error:
            log.info("flood: could not answer user %s: %s", user.id, error)
        return UNHANDLED


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
        found = await self.db.read(lambda conn: member_store.actor_data(conn, user.id))
        member, user_locale, grants = found.member, found.locale, found.grants
        if found.known and found.username != user.username:
            # A @username belongs to whoever showed it last: this account takes it from any older holder.
            await membership.saw_username(self.db, tg_id=user.id, username=user.username)
            if member is not None:
                member = replace(member, username=user.username)
        locale = (member.locale if member else user_locale) or self.i18n.pick_locale(user.language_code)
        actor = Actor(tg_id=user.id, is_admin=self.settings.is_admin(user.id), member=member, grants=tuple(grants))
        data["actor"] = actor
        data["member"] = member
        data["locale"] = locale
        data["t"] = self.i18n.get(locale)
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

    async def drain(self, seconds: float = 20.0) -> None:
        """Wait (bounded) for updates in progress to finish."""
        try:
            await asyncio.wait_for(self._idle.wait(), seconds)
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
            if isinstance(
                method, (AnswerCallbackQuery, EditMessageText, EditMessageReplyMarkup, EditMessageCaption)
            ) and any(phrase in error.message.lower() for phrase in _BENIGN):
                log.info("%s ignored: %s", type(method).__name__, error.message)
                return Response[TelegramType](ok=True, result=True)  # type: ignore[arg-type]
            raise
