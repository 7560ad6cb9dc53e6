"""Outer middleware: load the acting user once per update and hand it to filters and handlers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update, User

from bot.config import Settings
from bot.context import handler_var, update_id_var, user_id_var
from bot.i18n import I18n
from bot.roles import Actor
from storage import members as member_store
from storage.db import Database

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
