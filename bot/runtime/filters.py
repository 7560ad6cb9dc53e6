"""Router-level permission filters: a handler body never checks roles itself."""

from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from aiogram.types import Message

from bot.i18n import I18n
from bot.roles import Actor, Role


class HasRole(Filter):
    """Passes when the acting user holds at least `role` in some scope."""

    def __init__(self, role: Role) -> None:
        self.role = role

    async def __call__(self, event: Any, actor: Actor | None = None) -> bool:
        return actor is not None and actor.role >= self.role


class IsMember(Filter):
    """Passes for registered, not erased members."""

    async def __call__(self, event: Any, actor: Actor | None = None) -> bool:
        return actor is not None and actor.member is not None and not actor.member.is_deleted


class IsNotMember(Filter):
    async def __call__(self, event: Any, actor: Actor | None = None) -> bool:
        return actor is not None and (actor.member is None or actor.member.is_deleted)


class MenuButton(Filter):
    """A main-menu button, in any language: the member may have just switched."""

    def __init__(self, key: str) -> None:
        self.key = key

    async def __call__(self, event: Any, i18n: I18n) -> bool:
        text = getattr(event, "text", None)
        return text is not None and text in i18n.all_texts(self.key)


class AccessibleMessage(Filter):
    """A button under a message the bot can still edit.

    Telegram sends an inaccessible message (older than 48 hours) or none at all (inline)
    with some button presses; handlers that edit the message in place need the real one.
    Set on a router (`router.callback_query.filter(AccessibleMessage())`), it hands every
    handler there the message as `message: Message`. Presses that fail it go on to the
    catch-all "this button no longer works".

    `AccessibleMessage(required=False)` passes every press and hands `message: Message | None`:
    for acts that stand without their message (an answer to a week-old invitation still
    counts), which then redraw the message only when there is one to redraw.
    """

    def __init__(self, required: bool = True) -> None:
        self.required = required

    async def __call__(self, event: Any) -> bool | dict[str, Message | None]:
        message = getattr(event, "message", None)
        if isinstance(message, Message):
            return {"message": message}
        return False if self.required else {"message": None}
