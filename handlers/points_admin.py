"""Coordinator tools for points: materials, moderation, revocation, export."""

from __future__ import annotations

from aiogram import Router

from bot.filters import HasRole
from bot.roles import Role

router = Router(name=__name__)
router.message.filter(HasRole(Role.COORDINATOR))
router.callback_query.filter(HasRole(Role.COORDINATOR))
