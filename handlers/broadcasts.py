"""Mass sending: announcements, the rating broadcast and digest on demand, my_chat_member."""

from __future__ import annotations

from aiogram import Router

router = Router(name=__name__)
