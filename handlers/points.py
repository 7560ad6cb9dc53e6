"""Member side of points: «Поддержи онлайн!», invites, /me, /rating, /team."""

from __future__ import annotations

from aiogram import Router

from bot.filters import IsMember

router = Router(name=__name__)
router.message.filter(IsMember())
router.callback_query.filter(IsMember())
