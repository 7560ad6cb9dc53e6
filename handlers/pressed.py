"""What a pressed button names (a meeting, a fraud signal), loaded once for every handler of a router."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from enum import StrEnum
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery

from bot.i18n import Translator

Load = Callable[[Any, dict[str, Any]], Awaitable[Any]]


class Pressed(BaseMiddleware):
    """An inner middleware: `load(callback_data, data)` finds the thing the button names and the
    handler gets it as `name`; a refusal (the core's StrEnum: gone, not the user's to touch) is
    answered as an alert with `refused(t, refusal)` and the handler is not called.

    `cards.callback_query.middleware(Pressed("meeting", load=…, refused=…))`
    """

    def __init__(self, name: str, *, load: Load, refused: Callable[[Translator, StrEnum], str]) -> None:
        self.name = name
        self.load = load
        self.refused = refused

    async def __call__(
        self,
        handler: Callable[[CallbackQuery, dict[str, Any]], Awaitable[Any]],
        event: CallbackQuery,
        data: dict[str, Any],
    ) -> Any:
        found = await self.load(data["callback_data"], data)
        if isinstance(found, StrEnum):
            await event.answer(self.refused(data["t"], found), show_alert=True)
            return None
        data[self.name] = found
        return await handler(event, data)
