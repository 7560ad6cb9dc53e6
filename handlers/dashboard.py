"""/web: a coordinator's one-time link to the web dashboard."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot import web_access
from bot.i18n import Translator
from bot.roles import Actor, Role
from bot.runtime.config import Settings
from bot.runtime.filters import HasRole
from scheduler.clock import Clock
from storage.db import Database

router = Router(name=__name__)
router.message.filter(HasRole(Role.COORDINATOR))


def signing_key(qr_secret: bytes) -> bytes:
    """The key of sign-in links: derived from the QR secret, so there is one secret to keep (as web.server)."""
    return b"web:" + qr_secret


@router.message(Command("web"))
async def dashboard_link(
    message: Message, db: Database, clock: Clock, t: Translator, actor: Actor, settings: Settings, qr_secret: bytes
) -> None:
    token = await web_access.issue_signin_link(db, key=signing_key(qr_secret), tg_id=actor.tg_id, now=clock.now())
    url = f"{settings.public_url}/dash/signin/{token}"
    markup = None
    if settings.public_url.startswith("https://"):
        # Telegram accepts button links to public HTTPS addresses only; the text carries the link anyway.
        markup = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text=t("web-signin-button"), url=url)]])
    await message.answer(t("web-signin-link", url=url), reply_markup=markup)
