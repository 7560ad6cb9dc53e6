"""The web side in process: the real app (dispatcher, SQLite), its web pages on a free port, Chromium."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from bot.ledger import award
from bot.model import Member
from bot.runtime.app import App, build_app, open_web
from bot.runtime.config import Settings
from bot.scoring import Kind
from scheduler.clock import FrozenClock
from storage import campaigns as campaign_store
from storage import members as member_store
from tests.support.factories import NewMember
from tests.support.session import MockedBot
from web import server
from web.services import WebServices

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@dataclass
class Site:
    app: App
    services: WebServices
    url: str
    clock: FrozenClock

    async def member(
        self, tg_id: int, name: str, district_id: int = 1, units: int = 0, *, referrer: Member | None = None
    ) -> Member:
        """A registered member (the `new_member` factory) with `units` of post points."""
        member = await NewMember(self.app.db, self.clock)(tg_id, name, district_id=district_id, referrer=referrer)
        if units:
            await self.give(member, units)
        return member

    async def give(self, member: Member, units: int, *, key: str | None = None) -> None:
        async with self.app.db.transaction() as conn:
            campaign = await campaign_store.current_campaign(conn, self.clock.today())
            assert campaign is not None
            fresh = await member_store.get(conn, member.id)
            assert fresh is not None
            await award(conn, campaign=campaign, member=fresh, kind=Kind.POST, units=units, subject="test",
                        idem_key=key or f"test:{member.id}:{units}:{self.clock.now().isoformat()}",
                        now=self.clock.now())
        self.clock.advance(timedelta(seconds=1))

    async def get(self, path: str, **kwargs: Any) -> tuple[int, str, Any]:
        async with aiohttp.ClientSession() as session, session.get(self.url + path, **kwargs) as response:
            return response.status, await response.text(), response.headers


@asynccontextmanager
async def served(app: App, clock: FrozenClock) -> AsyncIterator[Site]:
    """The app's web pages, as the bot serves them, on a free port of 127.0.0.1."""
    services = await open_web(app)
    runner = web.AppRunner(server.build_app(services), access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        _, port = runner.addresses[0]
        yield Site(app, services, f"http://127.0.0.1:{port}", clock)
    finally:
        await runner.cleanup()
        await services.close()


@pytest.fixture
async def site(settings: Settings, clock: FrozenClock, seeded_db) -> AsyncIterator[Site]:  # noqa: ANN001
    application = await build_app(settings, clock=clock, bot=MockedBot())
    try:
        async with served(application, clock) as served_site:
            yield served_site
    finally:
        await application.close()


class Browser:
    """Chromium that reaches 127.0.0.1 only: anything else (Telegram's scripts) is refused or stubbed."""

    def __init__(self, chromium: Any) -> None:
        self.chromium = chromium

    async def new_page(self, *, stubs: dict[str, str] | None = None, **options: Any) -> Any:
        context = await self.chromium.new_context(**options)

        async def route(request_route: Any) -> None:
            url = request_route.request.url
            if stubs and url in stubs:
                await request_route.fulfill(status=200, content_type="text/javascript", body=stubs[url])
            elif url.startswith(("http://127.0.0.1", "data:")):
                await request_route.continue_()
            else:
                await request_route.abort()

        await context.route("**/*", route)
        return await context.new_page()


@asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    from playwright.async_api import async_playwright

    assert shutil.which(CHROMIUM), f"{CHROMIUM} is missing: apt-get install -y chromium"
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield Browser(launched)
        finally:
            await launched.close()


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with chromium() as launched:
        yield launched
