"""What every web page works with: the bot's database, bot, texts, clock and secrets, and the public rating.

Opened by the composition root (`bot/runtime/app.py: open_web`) and put on the aiohttp
application under `SERVICES`; the pages (`web/public.py`, `web/dash.py`, `web/scanner.py`)
read it from there. `web/server.py` composes the routes and the listener.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aiogram import Bot
from aiohttp import web

from bot.i18n import I18n
from bot.posts import CampaignCache
from bot.runtime.config import Settings
from bot.runtime.throttling import FloodLimiter
from handlers.dashboard import signing_key
from handlers.notify import Notify
from scheduler.clock import Clock
from storage.db import Database
from web.public import PublicRating
from web.render import Pages

# Per visitor address: "find my place" searches and sign-in attempts (tokens a second, burst).
SEARCH_RATE, SEARCH_BURST = 0.5, 10
SIGNIN_RATE, SIGNIN_BURST = 0.1, 10


@dataclass
class WebServices:
    settings: Settings
    db: Database              # the bot's database: every act goes through it
    read_db: Database         # a second connection for the public pages' reads, so they never queue behind the bot
    bot: Bot
    i18n: I18n
    clock: Clock
    qr_secret: bytes
    campaigns: CampaignCache
    notify: Notify | None = None      # tells members about acts, as the bot's handlers do
    pages: Pages = field(init=False)
    public: PublicRating = field(init=False)
    search_limiter: FloodLimiter = field(init=False)
    signin_limiter: FloodLimiter = field(init=False)

    def __post_init__(self) -> None:
        self.pages = Pages(self.i18n)
        self.search_limiter = FloodLimiter(SEARCH_RATE, SEARCH_BURST)
        self.signin_limiter = FloodLimiter(SIGNIN_RATE, SIGNIN_BURST)
        self.public = PublicRating(
            db=self.read_db, clock=self.clock, pages=self.pages, campaigns=CampaignCache(),
            search_limiter=self.search_limiter, org_name=self.settings.org_name,
        )

    @property
    def signing_key(self) -> bytes:
        return signing_key(self.qr_secret)

    async def close(self) -> None:
        await self.public.close()
        if self.read_db is not self.db:
            await self.read_db.close()


SERVICES = web.AppKey("vverh_web", WebServices)


async def open_services(
    *, settings: Settings, db: Database, bot: Bot, i18n: I18n, clock: Clock, qr_secret: bytes,
    campaigns: CampaignCache, notify: Notify | None = None,
) -> WebServices:
    read_db = db
    if str(db.path) != ":memory:":
        read_db = await Database(db.path).connect(migrate=False)
    return WebServices(settings=settings, db=db, read_db=read_db, bot=bot, i18n=i18n, clock=clock,
                       qr_secret=qr_secret, campaigns=campaigns, notify=notify)
